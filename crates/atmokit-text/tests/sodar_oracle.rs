//! Scintec MFAS sodar reader against the ACT oracle `io_read_sodar.json`.

mod common;
use atmokit_text::sodar::read_mfas_sodar;
use common::*;

#[test]
fn sodar_matches_act() {
    let exp = expected("io_read_sodar");
    let ds = read_mfas_sodar(&data("sodar.20230404.mnd")).unwrap();
    assert_eq!(ds.dim_len("time"), Some(96));
    assert_eq!(ds.dim_len("height"), Some(58));
    assert_eq!(ds.data_var_names().len() as u64, exp["n_data_vars"].as_u64().unwrap());
    check_attrs("global", ds.attrs(), &exp["global_attrs"], &[], &[]);
    check_var("time", ds.get("time").unwrap(), &exp["coords"]["time"], 0.0);
    check_var("height", ds.get("height").unwrap(), &exp["coords"]["height"], 0.0);
    for (name, w) in exp["vars"].as_object().unwrap() {
        let v = ds.get(name).unwrap();
        if name == "PGz" {
            continue; // checked below: atmokit keeps the fill code 99 where ACT writes 0
        }
        check_var(name, v, w, 1e-15);
        check_attrs(name, v.attrs(), &w["attrs"], &[], &[]);
    }
    // PGz: same dtype, attrs and non-fill values; ACT's 0 is atmokit's fill 99.
    let w = &exp["vars"]["PGz"];
    let v = ds.get("PGz").unwrap();
    assert_eq!(v.dtype().name(), "int64");
    check_attrs("PGz", v.attrs(), &w["attrs"], &[], &[]);
    let a = ds.view::<i64>("PGz").unwrap();
    let act: i64 = a.iter().map(|&x| if x == 99 { 0 } else { x }).sum();
    assert_eq!(act as f64, jf(&w["sum"]));
    for s in w["samples"].as_array().unwrap() {
        let idx: Vec<usize> = s[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        let ours = a[ndarray::IxDyn(&idx)];
        let theirs = jf(&s[1]) as i64;
        assert!(
            ours == theirs || (ours == 99 && theirs == 0),
            "PGz{idx:?}: {ours} vs {theirs}"
        );
    }
    // ACT's unit-test values.
    let dir = ds.view::<f64>("dir").unwrap();
    assert_eq!(
        [dir[[0, 0]], dir[[0, 1]], dir[[0, 2]], dir[[0, 3]], dir[[0, 4]]],
        [129.9, 144.2, 147.5, 143.5, 143.0]
    );
    assert_eq!([a[[0, 0]], a[[0, 1]], a[[0, 2]], a[[0, 3]], a[[0, 4]]], [4, 4, 4, 5, 5]);
}

#[test]
fn bad_number_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(data("sodar.20230404.mnd")).unwrap();
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    let k = lines.iter().position(|l| l.trim_start().starts_with("40 ")).unwrap();
    lines[k] = lines[k].replacen("6.18", "6.1.8", 1);
    let p = dir.path().join("bad.mnd");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_mfas_sodar(&p).unwrap_err().to_string();
    assert!(e.contains(&format!("bad.mnd:{}:", k + 1)) && e.contains("speed"), "{e}");
}

/// `SodarOptions::act_compat`: `PGz` equals ACT 2.3.4's (fill 99 written as 0) in every summary
/// number and sample of `io_read_sodar.json`.
#[test]
fn sodar_pgz_act_compat_matches_act() {
    use atmokit_text::sodar::{SodarOptions, read_mfas_sodar_with};
    let exp = expected("io_read_sodar");
    let opts = SodarOptions { act_compat: true };
    let ds = read_mfas_sodar_with(&data("sodar.20230404.mnd"), &opts).unwrap();
    let w = &exp["vars"]["PGz"];
    let v = ds.get("PGz").unwrap();
    check_var("PGz", v, w, 0.0);
    check_attrs("PGz", v.attrs(), &w["attrs"], &[], &[]);
    assert!(!ds.view::<i64>("PGz").unwrap().iter().any(|&x| x == 99));
    // The default keeps the fill code where ACT has 0.
    let plain = read_mfas_sodar(&data("sodar.20230404.mnd")).unwrap();
    assert!(plain.view::<i64>("PGz").unwrap().iter().any(|&x| x == 99));
}
