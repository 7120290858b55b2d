//! `correct_dl` on sgpdlppiC1.b1 against `corr_doppler_lidar.json`, including ACT's in-place
//! chaining behind its unit-test value.

use atmokit_corrections::{DlOptions, correct_dl};
use atmokit_tests::{assert_close, check_summary, expected, read_oracle};

const F: &str = "sgpdlppiC1.b1.20191015.120023.cdf";

fn nansum(ds: &atmokit_core::Dataset) -> f64 {
    ds.view::<f32>("attenuated_backscatter")
        .unwrap()
        .iter()
        .filter(|v| !v.is_nan())
        .map(|&v| v as f64)
        .sum()
}

#[test]
fn each_call_from_a_fresh_read_matches_act() {
    let want = expected("corr_doppler_lidar");
    for (label, norm, fill) in [
        ("range_normalize_true_fill_nan", true, f64::NAN),
        ("range_normalize_false_fill_1e-7", false, 1e-7),
        ("defaults", true, 1e-7),
    ] {
        let mut ds = read_oracle(F);
        correct_dl(
            &mut ds,
            "attenuated_backscatter",
            &DlOptions {
                range_normalize: norm,
                fill_value: fill,
            },
        )
        .unwrap();
        let r = &want["results"][label];
        check_summary(label, ds.get("attenuated_backscatter").unwrap(), &r["summary"], 1e-6);
        assert_close(
            &format!("{label} nansum"),
            nansum(&ds),
            r["nansum"].as_f64().unwrap(),
            1e-6,
            0.0,
        );
        assert_eq!(
            ds.get("attenuated_backscatter").unwrap().units(),
            r["units_after"].as_str(),
            "{label}"
        );
    }
}

#[test]
fn act_unit_test_values_come_from_chained_in_place_calls() {
    // ACT's test: correct_dl(ds, fill_value=nan) -> nansum -186479.83; then
    // correct_dl(ds, range_normalize=False) on the SAME, already corrected dataset -> -200886.0.
    let want = expected("corr_doppler_lidar");
    let mut ds = read_oracle(F);
    let units = ds.get("attenuated_backscatter").unwrap().units().unwrap().to_string();
    correct_dl(
        &mut ds,
        "attenuated_backscatter",
        &DlOptions {
            range_normalize: true,
            fill_value: f64::NAN,
        },
    )
    .unwrap();
    let first = nansum(&ds);
    assert_close("first nansum", first, -186479.83, 0.0, 0.01);
    // atmokit refuses to correct twice (the units say `log(...)`), leaving the data alone.
    let e = correct_dl(
        &mut ds,
        "attenuated_backscatter",
        &DlOptions {
            range_normalize: false,
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("already corrected") && e.contains("'attenuated_backscatter'"),
        "{e}"
    );
    assert_eq!(nansum(&ds), first);
    // ACT's test chains the calls anyway: restoring the input's units lets the second one run.
    let v = ds.get_mut("attenuated_backscatter").unwrap();
    v.attrs_mut().insert("units".into(), units.as_str().into());
    correct_dl(
        &mut ds,
        "attenuated_backscatter",
        &DlOptions {
            range_normalize: false,
            ..Default::default()
        },
    )
    .unwrap();
    assert_close("chained nansum", nansum(&ds), -200886.0, 0.0, 1.0);
    // From a fresh read the same call gives a different number.
    let fresh = want["results"]["range_normalize_false_fill_1e-7"]["nansum"]
        .as_f64()
        .unwrap();
    assert!((fresh - -200886.0).abs() > 1000.0);
}
