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
    let mut ds = read_arm_netcdf(
        &[data_file("sgpmetE13.b1.20190101.000000.cdf")],
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        ds.attrs().get("history").and_then(AttrValue::as_str),
        Some(ORIGINAL_HISTORY)
    );
    ds.get_mut("temp_mean")
        .unwrap()
        .attrs_mut()
        .insert("string".into(), "abc".into());
    ds.get_mut("time")
        .unwrap()
        .attrs_mut()
        .insert("string".into(), "tt".into());
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
        .strip_prefix(&format!(
            "{ORIGINAL_HISTORY} ; Written to file by ACT-2.3.4 with write_netcdf() at "
        ))
        .unwrap_or_else(|| panic!("history {h:?}"));
    // `2026-12-04 16:17:50+00:00 UTC`: the write time, to the second.
    let b = tail.as_bytes();
    assert_eq!(tail.len(), "2026-12-04 16:17:50+00:00 UTC".len(), "{tail:?}");
    assert!(
        tail.ends_with("+00:00 UTC") && b[4] == b'-' && b[10] == b' ' && b[13] == b':',
        "{tail:?}"
    );
}

#[test]
fn default_keeps_string_attr_and_history() {
    let back = write_with(false);
    assert_eq!(back.get("temp_mean").unwrap().attr_str("string"), Some("abc"));
    assert!(back.get("temp_mean").unwrap().attrs().get("temp_mean_string").is_none());
    assert_eq!(
        back.attrs().get("history").and_then(AttrValue::as_str),
        Some(ORIGINAL_HISTORY)
    );
}

/// ACT 2.3.4's `write_netcdf(path, FillValue=…, cf_compliant=True, cf_convention="CF-1.10")` on
/// a small dataset (f32 `a` with a NaN, i32 `b`, f64 `c` with `_FillValue` −9999, f64 `d` on a
/// float `height` coordinate), read back with netCDF4: with `FillValue=True` (ACT's default)
/// `a` NaN (f32), `height` and `d` NaN (f64), `c` −9999, `b` and `time` none; with
/// `FillValue=False` only `c`; `Conventions` is `CF-1.10` in both.
#[test]
fn nan_fill_and_cf_convention_as_act() {
    use atmokit_core::{Dataset, Encoding, Variable};
    let mut ds = Dataset::new();
    let day = 86_400_000_000_000i64;
    ds.insert("time", Variable::time("time", vec![18262 * day, 18263 * day]))
        .unwrap();
    ds.insert("height", Variable::new(["height"], vec![1.5f64, 2.5]).unwrap())
        .unwrap();
    ds.insert("a", Variable::new(["time"], vec![1.0f32, f32::NAN]).unwrap())
        .unwrap();
    ds.insert("b", Variable::new(["time"], vec![1i32, 2]).unwrap()).unwrap();
    let c = Variable::new(["time"], vec![1.0f64, 2.0])
        .unwrap()
        .with_encoding(Encoding {
            fill_value: Some(AttrValue::F64(vec![-9999.0])),
            ..Default::default()
        });
    ds.insert("c", c).unwrap();
    ds.insert("d", Variable::new(["height"], vec![3.0f64, 4.0]).unwrap())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fills = |nan_fill: Option<bool>, act_compat: bool| {
        let out = dir.path().join(format!("fv_{nan_fill:?}_{act_compat}.nc"));
        let opts = WriteOptions {
            nan_fill,
            act_compat,
            cf_compliant: true,
            cf_convention: "CF-1.10".into(),
            ..Default::default()
        };
        write_netcdf(&ds, &out, &opts).unwrap();
        let raw = atmokit_netcdf::read_raw(&out, &|_| true).unwrap();
        assert_eq!(
            raw.attrs().get("Conventions").and_then(AttrValue::as_str),
            Some("CF-1.10")
        );
        ["a", "b", "c", "time", "height", "d"]
            .iter()
            .map(|n| match raw.get(n).unwrap().attrs().get("_FillValue") {
                Some(AttrValue::F32(v)) if v[0].is_nan() => "nan32".to_string(),
                Some(AttrValue::F64(v)) if v[0].is_nan() => "nan64".to_string(),
                Some(v) => format!("{:?}", v.as_f64()),
                None => "none".to_string(),
            })
            .collect::<Vec<_>>()
    };
    let act_true = ["nan32", "none", "Some(-9999.0)", "none", "nan64", "nan64"];
    let act_false = ["none", "none", "Some(-9999.0)", "none", "none", "none"];
    assert_eq!(fills(Some(true), false), act_true);
    assert_eq!(
        fills(None, true),
        act_true,
        "act_compat follows ACT's default FillValue=True"
    );
    assert_eq!(fills(Some(false), true), act_false);
    assert_eq!(fills(None, false), act_false, "atmokit's default invents no fill value");
}
