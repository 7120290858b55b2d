//! NOAA PSL wind profiler and RASS readers against the ACT oracle `io_read_noaa_psl.json`.

mod common;
use atmokit_core::Dataset;
use atmokit_text::psl::wind_profiler::{read_psl_wind_profiler, read_psl_wind_profiler_temperature};
use common::*;
use serde_json::Value;

fn check(ds: &Dataset, want: &Value) {
    for (d, n) in want["dims"].as_object().unwrap() {
        assert_eq!(ds.dim_len(d), Some(n.as_u64().unwrap() as usize), "dim {d}");
    }
    let mut names: Vec<&str> = ds.data_var_names();
    names.sort_unstable();
    let theirs: Vec<&str> = want["data_var_names_sorted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names, theirs);
    check_attrs("global", ds.attrs(), &want["global_attrs"], &[], &[]);
    for (name, w) in want["vars"].as_object().unwrap() {
        let v = ds.get(name).unwrap();
        check_var(name, v, w, 0.0);
        if let Some(dims) = w["dims"].as_array() {
            let dims: Vec<&str> = dims.iter().map(|d| d.as_str().unwrap()).collect();
            assert_eq!(v.dims(), dims.as_slice(), "{name} dims");
            check_attrs(name, v.attrs(), &w["attrs"], &[], &[]);
        }
    }
}

#[test]
fn wind_profiler_two_modes_match_act() {
    let exp = expected("io_read_noaa_psl");
    let modes = read_psl_wind_profiler(&data("ctd21125.15w")).unwrap();
    assert_eq!(modes.len(), 2);
    check(&modes[0], &exp["wind_profiler_mode1"]);
    check(&modes[1], &exp["wind_profiler_mode2"]);
    for (key, want) in exp["first_row_slices"].as_object().unwrap() {
        let (mode, rest) = key.split_once('.').unwrap();
        let var = rest.split('[').next().unwrap();
        let ds = if mode == "mode1" { &modes[0] } else { &modes[1] };
        let a = ds.view::<f64>(var).unwrap();
        for (j, w) in want.as_array().unwrap().iter().enumerate() {
            assert_eq!(a[[0, j]], jf(w), "{key}[{j}]");
        }
    }
}

#[test]
fn rass_temperature_matches_act() {
    let exp = expected("io_read_noaa_psl");
    let ds = read_psl_wind_profiler_temperature(&data("ctd22187.00t.txt")).unwrap();
    check(&ds, &exp["profiler_temperature"]);
    assert_eq!(ds.view::<f64>("T").unwrap()[[0, 0]], 33.2);
}

#[test]
fn short_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(data("ctd22187.00t.txt")).unwrap();
    let mut lines: Vec<&str> = src.lines().collect();
    lines[14] = " 0.300     33.2";
    let p = dir.path().join("bad.00t");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_psl_wind_profiler_temperature(&p).unwrap_err().to_string();
    assert!(e.contains("bad.00t:15:"), "{e}");
}

#[test]
fn surface_met_two_files_match_act() {
    let exp = expected("io_read_noaa_psl");
    let ds =
        atmokit_text::psl::surface_met::read_psl_surface_met(&[data("ayp22199.21m"), data("ayp22200.00m")]).unwrap();
    check(&ds, &exp["surface_met"]);
    // ACT's unit-test values: 2 times, sum of pressure 1446.9 (float32), lat 38.972425.
    let p: f64 = ds.view::<f32>("Pressure").unwrap().iter().map(|&v| f64::from(v)).sum();
    assert_close("pressure sum", p, 1446.9, 1e-7);
}
