//! ARM → CF QC cleanup, the port of ACT's `ds.clean.cleanup()` (ACT API reference, `act.qc.clean.CleanDataset`).
//!
//! Steps, in ACT's order: rename `qc_bit_N_*` attrs found on QC variables to `bit_N_*`; turn
//! per-variable `bit_N_*` / `flag_N_*` attrs, or the global `qc_bit_N_*` ones, into `flag_masks` /
//! `flag_values`, `flag_meanings`, `flag_assessments`; move `valid_min/max/delta` from the data
//! variable to `fail_*` on the QC variable when a meaning names them; drop global tests whose limit
//! the variable lacks; convert requested state variables; put float-promoted flag variables back
//! to integers; link `ancillary_variables`; split string `flag_meanings` into lists.
//! Old files that document QC only in the `Mentor_QC_Field_Information` text ("Basic mentor QC
//! checks": missing, < valid_min, > valid_max, valid_delta) get those four tests on every
//! "Quality check results on field" variable; SWATS files also get units "C" → "degC".
//! SERI QC (`qc_method = "DQMS"`) is converted by [`crate::seri::clean_seri_qc`] when nothing else is found.
//!
//! Differs from ACT: integer-style QC (`flag_method = "integer"`, `flag_N_description`) becomes
//! `flag_values = [N...]`, so the stored codes keep their meaning. ACT 2.3.4 writes
//! `flag_masks = 2^(N-1)` without converting the codes (code 5 then reads as tests 1 and 3) and
//! casts the variable to uint32 (oracle README quirk 7).

use crate::model::{FlagKind, QcFlags};
use atmokit_core::{AttrValue, Attrs, DType, Dataset, Result, Variable};
use std::collections::BTreeMap;

/// Options of [`cleanup`] (ACT's keyword arguments of the same names).
#[derive(Clone, Debug)]
pub struct CleanupOptions {
    /// Convert ARM QC variables (step 2).
    pub cleanup_arm_qc: bool,
    /// State variables whose `flag_N_description` attrs become `flag_values` / `flag_meanings`
    /// ([`crate::state_vars`] with its default options).
    pub clean_arm_state_vars: Vec<String>,
    /// Put float-promoted flag variables back to integers with `missing_value` -9999.
    pub handle_missing_value: bool,
    /// Link `qc_<x>` to `<x>` through `ancillary_variables`.
    pub link_qc_variables: bool,
    /// Map assessments Bad → Incorrect and Indeterminate → Suspect.
    pub normalize_assessment: bool,
    /// Split string `flag_meanings` / `flag_assessments` into lists.
    pub cleanup_cf_qc: bool,
}

impl Default for CleanupOptions {
    fn default() -> Self {
        CleanupOptions {
            cleanup_arm_qc: true,
            clean_arm_state_vars: vec![],
            handle_missing_value: true,
            link_qc_variables: true,
            normalize_assessment: false,
            cleanup_cf_qc: true,
        }
    }
}

#[derive(Default)]
pub(crate) struct TestDef {
    pub(crate) description: Option<String>,
    pub(crate) assessment: Option<String>,
}

/// Parse `<prefix><n>_description` / `_assessment` attrs into a sorted map n → definition.
pub(crate) fn parse_defs(attrs: &Attrs, prefix: &str) -> BTreeMap<u32, TestDef> {
    let mut out: BTreeMap<u32, TestDef> = BTreeMap::new();
    for (k, v) in attrs {
        let Some(rest) = k.strip_prefix(prefix) else { continue };
        let Some((num, field)) = rest.split_once('_') else {
            continue;
        };
        let Ok(n) = num.parse::<u32>() else { continue };
        let text = v.to_string();
        match field {
            "description" => out.entry(n).or_default().description = Some(text),
            "assessment" => out.entry(n).or_default().assessment = Some(text),
            _ => {}
        }
    }
    out.retain(|_, d| d.description.is_some());
    out
}

pub(crate) fn is_def_attr(k: &str, prefix: &str) -> bool {
    k.strip_prefix(prefix)
        .and_then(|r| r.split_once('_'))
        .is_some_and(|(n, f)| n.parse::<u32>().is_ok() && matches!(f, "description" | "assessment" | "comment"))
}

pub(crate) fn is_qc_name(ds: &Dataset, name: &str) -> bool {
    name.starts_with("qc_")
        || ds
            .var(name)
            .is_some_and(|v| v.attr_str("standard_name") == Some("quality_flag"))
}

