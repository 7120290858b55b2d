//! AmeriFlux, SURFRAD and ARM DOD readers on hand-written fixtures (from each format's public
//! description); expected values worked out by hand from the fixture text.

use atmokit_core::time::format_ns;
use atmokit_text::dod::DodOptions;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn ameriflux_base_by_hand() {
    let ds = atmokit_text::ameriflux::read_ameriflux(&fixture("AMF_US-Xxx_BASE_HH_1-5.csv")).unwrap();
    let t = ds.time().unwrap();
    assert_eq!(format_ns(t[0]), "2024-01-01T00:00:00.000000000");
    assert_eq!(format_ns(t[2]), "2024-01-01T01:00:00.000000000");
    let co2 = ds.view::<f64>("CO2").unwrap();
    assert_eq!((co2[[0]], co2[[1]]), (421.5, 422.0));
    assert!(co2[[2]].is_nan(), "-9999 is missing");
    let fc: f64 = ds.view::<f64>("FC").unwrap().iter().filter(|v| !v.is_nan()).sum();
    assert_eq!(fc, -0.75);
    assert_eq!(ds.view::<f64>("H2O").unwrap()[[2]], 5.70889);
    assert_eq!(ds.get("TS_1_05_1").unwrap().units(), Some("deg C"));
    assert_eq!(ds.get("CO2").unwrap().units(), Some("µmolCO2 mol-1"));
    assert_eq!(ds.get("FC").unwrap().attrs()["_FILL_VALUE"].as_f64(), Some(-9999.0));
    assert!(!ds.contains("TIMESTAMP_END"));
    assert_eq!(ds.attr_str("site"), Some("US-Xxx"));
    assert_eq!(ds.attr_str("version"), Some("1-5"));
    assert_eq!(ds.attr_str("data_type"), Some("base"));
}

#[test]
fn ameriflux_fluxnet_daily_by_hand() {
    let p = fixture("FLX_US-Xxx_FLUXNET2015_FULLSET_DD_2024-2024_1-4.csv");
    let ds = atmokit_text::ameriflux::read_ameriflux(&p).unwrap();
    let t = ds.time().unwrap();
    assert_eq!(t[1] - t[0], 86_400_000_000_000);
    assert_eq!(format_ns(t[0]), "2024-01-01T00:00:00.000000000");
    assert!(ds.view::<f64>("TA_F").unwrap()[[1]].is_nan());
    assert_eq!(ds.get("P_F").unwrap().units(), Some("mm"));
    assert_eq!(ds.attr_str("data_type"), Some("fluxnet"));
}

#[test]
fn ameriflux_bad_row_names_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("AMF_bad.csv");
    let text = std::fs::read_to_string(fixture("AMF_US-Xxx_BASE_HH_1-5.csv"))
        .unwrap()
        .replace("422.0", "4x2");
    std::fs::write(&p, text).unwrap();
    let e = atmokit_text::ameriflux::read_ameriflux(&p).unwrap_err().to_string();
    assert!(e.contains("AMF_bad.csv:5:") && e.contains("CO2"), "{e}");
}

#[test]
fn surfrad_two_days_by_hand() {
    let ds = atmokit_text::surfrad::read_surfrad(&[fixture("bon24001.dat"), fixture("bon24002.dat")]).unwrap();
    assert_eq!(ds.dim_len("time"), Some(4));
    let t = ds.time().unwrap();
    assert_eq!(format_ns(t[1]), "2024-01-01T00:01:00.000000000");
    assert_eq!(format_ns(t[2]), "2024-01-02T00:00:00.000000000");
    // value of pair k on day d is 100*d + k + 1; the second minute's first pair is -9999.9 / qc 2
    let g = ds.view::<f64>("downwelling_global_solar").unwrap();
    assert_eq!(g[[0]], 101.0);
    assert!(g[[1]].is_nan());
    assert_eq!(g[[2]], 201.0);
    assert_eq!(
        ds.view::<i64>("qc_downwelling_global_solar")
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![0, 2, 0, 2]
    );
    assert_eq!(ds.view::<f64>("station_pressure").unwrap()[[3]], 220.0);
    assert_eq!(ds.view::<f64>("lat").unwrap()[[]], 40.05);
    assert_eq!(ds.attr_str("datastream"), Some("SURFRAD Site: Bondville"));
}

