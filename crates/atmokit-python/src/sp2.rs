//! `atmokit.io.read_sp2`, `read_hk_file`, `read_sp2_config`: PySP2's readers (ACT 2.3.4's
//! `act.io.read_sp2`, `act.io.read_hk_file`) on [`atmokit::text::sp2`].

use crate::convert;
use crate::errors::{Failure, to_py};
use atmokit::text::sp2::{hk, ini, sp2b};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A raw SP2 binary file (`.sp2b`) as a dataset dict; `arm_convention`: the date is the third
/// dot-separated field of the file name (else its first eight characters), as in PySP2.
#[pyfunction]
#[pyo3(signature = (path, arm_convention=true))]
pub fn read_sp2<'py>(py: Python<'py>, path: String, arm_convention: bool) -> PyResult<Bound<'py, PyDict>> {
    let opts = sp2b::Sp2bOptions {
        naming: if arm_convention {
            sp2b::Sp2bNaming::Arm
        } else {
            sp2b::Sp2bNaming::Instrument
        },
    };
    let ds = py
        .detach(|| sp2b::read_sp2(&path, &opts))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// An SP2 housekeeping file (`.hk`) as a dataset dict.
#[pyfunction]
pub fn read_hk_file<'py>(py: Python<'py>, path: String) -> PyResult<Bound<'py, PyDict>> {
    let ds = py
        .detach(|| hk::read_hk_file(&path))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// An SP2 `.ini` file as `[(section, [(lower-cased key, value)])]` in file order.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn read_sp2_config(py: Python<'_>, path: String) -> PyResult<Vec<(String, Vec<(String, String)>)>> {
    let cfg = py
        .detach(|| ini::read_config(&path))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    Ok(cfg
        .sections()
        .map(|s| (s.to_string(), cfg.section(s).unwrap_or_default().to_vec()))
        .collect())
}

/// Register the SP2 readers in `_native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_sp2, m)?)?;
    m.add_function(wrap_pyfunction!(read_hk_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_sp2_config, m)?)?;
    Ok(())
}