/// Run the whole cleanup in place. Returns the names of the QC variables converted from ARM form.
///
/// ```
/// use atmokit_core::{AttrValue, Dataset, Variable};
/// use atmokit_qc::cleanup::{CleanupOptions, cleanup};
/// let mut ds = Dataset::new();
/// ds.insert("temp", Variable::new(["time"], vec![1.0f32, -9999.0])?)?;
/// // ARM's on-disk form: one attribute per bit.
/// let qc = Variable::new(["time"], vec![0i32, 1])?
///     .with_attr("long_name", "Quality check results on field: Temperature")
///     .with_attr("flag_method", "bit")
///     .with_attr("bit_1_description", "Value is equal to missing_value.")
///     .with_attr("bit_1_assessment", "Bad");
/// ds.insert("qc_temp", qc)?;
/// assert_eq!(cleanup(&mut ds, &CleanupOptions::default())?, ["qc_temp"]);
/// let q = ds.get("qc_temp")?;
/// assert_eq!(q.attrs().get("flag_masks").and_then(AttrValue::as_i64), Some(1));
/// assert_eq!(q.attrs().get("flag_assessments").and_then(AttrValue::as_strings), Some(vec!["Bad".to_string()]));
/// assert_eq!(ds.get("temp")?.attr_str("ancillary_variables"), Some("qc_temp")); // linked
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn cleanup(ds: &mut Dataset, opts: &CleanupOptions) -> Result<Vec<String>> {
    fix_incorrect_variable_bit_description_attributes(ds);
    let converted = if opts.cleanup_arm_qc { clean_arm_qc(ds)? } else { vec![] };
    let states: Vec<&str> = opts.clean_arm_state_vars.iter().map(String::as_str).collect();
    crate::state_vars::clean_arm_state_variables(ds, &states, &Default::default())?;
    if opts.handle_missing_value {
        handle_missing_values(ds)?;
    }
    if opts.link_qc_variables {
        link_variables(ds)?;
    }
    if opts.normalize_assessment {
        normalize_assessment(ds)?;
    }
    if opts.cleanup_cf_qc {
        clean_cf_qc(ds);
    }
    Ok(converted)
}

/// Step 1: on QC variables (long_name "Quality check results on…"), rename attrs
/// `qc_bit_N_description` / `_assessment` to `bit_N_…`.
pub fn fix_incorrect_variable_bit_description_attributes(ds: &mut Dataset) {
    for (_, v) in ds.variables_mut() {
        if !v.long_name().is_some_and(|l| l.starts_with("Quality check results on")) {
            continue;
        }
        let keys: Vec<String> = v
            .attrs()
            .keys()
            .filter(|k| is_def_attr(k, "qc_bit_"))
            .cloned()
            .collect();
        for k in keys {
            if let Some(val) = v.attrs_mut().shift_remove(&k) {
                v.attrs_mut().insert(k.trim_start_matches("qc_").to_string(), val);
            }
        }
    }
}

