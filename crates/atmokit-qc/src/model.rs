//! The QC variable model: `qc_<var>` with `flag_masks` (bit tests) or `flag_values` (integer-state
//! tests), `flag_meanings` and `flag_assessments`, linked through the data variable's
//! `ancillary_variables`. Everything works in place on a [`Dataset`].
//!
//! Ports `QCFilter.check_for_ancillary_qc`, `create_qc_variable`, `update_ancillary_variable`,
//! `add_test`, `available_bit`, `set_test`, `unset_test`, `remove_test` and `get_qc_test_mask`
//! (ACT API reference, `act.qc.qcfilter.QCFilter`).

use crate::TestOptions;
use crate::bits::{mask_to_test_number, test_mask};
use crate::qcint;
use atmokit_core::{AttrValue, DType, Data, Dataset, Error, Result, Variable};

/// How the tests of a QC variable are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// `flag_masks`: test `n` is bit `2^(n-1)`; several tests may be set at once.
    Masks,
    /// `flag_values`: the QC value *is* the test number (one state at a time).
    Values,
}

/// The test definitions of one QC variable, in attribute order.
#[derive(Clone, Debug, PartialEq)]
pub struct QcFlags {
    /// Bit tests or integer states.
    pub kind: FlagKind,
    /// Test numbers (from `flag_masks` bits or `flag_values`).
    pub numbers: Vec<u32>,
    /// `flag_meanings`, one per test ("" when the attribute is short).
    pub meanings: Vec<String>,
    /// `flag_assessments`, one per test ("" when the attribute is short).
    pub assessments: Vec<String>,
}

impl QcFlags {
    /// Read the definitions from a QC variable's attributes. A QC variable without `flag_masks` and
    /// `flag_values` is treated as bit-packed with no tests.
    pub fn read(ds: &Dataset, qc_name: &str) -> Result<QcFlags> {
        let v = ds.get(qc_name)?;
        let attr_ints = |key: &str| -> Result<Option<Vec<i128>>> {
            match v.attrs().get(key) {
                None => Ok(None),
                Some(AttrValue::Str(s)) if s.trim().is_empty() => Ok(Some(vec![])),
                Some(a) => {
                    let vals = match a {
                        AttrValue::Str(s) => s.split_whitespace().map(|t| t.parse::<i128>().ok()).collect(),
                        other => other.as_i128_vec(),
                    };
                    vals.map(Some).ok_or_else(|| Error::InvalidAttribute {
                        var: qc_name.into(),
                        attr: key.into(),
                        reason: format!("expected integers, found {a}"),
                    })
                }
            }
        };
        let (kind, raw) = match (attr_ints("flag_masks")?, attr_ints("flag_values")?) {
            (Some(m), _) => (FlagKind::Masks, m),
            (None, Some(vals)) => (FlagKind::Values, vals),
            (None, None) => (FlagKind::Masks, vec![]),
        };
        let numbers = raw
            .iter()
            .map(|&m| {
                let n = match kind {
                    FlagKind::Masks => u64::try_from(m).ok().and_then(mask_to_test_number),
                    FlagKind::Values => u32::try_from(m).ok(),
                };
                n.ok_or_else(|| Error::InvalidAttribute {
                    var: qc_name.into(),
                    attr: if kind == FlagKind::Masks {
                        "flag_masks"
                    } else {
                        "flag_values"
                    }
                    .into(),
                    reason: format!("{m} is not a single-bit mask / non-negative test value"),
                })
            })
            .collect::<Result<Vec<u32>>>()?;
        let strings = |key: &str| -> Vec<String> {
            let mut s = match v.attrs().get(key) {
                Some(AttrValue::Strs(x)) => x.clone(),
                Some(AttrValue::Str(x)) => x.split_whitespace().map(|t| t.replace("__", " ")).collect(),
                _ => vec![],
            };
            s.resize(numbers.len().max(s.len()), String::new());
            s
        };
        Ok(QcFlags {
            kind,
            meanings: strings("flag_meanings"),
            assessments: strings("flag_assessments"),
            numbers,
        })
    }

