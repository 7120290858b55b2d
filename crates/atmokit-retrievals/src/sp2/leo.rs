//! Leading-edge-only (LEO) scattering amplitudes of SP2 particles, as PySP2's `beam_shape` and
//! `leo_fit` compute them (ACT's `calc_sp2_diams_masses(leo_fits=True)`): for particles whose
//! scattering signal is distorted as they lose their coating in the beam (Gao et al. 2007,
//! "A novel method for estimating light-scattering properties of soot aerosols using a modified
//! single-particle soot photometer", Aerosol Sci. Technol. 41, 125–135), the amplitude is taken
//! from the leading edge of the signal and the laser beam's shape.
//!
//! Beam shape, per scattering channel (0 high gain with split detector 3, 4 low gain with 7),
//! from the particles that scatter only (width, height and fitted position within the
//! criteria; high- and low-gain incandescence heights below `IncanMinPeakHt1` / `IncanMinPeakHt2`):
//! 1. each one's wave, minus the mean of its first 10 points and divided by its peak height, is
//!    shifted so its split-detector position lands on the mean split position (rounded; a particle
//!    whose split comes after its maximum is left out);
//! 2. over sliding windows of `moving_average_window` such particles, the point-wise median
//!    profile is normalised between its minimum before the maximum and the maximum; the
//!    leading-edge end is the last point before the first one (past point 10) reaching
//!    `max_amplitude_fraction`, and the amplitude factor is one over the profile there; the
//!    window's median width (`PkFWHM`) and centre-to-split distance are kept too;
//! 3. each window's values go to its first particle, and every other particle takes its nearest
//!    one's (ties to the earlier; the ends extended) — `leo_AmpFactor`, `leo_PkFWHM`,
//!    `leo_PkPos` (split position + centre-to-split), `leo_EndPos` (split position + split-to-end;
//!    not a number below 10 or past `ScatMaxPeakPos`).
//!
//! LEO amplitude (`leo_FtAmp`): (wave at `leo_EndPos` − `leo_Base`) × `leo_AmpFactor`, where
//! `leo_Base` is the minimum of the first 10 points; kept when positive and finite. PySP2 also
//! runs a one-parameter Gaussian fit on the three points before `leo_EndPos` and then discards its
//! result; atmokit does not run it.

use atmokit_core::{Dataset, Error, Result};
use ndarray::{Array2, ArrayView2};

use super::globals::Sp2Globals;

/// Points at the start of a wave that give its baseline.
const BASE_POINTS: usize = 10;

/// Options of [`leo_fit`], with PySP2's defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeoOptions {
    /// Particles per sliding window of the beam shape (PySP2 `moving_average_window=5`).
    pub moving_average_window: usize,
    /// Fraction of the normalised profile that ends the leading edge (PySP2
    /// `max_amplitude_fraction=0.033`).
    pub max_amplitude_fraction: f64,
    /// Align the profiles on the split-detector position (PySP2's default `'split point'`), or
    /// on the peak maximum (`'peak maximum'`).
    pub align_on_split: bool,
}

impl Default for LeoOptions {
    fn default() -> Self {
        LeoOptions {
            moving_average_window: 5,
            max_amplitude_fraction: 0.033,
            align_on_split: true,
        }
    }
}