/// Step 2: convert ARM QC variables to CF (see the module docs). Returns the converted names.
pub fn clean_arm_qc(ds: &mut Dataset) -> Result<Vec<String>> {
    let mut global_defs = parse_defs(ds.attrs(), "qc_bit_");
    let mentor = global_defs.is_empty() && mentor_qc(ds);
    if mentor {
        global_defs = mentor_defs();
        if ds
            .attr_str("Mentor_QC_Field_Information")
            .is_some_and(|t| t.contains("SWATS QC checks"))
        {
            swats_units(ds);
        }
    }
    let names: Vec<String> = ds.names().filter(|n| is_qc_name(ds, n)).map(str::to_string).collect();
    let mut converted = vec![];
    let mut used_global = false;
    for qc in names {
        let v = ds.get(&qc)?;
        let integer = v.attr_str("flag_method") == Some("integer");
        let (mut defs, mut global) = (parse_defs(v.attrs(), "bit_"), false);
        if defs.is_empty() {
            defs = parse_defs(v.attrs(), "flag_");
        }
        let field_qc = v
            .long_name()
            .is_some_and(|l| l.starts_with("Quality check results on field"));
        if defs.is_empty()
            && !v.attrs().contains_key("flag_masks")
            && !v.attrs().contains_key("flag_values")
            && (!mentor || field_qc)
        {
            defs = global_defs
                .iter()
                .map(|(&n, d)| {
                    (
                        n,
                        TestDef {
                            description: d.description.clone(),
                            assessment: d.assessment.clone(),
                        },
                    )
                })
                .collect();
            global = !defs.is_empty();
        }
        if defs.is_empty() {
            continue;
        }
        used_global |= global;
        let mut flags = QcFlags {
            kind: if integer { FlagKind::Values } else { FlagKind::Masks },
            numbers: defs.keys().copied().collect(),
            meanings: defs
                .values()
                .map(|d| d.description.clone().unwrap_or_default())
                .collect(),
            assessments: defs
                .values()
                .map(|d| d.assessment.clone().unwrap_or_default())
                .collect(),
        };
        let data_name = qc.strip_prefix("qc_").map(str::to_string);
        // Move valid_* limits named by a meaning to fail_* on the QC variable.
        let mut limits = vec![];
        for m in flags.meanings.iter_mut() {
            for lim in ["min", "max", "delta"] {
                let valid = format!("valid_{lim}");
                if m.contains(&valid) {
                    *m = m.replace(&valid, &format!("fail_{lim}"));
                    if let Some(dn) = &data_name
                        && let Some(dv) = ds.var(dn)
                        && let Some(val) = dv.attrs().get(&valid)
                    {
                        limits.push((dn.clone(), valid.clone(), format!("fail_{lim}"), val.clone()));
                    }
                }
            }
        }
        for (dn, valid, fail, val) in &limits {
            ds.get_mut(dn)?.attrs_mut().shift_remove(valid);
            ds.get_mut(&qc)?.attrs_mut().insert(fail.clone(), val.clone());
        }
        // Global tests naming a limit the variable lacks were not performed: drop them (unless set).
        if global {
            let qv = ds.get(&qc)?;
            let mut keep = vec![true; flags.numbers.len()];
            for (i, m) in flags.meanings.iter().enumerate() {
                for lim in ["fail_min", "fail_max", "fail_delta"] {
                    if m.contains(lim) && !qv.attrs().contains_key(lim) {
                        let set = crate::qcint::bit_mask(&qc, qv.data(), flags.numbers[i])?
                            .iter()
                            .any(|&b| b);
                        keep[i] = set;
                    }
                }
            }
            let mut it = keep.iter();
            flags.numbers.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            flags.meanings.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            flags.assessments.retain(|_| *it.next().unwrap_or(&true));
        }
        let qv = ds.get_mut(&qc)?;
        let a = qv.attrs_mut();
        if a.get("units").and_then(|u| u.as_str()) == Some("unitless") {
            a.insert("units".into(), "1".into());
        }
        let keys: Vec<String> = a
            .keys()
            .filter(|k| is_def_attr(k, "bit_") || is_def_attr(k, "flag_") || *k == "description" || *k == "flag_method")
            .cloned()
            .collect();
        for k in keys {
            a.shift_remove(&k);
        }
        flags.write(ds, &qc)?;
        converted.push(qc);
    }
    if used_global {
        let keys: Vec<String> = ds
            .attrs()
            .keys()
            .filter(|k| is_def_attr(k, "qc_bit_") || *k == "qc_bit_comment")
            .cloned()
            .collect();
        for k in keys {
            ds.attrs_mut().shift_remove(&k);
        }
    }
    if converted.is_empty() && crate::seri::is_seri(ds) {
        converted = crate::seri::clean_seri_qc(ds)?;
    }
    Ok(converted)
}

/// True for old ARM files documenting QC only in the `Mentor_QC_Field_Information` global text
/// ("Basic mentor QC checks (bit values)").
fn mentor_qc(ds: &Dataset) -> bool {
    ds.attr_str("Mentor_QC_Field_Information")
        .is_some_and(|t| t.contains("Basic mentor QC checks"))
}

/// The four tests of ARM's basic mentor QC text (0x1 missing, 0x2 < valid_min, 0x4 > valid_max,
/// 0x8 valid_delta), worded like the later global `qc_bit_N_description` attrs.
fn mentor_defs() -> BTreeMap<u32, TestDef> {
    [
        ("Value is equal to missing_value.", "Bad"),
        ("Value is less than the valid_min.", "Bad"),
        ("Value is greater than the valid_max.", "Bad"),
        (
            "Difference between current and previous values exceeds valid_delta.",
            "Indeterminate",
        ),
    ]
    .iter()
    .enumerate()
    .map(|(i, (d, a))| {
        (
            i as u32 + 1,
            TestDef {
                description: Some(d.to_string()),
                assessment: Some(a.to_string()),
            },
        )
    })
    .collect()
}

