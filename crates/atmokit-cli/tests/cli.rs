//! The `atmokit` binary: info (text and JSON) against the ACT oracle, convert, and bad input.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn oracle(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracle")
        .join(name)
}

fn atmokit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(args)
        .output()
        .expect("run atmokit")
}

fn json_f64(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

#[test]
fn info_json_matches_the_oracle_summaries() {
    let file = oracle("data/sgpmetE13.b1.20190101.000000.cdf");
    let out = atmokit(&["info", "--json", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(oracle("expected/io_read_met_netcdf.json")).unwrap()).unwrap();
    assert_eq!(got["dims"], want["dims"]);
    for (name, s) in want["summaries"].as_object().unwrap() {
        let g = &got["variables"][name];
        assert_eq!(g["dtype"], s["dtype"], "{name}");
        let gs = &g["summary"];
        for k in ["n_nan", "n_finite", "size"] {
            assert_eq!(gs[k], s[k], "{name}.{k}");
        }
        for k in ["min", "max", "mean", "sum", "std"] {
            let (a, b) = (json_f64(&gs[k]), json_f64(&s[k]));
            assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{name}.{k}: {a} vs {b}");
        }
        assert_eq!(g["attrs"], s["attrs"], "{name} attrs");
    }
    let t = &got["variables"]["time"];
    assert_eq!(t["dtype"], "datetime64[ns]");
    assert_eq!(t["summary"]["n_nat"], 0);
    assert_eq!(t["summary"]["min"], want["time"]["min"]);
    assert_eq!(t["summary"]["max"], want["time"]["max"]);
    assert_eq!(got["attrs"]["_datastream"], "sgpmetE13.b1");
}

#[test]
fn info_reads_several_files_as_one() {
    let files: Vec<String> = (1..=3)
        .map(|d| {
            oracle(&format!("data/sgpmetE13.b1.201901{d:02}.000000.cdf"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["info", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = atmokit(&args);
    assert!(out.status.success());
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["dims"]["time"], 4320);
    assert_eq!(
        got["attrs"]["_file_dates"],
        serde_json::json!(["20190101", "20190102", "20190103"])
    );
    // The readable form names dims, units and attributes.
    let text = atmokit(&["info", &files[0]]);
    let s = String::from_utf8(text.stdout).unwrap();
    assert!(s.contains("Dimensions:  (time: 1440)"), "{s}");
    assert!(
        s.contains("temp_mean") && s.contains("[degC]") && s.contains("Temperature mean"),
        "{s}"
    );
}

#[test]
fn convert_keep_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sgpmetE13.b1.20190101.000000.nc");
    let file = oracle("data/sgpmetE13.b1.20190101.000000.cdf");
    let r = atmokit(&[
        "convert",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--keep",
        "temp_mean,rh_mean",
        "--format",
        "classic",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let info = atmokit(&["info", "--json", out.to_str().unwrap()]);
    let got: Value = serde_json::from_slice(&info.stdout).unwrap();
    let names: Vec<&String> = got["variables"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["time", "temp_mean", "rh_mean"]);
    assert_eq!(
        got["variables"]["temp_mean"]["summary"]["mean"],
        serde_json::json!(-3.8297777772237573)
    );
    assert!(got["attrs"]["history"].as_str().unwrap().contains("atmokit"));
    let head = std::fs::read(&out).unwrap();
    assert_eq!(&head[..4], b"CDF\x01", "classic format");
}

#[test]
fn bad_input_exits_non_zero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("sgpmetE13.b1.20190101.000000.cdf");
    let bytes = std::fs::read(oracle("data/sgpmetE13.b1.20190101.000000.cdf")).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let cases: Vec<Vec<String>> = vec![
        vec!["info".into(), "/nonexistent.cdf".into()],
        vec!["info".into(), truncated.display().to_string()],
        vec![
            "convert".into(),
            oracle("data/sgpmetE13.b1.20190101.000000.cdf").display().to_string(),
            "-o".into(),
            dir.path().join("x.nc").display().to_string(),
            "--keep".into(),
            "no_such_var".into(),
        ],
        vec![
            "convert".into(),
            oracle("data/sgpmetE13.b1.20190101.000000.cdf").display().to_string(),
            "-o".into(),
            "/nonexistent-dir/x.nc".into(),
        ],
    ];
    for args in cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = atmokit(&a);
        assert_eq!(r.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(r.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("atmokit: error: "), "{err}");
    }
    assert!(!dir.path().join("x.nc").exists());
    let r = atmokit(&["info", truncated.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&r.stderr).contains("truncated"));
    // Usage errors are clap's (exit 2).
    assert_eq!(atmokit(&["info"]).status.code(), Some(2));
}

#[test]
fn text_formats_are_recognised_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brw.nc");
    let src = oracle("data/brw21001.dat");
    let r = atmokit(&["convert", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let info = atmokit(&["info", "--json", out.to_str().unwrap()]);
    let got: Value = serde_json::from_slice(&info.stdout).unwrap();
    // The NOAA GML radiation reader's time coordinate and QC flags survive the conversion.
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(oracle("expected/io_read_noaa_gml.json")).unwrap()).unwrap();
    let dims = &want["results"]["radiation"]["dims"];
    assert_eq!(got["dims"]["time"], dims["time"], "{}", got["dims"]);
    assert_eq!(got["variables"]["time"]["dtype"], "datetime64[ns]");
    // PSL radar moments and Parsivel are recognised by content and name.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../atmokit-text/tests/fixtures");
    let fmcw = atmokit(&[
        "info",
        "--json",
        fixtures.join("kps_fmcw_moment_22227.06.raw").to_str().unwrap(),
    ]);
    assert!(fmcw.status.success(), "{}", String::from_utf8_lossy(&fmcw.stderr));
    let got: Value = serde_json::from_slice(&fmcw.stdout).unwrap();
    assert_eq!(got["dims"]["time"], 3, "{}", got["dims"]);
    assert_eq!(got["dims"]["range"], 4, "{}", got["dims"]);
    assert!(got["variables"]["reflectivity_uncalibrated"].is_object());
    let parsivel = atmokit(&[
        "info",
        "--json",
        fixtures.join("kps2221322_stats.txt").to_str().unwrap(),
    ]);
    assert!(
        parsivel.status.success(),
        "{}",
        String::from_utf8_lossy(&parsivel.stderr)
    );
    let got: Value = serde_json::from_slice(&parsivel.stdout).unwrap();
    assert_eq!(got["dims"]["time"], 4, "{}", got["dims"]);
    assert_eq!(got["dims"]["particle_size"], 32, "{}", got["dims"]);
    // A file that is neither netCDF nor a known text format: one clear line.
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, [0u8, 1, 2, 3, 255, 0, 7]).unwrap();
    let r = atmokit(&["info", junk.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("junk.bin"));
}

/// `atmokit qc` through the binary, read back, flags exactly the samples the library flags.
#[test]
fn qc_through_the_binary_matches_the_library() {
    use atmokit_qc::{PersistenceOptions, TestOptions, add_outside_test, add_persistence_test, get_qc_test_mask};
    let file = oracle("data/sgpmetE13.b1.20190101.000000.cdf");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("qc.nc");
    let r = atmokit(&[
        "qc",
        file.to_str().unwrap(),
        "--cleanup",
        "--test",
        "temp_mean:outside:-5,1:Bad",
        "--test",
        "rh_mean:persistence:10,0.5",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));

    let mut lib = atmokit_netcdf::read(&file).unwrap();
    atmokit_qc::cleanup::cleanup(&mut lib, &Default::default()).unwrap();
    let opts = TestOptions {
        test_assessment: Some("Bad".into()),
        ..Default::default()
    };
    let t = add_outside_test(&mut lib, "temp_mean", -5.0, 1.0, &opts).unwrap();
    let p = add_persistence_test(
        &mut lib,
        "rh_mean",
        &PersistenceOptions {
            test_limit: 0.5,
            ..Default::default()
        },
        &TestOptions::default(),
    )
    .unwrap();

    let back = atmokit_netcdf::read(&out).unwrap();
    let mut back = back;
    atmokit_qc::cleanup::cleanup(&mut back, &Default::default()).unwrap();
    for res in [&t, &p] {
        let want = get_qc_test_mask(&lib, &res.qc_variable_name, res.test_number).unwrap();
        let got = get_qc_test_mask(&back, &res.qc_variable_name, res.test_number).unwrap();
        assert!(
            want.iter().any(|&b| b),
            "{}: the test flags something",
            res.qc_variable_name
        );
        assert_eq!(got, want, "{} test {}", res.qc_variable_name, res.test_number);
    }
}