/// numpy's median of the finite values (NaN when there is none).
fn nanmedian(mut v: Vec<f64>) -> f64 {
    v.retain(|x| !x.is_nan());
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// numpy's `nanmean`.
fn nanmean(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v
        .filter(|x| !x.is_nan())
        .fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { f64::NAN } else { s / n as f64 }
}

/// Fill NaN with the nearest non-NaN value by position (ties to the earlier; ends extended), as
/// xarray's `interpolate_na(method="nearest", fill_value="extrapolate")`.
fn fill_nearest(v: &mut [f64]) {
    let known: Vec<usize> = (0..v.len()).filter(|&i| !v[i].is_nan()).collect();
    if known.is_empty() {
        return;
    }
    for i in 0..v.len() {
        if !v[i].is_nan() {
            continue;
        }
        let k = known.partition_point(|&j| j < i);
        let pick = match (k.checked_sub(1).map(|p| known[p]), known.get(k).copied()) {
            (Some(a), Some(b)) => {
                if i - a <= b - i {
                    a
                } else {
                    b
                }
            }
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => continue,
        };
        v[i] = v[pick];
    }
}

/// The four per-particle LEO quantities of one channel (before the split position is added).
struct Beam {
    amp: Vec<f64>,
    width: Vec<f64>,
    c2c: Vec<f64>,
    split_to_end: Vec<f64>,
}

/// Columns of one scattering channel.
struct Channel<'a> {
    wave: ArrayView2<'a, f64>,
    fwhm: &'a [f64],
    height: &'a [f64],
    ft_pos: &'a [f64],
    pk_pos: &'a [f64],
    split: &'a [f64],
    min_height: f64,
    max_height: f64,
}

fn beam(ch: &Channel<'_>, no_incand: &[bool], g: &Sp2Globals, o: &LeoOptions) -> Result<Beam> {
    let n = ch.fwhm.len();
    let ncols = ch.wave.ncols();
    let sel: Vec<usize> = (0..n)
        .filter(|&i| {
            ch.fwhm[i] > g.ScatMinWidth
                && ch.fwhm[i] < g.ScatMaxWidth
                && ch.height[i] > ch.min_height
                && ch.height[i] < ch.max_height
                && ch.ft_pos[i] < g.ScatMaxPeakPos
                && ch.ft_pos[i] > g.ScatMinPeakPos
                && no_incand[i]
        })
        .collect();
    let w = o.moving_average_window.min(sel.len());
    let mut out = Beam {
        amp: vec![f64::NAN; n],
        width: vec![f64::NAN; n],
        c2c: vec![f64::NAN; n],
        split_to_end: vec![f64::NAN; n],
    };
    if w == 0 {
        return Ok(out);
    }
    let mean_peak = nanmean(sel.iter().map(|&i| ch.pk_pos[i])).trunc();
    let mean_split = nanmean(sel.iter().map(|&i| ch.split[i])).round_ties_even();
    let mut profiles = Array2::from_elem((sel.len(), ncols), f64::NAN);
    for (k, &i) in sel.iter().enumerate() {
        let data = ch.wave.row(i);
        let base = data.iter().take(BASE_POINTS).sum::<f64>() / BASE_POINTS.min(ncols) as f64;
        let (mut peak_pos, mut peak) = (0, f64::NEG_INFINITY);
        for (j, &x) in data.iter().enumerate() {
            if x > peak {
                (peak_pos, peak) = (j, x);
            }
        }
        let split = ch.split[i];
        if split.is_nan() || split > peak_pos as f64 {
            continue;
        }
        let height = peak - base;
        let diff = if o.align_on_split {
            mean_split - split
        } else {
            mean_peak - peak_pos as f64
        };
        if !diff.is_finite() || diff.abs() >= ncols as f64 {
            continue;
        }
        let d = diff as i64;
        for j in 0..ncols {
            let src = j as i64 - d;
            if (0..ncols as i64).contains(&src) {
                profiles[[k, j]] = (data[src as usize] - base) / height;
            }
        }
    }
    let n_win = sel.len() - w + 1;
    for s in 0..n_win {
        let row: Vec<f64> = (0..ncols)
            .map(|j| nanmedian((s..s + w).map(|k| profiles[[k, j]]).collect()))
            .collect();
        let target = sel[s];
        out.width[target] = nanmedian((s..s + w).map(|k| ch.fwhm[sel[k]]).collect());
        out.c2c[target] = nanmedian((s..s + w).map(|k| ch.ft_pos[sel[k]] - ch.split[sel[k]]).collect());
        let Some(imax) = (0..ncols)
            .filter(|&j| !row[j].is_nan())
            .reduce(|a, b| if row[b] > row[a] { b } else { a })
        else {
            continue;
        };
        if imax < BASE_POINTS {
            continue;
        }
        let lo = row[..imax]
            .iter()
            .copied()
            .filter(|x| !x.is_nan())
            .fold(f64::INFINITY, f64::min);
        let range = row[imax] - lo;
        let norm: Vec<f64> = row.iter().map(|x| (x - lo) / range).collect();
        let Some(first) = (BASE_POINTS + 1..ncols).find(|&j| norm[j] >= o.max_amplitude_fraction) else {
            continue;
        };
        // The end is past point 10 by construction; a split-to-end distance below −30 points is
        // left out, as PySP2 does.
        let split_to_end = (first as f64 - 1.0) - mean_split;
        if split_to_end >= -30.0 {
            out.split_to_end[target] = split_to_end;
        }
        out.amp[target] = 1.0 / norm[first - 1];
    }
    Ok(out)
}

