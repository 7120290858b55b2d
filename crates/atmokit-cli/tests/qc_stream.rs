//! `atmokit qc FILES --out-dir DIR` writes one file per input whose flags equal those of one run
//! on all inputs (`-o`), across the day boundaries of the oracle's seven SGP met days.

use std::path::PathBuf;
use std::process::Command;

fn met_days() -> Vec<PathBuf> {
    (1..=7)
        .map(|d| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/oracle/data")
                .join(format!("sgpmetE13.b1.201901{d:02}.000000.cdf"))
        })
        .collect()
}

fn atmokit(args: &[&str], files: &[PathBuf]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .arg("qc")
        .args(files)
        .args(args)
        .output()
        .expect("run atmokit")
}

const TESTS: [&str; 7] = [
    "--cleanup",
    "--test",
    "temp_mean:delta:0.3",
    "--test",
    "rh_mean:persistence:20,0.05",
    "--test",
    "atmos_pressure:outside:97,98",
];

#[test]
fn out_dir_flags_equal_one_run_on_all_files() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.nc");
    let days = dir.path().join("days");
    let files = met_days();
    let mut args = TESTS.to_vec();
    args.extend(["-o", all.to_str().unwrap()]);
    let out = atmokit(&args, &files);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut args = TESTS.to_vec();
    args.extend(["--out-dir", days.to_str().unwrap()]);
    let out = atmokit(&args, &files);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut written: Vec<PathBuf> = std::fs::read_dir(&days).unwrap().map(|e| e.unwrap().path()).collect();
    written.sort();
    assert_eq!(written.len(), 7);
    assert!(written[0].ends_with("sgpmetE13.b1.20190101.000000.nc"));
    let opts = atmokit_netcdf::ReadOptions::default();
    let whole = atmokit_netcdf::read_arm_netcdf(&[&all], &opts).unwrap();
    let joined = atmokit_netcdf::read_arm_netcdf(&written, &opts).unwrap();
    for name in ["qc_temp_mean", "qc_rh_mean", "qc_atmos_pressure", "temp_mean", "time"] {
        let (a, b) = (whole.get(name).unwrap(), joined.get(name).unwrap());
        assert!(a.data().identical(b.data()), "{name} differs");
        assert_eq!(a.attrs(), b.attrs(), "{name} attrs differ");
    }
}

#[test]
fn out_dir_refuses_whole_series_tests() {
    let dir = tempfile::tempdir().unwrap();
    let out = atmokit(
        &["--test", "temp_mean:iqr", "--out-dir", dir.path().to_str().unwrap()],
        &met_days()[..2],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("temp_mean") && err.contains("whole series"), "{err}");
}
