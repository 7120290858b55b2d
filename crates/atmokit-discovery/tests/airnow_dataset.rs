//! AirNow answers into Datasets, against a loopback server answering with AirNow-shaped CSV
//! (`tests/answers/airnow_*.csv`: quoted fields, a doubled quote and commas inside one).
//!
//! The ACT numbers below were printed by ACT 2.3.4 itself on the same answers:
//! `~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/airnow.py`
//! (ACT's three functions with pandas' `read_csv` given these files). The default-mode numbers
//! of the bounded observations are read off the answer by hand (EPA: a site's reported AQI is
//! the highest of its pollutants' AQIs; AirNow writes −999 for a missing value).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use atmokit_core::{Data, Dataset};
use atmokit_discovery::{
    AirNowLocation, get_airnow_bounded_obs_dataset, get_airnow_forecast_dataset, get_airnow_obs_dataset,
    read_airnow_bounded_csv,
};
use server::{Reply, ok, start, status};

const FORECAST: &str = include_str!("answers/airnow_forecast.csv");
const OBS: &str = include_str!("answers/airnow_obs.csv");
const BOUNDED: &str = include_str!("answers/airnow_bounded.csv");
const NAN: f64 = f64::NAN;

fn airnow(target: &str, _n: usize) -> Reply {
    if target.contains("/forecast/") {
        ok(FORECAST)
    } else if target.contains("/observation/") {
        ok(OBS)
    } else if target.contains("/data/") {
        ok(BOUNDED)
    } else {
        status(404)
    }
}

fn close(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: {got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-12 * w.abs().max(1e-300);
        assert!(same, "{name}[{i}]: {g} != {w} ({got:?})");
    }
}

