//! NOAA GML readers against the ACT oracle `io_read_noaa_gml.json`.
//!
//! ACT rounds MET, radiation and CO2 values through float32 before storing float64; atmokit keeps
//! the decimal text's float64 value, so those statistics are compared within float32 precision
//! (relative 1e-7 per value; sums with cancellation get an absolute 1e-5). Ozone and halocarbons
//! are float32 in both and compared exactly.

mod common;
use atmokit_core::Dataset;
use atmokit_text::gml::{GmlType, read_gml};
use common::*;
use serde_json::Value;

/// Our name of an ACT variable (atmokit fixes ACT's misspellings).
fn our_name(act: &str) -> &str {
    match act {
        "realitive_humidity" => "relative_humidity",
        "preciptation_intensity" => "precipitation_intensity",
        n => n,
    }
}

fn check(ds: &Dataset, want: &Value, rtol: f64, attr_skip: &[(&str, &[&str])]) {
    for (d, n) in want["dims"].as_object().unwrap() {
        assert_eq!(ds.dim_len(d), Some(n.as_u64().unwrap() as usize), "dim {d}");
    }
    assert_eq!(
        ds.data_var_names().len() as u64,
        want["n_data_vars"].as_u64().unwrap(),
        "number of data vars"
    );
    check_attrs("global", ds.attrs(), &want["global_attrs"], &[], &[]);
    check_var("time", ds.get("time").unwrap(), &want["time"], 0.0);
    for (act_name, w) in want["vars"].as_object().unwrap() {
        let name = our_name(act_name);
        let v = ds.get(name).unwrap_or_else(|_| panic!("missing {name}"));
        let dims: Vec<&str> = w["dims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert_eq!(v.dims(), dims.as_slice(), "{name} dims");
        check_var(name, v, w, rtol);
        let skip = attr_skip.iter().find(|(n, _)| *n == name).map_or(&[][..], |(_, s)| *s);
        check_attrs(name, v.attrs(), &w["attrs"], skip, skip);
    }
}

fn read(name: &str, kind: GmlType, convert: bool) -> Dataset {
    let p = data(name);
    // The dispatcher recognises every sample by its name.
    assert_eq!(GmlType::from_file_name(name), Some(kind));
    read_gml(&p, None, true).unwrap();
    read_gml(&p, Some(kind), convert).unwrap()
}

#[test]
fn radiation_matches_act() {
    let exp = &expected("io_read_noaa_gml")["results"]["radiation"];
    let ds = read("brw21001.dat", GmlType::Radiation, true);
    ATOL.with(|a| a.set(1e-5));
    check(&ds, exp, 1e-7, &[]);
    // ACT's unit-test values.
    assert_close(
        "nansum SZA",
        ds.view::<f64>("solar_zenith_angle").unwrap().sum(),
        1725.28,
        1e-9,
    );
    assert_close(
        "nansum up IR case",
        ds.view::<f64>("upwelling_infrared_case_temp").unwrap().sum(),
        4431.88,
        1e-9,
    );
    assert_eq!(ds.view::<f64>("lat").unwrap()[[]], 71.316);
}

#[test]
fn met_matches_act_and_keeps_codes_on_request() {
    let root = expected("io_read_noaa_gml");
    let ds = read("met_brw_insitu_1_obop_hour_2020.txt", GmlType::Met, true);
    ATOL.with(|a| a.set(1e-5));
    check(&ds, &root["results"]["met"], 1e-7, &[]);
    let raw = read("met_brw_insitu_1_obop_hour_2020.txt", GmlType::Met, false);
    let want = &root["results"]["met_convert_missing_false"];
    for (act_name, s) in want["sums"].as_object().unwrap() {
        let name = our_name(act_name);
        assert_close(
            &format!("{name} raw sum"),
            raw.view::<f64>(name).unwrap().sum(),
            jf(s),
            1e-7,
        );
    }
    for (act_name, f) in want["fill_values"].as_object().unwrap() {
        let name = our_name(act_name);
        let got = raw.get(name).unwrap().attrs()["_FillValue"].as_f64().unwrap();
        assert_close(&format!("{name} fill"), got, jf(f), 1e-12);
    }
    // ACT's unit-test values: 20 NaN precipitation, raw sum -1980.
    assert_eq!(
        ds.view::<f64>("precipitation_intensity")
            .unwrap()
            .iter()
            .filter(|v| v.is_nan())
            .count(),
        20
    );
}

#[test]
fn ozone_matches_act() {
    let exp = &expected("io_read_noaa_gml")["results"]["ozone"];
    let ds = read("brw_12_2020_hour.dat", GmlType::Ozone, true);
    check(&ds, exp, 0.0, &[]);
}

#[test]
fn co2_matches_act_with_fixed_labels() {
    let root = expected("io_read_noaa_gml");
    let ds = read("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt", GmlType::Co2, true);
    ATOL.with(|a| a.set(1e-5));
    let fixed: &[(&str, &[&str])] = &[
        ("co2", &["long_name"]),
        ("co2_std_dev", &["long_name"]),
        ("longitude", &["long_name"]),
        ("qc_co2", &["long_name"]),
        ("elevation", &["long_name", "units"]),
    ];
    check(&ds, &root["results"]["co2"], 1e-7, fixed);
    assert_eq!(ds.get("co2").unwrap().long_name(), Some("Carbon dioxide in dry air"));
    assert_eq!(
        ds.get("longitude").unwrap().long_name(),
        Some("Longitude at which air sample was collected")
    );
    let raw = read("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt", GmlType::Co2, false);
    let want = &root["results"]["co2_convert_missing_false"];
    for (name, s) in want["sums"].as_object().unwrap() {
        let got: f64 = raw.get(name).unwrap().data().to_f64().unwrap().sum();
        assert_close(&format!("{name} raw sum"), got, jf(s), 1e-7);
    }
}

#[test]
fn halo_matches_act() {
    let exp = &expected("io_read_noaa_gml")["results"]["halo"];
    let ds = read("brw_CCl4_Day.dat", GmlType::Halo, true);
    check(&ds, exp, 0.0, &[]);
}

#[test]
fn malformed_lines_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(data("met_brw_insitu_1_obop_hour_2020.txt")).unwrap();
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    lines[2] = lines[2].replace("1005", "1x05");
    let p = dir.path().join("met_bad_hour.txt");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_gml(&p, Some(GmlType::Met), true).unwrap_err().to_string();
    assert!(
        e.contains("met_bad_hour.txt:3:") && e.contains("barometric_pressure"),
        "{e}"
    );
}

