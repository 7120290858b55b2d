//! Difference test against a second variable (possibly of another dataset), matched on nearest
//! time. Port of ACT `add_difference_test` (ACT API reference, `act.qc.qctests.QCTests`).

use crate::TestOptions;
use crate::limits::finish;
use crate::model::TestResult;
use crate::rolling::is_direction;
use crate::values::{not_numeric, py_float};
use atmokit_core::{Dataset, Error, NAT, Result};
use atmokit_physics::units::conversion as converter;

/// For each time of `t1`, the index in `t2` of the nearest time within `tolerance_ns`
/// (both sorted ascending; ties take the earlier one; NaT never matches). Like pandas
/// `merge_asof(direction="nearest", tolerance=...)`.
pub fn nearest_time_index(t1: &[i64], t2: &[i64], tolerance_ns: i64) -> Vec<Option<usize>> {
    let mut j = 0usize;
    t1.iter()
        .map(|&t| {
            if t == NAT || t2.is_empty() {
                return None;
            }
            while j + 1 < t2.len() && t2[j + 1] <= t {
                j += 1;
            }
            let mut best: Option<(usize, i128)> = None;
            for k in [j, j + 1] {
                if k < t2.len() && t2[k] != NAT {
                    let d = (i128::from(t2[k]) - i128::from(t)).abs();
                    if best.is_none_or(|(_, bd)| d < bd) {
                        best = Some((k, d));
                    }
                }
            }
            best.filter(|&(_, d)| d <= i128::from(tolerance_ns)).map(|(k, _)| k)
        })
        .collect()
}

/// Flag `|a - b| > diff_limit` where `a` is `var` and `b` is `ds2_var` of `ds2` (`None`: the same
/// dataset) at the nearest time within `tolerance_ns` (ACT default 1 minute), `b` converted to
/// `a`'s units first; for directions the smaller circular difference is used. Unmatched times and
/// NaN are not flagged. 1-D time series only.
/// Default meaning "Difference between {var} and {ds2_name:}{ds2_var} greater than {limit} {units}",
/// assessment Bad, no limit attrs.
#[allow(clippy::too_many_arguments)]
pub fn add_difference_test(
    ds: &mut Dataset,
    var: &str,
    ds2: Option<&Dataset>,
    ds2_name: Option<&str>,
    ds2_var: &str,
    diff_limit: f64,
    tolerance_ns: i64,
    opts: &TestOptions,
) -> Result<TestResult> {
    let same = ds2.is_none();
    let other = ds2.unwrap_or(ds);
    let v = ds.get(var)?;
    let w = other.get(ds2_var)?;
    let units = v.units().unwrap_or("").to_string();
    let (scale, offset) = if same && v.units() == w.units() {
        (1.0, 0.0)
    } else {
        converter(w.units().unwrap_or(""), &units)?
    };
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    let b = w.data().to_f64().ok_or_else(|| not_numeric(ds2_var, w.data()))?;
    if a.ndim() != 1 || b.ndim() != 1 {
        return Err(Error::invalid(format!(
            "difference test: '{var}' and '{ds2_var}' must be 1-D time series"
        )));
    }
    let t1 = ds.time_of(&v.dims()[0])?.to_vec();
    let t2 = other.time_of(&w.dims()[0])?.to_vec();
    let circular = is_direction(v);
    let idx = nearest_time_index(&t1, &t2, tolerance_ns);
    let mask: Vec<bool> = a
        .iter()
        .zip(&idx)
        .map(|(&x, k)| {
            k.is_some_and(|k| {
                let mut d = (x - (b[k] * scale + offset)).abs();
                if circular {
                    let m = d % 360.0;
                    d = m.min(360.0 - m);
                }
                d > diff_limit
            })
        })
        .collect();
    let other_name = match ds2_name {
        Some(n) => format!("{n}:{ds2_var}"),
        None => ds2_var.to_string(),
    };
    let meaning = opts.meaning_or(&format!(
        "Difference between {var} and {other_name} greater than {} {units}",
        py_float(diff_limit)
    ));
    let assessment = opts.assessment_or("Bad");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn nearest_with_tolerance() {
        let t1 = [0, 100, 200, 1000];
        let t2 = [10, 150, 195];
        assert_eq!(nearest_time_index(&t1, &t2, 60), vec![Some(0), Some(1), Some(2), None]);
        assert_eq!(nearest_time_index(&[NAT], &t2, 60), vec![None]);
    }

    #[test]
    fn difference_converts_units() {
        let mut a = Dataset::new();
        a.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))
            .unwrap();
        a.insert(
            "t",
            Variable::new(["time"], vec![0.0f32, 10.0, 20.0])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        let mut b = Dataset::new();
        b.insert("time", Variable::time("time", vec![1_000_000_000, 61_000_000_000]))
            .unwrap();
        b.insert(
            "tk",
            Variable::new(["time"], vec![273.15f64, 273.15])
                .unwrap()
                .with_attr("units", "K"),
        )
        .unwrap();
        let r = add_difference_test(
            &mut a,
            "t",
            Some(&b),
            Some("b"),
            "tk",
            1.0,
            60_000_000_000,
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(r.test_meaning, "Difference between t and b:tk greater than 1.0 degC");
        // index 0 matches 0 °C; index 1 is 10 °C off; index 2 is 59 s from the last b time.
        assert_eq!(crate::get_qc_test_index(&a, "qc_t", r.test_number).unwrap(), vec![1, 2]);
        b.get_mut("tk")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "m/s".into());
        assert!(add_difference_test(&mut a, "t", Some(&b), None, "tk", 1.0, 60, &TestOptions::default()).is_err());
    }
}
