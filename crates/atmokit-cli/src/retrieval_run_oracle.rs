//! `atmokit retrieve` pipeline (the CLI's retrieval runner): every retrieval by name on a real
//! file, written to netCDF and read back.

use crate::retrieval_run::{Retrieval, RunOptions, run};
use atmokit_core::Dataset;
use std::path::PathBuf;

fn oracle_dir() -> PathBuf {
    std::env::var("ATMOKIT_ORACLE").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"),
        PathBuf::from,
    )
}

fn read_oracle(name: &str) -> Dataset {
    let p = oracle_dir().join("data").join(name);
    atmokit_netcdf::read_arm_netcdf(&[p], &atmokit_netcdf::ReadOptions::default())
        .unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

fn expected(case: &str) -> serde_json::Value {
    let p = oracle_dir().join("expected").join(format!("{case}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", p.display()))
}

/// A JSON number, or `null` as NaN.
fn json_f64(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[track_caller]
fn assert_close(what: &str, got: f64, want: f64, rtol: f64, atol: f64) {
    let ok = (got.is_nan() && want.is_nan()) || (got - want).abs() <= atol + rtol * want.abs();
    assert!(ok, "{what}: got {got}, expected {want} (rtol {rtol}, atol {atol})");
}

#[test]
fn every_retrieval_writes_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let met = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let cases: [(&str, &str, RunOptions, &str); 10] = [
        (
            "pwv",
            "sgpsondewnpnC1.b1.20190101.053200.cdf",
            RunOptions::default(),
            "precipitable_water",
        ),
        (
            "stability",
            "sgpsondewnpnC1.b1.20190101.053200.cdf",
            RunOptions::default(),
            "surface_based_cape",
        ),
        (
            "pbl-heffter",
            "twpsondewnpnC3.b1.20060121.171600.custom.cdf",
            RunOptions::default(),
            "pblht_heffter",
        ),
        (
            "pbl-liu-liang",
            "twpsondewnpnC3.b1.20060121.051500.custom.cdf",
            RunOptions {
                ocean: true,
                ..Default::default()
            },
            "pblht_liu_liang",
        ),
        (
            "cbh-sobel",
            "sgpceilC1.b1.20190101.000000.nc",
            RunOptions {
                var_thresh: Some(1000.0),
                fill_na: Some(0.0),
                ..Default::default()
            },
            "cbh_sobel_backscatter",
        ),
        (
            "pbl-gradient",
            "sgpceilC1.b1.20190101.000000.nc",
            RunOptions {
                variable: Some("backscatter".into()),
                ..Default::default()
            },
            "pbl_gradient",
        ),
        (
            "aeri2irt",
            "sgpaerich1C1.b1.20190501.000342.nc",
            RunOptions::default(),
            "aeri_irt_equiv_temperature",
        ),
        (
            "sst",
            "marirtsstM1.b1.20190320.000000.nc",
            RunOptions::default(),
            "sea_surface_temperature",
        ),
        (
            "radiation",
            "sgpsirsE13.b1.20190101.000000.cdf",
            RunOptions {
                smooth: Some(30),
                ..Default::default()
            },
            "prata_clear",
        ),
        (
            "vad",
            "sgpdlppiC1.b1.20191015.120023.cdf",
            RunOptions {
                intensity: Some("intensity".into()),
                ..Default::default()
            },
            "wind_speed",
        ),
    ];
    for (name, file, opts, var) in cases {
        let ds = read_oracle(file);
        let out =
            run(Retrieval::parse(name).unwrap(), &ds, Some(&met), &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = dir.path().join(format!("{name}.nc"));
        atmokit_netcdf::write_netcdf(&out, &path, &Default::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = atmokit_netcdf::read_arm_netcdf(&[&path], &Default::default()).unwrap();
        assert!(back.contains(var), "{name}: {var} missing");
        if name == "pwv" {
            let v = back.get(var).unwrap();
            assert_eq!(v.shape(), &[] as &[usize], "precipitable_water is a scalar");
            assert_eq!(v.units(), Some("cm"));
        }
        if name == "pbl-liu-liang" {
            // ocean thresholds on this file: ACT 784 m
            let want = json_f64(&expected("ret_sonde")["pbl_liu_liang"]["water"][0]["pblht_liu_liang"]);
            assert_close(
                "liu-liang ocean",
                back.get(var).unwrap().data().to_f64().unwrap()[[]],
                want,
                0.0,
                1e-3,
            );
        }
        if ["cbh-sobel", "aeri2irt", "sst", "radiation"].contains(&name) {
            assert!(back.contains("time"), "{name}: time copied to the output");
        }
    }
    assert!(Retrieval::parse("nope").is_err());
}
