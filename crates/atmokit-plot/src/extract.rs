//! Pulling plottable arrays out of a Dataset: time axes in seconds, 1-D values as f64, the
//! second coordinate of 2-D fields, labels with units, and robust colour ranges.

use crate::error::{PlotError, Result};
use crate::time_axis::ns_to_s;
use atmokit_core::{Dataset, Variable};

/// Time coordinate (seconds since 1970, NaN for NaT) of `field`'s first dimension.
pub fn times_s(ds: &Dataset, field: &str) -> Result<Vec<f64>> {
    let var = ds.get(field)?;
    let dim = var
        .dims()
        .first()
        .ok_or_else(|| PlotError::input(format!("'{field}' is a scalar; nothing to plot against time")))?;
    let t = ds
        .time_of(dim)
        .map_err(|_| PlotError::input(format!("'{field}': its first dimension '{dim}' has no time coordinate")))?;
    Ok(t.iter().map(|&ns| ns_to_s(ns).unwrap_or(f64::NAN)).collect())
}

/// First and last valid time (seconds) of `field`'s first dimension, `None` when that
/// dimension has no time coordinate or every time is NaT.
pub fn field_time_span(ds: &Dataset, field: &str) -> Option<(f64, f64)> {
    finite_range(times_s(ds, field).ok()?)
}

/// "`<datastream> <what>`", or just `what` when the dataset names no datastream.
pub fn titled(ds: &Dataset, what: &str) -> String {
    let d = datastream(ds);
    if d.is_empty() {
        what.to_string()
    } else {
        format!("{d} {what}")
    }
}

/// Coordinate values of a variable's dimension `dim`: the variable of the same name if it is
/// numeric and 1-D, else indices 0..n.
pub fn dim_coord(ds: &Dataset, dim: &str, n: usize) -> Vec<f64> {
    ds.var(dim)
        .filter(|v| v.dims().len() == 1 && v.len() == n)
        .and_then(|v| v.data().to_f64())
        .map(|a| a.iter().copied().collect())
        .unwrap_or_else(|| (0..n).map(|i| i as f64).collect())
}

/// "`name` (`units`)" or just the name when units are absent or blank.
pub fn with_units(name: &str, var: Option<&Variable>) -> String {
    match var.and_then(Variable::units).map(str::trim) {
        Some(u) if !u.is_empty() && u != "unitless" && u != "1" => format!("{name} ({u})"),
        _ => name.to_string(),
    }
}

/// The datastream name for titles: `_datastream`, else `datastream`, else empty.
pub fn datastream(ds: &Dataset) -> String {
    ds.attr_str("_datastream")
        .or_else(|| ds.attr_str("datastream"))
        .unwrap_or("")
        .to_string()
}

/// Min and max of the finite values, `None` if there are none.
pub fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The `lo` and `hi` percentiles (0–100) of the finite values, estimated from at most ~200 000
/// evenly strided samples (exact for smaller inputs); `None` if nothing is finite.
pub fn percentile_range(values: impl ExactSizeIterator<Item = f64>, lo: f64, hi: f64) -> Option<(f64, f64)> {
    let n = values.len();
    let stride = (n / 200_000).max(1);
    let mut s: Vec<f64> = values.step_by(stride).filter(|v| v.is_finite()).collect();
    if s.is_empty() {
        return None;
    }
    let pick = |s: &mut Vec<f64>, p: f64| {
        let k = ((p / 100.0) * (s.len() - 1) as f64).round() as usize;
        *s.select_nth_unstable_by(k, f64::total_cmp).1
    };
    let a = pick(&mut s, lo);
    let b = pick(&mut s, hi);
    Some((a, b))
}

/// Pad a range by `frac` of its width (or ±0.5 when it is a single value), as axis limits.
pub fn padded((lo, hi): (f64, f64), frac: f64) -> (f64, f64) {
    if hi > lo {
        let d = (hi - lo) * frac;
        (lo - d, hi + d)
    } else {
        (lo - 0.5, hi + 0.5)
    }
}

/// Median of positive consecutive differences of sorted finite coordinates (the sampling step).
pub fn median_step(x: &[f64]) -> Option<f64> {
    let mut d: Vec<f64> = x
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .filter(|d| d.is_finite() && *d > 0.0)
        .collect();
    if d.is_empty() {
        return None;
    }
    let k = d.len() / 2;
    Some(*d.select_nth_unstable_by(k, f64::total_cmp).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_steps() {
        assert_eq!(finite_range([f64::NAN, 3.0, -1.0]), Some((-1.0, 3.0)));
        assert_eq!(finite_range([f64::NAN]), None);
        let v: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(percentile_range(v.into_iter(), 1.0, 99.0), Some((1.0, 99.0)));
        assert_eq!(median_step(&[0.0, 60.0, 120.0, 3600.0]), Some(60.0));
        assert_eq!(padded((2.0, 2.0), 0.05), (1.5, 2.5));
    }

    #[test]
    fn units_in_labels() {
        let v = Variable::new(["time"], vec![1.0f32])
            .unwrap()
            .with_attr("units", "degC");
        assert_eq!(with_units("temp_mean", Some(&v)), "temp_mean (degC)");
        let u = Variable::new(["time"], vec![1.0f32])
            .unwrap()
            .with_attr("units", "unitless");
        assert_eq!(with_units("qc", Some(&u)), "qc");
    }
}
