//! `read_csv` against the ACT oracle `io_read_csv.json` (ARM met CSV and ANL tower text).

mod common;
use atmokit_text::csv::{CsvOptions, Separator, read_csv};
use common::*;
use serde_json::Value;

fn check(ds: &atmokit_core::Dataset, want: &Value) {
    let dims: Vec<(String, u64)> = want["dims"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    for (d, n) in &dims {
        assert_eq!(ds.dim_len(d), Some(*n as usize), "dim {d}");
    }
    assert_eq!(ds.dims().len(), dims.len());
    let coords: Vec<&str> = want["coords"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ds.coord_names(), coords);
    let vars = want["vars"].as_object().unwrap();
    let ours: Vec<&str> = ds.data_var_names();
    let theirs: Vec<&str> = vars.keys().map(String::as_str).collect();
    assert_eq!(ours, theirs, "data variables in order");
    for (name, dt) in vars {
        assert_eq!(
            ds.get(name).unwrap().dtype().name(),
            dtype_name(dt.as_str().unwrap()),
            "{name} dtype"
        );
    }
    check_attrs("global", ds.attrs(), &want["global_attrs"], &[], &[]);
    for (name, s) in want["summaries"].as_object().unwrap() {
        check_var(name, ds.get(name).unwrap(), s, 0.0);
    }
}

#[test]
fn arm_met_csv_matches_act() {
    let exp = expected("io_read_csv");
    let ds = read_csv(&[data("sgpmetE13.b1.20210401.000000.csv")], &CsvOptions::default()).unwrap();
    check(&ds, &exp["met_csv"]);
}

#[test]
fn anl_tower_whitespace_matches_act() {
    let exp = expected("io_read_csv");
    let names: Vec<String> = exp["anl_tower"]["column_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let opts = CsvOptions {
        separator: Separator::Whitespace,
        column_names: Some(names),
        ..Default::default()
    };
    let ds = read_csv(&[data("anltwr_mar19met.data")], &opts).unwrap();
    check(&ds, &exp["anl_tower"]);
    // ACT's own unit test value.
    assert_eq!(ds.view::<f64>("temp_60m").unwrap()[[10]], -1.7);
}

#[test]
fn two_files_concatenate() {
    let f = data("anltwr_mar19met.data");
    let exp = expected("io_read_csv");
    let names: Vec<String> = exp["anl_tower"]["column_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let opts = CsvOptions {
        separator: Separator::Whitespace,
        column_names: Some(names),
        ..Default::default()
    };
    let ds = read_csv(&[&f, &f], &opts).unwrap();
    assert_eq!(ds.dim_len("index"), Some(100));
    let idx = ds.view::<i64>("index").unwrap();
    assert_eq!((idx[[0]], idx[[50]], idx[[99]]), (0, 50, 99));
    let sum: f64 = ds.view::<f64>("temp_60m").unwrap().sum();
    assert_close(
        "sum twice",
        sum,
        2.0 * jf(&exp["anl_tower"]["summaries"]["temp_60m"]["sum"]),
        1e-12,
    );
}
