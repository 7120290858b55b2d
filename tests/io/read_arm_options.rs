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

#[test]
fn act_compat_datastream_of_a_file_without_the_attr() {
    // ACT 2.3.4 `read_arm_netcdf` on marirtsstM1 (no `datastream` attr) gives `_datastream` =
    // "act_datastream" (its DEFAULT_DATASTREAM_NAME; checked with ACT from the project's venv);
    // atmokit takes the datastream of the ARM file name unless asked for ACT's answer.
    let p = data_file("marirtsstM1.b1.20190320.000000.nc");
    let ds = read_arm_netcdf(&[&p], &ReadOptions::default()).unwrap();
    assert_eq!(ds.attr_str("_datastream"), Some("marirtsstM1.b1"));
    let opts = ReadOptions {
        act_compat: true,
        ..ReadOptions::default()
    };
    let ds = read_arm_netcdf(&[&p], &opts).unwrap();
    assert_eq!(ds.attr_str("_datastream"), Some("act_datastream"));
    // A file with the attr is unchanged (ACT: "sgpmetE13.b1").
    let ds = read_arm_netcdf(&[data_file(MET)], &opts).unwrap();
    assert_eq!(ds.attr_str("_datastream"), Some("sgpmetE13.b1"));
}

/// `ReadOptions::act_compat` decodes times at cftime's microsecond precision. ACT 2.3.4's
/// `read_arm_netcdf` on a file with these `seconds since 2019-01-01 00:00:00 0:00` values
/// printed 00:00:00, 00:00:01, 00:00:02, 00:00:00, 03:25:45.678901 and 2019-01-02T00:00:00;
/// by default every value keeps its nanoseconds.
#[test]
fn act_compat_times_at_cftime_precision() {
    use atmokit_core::time::format_ns;
    use atmokit_core::{Dataset, Variable};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.nc");
    let secs = vec![0.0, 1.0000004, 2.0000006, 1e-7, 12345.6789012345, 86399.9999996];
    let mut ds = Dataset::new();
    ds.insert(
        "time",
        Variable::new(["time"], secs)
            .unwrap()
            .with_attr("units", "seconds since 2019-01-01 00:00:00 0:00"),
    )
    .unwrap();
    ds.insert("x", Variable::new(["time"], vec![1.0f32; 6]).unwrap())
        .unwrap();
    atmokit_netcdf::write_netcdf(&ds, &p, &atmokit_netcdf::WriteOptions::default()).unwrap();
    let opts = ReadOptions {
        act_compat: true,
        ..ReadOptions::default()
    };
    let got: Vec<String> = read_arm_netcdf(&[&p], &opts)
        .unwrap()
        .time()
        .unwrap()
        .iter()
        .map(|&t| format_ns(t))
        .collect();
    assert_eq!(
        got,
        [
            "2019-01-01T00:00:00.000000000",
            "2019-01-01T00:00:01.000000000",
            "2019-01-01T00:00:02.000000000",
            "2019-01-01T00:00:00.000000000",
            "2019-01-01T03:25:45.678901000",
            "2019-01-02T00:00:00.000000000",
        ]
    );
    let plain: Vec<String> = read_arm_netcdf(&[&p], &ReadOptions::default())
        .unwrap()
        .time()
        .unwrap()
        .iter()
        .map(|&t| format_ns(t))
        .collect();
    assert_eq!(plain[1], "2019-01-01T00:00:01.000000400");
    assert_eq!(plain[5], "2019-01-01T23:59:59.999999600");
}
