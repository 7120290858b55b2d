//! Limit tests: missing value, less, greater, less/greater-or-equal, equal to, not equal to,
//! outside and inside (ACT API reference, `act.qc.qctests.QCTests.add_*_test`). All work in place and
//! return the [`TestResult`]. Limits are written on the QC variable cast to the data's dtype,
//! named `fail_*` (or `warn_*` for the assessments Suspect / Indeterminate) unless
//! `limit_attr_names` is given. NaN is never flagged, except by the missing-value and
//! not-equal-to tests. Comparisons on float32 data are done in float32 (as numpy 2 does).

use crate::TestOptions;
use crate::fused::{flag_pred, with_pair};
use crate::model::{TestResult, add_test};
use crate::values::limit_in_dtype;
use atmokit_core::{AttrValue, DType, Dataset, Result};

/// `fail_<suffix>` or, for the assessments Suspect and Indeterminate, `warn_<suffix>`.
pub(crate) fn limit_name(assessment: &str, suffix: &str) -> String {
    let a = crate::model::capitalize(assessment);
    if a == "Suspect" || a == "Indeterminate" {
        format!("warn_{suffix}")
    } else {
        format!("fail_{suffix}")
    }
}

/// Attribute names for the limits: `limit_attr_names` or the defaults for `suffixes`.
///
/// A default name that the QC variable already holds and that one of its tests' meanings
/// mentions (ARM's own test "Value is less than the fail_min.", say) is not overwritten, which
/// would misstate that test's limit: the new test takes the first free `<name>_2`, `<name>_3`, …
/// and its meaning names it. With [`TestOptions::act_compat`] the name is reused as ACT does.
pub(crate) fn limit_names(
    ds: &Dataset,
    var: &str,
    opts: &TestOptions,
    assessment: &str,
    suffixes: &[&str],
) -> Vec<String> {
    match &opts.limit_attr_names {
        Some(n) if n.len() == suffixes.len() => n.clone(),
        _ => {
            let qc = opts
                .qc_var_name
                .clone()
                .or_else(|| crate::model::find_qc_variable(ds, var).ok().flatten());
            let qv = qc.and_then(|q| ds.var(&q)).filter(|_| !opts.act_compat);
            let mut out: Vec<String> = Vec::with_capacity(suffixes.len());
            for s in suffixes {
                let base = limit_name(assessment, s);
                let name = match qv {
                    Some(qv) if described(qv, &base) => (2..)
                        .map(|k| format!("{base}_{k}"))
                        .find(|n| !qv.attrs().contains_key(n) && !out.contains(n))
                        .unwrap_or(base),
                    _ => base,
                };
                out.push(name);
            }
            out
        }
    }
}

/// True when the QC variable holds the attribute `name` and one of its tests' meanings mentions
/// it as a word (`fail_min` in "Value is less than the fail_min." or "the__fail_min", not in
/// "fail_min_2").
fn described(qv: &atmokit_core::Variable, name: &str) -> bool {
    if !qv.attrs().contains_key(name) {
        return false;
    }
    let meanings = qv
        .attrs()
        .get("flag_meanings")
        .and_then(AttrValue::as_strings)
        .unwrap_or_default();
    meanings.iter().any(|m| {
        m.match_indices(name).any(|(i, _)| {
            // A word boundary; `__` (ARM's encoded space) counts as one, `_x` does not.
            let mut back = m[..i].chars().rev();
            let before = match (back.next(), back.next()) {
                (Some('_'), Some(c)) => !c.is_alphanumeric(),
                (Some(c), _) => !c.is_alphanumeric(),
                (None, _) => true,
            };
            let mut ahead = m[i + name.len()..].chars();
            let after = match (ahead.next(), ahead.next()) {
                (Some('_'), Some(c)) => !c.is_alphanumeric(),
                (Some(c), _) => !c.is_alphanumeric(),
                (None, _) => true,
            };
            before && after
        })
    })
}

/// Add the test, set it where `mask`, and store `limits` on the QC variable.
pub(crate) fn finish(
    ds: &mut Dataset,
    var: &str,
    mask: &[bool],
    meaning: &str,
    assessment: &str,
    opts: &TestOptions,
    limits: Vec<(String, AttrValue)>,
) -> Result<TestResult> {
    let r = add_test(ds, var, Some(mask), meaning, assessment, opts)?;
    let qv = ds.get_mut(&r.qc_variable_name)?;
    for (k, v) in limits {
        qv.attrs_mut().insert(k, v);
    }
    Ok(r)
}

