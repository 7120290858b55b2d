//! ACT's QC-variable helpers (`ds.qcfilter.add_test`, `set_test`, `unset_test`, `remove_test`,
//! `available_bit`, `get_masked_data`'s mask, `datafilter`, `merge_qc_variables`) by name, with
//! ACT's argument names, on a dataset dict changed in place. Index arguments arrive as one
//! boolean per element of the data variable (C order); the Python side converts ACT's index forms.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::qc::{self, FlagKind, QcFlags, TestOptions};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The helpers of this module, by ACT's names.
pub const FUNCTIONS: &[&str] = &[
    "add_test",
    "set_test",
    "unset_test",
    "remove_test",
    "available_bit",
    "get_masked_mask",
    "datafilter",
    "merge_qc_variables",
];

fn err(e: impl Into<crate::errors::Failure>) -> PyErr {
    to_py(e.into())
}

fn kind(flag_value: bool) -> FlagKind {
    if flag_value { FlagKind::Values } else { FlagKind::Masks }
}

/// The QC variable named by `qc_var_name`, else the one linked to `var_name` (an error names the
/// variable when it has none).
fn qc_name(ds: &Dataset, kw: &mut Kwargs<'_, '_>, func: &str) -> PyResult<String> {
    if let Some(q) = kw.get::<String>("qc_var_name")? {
        kw.ignore("var_name");
        ds.get(&q).map_err(err)?;
        return Ok(q);
    }
    let var: String = kw
        .get("var_name")?
        .ok_or_else(|| PyValueError::new_err(format!("{func}: give var_name or qc_var_name")))?;
    qc::model::find_qc_variable(ds, &var)
        .map_err(err)?
        .ok_or_else(|| PyValueError::new_err(format!("{func}: '{var}' has no QC variable")))
}

/// A mask argument: `None` when not given; its length must be the QC variable's size.
fn mask(ds: &Dataset, qc: &str, kw: &mut Kwargs<'_, '_>, func: &str) -> PyResult<Option<Vec<bool>>> {
    let Some(m) = kw.get::<Vec<bool>>("index")? else {
        return Ok(None);
    };
    let n = ds.get(qc).map_err(err)?.len();
    if m.len() != n {
        return Err(PyValueError::new_err(format!(
            "{func}: index covers {} elements, '{qc}' has {n}",
            m.len()
        )));
    }
    Ok(Some(m))
}

fn test_number(kw: &mut Kwargs<'_, '_>) -> PyResult<u32> {
    kw.require("test_number")
}

/// Run the helper `name` on `ds` (in place). Returns what ACT's method returns: the test
/// information dict for `add_test`, the number for `available_bit`, the mask for
/// `get_masked_mask`, the QC variable name for `merge_qc_variables`, else None.
pub fn run<'py>(
    py: Python<'py>,
    ds: &mut Dataset,
    name: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut kw = Kwargs::new(kwargs, name);
    let out: Bound<'py, PyAny> = match name {
        "add_test" => {
            let var: String = kw.require("var_name")?;
            let meaning: String = kw.require("test_meaning")?;
            let assessment: String = kw.get_or("test_assessment", "Bad".to_string())?;
            let o = TestOptions {
                test_number: kw.get("test_number")?,
                flag_value: kw.get_or("flag_value", false)?,
                recycle: kw.get_or("recycle", false)?,
                ..Default::default()
            };
            let index: Option<Vec<bool>> = kw.get("index")?;
            kw.finish()?;
            let r = qc::model::add_test(ds, &var, index.as_deref(), &meaning, &assessment, &o).map_err(err)?;
            let d = PyDict::new(py);
            d.set_item("test_number", r.test_number)?;
            d.set_item("test_meaning", r.test_meaning)?;
            d.set_item("test_assessment", r.test_assessment)?;
            d.set_item("qc_variable_name", r.qc_variable_name)?;
            d.set_item("variable_name", r.variable_name)?;
            d.into_any()
        }
        "set_test" => {
            let qc = qc_name(ds, &mut kw, name)?;
            let n = test_number(&mut kw)?;
            let k = kind(kw.get_or("flag_value", false)?);
            let m = mask(ds, &qc, &mut kw, name)?;
            kw.finish()?;
            let m = m.unwrap_or_else(|| vec![true; ds.get(&qc).map(|v| v.len()).unwrap_or(0)]);
            qc::model::set_test(ds, &qc, &m, n, k).map_err(err)?;
            py.None().into_bound(py)
        }
        "unset_test" => {
            let qc = qc_name(ds, &mut kw, name)?;
            let n = test_number(&mut kw)?;
            let k = kind(kw.get_or("flag_value", false)?);
            let reset: i64 = kw.get_or("flag_values_reset_value", 0)?;
            let m = mask(ds, &qc, &mut kw, name)?;
            kw.finish()?;
            qc::model::unset_test(ds, &qc, m.as_deref(), n, k, reset).map_err(err)?;
            py.None().into_bound(py)
        }
        "remove_test" => {
            let qc = qc_name(ds, &mut kw, name)?;
            let n = test_number(&mut kw)?;
            kw.ignore("flag_value");
            let reset: i64 = kw.get_or("flag_values_reset_value", 0)?;
            kw.finish()?;
            qc::model::remove_test(ds, &qc, n, reset).map_err(err)?;
            py.None().into_bound(py)
        }
        "available_bit" => {
            let qc: String = kw.require("qc_var_name")?;
            let recycle: bool = kw.get_or("recycle", false)?;
            kw.finish()?;
            let flags = QcFlags::read(ds, &qc).map_err(err)?;
            qc::model::available_bit(&flags, recycle)
                .map_err(err)?
                .into_pyobject(py)?
                .into_any()
        }
        "get_masked_mask" => {
            let var: String = kw.require("var_name")?;
            let a = kw.get_names("rm_assessments")?.unwrap_or_default();
            let t: Vec<u32> = kw.get_or("rm_tests", vec![])?;
            kw.finish()?;
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            let m = match qc::model::find_qc_variable(ds, &var).map_err(err)? {
                Some(q) => qc::masked::qc_mask(ds, &q, &a, &t).map_err(err)?,
                None => vec![false; ds.get(&var).map_err(err)?.len()],
            };
            m.into_pyobject(py)?.into_any()
        }
        "datafilter" => {
            let vars = kw.get_names("variables")?.unwrap_or_default();
            let a = kw.get_names("rm_assessments")?.unwrap_or_default();
            let t: Vec<u32> = kw.get_or("rm_tests", vec![])?;
            let del: bool = kw.get_or("del_qc_var", false)?;
            kw.ignore("verbose");
            kw.finish()?;
            let v: Vec<&str> = vars.iter().map(String::as_str).collect();
            let a: Vec<&str> = a.iter().map(String::as_str).collect();
            qc::masked::datafilter(ds, &v, &a, &t, del).map_err(err)?;
            py.None().into_bound(py)
        }
        "merge_qc_variables" => {
            let var: String = kw.require("var_name")?;
            let names = kw.get_names("qc_var_names")?;
            kw.finish()?;
            let n: Option<Vec<&str>> = names.as_ref().map(|v| v.iter().map(String::as_str).collect());
            qc::merge::merge_qc_variables(ds, &var, n.as_deref())
                .map_err(err)?
                .into_pyobject(py)?
                .into_any()
        }
        _ => {
            return Err(PyValueError::new_err(format!(
                "unknown QC helper '{name}' (known: {})",
                FUNCTIONS.join(", ")
            )));
        }
    };
    Ok(out)
}