/// ACT's form (`act_compat`): ACT's names, raw −9999.9, the date columns as int64, ACT's
/// `datastream` from the file name; a 52-column (SPN1) file is refused, naming file and line.
#[test]
fn surfrad_act_form_by_hand() {
    use atmokit_text::surfrad::{SurfradOptions, read_surfrad_with};
    let act = SurfradOptions { act_compat: true };
    let ds = read_surfrad_with(&[fixture("bon24001.dat"), fixture("bon24002.dat")], &act).unwrap();
    assert_eq!(ds.dim_len("time"), Some(4));
    assert_eq!(ds.names().count(), 49, "time and the 48 columns");
    let g = ds.view::<f64>("downwelling_global").unwrap();
    assert_eq!((g[[0]], g[[1]], g[[2]]), (101.0, -9999.9, 201.0));
    assert_eq!(
        ds.view::<i64>("qc_downwelling_global")
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![0, 2, 0, 2]
    );
    assert_eq!(
        ds.view::<i64>("jday").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![1, 1, 2, 2]
    );
    assert_eq!(ds.view::<f64>("dec_time").unwrap()[[1]], 0.017);
    // ACT's net_radiation is the 13th pair (net solar); the 15th is total_net.
    assert_eq!(ds.view::<f64>("net_radiation").unwrap()[[0]], 113.0);
    assert_eq!(ds.view::<f64>("total_net").unwrap()[[0]], 115.0);
    assert_eq!(ds.get("wind_speed").unwrap().units(), Some("ms^-1"));
    assert_eq!(ds.attr_str("datastream"), Some("SURFRAD Site: bon"));
    assert_eq!(ds.attrs().len(), 1);

    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("bon24001.dat")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3].push_str("  1.0 0  2.0 0");
    let p = dir.path().join("bon24099.dat");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_surfrad_with(&[&p], &act).unwrap_err().to_string();
    assert!(e.contains("bon24099.dat:4") && e.contains("52 fields"), "{e}");
    assert!(read_surfrad_with::<&std::path::Path>(&[], &act).is_err());
}

#[test]
fn dod_by_hand() {
    let p = fixture("vdis_dod.json");
    let ds = atmokit_text::dod::read_arm_dod(&p, &DodOptions::with_dims(&[("time", 3)])).unwrap();
    assert_eq!(ds.dim_len("time"), Some(3));
    assert_eq!(ds.dim_len("drop_diameter"), Some(4));
    assert_eq!(
        ds.view::<f32>("drop_diameter")
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![0.0, 1.0, 2.0, 3.0]
    );
    assert_eq!(
        ds.view::<f64>("time").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![0.0, 1.0, 2.0]
    );
    let n = ds.view::<i32>("num_drops").unwrap();
    assert_eq!(n.shape(), &[3, 4]);
    assert!(n.iter().all(|&v| v == -9999));
    assert!(ds.view::<f32>("rain_rate").unwrap().iter().all(|&v| v == -9999.0));
    assert_eq!(ds.view::<i32>("base_time").unwrap()[[]], -9999);
    assert_eq!(
        ds.get("rain_rate").unwrap().attrs()["valid_min"],
        atmokit_core::AttrValue::F32(vec![0.0])
    );
    assert_eq!(ds.attr_str("sampling_interval"), Some("1 minute"));
    let old = atmokit_text::dod::read_arm_dod(
        &p,
        &DodOptions {
            version: Some("1.0".into()),
            ..DodOptions::with_dims(&[("time", 2)])
        },
    )
    .unwrap();
    assert_eq!(old.names().collect::<Vec<_>>(), vec!["time"]);
    let e = atmokit_text::dod::read_arm_dod(&p, &DodOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("vdis_dod.json") && e.contains("'time'"), "{e}");
}

#[test]
fn dod_options_scalar_fill_dim_nulls_and_act_types() {
    let json = r#"{"versions": {"2.0": {
        "atts": [{"name": "title", "type": "char", "value": null}],
        "dims": [{"name": "time", "length": 0, "unlimited": true}],
        "vars": [
          {"name": "time", "type": "double", "dims": ["time"], "atts": []},
          {"name": "lat", "type": "float", "dims": [],
           "atts": [{"name": "units", "type": "char", "value": "degree_N"},
                    {"name": "comment", "type": "char", "value": null}]},
          {"name": "date_string", "type": "char", "dims": ["time"],
           "atts": [{"name": "string", "type": "char", "value": "yes"},
                    {"name": "units", "type": "char", "value": "unitless"}]},
          {"name": "count", "type": "short", "dims": ["time"],
           "atts": [{"name": "missing_value", "type": "short", "value": "-9999"}]}]},
      "10.0": {"atts": [], "dims": [], "vars": []}}}"#;
    let src = std::path::Path::new("made.json");
    let o = DodOptions {
        scalar_fill_dim: Some("time".into()),
        version: Some("2.0".into()),
        ..DodOptions::with_dims(&[("time", 2)])
    };
    let ds = atmokit_text::dod::parse_arm_dod(json, src, &o).unwrap();
    let lat = ds.get("lat").unwrap();
    assert_eq!(lat.dims(), ["time"]);
    assert_eq!(
        ds.view::<f32>("lat").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![-9999.0, -9999.0]
    );
    assert!(!lat.attrs().contains_key("comment"), "a null attribute is left out");
    assert_eq!(
        ds.attr_str("title"),
        Some(""),
        "a null global attribute is empty, as ACT"
    );
    assert_eq!(
        ds.get("count").unwrap().attrs()["missing_value"],
        atmokit_core::AttrValue::I16(vec![-9999])
    );
    assert_eq!(ds.get("date_string").unwrap().units(), Some("unitless"));
    // Versions compare as numbers: 10.0 is newer than 2.0 (text order would say 2.0).
    let newest = atmokit_text::dod::parse_arm_dod(json, src, &DodOptions::with_dims(&[("time", 2)])).unwrap();
    assert!(newest.is_empty());
    // ACT's types: float64 fills, int64 dim variables, text attributes, no `string`/`units` pair.
    let act = DodOptions {
        act_compat: true,
        ..o.clone()
    };
    let ds = atmokit_text::dod::parse_arm_dod(json, src, &act).unwrap();
    assert_eq!(ds.get("time").unwrap().dtype(), atmokit_core::DType::I64);
    assert_eq!(ds.get("count").unwrap().dtype(), atmokit_core::DType::F64);
    assert_eq!(
        ds.get("count").unwrap().attrs()["missing_value"],
        atmokit_core::AttrValue::Str("-9999".into())
    );
    let s = ds.get("date_string").unwrap();
    assert!(s.units().is_none() && !s.attrs().contains_key("string"));
    // ACT takes the last version listed when none is asked for.
    let last = DodOptions { version: None, ..act };
    assert!(atmokit_text::dod::parse_arm_dod(json, src, &last).unwrap().is_empty());
    let e = atmokit_text::dod::parse_arm_dod("{", src, &o).unwrap_err().to_string();
    assert!(e.contains("made.json") && e.contains("JSON"), "{e}");
}