/// Define the test, then flag in one pass where `pred(value)` holds, and store `limits`.
pub(crate) fn finish_pred<P: Fn(f64) -> bool>(
    ds: &mut Dataset,
    var: &str,
    pred: P,
    meaning: &str,
    assessment: &str,
    opts: &TestOptions,
    limits: Vec<(String, AttrValue)>,
) -> Result<TestResult> {
    let v = ds.get(var)?;
    if !v.dtype().is_numeric() {
        return Err(crate::values::not_numeric(var, v.data()));
    }
    let r = add_test(ds, var, None, meaning, assessment, opts)?;
    let n = r.test_number;
    with_pair(ds, var, &r.qc_variable_name, |v, q| {
        flag_pred(var, v.data(), q.data_mut(), n, opts.flag_value, pred)?;
        q.attrs_mut().extend(limits);
        Ok(())
    })?;
    Ok(r)
}

/// One-limit comparison tests share this.
fn one_limit(
    ds: &mut Dataset,
    var: &str,
    limit: f64,
    opts: &TestOptions,
    suffix: &str,
    meaning_fmt: fn(&str) -> String,
    pred: fn(f64, f64) -> bool,
) -> Result<TestResult> {
    let v = ds.get(var)?;
    let (attr, lim) = limit_in_dtype(v.dtype(), limit);
    let assessment = opts.assessment_or("Bad");
    let name = limit_names(ds, var, opts, &assessment, &[suffix]).remove(0);
    let meaning = opts.meaning_or(&meaning_fmt(&name));
    finish_pred(
        ds,
        var,
        |x| pred(x, lim),
        &meaning,
        &assessment,
        opts,
        vec![(name, attr)],
    )
}

/// Flag `x < limit` (strict). Default meaning "Data value less than fail_min.", assessment Bad,
/// limit attr `fail_min` / `warn_min`. Port of ACT `add_less_test`.
pub fn add_less_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "min",
        |n| format!("Data value less than {n}."),
        |x, l| x < l,
    )
}

/// Flag `x > limit` (strict); attr `fail_max` / `warn_max`. Port of ACT `add_greater_test`.
pub fn add_greater_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "max",
        |n| format!("Data value greater than {n}."),
        |x, l| x > l,
    )
}

/// Flag `x <= limit`; attr `fail_min` / `warn_min`. Port of ACT `add_less_equal_test`.
pub fn add_less_equal_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "min",
        |n| format!("Data value less than or equal to {n}."),
        |x, l| x <= l,
    )
}

/// Flag `x >= limit`; attr `fail_max` / `warn_max`. Port of ACT `add_greater_equal_test`.
pub fn add_greater_equal_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "max",
        |n| format!("Data value greater than or equal to {n}."),
        |x, l| x >= l,
    )
}

/// Flag `x == limit`; attr `fail_equal_to` / `warn_equal_to`. Port of ACT `add_equal_to_test`.
pub fn add_equal_to_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "equal_to",
        |n| format!("Data value equal to {n}."),
        |x, l| x == l,
    )
}

/// Flag `x != limit` (NaN is flagged: NaN differs from every limit); attr `fail_not_equal_to`.
/// Port of ACT `add_not_equal_to_test`.
pub fn add_not_equal_to_test(ds: &mut Dataset, var: &str, limit: f64, opts: &TestOptions) -> Result<TestResult> {
    one_limit(
        ds,
        var,
        limit,
        opts,
        "not_equal_to",
        |n| format!("Data value not equal to {n}."),
        |x, l| x != l,
    )
}

fn two_limits(
    ds: &mut Dataset,
    var: &str,
    (lower, upper): (f64, f64),
    opts: &TestOptions,
    suffixes: [&str; 2],
    meaning_fmt: fn(&str, &str) -> String,
    pred: fn(f64, f64, f64) -> bool,
) -> Result<TestResult> {
    let v = ds.get(var)?;
    let (a_lo, lo) = limit_in_dtype(v.dtype(), lower);
    let (a_hi, hi) = limit_in_dtype(v.dtype(), upper);
    let (lo, hi) = if lo > hi { (hi, lo) } else { (lo, hi) };
    let assessment = opts.assessment_or("Bad");
    let names = limit_names(ds, var, opts, &assessment, &suffixes);
    let meaning = opts.meaning_or(&meaning_fmt(&names[0], &names[1]));
    let limits = vec![(names[0].clone(), a_lo), (names[1].clone(), a_hi)];
    finish_pred(ds, var, |x| pred(x, lo, hi), &meaning, &assessment, opts, limits)
}

