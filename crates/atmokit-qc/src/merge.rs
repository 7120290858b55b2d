//! Merge several QC variables of one data variable into the first. Port of ACT
//! `QCFilter.merge_qc_variables` (ACT API reference, `act.qc.qcfilter.QCFilter`).

use crate::model::{FlagKind, QcFlags, add_test, get_qc_test_mask};
use crate::options::TestOptions;
use atmokit_core::{Dataset, Error, Result};

/// Re-add every test of the 2nd…nth QC variables (default: the `ancillary_variables` of `var`
/// that are QC variables) into the first, as new tests with the next free numbers, keeping
/// meanings, assessments and flagged samples. In place; the merged-from variables are kept.
/// Returns the name of the QC variable merged into.
pub fn merge_qc_variables(ds: &mut Dataset, var: &str, qc_var_names: Option<&[&str]>) -> Result<String> {
    let names: Vec<String> = match qc_var_names {
        Some(n) => n.iter().map(|s| s.to_string()).collect(),
        None => ds
            .get(var)?
            .attr_str("ancillary_variables")
            .unwrap_or("")
            .split_whitespace()
            .filter(|n| {
                ds.var(n)
                    .is_some_and(|v| v.attrs().contains_key("flag_masks") || v.attrs().contains_key("flag_values"))
            })
            .map(str::to_string)
            .collect(),
    };
    let Some((first, rest)) = names.split_first() else {
        return Err(Error::data(var, "has no QC variables to merge"));
    };
    let target_kind = QcFlags::read(ds, first)?.kind;
    for other in rest {
        let f = QcFlags::read(ds, other)?;
        for (i, &n) in f.numbers.iter().enumerate() {
            let mask = get_qc_test_mask(ds, other, n)?;
            let opts = TestOptions {
                qc_var_name: Some(first.clone()),
                flag_value: target_kind == FlagKind::Values,
                ..Default::default()
            };
            add_test(ds, var, Some(&mask), &f.meanings[i], &f.assessments[i], &opts)?;
        }
    }
    Ok(first.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::{TestOptions, add_greater_test, add_less_test, get_qc_test_index};
    use atmokit_core::Variable;

    #[test]
    fn tests_move_into_the_first() {
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![1.0f32, 5.0, 9.0]).unwrap())
            .unwrap();
        add_less_test(&mut ds, "x", 2.0, &TestOptions::default()).unwrap();
        let o = TestOptions {
            qc_var_name: Some("qc2".into()),
            ..Default::default()
        };
        crate::create_qc_variable(&mut ds, "x", crate::FlagKind::Masks, Some("qc2")).unwrap();
        ds.get_mut("qc2")
            .unwrap()
            .attrs_mut()
            .insert("long_name".into(), "other".into());
        add_greater_test(&mut ds, "x", 8.0, &o.clone().assessment(Assessment::Suspect)).unwrap();
        assert_eq!(ds.get("x").unwrap().attr_str("ancillary_variables"), Some("qc_x qc2"));
        let q = merge_qc_variables(&mut ds, "x", None).unwrap();
        assert_eq!(q, "qc_x");
        let f = QcFlags::read(&ds, "qc_x").unwrap();
        assert_eq!(f.numbers, vec![1, 2]);
        assert_eq!(f.assessments, vec!["Bad", "Suspect"]);
        assert_eq!(get_qc_test_index(&ds, "qc_x", 2).unwrap(), vec![2]);
        assert!(merge_qc_variables(&mut ds, "x", Some(&[])).is_err());
    }
}
