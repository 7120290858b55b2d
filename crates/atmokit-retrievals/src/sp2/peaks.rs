//! Peak statistics of the incandescence and split-detector waves: the deterministic part of
//! PySP2's `gaussian_fit` (ACT 2.3.4's `act.qc.sp2.get_waveform_statistics`).
//!
//! Incandescence (Schwarz et al. 2006): a black-carbon particle heated to vaporisation glows; the
//! peak height above the pre-trigger baseline is proportional to its BC mass and the ratio of the
//! broad- to narrow-band peaks gives its colour temperature. The split detector (channels 3, 7)
//! marks when the particle crosses the middle of the beam.

use atmokit_core::summary::pairwise_sum;
use atmokit_core::{Dataset, Error, Result, Variable};
use ndarray::ArrayView2;

/// Samples averaged for a baseline when the trigger position does not give a usable number.
const BASE_POINTS_FALLBACK: usize = 20;
/// A sample counts as "at the baseline" when it is less than this many counts above it.
const NEAR_BASE_COUNTS: f64 = 5.0;

/// The waveform `Data_ch{channel}` as f64 rows (record × sample), or an error naming it.
fn wave(ds: &Dataset, channel: usize) -> Result<ndarray::Array2<f64>> {
    let name = format!("Data_ch{channel}");
    let v = ds.get(&name)?;
    let a = v
        .data()
        .to_f64()
        .ok_or_else(|| Error::InvalidArgument(format!("{name}: waveform is not numeric")))?;
    let a = a
        .into_dimensionality::<ndarray::Ix2>()
        .map_err(|_| Error::InvalidArgument(format!("{name}: expected dims (event_index, columns)")))?;
    // Rows as contiguous slices below, whatever layout the input had.
    Ok(a.as_standard_layout().into_owned())
}

fn var(name: &str, channel: usize, values: Vec<f64>, long_name: &str) -> Result<(String, Variable)> {
    let v = Variable::new(["event_index"], values)?
        .with_attr("long_name", format!("{long_name} for channel {channel}").as_str());
    Ok((format!("{name}_ch{channel}"), v))
}

/// First index of the largest value (numpy's `argmax`).
fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (k, &x) in row.iter().enumerate() {
        if x > row[best] {
            best = k;
        }
    }
    best
}

/// Python's `round` (half to even) of 0.8·`pre_trig_points`, the baseline length PySP2 uses,
/// falling back to 20 when it is not within (0, `ncols`) or `pre_trig_points` is −1.
fn base_points(pre_trig_points: i64, ncols: usize) -> usize {
    if pre_trig_points == -1 {
        return BASE_POINTS_FALLBACK;
    }
    let n = (0.8 * pre_trig_points as f64).round_ties_even();
    if n <= 0.0 || n >= ncols as f64 {
        BASE_POINTS_FALLBACK
    } else {
        n as usize
    }
}

/// Peak statistics of incandescence channel `channel` (1, 2, 5 or 6) for every record.
///
/// Per record: `Base` = mean of the first round(0.8·`pre_trig_points`) samples (the
/// pre-trigger baseline; 20 when that is not within the record); `PkHt` = max − `Base`,
/// `PkPos` = first sample of the max; `PkStart` / `PkEnd` = last sample at or before /
/// first at or after the peak less than 5 counts above `Base`; `PkHalfRise` / `PkHalfDecay`
/// = the same for half the peak height; `Peak2area` = max(wave + |Base|) / Σ samples 20…80 of
/// (wave + |Base|). A record whose peak is not more than 1 count above its baseline, or at
/// sample 0, gets NaN everywhere but `Peak2area`. Variables `Base_chN`, `PkHt_chN`,
/// `PkHalfRise_chN`, `Peak2area_chN`, `PkHalfDecay_chN`, `PkPos_chN`, `PkStart_chN`,
/// `PkEnd_chN` on `event_index` (PySP2's names; positions in samples, heights in counts).
///
/// Errors: `Data_chN` missing or not 2-D; fewer than 81 samples per record.
pub fn incandescence_peaks(ds: &Dataset, channel: usize, pre_trig_points: i64) -> Result<Dataset> {
    let data = wave(ds, channel)?;
    let (n, ncols) = data.dim();
    if ncols < 81 {
        return Err(Error::InvalidArgument(format!(
            "Data_ch{channel}: {ncols} samples per record, the peak-to-area ratio needs 81"
        )));
    }
    let nbase = base_points(pre_trig_points, ncols);
    let mut cols: [Vec<f64>; 8] = std::array::from_fn(|_| Vec::with_capacity(n));
    let mut shifted = vec![0.0; ncols];
    for row in data.rows() {
        let row = row.as_slice().unwrap_or_default();
        let base = pairwise_sum(&row[..nbase]) / nbase as f64;
        for (s, &x) in shifted.iter_mut().zip(row) {
            *s = x + base.abs();
        }
        let peak2area = shifted.iter().copied().fold(f64::NEG_INFINITY, f64::max) / pairwise_sum(&shifted[20..81]);
        let loc = argmax(row);
        let vmax = row[loc];
        let ok = vmax - base > 1.0 && loc > 0;
        let nan = f64::NAN;
        let (base, height, pos) = if ok { (base, vmax - base, loc) } else { (nan, nan, 0) };
        let last_before = |limit: f64| {
            (0..=pos)
                .rev()
                .find(|&k| row[k] - base < limit)
                .map_or(nan, |k| k as f64)
        };
        let first_after = |limit: f64| (pos..ncols).find(|&k| row[k] - base < limit).map_or(nan, |k| k as f64);
        let last_before_le = |limit: f64| {
            (0..=pos)
                .rev()
                .find(|&k| row[k] - base <= limit)
                .map_or(nan, |k| k as f64)
        };
        let first_after_le = |limit: f64| (pos..ncols).find(|&k| row[k] - base <= limit).map_or(nan, |k| k as f64);
        let stats = if ok {
            [
                base,
                height,
                last_before_le(0.5 * height),
                peak2area,
                first_after_le(0.5 * height),
                pos as f64,
                last_before(NEAR_BASE_COUNTS),
                first_after(NEAR_BASE_COUNTS),
            ]
        } else {
            [nan, nan, nan, peak2area, nan, nan, nan, nan]
        };
        for (c, x) in cols.iter_mut().zip(stats) {
            c.push(x);
        }
    }
    let meta = [
        ("Base", "Base"),
        ("PkHt", "Height"),
        ("PkHalfRise", "Point where rise is at 1/2 height"),
        ("Peak2area", "Peak 2 area"),
        ("PkHalfDecay", "Point where decay is at 1/2 height"),
        ("PkPos", "Peak position"),
        ("PkStart", "Peak start"),
        ("PkEnd", "Peak end"),
    ];
    let mut out = Dataset::new();
    for ((name, long), values) in meta.into_iter().zip(cols) {
        let (name, v) = var(name, channel, values, long)?;
        out.insert(&name, v)?;
    }
    Ok(out)
}

