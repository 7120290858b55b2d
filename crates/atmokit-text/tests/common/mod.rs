//! Helpers of the text readers' oracle tests: where the ACT oracle lives and comparisons in its
//! JSON conventions (NaN is `null`, times are ISO strings with nanoseconds).
#![allow(dead_code)]

use atmokit_core::summary::Summary;
use atmokit_core::{AttrValue, Variable};
use serde_json::Value;

// Oracle location, JSON loading and number parsing are the workspace's shared test helpers.
#[allow(unused_imports)] // each test binary uses a different subset
pub use atmokit_tests::{data_file as data, expected, json_f64 as jf, oracle_dir};

/// `a` within `rtol` of `b` (NaN equals NaN).
pub fn close(a: f64, b: f64, rtol: f64) -> bool {
    close_abs(a, b, rtol, 1e-12)
}

/// `a` within `atol + rtol * |b|` of `b` (NaN equals NaN).
pub fn close_abs(a: f64, b: f64, rtol: f64, atol: f64) -> bool {
    atmokit_tests::close(a, b, rtol, atol)
}

thread_local! {
    /// Absolute tolerance used by [`assert_close`] (default 1e-12).
    pub static ATOL: std::cell::Cell<f64> = const { std::cell::Cell::new(1e-12) };
}

#[track_caller]
pub fn assert_close(what: &str, got: f64, want: f64, rtol: f64) {
    let atol = ATOL.with(|a| a.get());
    assert!(
        close_abs(got, want, rtol, atol),
        "{what}: got {got}, expected {want} (rtol {rtol}, atol {atol})"
    );
}

/// Our dtype name for an oracle dtype (`datetime64[us]` → ns).
pub fn dtype_name(oracle: &str) -> &str {
    match oracle {
        d if d.starts_with("datetime64") => "datetime64[ns]",
        d => d,
    }
}

/// Compare a variable with the oracle's description: dtype, and every statistic present among
/// n_nan, n_finite, min, max, mean, sum, std, first, last, samples (values within `rtol`).
#[track_caller]
pub fn check_var(what: &str, var: &Variable, want: &Value, rtol: f64) {
    if let Some(dt) = want["dtype"].as_str() {
        assert_eq!(var.dtype().name(), dtype_name(dt), "{what}: dtype");
    }
    if let Some(shape) = want["shape"].as_array() {
        let s: Vec<usize> = shape.iter().map(|v| v.as_u64().unwrap() as usize).collect();
        assert_eq!(var.shape(), s.as_slice(), "{what}: shape");
    }
    match Summary::of(var) {
        Summary::Numeric(s) => {
            if let Some(n) = want["n_nan"].as_u64() {
                assert_eq!(s.n_nan as u64, n, "{what}: n_nan");
            }
            if let Some(n) = want["n_finite"].as_u64() {
                assert_eq!(s.n_finite as u64, n, "{what}: n_finite");
            }
            for (k, got) in [
                ("min", s.min),
                ("max", s.max),
                ("mean", s.mean),
                ("sum", s.sum),
                ("std", s.std),
            ] {
                if want.get(k).is_some() {
                    assert_close(&format!("{what}.{k}"), got.unwrap_or(f64::NAN), jf(&want[k]), rtol);
                }
            }
            let a = var.data().to_f64().unwrap();
            let flat: Vec<f64> = a.iter().copied().collect();
            if want.get("first").is_some() && !flat.is_empty() {
                assert_close(&format!("{what}.first"), flat[0], jf(&want["first"]), rtol);
                assert_close(&format!("{what}.last"), flat[flat.len() - 1], jf(&want["last"]), rtol);
            }
            if let Some(samples) = want["samples"].as_array() {
                for smp in samples {
                    let idx: Vec<usize> = smp[0]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_u64().unwrap() as usize)
                        .collect();
                    assert_close(&format!("{what}{idx:?}"), a[ndarray::IxDyn(&idx)], jf(&smp[1]), rtol);
                }
            }
        }
        Summary::Time(s) => {
            if let Some(n) = want["n_nat"].as_u64() {
                assert_eq!(s.n_nat as u64, n, "{what}: n_nat");
            }
            if let Some(m) = want["min"].as_str() {
                assert_eq!(atmokit_core::time::format_ns(s.min.unwrap()), m, "{what}: min");
                assert_eq!(
                    atmokit_core::time::format_ns(s.max.unwrap()),
                    want["max"].as_str().unwrap(),
                    "{what}: max"
                );
            }
            if let Some(samples) = want["samples"].as_array() {
                let t = var.data().as_time().unwrap();
                for smp in samples {
                    let idx: Vec<usize> = smp[0]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_u64().unwrap() as usize)
                        .collect();
                    assert_eq!(
                        atmokit_core::time::format_ns(t[ndarray::IxDyn(&idx)]),
                        smp[1].as_str().unwrap(),
                        "{what}{idx:?}"
                    );
                }
            }
        }
        Summary::Text { .. } => {
            if let Some(first) = want["first"].as_str() {
                let a = var.view::<String>().unwrap();
                let v: Vec<&String> = a.iter().collect();
                assert_eq!(v[0], first, "{what}: first");
                assert_eq!(v[v.len() - 1], want["last"].as_str().unwrap(), "{what}: last");
            }
        }
    }
}

/// An attribute equals its oracle JSON form (numbers exactly after widening, or within 1e-6
/// relative when `loose`; one-element lists equal scalars; NaN equals `null`).
pub fn attr_matches(got: &AttrValue, want: &Value) -> bool {
    match (got, want) {
        (AttrValue::Str(s), Value::String(w)) => s == w,
        (AttrValue::Strs(s), Value::Array(w)) => {
            s.len() == w.len() && s.iter().zip(w).all(|(a, b)| b.as_str() == Some(a))
        }
        (v, Value::Array(w)) if v.is_numeric() => {
            let g = v.as_f64_vec().unwrap();
            g.len() == w.len() && g.iter().zip(w).all(|(a, b)| close(*a, jf(b), 0.0))
        }
        (v, w) if v.is_numeric() => {
            let g = v.as_f64_vec().unwrap();
            g.len() == 1 && close(g[0], jf(w), 0.0)
        }
        _ => false,
    }
}

/// Every oracle attr is present with an equal value, except `skip` keys; and no extra keys
/// beyond `extra`.
#[track_caller]
pub fn check_attrs(what: &str, got: &atmokit_core::Attrs, want: &Value, skip: &[&str], extra: &[&str]) {
    let want = want.as_object().unwrap();
    for (k, w) in want {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let g = got.get(k).unwrap_or_else(|| panic!("{what}: attr '{k}' missing"));
        assert!(attr_matches(g, w), "{what}: attr '{k}' = {g:?}, expected {w}");
    }
    for k in got.keys() {
        assert!(
            want.contains_key(k) || extra.contains(&k.as_str()),
            "{what}: unexpected attr '{k}'"
        );
    }
}
