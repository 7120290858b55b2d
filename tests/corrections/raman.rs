//! `correct_rl` on sgprlC1.a0 against `corr_raman_lidar.json`.

use atmokit_corrections::correct_rl;
use atmokit_tests::{assert_attrs_contain, check_summary, expected, read_oracle};

#[test]
fn raman_matches_act() {
    let want = expected("corr_raman_lidar");
    let mut ds = read_oracle("sgprlC1.a0.20160131.000000.nc");
    check_summary(
        "input",
        ds.get("depolarization_counts_high").unwrap(),
        &want["input"],
        1e-12,
    );
    correct_rl(&mut ds, "depolarization_counts_high", 1e-7, true).unwrap();
    let h = ds.get("high_bins").unwrap();
    check_summary("height", h, &want["height_created"], 1e-12);
    assert_attrs_contain("height attrs", h.attrs(), &want["height_created"]["attrs"]);
    let out = ds.get("depolarization_counts_high").unwrap();
    check_summary("output", out, &want["output"], 1e-9);
    assert_eq!(out.units(), want["units_after"].as_str());
    // ACT's own test: max 9.91, min -7.00, mean -1.45 (2 decimals).
    let v = ds.view::<f64>("depolarization_counts_high").unwrap();
    let max = v.iter().copied().fold(f64::MIN, f64::max);
    let min = v.iter().copied().fold(f64::MAX, f64::min);
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    assert_eq!(
        ((max * 100.0).round(), (min * 100.0).round(), (mean * 100.0).round()),
        (991.0, -700.0, -145.0)
    );
}
