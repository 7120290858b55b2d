//! `io_read_arm_options`: keep/drop, use_base_time, raw time, files without a time variable.

use atmokit_netcdf::{ReadOptions, keep_variables_to_drop_variables, read_arm_netcdf};
use atmokit_tests::{assert_attrs_contain, assert_attrs_equal, check_summary, data_file, expected};

const MET: &str = "sgpmetE13.b1.20190101.000000.cdf";

fn names(ds: &atmokit_core::Dataset) -> Vec<String> {
    let mut v: Vec<String> = ds.data_var_names().into_iter().map(str::to_string).collect();
    v.sort();
    v
}

fn strs(v: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn keep_and_drop_variables() {
    let r = &expected("io_read_arm_options")["results"];
    let f = data_file(MET);
    let ds = read_arm_netcdf(&[&f], &ReadOptions::default().keep(&["temp_mean"])).unwrap();
    assert_eq!(names(&ds), strs(&r["keep_variables_str"]["data_vars"]));
    assert_eq!(ds.coord_names(), strs(&r["keep_variables_str"]["coords"]));

    let ds = read_arm_netcdf(
        &[&f],
        &ReadOptions::default()
            .keep(&["temp_mean", "qc_temp_mean", "alt", "lat", "lon"])
            .drop(&["lon"]),
    )
    .unwrap();
    assert_eq!(names(&ds), strs(&r["keep_variables_list_and_drop"]["data_vars"]));

    let mut dropped = keep_variables_to_drop_variables(&f, &["temp_mean", "rh_mean", "atmos_pressure"]).unwrap();
    dropped.sort();
    assert_eq!(dropped, strs(&r["keep_variables_to_drop_variables"]["result_sorted"]));
}

#[test]
fn unknown_keep_or_drop_names_are_an_error_naming_them() {
    let f = data_file(MET);
    for opts in [
        ReadOptions::default().keep(&["temp_mean", "tmep_mean"]),
        ReadOptions::default().drop(&["tmep_mean"]),
    ] {
        let e = read_arm_netcdf(&[&f], &opts).unwrap_err().to_string();
        assert!(
            e.contains("'tmep_mean'") && e.contains(MET) && !e.contains("'temp_mean'"),
            "{e}"
        );
    }
    let e = read_arm_netcdf(&[&f], &ReadOptions::default().keep(&["a"]).drop(&["b", "a"]))
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("no variable named 'a', 'b'"), "{e}");
}

#[test]
fn use_base_time() {
    let r = &expected("io_read_arm_options")["results"]["use_base_time"];
    let opts = ReadOptions {
        use_base_time: true,
        ..ReadOptions::default()
    }
    .drop(&["time"]);
    let ds = read_arm_netcdf(&[data_file(MET)], &opts).unwrap();
    let t = ds.get("time").unwrap();
    assert_eq!(t.dtype().name(), r["time_dtype"].as_str().unwrap());
    check_summary("time", t, &r["time"], 0.0);
    assert_attrs_equal("time", t.attrs(), &r["time_attrs"]);
}

#[test]
fn decode_times_false_keeps_raw_values_and_units() {
    let r = &expected("io_read_arm_options")["results"]["decode_times_false"];
    let mut opts = ReadOptions::default();
    opts.decode.decode_times = false;
    let ds = read_arm_netcdf(&[data_file(MET)], &opts).unwrap();
    check_summary("time", ds.get("time").unwrap(), &r["time"], 0.0);
    assert_attrs_equal("time", ds.get("time").unwrap().attrs(), &r["time_attrs"]);
    check_summary("time_offset", ds.get("time_offset").unwrap(), &r["time_offset"], 0.0);
    assert_eq!(
        ds.view::<i32>("base_time").unwrap()[[]] as i64,
        r["base_time"].as_i64().unwrap()
    );
    assert_attrs_equal("base_time", ds.get("base_time").unwrap().attrs(), &r["base_time_attrs"]);
}

#[test]
fn files_without_a_decodable_time_variable() {
    let r = &expected("io_read_arm_options")["results"];
    for (key, file) in [
        ("no_time_variable", "sgpmet_no_time.nc"),
        ("test_time", "sgpmet_test_time.nc"),
    ] {
        let ds = read_arm_netcdf(&[data_file(file)], &ReadOptions::default()).unwrap();
        for (k, v) in r[key]["dims"].as_object().unwrap() {
            assert_eq!(ds.dim_len(k), Some(v.as_u64().unwrap() as usize), "{key}: dim {k}");
        }
        let t = ds.get("time").unwrap();
        check_summary(key, t, &r[key]["time"], 0.0);
        assert_attrs_equal(key, t.attrs(), &r[key]["time_attrs"]);
        assert_attrs_contain(key, ds.attrs(), &r[key]["global_attrs"]);
    }
}

#[test]
fn check_arm_standards() {
    let r = &expected("io_read_arm_options")["results"]["check_arm_standards"];
    let mut ds = read_arm_netcdf(&[data_file(MET)], &ReadOptions::default()).unwrap();
    assert_eq!(
        atmokit_netcdf::arm::check_arm_standards(&mut ds) as i64,
        r["met"].as_i64().unwrap()
    );
    ds.attrs_mut().shift_remove("datastream");
    assert_eq!(atmokit_netcdf::arm::check_arm_standards(&mut ds), 0);
    ds.attrs_mut().insert("zeb_platform".into(), "sgpmetE13.b1".into());
    assert_eq!(atmokit_netcdf::arm::check_arm_standards(&mut ds), 1);
    assert_eq!(ds.attr_str("datastream"), Some("sgpmetE13.b1"));
}