fn vals(ds: &Dataset, name: &str) -> Vec<f64> {
    ds.values_f64(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn strings(ds: &Dataset, name: &str) -> Vec<String> {
    match ds.get(name).unwrap().data() {
        Data::Str(a) => a.iter().cloned().collect(),
        other => panic!("{name} is {:?}", other.dtype()),
    }
}

#[test]
fn forecast_and_observations_as_act() {
    let srv = start(airnow);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let zip = AirNowLocation::Zip("60440".into());
    let (_, f) = get_airnow_forecast_dataset(
        &c,
        "KEY",
        "2012-05-31",
        &zip,
        25,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(f.dim_len("index"), Some(3));
    assert_eq!(f.get("AQI").unwrap().data(), &Data::from(vec![-1i64, 55, -1]));
    assert_eq!(f.get("CategoryNumber").unwrap().data(), &Data::from(vec![2i64, 2, 1]));
    assert_eq!(f.get("index").unwrap().data(), &Data::from(vec![0i64, 1, 2]));
    close("Latitude", &vals(&f, "Latitude"), &[41.8; 3]);
    close("Longitude", &vals(&f, "Longitude"), &[-87.7; 3]);
    // pandas: bool False; here uint8 0.
    assert_eq!(f.get("ActionDay").unwrap().data(), &Data::from(vec![0u8, 0, 0]));
    assert_eq!(
        strings(&f, "DateForecast"),
        ["2012-05-31 ", "2012-05-31 ", "2012-06-01 "]
    );
    assert_eq!(strings(&f, "ParameterName"), ["O3", "PM2.5", "O3"]);
    assert_eq!(
        strings(&f, "Discussion")[0],
        "Ozone, PM2.5: moderate; a stagnant high keeps pollutants near the ground, \"hazy\" afternoon."
    );
    assert_eq!(strings(&f, "Discussion")[2], "");
    assert!(f.attrs().is_empty());

    let (_, o) = get_airnow_obs_dataset(
        &c,
        "KEY",
        Some("2021-12-01"),
        &zip,
        25,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(o.dim_len("index"), Some(2));
    assert_eq!(o.get("HourObserved").unwrap().data(), &Data::from(vec![0i64, 0]));
    assert_eq!(o.get("AQI").unwrap().data(), &Data::from(vec![21i64, 38]));
    assert_eq!(strings(&o, "LocalTimeZone"), ["CST", "CST"]);
}

fn bounded(act_compat: bool) -> Dataset {
    let srv = start(airnow);
    let dir = tempfile::tempdir().unwrap();
    let (file, ds) = get_airnow_bounded_obs_dataset(
        &scenarios::client(),
        "KEY",
        "2020-08-01T00",
        "2020-08-01T01",
        "-118.3,33.9,-117.8,34.2",
        "OZONE,PM25",
        'B',
        0,
        dir.path(),
        Some(&srv.base),
        act_compat,
        &mut |_| {},
    )
    .unwrap();
    assert!(file.exists());
    ds
}

#[test]
fn bounded_observations_with_act_compat_equal_act() {
    let ds = bounded(true);
    assert_eq!(ds.dim_len("time"), Some(2));
    assert_eq!(ds.dim_len("sites"), Some(2));
    assert_eq!(
        ds.time().unwrap().to_vec(),
        [1_596_240_000_000_000_000i64, 1_596_243_600_000_000_000]
    );
    assert_eq!(strings(&ds, "sites"), ["Azusa", "Los Angeles - N. Main Street"]);
    close("latitude", &vals(&ds, "latitude"), &[34.1361, 34.0664]);
    close("longitude", &vals(&ds, "longitude"), &[-117.9236, -118.2267]);
    assert_eq!(
        ds.get("aqs_id").unwrap().data(),
        &Data::from(vec![60370002i64, 60371103])
    );
    // (time, sites), row-major.
    close("OZONE", &vals(&ds, "OZONE"), &[48.0, 36.0, 41.0, NAN]);
    close("PM2.5", &vals(&ds, "PM2.5"), &[13.4, NAN, 15.1, -999.0]);
    close("AQI", &vals(&ds, "AQI"), &[44.0, 33.0, 38.0, -999.0]);
    close("category", &vals(&ds, "category"), &[1.0, 1.0, 1.0, -1.0]);
    close(
        "raw_concentration",
        &vals(&ds, "raw_concentration"),
        &[47.8, 35.9, 40.6, -999.0],
    );
    assert_eq!(ds.get("OZONE").unwrap().dims(), ["time", "sites"]);
    assert_eq!(ds.get("OZONE").unwrap().attr_str("units"), Some("PPB"));
    assert_eq!(ds.get("PM2.5").unwrap().attr_str("units"), Some("UG/M3"));
    assert_eq!(ds.get("AQI").unwrap().attr_str("units"), Some(""));
}

#[test]
fn bounded_observations_by_default_report_the_highest_aqi_and_no_minus_999() {
    let ds = bounded(false);
    // Azusa 00:00: ozone 44, PM2.5 54 -> 54 (category 2); 01:00: 38 and 57 -> 57.
    close("AQI", &vals(&ds, "AQI"), &[54.0, 33.0, 57.0, NAN]);
    close("category", &vals(&ds, "category"), &[2.0, 1.0, 2.0, NAN]);
    close("PM2.5", &vals(&ds, "PM2.5"), &[13.4, NAN, 15.1, NAN]);
    close("OZONE_AQI", &vals(&ds, "OZONE_AQI"), &[44.0, 33.0, 38.0, NAN]);
    close(
        "PM2.5_raw_concentration",
        &vals(&ds, "PM2.5_raw_concentration"),
        &[13.4, NAN, 15.1, NAN],
    );
    assert_eq!(
        ds.get("PM2.5_raw_concentration").unwrap().attr_str("units"),
        Some("UG/M3")
    );
    assert!(!ds.contains("raw_concentration"));
    assert_eq!(strings(&ds, "aqs_id"), ["060370002", "060371103"]);
}

#[test]
fn malformed_bounded_answers_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("short.csv");
    std::fs::write(&p, "\"34.1\",\"-117.9\",\"2020-08-01T00:00\"\n").unwrap();
    let e = read_airnow_bounded_csv(&p, false).unwrap_err();
    assert!(e.to_string().contains("short.csv"), "{e}");
    let p = dir.path().join("time.csv");
    std::fs::write(&p, BOUNDED.replace("2020-08-01T01:00", "soon")).unwrap();
    let e = read_airnow_bounded_csv(&p, false).unwrap_err();
    assert!(
        e.to_string().contains("time.csv") && e.to_string().contains("soon"),
        "{e}"
    );
    let p = dir.path().join("empty.csv");
    std::fs::write(&p, "").unwrap();
    assert!(read_airnow_bounded_csv(&p, false).is_err());
}
