//! Inputs through the one place the CLI opens files (`open.rs`): raw MPL binaries open in
//! `info`, `convert` and `qc` as in `correct mpl`; empty, header-only and truncated files are
//! errors naming the file, never an empty dataset (issue 17, "Silent empty success").

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn oracle_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracle/data")
        .join(name)
}

fn atmokit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(args)
        .output()
        .expect("run atmokit")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Exit status 1 and the file named on stderr.
#[track_caller]
fn assert_fails_naming(out: &Output, file: &Path) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(err.contains(&*name), "error does not name {name}: {err}");
}

#[test]
fn info_convert_and_qc_open_raw_mpl() {
    let bi = oracle_data("201509021500.bi");
    let out = atmokit(&["info", "--json", s(&bi)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Independent of our reader: each record is a 163-byte header plus two channels of
    // `number_bins` float32 values, so time × (163 + 8 × range) is the file length.
    let (n_t, n_r) = (
        got["dims"]["time"].as_u64().unwrap(),
        got["dims"]["range"].as_u64().unwrap(),
    );
    assert_eq!(n_t * (163 + 8 * n_r), std::fs::metadata(&bi).unwrap().len());
    assert!(got["variables"]["channel_1"].is_object(), "{got}");

    let dir = tempfile::tempdir().unwrap();
    let nc = dir.path().join("mpl.nc");
    let out = atmokit(&["convert", s(&bi), "-o", s(&nc), "--keep", "channel_1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let back: Value = serde_json::from_slice(&atmokit(&["info", "--json", s(&nc)]).stdout).unwrap();
    assert_eq!(back["dims"]["time"].as_u64(), Some(n_t));
    assert_eq!(back["dims"]["range"].as_u64(), Some(n_r));

    let qc = dir.path().join("qc.nc");
    let out = atmokit(&["qc", s(&bi), "-o", s(&qc), "--test", "channel_1:less:0"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(qc.exists());
}

#[test]
fn zero_length_gml_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let gml = dir.path().join("brw21001.dat");
    std::fs::write(&gml, b"").unwrap();
    assert_fails_naming(&atmokit(&["info", s(&gml)]), &gml);
    let nc = dir.path().join("out.nc");
    assert_fails_naming(&atmokit(&["convert", s(&gml), "-o", s(&nc)]), &gml);
    assert!(!nc.exists(), "convert wrote an output for an empty input");
}

#[test]
fn header_only_and_empty_csv_are_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("met.csv");
    for text in ["", "date_time,temp_mean,rh_mean\n"] {
        std::fs::write(&csv, text).unwrap();
        assert_fails_naming(&atmokit(&["info", s(&csv)]), &csv);
    }
}

#[test]
fn classic_netcdf_cut_to_a_few_bytes_is_an_error() {
    let src = std::fs::read(oracle_data("sgpmetE13.b1.20190101.000000.cdf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.cdf");
    for n in [8, 16] {
        std::fs::write(&cut, &src[..n]).unwrap();
        let nc = dir.path().join("out.nc");
        assert_fails_naming(&atmokit(&["convert", s(&cut), "-o", s(&nc)]), &cut);
        assert!(!nc.exists(), "convert wrote an output for a {n}-byte input");
    }
}

/// Issue 17 ("Unbounded parameters"): windows and radii are bound by the data and refused
/// before any work, naming the flag. `track --radius 1000000` allocated 9.5 GB and
/// `retrieve pbl-gradient --smooth 100000` ran for 98 s.
#[test]
fn unbounded_parameters_are_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.nc");
    let sst = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sst_cube.nc");
    let sonde = oracle_data("sgpsondewnpnC1.b1.20190101.053200.cdf");
    let ceil = oracle_data("sgpceilC1.b1.20190101.000000.nc");
    let runs: [(Vec<&str>, &str); 4] = [
        (
            vec!["track", s(&sst), "--var", "sst", "--radius", "1000000", "-o", s(&out)],
            "--radius",
        ),
        (
            vec![
                "retrieve",
                "pbl-gradient",
                s(&ceil),
                "--variable",
                "backscatter",
                "--smooth",
                "100000",
                "-o",
                s(&out),
            ],
            "--smooth",
        ),
        (
            vec![
                "retrieve",
                "pbl-liu-liang",
                s(&sonde),
                "--smooth",
                "100000",
                "-o",
                s(&out),
            ],
            "--smooth",
        ),
        (
            vec!["qc", s(&sonde), "--test", "tdry:outside:NaN,NaN", "-o", s(&out)],
            "outside",
        ),
    ];
    for (args, flag) in runs {
        let start = std::time::Instant::now();
        let o = atmokit(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
        assert!(
            start.elapsed().as_secs_f64() < 10.0,
            "{args:?} took {:?}",
            start.elapsed()
        );
        assert!(!out.exists());
    }
    let o = atmokit(&["qc", s(&sonde), "--test", "tdry:outside:50,-40", "-o", s(&out)]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("reversed"));
    let o = atmokit(&["qc", s(&sonde), "--test", "tdry:outside:-40,50:Baad", "-o", s(&out)]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("custom:Baad"));
}

/// A selection of scalars only (`--keep lat`) is data, not an empty input.
#[test]
fn keeping_only_a_scalar_is_not_an_empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lat.nc");
    let met = oracle_data("sgpmetE13.b1.20190101.000000.cdf");
    let o = atmokit(&["convert", s(&met), "--keep", "lat", "-o", s(&out)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
}

#[test]
fn an_os_error_is_printed_once() {
    // A plot whose write fails in the operating system (/proc takes no new files): the plot
    // crate's I/O error prints its OS error and used to print it again as the error's cause
    // ("... (os error 2): No such file or directory (os error 2)").
    if !Path::new("/proc/self").exists() {
        eprintln!("skipped: no /proc on this system");
        return;
    }
    let input = oracle_data("sgpmetE13.b1.20190101.000000.cdf");
    let out = atmokit(&["plot", s(&input), "-v", "temp_mean", "-o", "/proc/atmokit_test.png"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains("/proc/atmokit_test.png"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}
