//! ICARTT reader on hand-written fixtures (FFI 1001 and 2110, from the ICARTT V2.0
//! specification); expected values worked out by hand from the fixture text.

use atmokit_text::icartt::read_icartt;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn ffi_1001_by_hand() {
    let ds = read_icartt(&fixture("icartt_1001.ict")).unwrap();
    let t = ds.time().unwrap();
    // 2018-11-04 + 3600 s
    assert_eq!(atmokit_core::time::format_ns(t[0]), "2018-11-04T01:00:00.000000000");
    assert_eq!(t[2] - t[0], 2_000_000_000);
    let p = ds.view::<f64>("Static_Pressure").unwrap();
    assert_eq!(p[[0]], 700.5);
    assert!(p[[1]].is_nan(), "-9999 is missing");
    assert_eq!(p[[2]], 710.25);
    // scale factor 0.1: 2501 -> 250.1
    let tk = ds.view::<f64>("Temp").unwrap();
    assert!((tk[[0]] - 250.1).abs() < 1e-12 && (tk[[1]] - 250.2).abs() < 1e-12 && tk[[2]].is_nan());
    let v = ds.get("Static_Pressure").unwrap();
    assert_eq!(v.units(), Some("hPa"));
    assert_eq!(v.long_name(), Some("static air pressure"));
    assert_eq!(v.attrs()["ulod_flag"].as_f64(), Some(-7777.0));
    assert_eq!(ds.attr_str("PI"), Some("Doe, Jane"));
    assert_eq!(ds.attr_str("PLATFORM"), Some("test aircraft"));
    assert_eq!(ds.attr_str("revision_date"), Some("2019-01-15"));
}

#[test]
fn ffi_2110_by_hand() {
    let ds = read_icartt(&fixture("icartt_2110.ict")).unwrap();
    assert_eq!(ds.dim_len("time"), Some(2));
    assert_eq!(ds.dim_len("Altitude_index"), Some(3));
    let t = ds.time().unwrap();
    assert_eq!(atmokit_core::time::format_ns(t[0]), "2020-02-29T12:00:00.000000000");
    assert_eq!(atmokit_core::time::format_ns(t[1]), "2020-02-29T12:01:00.000000000");
    let o3 = ds.view::<f64>("O3").unwrap();
    assert_eq!(
        (o3[[0, 0]], o3[[0, 1]], o3[[1, 0]], o3[[1, 1]]),
        (30.5, 31.5, 32.0, 33.0)
    );
    assert!(o3[[0, 2]].is_nan() && o3[[1, 2]].is_nan(), "missing, and padding");
    let alt = ds.view::<f64>("Altitude").unwrap();
    assert_eq!((alt[[0, 2]], alt[[1, 1]]), (300.0, 200.0));
    assert!(alt[[1, 2]].is_nan());
    assert_eq!(
        ds.view::<f64>("nAlt").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![3.0, 2.0]
    );
    assert_eq!(ds.view::<f64>("Latitude").unwrap()[[1]], 40.1);
}

#[test]
fn errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("icartt_1001.ict"))
        .unwrap()
        .replace("3601, -9999, 2502", "3601, -9999");
    let p = dir.path().join("bad.ict");
    std::fs::write(&p, text).unwrap();
    let e = read_icartt(&p).unwrap_err().to_string();
    assert!(e.contains("bad.ict:30:"), "{e}");
    let text = std::fs::read_to_string(fixture("icartt_1001.ict"))
        .unwrap()
        .replacen("28, 1001", "27, 1001", 1);
    std::fs::write(&p, text).unwrap();
    let e = read_icartt(&p).unwrap_err().to_string();
    assert!(e.contains("bad.ict:1:") && e.contains("header lines"), "{e}");
}
