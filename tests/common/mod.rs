//! Shared helpers for atmokit's integration tests: where the ACT oracle lives, loading its JSON,
//! reading its data files, and comparing numbers with the oracle's conventions
//! (`../shared/oracle/README.md`: NaN is `null`, ±inf are `"inf"`/`"-inf"`, times are ISO strings
//! with nanoseconds).

use atmokit_core::summary::Summary;
use atmokit_core::{Dataset, Variable};
use serde_json::Value;
use std::path::PathBuf;

/// The ACT oracle folder (`../shared/oracle` beside the repository; `ATMOKIT_ORACLE` overrides).
pub fn oracle_dir() -> PathBuf {
    if let Ok(p) = std::env::var("ATMOKIT_ORACLE") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/oracle")
}

/// Path of an oracle data file (`oracle/data/<name>`); panics with a clear message when absent.
pub fn data_file(name: &str) -> PathBuf {
    let p = oracle_dir().join("data").join(name);
    assert!(p.exists(), "oracle data file missing: {}", p.display());
    p
}

/// Parsed `oracle/expected/<case>.json`.
pub fn expected(case: &str) -> Value {
    let p = oracle_dir().join("expected").join(format!("{case}.json"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", p.display()))
}

/// Read one netCDF file from the oracle's data folder with default (ACT-like) options.
pub fn read_oracle(name: &str) -> Dataset {
    atmokit_netcdf::read_arm_netcdf(&[data_file(name)], &atmokit_netcdf::ReadOptions::default())
        .unwrap_or_else(|e| panic!("reading {name}: {e}"))
}

/// A JSON number, `null` (NaN) or `"inf"`/`"-inf"` as f64.
pub fn json_f64(v: &Value) -> f64 {
    match v {
        Value::Null => f64::NAN,
        Value::Number(n) => n.as_f64().expect("finite number"),
        Value::String(s) if s == "inf" => f64::INFINITY,
        Value::String(s) if s == "-inf" => f64::NEG_INFINITY,
        Value::Bool(b) => f64::from(u8::from(*b)),
        other => panic!("not a number: {other}"),
    }
}

/// True when `a` and `b` agree within `rtol` relative or `atol` absolute (NaN equals NaN).
pub fn close(a: f64, b: f64, rtol: f64, atol: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    (a - b).abs() <= atol + rtol * b.abs()
}

/// Assert `close`, naming what is compared.
#[track_caller]
pub fn assert_close(what: &str, got: f64, want: f64, rtol: f64, atol: f64) {
    assert!(
        close(got, want, rtol, atol),
        "{what}: got {got}, expected {want} (rtol {rtol}, atol {atol})"
    );
}

/// Value of a numeric variable at an N-D index as f64 (use `as_time` for exact time values).
pub fn value_at(var: &Variable, index: &[usize]) -> f64 {
    let a = var.data().to_f64().expect("numeric variable");
    a[ndarray::IxDyn(index)]
}

/// Compare a variable with an oracle `summary` object: shape, dtype, counts exactly; min, max,
/// mean, sum, std within `rtol`; samples within `rtol` (pass 0.0 for exact).
#[track_caller]
pub fn check_summary(what: &str, var: &Variable, want: &Value, rtol: f64) {
    let shape: Vec<usize> = want["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(var.shape(), shape.as_slice(), "{what}: shape");
    if let Some(dt) = want["dtype"].as_str() {
        assert_eq!(var.dtype().name(), dt, "{what}: dtype");
    }
    match Summary::of(var) {
        Summary::Numeric(s) => {
            assert_eq!(s.n_nan as u64, want["n_nan"].as_u64().unwrap(), "{what}: n_nan");
            assert_eq!(
                s.n_finite as u64,
                want["n_finite"].as_u64().unwrap(),
                "{what}: n_finite"
            );
            for (k, got) in [
                ("min", s.min),
                ("max", s.max),
                ("mean", s.mean),
                ("sum", s.sum),
                ("std", s.std),
            ] {
                let w = json_f64(&want[k]);
                let g = got.unwrap_or(f64::NAN);
                assert_close(&format!("{what}.{k}"), g, w, rtol.max(1e-12), 1e-12);
            }
        }
        Summary::Time(s) => {
            assert_eq!(s.n_nat as u64, want["n_nat"].as_u64().unwrap(), "{what}: n_nat");
            if let Some(m) = want["min"].as_str() {
                assert_eq!(atmokit_core::time::format_ns(s.min.unwrap()), m, "{what}: min");
                assert_eq!(
                    atmokit_core::time::format_ns(s.max.unwrap()),
                    want["max"].as_str().unwrap(),
                    "{what}: max"
                );
            }
        }
        Summary::Text { .. } => {}
    }
    if let Some(samples) = want["samples"].as_array() {
        for s in samples {
            let idx: Vec<usize> = s[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect();
            match &s[1] {
                Value::String(t) if t != "inf" && t != "-inf" => {
                    let ns = var.data().as_time().expect("time variable")[ndarray::IxDyn(&idx)];
                    assert_eq!(atmokit_core::time::format_ns(ns), *t, "{what}: sample {idx:?}");
                }
                v => {
                    let got = value_at(var, &idx);
                    assert_close(&format!("{what}[{idx:?}]"), got, json_f64(v), rtol, 0.0);
                }
            }
        }
    }
}

/// True when an attribute equals its oracle JSON form (a number, a string, or a list of either;
/// one-element lists compare equal to scalars; numbers exactly after widening to f64).
pub fn attr_matches(got: &atmokit_core::AttrValue, want: &Value) -> bool {
    use atmokit_core::AttrValue;
    match (got, want) {
        (AttrValue::Str(s), Value::String(w)) => s == w,
        (AttrValue::Strs(s), Value::Array(w)) => {
            s.len() == w.len() && s.iter().zip(w).all(|(a, b)| b.as_str() == Some(a))
        }
        (AttrValue::Strs(s), Value::String(w)) => s.len() == 1 && &s[0] == w,
        (v, Value::Array(w)) if v.is_numeric() => {
            let g = v.as_f64_vec().expect("numeric");
            g.len() == w.len() && g.iter().zip(w).all(|(a, b)| close(*a, json_f64(b), 0.0, 0.0))
        }
        (v, w) if v.is_numeric() => {
            let g = v.as_f64_vec().expect("numeric");
            g.len() == 1 && close(g[0], json_f64(w), 0.0, 0.0)
        }
        _ => false,
    }
}

/// Assert that `attrs` holds exactly the oracle's attrs (same keys, equal values).
#[track_caller]
pub fn assert_attrs_equal(what: &str, attrs: &atmokit_core::Attrs, want: &Value) {
    let w = want.as_object().expect("attrs object");
    let mut got_keys: Vec<&str> = attrs.keys().map(String::as_str).collect();
    let mut want_keys: Vec<&str> = w.keys().map(String::as_str).collect();
    got_keys.sort_unstable();
    want_keys.sort_unstable();
    assert_eq!(got_keys, want_keys, "{what}: attribute names");
    for (k, v) in w {
        assert!(
            attr_matches(&attrs[k.as_str()], v),
            "{what}: attr '{k}': got {:?}, expected {v}",
            attrs[k.as_str()]
        );
    }
}

/// Assert that each attr named in the oracle object is present in `attrs` with an equal value.
#[track_caller]
pub fn assert_attrs_contain(what: &str, attrs: &atmokit_core::Attrs, want: &Value) {
    for (k, v) in want.as_object().expect("attrs object") {
        let got = attrs
            .get(k.as_str())
            .unwrap_or_else(|| panic!("{what}: attr '{k}' missing"));
        assert!(attr_matches(got, v), "{what}: attr '{k}': got {got:?}, expected {v}");
    }
}

/// The first value of a numeric variable as f64 (a scalar's value); panics naming the variable.
#[track_caller]
pub fn first_f64(ds: &Dataset, name: &str) -> f64 {
    let v = ds.get(name).unwrap_or_else(|e| panic!("{e}"));
    v.data()
        .iter_f64()
        .and_then(|mut it| it.next())
        .unwrap_or_else(|| panic!("'{name}' has no numeric value"))
}
