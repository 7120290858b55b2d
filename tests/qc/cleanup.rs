//! `qc_cleanup.json`: ARM → CF cleanup on four QC styles (global bits, per-variable bits with
//! flags set, ceilometer with a state variable, integer flags).

use crate::common_qc::assert_attr_eq;
use atmokit_core::Dataset;
use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_tests::{expected, read_oracle};
use serde_json::Value;

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

fn removed(before: &atmokit_core::Attrs, after: &atmokit_core::Attrs) -> Vec<String> {
    let mut r: Vec<String> = before.keys().filter(|k| !after.contains_key(*k)).cloned().collect();
    r.sort();
    r
}

/// Compare one file's cleanup with the oracle. `integer_fix`: QC vars whose ARM integer flags
/// we turn into `flag_values` (ACT's flag_masks quirk) — checked separately.
fn check(key: &str, state_vars: &[&str]) -> (Dataset, Value) {
    let exp = expected("qc_cleanup");
    let want = exp["results"][key].clone();
    let before = read_oracle(want["file"].as_str().unwrap());
    let mut ds = before.clone();
    let opts = CleanupOptions {
        clean_arm_state_vars: state_vars.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    cleanup(&mut ds, &opts).unwrap();
    let qcs: Vec<&str> = ds.names().filter(|n| n.starts_with("qc_")).collect();
    assert_eq!(
        qcs.len() as u64,
        want["n_qc_vars"].as_u64().unwrap(),
        "{key}: QC var count"
    );
    if let Some(order) = want.get("qc_var_names") {
        assert_eq!(
            qcs.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            names(order),
            "{key}: QC var names"
        );
    }
    assert_eq!(
        removed(before.attrs(), ds.attrs()),
        names(&want["global_attrs_removed"]),
        "{key}: globals removed"
    );
    for (qc, w) in want["qc_vars"].as_object().unwrap() {
        let q = ds.get(qc).unwrap();
        let integer =
            w["attrs"]["flag_masks"].is_array() && before.get(qc).unwrap().attr_str("flag_method") == Some("integer");
        if integer {
            continue;
        }
        assert_eq!(q.dtype().name(), w["dtype"].as_str().unwrap(), "{qc}: dtype");
        for (k, v) in w["attrs"].as_object().unwrap() {
            let got = q.attrs().get(k).unwrap_or_else(|| panic!("{qc}: attr {k} missing"));
            assert_attr_eq(&format!("{qc}.{k}"), got, v);
        }
        for k in [
            "flag_masks",
            "flag_values",
            "fail_min",
            "fail_max",
            "fail_delta",
            "missing_value",
        ] {
            assert_eq!(
                q.attrs().contains_key(k),
                w["attrs"].get(k).is_some(),
                "{qc}: presence of {k}"
            );
        }
        assert_eq!(
            removed(before.get(qc).unwrap().attrs(), q.attrs()),
            names(&w["attrs_removed"]),
            "{qc}: attrs removed"
        );
        if let Some(counts) = w.get("per_mask_counts") {
            let f = atmokit_qc::QcFlags::read(&ds, qc).unwrap();
            let got: Vec<u64> = f
                .numbers
                .iter()
                .map(|&n| atmokit_qc::get_qc_test_index(&ds, qc, n).unwrap().len() as u64)
                .collect();
            let want: Vec<u64> = counts.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
            assert_eq!(got, want, "{qc}: per-mask counts");
        }
    }
    for (name, w) in want["data_vars"].as_object().unwrap() {
        let v = ds.get(name).unwrap();
        for (k, val) in w["attrs_after"].as_object().unwrap() {
            assert_attr_eq(
                &format!("{name}.{k}"),
                v.attrs().get(k).unwrap_or_else(|| panic!("{name}: {k} missing")),
                val,
            );
        }
        for k in ["valid_min", "valid_max", "valid_delta"] {
            assert!(
                !v.attrs().contains_key(k) || w["attrs_after"].get(k).is_some(),
                "{name}: {k} should be gone"
            );
        }
        let mut rem = removed(before.get(name).unwrap().attrs(), v.attrs());
        rem.retain(|k| k != "missing_value");
        assert_eq!(rem, names(&w["attrs_removed"]), "{name}: attrs removed");
    }
    (ds, want)
}

#[test]
fn cleanup_sgpmet_global_bits() {
    check("sgpmet", &[]);
}

#[test]
fn cleanup_gucmet_variable_bits() {
    check("gucmet", &[]);
}

#[test]
fn cleanup_sgpceil_with_state_variable() {
    let (ds, want) = check("sgpceil", &["detection_status"]);
    let d = ds.get("detection_status").unwrap();
    assert_eq!(d.dtype().name(), want["detection_status_dtype"].as_str().unwrap());
    for (k, v) in want["detection_status_attrs_after"].as_object().unwrap() {
        assert_attr_eq(&format!("detection_status.{k}"), &d.attrs()[k], v);
    }
}

/// co2flx4m: integer flag codes. ACT writes flag_masks 2^(N-1) over unconverted codes; we write
/// flag_values [N...]. Same meanings, assessments and stored codes; ACT's per-mask counts are the
/// bit readings of those codes, derived here independently.
#[test]
fn cleanup_co2flx4m_integer_flags_become_flag_values() {
    let (ds, want) = check("co2flx4m", &[]);
    let w = &want["qc_vars"]["qc_momentum_flux"];
    let q = ds.get("qc_momentum_flux").unwrap();
    assert_attr_eq(
        "flag_meanings",
        &q.attrs()["flag_meanings"],
        &w["attrs"]["flag_meanings"],
    );
    assert_attr_eq(
        "flag_assessments",
        &q.attrs()["flag_assessments"],
        &w["attrs"]["flag_assessments"],
    );
    let masks: Vec<u64> = w["attrs"]["flag_masks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_u64().unwrap())
        .collect();
    let numbers: Vec<f64> = masks.iter().map(|m| f64::from(m.trailing_zeros() + 1)).collect();
    assert_eq!(q.attrs()["flag_values"].as_f64_vec().unwrap(), numbers);
    assert!(!q.attrs().contains_key("flag_masks"));
    let codes: Vec<i64> = q.data().to_f64().unwrap().iter().map(|&v| v as i64).collect();
    let mut counts = std::collections::BTreeMap::new();
    codes.iter().for_each(|c| *counts.entry(*c).or_insert(0u64) += 1);
    let got: Vec<Value> = counts.iter().map(|(a, b)| serde_json::json!([a, b])).collect();
    assert_eq!(Value::Array(got), want["qc_momentum_flux_value_counts_after"]);
    let act_bits: Vec<u64> = masks
        .iter()
        .map(|&m| codes.iter().filter(|&&c| (c as u64) & m != 0).count() as u64)
        .collect();
    let w_bits: Vec<u64> = w["per_mask_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect();
    assert_eq!(
        act_bits, w_bits,
        "ACT's per-mask counts are bit readings of the integer codes"
    );
    for (n, c) in counts {
        assert_eq!(
            atmokit_qc::get_qc_test_index(&ds, "qc_momentum_flux", n as u32)
                .unwrap()
                .len() as u64,
            c,
            "code {n}"
        );
    }
}

/// Old mentor QC (`Mentor_QC_Field_Information` only), ACT 2.3.4's unit tests: `qc_lv` gets
/// assessment[0] Bad, `fail_min`, and its last mask is 4 (lv has no valid_delta).
#[test]
fn cleanup_old_mentor_qc_ecor() {
    let mut ds = read_oracle("sgp30ecorE6.b1.20040705.000000.cdf");
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    let q = ds.get("qc_lv").unwrap();
    let f = atmokit_qc::QcFlags::read(&ds, "qc_lv").unwrap();
    assert_eq!(f.assessments[0], "Bad");
    assert_eq!(f.numbers.last().copied(), Some(3), "last mask 4");
    assert_eq!(q.attrs()["fail_min"].as_f64(), Some(2_400_000.0));
    assert_eq!(q.attrs()["fail_max"].as_f64(), Some(2_600_000.0));
    assert!(!ds.get("lv").unwrap().attrs().contains_key("valid_min"));
    assert_eq!(ds.get("lv").unwrap().attr_str("ancillary_variables"), Some("qc_lv"));
}

/// SWATS, ACT 2.3.4's unit tests: masks [1, 2, 4, 8] with fail_min/max/delta moved from the data
/// variables; units "C" → "degC".
#[test]
fn cleanup_swats() {
    let mut ds = read_oracle("sgpswatsE8.b1.20071229.000700.cdf");
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    let q = ds.get("qc_tsoil_W").unwrap();
    assert_eq!(q.attrs()["flag_masks"].as_f64_vec().unwrap(), vec![1.0, 2.0, 4.0, 8.0]);
    for (k, v) in [("fail_min", -20.0), ("fail_max", 50.0), ("fail_delta", 20.0)] {
        assert_eq!(q.attrs()[k].as_f64(), Some(v), "{k}");
    }
    assert_eq!(ds.get("tsoil_W").unwrap().units(), Some("degC"));
    assert!(
        !ds.get("qc_time").unwrap().attrs().contains_key("flag_masks"),
        "qc_time is not a field QC"
    );
}