    /// Write the definitions back as CF attributes (`flag_masks` uint32, or uint64 when a mask
    /// exceeds 2^32-1; `flag_values` int32), keeping the other attributes.
    pub fn write(&self, ds: &mut Dataset, qc_name: &str) -> Result<()> {
        let v = ds.get_mut(qc_name)?;
        let a = v.attrs_mut();
        match self.kind {
            FlagKind::Masks => {
                let masks: Vec<u64> = self.numbers.iter().map(|&n| test_mask(n)).collect::<Result<_>>()?;
                let value = if masks.iter().all(|&m| m <= u32::MAX as u64) {
                    AttrValue::U32(masks.iter().map(|&m| m as u32).collect())
                } else {
                    AttrValue::U64(masks)
                };
                a.shift_remove("flag_values");
                set_keep_position(a, "flag_masks", value);
            }
            FlagKind::Values => {
                let vals: Vec<i32> = self.numbers.iter().map(|&n| n as i32).collect();
                a.shift_remove("flag_masks");
                set_keep_position(a, "flag_values", AttrValue::I32(vals));
            }
        }
        set_keep_position(a, "flag_meanings", AttrValue::Strs(self.meanings.clone()));
        set_keep_position(a, "flag_assessments", AttrValue::Strs(self.assessments.clone()));
        Ok(())
    }

    /// Position of test `n` in the lists.
    pub fn position(&self, n: u32) -> Option<usize> {
        self.numbers.iter().position(|&x| x == n)
    }
}

fn set_keep_position(a: &mut atmokit_core::Attrs, key: &str, value: AttrValue) {
    if let Some(slot) = a.get_mut(key) {
        *slot = value;
    } else {
        a.insert(key.to_string(), value);
    }
}

/// What [`add_test`] (and every QC test) returns, as ACT's dict.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// The test number (bit `2^(n-1)` or flag value `n`).
    pub test_number: u32,
    /// The meaning written to `flag_meanings`.
    pub test_meaning: String,
    /// The assessment written to `flag_assessments` (capitalised).
    pub test_assessment: String,
    /// The QC variable holding the test.
    pub qc_variable_name: String,
    /// The data variable tested.
    pub variable_name: String,
}

/// Python's `str.capitalize()`: first character upper case, the rest lower case (ACT applies it
/// to every assessment).
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c.flat_map(|x| x.to_lowercase())).collect(),
        None => String::new(),
    }
}

fn is_quality_flag(v: &Variable) -> bool {
    v.attr_str("standard_name").is_some_and(|s| s.contains("quality_flag"))
}

fn dims_mismatch(qc: &str, qv: &Variable, var: &str, dv: &Variable) -> Error {
    Error::data(
        qc,
        format!(
            "QC variable has dims {:?} but data variable '{var}' has dims {:?}",
            qv.dims(),
            dv.dims()
        ),
    )
}

/// The QC variable of `var`, creating and linking `qc_<var>` when there is none.
///
/// Looks, in order, at the members of `var`'s `ancillary_variables` whose `standard_name` contains
/// `quality_flag` and whose dims equal `var`'s, then at a variable named `qc_<var>` (which must have
/// the same dims: otherwise an error names both), then creates one when `add_if_missing`
/// (`kind` chooses `flag_masks` or `flag_values`; ACT's `flag_type=True` is [`FlagKind::Values`]). The result is always linked through
/// `ancillary_variables`. Returns `None` only when nothing exists and `add_if_missing` is false.
///
/// Differs from ACT: when `ancillary_variables` lists no QC variable (e.g. only a `source` var),
/// ACT returns `None` and a later `add_test` fails; here `qc_<var>` is used or created.
pub fn check_for_ancillary_qc(
    ds: &mut Dataset,
    var: &str,
    add_if_missing: bool,
    kind: FlagKind,
) -> Result<Option<String>> {
    if let Some(linked) = linked_quality_flag(ds, var)? {
        return Ok(Some(linked));
    }
    let dv = ds.get(var)?;
    let qc = format!("qc_{var}");
    if let Some(qv) = ds.var(&qc) {
        if qv.dims() != dv.dims() {
            return Err(dims_mismatch(&qc, qv, var, dv));
        }
        update_ancillary_variable(ds, var, &qc)?;
        return Ok(Some(qc));
    }
    if !add_if_missing {
        return Ok(None);
    }
    create_qc_variable(ds, var, kind, None).map(Some)
}