/// Flag `x < lower or x > upper` (bounds exclusive; reversed bounds are swapped). Attrs
/// `fail_lower_range`, `fail_upper_range` (or `warn_*`). Port of ACT `add_outside_test`.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_qc::{Assessment, TestOptions, add_outside_test, get_qc_test_mask};
/// let mut ds = Dataset::new();
/// ds.insert("temp", Variable::new(["time"], vec![-50.0f32, 20.0, f32::NAN, 60.0])?)?;
/// let r = add_outside_test(&mut ds, "temp", -40.0, 50.0, &TestOptions::default())?;
/// assert_eq!((r.qc_variable_name.as_str(), r.test_number), ("qc_temp", 1));
/// assert_eq!(get_qc_test_mask(&ds, "qc_temp", 1)?, [true, false, false, true]); // NaN not flagged
/// // Suspect and Indeterminate limits are `warn_*`.
/// let r = add_outside_test(&mut ds, "temp", -45.0, 55.0, &TestOptions::default().assessment(Assessment::Suspect))?;
/// assert_eq!(r.test_meaning, "Data value less than warn_lower_range or greater than warn_upper_range.");
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn add_outside_test(ds: &mut Dataset, var: &str, lower: f64, upper: f64, opts: &TestOptions) -> Result<TestResult> {
    two_limits(
        ds,
        var,
        (lower, upper),
        opts,
        ["lower_range", "upper_range"],
        |a, b| format!("Data value less than {a} or greater than {b}."),
        |x, lo, hi| x < lo || x > hi,
    )
}

/// Flag `lower <= x <= upper` (inclusive, as ACT's numpy path; ACT's dask path is exclusive).
/// Attrs `fail_lower_range_inner`, `fail_upper_range_inner`. Port of ACT `add_inside_test`.
pub fn add_inside_test(ds: &mut Dataset, var: &str, lower: f64, upper: f64, opts: &TestOptions) -> Result<TestResult> {
    two_limits(
        ds,
        var,
        (lower, upper),
        opts,
        ["lower_range_inner", "upper_range_inner"],
        |a, b| format!("Data value greater than {a} or less than {b}."),
        |x, lo, hi| lo <= x && x <= hi,
    )
}

/// The missing-value codes of a variable: the explicit one, else `missing_value` / `_FillValue`
/// from the attrs or the encoding (the reader moves them there).
pub(crate) fn missing_codes(ds: &Dataset, var: &str, explicit: Option<f64>) -> Result<Vec<f64>> {
    let v = ds.get(var)?;
    if let Some(m) = explicit {
        return Ok(vec![m]);
    }
    let mut out = vec![];
    let e = v.encoding();
    for a in [
        v.attrs().get("missing_value"),
        v.attrs().get("_FillValue"),
        e.missing_value.as_ref(),
        e.fill_value.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        out.extend(a.as_f64_vec().unwrap_or_default());
    }
    Ok(out)
}