/// The LEO variables of the SP2 records in `ds` (PySP2's `gaussian_fit` output with the waves
/// `Data_ch0` and `Data_ch4`): `leo_AmpFactor_ch{0,4}`, `leo_PkFWHM_ch{0,4}`,
/// `leo_PkPos_ch{0,4}`, `leo_EndPos_ch{0,4}`, `leo_FtAmp_ch{0,4}`, `leo_Base_ch{0,4}`, each one
/// value per record, in that order; see the module docs.
///
/// # Errors
/// A missing column (named), waves of another length than the statistics, a zero window.
pub fn leo_fit(ds: &Dataset, g: &Sp2Globals, o: &LeoOptions) -> Result<Vec<(String, Vec<f64>)>> {
    if o.moving_average_window == 0 {
        return Err(Error::parameter("moving_average_window", 0, "must be at least 1"));
    }
    let col = |n: &str| ds.values_f64(n);
    let wave = |n: &str| -> Result<Array2<f64>> {
        let v = ds.get(n)?;
        let a = v.data().to_f64().ok_or_else(|| Error::not_numeric(n, v.dtype()))?;
        a.into_dimensionality::<ndarray::Ix2>()
            .map_err(|_| Error::rank(n, 2, v.dims().len()))
    };
    let (w0, w4) = (wave("Data_ch0")?, wave("Data_ch4")?);
    let (h1, h5) = (col("PkHt_ch1")?, col("PkHt_ch5")?);
    let n = h1.len();
    if w0.nrows() != n || w4.nrows() != n || h5.len() != n {
        return Err(Error::data(
            "Data_ch0",
            "LEO fit: the waves and the peak statistics differ in length",
        ));
    }
    let no_incand: Vec<bool> = (0..n)
        .map(|i| h1[i] < g.IncanMinPeakHt1 && h5[i] < g.IncanMinPeakHt2)
        .collect();
    let mut out = Vec::new();
    let mut per_channel = Vec::new();
    for (c, split_name, wave, lo, hi) in [
        ("0", "PkSplitPos_ch3", &w0, g.ScatMinPeakHt1, g.ScatMaxPeakHt1),
        ("4", "PkSplitPos_ch7", &w4, g.ScatMinPeakHt2, g.ScatMaxPeakHt2),
    ] {
        let (fwhm, height, ft_pos, pk_pos, split) = (
            col(&format!("PkFWHM_ch{c}"))?,
            col(&format!("PkHt_ch{c}"))?,
            col(&format!("FtPos_ch{c}"))?,
            col(&format!("PkPos_ch{c}"))?,
            col(split_name)?,
        );
        let ch = Channel {
            wave: wave.view(),
            fwhm: &fwhm,
            height: &height,
            ft_pos: &ft_pos,
            pk_pos: &pk_pos,
            split: &split,
            min_height: lo,
            max_height: hi,
        };
        let mut b = beam(&ch, &no_incand, g, o)?;
        for v in [&mut b.amp, &mut b.width, &mut b.c2c, &mut b.split_to_end] {
            fill_nearest(v);
        }
        let pos: Vec<f64> = (0..n).map(|i| b.c2c[i] + split[i]).collect();
        let end: Vec<f64> = (0..n)
            .map(|i| b.split_to_end[i] + split[i])
            .map(|e| {
                if e < BASE_POINTS as f64 || e > g.ScatMaxPeakPos {
                    f64::NAN
                } else {
                    e
                }
            })
            .collect();
        let base: Vec<f64> = (0..n)
            .map(|i| {
                wave.row(i)
                    .iter()
                    .take(BASE_POINTS)
                    .copied()
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let amp: Vec<f64> = (0..n)
            .map(|i| {
                let e = end[i];
                if !e.is_finite() || e < 3.0 || e as usize >= wave.ncols() {
                    return f64::NAN;
                }
                let h = (wave[[i, e as usize]] - base[i]) * b.amp[i];
                if h > 0.0 && h.is_finite() { h } else { f64::NAN }
            })
            .collect();
        per_channel.push((c, b.amp, b.width, pos, end, amp, base));
    }
    for (c, amp_factor, width, pos, end, _, _) in &per_channel {
        out.push((format!("leo_AmpFactor_ch{c}"), amp_factor.clone()));
        out.push((format!("leo_PkFWHM_ch{c}"), width.clone()));
        out.push((format!("leo_PkPos_ch{c}"), pos.clone()));
        out.push((format!("leo_EndPos_ch{c}"), end.clone()));
    }
    for (c, _, _, _, _, amp, base) in per_channel {
        out.push((format!("leo_FtAmp_ch{c}"), amp));
        out.push((format!("leo_Base_ch{c}"), base));
    }
    Ok(out)
}

/// `leo_ScatDiaSO4` (nm) from the LEO amplitudes, as PySP2's `calc_diams_masses(leo_fits=True)`:
/// the scattering calibration of the high-gain channel where its peak (`nanmax(PkHt_ch0,
/// FtAmp_ch0)`) is below `ScatMaxPeakHt1`, else the low-gain one, then the sulfate diameter curve.
pub fn leo_scat_dia_so4(peak_ch0: &[f64], leo_amp_ch0: &[f64], leo_amp_ch4: &[f64], g: &Sp2Globals) -> Vec<f64> {
    (0..peak_ch0.len())
        .map(|i| {
            let (a0, a4) = (leo_amp_ch0[i], leo_amp_ch4[i]);
            let scatter = if peak_ch0[i] < g.ScatMaxPeakHt1 {
                1e-18 * (g.c0Scat1 + g.c1Scat1 * a0 + g.c2Scat1 * (a0 * a0))
            } else {
                1e-18 * (g.c0Scat2 + g.c1Scat2 * a4 + g.c2Scat2 * (a4 * a4))
            };
            1000.0 * (-0.015256 + 16.835 * scatter.powf(0.15502))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_fill_ties_to_the_earlier() {
        let mut v = vec![f64::NAN, 1.0, f64::NAN, f64::NAN, 4.0, f64::NAN];
        fill_nearest(&mut v);
        assert_eq!(v, vec![1.0, 1.0, 1.0, 4.0, 4.0, 4.0]);
        let mut v = vec![f64::NAN, 2.0, f64::NAN, 6.0];
        fill_nearest(&mut v);
        assert_eq!(v, vec![2.0, 2.0, 2.0, 6.0], "a tie goes to the earlier point");
        assert_eq!(nanmedian(vec![3.0, f64::NAN, 1.0, 2.0]), 2.0);
        assert_eq!(nanmedian(vec![4.0, 1.0]), 2.5);
    }
}