/// The QC variable of `var` without changing anything: the first `ancillary_variables` member
/// with `standard_name` quality_flag and the same dims, else `qc_<var>` when its dims match.
pub fn find_qc_variable(ds: &Dataset, var: &str) -> Result<Option<String>> {
    if let Some(linked) = linked_quality_flag(ds, var)? {
        return Ok(Some(linked));
    }
    let dims = ds.get(var)?.dims();
    let qc = format!("qc_{var}");
    Ok(ds.var(&qc).filter(|qv| qv.dims() == dims).map(|_| qc))
}

/// The first member of `var`'s `ancillary_variables` that is a quality flag with `var`'s dims.
fn linked_quality_flag(ds: &Dataset, var: &str) -> Result<Option<String>> {
    let dv = ds.get(var)?;
    let Some(anc) = dv.attr_str("ancillary_variables") else {
        return Ok(None);
    };
    Ok(anc
        .split_whitespace()
        .find(|name| {
            ds.var(name)
                .is_some_and(|qv| is_quality_flag(qv) && qv.dims() == dv.dims())
        })
        .map(str::to_string))
}

/// Create an int32 QC variable of zeros for `var` (same dims), with `long_name`
/// `"Quality check results on field: <long_name>"` (or `"Quality check results for <var>"`), `units "1"`,
/// empty `flag_masks` (or `flag_values` for [`FlagKind::Values`]), `flag_meanings`, `flag_assessments` and
/// `standard_name "quality_flag"`, and link it. A taken name gets a `_1`…`_99` suffix.
pub fn create_qc_variable(ds: &mut Dataset, var: &str, kind: FlagKind, qc_var_name: Option<&str>) -> Result<String> {
    let dv = ds.get(var)?;
    let base = qc_var_name.map(str::to_string).unwrap_or_else(|| format!("qc_{var}"));
    let mut name = base.clone();
    let mut k = 1;
    while ds.contains(&name) {
        if k > 99 {
            return Err(Error::data(
                var,
                format!("cannot create a QC variable: {base}_1..{base}_99 all exist"),
            ));
        }
        name = format!("{base}_{k}");
        k += 1;
    }
    let long_name = match dv.long_name() {
        Some(l) => format!("Quality check results on field: {l}"),
        None => format!("Quality check results for {var}"),
    };
    let data = Data::zeros(DType::I32, dv.shape());
    let flags_key = match kind {
        FlagKind::Values => "flag_values",
        FlagKind::Masks => "flag_masks",
    };
    let flags = if kind == FlagKind::Values {
        AttrValue::I32(vec![])
    } else {
        AttrValue::U32(vec![])
    };
    let qv = Variable::new(dv.dims().to_vec(), data)?
        .with_attr("long_name", long_name)
        .with_attr("units", "1")
        .with_attr(flags_key, flags)
        .with_attr("flag_meanings", AttrValue::Strs(vec![]))
        .with_attr("flag_assessments", AttrValue::Strs(vec![]))
        .with_attr("standard_name", "quality_flag");
    ds.insert(&name, qv)?;
    update_ancillary_variable(ds, var, &name)?;
    Ok(name)
}

/// Append `qc_name` to `var`'s `ancillary_variables` (space separated) unless already listed.
pub fn update_ancillary_variable(ds: &mut Dataset, var: &str, qc_name: &str) -> Result<()> {
    let dv = ds.get_mut(var)?;
    let cur = dv.attr_str("ancillary_variables").unwrap_or("").to_string();
    if !cur.split_whitespace().any(|n| n == qc_name) {
        let new = if cur.trim().is_empty() {
            qc_name.to_string()
        } else {
            format!("{} {qc_name}", cur.trim())
        };
        dv.attrs_mut().insert("ancillary_variables".into(), AttrValue::Str(new));
    }
    Ok(())
}

/// The next test number: 1 when there are no tests, else the highest + 1; with `recycle`, the
/// lowest unused number in 1..=64 (bit tests) or 1..=99999 (flag values).
pub fn available_bit(flags: &QcFlags, recycle: bool) -> Result<u32> {
    let max = if flags.kind == FlagKind::Masks {
        crate::bits::MAX_TEST_NUMBER
    } else {
        99_999
    };
    let n = if recycle {
        (1..=max).find(|n| !flags.numbers.contains(n)).unwrap_or(max + 1)
    } else {
        flags.numbers.iter().max().map_or(1, |m| m + 1)
    };
    if n > max {
        return Err(Error::invalid(format!(
            "no free test number: the QC variable already holds tests up to {max}"
        )));
    }
    Ok(n)
}

