//! Helpers shared by the QC integration tests: running ACT's call list and comparing QC variables.

use atmokit_core::{AttrValue, Dataset};
use atmokit_qc::{QcFlags, get_qc_test_index};
use serde_json::Value;

/// Compare one QC attribute with the oracle value (numbers exactly after widening to f64).
#[track_caller]
pub fn assert_attr_eq(what: &str, got: &AttrValue, want: &Value) {
    match want {
        Value::String(s) => assert_eq!(got.as_str(), Some(s.as_str()), "{what}"),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let w: Vec<String> = items.iter().map(|v| v.as_str().unwrap().to_string()).collect();
            let g = match got {
                AttrValue::Strs(s) => s.clone(),
                other => panic!("{what}: expected a list of strings, got {other:?}"),
            };
            assert_eq!(g, w, "{what}");
        }
        Value::Array(items) => {
            let w: Vec<f64> = items.iter().map(|v| v.as_f64().unwrap()).collect();
            assert_eq!(got.as_f64_vec().unwrap_or_default(), w, "{what}");
        }
        Value::Number(n) => {
            let g = got.as_f64_vec().unwrap_or_default();
            assert_eq!(g, vec![n.as_f64().unwrap()], "{what}");
        }
        other => panic!("{what}: unexpected oracle value {other}"),
    }
}

/// Indices where each test of `qc` is set, keyed by test number.
pub fn per_bit(ds: &Dataset, qc: &str) -> Vec<(u32, Vec<usize>)> {
    let f = QcFlags::read(ds, qc).unwrap();
    f.numbers
        .iter()
        .map(|&n| (n, get_qc_test_index(ds, qc, n).unwrap()))
        .collect()
}

/// Unique values and counts of an integer QC variable (sorted), as numpy's `unique`.
pub fn value_counts(ds: &Dataset, qc: &str) -> Vec<(i64, usize)> {
    let a = ds.get(qc).unwrap().data().to_f64().unwrap();
    let mut m = std::collections::BTreeMap::new();
    for v in a.iter() {
        *m.entry(*v as i64).or_insert(0usize) += 1;
    }
    m.into_iter().collect()
}

/// JSON array of ints as Vec<usize>.
pub fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}