/// Flag missing values: NaN (floats) and any value equal to the missing-value code(s) — the
/// explicit `missing_value`, else the variable's `missing_value` / `_FillValue` (attrs or
/// encoding). When the variable declares none, `missing_value` is set on it (NaN for floats,
/// -9999 for integers), as ACT does. Default meaning "Value is set to missing_value.", Bad.
///
/// Differs from ACT: ACT 2.3.4 only ever flags NaN (its `np.isnan(mv) is False` check is never
/// true), so a raw `-9999` left in undecoded data is missed; here the codes are caught too.
/// [`TestOptions::act_compat`] flags NaN only, as ACT.
pub fn add_missing_value_test(
    ds: &mut Dataset,
    var: &str,
    missing_value: Option<f64>,
    opts: &TestOptions,
) -> Result<TestResult> {
    let codes = missing_codes(ds, var, missing_value)?;
    let v = ds.get(var)?;
    let dtype = v.dtype();
    let codes_t: Vec<f64> = codes.iter().map(|&c| limit_in_dtype(dtype, c).1).collect();
    if codes.is_empty() {
        let mv = if dtype.is_float() { f64::NAN } else { -9999.0 };
        let (attr, _) = limit_in_dtype(dtype, mv);
        let attr = if dtype == DType::F64 || !dtype.is_numeric() {
            AttrValue::F64(vec![mv])
        } else {
            attr
        };
        ds.get_mut(var)?.attrs_mut().insert("missing_value".into(), attr);
    }
    let meaning = opts.meaning_or("Value is set to missing_value.");
    let assessment = opts.assessment_or("Bad");
    // ACT 2.3.4 flags NaN only ([`TestOptions::act_compat`]).
    let codes_t = if opts.act_compat { Vec::new() } else { codes_t };
    match codes_t.as_slice() {
        [] => finish_pred(ds, var, |x| x.is_nan(), &meaning, &assessment, opts, vec![]),
        [c] => {
            let c = *c;
            finish_pred(ds, var, |x| x.is_nan() || x == c, &meaning, &assessment, opts, vec![])
        }
        _ => finish_pred(
            ds,
            var,
            |x| x.is_nan() || codes_t.contains(&x),
            &meaning,
            &assessment,
            opts,
            vec![],
        ),
    }
}

#[cfg(test)]
mod guard_tests {
    use super::*;
    use atmokit_core::Variable;