#[test]
fn neon_with_variables_and_positions_by_hand() {
    let data = fixture("NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.20221201T163924Z.csv");
    let vars = fixture("NEON.D18.BARR.DP1.00002.001.variables.20221201T163924Z.csv");
    let pos = fixture("NEON.D18.BARR.DP1.00002.001.sensor_positions.20221201T163924Z.csv");
    let ds = atmokit_text::neon::read_neon_csv(std::slice::from_ref(&data), &[vars], &[pos]).unwrap();
    assert_eq!(ds.dim_len("time"), Some(3));
    assert_eq!(format_ns(ds.time().unwrap()[2]), "2022-01-01T00:02:00.000000000");
    let t = ds.view::<f64>("tempSingleMean").unwrap();
    assert_eq!(t[[0]], -20.5);
    assert!(t[[1]].is_nan(), "empty field");
    let v = ds.get("tempSingleMean").unwrap();
    assert_eq!(v.units(), Some("celsius"));
    assert_eq!(
        v.long_name(),
        Some("Arithmetic mean of single aspirated air temperature")
    );
    assert_eq!(ds.view::<f64>("lat").unwrap()[[]], 71.282425);
    assert_eq!(
        ds.view::<f64>("zOffset").unwrap()[[]],
        2.5,
        "the row of HOR.VER 000.010"
    );
    assert_eq!(ds.attr_str("_sites"), Some("BARR"));
    assert_eq!(ds.attr_str("averaging_interval"), Some("1min"));
    assert_eq!(ds.attr_str("HOR.VER"), Some("000.010"));
    // Two copies concatenate on time.
    let two = atmokit_text::neon::read_neon_csv(&[data.clone(), data], &[], &[]).unwrap();
    assert_eq!(two.dim_len("time"), Some(6));
}

#[test]
fn gml_aerosol_nasa_ames_by_hand() {
    let p = fixture("US1200R_nephelometer_test.nas");
    let ds = atmokit_text::gml::read_gml(&p, None, true).unwrap();
    let t = ds.time().unwrap();
    // mid-times: (0 + 0.041667)/2 d = 1800.01 s -> 00:30:00; 0.0625 d -> 01:30; 0.1041665 d -> 02:30
    assert_eq!(format_ns(t[0]), "2020-01-01T00:30:00.000000000");
    assert_eq!(format_ns(t[1]), "2020-01-01T01:30:00.000000000");
    assert_eq!(format_ns(t[2]), "2020-01-01T02:30:00.000000000");
    let sc = ds.view::<f64>("sc450").unwrap();
    assert_eq!(sc[[0]], 12.5);
    assert!(sc[[1]].is_nan(), "9999.9 is missing");
    let ti = ds.view::<f64>("T_int").unwrap();
    assert!(ti[[2]].is_nan());
    assert!((ti[[0]] + ti[[1]] - 586.6).abs() < 1e-9);
    assert_eq!(ds.get("sc450").unwrap().units(), Some("1/Mm"));
    assert_eq!(ds.get("T_int").unwrap().units(), Some("K"));
    assert_eq!(ds.view::<f64>("lat").unwrap()[[]], 71.323);
    assert_eq!(ds.view::<f64>("alt").unwrap()[[]], 11.0);
    assert_eq!(ds.attr_str("Station code"), Some("US1200R"));
    let bad = std::fs::read_to_string(&p).unwrap().replace("10.0 99.9", "10.0");
    let dir = tempfile::tempdir().unwrap();
    let q = dir.path().join("bad.nas");
    std::fs::write(&q, bad).unwrap();
    let e = atmokit_text::gml::read_gml(&q, None, true).unwrap_err().to_string();
    assert!(e.contains("bad.nas:27:"), "{e}");
}
