//! Doppler lidar VAD winds against `ret_doppler_ppi_winds.json` (ACT 2.3.4).

use atmokit_retrievals::doppler::vad::{PpiOptions, compute_winds_from_ppi};
use atmokit_tests::{assert_close, data_file, expected, json_f64, read_oracle};
use serde_json::Value;

const F1: &str = "sgpdlppiC1.b1.20191015.120023.cdf";
const F2: &str = "sgpdlppiC1.b1.20191015.121506.cdf";

fn check(out: &atmokit_core::Dataset, want: &Value) {
    assert_eq!(
        out.dim_len("time").unwrap() as u64,
        want["dims"]["time"].as_u64().unwrap()
    );
    assert_eq!(
        out.dim_len("height").unwrap() as u64,
        want["dims"]["height"].as_u64().unwrap()
    );
    let times: Vec<String> = out
        .time()
        .unwrap()
        .iter()
        .map(|&t| atmokit_core::time::format_ns(t))
        .collect();
    for s in want["time"]["samples"].as_array().unwrap() {
        let i = s[0][0].as_u64().unwrap() as usize;
        assert_eq!(times[i], s[1].as_str().unwrap(), "time[{i}]");
    }
    let h = out.get("height").unwrap();
    assert_eq!(h.units(), want["height"]["attrs"]["units"].as_str());
    let hv = h.data().to_f64().unwrap();
    for s in want["height"]["samples"].as_array().unwrap() {
        let i = s[0][0].as_u64().unwrap() as usize;
        assert_close(&format!("height[{i}]"), hv[[i]], json_f64(&s[1]), 1e-6, 0.0);
    }
    for (name, w) in want["vars"].as_object().unwrap() {
        let var = out.get(name).unwrap();
        assert_eq!(var.units(), w["attrs"]["units"].as_str(), "{name} units");
        let a = var.data().to_f64().unwrap();
        assert_eq!(
            a.iter().filter(|x| x.is_nan()).count() as u64,
            w["n_nan"].as_u64().unwrap(),
            "{name} n_nan"
        );
        let nansum: f64 = a.iter().filter(|x| x.is_finite()).sum();
        assert_close(&format!("{name} nansum"), nansum, json_f64(&w["nansum"]), 1e-5, 0.0);
        for s in w["samples"].as_array().unwrap() {
            let idx: Vec<usize> = s[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect();
            // float32 unit vectors and sums in ACT vs f64 sums here: ~1e-6 relative, more on
            // near-zero winds (direction and relative errors of 0.03 m/s winds)
            let want_v = json_f64(&s[1]);
            let got = a[ndarray::IxDyn(&idx)];
            assert_close(&format!("{name}{idx:?}"), got, want_v, 1e-3, 1e-4);
        }
    }
}

#[test]
fn single_file_matches_act() {
    let want = &expected("ret_doppler_ppi_winds")["single_file"];
    let ds = read_oracle(F1);
    let out = compute_winds_from_ppi(
        &ds,
        &PpiOptions {
            intensity_name: Some("intensity".into()),
            ..Default::default()
        },
    )
    .unwrap();
    check(&out, &want["result"]);
    let spd: f64 = out
        .get("wind_speed")
        .unwrap()
        .data()
        .iter_f64()
        .unwrap()
        .filter(|x| x.is_finite())
        .sum();
    let dir: f64 = out
        .get("wind_direction")
        .unwrap()
        .data()
        .iter_f64()
        .unwrap()
        .filter(|x| x.is_finite())
        .sum();
    assert_eq!((spd.round(), dir.round()), (1570.0, 32635.0), "ACT unit-test values");
}

#[test]
fn two_files_without_range_units_match_act() {
    let want = &expected("ret_doppler_ppi_winds")["two_files"];
    let mut ds =
        atmokit_netcdf::read_arm_netcdf(&[data_file(F1), data_file(F2)], &atmokit_netcdf::ReadOptions::default())
            .unwrap();
    ds.get_mut("range").unwrap().attrs_mut().shift_remove("units");
    let out = compute_winds_from_ppi(&ds, &PpiOptions::default()).unwrap();
    check(&out, &want["result"]);
    let spd: f64 = out
        .get("wind_speed")
        .unwrap()
        .data()
        .iter_f64()
        .unwrap()
        .filter(|x| x.is_finite())
        .sum();
    assert_eq!(spd.round(), 2854.0);
}

#[test]
fn missing_velocity_is_an_error() {
    let mut ds = read_oracle(F1);
    ds.remove("radial_velocity");
    let e = compute_winds_from_ppi(&ds, &PpiOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("radial_velocity"), "{e}");
}
