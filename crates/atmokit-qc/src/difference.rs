//! Difference test against a second variable (possibly of another dataset), matched on nearest
//! time. Port of ACT `add_difference_test` (ACT API reference, `act.qc.qctests.QCTests`).

use crate::limits::finish;
use crate::masked::qc_mask;
use crate::model::{TestResult, find_qc_variable};
use crate::rolling::is_direction;
use crate::values::{not_numeric, py_float};
use crate::{Assessment, TestOptions};
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

/// The comparison of [`add_difference_test`]: ACT's `dataset2_dict`, `ds2_var_name`, `diff_limit`,
/// `tolerance`, `set_test_regardless`, `apply_assessment_to_dataset2` and `apply_tests_to_dataset2`.
///
/// ```
/// use atmokit_qc::{Assessment, DifferenceOptions};
/// let o = DifferenceOptions::new("logger_temp", 3.0).tolerance_s(30.0).mask_assessments([Assessment::Bad]);
/// assert_eq!((o.ds2_var_name.as_str(), o.diff_limit, o.tolerance_ns), ("logger_temp", 3.0, 30_000_000_000));
/// assert!(o.set_test_regardless && o.dataset2.is_none());
/// ```
#[derive(Clone, Debug)]
pub struct DifferenceOptions<'a> {
    /// The comparison dataset and its datastream name (ACT's `dataset2_dict = {name: ds2}`; the
    /// name goes into the meaning as `name:var`). `None`: the tested dataset itself (ACT's
    /// default), or, with `set_test_regardless = false`, "no comparison data today".
    pub dataset2: Option<(Option<&'a str>, &'a Dataset)>,
    /// The variable compared with (ACT `ds2_var_name`).
    pub ds2_var_name: String,
    /// Flag where `|a - b| > diff_limit`, in the tested variable's units.
    pub diff_limit: f64,
    /// Nearest-time match tolerance in ns (ACT `tolerance='1m'`: 60 s).
    pub tolerance_ns: i64,
    /// Add the test even when there is no comparison dataset (ACT default true). With false and
    /// `dataset2 = None`, [`add_difference_test`] adds nothing and returns `None`, as ACT returns
    /// `None`.
    pub set_test_regardless: bool,
    /// Comparison values whose QC has a test with one of these assessments set are not used
    /// (ACT `apply_assessment_to_dataset2`, e.g. `[Bad]`).
    pub apply_assessment_to_dataset2: Vec<Assessment>,
    /// Comparison values whose QC has one of these tests set are not used (ACT
    /// `apply_tests_to_dataset2`, e.g. `[2, 4]`).
    pub apply_tests_to_dataset2: Vec<u32>,
}

impl<'a> DifferenceOptions<'a> {
    /// Compare with `ds2_var_name` of the same dataset, limit `diff_limit`, ACT's other defaults.
    pub fn new(ds2_var_name: impl Into<String>, diff_limit: f64) -> Self {
        DifferenceOptions {
            dataset2: None,
            ds2_var_name: ds2_var_name.into(),
            diff_limit,
            tolerance_ns: 60 * atmokit_core::time::NS_PER_S,
            set_test_regardless: true,
            apply_assessment_to_dataset2: vec![],
            apply_tests_to_dataset2: vec![],
        }
    }
    /// Compare with another dataset, named `name` in the test meaning (ACT's `dataset2_dict`).
    pub fn dataset2(mut self, name: Option<&'a str>, ds: &'a Dataset) -> Self {
        self.dataset2 = Some((name, ds));
        self
    }
    /// The time tolerance in seconds (rounded to ns).
    pub fn tolerance_s(mut self, seconds: f64) -> Self {
        self.tolerance_ns = (seconds * 1e9).round() as i64;
        self
    }
    /// Leave out comparison values whose QC has a test of these assessments set.
    pub fn mask_assessments(mut self, a: impl IntoIterator<Item = Assessment>) -> Self {
        self.apply_assessment_to_dataset2 = a.into_iter().collect();
        self
    }
    /// Leave out comparison values whose QC has one of these tests set.
    pub fn mask_tests(mut self, t: impl IntoIterator<Item = u32>) -> Self {
        self.apply_tests_to_dataset2 = t.into_iter().collect();
        self
    }
    /// ACT's `set_test_regardless`.
    pub fn set_test_regardless(mut self, yes: bool) -> Self {
        self.set_test_regardless = yes;
        self
    }
}

