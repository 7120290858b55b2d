//! The dataset dict: the one exchange format between a Rust [`Dataset`] and Python.
//!
//! ```text
//! {"dims": {name: int}, "attrs": {name: attr}, "coords": [name, ...],
//!  "variables": {name: {"dims": [str], "kind": "num"|"char"|"str"|"time", "data": ndarray | list,
//!                       "shape": [int], "attrs": {name: attr}, "encoding": {key: value}}}}
//! attr = str | list[str] | 1-D numpy array of the attribute's dtype
//! ```
//!
//! Rust → Python hands every numeric, char and time buffer to numpy without a copy (numpy owns the
//! Rust `Vec`); time is int64 nanoseconds since 1970 (numpy's `datetime64[ns]` bits, NaT = i64::MIN).
//! Python → Rust copies (the Python layer passes aligned C-contiguous arrays; anything else is
//! refused with a `ValueError`, never a panic). The Python package (`atmokit._xr`) turns the dict
//! into an `xarray.Dataset` and back.

use atmokit::core::variable::Encoding;
use atmokit::{AttrValue, DType, Data, Dataset, Variable};
use ndarray::{ArrayD, IxDyn};
use numpy::{Element, PyArray1, PyArrayDyn, PyArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

/// Convert a Dataset to the dataset dict (consumes it: buffers move to numpy).
pub fn dataset_to_py<'py>(py: Python<'py>, ds: Dataset) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let dims = PyDict::new(py);
    for (k, v) in ds.dims() {
        dims.set_item(k, *v)?;
    }
    out.set_item("dims", dims)?;
    out.set_item("attrs", attrs_to_py(py, ds.attrs())?)?;
    let coords: Vec<String> = ds.coord_names().iter().map(|s| s.to_string()).collect();
    out.set_item("coords", coords)?;
    out.set_item("unlimited", ds.unlimited_dims().to_vec())?;
    let vars = PyDict::new(py);
    for (name, var) in ds.into_variables() {
        vars.set_item(name, variable_to_py(py, var)?)?;
    }
    out.set_item("variables", vars)?;
    Ok(out)
}

/// Convert one variable to its dict (see the module docs).
pub fn variable_to_py<'py>(py: Python<'py>, var: Variable) -> PyResult<Bound<'py, PyDict>> {
    let (dims, data, attrs, encoding) = var.into_parts();
    let d = PyDict::new(py);
    d.set_item("shape", data.shape().to_vec())?;
    d.set_item("dims", dims)?;
    d.set_item("attrs", attrs_to_py(py, &attrs)?)?;
    d.set_item("encoding", encoding_to_py(py, &encoding)?)?;
    let (kind, obj): (&str, Bound<'py, PyAny>) = match data {
        Data::I8(a) => ("num", owned(py, a)),
        Data::U8(a) => ("num", owned(py, a)),
        Data::I16(a) => ("num", owned(py, a)),
        Data::U16(a) => ("num", owned(py, a)),
        Data::I32(a) => ("num", owned(py, a)),
        Data::U32(a) => ("num", owned(py, a)),
        Data::I64(a) => ("num", owned(py, a)),
        Data::U64(a) => ("num", owned(py, a)),
        Data::F32(a) => ("num", owned(py, a)),
        Data::F64(a) => ("num", owned(py, a)),
        Data::Char(a) => ("char", owned(py, a)),
        Data::Time(a) => ("time", owned(py, a)),
        Data::Str(a) => ("str", PyList::new(py, a.iter())?.into_any()),
    };
    d.set_item("kind", kind)?;
    d.set_item("data", obj)?;
    Ok(d)
}

/// Hand an owned array to numpy without copying.
fn owned<'py, T: Element>(py: Python<'py>, a: ArrayD<T>) -> Bound<'py, PyAny> {
    numpy::PyArray::from_owned_array(py, a).into_any()
}

/// Attributes to a dict of `str | list[str] | 1-D ndarray`.
pub fn attrs_to_py<'py>(py: Python<'py>, attrs: &atmokit::core::Attrs) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in attrs {
        d.set_item(k, attr_to_py(py, v)?)?;
    }
    Ok(d)
}

