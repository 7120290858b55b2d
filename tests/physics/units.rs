//! `utils_convert_units.json`: 14 conversions of met arrays and 12 of literal arrays.

use atmokit_core::{DType, Data, Variable};
use atmokit_physics::units::convert_units;
use atmokit_tests::{check_summary, expected, json_f64, read_oracle};
use ndarray::ArrayD;
use serde_json::Value;

/// Parses `convert_units(ds['VAR'].values, 'A', 'B')`.
fn parse_call(call: &str) -> (String, String, String) {
    let q: Vec<&str> = call.split('\'').collect();
    (q[1].to_string(), q[3].to_string(), q[5].to_string())
}

#[test]
fn met_arrays_match_pint() {
    let e = expected("utils_convert_units");
    let ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let cases = e["array_conversions"].as_array().unwrap();
    assert_eq!(cases.len(), 14);
    for c in cases {
        let (var, from, to) = parse_call(c["call"].as_str().unwrap());
        let input = ds.get(&var).unwrap();
        assert_eq!(
            input.dtype().name(),
            c["in_dtype"].as_str().unwrap(),
            "{var} input dtype"
        );
        let out = convert_units(input.data(), &from, &to).unwrap();
        assert_eq!(
            out.dtype().name(),
            c["out_dtype"].as_str().unwrap(),
            "{from}->{to} dtype"
        );
        let v = Variable::new(input.dims().to_vec(), out).unwrap();
        // float32 results: pint rounds every intermediate step to float32, atmokit rounds once,
        // so elements differ by ~1 ulp (6e-8); the std of a series whose spread is 0.4 % of its
        // mean (pressure) amplifies that ~250×, hence 2e-5 for float32 and 1e-9 for float64.
        let rtol = if v.dtype() == DType::F32 { 2e-5 } else { 1e-9 };
        check_summary(&format!("{var} {from}->{to}"), &v, &c["out"], rtol);
        // Elements agree to float32 precision; pint's degC->degF passes through float32 kelvin
        // (ulp 3e-5 K at 274 K), so allow 1e-4 absolute for that cancellation.
        for s in c["out"]["samples"].as_array().unwrap() {
            let i = s[0][0].as_u64().unwrap() as usize;
            let got = atmokit_tests::value_at(&v, &[i]);
            atmokit_tests::assert_close(&format!("{var} {from}->{to} [{i}]"), got, json_f64(&s[1]), 2.4e-7, 1e-4);
        }
    }
}

fn literal_input(c: &Value) -> Data {
    let vals = c["input"].as_array().unwrap();
    let shape = vec![vals.len()];
    if c["input_dtype"] == "int64" {
        Data::I64(ArrayD::from_shape_vec(shape, vals.iter().map(|v| v.as_i64().unwrap()).collect()).unwrap())
    } else {
        Data::F64(ArrayD::from_shape_vec(shape, vals.iter().map(json_f64).collect()).unwrap())
    }
}

#[test]
fn literal_arrays_match_pint_including_int_cast_back() {
    let e = expected("utils_convert_units");
    let cases = e["literal_conversions"].as_array().unwrap();
    assert_eq!(cases.len(), 12);
    for c in cases {
        let (from, to) = (c["in_units"].as_str().unwrap(), c["out_units"].as_str().unwrap());
        assert!(c.get("error").is_none(), "the oracle has no failing literal case");
        let out = convert_units(&literal_input(c), from, to).unwrap();
        assert_eq!(
            out.dtype().name(),
            c["output_dtype"].as_str().unwrap(),
            "{from}->{to} dtype"
        );
        let got: Vec<f64> = out.iter_f64().unwrap().collect();
        let want: Vec<f64> = c["output"].as_array().unwrap().iter().map(json_f64).collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            atmokit_tests::assert_close(&format!("{from}->{to}"), *g, *w, 1e-12, 1e-12);
        }
    }
}

#[test]
fn unknown_units_are_a_clear_error() {
    let d = Data::F32(ArrayD::from_shape_vec(vec![1], vec![1.0f32]).unwrap());
    let err = convert_units(&d, "degC", "kelvinz").unwrap_err().to_string();
    assert!(err.contains("kelvinz"), "{err}");
    let err = convert_units(&d, "m/s", "hPa").unwrap_err().to_string();
    assert!(err.contains("m/s") && err.contains("hPa"), "{err}");
    // One sample and NaN keep float32.
    let n = Data::F32(ArrayD::from_shape_vec(vec![1], vec![f32::NAN]).unwrap());
    let out = convert_units(&n, "degC", "K").unwrap();
    assert_eq!(out.dtype(), DType::F32);
    assert!(out.iter_f64().unwrap().next().unwrap().is_nan());
}