/// Peak statistics of split-detector channel `channel` (3 or 7; channel 3 is inverted first,
/// as its signal is negative-going).
///
/// Per record: `Base_chN` = mean of the first 20 samples (always given); `PkHt_chN` = max −
/// `Base`, `PkPos_chN` = first sample of the max (NaN unless the peak is more than 1 count
/// above the baseline and not at sample 0); `PkSplitPos_chN` = last sample at or before the peak
/// whose rectified excess 2·max(wave − `Base`, 0) is below 5 counts, −1 when there is none (as in
/// PySP2).
///
/// PySP2 also requires the position of the maximum of the *uninverted* wave to be above 0 and
/// below the number of records (a slip for the number of samples); atmokit applies it with the
/// number of samples, which is the same for any file of at least 100 records.
pub fn split_detector_peaks(ds: &Dataset, channel: usize) -> Result<Dataset> {
    let mut data = wave(ds, channel)?;
    let (n, ncols) = data.dim();
    if ncols < BASE_POINTS_FALLBACK {
        return Err(Error::InvalidArgument(format!(
            "Data_ch{channel}: {ncols} samples per record, the baseline needs {BASE_POINTS_FALLBACK}"
        )));
    }
    let raw_loc: Vec<usize> = data
        .rows()
        .into_iter()
        .map(|r| argmax(r.as_slice().unwrap_or_default()))
        .collect();
    if channel == 3 {
        data.mapv_inplace(|x| -x);
    }
    let mut cols: [Vec<f64>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
    let view: ArrayView2<f64> = data.view();
    for (row, &raw) in view.rows().into_iter().zip(&raw_loc) {
        let row = row.as_slice().unwrap_or_default();
        let base = pairwise_sum(&row[..BASE_POINTS_FALLBACK]) / BASE_POINTS_FALLBACK as f64;
        let loc = argmax(row);
        let ok = row[loc] - base > 1.0 && raw > 0 && raw < ncols;
        let (height, pos) = if ok {
            (row[loc] - base, loc as f64)
        } else {
            (f64::NAN, f64::NAN)
        };
        let split = if ok {
            (0..=loc)
                .rev()
                .find(|&k| {
                    let d = row[k] - base;
                    d.abs() + d < NEAR_BASE_COUNTS
                })
                .map_or(-1.0, |k| k as f64)
        } else {
            -1.0
        };
        for (c, x) in cols.iter_mut().zip([base, height, split, pos]) {
            c.push(x);
        }
    }
    let meta = [
        ("Base", "Base"),
        ("PkHt", "Height"),
        ("PkSplitPos", "Peak start position"),
        ("PkPos", "Peak split position"),
    ];
    let mut out = Dataset::new();
    for ((name, long), values) in meta.into_iter().zip(cols) {
        let (name, v) = var(name, channel, values, long)?;
        out.insert(&name, v)?;
    }
    Ok(out)
}

#[cfg(test)]
#[path = "peaks_tests.rs"]
mod tests;