/// Resolve the QC variable for `var`: the explicit `qc_var_name`, else [`check_for_ancillary_qc`].
pub(crate) fn resolve_qc(ds: &mut Dataset, var: &str, qc_var_name: Option<&str>, kind: FlagKind) -> Result<String> {
    match qc_var_name {
        Some(q) => {
            let (qv, dv) = (ds.get(q)?, ds.get(var)?);
            if qv.shape() != dv.shape() {
                return Err(dims_mismatch(q, qv, var, dv));
            }
            Ok(q.to_string())
        }
        None => check_for_ancillary_qc(ds, var, true, kind)?.ok_or_else(|| Error::not_found(format!("qc_{var}"))),
    }
}

/// Define a new test on `var`'s QC variable and set it where `index` is true.
///
/// `index` is a boolean mask in the data's logical (row-major) order, `None` to only define the
/// test. The number is `test_number` or [`available_bit`]; the mask `2^(n-1)` (or value `n` with
/// `flag_value`) is appended with the meaning and the capitalised assessment. Works in place.
/// Errors: unknown variable, QC dims that differ from the data's, more than 64 bit tests, a QC
/// variable holding ARM bit descriptions not yet converted by [`crate::cleanup`].
/// Of `opts`, `test_number`, `flag_value`, `recycle` and `qc_var_name` are used.
pub fn add_test(
    ds: &mut Dataset,
    var: &str,
    index: Option<&[bool]>,
    test_meaning: &str,
    test_assessment: &str,
    opts: &TestOptions,
) -> Result<TestResult> {
    let (test_number, flag_value, recycle) = (opts.test_number, opts.flag_value, opts.recycle);
    let qc_var_name = opts.qc_var_name.as_deref();
    let qc = resolve_qc(ds, var, qc_var_name, opts.flag_kind())?;
    let qv = ds.get(&qc)?;
    let has_cf = ["flag_masks", "flag_values"]
        .iter()
        .any(|k| qv.attrs().contains_key(*k));
    if !has_cf && qv.attrs().keys().any(|k| k.starts_with("bit_") || k == "description") {
        return Err(Error::InvalidAttribute {
            var: qc.clone(),
            attr: "flag_masks".into(),
            reason: "ARM QC variable not converted to CF flag_masks; run the cleanup first (`atmokit qc --cleanup`, atmokit_qc::cleanup::cleanup)".into(),
        });
    }
    let mut flags = QcFlags::read(ds, &qc)?;
    if flag_value && flags.kind == FlagKind::Masks && flags.numbers.is_empty() {
        flags.kind = FlagKind::Values;
    }
    if flag_value != (flags.kind == FlagKind::Values) {
        return Err(Error::data(
            qc,
            format!(
                "cannot mix a {} test into this QC variable, which uses {}",
                if flag_value { "flag_value" } else { "bit" },
                if flag_value { "flag_masks" } else { "flag_values" }
            ),
        ));
    }
    let n = match test_number {
        Some(n) => n,
        None => available_bit(&flags, recycle)?,
    };
    if flags.kind == FlagKind::Masks {
        test_mask(n).map_err(|e| Error::data(&qc, e.to_string()))?;
    }
    let assessment = capitalize(test_assessment);
    flags.numbers.push(n);
    flags.meanings.truncate(flags.numbers.len() - 1);
    flags.assessments.truncate(flags.numbers.len() - 1);
    flags.meanings.push(test_meaning.to_string());
    flags.assessments.push(assessment.clone());
    if flags.kind == FlagKind::Masks {
        qcint::ensure_bit_capacity(&qc, ds.get_mut(&qc)?.data_mut(), n)?;
    }
    flags.write(ds, &qc)?;
    if let Some(mask) = index {
        set_test(ds, &qc, mask, n, flags.kind)?;
    }
    Ok(TestResult {
        test_number: n,
        test_meaning: test_meaning.to_string(),
        test_assessment: assessment,
        qc_variable_name: qc,
        variable_name: var.to_string(),
    })
}