/// `ds.utils.change_units(desired_unit=...)` on the SGP met day. ACT 2.3.4's numbers, printed by
/// `act.io.arm.read_arm_netcdf(file).utils.change_units(desired_unit='K')` and
/// `...(desired_unit='hPa', skip_variables=['atmos_pressure'])` (nansum and elements as float64).
#[test]
fn change_units_on_a_met_day_matches_act() {
    use atmokit_physics::units::{ChangeUnitsOptions, change_units};
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let report = change_units(&mut ds, "K", &ChangeUnitsOptions::default()).unwrap();
    assert_eq!(report.converted, ["temp_mean", "temp_std", "logger_temp"]);
    for (var, sum, first, at700) in [
        ("temp_mean", 387821.110748291, 274.72698974609375, 267.697998046875),
        ("temp_std", 393364.5460205078, 273.1679992675781, 273.1629943847656),
        ("logger_temp", 392011.32830810547, 278.6349792480469, 270.281005859375),
    ] {
        let v = ds.get(var).unwrap();
        assert_eq!(v.dtype(), DType::F32, "{var}");
        assert_eq!(v.units(), Some("K"));
        let x = ds.values_f64(var).unwrap();
        let total: f64 = x.iter().filter(|v| !v.is_nan()).sum();
        atmokit_tests::assert_close(var, total, sum, 1e-6, 0.0);
        // Within 1 float32 ulp (1.1e-7 relative at 278 K): pint rounds each step to float32.
        atmokit_tests::assert_close(var, x[0], first, 1.2e-7, 0.0);
        atmokit_tests::assert_close(var, x[700], at700, 1.2e-7, 0.0);
    }
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let opts = ChangeUnitsOptions {
        skip_variables: vec!["atmos_pressure".into()],
        ..Default::default()
    };
    let report = change_units(&mut ds, "hPa", &opts).unwrap();
    assert_eq!(report.converted, ["vapor_pressure_mean", "vapor_pressure_std"]);
    assert_eq!(ds.get("atmos_pressure").unwrap().units(), Some("kPa"));
    let x = ds.values_f64("vapor_pressure_mean").unwrap();
    let total: f64 = x.iter().filter(|v| !v.is_nan()).sum();
    atmokit_tests::assert_close("vapor_pressure_mean", total, 4697.7600004673, 1e-6, 0.0);
    atmokit_tests::assert_close("vapor_pressure_mean", x[0], 5.920000076293945, 1e-7, 0.0);
}

/// With `act_compat` every float32 sample of the 14 met-array conversions equals pint's bit for
/// bit (plain scalings multiply by the factor in float32; offsets go through kelvin in four
/// float32 steps), and so do the change_units values ACT printed.
#[test]
fn act_compat_equals_pint_bit_for_bit() {
    use atmokit_physics::units::{ChangeUnitsOptions, ConvertOptions, change_units, convert_units_with};
    let e = expected("utils_convert_units");
    let ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let o = ConvertOptions { act_compat: true };
    let mut n = 0;
    for c in e["array_conversions"].as_array().unwrap() {
        let (var, from, to) = parse_call(c["call"].as_str().unwrap());
        let input = ds.get(&var).unwrap();
        let out = convert_units_with(input.data(), &from, &to, &o).unwrap();
        let v = Variable::new(input.dims().to_vec(), out).unwrap();
        for s in c["out"]["samples"].as_array().unwrap() {
            let i = s[0][0].as_u64().unwrap() as usize;
            let (got, want) = (atmokit_tests::value_at(&v, &[i]), json_f64(&s[1]));
            assert!(
                got == want || (got.is_nan() && want.is_nan()),
                "{var} {from}->{to} [{i}]: {got} vs pint {want}"
            );
            n += 1;
        }
    }
    assert!(n > 14);
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let opts = ChangeUnitsOptions {
        act_compat: true,
        ..Default::default()
    };
    change_units(&mut ds, "K", &opts).unwrap();
    for (var, first, at700) in [
        ("temp_mean", 274.72698974609375, 267.697998046875),
        ("temp_std", 273.1679992675781, 273.1629943847656),
        ("logger_temp", 278.6349792480469, 270.281005859375),
    ] {
        let x = ds.values_f64(var).unwrap();
        assert_eq!((x[0], x[700]), (first, at700), "{var}");
    }
}
