//! IEM ASOS answers into Datasets, against a loopback server answering with IEM-shaped files
//! (`tests/answers/asos_ORD.csv`, `tests/answers/network_IL_ASOS.geojson`).
//!
//! The ACT numbers below were printed by ACT 2.3.4 itself on the same answers:
//! `~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/asos.py`
//! (ACT's `get_asos_data` with `urlopen` replaced by a function returning these files).
//! The default-mode numbers are derived by hand from the CSV's values with exact factors.

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use atmokit_core::{AttrValue, Data, Dataset};
use atmokit_discovery::{AsosPick, AsosSelection, asos_networks, get_asos_datasets, read_asos_csv};
use chrono::NaiveDateTime;
use server::{Reply, ok, start, status};

const CSV: &str = include_str!("answers/asos_ORD.csv");
const IL: &str = include_str!("answers/network_IL_ASOS.geojson");
/// IEM's station service (`/api/1/station/ORD.json`, JSON table): ORD is listed in an ASOS
/// network and in a non-ASOS one.
const LOOKUP: &str = r#"{"schema": {"fields": [{"name": "id"}, {"name": "network"}]},
 "data": [{"index": 0, "id": "ORD", "network": "IL_ASOS", "name": "CHICAGO/O'HARE"},
          {"index": 1, "id": "ORD", "network": "IL_DCP", "name": "CHICAGO OHARE"}]}"#;