/// SWATS files write Celsius as "C": make it "degC" (ACT's `clean_swats_qc`).
fn swats_units(ds: &mut Dataset) {
    for (_, v) in ds.variables_mut() {
        if v.units() == Some("C") {
            v.attrs_mut().insert("units".into(), "degC".into());
        }
    }
}

/// Step 4: a variable with at least two of `flag_values`, `flag_meanings`, `flag_masks`,
/// `flag_attributes`, promoted to float (missing values masked) and with unitless units, gets its
/// NaN replaced by -9999, is cast back to int32, and gets `missing_value = -9999`.
pub fn handle_missing_values(ds: &mut Dataset) -> Result<()> {
    for (_, v) in ds.variables_mut() {
        let n = ["flag_values", "flag_meanings", "flag_masks", "flag_attributes"]
            .iter()
            .filter(|k| v.attrs().contains_key(**k))
            .count();
        let unitless = matches!(v.units().map(str::trim), Some("1" | "unitless" | "") | None);
        if n < 2 || !v.dtype().is_float() || !unitless {
            continue;
        }
        let Some(a) = v.data().to_f64() else { continue };
        let ints = a.mapv(|x| if x.is_finite() { x as i32 } else { -9999 });
        v.set_data(ints)?;
        v.encoding_mut().dtype = Some(DType::I32);
        v.attrs_mut()
            .insert("missing_value".into(), AttrValue::I32(vec![-9999]));
    }
    Ok(())
}

/// Step 5: for every `qc_<x>` whose long_name starts "Quality check results on", set
/// `<x>.ancillary_variables` to `qc_<x>` (replacing a value that does not list it) and the QC
/// variable's `standard_name` to `quality_flag`.
pub fn link_variables(ds: &mut Dataset) -> Result<()> {
    let pairs: Vec<(String, String)> = ds
        .variables()
        .filter(|(n, v)| {
            n.starts_with("qc_") && v.long_name().is_some_and(|l| l.starts_with("Quality check results on"))
        })
        .map(|(n, _)| (n.to_string(), n["qc_".len()..].to_string()))
        .filter(|(_, d)| ds.contains(d))
        .collect();
    for (qc, data) in pairs {
        let dv = ds.get_mut(&data)?;
        if !dv
            .attr_str("ancillary_variables")
            .is_some_and(|a| a.split_whitespace().any(|x| x == qc))
        {
            dv.attrs_mut()
                .insert("ancillary_variables".into(), AttrValue::Str(qc.clone()));
        }
        ds.get_mut(&qc)?
            .attrs_mut()
            .insert("standard_name".into(), "quality_flag".into());
    }
    Ok(())
}

/// Step 6 (off by default): assessments Bad → Incorrect, Indeterminate → Suspect.
pub fn normalize_assessment(ds: &mut Dataset) -> Result<()> {
    for (_, v) in ds.variables_mut() {
        normalize_assessments_of(v);
    }
    Ok(())
}

/// [`normalize_assessment`] on one variable's `flag_assessments` (ACT's
/// `normalize_assessment(variables=...)` applied to a QC variable).
pub fn normalize_assessments_of(v: &mut Variable) {
    if let Some(AttrValue::Strs(a)) = v.attrs_mut().get_mut("flag_assessments") {
        for s in a.iter_mut() {
            match s.as_str() {
                "Bad" => *s = "Incorrect".into(),
                "Indeterminate" => *s = "Suspect".into(),
                _ => {}
            }
        }
    }
}