    /// A dataset whose QC variable holds ARM's test 1 "Value is less than the fail_min." with
    /// `fail_min = -40`.
    fn arm_like() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![-50.0f32, 0.0, 60.0])
                .unwrap()
                .with_attr("ancillary_variables", "qc_temp"),
        )
        .unwrap();
        let qc = Variable::new(["time"], vec![1i32, 0, 0])
            .unwrap()
            .with_attr("standard_name", "quality_flag")
            .with_attr("flag_masks", vec![1i32])
            .with_attr("flag_meanings", vec!["Value is less than the fail_min.".to_string()])
            .with_attr("flag_assessments", vec!["Bad".to_string()])
            .with_attr("fail_min", -40.0f32);
        ds.insert("qc_temp", qc).unwrap();
        ds
    }

    #[test]
    fn a_limit_an_existing_test_describes_is_not_overwritten() {
        let mut ds = arm_like();
        let r = add_less_test(&mut ds, "temp", -10.0, &TestOptions::default()).unwrap();
        assert_eq!(r.test_meaning, "Data value less than fail_min_2.");
        let qv = ds.get("qc_temp").unwrap();
        assert_eq!(qv.attrs().get("fail_min").and_then(AttrValue::as_f64), Some(-40.0));
        assert_eq!(qv.attrs().get("fail_min_2").and_then(AttrValue::as_f64), Some(-10.0));
        // Again: the next free name, and the first test's limits stay.
        let r = add_less_test(&mut ds, "temp", -20.0, &TestOptions::default()).unwrap();
        assert_eq!(r.test_meaning, "Data value less than fail_min_3.");
        assert_eq!(
            ds.get("qc_temp")
                .unwrap()
                .attrs()
                .get("fail_min_2")
                .and_then(AttrValue::as_f64),
            Some(-10.0)
        );
    }

    #[test]
    fn act_compat_and_undescribed_attrs_keep_the_plain_name() {
        let mut ds = arm_like();
        let r = add_less_test(&mut ds, "temp", -10.0, &TestOptions::default().act_compatible(true)).unwrap();
        assert_eq!(r.test_meaning, "Data value less than fail_min.");
        let mut ds = arm_like();
        ds.get_mut("qc_temp")
            .unwrap()
            .attrs_mut()
            .insert("flag_meanings".into(), vec!["Value is odd.".to_string()].into());
        let r = add_less_test(&mut ds, "temp", -10.0, &TestOptions::default()).unwrap();
        assert_eq!(r.test_meaning, "Data value less than fail_min.");
        let mut ds = arm_like();
        let mention = vec!["Above the x_fail_min and the fail_min_2.".to_string()];
        ds.get_mut("qc_temp")
            .unwrap()
            .attrs_mut()
            .insert("flag_meanings".into(), mention.into());
        let r = add_less_test(&mut ds, "temp", -10.0, &TestOptions::default()).unwrap();
        assert_eq!(r.test_meaning, "Data value less than fail_min.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn ds() -> Dataset {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![-1.0f32, 0.0, 0.1, 1.0, f32::NAN, -9999.0])
            .unwrap()
            .with_attr("long_name", "T");
        ds.insert("t", v).unwrap();
        ds
    }
    fn idx(ds: &Dataset, r: &TestResult) -> Vec<usize> {
        crate::get_qc_test_index(ds, &r.qc_variable_name, r.test_number).unwrap()
    }

    #[test]
    fn comparisons_strict_inclusive_and_nan() {
        let mut d = ds();
        let o = TestOptions::default();
        let r = add_less_test(&mut d, "t", 0.0, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![0, 5]);
        let r = add_greater_test(&mut d, "t", 0.1, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![3]);
        let r = add_less_equal_test(&mut d, "t", 0.0, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![0, 1, 5]);
        // Text given through the field (ACT's keyword) is capitalised when stored.
        let lower = TestOptions {
            test_assessment: Some("suspect".into()),
            ..o.clone()
        };
        let r = add_greater_equal_test(&mut d, "t", 0.1, &lower).unwrap();
        assert_eq!(idx(&d, &r), vec![2, 3]);
        assert_eq!(r.test_meaning, "Data value greater than or equal to warn_max.");
        let r = add_equal_to_test(&mut d, "t", 0.1, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![2]);
        let r = add_not_equal_to_test(&mut d, "t", 0.1, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![0, 1, 3, 4, 5]);
        let r = add_outside_test(&mut d, "t", 1.0, -1.0, &o).unwrap();
        assert_eq!(idx(&d, &r), vec![5]);
        let r = add_inside_test(&mut d, "t", 0.0, 1.0, &o.clone().limit_names(&["a", "b"])).unwrap();
        assert_eq!(idx(&d, &r), vec![1, 2, 3]);
        assert_eq!(r.test_meaning, "Data value greater than a or less than b.");
        let q = d.get("qc_t").unwrap();
        assert_eq!(q.attrs()["warn_max"], AttrValue::F32(vec![0.1]));
        assert_eq!(q.attrs()["fail_lower_range"], AttrValue::F32(vec![1.0]));
        assert_eq!(q.attrs()["a"], AttrValue::F32(vec![0.0]));
    }

    #[test]
    fn missing_value_catches_nan_and_raw_codes() {
        let mut d = ds();
        d.get_mut("t")
            .unwrap()
            .attrs_mut()
            .insert("missing_value".into(), AttrValue::F32(vec![-9999.0]));
        let r = add_missing_value_test(&mut d, "t", None, &TestOptions::default()).unwrap();
        // ACT would flag only index 4 (NaN); the raw -9999 at index 5 is missing too.
        assert_eq!(idx(&d, &r), vec![4, 5]);
        let mut d = ds();
        let r = add_missing_value_test(&mut d, "t", None, &TestOptions::default()).unwrap();
        assert_eq!(idx(&d, &r), vec![4]);
        assert!(d.get("t").unwrap().attrs()["missing_value"].as_f64().unwrap().is_nan());
        assert!(add_less_test(&mut d, "zz", 1.0, &TestOptions::default()).is_err());
    }

    #[test]
    fn missing_value_act_compat_flags_nan_only() {
        // ACT 2.3.4 `add_missing_value_test` on float32 [1, -9999, NaN, 2] with
        // missing_value = -9999 flagged index 2 only (tests/physics/act_compat_values.py).
        let make = || {
            let mut ds = Dataset::new();
            let v = Variable::new(["time"], vec![1.0f32, -9999.0, f32::NAN, 2.0])
                .unwrap()
                .with_attr("missing_value", AttrValue::F32(vec![-9999.0]));
            ds.insert("t", v).unwrap();
            ds
        };
        let mut ds = make();
        let r = add_missing_value_test(&mut ds, "t", None, &TestOptions::default().act_compatible(true)).unwrap();
        assert_eq!(crate::get_qc_test_index(&ds, "qc_t", r.test_number).unwrap(), vec![2]);
        let mut ds = make();
        let r = add_missing_value_test(&mut ds, "t", None, &TestOptions::default()).unwrap();
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_t", r.test_number).unwrap(),
            vec![1, 2]
        );
    }
}
