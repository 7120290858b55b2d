//! `qc_tests_met_fresh.json` / `qc_tests_met_cleanup.json`: 26 ACT test calls on met data,
//! compared call by call (number, meaning, assessment, flagged count and indices) and for the
//! final QC variables (dtype, attrs, per-bit counts, value counts, masked counts).

use crate::common_qc::{assert_attr_eq, per_bit, usizes, value_counts};
use atmokit_core::Dataset;
use atmokit_qc::*;
use atmokit_tests::{expected, read_oracle};
use serde_json::Value;

const FILE: &str = "sgpmetE13.b1.20190101.000000.cdf";

/// The edits of `qc_tests_met.py`.
pub fn prepare(mode: &str) -> Dataset {
    let mut ds = read_oracle(FILE);
    if mode == "fresh" {
        let qcs: Vec<String> = ds
            .names()
            .filter(|n| n.starts_with("qc_"))
            .map(str::to_string)
            .collect();
        for q in qcs {
            ds.remove(&q);
        }
    } else {
        atmokit_qc::cleanup::cleanup(&mut ds, &atmokit_qc::cleanup::CleanupOptions::default()).unwrap();
    }
    {
        let mut t = ds.get_mut("temp_mean").unwrap().data_mut().view_mut::<f32>().unwrap();
        for i in [10, 11, 500, 1439] {
            t[[i]] = f32::NAN;
        }
    }
    let mut r = ds.get_mut("rh_mean").unwrap().data_mut().view_mut::<f32>().unwrap();
    for (a, b) in [(600, 700), (1200, 1300)] {
        let v = r[[a]];
        for i in a..b {
            r[[i]] = v;
        }
    }
    ds
}

/// The 26 calls of the oracle script, in order (flag_value calls skipped in cleanup mode).
pub fn run_calls(ds: &mut Dataset, mode: &str) -> Vec<TestResult> {
    // After cleanup, ARM's own tests describe `fail_min`, `fail_max`, `fail_delta`: atmokit gives
    // a new test a new limit name (checked in `tests_met_limits`), ACT overwrites them;
    // `act_compat` reproduces ACT here (it changes nothing else for these variables).
    let d = || TestOptions::default().act_compatible(mode == "cleanup");
    let mut out = vec![];
    let mut push = |r: Result<TestResult, atmokit_core::Error>| out.push(r.unwrap());
    push(add_missing_value_test(ds, "temp_mean", None, &d()));
    push(add_less_test(ds, "temp_mean", -5.5, &d()));
    push(add_greater_test(
        ds,
        "temp_mean",
        1.0,
        &d().assessment(Assessment::Suspect),
    ));
    push(add_outside_test(ds, "temp_mean", -5.0, 0.5, &d()));
    push(add_inside_test(
        ds,
        "temp_mean",
        -3.0,
        -2.0,
        &d().assessment(Assessment::Indeterminate),
    ));
    push(add_persistence_test(
        ds,
        "temp_mean",
        &PersistenceOptions {
            test_limit: 0.02,
            ..Default::default()
        },
        &d(),
    ));
    push(add_delta_test(ds, "temp_mean", 0.1, &d()));
    let diff = DifferenceOptions::new("logger_temp", 3.0);
    push(add_difference_test(ds, "temp_mean", &diff, &d()).map(|r| r.expect("set_test_regardless adds the test")));
    push(add_less_test(ds, "rh_mean", 68.0, &d()));
    push(add_greater_test(ds, "rh_mean", 85.0, &d()));
    push(add_outside_test(ds, "rh_mean", 67.0, 84.0, &d()));
    push(add_inside_test(ds, "rh_mean", 72.0, 74.0, &d()));
    push(add_persistence_test(
        ds,
        "rh_mean",
        &PersistenceOptions::default(),
        &d(),
    ));
    push(add_persistence_test(
        ds,
        "rh_mean",
        &PersistenceOptions {
            window: 20,
            ignore_range: Some((70.0, 75.0)),
            ..Default::default()
        },
        &d().assessment(Assessment::Suspect),
    ));
    push(add_delta_test(ds, "rh_mean", 1.0, &d().assessment(Assessment::Bad)));
    push(add_missing_value_test(ds, "wspd_vec_mean", None, &d()));
    push(add_less_test(
        ds,
        "wspd_vec_mean",
        2.0,
        &d().assessment(Assessment::Indeterminate),
    ));
    push(add_greater_test(ds, "wspd_vec_mean", 12.0, &d().prepend("arm")));
    push(add_outside_test(
        ds,
        "wspd_vec_mean",
        2.5,
        11.0,
        &d().limit_names(&["my_lower", "my_upper"]),
    ));
    push(add_inside_test(ds, "wspd_vec_mean", 5.0, 6.0, &d()));
    push(add_persistence_test(
        ds,
        "wspd_vec_mean",
        &PersistenceOptions {
            window: 5,
            test_limit: 0.15,
            ..Default::default()
        },
        &d(),
    ));
    push(add_delta_test(ds, "wspd_vec_mean", 2.0, &d()));
    let diff = DifferenceOptions::new("wspd_arith_mean", 0.1);
    push(add_difference_test(ds, "wspd_vec_mean", &diff, &d()).map(|r| r.expect("set_test_regardless adds the test")));
    push(add_delta_test(ds, "wdir_vec_mean", 30.0, &TestOptions::default()));
    if mode == "fresh" {
        push(add_less_test(ds, "atmos_pressure", 98.5, &d().flag_value()));
        push(add_greater_test(ds, "atmos_pressure", 99.2, &d().flag_value()));
    }
    out
}

