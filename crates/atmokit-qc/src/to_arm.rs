//! The inverse of [`crate::cleanup`] for writing: CF QC attributes back to ARM's on-disk form,
//! so a file written after QC reads back (and cleans up) to the same tests.
//!
//! For each QC variable with `flag_masks` (or `flag_values`) and `flag_meanings`: per-variable
//! `bit_N_description` / `bit_N_assessment` (or `flag_N_…` with `flag_method = "integer"`),
//! `flag_method = "bit"`, ARM's `description` text; `flag_masks` / `flag_values`,
//! `flag_meanings`, `flag_assessments` are removed. Limits stay on the QC variable as `fail_*` /
//! `warn_*` (ARM's newer convention), `units` stays `"1"`, `standard_name` stays. ACT has no
//! such function: its writer only joins the lists into strings.

use crate::model::{FlagKind, QcFlags};
use atmokit_core::{AttrValue, Dataset, Result};

/// ARM's description of a bit-packed QC variable.
pub const ARM_BIT_DESCRIPTION: &str = "This variable contains bit-packed integer values, where each bit represents a QC test on the data. Non-zero bits indicate the QC condition given in the description for those bits; a value of 0 (no bits set) indicates the data has not failed any QC tests.";
/// ARM's description of an integer-state QC variable.
pub const ARM_INTEGER_DESCRIPTION: &str = "This field contains integer values indicating the results of QC test on the data. Non-zero integers indicate the QC condition given in the description for those integers; a value of 0 indicates the data has not failed any QC tests.";

/// Convert every CF QC variable (name `qc_*` or `standard_name = quality_flag`, with
/// `flag_meanings`) to ARM's per-variable attributes, in place. Returns the converted names.
pub fn to_arm_qc(ds: &mut Dataset) -> Result<Vec<String>> {
    let names: Vec<String> = ds
        .variables()
        .filter(|(n, v)| {
            (n.starts_with("qc_") || v.attr_str("standard_name") == Some("quality_flag"))
                && v.attrs().contains_key("flag_meanings")
                && (v.attrs().contains_key("flag_masks") || v.attrs().contains_key("flag_values"))
        })
        .map(|(n, _)| n.to_string())
        .collect();
    for qc in &names {
        let flags = QcFlags::read(ds, qc)?;
        let a = ds.get_mut(qc)?.attrs_mut();
        for k in ["flag_masks", "flag_values", "flag_meanings", "flag_assessments"] {
            a.shift_remove(k);
        }
        let (prefix, method, desc) = match flags.kind {
            FlagKind::Masks => ("bit", "bit", ARM_BIT_DESCRIPTION),
            FlagKind::Values => ("flag", "integer", ARM_INTEGER_DESCRIPTION),
        };
        a.insert("description".into(), desc.into());
        a.insert("flag_method".into(), method.into());
        for (i, n) in flags.numbers.iter().enumerate() {
            a.insert(
                format!("{prefix}_{n}_description"),
                AttrValue::Str(flags.meanings[i].clone()),
            );
            if !flags.assessments[i].is_empty() {
                a.insert(
                    format!("{prefix}_{n}_assessment"),
                    AttrValue::Str(flags.assessments[i].clone()),
                );
            }
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::cleanup::{CleanupOptions, cleanup};
    use crate::{TestOptions, add_greater_test, add_less_test};
    use atmokit_core::Variable;

    #[test]
    fn arm_form_cleans_back_to_the_same_tests() {
        let mut ds = Dataset::new();
        ds.insert(
            "x",
            Variable::new(["time"], vec![1.0f32, 5.0, 9.0])
                .unwrap()
                .with_attr("long_name", "X"),
        )
        .unwrap();
        add_less_test(&mut ds, "x", 2.0, &TestOptions::default()).unwrap();
        add_greater_test(
            &mut ds,
            "x",
            8.0,
            &TestOptions::default().assessment(Assessment::Suspect),
        )
        .unwrap();
        let cf = ds.clone();
        to_arm_qc(&mut ds).unwrap();
        let q = ds.get("qc_x").unwrap();
        assert_eq!(
            q.attr_str("bit_2_description"),
            Some("Data value greater than warn_max.")
        );
        assert_eq!(q.attr_str("bit_2_assessment"), Some("Suspect"));
        assert!(!q.attrs().contains_key("flag_masks"));
        cleanup(&mut ds, &CleanupOptions::default()).unwrap();
        for k in [
            "flag_masks",
            "flag_meanings",
            "flag_assessments",
            "fail_min",
            "warn_max",
            "units",
            "standard_name",
        ] {
            assert_eq!(
                ds.get("qc_x").unwrap().attrs()[k],
                cf.get("qc_x").unwrap().attrs()[k],
                "{k}"
            );
        }
        assert_eq!(ds.get("qc_x").unwrap().data(), cf.get("qc_x").unwrap().data());
    }
}