fn attr_to_py<'py>(py: Python<'py>, v: &AttrValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        AttrValue::Str(s) => PyString::new(py, s).into_any(),
        AttrValue::Strs(s) => PyList::new(py, s)?.into_any(),
        AttrValue::I8(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::U8(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::I16(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::U16(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::I32(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::U32(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::I64(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::U64(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::F32(x) => PyArray1::from_slice(py, x).into_any(),
        AttrValue::F64(x) => PyArray1::from_slice(py, x).into_any(),
    })
}

/// The encoding under xarray's `.encoding` keys (`dtype`, `_FillValue`, `missing_value`,
/// `scale_factor`, `add_offset`, `units`, `calendar`, `chunksizes`, `zlib`, `complevel`, `shuffle`)
/// plus atmokit's `char_dim` / `char_len` / `_Unsigned` for a lossless round trip.
fn encoding_to_py<'py>(py: Python<'py>, e: &Encoding) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    if let Some(t) = e.dtype {
        d.set_item("dtype", numpy_dtype_name(t))?;
    }
    for (key, val) in [
        ("_FillValue", &e.fill_value),
        ("missing_value", &e.missing_value),
        ("scale_factor", &e.scale_factor),
        ("add_offset", &e.add_offset),
    ] {
        if let Some(v) = val {
            d.set_item(key, attr_to_py(py, v)?)?;
        }
    }
    if let Some(u) = &e.units {
        d.set_item("units", u)?;
    }
    if let Some(c) = &e.calendar {
        d.set_item("calendar", c)?;
    }
    if let Some(c) = &e.char_dim {
        d.set_item("char_dim", c)?;
    }
    if let Some(n) = e.char_len {
        d.set_item("char_len", n)?;
    }
    if e.unsigned {
        d.set_item("_Unsigned", "true")?;
    }
    if let Some(c) = &e.chunk_sizes {
        d.set_item("chunksizes", c.clone())?;
    }
    if let Some(l) = e.deflate_level {
        d.set_item("zlib", l > 0)?;
        d.set_item("complevel", l)?;
    }
    if e.shuffle {
        d.set_item("shuffle", true)?;
    }
    Ok(d)
}

/// numpy's name of a dtype (`DType::Char` is `S1`, `DType::Time` is `datetime64[ns]`).
fn numpy_dtype_name(t: DType) -> &'static str {
    match t {
        DType::Char => "S1",
        DType::Str => "object",
        DType::Time => "datetime64[ns]",
        other => other.name(),
    }
}

/// Build a Dataset from the dataset dict (copies the arrays).
pub fn dataset_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Dataset> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("dataset must be a dict"))?;
    let mut ds = Dataset::new();
    if let Some(attrs) = d.get_item("attrs")? {
        *ds.attrs_mut() = attrs_from_py(&attrs, "global attributes")?;
    }
    let vars = d
        .get_item("variables")?
        .ok_or_else(|| PyValueError::new_err("dataset dict has no 'variables'"))?;
    let vars = vars
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err("'variables' must be a dict"))?;
    for (name, v) in vars.iter() {
        let name: String = name.extract()?;
        let var = variable_from_py(&v, &name)?;
        ds.insert(&name, var)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
    }
    if let Some(unl) = d.get_item("unlimited")? {
        for dim in unl.extract::<Vec<String>>()? {
            if ds.dims().contains_key(&dim) {
                ds.set_unlimited(&dim, true);
            }
        }
    }
    Ok(ds)
}

fn variable_from_py(v: &Bound<'_, PyAny>, name: &str) -> PyResult<Variable> {
    let d = v
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("variable '{name}': must be a dict")))?;
    let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
        d.get_item(k)?
            .ok_or_else(|| PyValueError::new_err(format!("variable '{name}': missing key '{k}'")))
    };
    let dims: Vec<String> = get("dims")?.extract()?;
    let kind: String = match d.get_item("kind")? {
        Some(k) => k.extract()?,
        None => "num".into(),
    };
    let data = get("data")?;
    let data = match kind.as_str() {
        "num" => numeric_from_py(&data, name)?,
        "char" => Data::Char(array_from_py::<u8>(&data, name)?),
        "time" => Data::Time(array_from_py::<i64>(&data, name)?),
        "str" => {
            let shape: Vec<usize> = get("shape")?.extract()?;
            let flat: Vec<String> = data.extract()?;
            let a = ArrayD::from_shape_vec(IxDyn(&shape), flat)
                .map_err(|e| PyValueError::new_err(format!("variable '{name}': {e}")))?;
            Data::Str(a)
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "variable '{name}': unknown kind '{other}'"
            )));
        }
    };
    let attrs = match d.get_item("attrs")? {
        Some(a) => attrs_from_py(&a, name)?,
        None => Default::default(),
    };
    let encoding = match d.get_item("encoding")? {
        Some(e) => encoding_from_py(&e, name)?,
        None => Encoding::default(),
    };
    Variable::from_parts(dims, data, attrs, encoding)
        .map_err(|e| PyValueError::new_err(format!("variable '{name}': {e}")))
}

/// Copy a numpy array of one of the ten numeric dtypes.
fn numeric_from_py(data: &Bound<'_, PyAny>, name: &str) -> PyResult<Data> {
    macro_rules! try_as {
        ($t:ty, $variant:ident) => {
            if data.cast::<PyArrayDyn<$t>>().is_ok() {
                return Ok(Data::$variant(array_from_py::<$t>(data, name)?));
            }
        };
    }
    try_as!(f64, F64);
    try_as!(f32, F32);
    try_as!(i32, I32);
    try_as!(i64, I64);
    try_as!(i16, I16);
    try_as!(i8, I8);
    try_as!(u8, U8);
    try_as!(u16, U16);
    try_as!(u32, U32);
    try_as!(u64, U64);
    let dtype = data
        .getattr("dtype")
        .map(|d| d.to_string())
        .unwrap_or_else(|_| data.get_type().to_string());
    Err(PyTypeError::new_err(format!(
        "variable '{name}': data of dtype {dtype} is not supported (int8..uint64, float32, float64)"
    )))
}

