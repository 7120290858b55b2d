//! `WriteOptions::act_compat`: ACT 2.3.4's `write_netcdf` attribute handling on a real ARM file.
//!
//! Reference run (ACT 2.3.4): `ds = act.io.arm.read_arm_netcdf("sgpmetE13.b1.20190101.000000.cdf")`,
//! `ds["temp_mean"].attrs["string"] = "abc"`, `ds["time"].attrs["string"] = "tt"`,
//! `ds.write.write_netcdf(path=...)`; netCDF4 then lists `temp_mean`'s attrs ending
//! `['valid_delta', 'temp_mean_string', 'missing_value']`, `time` keeps `string`, and the history is
//! `'created by user dsmgr on machine ruby at 2019-01-01 01:21:00, using ingest-met-4.39-0.el6 ;
//! Written to file by ACT-2.3.4 with write_netcdf() at 2026-12-04 16:17:50+00:00 UTC'`.

use atmokit_core::AttrValue;
use atmokit_netcdf::{ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use atmokit_tests::data_file;

const ORIGINAL_HISTORY: &str =
    "created by user dsmgr on machine ruby at 2019-01-01 01:21:00, using ingest-met-4.39-0.el6";

fn write_with(act_compat: bool) -> atmokit_core::Dataset {
    let mut ds = read_arm_netcdf(&[data_file("sgpmetE13.b1.20190101.000000.cdf")], &ReadOptions::default()).unwrap();
    assert_eq!(ds.attrs().get("history").and_then(AttrValue::as_str), Some(ORIGINAL_HISTORY));
    ds.get_mut("temp_mean").unwrap().attrs_mut().insert("string".into(), "abc".into());
    ds.get_mut("time").unwrap().attrs_mut().insert("string".into(), "tt".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.nc");
    let opts = WriteOptions {
        act_compat,
        ..Default::default()
    };
    write_netcdf(&ds, &out, &opts).unwrap();
    read_arm_netcdf(&[out], &ReadOptions::default()).unwrap()
}

#[test]
fn act_compat_renames_string_attr_and_appends_acts_history() {
    let back = write_with(true);
    let t = back.get("temp_mean").unwrap();
    assert_eq!(t.attr_str("temp_mean_string"), Some("abc"));
    assert!(t.attrs().get("string").is_none());
    // A coordinate keeps it (ACT loops over data variables only).
    assert_eq!(back.get("time").unwrap().attr_str("string"), Some("tt"));
    let h = back.attrs().get("history").and_then(AttrValue::as_str).unwrap();
    let tail = h
        .strip_prefix(&format!("{ORIGINAL_HISTORY} ; Written to file by ACT-2.3.4 with write_netcdf() at "))
        .unwrap_or_else(|| panic!("history {h:?}"));
    // `2026-12-04 16:17:50+00:00 UTC`: the write time, to the second.
    let b = tail.as_bytes();
    assert_eq!(tail.len(), "2026-12-04 16:17:50+00:00 UTC".len(), "{tail:?}");
    assert!(tail.ends_with("+00:00 UTC") && b[4] == b'-' && b[10] == b' ' && b[13] == b':', "{tail:?}");
}

#[test]
fn default_keeps_string_attr_and_history() {
    let back = write_with(false);
    assert_eq!(back.get("temp_mean").unwrap().attr_str("string"), Some("abc"));
    assert!(back.get("temp_mean").unwrap().attrs().get("temp_mean_string").is_none());
    assert_eq!(back.attrs().get("history").and_then(AttrValue::as_str), Some(ORIGINAL_HISTORY));
}
