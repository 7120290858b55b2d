//! `correct_ceil` on sgpceilC1.b1 against `corr_ceil.json`.

use atmokit_corrections::{CeilOptions, correct_ceil};
use atmokit_tests::{check_summary, expected, read_oracle};

#[test]
fn ceil_matches_act() {
    let want = expected("corr_ceil");
    let mut ds = read_oracle("sgpceilC1.b1.20190101.000000.nc");
    check_summary(
        "input backscatter",
        ds.get("backscatter").unwrap(),
        &want["input_backscatter"],
        1e-6,
    );
    let n_le0 = ds
        .view::<f32>("backscatter")
        .unwrap()
        .iter()
        .filter(|&&v| v <= 0.0)
        .count();
    assert_eq!(n_le0 as u64, want["input_backscatter"]["n_le_0"].as_u64().unwrap());
    correct_ceil(&mut ds, "backscatter", &CeilOptions::default()).unwrap();
    let out = ds.get("backscatter").unwrap();
    check_summary("output backscatter", out, &want["output_backscatter"], 1e-6);
    let n7 = ds
        .view::<f32>("backscatter")
        .unwrap()
        .iter()
        .filter(|&&v| v == -7.0)
        .count();
    assert_eq!(n7 as u64, want["output_backscatter"]["n_eq_minus7"].as_u64().unwrap());
    assert_eq!(out.units(), want["units_after"].as_str());
}
