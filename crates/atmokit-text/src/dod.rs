//! An empty Dataset from an ARM Data Object Definition (DOD) JSON: ACT's
//! `act.io.arm.create_ds_from_arm_dod(proc, set_dims, version, fill_value, scalar_fill_dim,
//! local_file)`. [`read_arm_dod`] reads a saved file, [`parse_arm_dod`] the JSON text (the
//! download crate's `create_ds_from_arm_dod` fetches it from ARM's PCM DOD service).
//!
//! The DOD JSON (ARM DOD web service) is `{"versions": {"<v>": {"atts": [...], "dims": [...],
//! "vars": [...]}}}` with `atts` entries `{name, type, value}`, `dims` entries `{name, length,
//! unlimited}` and `vars` entries `{name, type, dims, atts}`. Types are netCDF names (`byte`,
//! `short`, `int`, `float`, `double`, `char`; `int64`, `ubyte`... too).
//!
//! Dim lengths come from `set_dims`, else from the DOD (a length of 0, e.g. the unlimited
//! `time`, must be given in `set_dims`). Variables named after a dim hold 0..n−1; every other
//! variable is filled with `fill_value` cast to its type (char variables with NUL bytes). The
//! version is the one asked for, or the highest when `None` or unknown (ACT warns then and takes
//! the last one listed). Scalar variables stay scalar, or get `scalar_fill_dim` as their dim.
//! Attributes with a `null` value are left out (ACT writes `""` for a global one).
//!
//! Types: atmokit gives each variable the DOD's type and each attribute its DOD type (a
//! `"-9999"` missing value of a `float` variable is an f32 attribute). ACT 2.3.4 fills every
//! variable with float64 (`numpy.full`), dim variables with int64 (`numpy.arange`), keeps
//! attribute values as the JSON gives them (mostly text), and drops a variable's `string`
//! attribute and the `units` after it. [`DodOptions::act_compat`] reproduces that.

use crate::error::{Result, TextError};
use crate::util::read_text;
use atmokit_core::{AttrValue, DType, Data, Dataset, Variable};
use ndarray::{ArrayD, IxDyn};
use serde_json::Value;
use std::path::Path;

/// How to build the Dataset: ACT's `create_ds_from_arm_dod` arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct DodOptions {
    /// Dim lengths that override or complete the DOD's (the unlimited `time` has length 0 in
    /// the DOD and must be given). ACT's `set_dims`.
    pub set_dims: Vec<(String, usize)>,
    /// The DOD version (`"1.2"`); the highest when `None` or not in the DOD.
    pub version: Option<String>,
    /// The value of every non-dim variable (cast to its type). ACT's default −9999.
    pub fill_value: f64,
    /// Give scalar variables this dim (e.g. `time`), filled along it. ACT's `scalar_fill_dim`.
    pub scalar_fill_dim: Option<String>,
    /// ACT 2.3.4's types and attributes (see the module docs).
    pub act_compat: bool,
}

impl Default for DodOptions {
    fn default() -> Self {
        Self {
            set_dims: Vec::new(),
            version: None,
            fill_value: -9999.0,
            scalar_fill_dim: None,
            act_compat: false,
        }
    }
}

impl DodOptions {
    /// Options with these dim lengths and ACT's defaults otherwise.
    ///
    /// ```
    /// let o = atmokit_text::dod::DodOptions::with_dims(&[("time", 1440)]);
    /// assert_eq!(o.fill_value, -9999.0);
    /// ```
    pub fn with_dims(dims: &[(&str, usize)]) -> Self {
        Self {
            set_dims: dims.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
            ..Self::default()
        }
    }
}

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

