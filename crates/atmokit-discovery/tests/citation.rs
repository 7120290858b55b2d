//! ARM citation service against a loopback server.

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use atmokit_discovery::{Client, ClientOptions, DiscoveryError, get_arm_doi};
use chrono::NaiveDate;
use server::{ok, start};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 1, d).unwrap()
}

#[test]
fn citation_is_asked_as_act_does() {
    let srv = start(|_t: &str, _n: usize| {
        ok(r#"{"citation": "Kyrouac, J. (2019). Surface Meteorology System (MET). doi:10.5439/1786358"}"#)
    });
    let base = srv.base.replace("armlive/", "");
    let c = get_arm_doi(
        &Client::new(ClientOptions::default()),
        Some(&base),
        "sgpmetE13.b1",
        day(1),
        day(7),
    )
    .unwrap();
    assert_eq!(
        c.as_deref(),
        Some("Kyrouac, J. (2019). Surface Meteorology System (MET). doi:10.5439/1786358")
    );
    assert_eq!(
        srv.hits(),
        [
            "/citationservice/citation/datastream?id=sgpmetE13.b1&citationType=apa&startDate=2019-01-01&endDate=2019-01-07"
        ]
    );
}

#[test]
fn empty_and_malformed_citations() {
    let srv = start(|_t: &str, _n: usize| ok(""));
    let c = Client::new(ClientOptions::default());
    assert_eq!(
        get_arm_doi(&c, Some(&srv.base), "sgpmetE13.b1", day(1), day(1)).unwrap(),
        None
    );
    let srv = start(|_t: &str, _n: usize| ok("{\"doi\": 3}"));
    let e = get_arm_doi(&c, Some(&srv.base), "sgpmetE13.b1", day(1), day(1)).unwrap_err();
    assert!(matches!(e, DiscoveryError::BadAnswer { .. }), "{e}");
}
