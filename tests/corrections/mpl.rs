//! `correct_mpl` (ACT defaults) on sgpmplpolfsC1.b1 against `corr_mpl.json`.
//! Tolerances from the oracle README: dB values 0.01 absolute, cross/co ratio 1e-3 relative.

use atmokit_core::Variable;
use atmokit_corrections::{MplOptions, correct_mpl};
use atmokit_tests::{assert_attrs_equal, assert_close, check_summary, expected, json_f64, read_oracle, value_at};
use serde_json::Value;

const F: &str = "sgpmplpolfsC1.b1.20190502.000000.cdf";

/// Samples: NaN where NaN, same infinities, finite within rtol/atol; counts of NaN exact.
fn check_samples(what: &str, var: &Variable, want: &Value, rtol: f64, atol: f64) {
    let shape: Vec<usize> = want["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(var.shape(), shape.as_slice(), "{what}: shape");
    assert_eq!(var.dtype().name(), want["dtype"].as_str().unwrap(), "{what}: dtype");
    let a = var.data().to_f64().unwrap();
    let n_nan = a.iter().filter(|v| v.is_nan()).count() as u64;
    let n_fin = a.iter().filter(|v| v.is_finite()).count() as u64;
    assert_eq!(n_nan, want["n_nan"].as_u64().unwrap(), "{what}: n_nan");
    assert_eq!(n_fin, want["n_finite"].as_u64().unwrap(), "{what}: n_finite");
    for s in want["samples"].as_array().unwrap() {
        let idx: Vec<usize> = s[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        assert_close(
            &format!("{what}{idx:?}"),
            value_at(var, &idx),
            json_f64(&s[1]),
            rtol,
            atol,
        );
    }
}

#[test]
fn mpl_matches_act() {
    let want = expected("corr_mpl");
    let mut ds = read_oracle(F);
    for n in ["signal_return_co_pol", "signal_return_cross_pol", "height"] {
        check_summary(n, ds.get(n).unwrap(), &want["input_summaries"][n], 1e-9);
    }
    correct_mpl(&mut ds, &MplOptions::default()).unwrap();
    assert_eq!(
        ds.dim_len("range_bins").unwrap() as u64,
        want["dims_after"]["range_bins"].as_u64().unwrap()
    );
    assert_eq!(
        want["n_gates_in"].as_u64().unwrap() - ds.dim_len("range_bins").unwrap() as u64,
        want["n_gates_with_median_height_le_0"].as_u64().unwrap()
    );
    check_summary("height", ds.get("height").unwrap(), &want["height_after"], 1e-7);
    check_summary(
        "range_bins",
        ds.get("range_bins").unwrap(),
        &want["range_bins_after"],
        0.0,
    );
    check_samples(
        "co",
        ds.get("signal_return_co_pol").unwrap(),
        &want["signal_return_co_pol"],
        0.0,
        0.01,
    );
    check_samples(
        "cross",
        ds.get("signal_return_cross_pol").unwrap(),
        &want["signal_return_cross_pol"],
        0.0,
        0.01,
    );
    check_samples(
        "ratio",
        ds.get("cross_co_ratio").unwrap(),
        &want["cross_co_ratio"],
        1e-3,
        0.0,
    );
    for (n, u) in want["units_after"].as_object().unwrap() {
        assert_eq!(ds.get(n).unwrap().units(), u.as_str(), "{n} units");
    }
    assert_attrs_equal(
        "ratio attrs",
        ds.get("cross_co_ratio").unwrap().attrs(),
        &want["cross_co_ratio_attrs"],
    );
    // ACT's unit-test expectations.
    let t = &want["act_unit_test_expectations"];
    let co = ds.get("signal_return_co_pol").unwrap();
    let x = ds.get("signal_return_cross_pol").unwrap();
    for (k, var) in [
        ("signal_return_co_pol[1,10:15]", co),
        ("signal_return_cross_pol[1,10:15]", x),
    ] {
        for (j, w) in t[k].as_array().unwrap().iter().enumerate() {
            assert_close(k, value_at(var, &[1, 10 + j]), w.as_f64().unwrap(), 0.0, 0.01);
        }
    }
    for (j, w) in t["height[0:10]"].as_array().unwrap().iter().enumerate() {
        assert_close(
            "height",
            value_at(ds.get("height").unwrap(), &[j]),
            w.as_f64().unwrap(),
            1e-6,
            0.0,
        );
    }
    assert_eq!(value_at(ds.get("cross_co_ratio").unwrap(), &[0, 500]).round(), 34.0);
    assert_eq!(value_at(co, &[0, 11]).round(), 11.0);
    assert_eq!(value_at(co, &[0, 500]).round(), -6.0);
}

#[test]
fn variables_off_the_range_dim_are_not_broadcast() {
    // ACT's `where(drop=True)` turns overlap_correction into (time, 332, range_bins); here it keeps
    // its shape and values (the oracle's [1, k, :] rows are the original table values).
    let want = expected("corr_mpl");
    let mut ds = read_oracle(F);
    correct_mpl(&mut ds, &MplOptions::default()).unwrap();
    let o = ds.get("overlap_correction").unwrap();
    assert_eq!(o.shape(), &[2, 332]);
    let s = &want["overlap_correction_after_samples"];
    for k in 0..3 {
        let w = json_f64(&s[format!("[1,{k},0:5]")][0]);
        assert_eq!(value_at(o, &[1, k]), w);
    }
    assert_eq!(ds.get("darkcount_correction_co_pol").unwrap().shape(), &[2, 1999]);
}
