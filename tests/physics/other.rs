//! ACT unit-test numbers (ACT 2.3.4's unit tests) for decode_present_weather, and
//! arm_standards_validator / DatastreamParserARM on a real ARM file.

use atmokit_core::Data;
use atmokit_physics::datastream::DatastreamParserARM;
use atmokit_physics::validator::arm_standards_validator;
use atmokit_physics::weather::decode_present_weather;
use atmokit_tests::read_oracle;

const MET: &str = "sgpmetE13.b1.20190101.000000.cdf";

#[test]
fn present_weather_decoded_as_act() {
    // ACT's test: MET1 `pwd_pw_code_inst` at [0], [100], [600] → "No significant weather observed".
    let mut ds = read_oracle(MET);
    decode_present_weather(&mut ds, "pwd_pw_code_inst", None).unwrap();
    let v = ds.get("pwd_pw_code_inst_decoded").unwrap();
    let Data::Str(a) = v.data() else {
        panic!("decoded is not text")
    };
    for i in [0, 100, 600] {
        assert_eq!(a[[i]], "No significant weather observed");
    }
    assert_eq!(v.long_name(), Some("PWD instantaneous present weather code Decoded"));
    assert!(v.attrs().get("valid_min").is_none() && v.attrs().get("valid_max").is_none());
}

#[test]
fn real_met_file_name_and_standards() {
    let p = DatastreamParserARM::parse(MET).unwrap();
    assert_eq!(p.datastream().as_deref(), Some("sgpmetE13.b1"));
    let ds = read_oracle(MET);
    let err = arm_standards_validator(None, &ds);
    // ACT 2.3.4's `arm_standards_validator(dataset=ds)` on this file, run in a venv: for each of
    // these 20 fields the parent lacks `ancillary_variables` and the QC lacks `flag_method`;
    // three *_std fields lack a missing value; the global `doi` is missing.
    let qc_fields = [
        "atmos_pressure",
        "temp_mean",
        "rh_mean",
        "vapor_pressure_mean",
        "wspd_arith_mean",
        "wspd_vec_mean",
        "wdir_vec_mean",
        "tbrg_precip_total",
        "tbrg_precip_total_corr",
        "org_precip_rate_mean",
        "pwd_mean_vis_1min",
        "pwd_mean_vis_10min",
        "pwd_pw_code_inst",
        "pwd_pw_code_15min",
        "pwd_pw_code_1hr",
        "pwd_precip_rate_mean_1min",
        "pwd_cumul_rain",
        "pwd_cumul_snow",
        "logger_volt",
        "logger_temp",
    ];
    let mut want: Vec<String> = Vec::new();
    for f in qc_fields {
        want.push(format!(
            "{f} does not include ancillary_variable attribute pointing to qc_{f}"
        ));
        want.push(format!("qc_{f} does not include flag_method attribute"));
        if let Some(std) = ["temp", "rh", "vapor_pressure"]
            .iter()
            .find(|p| f == format!("{p}_mean"))
        {
            want.push(format!(
                "{std}_std does not include missing_value or FillValue attributes"
            ));
        }
    }
    want.push("Global attribute is missing: doi".into());
    let mut got = err.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    // The file name itself is standard.
    let with_name = arm_standards_validator(Some(MET), &ds);
    assert_eq!(with_name.len(), err.len());
}

/// ACT 2.3.4's unit tests "Utils": ACT's own unit-test numbers on other files.
#[test]
fn act_unit_test_numbers() {
    use atmokit_physics::precip::{WeightedSeries, ts_weighted_average};
    use atmokit_physics::units::convert_units;
    // convert_units: EBBR soil_temp_1 → K, ceil of the first value 285; back to °C: 12.
    let ebbr = read_oracle("sgp30ebbrE32.b1.20191125.000000.nc");
    let soil = ebbr.get("soil_temp_1").unwrap();
    let k = convert_units(soil.data(), soil.units().unwrap(), "K").unwrap();
    let k0 = k.iter_f64().unwrap().next().unwrap();
    assert_eq!(k0.ceil(), 285.0);
    let c = convert_units(&k, "K", "degC").unwrap();
    assert_eq!(c.iter_f64().unwrap().next().unwrap().ceil(), 12.0);
    // Ceilometer range m → km: sum 952.56.
    let ceil = read_oracle("sgpceilC1.b1.20190101.000000.nc");
    let range = ceil.get("range").unwrap();
    let km = convert_units(range.data(), range.units().unwrap(), "km").unwrap();
    atmokit_tests::assert_close("range km sum", km.iter_f64().unwrap().sum(), 952.56, 1e-5, 0.0);

    // ts_weighted_average over 7 met days, weights 0.8/0.15/0.05: sum ≈ 84.9.
    let files: Vec<_> = (1..=7)
        .map(|d| atmokit_tests::data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf")))
        .collect();
    let week = atmokit_netcdf::read_arm_netcdf(&files, &atmokit_netcdf::ReadOptions::default()).unwrap();
    let series: Vec<WeightedSeries> = [
        ("tbrg_precip_total", 0.8),
        ("org_precip_rate_mean", 0.15),
        ("pwd_precip_rate_mean_1min", 0.05),
    ]
    .into_iter()
    .map(|(variable, weight)| WeightedSeries {
        ds: &week,
        variable,
        weight,
    })
    .collect();
    let avg = ts_weighted_average(&series).unwrap();
    let sum: f64 = avg.iter_f64().unwrap().sum();
    assert!((sum - 84.9).abs() < 0.05, "{sum}");
}