/// Flag `|a - b| > diff_limit` where `a` is `var` and `b` is `d.ds2_var_name` of `d.dataset2` (the
/// same dataset when `None`) at the nearest time within `d.tolerance_ns`, `b` converted to `a`'s
/// units first; for directions the smaller circular difference is used. Unmatched times and NaN
/// are not flagged; comparison values that `d.apply_assessment_to_dataset2` /
/// `d.apply_tests_to_dataset2` select in the comparison variable's QC count as NaN. 1-D time
/// series only. Default meaning "Difference between {var} and {name:}{ds2_var} greater than
/// {limit} {units}", assessment Bad, no limit attrs. Returns `None` (no test added) only when
/// `d.dataset2` is `None` and `d.set_test_regardless` is false, as ACT does.
///
/// Unlike ACT, the comparison dataset is never changed: ACT writes NaN into the comparison
/// variable itself when it applies the comparison's QC (`docs/for-act-users.md`).
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_qc::{DifferenceOptions, TestOptions, add_difference_test, get_qc_test_mask};
/// let mut ds = Dataset::new();
/// ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))?;
/// ds.insert("a", Variable::new(["time"], vec![1.0f64, 2.0, 9.0])?.with_attr("units", "K"))?;
/// ds.insert("b", Variable::new(["time"], vec![1.5f64, 2.0, 2.0])?.with_attr("units", "K"))?;
/// let r = add_difference_test(&mut ds, "a", &DifferenceOptions::new("b", 1.0), &TestOptions::default())?;
/// assert_eq!(r.map(|r| r.test_number), Some(1));
/// assert_eq!(get_qc_test_mask(&ds, "qc_a", 1)?, [false, false, true]);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn add_difference_test(
    ds: &mut Dataset,
    var: &str,
    d: &DifferenceOptions<'_>,
    opts: &TestOptions,
) -> Result<Option<TestResult>> {
    if d.dataset2.is_none() && !d.set_test_regardless {
        return Ok(None);
    }
    let (ds2_name, other) = match d.dataset2 {
        Some((name, other)) => (name, other),
        None => (None, &*ds),
    };
    let same = d.dataset2.is_none();
    let ds2_var = d.ds2_var_name.as_str();
    let v = ds.get(var)?;
    let w = other.get(ds2_var)?;
    let units = v.units().unwrap_or("").to_string();
    let (scale, offset) = if same && v.units() == w.units() {
        (1.0, 0.0)
    } else {
        converter(w.units().unwrap_or(""), &units)?
    };
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    let mut b = w.data().to_f64().ok_or_else(|| not_numeric(ds2_var, w.data()))?;
    if a.ndim() != 1 || b.ndim() != 1 {
        return Err(Error::data(
            var,
            format!("difference test: it and '{ds2_var}' must be 1-D time series"),
        ));
    }
    mask_comparison(other, ds2_var, d, &mut b)?;
    let t1 = ds.time_of(&v.dims()[0])?.to_vec();
    let t2 = other.time_of(&w.dims()[0])?.to_vec();
    let circular = is_direction(v);
    let idx = nearest_time_index(&t1, &t2, d.tolerance_ns);
    let mask: Vec<bool> = a
        .iter()
        .zip(&idx)
        .map(|(&x, k)| {
            k.is_some_and(|k| {
                let mut diff = (x - (b[k] * scale + offset)).abs();
                if circular {
                    let m = diff % 360.0;
                    diff = m.min(360.0 - m);
                }
                diff > d.diff_limit
            })
        })
        .collect();
    let other_name = match ds2_name {
        Some(n) => format!("{n}:{ds2_var}"),
        None => ds2_var.to_string(),
    };
    let meaning = opts.meaning_or(&format!(
        "Difference between {var} and {other_name} greater than {} {units}",
        py_float(d.diff_limit)
    ));
    let assessment = opts.assessment_or("Bad");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![]).map(Some)
}