fn attr_value(t: &str, v: &Value, act_compat: bool) -> AttrValue {
    if act_compat {
        return match v {
            Value::Number(n) if n.is_i64() => AttrValue::I64(vec![n.as_i64().unwrap_or_default()]),
            Value::Number(n) => AttrValue::F64(vec![n.as_f64().unwrap_or(f64::NAN)]),
            Value::String(s) => AttrValue::Str(s.clone()),
            other => AttrValue::Str(other.to_string()),
        };
    }
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

fn filled(dtype: DType, shape: &[usize], fill: f64, act_compat: bool) -> Data {
    if act_compat {
        return Data::F64(ArrayD::from_elem(IxDyn(shape), fill));
    }
    if dtype == DType::Char {
        return Data::zeros(dtype, shape);
    }
    Data::F64(ArrayD::from_elem(IxDyn(shape), fill))
        .cast(dtype)
        .unwrap_or_else(|_| Data::zeros(dtype, shape))
}

/// Build the empty Dataset of a saved DOD JSON file (ACT's `local_file=True`).
///
/// Errors name the file and the dim, variable or type at fault.
///
/// ```no_run
/// use atmokit_text::dod::{read_arm_dod, DodOptions};
/// let ds = read_arm_dod("vdis.b1.json".as_ref(), &DodOptions::with_dims(&[("time", 1440)]))?;
/// assert_eq!(ds.dim_len("time"), Some(1440));
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_arm_dod(path: &Path, options: &DodOptions) -> Result<Dataset> {
    parse_arm_dod(&read_text(path)?, path, options)
}

/// Build the empty Dataset of DOD JSON text; `source` names it in errors (a file or a URL).
pub fn parse_arm_dod(text: &str, source: &Path, options: &DodOptions) -> Result<Dataset> {
    let bad = |msg: String| TextError::parse(source, 0, msg);
    let json: Value =
        serde_json::from_str(text).map_err(|e| TextError::parse(source, e.line(), format!("JSON: {e}")))?;
    let versions = json
        .get("versions")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("no 'versions' object".into()))?;
    let fallback = if options.act_compat {
        versions.keys().next_back()
    } else {
        versions.keys().max_by_key(|k| version_key(k))
    };
    let chosen = match options.version.as_deref().filter(|v| versions.contains_key(*v)) {
        Some(v) => v.to_string(),
        None => fallback.cloned().ok_or_else(|| bad("no version".into()))?,
    };
    let dod = &versions[&chosen];
    let lengths = dim_lengths(dod, options, &bad)?;
    let mut ds = Dataset::new();
    for v in dod.get("vars").and_then(Value::as_array).into_iter().flatten() {
        let (name, var) = variable(v, &lengths, options, source)?;
        ds.insert(&name, var).map_err(|e| TextError::dataset(source, e))?;
    }
    for a in dod.get("atts").and_then(Value::as_array).into_iter().flatten() {
        let Some(an) = a.get("name").and_then(Value::as_str) else {
            continue;
        };
        if options.act_compat && an == "string" {
            continue;
        }
        let at = a.get("type").and_then(Value::as_str).unwrap_or("char");
        let value = match a.get("value").unwrap_or(&Value::Null) {
            Value::Null => AttrValue::Str(String::new()),
            v => attr_value(at, v, options.act_compat),
        };
        ds.attrs_mut().insert(an.to_string(), value);
    }
    Ok(ds)
}

/// The length of every DOD dim: `set_dims` first, then the DOD's own (a length of 0 must be given).
fn dim_lengths(dod: &Value, options: &DodOptions, bad: &impl Fn(String) -> TextError) -> Result<Vec<(String, usize)>> {
    let mut lengths = Vec::new();
    for d in dod.get("dims").and_then(Value::as_array).into_iter().flatten() {
        let name = d
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("dim without a name".into()))?;
        let len = options
            .set_dims
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, l)| *l)
            .or_else(|| d.get("length").and_then(Value::as_u64).map(|l| l as usize))
            .filter(|&l| l > 0)
            .ok_or_else(|| bad(format!("dim '{name}' has no length: give it in set_dims")))?;
        lengths.push((name.to_string(), len));
    }
    Ok(lengths)
}

/// One DOD variable: its dims, data (0..n−1 for a dim variable, else the fill) and attributes.
fn variable(v: &Value, lengths: &[(String, usize)], options: &DodOptions, source: &Path) -> Result<(String, Variable)> {
    let text = |m: String| TextError::parse(source, 0, m);
    let core = |e| TextError::dataset(source, e);
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| text("variable without a name".into()))?;
    let t = v.get("type").and_then(Value::as_str).unwrap_or("");
    let dtype = dtype_of(t).ok_or_else(|| text(format!("variable '{name}': unknown type '{t}'")))?;
    let mut dims: Vec<String> = v
        .get("dims")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str().map(str::to_string))
        .collect();
    if dims.is_empty()
        && let Some(d) = &options.scalar_fill_dim
    {
        dims.push(d.clone());
    }
    let shape: Vec<usize> = dims
        .iter()
        .map(|d| {
            lengths
                .iter()
                .find(|(n, _)| n == d)
                .map(|(_, l)| *l)
                .ok_or_else(|| text(format!("variable '{name}': unknown dim '{d}'")))
        })
        .collect::<Result<_>>()?;
    if shape
        .iter()
        .try_fold(1usize, |a, &n| a.checked_mul(n))
        .is_none_or(|n| n > 1 << 24)
    {
        return Err(text(format!("variable '{name}': shape {shape:?} too large")));
    }
    let data = if dims.len() == 1 && dims[0] == name && dtype != DType::Char {
        let index = ArrayD::from_shape_fn(IxDyn(&shape), |i| i[0] as f64);
        if options.act_compat {
            Data::F64(index).cast(DType::I64)
        } else {
            Data::F64(index).cast(dtype)
        }
        .map_err(core)?
    } else {
        filled(dtype, &shape, options.fill_value, options.act_compat)
    };
    let mut var = Variable::new(dims, data).map_err(core)?;
    let mut string_var = false;
    for a in v.get("atts").and_then(Value::as_array).into_iter().flatten() {
        let Some(an) = a.get("name").and_then(Value::as_str) else {
            continue;
        };
        let value = a.get("value").unwrap_or(&Value::Null);
        if options.act_compat && an == "string" {
            string_var = true;
            continue;
        }
        if value.is_null() || (options.act_compat && string_var && an == "units") {
            continue;
        }
        let at = a.get("type").and_then(Value::as_str).unwrap_or("char");
        var = var.with_attr(an, attr_value(at, value, options.act_compat));
    }
    Ok((name.to_string(), var))
}