/// Set test `test_number` where `mask` is true on QC variable `qc_name`: OR the bit (widening
/// the integer when it does not fit — ACT overflows on test 32 of int32) or, for
/// [`FlagKind::Values`] (ACT's `flag_value=True`), assign the number. Float QC is cast to int32 first.
pub fn set_test(ds: &mut Dataset, qc_name: &str, mask: &[bool], test_number: u32, kind: FlagKind) -> Result<()> {
    let data = ds.get_mut(qc_name)?.data_mut();
    if kind == FlagKind::Values {
        qcint::assign_value(qc_name, data, mask, i64::from(test_number))
    } else {
        qcint::ensure_bit_capacity(qc_name, data, test_number)?;
        qcint::set_bits(qc_name, data, mask, test_number)
    }
}

/// Clear test `test_number` where `mask` is true (`None`: everywhere). For [`FlagKind::Values`]
/// (ACT's `flag_value=True`), elements equal to the number become `flag_values_reset_value`.
pub fn unset_test(
    ds: &mut Dataset,
    qc_name: &str,
    mask: Option<&[bool]>,
    test_number: u32,
    kind: FlagKind,
    flag_values_reset_value: i64,
) -> Result<()> {
    let data = ds.get_mut(qc_name)?.data_mut();
    if kind == FlagKind::Values {
        let mut hit = qcint::value_mask(qc_name, data, i64::from(test_number))?;
        if let Some(m) = mask {
            if m.len() != hit.len() {
                return Err(Error::data(
                    qc_name,
                    format!("mask has {} values, QC has {}", m.len(), hit.len()),
                ));
            }
            hit.iter_mut().zip(m).for_each(|(h, &k)| *h &= k);
        }
        qcint::assign_value(qc_name, data, &hit, flag_values_reset_value)
    } else {
        qcint::clear_bits(qc_name, data, mask, test_number)
    }
}

/// Remove test `test_number`: clear it everywhere and delete its mask, meaning and assessment
/// (other tests keep their numbers). Errors when the test is not defined.
pub fn remove_test(ds: &mut Dataset, qc_name: &str, test_number: u32, flag_values_reset_value: i64) -> Result<()> {
    let mut flags = QcFlags::read(ds, qc_name)?;
    let pos = flags
        .position(test_number)
        .ok_or_else(|| Error::data(qc_name, format!("has no test number {test_number}")))?;
    unset_test(ds, qc_name, None, test_number, flags.kind, flag_values_reset_value)?;
    flags.numbers.remove(pos);
    flags.meanings.remove(pos);
    flags.assessments.remove(pos);
    flags.write(ds, qc_name)
}

/// Where test `test_number` is set in QC variable `qc_name` (logical order):
/// `(qc & 2^(n-1)) != 0`, or `qc == n` for `flag_values` QC.
pub fn get_qc_test_mask(ds: &Dataset, qc_name: &str, test_number: u32) -> Result<Vec<bool>> {
    let flags = QcFlags::read(ds, qc_name)?;
    let data = ds.get(qc_name)?.data();
    match flags.kind {
        FlagKind::Masks => qcint::bit_mask(qc_name, data, test_number),
        FlagKind::Values => qcint::value_mask(qc_name, data, i64::from(test_number)),
    }
}