/// Step 7: string `flag_meanings` / `flag_assessments` become lists (split on whitespace, then
/// `__` → space), the form ACT keeps in memory; the writer joins them back.
pub fn clean_cf_qc(ds: &mut Dataset) {
    for (_, v) in ds.variables_mut() {
        if !v.attrs().contains_key("flag_masks") && !v.attrs().contains_key("flag_values") {
            continue;
        }
        for key in ["flag_meanings", "flag_assessments"] {
            if let Some(AttrValue::Str(s)) = v.attrs().get(key) {
                let list = s.split_whitespace().map(|t| t.replace("__", " ")).collect();
                v.attrs_mut().insert(key.into(), AttrValue::Strs(list));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm() -> Dataset {
        let mut ds = Dataset::new();
        ds.attrs_mut()
            .insert("qc_bit_1_description".into(), "Value is equal to missing_value.".into());
        ds.attrs_mut().insert("qc_bit_1_assessment".into(), "Bad".into());
        ds.attrs_mut().insert(
            "qc_bit_2_description".into(),
            "Value is less than the valid_min.".into(),
        );
        ds.attrs_mut().insert("qc_bit_2_assessment".into(), "Bad".into());
        ds.attrs_mut()
            .insert("qc_bit_3_description".into(), "Difference exceeds valid_delta.".into());
        ds.attrs_mut()
            .insert("qc_bit_3_assessment".into(), "Indeterminate".into());
        ds.attrs_mut().insert("qc_bit_comment".into(), "bits".into());
        let t = Variable::new(["time"], vec![1.0f32, 2.0])
            .unwrap()
            .with_attr("valid_min", -40.0f32);
        ds.insert("t", t).unwrap();
        let q = Variable::new(["time"], vec![0i32, 0])
            .unwrap()
            .with_attr("long_name", "Quality check results on field: T")
            .with_attr("units", "unitless")
            .with_attr("description", "See global attributes for individual bit descriptions.");
        ds.insert("qc_t", q).unwrap();
        ds
    }

    #[test]
    fn global_bits_become_cf_and_unperformed_tests_go() {
        let mut ds = arm();
        cleanup(&mut ds, &CleanupOptions::default()).unwrap();
        let q = ds.get("qc_t").unwrap();
        // bit 3 names valid_delta, which t lacks and which is never set → removed.
        assert_eq!(q.attrs()["flag_masks"], AttrValue::U32(vec![1, 2]));
        assert_eq!(
            q.attrs()["flag_meanings"],
            AttrValue::Strs(vec![
                "Value is equal to missing_value.".into(),
                "Value is less than the fail_min.".into()
            ])
        );
        assert_eq!(q.attrs()["fail_min"], AttrValue::F32(vec![-40.0]));
        assert_eq!(q.attr_str("units"), Some("1"));
        assert!(!q.attrs().contains_key("description"));
        assert!(!ds.get("t").unwrap().attrs().contains_key("valid_min"));
        assert_eq!(ds.get("t").unwrap().attr_str("ancillary_variables"), Some("qc_t"));
        assert!(ds.attrs().is_empty());
    }

    #[test]
    fn integer_flags_become_flag_values() {
        let mut ds = Dataset::new();
        ds.insert("f", Variable::new(["time"], vec![1.0f32, 2.0, 3.0]).unwrap())
            .unwrap();
        let q = Variable::new(["time"], vec![5i32, 1, 2])
            .unwrap()
            .with_attr("long_name", "Quality check results on field: F")
            .with_attr("flag_method", "integer")
            .with_attr("flag_1_description", "ok")
            .with_attr("flag_1_assessment", "Acceptable")
            .with_attr("flag_5_description", "bad")
            .with_attr("flag_5_assessment", "Bad");
        ds.insert("qc_f", q).unwrap();
        cleanup(&mut ds, &CleanupOptions::default()).unwrap();
        let q = ds.get("qc_f").unwrap();
        assert_eq!(q.attrs()["flag_values"], AttrValue::I32(vec![1, 5]));
        assert!(!q.attrs().contains_key("flag_masks"));
        // code 5 is test 5, not tests 1 and 3 as with ACT's flag_masks.
        assert_eq!(crate::get_qc_test_index(&ds, "qc_f", 5).unwrap(), vec![0]);
        assert_eq!(crate::get_qc_test_index(&ds, "qc_f", 1).unwrap(), vec![1]);
    }

    #[test]
    fn state_variable_and_missing_values() {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![0.0f64, f64::NAN, 4.0])
            .unwrap()
            .with_attr("units", "unitless")
            .with_attr("flag_values", AttrValue::I16(vec![0, 4]))
            .with_attr("flag_meanings", "none full_obscuration")
            .with_attr("flag_0_description", "None")
            .with_attr("flag_4_description", "Full obscuration");
        ds.insert("status", v).unwrap();
        let opts = CleanupOptions {
            clean_arm_state_vars: vec!["status".into()],
            ..Default::default()
        };
        cleanup(&mut ds, &opts).unwrap();
        let s = ds.get("status").unwrap();
        assert_eq!(s.attrs()["flag_values"], AttrValue::I32(vec![0, 4]));
        assert_eq!(
            s.attrs()["flag_meanings"],
            AttrValue::Strs(vec!["None".into(), "Full obscuration".into()])
        );
        assert_eq!(
            ds.view::<i32>("status").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![0, -9999, 4]
        );
        let bad = CleanupOptions {
            clean_arm_state_vars: vec!["nope".into()],
            ..Default::default()
        };
        assert!(cleanup(&mut ds, &bad).is_err());
    }
}
