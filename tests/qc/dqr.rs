//! DQRs as QC tests (`atmokit_qc::dqr`) on the SGP met day of 2019-01-01, from a DQR answer in
//! the service's format (`data/dqr_sgpmetE13.b1_20190101.json`): the flagged samples follow
//! from the dates by hand (1-minute samples from 00:00), and equal what ACT 2.3.4's
//! `add_dqr_to_qc` gives for the same answer when its venv is present.

use atmokit_core::Dataset;
use atmokit_qc::dqr::{DqrOptions, add_dqr_to_qc, dataset_datastream, format_dqr, parse_dqr_json};
use atmokit_qc::model::{QcFlags, get_qc_test_index};
use atmokit_tests::{data_file, read_oracle};
use serde_json::Value;
use std::path::PathBuf;

const FILE: &str = "sgpmetE13.b1.20190101.000000.cdf";

fn answer_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("qc/data/dqr_sgpmetE13.b1_20190101.json")
}

fn applied() -> Dataset {
    let mut ds = read_oracle(FILE);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(answer_path()).unwrap()).unwrap();
    let reports = parse_dqr_json(&json, &dataset_datastream(&ds).unwrap()).unwrap();
    let opts = DqrOptions {
        exclude: Some(vec!["D190101.3".into()]),
        ..DqrOptions::default()
    };
    add_dqr_to_qc(&mut ds, &reports, &opts).unwrap();
    ds
}

/// (meaning, assessment, flagged indices) of every test of a QC variable.
fn tests_of(ds: &Dataset, qc: &str) -> Vec<(String, String, Vec<usize>)> {
    let f = QcFlags::read(ds, qc).unwrap();
    f.numbers
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            (
                f.meanings[i].clone(),
                f.assessments[i].clone(),
                get_qc_test_index(ds, qc, n).unwrap(),
            )
        })
        .collect()
}

#[test]
fn dqr_flags_follow_the_dates() {
    let ds = applied();
    let last = |qc: &str| tests_of(&ds, qc).pop().unwrap();
    // D190101.1: 05:00:00 to 06:30:00 inclusive = samples 300..=390.
    for qc in ["qc_temp_mean", "qc_rh_mean"] {
        let (m, a, idx) = last(qc);
        assert_eq!(m, "D190101.1 : Temperature and humidity sensor aspirator failed.");
        assert_eq!(a, "Incorrect");
        assert_eq!(idx, (300..=390).collect::<Vec<_>>(), "{qc}");
    }
    // D190101.2: up to 00:10:00 (0..=10) and from 23:00:30 (23:01 = 1381 ..= 1439).
    let (m, a, idx) = last("qc_atmos_pressure");
    assert_eq!(
        (m.as_str(), a.as_str()),
        ("D190101.2 : Barometer drift suspected.", "Suspect")
    );
    assert_eq!(idx, (0..=10).chain(1381..=1439).collect::<Vec<_>>());
    // Normalised: the file's own "Bad" tests of a variable with a DQR become "Incorrect".
    assert!(tests_of(&ds, "qc_temp_mean").iter().all(|t| t.1 != "Bad"));
    // D181201.7 covers no sample, D190101.3 is excluded, `lat` has no time dimension.
    assert!(
        tests_of(&ds, "qc_wspd_vec_mean")
            .iter()
            .all(|t| !t.0.starts_with("D19"))
    );
    assert_eq!(
        tests_of(&ds, "qc_temp_mean")
            .iter()
            .filter(|t| t.0.starts_with("D18"))
            .count(),
        0
    );
    assert!(ds.var("qc_lat").is_none());
}

#[test]
fn print_dqr_lists_id_category_and_variables() {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(answer_path()).unwrap()).unwrap();
    let r = parse_dqr_json(&json, "sgpmetE13.b1").unwrap();
    assert_eq!(r.len(), 4);
    let text = format_dqr(&r, "sgpmetE13.b1", Some("atmos_pressure"));
    assert!(
        text.starts_with("D190101.2\tsgpmetE13.b1\tSuspect\tPressure drift\n"),
        "{text}"
    );
    assert!(!text.contains("D190101.1"));
    assert!(parse_dqr_json(&json, "other.b1").unwrap().is_empty());
    assert!(
        parse_dqr_json(
            &serde_json::json!({"sgpmetE13.b1": {"Suspect": {"D1": {"dates": []}}}}),
            "sgpmetE13.b1"
        )
        .is_err()
    );
}

#[test]
fn dqr_flags_equal_act() {
    let py = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| h.join(".cache/atmokit/venv/bin/python"))
        .filter(|p| p.exists());
    let Some(py) = py else {
        eprintln!("skipped: no ACT venv at ~/.cache/atmokit/venv (the by-hand test still runs)");
        return;
    };
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("qc/dqr_act.py");
    let out = std::process::Command::new(py)
        .arg(script)
        .arg(data_file(FILE))
        .arg(answer_path())
        .arg("D190101.3")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let act: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        act["urls"][0],
        "https://dqr-web-service.arm.gov/dqr_full/sgpmetE13.b1/20190101/20190101/incorrect,suspect"
    );
    let ds = applied();
    for (qc, tests) in act["qc"].as_object().unwrap() {
        if qc == "qc_lat" {
            // ACT creates an empty qc_lat before failing to index a scalar; we create nothing.
            assert_eq!(tests.as_array().unwrap().len(), 0);
            continue;
        }
        let want: Vec<(String, String, Vec<usize>)> = tests
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["meaning"].as_str().unwrap().to_string(),
                    t["assessment"].as_str().unwrap().to_string(),
                    t["flagged"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_u64().unwrap() as usize)
                        .collect(),
                )
            })
            .collect();
        assert_eq!(tests_of(&ds, qc), want, "{qc}");
    }
}
