//! SURFRAD daily files from a loopback server laid out as NOAA's archive.

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use atmokit_discovery::{Client, ClientOptions, DiscoveryError, download_surfrad_data};
use chrono::NaiveDate;
use server::{ok, start, status};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn days_across_a_new_year_with_one_missing() {
    // 2020 is a leap year: 31 December is day 366.
    let srv = start(|t: &str, _n: usize| match t {
        "/armlive/Bondville_IL/2021/bnd21001.dat" => status(404),
        t if t.ends_with(".dat") => ok(format!("file {t}")),
        _ => status(500),
    });
    let dir = tempfile::tempdir().unwrap();
    let c = Client::new(ClientOptions::default());
    let rep = download_surfrad_data(
        &c,
        "BND",
        date(2020, 12, 31),
        date(2021, 1, 2),
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        srv.hits(),
        [
            "/armlive/Bondville_IL/2020/bnd20366.dat",
            "/armlive/Bondville_IL/2021/bnd21001.dat",
            "/armlive/Bondville_IL/2021/bnd21002.dat"
        ]
    );
    assert_eq!(
        (rep.downloaded, rep.unavailable.clone()),
        (2, vec!["bnd21001.dat".to_string()])
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bnd20366.dat")).unwrap(),
        "file /armlive/Bondville_IL/2020/bnd20366.dat"
    );
    assert!(!dir.path().join("bnd21001.dat").exists());
}

#[test]
fn unknown_site_and_reversed_dates_are_refused() {
    let c = Client::new(ClientOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let e = download_surfrad_data(
        &c,
        "xyz",
        date(2020, 1, 1),
        date(2020, 1, 1),
        dir.path(),
        None,
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(e, DiscoveryError::Invalid(_)) && e.to_string().contains("xyz"),
        "{e}"
    );
    let e = download_surfrad_data(
        &c,
        "bnd",
        date(2020, 1, 2),
        date(2020, 1, 1),
        dir.path(),
        None,
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(e, DiscoveryError::Invalid(_)), "{e}");
}
