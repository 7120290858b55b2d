//! DQR web service queries against a loopback server answering in the service's format.

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use std::time::Duration;

use atmokit_core::{Dataset, Variable};
use atmokit_discovery::{Client, ClientOptions, DiscoveryError, fetch_dqr_for};
use server::{ok, start, status};

const ANSWER: &str = r#"{"sgpmetE13.b1": {"Suspect": {"D190101.2": {
  "dates": [{"start_date": "2019-01-01T00:01:00", "end_date": "2019-01-01T00:02:00"}],
  "description": "Barometer drift.", "subject": "Drift", "suggestions": null,
  "variables": ["atmos_pressure"]}}}}"#;

fn client() -> Client {
    Client::new(ClientOptions {
        max_attempts: 2,
        initial_backoff: Duration::from_millis(5),
        ..ClientOptions::default()
    })
}

/// Two days of 1-minute times starting 2019-01-01 (ns since 1970).
fn met() -> Dataset {
    let t0 = 1_546_300_800_000_000_000i64;
    let times: Vec<i64> = (0..2880).map(|i| t0 + i * 60_000_000_000).collect();
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", times)).unwrap();
    ds.attrs_mut().insert("datastream".into(), "sgpmetE13.b1".into());
    ds
}

#[test]
fn asks_as_act_does_and_parses_the_answer() {
    let srv = start(|_t: &str, _n: usize| ok(ANSWER));
    let base = srv.base.replace("armlive/", "");
    let r = fetch_dqr_for(&client(), Some(&base), &met(), "Incorrect, Suspect").unwrap();
    assert_eq!(
        srv.hits(),
        ["/dqr_full/sgpmetE13.b1/20190101/20190102/incorrect,suspect"]
    );
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].id.as_str(), r[0].category.as_str()), ("D190101.2", "Suspect"));
}

#[test]
fn malformed_answers_and_errors_are_clear() {
    let srv = start(|_t: &str, _n: usize| ok("{\"sgpmetE13.b1\": "));
    let err = fetch_dqr_for(&client(), Some(&srv.base), &met(), "suspect").unwrap_err();
    assert!(
        matches!(err, DiscoveryError::BadAnswer { .. }) && err.to_string().contains("dqr_full/sgpmetE13.b1"),
        "{err}"
    );
    let srv = start(|_t: &str, _n: usize| status(404));
    let err = fetch_dqr_for(&client(), Some(&srv.base), &met(), "suspect").unwrap_err();
    assert!(matches!(err, DiscoveryError::Status { status: 404, .. }), "{err}");
    let mut no_ds = met();
    no_ds.attrs_mut().shift_remove("datastream");
    let err = fetch_dqr_for(&client(), Some(&srv.base), &no_ds, "suspect").unwrap_err();
    assert!(err.to_string().contains("datastream"), "{err}");
}