const NAN: f64 = f64::NAN;

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn iem(target: &str, _n: usize) -> Reply {
    if target.ends_with("/geojson/network/IL_ASOS.geojson") {
        ok(IL)
    } else if target.contains("/geojson/network/") {
        ok(r#"{"type": "FeatureCollection", "features": []}"#)
    } else if target.ends_with("/api/1/station/ORD.json") {
        ok(LOOKUP)
    } else if target.contains("asos.py") && target.ends_with("&station=ORD") {
        ok(CSV)
    } else if target.contains("asos.py") {
        // A station without observations: IEM's debug lines and the header only.
        ok(CSV.lines().take(6).collect::<Vec<_>>().join("\n"))
    } else {
        status(404)
    }
}

/// `a` and `b` equal within 1e-12 relative, NaN where the other is NaN.
fn close(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: {got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-12 * w.abs().max(1e-300);
        assert!(same, "{name}[{i}]: {g} != {w}");
    }
}

fn vals(ds: &Dataset, name: &str) -> Vec<f64> {
    ds.values_f64(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn attr<'a>(ds: &'a Dataset, var: &str, key: &str) -> Option<&'a str> {
    ds.get(var).unwrap().attr_str(key)
}

fn strings(ds: &Dataset, name: &str) -> Vec<String> {
    match ds.get(name).unwrap().data() {
        Data::Str(a) => a.iter().cloned().collect(),
        other => panic!("{name} is {:?}", other.dtype()),
    }
}

/// The values ACT 2.3.4 computes, identical in station and box mode.
fn check_act_values(ds: &Dataset) {
    let minute = 60_000_000_000i64;
    let t0 = 1_580_784_660_000_000_000i64; // 2020-02-04 02:51 UTC
    assert_eq!(
        ds.time().unwrap().to_vec(),
        [t0, t0 + 60 * minute, t0 + 120 * minute, t0 + 180 * minute]
    );
    assert!(!ds.contains("station") && !ds.contains("valid"));
    close(
        "temp",
        &vals(ds, "temp"),
        &[-15.333333333333332, -15.944444444444443, NAN, -17.0],
    );
    close(
        "dwpc",
        &vals(ds, "dwpc"),
        &[-15.333333333333332, -15.944444444444443, NAN, -17.0],
    );
    close("spdms", &vals(ds, "spdms"), &[4.629996, 7.202216, 2.57222, 0.0]);
    close(
        "u",
        &vals(ds, "u"),
        &[4.629996, 7.092798155668573, 1.970434837479498, -0.0],
    );
    close(
        "v",
        &vals(ds, "v"),
        &[8.505164672197573e-16, -1.2506516835636057, -1.6533911453879102, -0.0],
    );
    close("vsbykm", &vals(ds, "vsbykm"), &[16.0934, 9.65604, 4.02335, 16.0934]);
    close("gust", &vals(ds, "gust"), &[NAN, 12.346656, NAN, NAN]);
    close("skyl1", &vals(ds, "skyl1"), &[762.0, 365.76, 243.84, NAN]);
    close("skyl2", &vals(ds, "skyl2"), &[1219.2, NAN, 457.20000000000005, NAN]);
    close("skyl3", &vals(ds, "skyl3"), &[NAN, NAN, 914.4000000000001, NAN]);
    close("skyl4", &vals(ds, "skyl4"), &[NAN, NAN, 2743.2000000000003, NAN]);
    close(
        "ice_accretion_1hr",
        &vals(ds, "ice_accretion_1hr"),
        &[NAN, 0.050800000000000005, 0.10160000000000001, NAN],
    );
    close(
        "ice_accretion_3hr",
        &vals(ds, "ice_accretion_3hr"),
        &[NAN, 0.127, 0.254, NAN],
    );
    close(
        "ice_accretion_6hr",
        &vals(ds, "ice_accretion_6hr"),
        &[NAN, 0.32258000000000003, 0.6451600000000001, NAN],
    );
    close(
        "peak_wind_gust",
        &vals(ds, "peak_wind_gust"),
        &[NAN, 14.918876000000001, NAN, NAN],
    );
    close("u_peak", &vals(ds, "u_peak"), &[NAN, 14.01915768761999, NAN, NAN]);
    close("v_peak", &vals(ds, "v_peak"), &[NAN, -5.102556107777883, NAN, NAN]);
    close("p01i", &vals(ds, "p01i"), &[0.0, 0.0001, 0.01, 0.0]);
    close("snowdepth", &vals(ds, "snowdepth"), &[NAN; 4]);
    close("tmpf", &vals(ds, "tmpf"), &[30.0, 28.9, NAN, 27.0]);
    assert_eq!(strings(ds, "skyc2"), ["OVC", "", "SCT", ""]);
    assert_eq!(strings(ds, "wxcodes"), ["", "-SN BR", "FZRA", ""]);
    assert_eq!(strings(ds, "peak_wind_time"), ["", "2020-02-04 03:30", "", ""]);
    assert_eq!(
        strings(ds, "metar")[2],
        "KORD 040451Z 31005KT 2 1/2SM FZRA FEW008 SCT015 BKN030 OVC090 A3015 RMK AO2"
    );
    // ACT's attribute slips.
    assert_eq!(attr(ds, "skyl1", "long_name"), Some("meter"));
    assert_eq!(attr(ds, "skyl1", "units"), None);
    assert_eq!(attr(ds, "drct", "long_name"), Some("Wind speed in degrees"));
    assert_eq!(attr(ds, "peak_wind_drct", "drct"), Some("degree"));
    assert_eq!(attr(ds, "u_peak", "drct"), Some("degree"));
    assert_eq!(attr(ds, "temp", "units"), Some("degrees Celsius"));
    assert_eq!(attr(ds, "gust", "units"), Some("m s-1"));
    assert_eq!(attr(ds, "metar", "long_name"), Some("Raw METAR code"));
}

#[test]
fn station_mode_with_act_compat_equals_act() {
    let srv = start(iem);
    let dir = tempfile::tempdir().unwrap();
    let out = get_asos_datasets(
        &scenarios::client(),
        t("2020-02-04 02:00"),
        t("2020-02-04 06:00"),
        &AsosSelection::Stations(vec!["ORD".into()]),
        None,
        dir.path(),
        Some(&srv.base),
        false,
        true,
        &mut |_| {},
    )
    .unwrap();
    // ACT asked 267 URLs: every network GeoJSON of its default regions, then the CSV.
    assert_eq!(srv.hits().len(), 267);
    assert_eq!(asos_networks(None, true).len() + 1, 267);
    let ds = &out["ORD"];
    check_act_values(ds);
    let a = ds.attrs();
    assert_eq!(a["site_latitude"].as_f64(), Some(41.9602));
    assert_eq!(a["site_longitude"].as_f64(), Some(-87.9322));
    assert_eq!(a["elevation"].as_str(), Some("201.700000 meter"));
    assert_eq!(a["sname"].as_str(), Some("CHICAGO/O'HARE"));
    assert_eq!(a["sid_lon"].as_f64(), Some(-87.9322));
    assert_eq!(a["_datastream"].as_str(), Some("ORD"));
    // ACT's `archive_end: None` has no netCDF form.
    assert!(!a.contains_key("archive_end"));
}

#[test]
fn box_mode_with_act_compat_equals_act() {
    let srv = start(iem);
    let dir = tempfile::tempdir().unwrap();
    let sel = AsosSelection::Box {
        lat: (41.9, 42.0),
        lon: (-88.0, -87.9),
    };
    let out = get_asos_datasets(
        &scenarios::client(),
        t("2020-02-04 02:00"),
        t("2020-02-04 06:00"),
        &sel,
        Some("IL"),
        dir.path(),
        Some(&srv.base),
        false,
        true,
        &mut |_| {},
    )
    .unwrap();
    // ACT asked AWOS, IL_ASOS, then the CSV of the one station inside.
    let hits = srv.hits();
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert!(hits[0].ends_with("/AWOS.geojson") && hits[1].ends_with("/IL_ASOS.geojson"));
    assert_eq!(out.keys().collect::<Vec<_>>(), ["ORD"]);
    let ds = &out["ORD"];
    check_act_values(ds);
    let a = ds.attrs();
    // ACT's box search stores the latitude as the longitude, and the elevation as IEM gives it.
    assert_eq!(a["site_longitude"].as_f64(), Some(41.9602));
    assert_eq!(a["elevation"], AttrValue::from(201.7));
}

#[test]
fn default_mode_fixes_acts_formulas_and_asks_only_what_is_needed() {
    let srv = start(iem);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let out = get_asos_datasets(
        &c,
        t("2020-02-04 02:00"),
        t("2020-02-04 06:00"),
        &AsosSelection::Stations(vec!["ORD".into(), "XYZ".into()]),
        None,
        dir.path(),
        Some(&srv.base),
        false,
        false,
        &mut |_| {},
    )
    .unwrap();
    // The station service for each id, ORD's one ASOS network, the two CSVs.
    let mut hits = srv.hits();
    hits.sort();
    assert_eq!(hits.len(), 5, "{hits:?}");
    assert!(hits.iter().any(|h| h.ends_with("/api/1/station/XYZ.json")));
    assert!(hits.iter().any(|h| h.ends_with("/geojson/network/IL_ASOS.geojson")));
    assert!(!hits.iter().any(|h| h.ends_with("/IL_DCP.geojson")));
    // XYZ answered no observation: left out, as ACT does.
    assert_eq!(out.keys().collect::<Vec<_>>(), ["ORD"]);
    let ds = &out["ORD"];
    let c_of_f = |f: f64| (f - 32.0) * 5.0 / 9.0;
    close(
        "temp",
        &vals(ds, "temp"),
        &[c_of_f(30.0), c_of_f(28.9), NAN, c_of_f(27.0)],
    );
    close(
        "dwpc",
        &vals(ds, "dwpc"),
        &[c_of_f(24.1), c_of_f(23.0), NAN, c_of_f(21.9)],
    );
    let kt = 1852.0 / 3600.0;
    close("spdms", &vals(ds, "spdms"), &[9.0 * kt, 14.0 * kt, 5.0 * kt, 0.0]);
    // 270 degrees: wind from the west, blowing east.
    let u = vals(ds, "u");
    assert!((u[0] - 9.0 * kt).abs() < 1e-12 && vals(ds, "v")[0].abs() < 1e-12);
    let (s, d) = (5.0 * kt, 310f64.to_radians());
    close("u", &u[2..3], &[-s * d.sin()]);
    close("v", &vals(ds, "v")[2..3], &[-s * d.cos()]);
    close(
        "vsbykm",
        &vals(ds, "vsbykm"),
        &[16.09344, 6.0 * 1.609344, 2.5 * 1.609344, 16.09344],
    );
    close("gust", &vals(ds, "gust"), &[NAN, 24.0 * kt, NAN, NAN]);
    close(
        "ice_accretion_6hr",
        &vals(ds, "ice_accretion_6hr"),
        &[NAN, 0.08 * 2.54, 0.15 * 2.54, NAN],
    );
    close(
        "ice_accretion_3hr",
        &vals(ds, "ice_accretion_3hr"),
        &[NAN, 0.127, 0.254, NAN],
    );
    close("skyl3", &vals(ds, "skyl3"), &[NAN, NAN, 3000.0 * 0.3048, NAN]);
    close(
        "peak_wind_gust",
        &vals(ds, "peak_wind_gust"),
        &[NAN, 29.0 * kt, NAN, NAN],
    );
    assert_eq!(attr(ds, "skyl1", "units"), Some("meter"));
    assert_eq!(attr(ds, "skyl1", "long_name"), Some("Sky level 1 altitude"));
    assert_eq!(attr(ds, "drct", "long_name"), Some("Wind direction"));
    assert_eq!(attr(ds, "peak_wind_drct", "units"), Some("degree"));
    assert_eq!(attr(ds, "peak_wind_drct", "drct"), None);
    assert_eq!(attr(ds, "u_peak", "drct"), None);
    let a = ds.attrs();
    assert_eq!(a["site_longitude"].as_f64(), Some(-87.9322));
    assert_eq!(a["elevation"].as_str(), Some("201.700000 meter"));
    assert_eq!(a["network"].as_str(), Some("IL_ASOS"));

    // A box: the true longitude.
    let srv = start(iem);
    let out = get_asos_datasets(
        &c,
        t("2020-02-04 02:00"),
        t("2020-02-04 06:00"),
        &AsosSelection::Box {
            lat: (41.9, 42.0),
            lon: (-88.0, -87.9),
        },
        Some("IL"),
        tempfile::tempdir().unwrap().path(),
        Some(&srv.base),
        false,
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(out["ORD"].attrs()["site_longitude"].as_f64(), Some(-87.9322));
}

#[test]
fn a_station_unknown_to_iem_gets_its_position_from_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ORD.csv");
    std::fs::write(&path, CSV).unwrap();
    let ds = read_asos_csv(&path, "ORD", None, AsosPick::ById, false)
        .unwrap()
        .unwrap();
    assert_eq!(ds.attrs()["site_latitude"].as_f64(), Some(41.9602));
    assert_eq!(ds.attrs()["site_longitude"].as_f64(), Some(-87.9322));
    assert_eq!(ds.dim_len("time"), Some(4));
}

#[test]
fn empty_and_malformed_answers() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    assert!(
        read_asos_csv(&empty, "X", None, AsosPick::ById, false)
            .unwrap()
            .is_none()
    );
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, CSV.replace("2020-02-04 04:51", "yesterday")).unwrap();
    let e = read_asos_csv(&bad, "ORD", None, AsosPick::ById, false).unwrap_err();
    assert!(
        e.to_string().contains("bad.csv") && e.to_string().contains("yesterday"),
        "{e}"
    );
    let ragged = dir.path().join("ragged.csv");
    // A short row is read with missing fields (as pandas does); a row too long is refused.
    std::fs::write(&ragged, format!("{CSV}ORD,2020-02-04 06:51,1\n")).unwrap();
    let ds = read_asos_csv(&ragged, "ORD", None, AsosPick::ById, false)
        .unwrap()
        .unwrap();
    assert_eq!(ds.dim_len("time"), Some(5));
    assert!(vals(&ds, "tmpf")[4].is_nan() && vals(&ds, "lon")[4] == 1.0);
    std::fs::write(&ragged, format!("{CSV}ORD,2020-02-04 06:51{}\n", ",1".repeat(40))).unwrap();
    let e = read_asos_csv(&ragged, "ORD", None, AsosPick::ById, false).unwrap_err();
    assert!(e.to_string().contains("ragged.csv"), "{e}");
    let missing = dir.path().join("none.csv");
    let e = read_asos_csv(&missing, "ORD", None, AsosPick::ById, false).unwrap_err();
    assert!(e.to_string().contains("none.csv"), "{e}");
}
