//! PySP2's `gaussian_fit`: the Gaussian fits of scattering channels 0 and 4 and the peak
//! statistics of incandescence channels 1, 2, 5, 6 and split-detector channels 3, 7, with the
//! broad/narrow-band incandescence ratios and peak offsets.

use super::gauss::{ScatterFit, fit_scatter_high_gain, fit_scatter_low_gain};
use super::globals::Sp2Globals;
use super::peaks::{incandescence_peaks, split_detector_peaks};
use atmokit_core::summary::pairwise_sum;
use atmokit_core::{Dataset, Error, Result, Variable};

/// Mean over the samples from the broad-band peak to its half decay, where the narrow-band
/// wave is above its baseline, of (broad − base) / (narrow − base): PySP2's
/// `_calc_incan_ratio` (`IncanRatioch1ch2` for channels 1/2, `IncanRatioch5ch6` for 5/6).
/// NaN for a record with no such sample. `stats` holds `PkPos_chB`, `PkHalfDecay_chB`,
/// `Base_chB`, `Base_chN` ([`incandescence_peaks`]); `waves` holds `Data_chB`, `Data_chN`.
pub fn incandescence_ratio(waves: &Dataset, stats: &Dataset, broad: usize, narrow: usize) -> Result<Vec<f64>> {
    let d1 = waves.get(&format!("Data_ch{broad}"))?.data().to_f64();
    let d2 = waves.get(&format!("Data_ch{narrow}"))?.data().to_f64();
    let (Some(d1), Some(d2)) = (d1, d2) else {
        return Err(Error::InvalidArgument(format!(
            "Data_ch{broad}/Data_ch{narrow}: not numeric"
        )));
    };
    if d1.shape() != d2.shape() || d1.ndim() != 2 {
        return Err(Error::InvalidArgument(format!(
            "Data_ch{broad} {:?} and Data_ch{narrow} {:?}: expected the same (event_index, columns) shape",
            d1.shape(),
            d2.shape()
        )));
    }
    let pos = stats.values_f64(&format!("PkPos_ch{broad}"))?;
    let decay = stats.values_f64(&format!("PkHalfDecay_ch{broad}"))?;
    let b1 = stats.values_f64(&format!("Base_ch{broad}"))?;
    let b2 = stats.values_f64(&format!("Base_ch{narrow}"))?;
    let (n, ncols) = (d1.shape()[0], d1.shape()[1]);
    if [pos.len(), decay.len(), b1.len(), b2.len()].iter().any(|&l| l != n) {
        return Err(Error::InvalidArgument(format!(
            "incandescence ratio ch{broad}/ch{narrow}: peak statistics and waveforms differ in length"
        )));
    }
    let mut terms = vec![0.0; ncols];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut count = 0usize;
        for (k, t) in terms.iter_mut().enumerate() {
            let (x1, x2) = (d1[[i, k]] - b1[i], d2[[i, k]] - b2[i]);
            let kf = k as f64;
            let inside = kf >= pos[i] && kf <= decay[i] && x2 > 0.0;
            let r = x1 / x2;
            *t = if inside && !r.is_nan() {
                count += 1;
                r
            } else {
                0.0
            };
        }
        out.push(pairwise_sum(&terms) / count as f64);
    }
    Ok(out)
}

