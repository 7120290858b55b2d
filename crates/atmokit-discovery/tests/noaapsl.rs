//! NOAA PSL real-time files from a loopback server laid out as PSL's archive (Apache-style
//! folder listings).

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use atmokit_discovery::{Client, ClientOptions, download_noaa_psl_data, listed_files, noaa_psl_instrument_path};
use chrono::NaiveDate;
use server::{ok, start, status};

const LISTING: &str = r#"<html><body><h1>Index of /psd2/data/realtime/CsiDatalogger/SurfaceMet/ctd/2021/125</h1>
<table><tr><th><a href="?C=N;O=D">Name</a></th></tr>
<tr><td><a href="/psd2/data/realtime/CsiDatalogger/SurfaceMet/ctd/2021/">Parent Directory</a></td></tr>
<tr><td><a href="ctd21125.00m">ctd21125.00m</a></td></tr>
<tr><td><a href="ctd21125.12m">ctd21125.12m</a></td></tr>
<tr><td><a href='ctd21125.15m'>ctd21125.15m</a></td></tr>
<tr><td><a href="sub/">sub/</a></td></tr>
</table></body></html>"#;

#[test]
fn instrument_paths_follow_act() {
    assert_eq!(noaa_psl_instrument_path("Temp/RH"), Some("CsiDatalogger/SurfaceMet/"));
    assert_eq!(noaa_psl_instrument_path("Parsivel"), Some("DisdrometerParsivel/Stats/"));
    assert_eq!(
        noaa_psl_instrument_path("915RWP Sub-Hour Temp"),
        Some("Radar915/WwTempSubHourly/")
    );
    assert_eq!(
        noaa_psl_instrument_path("Radar FMCW Moment"),
        Some("RadarFMCW/PopMoments/")
    );
    assert_eq!(noaa_psl_instrument_path("Ceilometer"), None);
    assert_eq!(listed_files(LISTING), ["ctd21125.00m", "ctd21125.12m", "ctd21125.15m"]);
}

#[test]
fn lists_each_day_and_fetches_the_hour_asked() {
    let srv = start(|t: &str, _n: usize| match t {
        "/armlive/CsiDatalogger/SurfaceMet/ctd/2021/125/" => ok(LISTING),
        "/armlive/CsiDatalogger/SurfaceMet/ctd/2021/126/" => status(404),
        t if t.contains("/125/ctd21125.") => ok(format!("bytes of {t}")),
        _ => status(500),
    });
    let dir = tempfile::tempdir().unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2021, 5, d).unwrap();
    let c = Client::new(ClientOptions::default());
    let rep = download_noaa_psl_data(
        &c,
        "ctd",
        "Temp/RH",
        day(5),
        day(6),
        Some("12"),
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(rep.downloaded, 1);
    assert_eq!(rep.unavailable, ["ctd/2021/126/"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ctd21125.12m")).unwrap(),
        "bytes of /armlive/CsiDatalogger/SurfaceMet/ctd/2021/125/ctd21125.12m"
    );
    assert_eq!(srv.hits().len(), 3);
}
