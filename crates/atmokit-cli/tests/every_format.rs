//! `atmokit info` and `atmokit convert` open every file of the oracle's data folder: netCDF
//! classic and netCDF-4, raw MPL, the NOAA GML/PSL, sodar, HYSPLIT, CSV and other text formats.
//! The one headerless file (the ANL tower's `anltwr_mar19met.data`) is read with the column
//! names of ACT's own test (`read_csv(f, sep=r'\s+', column_names=HEADERS)`).

use std::path::PathBuf;
use std::process::Command;

const ANL_COLUMNS: &str = "day,month,year,time,pasquill,wdir_60m,wspd_60m,wdir_60m_std,temp_60m,wdir_10m,wspd_10m,wdir_10m_std,temp_10m,temp_dp,rh,avg_temp_diff,total_precip,solar_rad,net_rad,atmos_press,wv_pressure,temp_soil_10cm,temp_soil_100cm,temp_soil_10ft";

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle/data")
}

#[test]
fn info_and_convert_open_every_oracle_file() {
    let bin = env!("CARGO_BIN_EXE_atmokit");
    let out = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() > 40, "{} files", files.len());
    let mut failed = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let extra: Vec<&str> = if name == "anltwr_mar19met.data" {
            vec!["--columns", ANL_COLUMNS]
        } else {
            vec![]
        };
        let info = Command::new(bin).arg("info").arg(f).args(&extra).output().unwrap();
        if !info.status.success() {
            failed.push(format!("info {name}: {}", String::from_utf8_lossy(&info.stderr)));
        }
        let target = out.path().join(format!("{name}.nc"));
        let conv = Command::new(bin)
            .arg("convert")
            .arg(f)
            .arg("-o")
            .arg(&target)
            .args(&extra)
            .output()
            .unwrap();
        if !conv.status.success() || !target.exists() {
            failed.push(format!("convert {name}: {}", String::from_utf8_lossy(&conv.stderr)));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// The ANL tower file as ACT's test reads it: 50 rows on `index`, 24 columns; `pasquill` text.
/// Without `--columns` it is refused with a message saying what atmokit looked for.
#[test]
fn headerless_text_with_column_names() {
    let bin = env!("CARGO_BIN_EXE_atmokit");
    let f = data().join("anltwr_mar19met.data");
    let o = Command::new(bin)
        .arg("info")
        .arg(&f)
        .args(["--json", "--columns", ANL_COLUMNS])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["dims"]["index"], 50, "{}", v["dims"]);
    for name in ANL_COLUMNS.split(',') {
        assert!(v["variables"].get(name).is_some(), "{name}");
    }
    let o = Command::new(bin).arg("info").arg(&f).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a netCDF file"));
    let o = Command::new(bin)
        .arg("info")
        .arg(&f)
        .args(["--columns", "a,b", "--separator", "ab"])
        .output()
        .unwrap();
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("--separator"));
}