/// Peak statistics of channels 1–3 and 5–7 and the incandescence ratios and offsets, under
/// PySP2's names: [`incandescence_peaks`] of 1, 2, 5, 6 (baseline from `pre_trig_points`,
/// the `.ini`'s `[Acquisition] Pre-Trig Points`), [`split_detector_peaks`] of 3 and 7,
/// `IncanPkOffsetch1ch2` = `PkPos_ch2` − `PkPos_ch1`, `IncanPkOffsetch5ch6` = `PkPos_ch6` −
/// `PkPos_ch5` (samples) and [`incandescence_ratio`]s `IncanRatioch1ch2`, `IncanRatioch5ch6`.
///
/// The Gaussian fits of the scattering channels 0 and 4 are [`scatter_fits`]; both together
/// are [`gaussian_fit`].
pub fn peak_statistics(waves: &Dataset, pre_trig_points: i64) -> Result<Dataset> {
    let mut out = Dataset::new();
    let absorb = |part: Dataset, out: &mut Dataset| -> Result<()> {
        for (name, v) in part.variables() {
            out.insert(name, v.clone())?;
        }
        Ok(())
    };
    for ch in [3, 7] {
        absorb(split_detector_peaks(waves, ch)?, &mut out)?;
    }
    for ch in [1, 2, 5, 6] {
        absorb(incandescence_peaks(waves, ch, pre_trig_points)?, &mut out)?;
    }
    for (a, b) in [(1, 2), (5, 6)] {
        let pa = out.values_f64(&format!("PkPos_ch{a}"))?;
        let pb = out.values_f64(&format!("PkPos_ch{b}"))?;
        let off: Vec<f64> = pb.iter().zip(&pa).map(|(y, x)| y - x).collect();
        out.insert(
            &format!("IncanPkOffsetch{a}ch{b}"),
            Variable::new(["event_index"], off)?,
        )?;
    }
    for (a, b) in [(1, 2), (5, 6)] {
        let r = incandescence_ratio(waves, &out, a, b)?;
        let v = Variable::new(["event_index"], r)?
            .with_attr("long_name", format!("Incandescence ratio ch{a}, ch{b}").as_str());
        out.insert(&format!("IncanRatioch{a}ch{b}"), v)?;
    }
    Ok(out)
}

/// One output of [`scatter_fits`]: short name, long name, the field of a fit.
type FitField = (&'static str, &'static str, fn(&ScatterFit) -> f64);

/// The Gaussian fits of scattering channels 0 ([`fit_scatter_high_gain`]) and 4
/// ([`fit_scatter_low_gain`]) of every record: `FtAmp_chN`, `FtPos_chN`, `Base_chN`,
/// `PkHt_chN`, `PkFWHM_chN`, `PkPos_chN`, `PkStart_chN`, `GaussChiSq_chN` on `event_index`.
pub fn scatter_fits(waves: &Dataset, globals: &Sp2Globals) -> Result<Dataset> {
    let mut out = Dataset::new();
    for ch in [0usize, 4] {
        let name = format!("Data_ch{ch}");
        let w = waves
            .get(&name)?
            .data()
            .to_f64()
            .ok_or_else(|| Error::InvalidArgument(format!("{name}: waveform is not numeric")))?
            .into_dimensionality::<ndarray::Ix2>()
            .map_err(|_| Error::InvalidArgument(format!("{name}: expected dims (event_index, columns)")))?;
        let fits: Vec<ScatterFit> = w
            .rows()
            .into_iter()
            .map(|r| {
                let r = r.to_vec();
                if ch == 0 {
                    fit_scatter_high_gain(&r)
                } else {
                    fit_scatter_low_gain(&r, globals)
                }
            })
            .collect();
        let fields: [FitField; 8] = [
            ("FtAmp", "Fit Amplitude", |f| f.amplitude),
            ("FtPos", "Fit Position", |f| f.fit_pos),
            ("Base", "Base", |f| f.base),
            ("PkHt", "Height", |f| f.height),
            ("PkFWHM", "Width", |f| f.width),
            ("PkPos", "Peak position", |f| f.pos),
            ("PkStart", "Peak start", |f| f.start),
            ("GaussChiSq", "Chisquare value", |f| f.chi2),
        ];
        for (short, long, get) in fields {
            let v = Variable::new(["event_index"], fits.iter().map(get).collect::<Vec<f64>>())?
                .with_attr("long_name", format!("{long} for channel {ch}").as_str());
            out.insert(&format!("{short}_ch{ch}"), v)?;
        }
    }
    Ok(out)
}

/// PySP2's `gaussian_fit` on a waveform dataset ([`scatter_fits`] and [`peak_statistics`]), all
/// variables in one Dataset on `event_index`. PySP2's reject keys (`ScatRejectKey`,
/// `IncanRejectKey`), `OneofEvery` and dead-time bias are not computed.
pub fn gaussian_fit(waves: &Dataset, pre_trig_points: i64, globals: &Sp2Globals) -> Result<Dataset> {
    let mut out = scatter_fits(waves, globals)?;
    for (name, v) in peak_statistics(waves, pre_trig_points)?.variables() {
        out.insert(name, v.clone())?;
    }
    Ok(out)
}