/// `GmlOptions::act_compat`: ACT 2.3.4's own names, long names and float32-rounded values, so the
/// radiation, MET and CO2 oracle summaries match at 1e-12 (the float64 default needs 1e-7) and
/// every attr matches, with ACT's variable names unmapped.
#[test]
fn act_compat_reproduces_act_labels_and_values() {
    use atmokit_text::gml::act_compat::{GmlOptions, read_gml_with};
    let root = expected("io_read_noaa_gml");
    let opts = GmlOptions {
        act_compat: true,
        ..Default::default()
    };
    for (file, case) in [
        ("brw21001.dat", "radiation"),
        ("met_brw_insitu_1_obop_hour_2020.txt", "met"),
        ("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt", "co2"),
    ] {
        let ds = read_gml_with(data(file), None, &opts).unwrap();
        let want = &root["results"][case];
        assert_eq!(ds.data_var_names().len() as u64, want["n_data_vars"].as_u64().unwrap(), "{case}");
        for (name, w) in want["vars"].as_object().unwrap() {
            let v = ds.get(name).unwrap_or_else(|_| panic!("{case}: missing {name}"));
            check_var(name, v, w, 1e-12);
            check_attrs(name, v.attrs(), &w["attrs"], &[], &[]);
        }
    }
    // Default: atmokit's spelling and labels.
    let ds = read_gml_with(data("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt"), None, &GmlOptions::default()).unwrap();
    assert_eq!(ds.get("co2").unwrap().long_name(), Some("Carbon dioxide in dry air"));
}
