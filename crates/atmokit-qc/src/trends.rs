//! Time-shift detection by comparing two time series. Port of ACT
//! `QCTests.compare_time_series_trends` (ACT API reference, `act.qc.comparison_tests.QCTests`). Works in place.

use crate::limits::finish;
use crate::model::TestResult;
use crate::options::TestOptions;
use crate::values::not_numeric;
use atmokit_core::{Dataset, Error, Result};
use atmokit_physics::units::conversion as converter;

const NS: i64 = 1_000_000_000;

/// Settings of [`compare_time_series_trends`] (ACT defaults in [`Default`]); all in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrendOptions {
    /// Largest time distance for matching a shifted sample to a comparison time (default 60).
    pub time_match_threshold: i64,
    /// Shifts tried run from −`time_shift` to +`time_shift` (default 3600).
    pub time_shift: i64,
    /// Step between tried shifts; `None` = the most common time step of `var` (ACT).
    pub time_step: Option<i64>,
    /// Flag everything when the best shift's magnitude exceeds this (default 900).
    pub time_qc_threshold: i64,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            time_match_threshold: 60,
            time_shift: 3600,
            time_step: None,
            time_qc_threshold: 900,
        }
    }
}

/// Index of the nearest `times` element to `c` within `tol` (ties → the later one, as pandas
/// `reindex(method="nearest")` on increasing times), or `None`.
fn nearest(times: &[i64], c: i64, tol: i64) -> Option<usize> {
    let r = times.partition_point(|&t| t < c);
    let left = r.checked_sub(1);
    let right = (r < times.len()).then_some(r);
    let pick = match (left, right) {
        (Some(l), Some(rr)) => {
            if c - times[l] < times[rr] - c {
                l
            } else {
                rr
            }
        }
        (Some(l), None) => l,
        (None, Some(rr)) => rr,
        (None, None) => return None,
    };
    ((times[pick] - c).abs() <= tol).then_some(pick)
}

/// Find the time shift that best aligns `var` with `comp_var` of `comp` (or of `ds` itself when
/// `comp` is `None`), and add one test to `var`, flagging every sample when |shift| exceeds
/// `time_qc_threshold`.
///
/// For each shift s (seconds, −time_shift..=+time_shift by time_step), `var`'s times (truncated
/// to whole seconds) + s are matched to each comparison time (nearest within
/// `time_match_threshold`), and Σ|a − b| is taken over matched non-NaN pairs, with `comp_var`
/// converted to `var`'s units. The best shift is the first minimum. Meaning "Time shift detected
/// with Minimum Difference test. Comparison of {var} with {comp_var} off by {s} seconds exceeding
/// absolute threshold of {threshold} seconds." (added even when nothing is flagged), assessment
/// Indeterminate.
///
/// Differs from ACT: `comp = None` compares with the same dataset (ACT fails with a TypeError).
pub fn compare_time_series_trends(
    ds: &mut Dataset,
    var: &str,
    comp: Option<&Dataset>,
    comp_var: Option<&str>,
    o: &TrendOptions,
    opts: &TestOptions,
) -> Result<TestResult> {
    let comp_var = comp_var.unwrap_or(var);
    let values = |d: &Dataset, n: &str| -> Result<(Vec<f64>, Vec<i64>, String)> {
        let v = d.get(n)?;
        let a = v.data().to_f64().ok_or_else(|| not_numeric(n, v.data()))?;
        let t = d.time()?.to_vec();
        if a.ndim() != 1 || a.len() != t.len() {
            return Err(Error::data(n, "time-shift test: must be 1-D along time"));
        }
        Ok((
            a.iter().copied().collect(),
            t,
            v.attr_str("units").unwrap_or_default().to_string(),
        ))
    };
    let (x, t, units) = values(ds, var)?;
    let (mut y, tc, cunits) = values(comp.unwrap_or(ds), comp_var)?;
    let (scale, offset) = converter(&cunits, &units).map_err(|e| Error::data(comp_var, e.to_string()))?;
    y.iter_mut().for_each(|v| *v = *v * scale + offset);
    if t.windows(2).any(|w| w[1] <= w[0]) {
        return Err(Error::data(var, "time-shift test: times are not increasing"));
    }
    let step = match o.time_step {
        Some(s) => s,
        None => modal_step(&t).unwrap_or(60),
    };
    if step <= 0 || o.time_shift < 0 {
        return Err(Error::invalid(
            "time-shift test: time_step must be positive and time_shift ≥ 0",
        ));
    }
    let secs: Vec<i64> = t.iter().map(|&v| v.div_euclid(NS) * NS).collect();
    let tol = o.time_match_threshold * NS;
    let mut best = (f64::INFINITY, 0i64);
    let mut s = -o.time_shift;
    // ACT's range(-shift, shift + step, step).
    while s < o.time_shift + step {
        let shifted: Vec<i64> = secs.iter().map(|&v| v + s * NS).collect();
        let sum: f64 = tc
            .iter()
            .zip(&y)
            .filter_map(|(&c, &b)| nearest(&shifted, c, tol).map(|i| (x[i] - b).abs()))
            .filter(|d| !d.is_nan())
            .sum();
        if sum < best.0 {
            best = (sum, s);
        }
        s += step;
    }
    let shift = best.1;
    let flag = shift.abs() > o.time_qc_threshold;
    let mask = vec![flag; x.len()];
    let meaning = format!(
        "Time shift detected with Minimum Difference test. Comparison of {var} with {comp_var} off by {shift} \
         seconds exceeding absolute threshold of {} seconds.",
        o.time_qc_threshold
    );
    finish(
        ds,
        var,
        &mask,
        &opts.meaning_or(&meaning),
        &opts.assessment_or("Indeterminate"),
        opts,
        vec![],
    )
}

