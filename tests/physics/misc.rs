//! `utils_misc.json`: time helpers, add_in_nan, adjust_timestamp, thermodynamics, Planck,
//! missing values.

use atmokit_core::time::{format_ns, parse_datetime};
use atmokit_core::{Data, Variable};
use atmokit_physics::data_utils::{MissingOrder, add_in_nan, get_missing_value};
use atmokit_physics::planck::{WavenumberUnits, planck_converter};
use atmokit_physics::thermo::{convert_to_potential_temp, height_adjusted_pressure_ds, height_adjusted_temperature_ds};
use atmokit_physics::time_utils::{
    Align, adjust_timestamp, date_parser, dates_between, determine_time_delta, numpy_to_arm_date, reduce_time_ranges,
};
use atmokit_tests::{assert_close, check_summary, expected, json_f64, read_oracle};
use serde_json::Value;

const MET: &str = "sgpmetE13.b1.20190101.000000.cdf";
const CEIL: &str = "sgpceilC1.b1.20190101.000000.nc";

fn met_times() -> Vec<i64> {
    read_oracle(MET).time().unwrap().to_vec()
}

/// Met times with minutes 100–159 and 700–704 removed, as the oracle case does.
fn gappy_times() -> Vec<i64> {
    met_times()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !(100..160).contains(i) && !(700..705).contains(i))
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn date_helpers() {
    let e = expected("utils_misc");
    let want: Vec<&str> = e["dates_between"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let got: Vec<String> = dates_between("20190101", "20190107")
        .unwrap()
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    assert_eq!(got, want);
    let t = met_times()[725];
    assert_eq!(format_ns(t), e["numpy_to_arm_date"]["input"].as_str().unwrap());
    assert_eq!(
        numpy_to_arm_date(t, false).unwrap(),
        e["numpy_to_arm_date"]["date"].as_str().unwrap()
    );
    assert_eq!(
        numpy_to_arm_date(t, true).unwrap(),
        e["numpy_to_arm_date"]["time"].as_str().unwrap()
    );
    for (input, out) in e["date_parser"].as_object().unwrap() {
        assert_eq!(date_parser(input, "%Y%m%d").unwrap(), out.as_str().unwrap(), "{input}");
    }
}

#[test]
fn time_delta_and_ranges() {
    let e = expected("utils_misc");
    let d = &e["determine_time_delta"];
    assert_eq!(determine_time_delta(&met_times(), 60.0), json_f64(&d["met"]));
    assert_eq!(
        determine_time_delta(&gappy_times(), 60.0),
        json_f64(&d["met_with_gaps"])
    );
    let ceil = read_oracle(CEIL);
    assert_eq!(
        determine_time_delta(&ceil.time().unwrap().to_vec(), 60.0),
        json_f64(&d["ceil"])
    );

    let r = &e["reduce_time_ranges"];
    let tg = gappy_times();
    let ranges: Vec<(i64, i64)> = r["ranges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                parse_datetime(p[0].as_str().unwrap()).unwrap(),
                parse_datetime(p[1].as_str().unwrap()).unwrap(),
            )
        })
        .collect();
    assert_eq!(reduce_time_ranges(&tg, 60.0, false), ranges);
    let bb: Vec<(i64, i64)> = r["broken_barh"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (parse_datetime(p[0].as_str().unwrap()).unwrap(), p[1].as_i64().unwrap()))
        .collect();
    assert_eq!(reduce_time_ranges(&tg, 60.0, true), bb);
}

