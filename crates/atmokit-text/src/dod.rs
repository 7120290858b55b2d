//! An empty Dataset from an ARM Data Object Definition (DOD) JSON file: ACT's
//! `act.io.arm.create_ds_from_arm_dod(proc, set_dims, version, fill_value)`.
//!
//! The DOD JSON (ARM DOD web service) is `{"versions": {"<v>": {"atts": [...], "dims": [...],
//! "vars": [...]}}}` with `atts` entries `{name, type, value}`, `dims` entries `{name, length,
//! unlimited}` and `vars` entries `{name, type, dims, atts}`. Types are netCDF names (`byte`,
//! `short`, `int`, `float`, `double`, `char`; `int64`, `ubyte`... too).
//!
//! Dim lengths come from `set_dims`, else from the DOD (a length of 0, e.g. the unlimited
//! `time`, must be given in `set_dims`). Variables named after a dim hold 0..n−1; every other
//! variable is filled with `fill_value` cast to its type (char variables with NUL bytes). The
//! version is the one asked for, or the highest when `None` or unknown (ACT warns then).

use crate::error::{Result, TextError};
use crate::util::read_text;
use atmokit_core::{AttrValue, DType, Data, Dataset, Variable};
use ndarray::{ArrayD, IxDyn};
use serde_json::Value;
use std::path::Path;

fn dtype_of(t: &str) -> Option<DType> {
    Some(match t {
        "byte" => DType::I8,
        "ubyte" => DType::U8,
        "short" => DType::I16,
        "ushort" => DType::U16,
        "int" => DType::I32,
        "uint" => DType::U32,
        "int64" => DType::I64,
        "uint64" => DType::U64,
        "float" => DType::F32,
        "double" => DType::F64,
        "char" | "string" => DType::Char,
        _ => return None,
    })
}

fn numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => n.as_f64().into_iter().collect(),
        Value::Array(a) => a.iter().flat_map(numbers).collect(),
        Value::String(s) => s
            .split([',', ' '])
            .filter_map(|t| t.trim().parse::<f64>().ok())
            .collect(),
        _ => Vec::new(),
    }
}

fn attr_value(t: &str, v: &Value) -> AttrValue {
    let n = numbers(v);
    match dtype_of(t).and_then(|d| AttrValue::numbers_as(d, &n)) {
        Some(a) => a,
        None => AttrValue::Str(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
    }
}

fn version_key(v: &str) -> Vec<u64> {
    v.split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn filled(dtype: DType, shape: &[usize], fill: f64) -> Data {
    if dtype == DType::Char {
        return Data::zeros(dtype, shape);
    }
    Data::F64(ArrayD::from_elem(IxDyn(shape), fill))
        .cast(dtype)
        .unwrap_or_else(|_| Data::zeros(dtype, shape))
}

/// Build the empty Dataset of a DOD JSON file. `set_dims` gives or overrides dim lengths;
/// `version` picks the DOD version (highest when `None`); non-dim variables hold `fill_value`.
///
/// Errors name the file and the dim, variable or type at fault.
pub fn read_arm_dod(
    path: &Path,
    set_dims: &[(&str, usize)],
    version: Option<&str>,
    fill_value: f64,
) -> Result<Dataset> {
    let bad = |msg: String| TextError::parse(path, 0, msg);
    let text = read_text(path)?;
    let json: Value =
        serde_json::from_str(&text).map_err(|e| TextError::parse(path, e.line(), format!("JSON: {e}")))?;
    let versions = json
        .get("versions")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("no 'versions' object".into()))?;
    let chosen = match version.filter(|v| versions.contains_key(*v)) {
        Some(v) => v.to_string(),
        None => versions
            .keys()
            .max_by_key(|k| version_key(k))
            .cloned()
            .ok_or_else(|| bad("no version".into()))?,
    };
    let dod = &versions[&chosen];
    let mut lengths: Vec<(String, usize)> = Vec::new();
    for d in dod.get("dims").and_then(Value::as_array).into_iter().flatten() {
        let name = d
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("dim without a name".into()))?;
        let len = set_dims
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, l)| *l)
            .or_else(|| d.get("length").and_then(Value::as_u64).map(|l| l as usize))
            .filter(|&l| l > 0)
            .ok_or_else(|| bad(format!("dim '{name}' has no length: give it in set_dims")))?;
        lengths.push((name.to_string(), len));
    }
    let mut ds = Dataset::new();
    for v in dod.get("vars").and_then(Value::as_array).into_iter().flatten() {
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("variable without a name".into()))?;
        let t = v.get("type").and_then(Value::as_str).unwrap_or("");
        let dtype = dtype_of(t).ok_or_else(|| bad(format!("variable '{name}': unknown type '{t}'")))?;
        let dims: Vec<String> = v
            .get("dims")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str().map(str::to_string))
            .collect();
        let shape: Vec<usize> = dims
            .iter()
            .map(|d| {
                lengths
                    .iter()
                    .find(|(n, _)| n == d)
                    .map(|(_, l)| *l)
                    .ok_or_else(|| bad(format!("variable '{name}': unknown dim '{d}'")))
            })
            .collect::<Result<_>>()?;
        if shape
            .iter()
            .try_fold(1usize, |a, &n| a.checked_mul(n))
            .is_none_or(|n| n > 1 << 24)
        {
            return Err(bad(format!("variable '{name}': shape {shape:?} too large")));
        }
        let data = if dims.len() == 1 && dims[0] == name && dtype != DType::Char {
            Data::F64(ArrayD::from_shape_fn(IxDyn(&shape), |i| i[0] as f64))
                .cast(dtype)
                .map_err(|e| bad(e.to_string()))?
        } else {
            filled(dtype, &shape, fill_value)
        };
        let mut var = Variable::new(dims, data).map_err(|e| TextError::dataset(path, e))?;
        for a in v.get("atts").and_then(Value::as_array).into_iter().flatten() {
            if let Some(an) = a.get("name").and_then(Value::as_str) {
                let at = a.get("type").and_then(Value::as_str).unwrap_or("char");
                var = var.with_attr(an, attr_value(at, a.get("value").unwrap_or(&Value::Null)));
            }
        }
        ds.insert(name, var).map_err(|e| TextError::dataset(path, e))?;
    }
    for a in dod.get("atts").and_then(Value::as_array).into_iter().flatten() {
        if let Some(an) = a.get("name").and_then(Value::as_str) {
            let at = a.get("type").and_then(Value::as_str).unwrap_or("char");
            ds.attrs_mut()
                .insert(an.to_string(), attr_value(at, a.get("value").unwrap_or(&Value::Null)));
        }
    }
    Ok(ds)
}
