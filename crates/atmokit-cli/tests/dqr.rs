//! `atmokit dqr` and `atmokit qc --dqr/--dqr-file` on the SGP met day, with a DQR answer in
//! the service's format (saved file, or served by a loopback server).

#[path = "../../atmokit-discovery/tests/server/mod.rs"]
// Shared with the discovery tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use std::path::PathBuf;
use std::process::{Command, Output};

const ANSWER: &str = r#"{"sgpmetE13.b1": {"Incorrect": {"D190101.1": {
  "dates": [{"start_date": "2019-01-01T05:00:00", "end_date": "2019-01-01T06:30:00"}],
  "description": "Aspirator failed.", "subject": "Aspirator", "suggestions": "Do not use.",
  "variables": ["temp_mean"]}}}}"#;

fn met() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle/data/sgpmetE13.b1.20190101.000000.cdf")
}

fn atmokit(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit")).args(args).output().unwrap()
}

#[test]
fn dqr_prints_a_saved_answer() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dqr.json");
    std::fs::write(&f, ANSWER).unwrap();
    let o = atmokit(&[
        "dqr".as_ref(),
        "sgpmetE13.b1".as_ref(),
        "--file".as_ref(),
        f.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.starts_with("D190101.1\tsgpmetE13.b1\tIncorrect\tAspirator\n"),
        "{text}"
    );
    assert!(text.contains("Variables: temp_mean"));
}

#[test]
fn qc_adds_dqrs_from_a_file_and_from_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("dqr.json");
    std::fs::write(&f, ANSWER).unwrap();
    let srv = server::start(|_t: &str, _n: usize| server::ok(ANSWER));
    let base = srv.base.replace("armlive/", "");
    let out1 = dir.path().join("a.nc");
    let out2 = dir.path().join("b.nc");
    let o = atmokit(&[
        "qc".as_ref(),
        met().as_os_str(),
        "-o".as_ref(),
        out1.as_os_str(),
        "--dqr-file".as_ref(),
        f.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.contains("[Incorrect] 91 flagged: D190101.1 : Aspirator failed."),
        "{text}"
    );
    let o = atmokit(&[
        "qc".as_ref(),
        met().as_os_str(),
        "-o".as_ref(),
        out2.as_os_str(),
        "--dqr".as_ref(),
        "--dqr-base-url".as_ref(),
        base.as_ref(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), text);
    assert_eq!(
        srv.hits(),
        ["/dqr_full/sgpmetE13.b1/20190101/20190101/incorrect,suspect"]
    );
    let saved = dir.path().join("saved.json");
    let o = atmokit(&[
        "dqr".as_ref(),
        "sgpmetE13.b1".as_ref(),
        "--start".as_ref(),
        "2019-01-01".as_ref(),
        "--end".as_ref(),
        "2019-01-01".as_ref(),
        "--base-url".as_ref(),
        base.as_ref(),
        "--save".as_ref(),
        saved.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(a, serde_json::from_str::<serde_json::Value>(ANSWER).unwrap());
    let s = atmokit(&["qc-summary".as_ref(), out2.as_os_str()]);
    assert!(String::from_utf8_lossy(&s.stdout).contains("D190101.1 : Aspirator failed."));
}
