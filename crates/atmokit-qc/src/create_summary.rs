//! `create_qc_summary`: collapse every bit test into one ranked integer-state QC variable.
//! Port of ACT `QCSummary.create_qc_summary` (ACT API reference, `act.qc.qc_summary.QCSummary`).

use crate::cleanup::{CleanupOptions, cleanup, normalize_assessment};
use crate::masked::get_masked_mask;
use crate::model::{FlagKind, QcFlags, add_test, check_for_ancillary_qc};
use crate::options::TestOptions;
use atmokit_core::{AttrValue, Data, Dataset, Result};

fn standard_meaning(assessment: &str) -> String {
    match crate::model::capitalize(assessment).as_str() {
        "Suspect" | "Indeterminate" => "Data suspect further analysis recommended".into(),
        "Incorrect" | "Bad" => "Data incorrect use not recommended".into(),
        _ => format!("Data {assessment}"),
    }
}

/// The options of [`create_qc_summary`], with ACT's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct QcSummaryOptions {
    /// Run the ARM → CF cleanup first. ACT `cleanup_qc=False`.
    pub cleanup_qc: bool,
    /// Attributes deleted from each QC variable. ACT `remove_attrs=['fail_min', 'fail_max',
    /// 'fail_delta']`.
    pub remove_attrs: Vec<String>,
    /// Map Bad → Incorrect and Indeterminate → Suspect first. ACT `normalize_assessment=True`.
    pub normalize_assessment: bool,
}

impl Default for QcSummaryOptions {
    fn default() -> Self {
        QcSummaryOptions {
            cleanup_qc: false,
            remove_attrs: ["fail_min", "fail_max", "fail_delta"].map(String::from).to_vec(),
            normalize_assessment: true,
        }
    }
}

/// Replace each QC variable by a summary, in place: `flag_values` 0 "Not failing quality control
/// tests" (assessment "Not failing"), then one value per assessment in the order Suspect,
/// Indeterminate, Incorrect, Bad and any other assessment present (sorted), set where any test of
/// that assessment was set; later (more severe) values overwrite earlier ones (see
/// [`QcSummaryOptions`] for the cleanup, normalisation and attributes removed). Scalar QC variables are left unchanged. A line
/// "Quality control summary implemented by atmokit" is appended to the global `history`.
/// The summary is lossy: keep a copy if the individual tests are still needed.
pub fn create_qc_summary(ds: &mut Dataset, options: &QcSummaryOptions) -> Result<()> {
    if options.cleanup_qc {
        cleanup(ds, &CleanupOptions::default())?;
    }
    if options.normalize_assessment {
        normalize_assessment(ds)?;
    }
    let vars: Vec<String> = ds.names().map(str::to_string).collect();
    let mut added = false;
    for var in vars {
        if var.starts_with("qc_") {
            continue;
        }
        let Some(qc) = check_for_ancillary_qc(ds, &var, false, FlagKind::Masks)? else {
            continue;
        };
        let q = ds.get(&qc)?;
        if q.shape().is_empty() || !(q.attrs().contains_key("flag_masks") || q.attrs().contains_key("flag_values")) {
            continue;
        }
        let flags = QcFlags::read(ds, &qc)?;
        let mut order: Vec<String> = ["Suspect", "Indeterminate", "Incorrect", "Bad"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut extra: Vec<String> = flags
            .assessments
            .iter()
            .filter(|a| !a.is_empty() && !order.contains(a))
            .cloned()
            .collect();
        extra.sort();
        extra.dedup();
        order.extend(extra);
        let masks: Vec<Vec<bool>> = order
            .iter()
            .map(|a| get_masked_mask(ds, &var, &[a.as_str()], &[]))
            .collect::<Result<_>>()?;
        let qv = ds.get_mut(&qc)?;
        let zeros = Data::zeros(qv.dtype(), qv.shape());
        qv.set_data(zeros)?;
        let a = qv.attrs_mut();
        for k in ["flag_masks", "flag_meanings", "flag_assessments", "flag_values"] {
            a.shift_remove(k);
        }
        a.insert("flag_values".into(), AttrValue::I32(vec![]));
        let opts = TestOptions {
            flag_value: true,
            qc_var_name: Some(qc.clone()),
            ..Default::default()
        };
        add_test(
            ds,
            &var,
            None,
            "Not failing quality control tests",
            "Not failing",
            &TestOptions {
                test_number: Some(0),
                ..opts.clone()
            },
        )?;
        for (assessment, mask) in order.iter().zip(&masks) {
            add_test(ds, &var, Some(mask), &standard_meaning(assessment), assessment, &opts)?;
        }
        let a = ds.get_mut(&qc)?.attrs_mut();
        for k in &options.remove_attrs {
            a.shift_remove(k);
        }
        added = true;
    }
    if added {
        let line = "Quality control summary implemented by atmokit";
        let h = match ds.attr_str("history") {
            Some(h) if !h.is_empty() => format!("{h} ; {line}"),
            _ => line.to_string(),
        };
        ds.attrs_mut().insert("history".into(), AttrValue::Str(h));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::{TestOptions, add_greater_test, add_less_test};
    use atmokit_core::Variable;

    #[test]
    fn ranked_flag_values() {
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![0.0f32, 5.0, 10.0, 20.0]).unwrap())
            .unwrap();
        add_greater_test(
            &mut ds,
            "x",
            4.0,
            &TestOptions::default().assessment(Assessment::Indeterminate),
        )
        .unwrap();
        add_greater_test(&mut ds, "x", 15.0, &TestOptions::default()).unwrap();
        add_less_test(
            &mut ds,
            "x",
            -1.0,
            &TestOptions::default().assessment(Assessment::Other("Odd".into())),
        )
        .unwrap();
        create_qc_summary(
            &mut ds,
            &QcSummaryOptions {
                remove_attrs: vec!["fail_max".into()],
                ..Default::default()
            },
        )
        .unwrap();
        let q = ds.get("qc_x").unwrap();
        assert_eq!(q.attrs()["flag_values"], AttrValue::I32(vec![0, 1, 2, 3, 4, 5]));
        // Normalized: Indeterminate → Suspect (1), Bad → Incorrect (3) overwrites.
        assert_eq!(
            ds.view::<i32>("qc_x").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![0, 1, 1, 3]
        );
        assert!(!q.attrs().contains_key("fail_max") && q.attrs().contains_key("warn_max"));
        assert!(matches!(&q.attrs()["flag_assessments"], AttrValue::Strs(a) if a[0] == "Not failing" && a[5] == "Odd"));
        assert!(ds.attr_str("history").unwrap().contains("Quality control summary"));
    }
}