/// Indices (flat, logical order) where test `test_number` is set (ACT's `return_index=True`).
pub fn get_qc_test_index(ds: &Dataset, qc_name: &str, test_number: u32) -> Result<Vec<usize>> {
    Ok(get_qc_test_mask(ds, qc_name, test_number)?
        .iter()
        .enumerate()
        .filter_map(|(i, &m)| m.then_some(i))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(n: usize) -> Dataset {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![1.0f32; n])
            .unwrap()
            .with_attr("long_name", "Speed");
        ds.insert("avg_wind_speed", v).unwrap();
        ds
    }

    #[test]
    fn add_test_like_act_on_length_one_variable() {
        // ACT 2.3.4 unit tests (QCFilter): bool index false → qc 0; true → 2; index [0] → 6.
        let mut d = ds(1);
        let r = add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[false]),
            "t1",
            "bad",
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(
            (r.test_number, r.test_assessment.as_str(), r.qc_variable_name.as_str()),
            (1, "Bad", "qc_avg_wind_speed")
        );
        assert_eq!(d.view::<i32>("qc_avg_wind_speed").unwrap()[[0]], 0);
        add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[true]),
            "t2",
            "Bad",
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(d.view::<i32>("qc_avg_wind_speed").unwrap()[[0]], 2);
        add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[true]),
            "t3",
            "Bad",
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(d.view::<i32>("qc_avg_wind_speed").unwrap()[[0]], 6);
        let q = d.get("qc_avg_wind_speed").unwrap();
        assert_eq!(q.attrs()["flag_masks"], AttrValue::U32(vec![1, 2, 4]));
        assert_eq!(q.attr_str("long_name"), Some("Quality check results on field: Speed"));
        assert_eq!(
            d.get("avg_wind_speed").unwrap().attr_str("ancillary_variables"),
            Some("qc_avg_wind_speed")
        );
    }

    #[test]
    fn recycle_remove_and_flag_values() {
        let mut d = ds(3);
        for k in 0..3 {
            add_test(
                &mut d,
                "avg_wind_speed",
                Some(&[k == 0, k == 1, k == 2]),
                "m",
                "Bad",
                &TestOptions::default(),
            )
            .unwrap();
        }
        remove_test(&mut d, "qc_avg_wind_speed", 1, 0).unwrap();
        let f = QcFlags::read(&d, "qc_avg_wind_speed").unwrap();
        assert_eq!(f.numbers, vec![2, 3]);
        assert_eq!(available_bit(&f, false).unwrap(), 4);
        assert_eq!(available_bit(&f, true).unwrap(), 1);
        assert_eq!(
            d.view::<i32>("qc_avg_wind_speed")
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![0, 2, 4]
        );
        assert_eq!(get_qc_test_index(&d, "qc_avg_wind_speed", 3).unwrap(), vec![2]);
        assert!(remove_test(&mut d, "qc_avg_wind_speed", 9, 0).is_err());
        // flag_values QC assigns the number.
        let mut d = ds(3);
        add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[true, true, false]),
            "a",
            "Bad",
            &TestOptions::default().flag_value(),
        )
        .unwrap();
        add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[false, true, false]),
            "b",
            "Bad",
            &TestOptions::default().flag_value(),
        )
        .unwrap();
        assert_eq!(
            d.view::<i32>("qc_avg_wind_speed")
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![1, 2, 0]
        );
        assert_eq!(
            d.get("qc_avg_wind_speed").unwrap().attrs()["flag_values"],
            AttrValue::I32(vec![1, 2])
        );
        assert!(add_test(&mut d, "avg_wind_speed", None, "c", "Bad", &TestOptions::default()).is_err());
    }

    #[test]
    fn test_32_widens_and_65_fails() {
        let mut d = ds(2);
        let r = add_test(
            &mut d,
            "avg_wind_speed",
            Some(&[true, false]),
            "x",
            "Bad",
            &TestOptions::default().number(32),
        )
        .unwrap();
        assert_eq!(r.test_number, 32);
        assert_eq!(d.get("qc_avg_wind_speed").unwrap().dtype(), DType::I64);
        assert_eq!(
            d.view::<i64>("qc_avg_wind_speed")
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![1i64 << 31, 0]
        );
        add_test(
            &mut d,
            "avg_wind_speed",
            None,
            "y",
            "Bad",
            &TestOptions::default().number(40),
        )
        .unwrap();
        assert_eq!(
            d.get("qc_avg_wind_speed").unwrap().attrs()["flag_masks"],
            AttrValue::U64(vec![1 << 31, 1 << 39])
        );
        let e = add_test(
            &mut d,
            "avg_wind_speed",
            None,
            "z",
            "Bad",
            &TestOptions::default().number(65),
        )
        .unwrap_err();
        assert!(e.to_string().contains("64"), "{e}");
    }

    #[test]
    fn bad_inputs_are_errors() {
        let mut d = ds(2);
        assert!(matches!(
            add_test(&mut d, "nope", None, "x", "Bad", &TestOptions::default()),
            Err(Error::VariableNotFound { .. })
        ));
        d.insert("qc_avg_wind_speed", Variable::new(["other"], vec![0i32; 5]).unwrap())
            .unwrap();
        let e = add_test(&mut d, "avg_wind_speed", None, "x", "Bad", &TestOptions::default()).unwrap_err();
        assert!(e.to_string().contains("dims"), "{e}");
        assert!(
            add_test(
                &mut d,
                "avg_wind_speed",
                Some(&[true]),
                "x",
                "Bad",
                &TestOptions {
                    qc_var_name: Some("qc_avg_wind_speed".into()),
                    ..Default::default()
                }
            )
            .is_err()
        );
        assert_eq!(capitalize("sUSPECT"), "Suspect");
    }
}