/// Most common step (whole seconds) of ns times.
fn modal_step(t: &[i64]) -> Option<i64> {
    atmokit_physics::time_utils::modal_step_ns(t).map(|s| s / NS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::{Data, Variable};

    fn series(t0_s: i64, vals: Vec<f64>, units: &str) -> Dataset {
        let mut ds = Dataset::new();
        let t: Vec<i64> = (0..vals.len() as i64).map(|i| (t0_s + 60 * i) * NS).collect();
        ds.insert(
            "time",
            Variable::new(["time"], Data::Time(ndarray::Array1::from(t).into_dyn())).unwrap(),
        )
        .unwrap();
        ds.insert("x", Variable::new(["time"], vals).unwrap().with_attr("units", units))
            .unwrap();
        ds
    }

    #[test]
    fn finds_a_shift_of_twenty_minutes() {
        // A ramp-free, non-periodic signal; the comparison is the same 20 minutes later, in K.
        let v: Vec<f64> = (0..300).map(|i| ((i * i) % 97) as f64).collect();
        let mut a = series(0, v.clone(), "degC");
        let b = series(1200, v.iter().map(|x| x + 273.15).collect(), "K");
        let o = TrendOptions::default();
        let r = compare_time_series_trends(&mut a, "x", Some(&b), None, &o, &TestOptions::default()).unwrap();
        assert!(
            r.test_meaning
                .contains("off by 1200 seconds exceeding absolute threshold of 900 seconds.")
        );
        assert_eq!(crate::get_qc_test_index(&a, "qc_x", r.test_number).unwrap().len(), 300);
        // Against itself: shift 0, nothing flagged.
        let r = compare_time_series_trends(&mut a, "x", None, None, &o, &TestOptions::default()).unwrap();
        assert!(r.test_meaning.contains("off by 0 seconds"));
        assert!(crate::get_qc_test_index(&a, "qc_x", r.test_number).unwrap().is_empty());
        assert_eq!(nearest(&[0, 10, 20], 15, 5), Some(2));
        assert_eq!(nearest(&[0, 10, 20], 31, 5), None);
        let bad = series(0, v, "furlong");
        assert!(compare_time_series_trends(&mut a, "x", Some(&bad), None, &o, &TestOptions::default()).is_err());
    }
}