#[test]
fn add_in_nan_matches_act() {
    let e = expected("utils_misc");
    let a = &e["add_in_nan"];
    let ds = read_oracle(MET);
    let keep: Vec<usize> = (0..1440)
        .filter(|i| !(100..160).contains(i) && !(700..705).contains(i))
        .collect();
    let sub = ds.isel("time", &keep).unwrap();
    let tg = sub.time().unwrap().to_vec();
    assert_eq!(tg.len() as u64, a["in_len"].as_u64().unwrap());
    let (t, x) = add_in_nan(&tg, sub.get("temp_mean").unwrap().data()).unwrap();
    assert_eq!(t.len() as u64, a["out_len"].as_u64().unwrap());
    let xs = x.to_f64().unwrap();
    let nan_pos: Vec<usize> = xs
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_nan())
        .map(|(i, _)| i)
        .collect();
    let want: Vec<usize> = a["nan_positions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(nan_pos, want);
    let inserted: Vec<String> = nan_pos.iter().map(|&i| format_ns(t[i])).collect();
    let want_t: Vec<&str> = a["inserted_times"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(inserted, want_t);
    assert_eq!(x.dtype().name(), "float32");
}

#[test]
fn adjust_timestamp_left_right_match_and_center_is_fixed() {
    let e = expected("utils_misc");
    let a = &e["adjust_timestamp_ceil"]["aligned"];
    for (align, key) in [(Align::Left, "left"), (Align::Right, "right")] {
        let mut ds = read_oracle(CEIL);
        adjust_timestamp(&mut ds, "time_bounds", align, None).unwrap();
        check_summary(key, ds.get("time").unwrap(), &a[key], 0.0);
    }
    // ACT's centre is t0 + (t0 - t1)/2, i.e. its "left" minus half a bin; the true midpoint is
    // "left" plus half a bin. So ours = 2*left - ACT's centre, sample by sample.
    let mut ds = read_oracle(CEIL);
    adjust_timestamp(&mut ds, "time_bounds", Align::Center, None).unwrap();
    let t = ds.time().unwrap().to_vec();
    for s in a["center"]["samples"].as_array().unwrap() {
        let i = s[0][0].as_u64().unwrap() as usize;
        let act_center = parse_datetime(s[1].as_str().unwrap()).unwrap();
        let left = a["left"]["samples"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l[0][0] == s[0][0])
            .unwrap();
        let left = parse_datetime(left[1].as_str().unwrap()).unwrap();
        assert_eq!(t[i], 2 * left - act_center, "center at {i}");
    }
    // First bin [23:59:44, 00:00:00] → 23:59:52.
    assert_eq!(format_ns(t[0]), "2018-12-31T23:59:52.000000000");
}

/// float32 outputs of MetPy/pint (float32 arithmetic through kelvin, ulp 3e-5 K) vs atmokit
/// (f64, rounded once). Celsius values cross zero, so samples compare with 1e-4 absolute and the
/// statistics with 2e-5 relative (sum, mean) or 1e-4 absolute.
fn check_result(what: &str, data: Data, want: &Value) {
    let v = Variable::new(["time"], data).unwrap();
    let w = &want["result"];
    assert_eq!(v.dtype().name(), w["dtype"].as_str().unwrap(), "{what} dtype");
    let x = v.data().to_f64().unwrap();
    let (n, sum) = (x.len() as f64, x.iter().sum::<f64>());
    let mean = sum / n;
    let std = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let min = x.iter().copied().fold(f64::INFINITY, f64::min);
    let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (k, g) in [("sum", sum), ("mean", mean), ("std", std), ("min", min), ("max", max)] {
        assert_close(&format!("{what}.{k}"), g, json_f64(&w[k]), 2e-5, 1e-4);
    }
    for s in w["samples"].as_array().unwrap() {
        let i = s[0][0].as_u64().unwrap() as usize;
        assert_close(&format!("{what}[{i}]"), x[[i]], json_f64(&s[1]), 0.0, 1e-4);
    }
}

#[test]
fn potential_temperature_and_height_adjustments() {
    let e = expected("utils_misc");
    let ds = read_oracle(MET);
    check_result(
        "potential_temp",
        convert_to_potential_temp(&ds, "temp_mean", "atmos_pressure").unwrap(),
        &e["convert_to_potential_temp"],
    );
    check_result(
        "height_adjusted_temperature",
        height_adjusted_temperature_ds(&ds, "temp_mean", 100.0, "m", Some("atmos_pressure")).unwrap(),
        &e["height_adjusted_temperature"],
    );
    check_result(
        "height_adjusted_pressure",
        height_adjusted_pressure_ds(&ds, "atmos_pressure", 100.0, "m").unwrap(),
        &e["height_adjusted_pressure"],
    );
}

#[test]
fn planck_converter_matches_act() {
    let e = expected("utils_misc");
    for case in e["planck_converter"].as_array().unwrap() {
        let kw = &case["kwargs"];
        let wn: Vec<f64> = match &kw["wnum"] {
            Value::Array(a) => a.iter().map(json_f64).collect(),
            v => vec![json_f64(v)],
        };
        let want: Vec<f64> = match &case["result"] {
            Value::Array(a) => a.iter().map(json_f64).collect(),
            v => vec![json_f64(v)],
        };
        let rad = kw.get("radiance").map(json_f64);
        let temp = kw.get("temperature").map(json_f64);
        for (w, r) in wn.iter().zip(&want) {
            let got = planck_converter(*w, rad, temp, WavenumberUnits::PerCm).unwrap();
            assert_close("planck", got, *r, 1e-12, 0.0);
        }
    }
}

#[test]
fn missing_values() {
    let e = expected("utils_misc");
    let ds = read_oracle(MET);
    for (name, want) in e["get_missing_value"].as_object().unwrap() {
        let got = get_missing_value(&ds, name, Some(-9999.0), MissingOrder::default())
            .unwrap()
            .unwrap();
        assert_eq!(got, json_f64(want), "{name}");
    }
}