/// Copy an aligned numpy array of element type `T` into an owned ndarray.
fn array_from_py<T: Element + Clone>(data: &Bound<'_, PyAny>, name: &str) -> PyResult<ArrayD<T>> {
    let arr = data.cast::<PyArrayDyn<T>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "variable '{name}': expected a numpy array of {}",
            std::any::type_name::<T>()
        ))
    })?;
    let aligned: bool = arr.getattr("flags")?.getattr("aligned")?.extract()?;
    if !aligned {
        return Err(PyValueError::new_err(format!(
            "variable '{name}': array is not aligned (pass numpy.require(a, requirements='A'))"
        )));
    }
    let ro = arr
        .try_readonly()
        .map_err(|e| PyValueError::new_err(format!("variable '{name}': {e}")))?;
    Ok(ro.as_array().to_owned())
}

/// Attributes from a dict of `str | list[str] | 1-D ndarray | int | float`.
pub fn attrs_from_py(obj: &Bound<'_, PyAny>, owner: &str) -> PyResult<atmokit::core::Attrs> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("{owner}: attrs must be a dict")))?;
    let mut out = atmokit::core::Attrs::default();
    for (k, v) in d.iter() {
        let k: String = k.extract()?;
        let value = attr_from_py(&v).map_err(|e| PyTypeError::new_err(format!("{owner}: attribute '{k}': {e}")))?;
        out.insert(k, value);
    }
    Ok(out)
}

fn attr_from_py(v: &Bound<'_, PyAny>) -> PyResult<AttrValue> {
    if let Ok(s) = v.extract::<String>() {
        return Ok(AttrValue::Str(s));
    }
    if let Ok(l) = v.cast::<PyList>()
        && let Ok(s) = l.extract::<Vec<String>>()
    {
        return Ok(AttrValue::Strs(s));
    }
    macro_rules! try_as {
        ($t:ty, $variant:ident) => {
            if let Ok(a) = v.cast::<PyArrayDyn<$t>>() {
                let ro = a
                    .try_readonly()
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
                return Ok(AttrValue::$variant(ro.as_array().iter().cloned().collect()));
            }
        };
    }
    try_as!(f64, F64);
    try_as!(f32, F32);
    try_as!(i32, I32);
    try_as!(i64, I64);
    try_as!(i16, I16);
    try_as!(i8, I8);
    try_as!(u8, U8);
    try_as!(u16, U16);
    try_as!(u32, U32);
    try_as!(u64, U64);
    if v.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(AttrValue::I8(vec![i8::from(v.extract::<bool>()?)]));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(AttrValue::I64(vec![i]));
    }
    if let Ok(f) = v.extract::<f64>() {
        return Ok(AttrValue::F64(vec![f]));
    }
    Err(PyTypeError::new_err(format!(
        "unsupported attribute type {} (str, list of str, number or 1-D numpy array)",
        v.get_type()
    )))
}

fn encoding_from_py(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Encoding> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("variable '{name}': encoding must be a dict")))?;
    let mut e = Encoding::default();
    let attr = |k: &str| -> PyResult<Option<AttrValue>> {
        d.get_item(k)?
            .map(|v| {
                attr_from_py(&v)
                    .map_err(|err| PyTypeError::new_err(format!("variable '{name}': encoding '{k}': {err}")))
            })
            .transpose()
    };
    e.fill_value = attr("_FillValue")?;
    e.missing_value = attr("missing_value")?;
    e.scale_factor = attr("scale_factor")?;
    e.add_offset = attr("add_offset")?;
    if let Some(t) = d.get_item("dtype")? {
        let t: String = t.str()?.extract()?;
        e.dtype = match t.as_str() {
            "S1" | "|S1" => Some(DType::Char),
            other => DType::from_name(other),
        };
    }
    e.units = d.get_item("units")?.map(|v| v.extract()).transpose()?;
    e.calendar = d.get_item("calendar")?.map(|v| v.extract()).transpose()?;
    e.char_dim = d.get_item("char_dim")?.map(|v| v.extract()).transpose()?;
    e.char_len = d.get_item("char_len")?.map(|v| v.extract()).transpose()?;
    e.unsigned = d
        .get_item("_Unsigned")?
        .map(|v| v.extract::<String>().map(|s| s == "true"))
        .transpose()?
        .unwrap_or(false);
    e.chunk_sizes = d
        .get_item("chunksizes")?
        .filter(|v| !v.is_none())
        .map(|v| v.extract())
        .transpose()?;
    let zlib = d
        .get_item("zlib")?
        .map(|v| v.extract::<bool>())
        .transpose()?
        .unwrap_or(false);
    let level: Option<i32> = d.get_item("complevel")?.map(|v| v.extract()).transpose()?;
    e.deflate_level = match (zlib, level) {
        (true, l) => Some(l.unwrap_or(4)),
        (false, Some(l)) if l > 0 => Some(l),
        _ => None,
    };
    e.shuffle = d
        .get_item("shuffle")?
        .map(|v| v.extract::<bool>())
        .transpose()?
        .unwrap_or(false);
    Ok(e)
}