/// NaN into the comparison values that the comparison's own QC selects
/// (`apply_assessment_to_dataset2` / `apply_tests_to_dataset2`). A comparison variable without a
/// QC variable has nothing to leave out.
fn mask_comparison(
    other: &Dataset,
    ds2_var: &str,
    d: &DifferenceOptions<'_>,
    b: &mut ndarray::ArrayD<f64>,
) -> Result<()> {
    if d.apply_assessment_to_dataset2.is_empty() && d.apply_tests_to_dataset2.is_empty() {
        return Ok(());
    }
    let Some(qc) = find_qc_variable(other, ds2_var)? else {
        return Ok(());
    };
    let names: Vec<&str> = d.apply_assessment_to_dataset2.iter().map(Assessment::as_str).collect();
    let masked = qc_mask(other, &qc, &names, &d.apply_tests_to_dataset2)?;
    if masked.len() != b.len() {
        return Err(Error::data(
            ds2_var,
            format!(
                "difference test: {} values, but QC variable '{qc}' has {}",
                b.len(),
                masked.len()
            ),
        ));
    }
    b.iter_mut()
        .zip(masked)
        .filter(|(_, m)| *m)
        .for_each(|(x, _)| *x = f64::NAN);
    Ok(())
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
            &DifferenceOptions::new("tk", 1.0).dataset2(Some("b"), &b),
            &TestOptions::default(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.test_meaning, "Difference between t and b:tk greater than 1.0 degC");
        // index 0 matches 0 °C; index 1 is 10 °C off; index 2 is 59 s from the last b time.
        assert_eq!(crate::get_qc_test_index(&a, "qc_t", r.test_number).unwrap(), vec![1, 2]);
        b.get_mut("tk")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "m/s".into());
        let o = DifferenceOptions::new("tk", 1.0).dataset2(None, &b).tolerance_s(60.0);
        assert!(add_difference_test(&mut a, "t", &o, &TestOptions::default()).is_err());
    }

    /// A comparison with bad values in its own QC: the bad ones are left out (ACT's
    /// `apply_assessment_to_dataset2` / `apply_tests_to_dataset2`), and the comparison dataset
    /// keeps its values (ACT overwrites them with NaN).
    #[test]
    fn comparison_qc_leaves_values_out_and_the_comparison_unchanged() {
        let t: Vec<i64> = (0..4).map(|i| i * 60_000_000_000).collect();
        let mut a = Dataset::new();
        a.insert("time", Variable::time("time", t.clone())).unwrap();
        a.insert(
            "x",
            Variable::new(["time"], vec![0.0f64; 4])
                .unwrap()
                .with_attr("units", "K"),
        )
        .unwrap();
        let mut b = Dataset::new();
        b.insert("time", Variable::time("time", t)).unwrap();
        b.insert(
            "y",
            Variable::new(["time"], vec![5.0f64; 4])
                .unwrap()
                .with_attr("units", "K"),
        )
        .unwrap();
        let bad = crate::TestOptions::default();
        crate::add_less_test(&mut b, "y", 100.0, &bad).unwrap(); // test 1, Bad: every value
        let susp = crate::TestOptions::default().assessment(Assessment::Suspect);
        let mut hi = vec![false; 4];
        hi[2] = true;
        crate::model::add_test(&mut b, "y", Some(&hi), "odd", "Suspect", &susp).unwrap(); // test 2
        let before = b.get("y").unwrap().data().to_f64().unwrap();
        let run = |d: DifferenceOptions<'_>| {
            let mut a = a.clone();
            let r = add_difference_test(&mut a, "x", &d, &TestOptions::default())
                .unwrap()
                .unwrap();
            crate::get_qc_test_mask(&a, "qc_x", r.test_number).unwrap()
        };
        let base = DifferenceOptions::new("y", 1.0).dataset2(Some("b"), &b);
        assert_eq!(run(base.clone()), [true; 4]);
        assert_eq!(run(base.clone().mask_assessments([Assessment::Bad])), [false; 4]);
        assert_eq!(
            run(base.clone().mask_assessments([Assessment::Suspect])),
            [true, true, false, true]
        );
        assert_eq!(run(base.clone().mask_tests([2])), [true, true, false, true]);
        assert_eq!(run(base.mask_tests([7])), [true; 4]);
        assert_eq!(b.get("y").unwrap().data().to_f64().unwrap(), before);
        // No comparison dataset and set_test_regardless = false: nothing added (ACT returns None).
        let mut c = a.clone();
        let none = DifferenceOptions::new("x", 1.0).set_test_regardless(false);
        assert!(
            add_difference_test(&mut c, "x", &none, &TestOptions::default())
                .unwrap()
                .is_none()
        );
        assert!(!c.contains("qc_x"));
    }
}
