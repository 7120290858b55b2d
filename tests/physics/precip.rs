//! `utils_accumulate_precip.json`: seven days of SGP met with rain on 3–4 January.

use atmokit_physics::precip::{accumulate_precip, accumulate_precip_act_compat};
use atmokit_tests::{assert_attrs_equal, check_summary, data_file, expected, json_f64};

fn week() -> atmokit_core::Dataset {
    let files: Vec<_> = (1..=7)
        .map(|d| data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf")))
        .collect();
    atmokit_netcdf::read_arm_netcdf(&files, &atmokit_netcdf::ReadOptions::default()).unwrap()
}

#[test]
fn accumulations_match_act() {
    let e = expected("utils_accumulate_precip");
    let mut ds = week();
    assert_eq!(ds.dim_len("time").unwrap() as u64, e["n_times"].as_u64().unwrap());
    for var in ["tbrg_precip_total", "org_precip_rate_mean", "pwd_precip_rate_mean_1min"] {
        let r = &e["results"][var];
        assert_eq!(
            ds.get(var).unwrap().units().unwrap(),
            r["input_units"].as_str().unwrap()
        );
        check_summary(var, ds.get(var).unwrap(), &r["input"], 0.0);
        accumulate_precip(&mut ds, var, None).unwrap();
        let acc = ds.get(&format!("{var}_accumulated")).unwrap();
        // atmokit keeps the input's float32. ACT returns float64 for rates with the automatic
        // time step only (float32 × numpy float64 scalar promotes under NEP 50), float32 otherwise.
        assert_eq!(acc.dtype().name(), "float32");
        let act_dtype = if r["input_units"] == "mm/hr" {
            "float64"
        } else {
            "float32"
        };
        assert_eq!(r["dtype"].as_str().unwrap(), act_dtype);
        let mut want = r["accumulated"].clone();
        want["dtype"] = serde_json::Value::from("float32");
        // ACT sums in float32 (or f64); atmokit in f64, then rounds once: ~1e-6 relative.
        check_summary(var, acc, &want, 2e-6);
        let last = acc.data().to_f64().unwrap().iter().last().copied().unwrap();
        atmokit_tests::assert_close(var, last, json_f64(&r["final_total"]), 2e-6, 1e-9);
        assert_attrs_equal(var, acc.attrs(), &r["attrs"]);
    }
    let r = &e["results"]["org_precip_rate_mean_time_delta_30"];
    accumulate_precip(&mut ds, "org_precip_rate_mean", Some(30.0)).unwrap();
    let acc = ds.get("org_precip_rate_mean_accumulated").unwrap();
    check_summary("time_delta=30", acc, &r["accumulated"], 2e-6);
}

#[test]
fn act_compat_accumulations_are_acts_to_the_bit() {
    // ACT's own precision: float32 sums in float32, the automatic-step rates in float64.
    let e = expected("utils_accumulate_precip");
    let mut ds = week();
    for var in ["tbrg_precip_total", "org_precip_rate_mean", "pwd_precip_rate_mean_1min"] {
        let r = &e["results"][var];
        accumulate_precip_act_compat(&mut ds, var, None).unwrap();
        let acc = ds.get(&format!("{var}_accumulated")).unwrap();
        check_summary(var, acc, &r["accumulated"], 0.0);
        let last = acc.data().to_f64().unwrap().iter().last().copied().unwrap();
        assert_eq!(last, json_f64(&r["final_total"]), "{var}");
    }
    let r = &e["results"]["org_precip_rate_mean_time_delta_30"];
    accumulate_precip_act_compat(&mut ds, "org_precip_rate_mean", Some(30.0)).unwrap();
    let acc = ds.get("org_precip_rate_mean_accumulated").unwrap();
    check_summary("time_delta=30", acc, &r["accumulated"], 0.0);
}