fn check_mode(mode: &str) {
    let exp = expected(&format!("qc_tests_met_{mode}"));
    let mut ds = prepare(mode);
    let results = run_calls(&mut ds, mode);
    let calls = exp["tests_in_order"].as_array().unwrap();
    assert_eq!(results.len(), calls.len(), "number of calls");
    for (r, c) in results.iter().zip(calls) {
        let call = c["call"].as_str().unwrap();
        let ret = &c["returned"];
        assert_eq!(
            u64::from(r.test_number),
            ret["test_number"].as_u64().unwrap(),
            "{call}: test_number"
        );
        assert_eq!(r.test_meaning, ret["test_meaning"].as_str().unwrap(), "{call}: meaning");
        assert_eq!(
            r.test_assessment,
            ret["test_assessment"].as_str().unwrap(),
            "{call}: assessment"
        );
        assert_eq!(
            r.qc_variable_name,
            ret["qc_variable_name"].as_str().unwrap(),
            "{call}: qc var"
        );
        // Counts "now": a later flag_value test may overwrite values, so check right after the
        // whole run only for bit tests; flag_value counts are checked below via the final state.
        let idx = get_qc_test_index(&ds, &r.qc_variable_name, r.test_number).unwrap();
        if r.variable_name == "wdir_vec_mean" {
            check_wdir_fix(&ds, c);
            continue;
        }
        if !call.contains("flag_value") || call.contains("99.2") {
            assert_eq!(
                idx.len() as u64,
                c["count_flagged_now"].as_u64().unwrap(),
                "{call}: count"
            );
            let first: Vec<usize> = idx.iter().take(15).copied().collect();
            assert_eq!(first, usizes(&c["first_indices"]), "{call}: first indices");
            let last: Vec<usize> = idx[idx.len().saturating_sub(5)..].to_vec();
            assert_eq!(last, usizes(&c["last_indices"]), "{call}: last indices");
        }
    }
    for (var, want) in exp["qc_variables_final"].as_object().unwrap() {
        let qc = want["qc_variable"].as_str().unwrap();
        let q = ds.get(qc).unwrap();
        let wdir_fresh = var == "wdir_vec_mean" && mode == "fresh";
        assert_eq!(q.dtype().name(), want["dtype"].as_str().unwrap(), "{qc}: dtype");
        let wattrs = want["attrs"].as_object().unwrap();
        let gkeys: Vec<&String> = q.attrs().keys().collect();
        let mut gk: Vec<&str> = gkeys.iter().map(|s| s.as_str()).collect();
        let mut wk: Vec<&str> = wattrs.keys().map(String::as_str).collect();
        gk.sort_unstable();
        wk.sort_unstable();
        assert_eq!(gk, wk, "{qc}: attribute names");
        for (k, v) in wattrs {
            assert_attr_eq(&format!("{qc}.{k}"), &q.attrs()[k], v);
        }
        if wdir_fresh {
            // Only the circular delta test: nothing flagged here (ACT flags 286 wrap-arounds).
            assert!(per_bit(&ds, qc).iter().all(|(_, i)| i.is_empty()));
            continue;
        }
        for (n, idx) in per_bit(&ds, qc) {
            if var == "wdir_vec_mean" && n == 4 {
                continue; // the circular delta test, checked in check_wdir_fix
            }
            let w = &want["per_bit"][n.to_string()];
            assert_eq!(idx.len() as u64, w["count"].as_u64().unwrap(), "{qc}: bit {n} count");
            let first: Vec<usize> = idx.iter().take(10).copied().collect();
            let wf: Vec<usize> = w["first_indices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[0].as_u64().unwrap() as usize)
                .collect();
            assert_eq!(first, wf, "{qc}: bit {n} first indices");
        }
        if var == "wdir_vec_mean" {
            continue; // value counts include ACT's wrap-around flags
        }
        let vc: Vec<Value> = value_counts(&ds, qc)
            .into_iter()
            .map(|(v, c)| serde_json::json!([v, c]))
            .collect();
        assert_eq!(Value::Array(vc), want["value_counts"], "{qc}: value counts");
        let nz = value_counts(&ds, qc)
            .iter()
            .filter(|(v, _)| *v != 0)
            .map(|(_, c)| c)
            .sum::<usize>();
        assert_eq!(nz as u64, want["n_nonzero"].as_u64().unwrap(), "{qc}: n_nonzero");
        assert_eq!(
            ds.get(var).unwrap().attr_str("ancillary_variables"),
            want["data_var_ancillary_variables"].as_str(),
            "{var}: ancillary_variables"
        );
        if let Some(m) = want.get("masked_counts") {
            let bad = get_masked_mask(&mut ds, var, &["Bad"], &[])
                .unwrap()
                .iter()
                .filter(|&&b| b)
                .count();
            assert_eq!(
                bad as u64,
                m["rm_assessments=Bad"].as_u64().unwrap(),
                "{var}: masked Bad"
            );
            let all = get_masked_mask(&mut ds, var, &["Bad", "Suspect", "Indeterminate"], &[]).unwrap();
            let all = all.iter().filter(|&&b| b).count();
            assert_eq!(
                all as u64,
                m["rm_assessments=[Bad,Suspect,Indeterminate]"].as_u64().unwrap(),
                "{var}: masked all"
            );
        }
    }
}

#[test]
fn qc_tests_met_fresh_matches_act() {
    check_mode("fresh");
}

#[test]
fn qc_tests_met_cleanup_matches_act() {
    check_mode("cleanup");
}

/// ACT's delta test takes `mod(|diff|, 360)`, so every step across north (359° → 3.5°) is
/// flagged. Check, from the data alone, that each index ACT flagged is next to a step whose raw
/// difference is >= 30° but whose circular difference is < 30°, and that the circular test
/// flags nothing else.
fn check_wdir_fix(ds: &Dataset, call: &Value) {
    let x = ds.view::<f32>("wdir_vec_mean").unwrap();
    let mut raw = std::collections::BTreeSet::new();
    let mut circ = std::collections::BTreeSet::new();
    for i in 1..x.len() {
        let d = (x[[i]] - x[[i - 1]]).abs();
        if d >= 30.0 {
            raw.insert(i - 1);
            raw.insert(i);
        }
        if d.min(360.0 - d) >= 30.0 {
            circ.insert(i - 1);
            circ.insert(i);
        }
    }
    assert_eq!(
        raw.len() as u64,
        call["count_flagged_now"].as_u64().unwrap(),
        "ACT's wdir count is the raw-difference count"
    );
    let first: Vec<usize> = raw.iter().take(15).copied().collect();
    assert_eq!(first, usizes(&call["first_indices"]));
    let qc = call["returned"]["qc_variable_name"].as_str().unwrap();
    let n = call["returned"]["test_number"].as_u64().unwrap() as u32;
    let ours: std::collections::BTreeSet<usize> = get_qc_test_index(ds, qc, n).unwrap().into_iter().collect();
    assert_eq!(ours, circ, "circular delta");
    assert!(ours.len() < raw.len());
}
