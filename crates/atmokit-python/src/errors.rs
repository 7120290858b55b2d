//! Rust errors → Python exceptions, by what went wrong (never a `PanicException`):
//! a missing variable → `KeyError`, a missing file → `FileNotFoundError`, other I/O → `OSError`,
//! bad data or arguments → `ValueError`, an output file refused or not written → `OSError`. The message is the Rust error's, which names the file
//! and variable.

use atmokit::core::Error as CoreError;
use atmokit::core::output::OutputError;
use atmokit::netcdf::Error as NcError;
use atmokit::open::OpenError;
use atmokit::plot::PlotError;
use pyo3::PyErr;
use pyo3::exceptions::{PyFileNotFoundError, PyKeyError, PyOSError, PyValueError};

/// Any error the bindings pass on.
pub enum Failure {
    /// The data model or an algorithm.
    Core(CoreError),
    /// The netCDF reader or writer.
    NetCdf(NcError),
    /// Opening files of any format.
    Open(OpenError),
    /// Preparing or drawing a figure.
    Plot(PlotError),
    /// Writing an output file (refused target or I/O).
    Output(OutputError),
}

impl From<PlotError> for Failure {
    fn from(e: PlotError) -> Self {
        Failure::Plot(e)
    }
}
impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Self {
        Failure::Output(e)
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}
impl From<NcError> for Failure {
    fn from(e: NcError) -> Self {
        Failure::NetCdf(e)
    }
}
impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Self {
        Failure::Open(e)
    }
}

fn core_to_py(e: &CoreError, msg: String) -> PyErr {
    match e {
        CoreError::VariableNotFound { .. } | CoreError::DimensionNotFound { .. } => PyKeyError::new_err(msg),
        _ => PyValueError::new_err(msg),
    }
}

fn nc_to_py(e: &NcError, msg: String) -> PyErr {
    match e {
        NcError::NotFound { .. } => PyFileNotFoundError::new_err(msg),
        NcError::Io { .. } => PyOSError::new_err(msg),
        NcError::Data { source, .. } => core_to_py(source, msg),
        _ => PyValueError::new_err(msg),
    }
}

/// The Python exception for `e`.
pub fn to_py(e: Failure) -> PyErr {
    match e {
        Failure::Core(e) => {
            let msg = e.to_string();
            core_to_py(&e, msg)
        }
        Failure::NetCdf(e) => {
            let msg = e.to_string();
            nc_to_py(&e, msg)
        }
        Failure::Open(e) => {
            let msg = e.to_string();
            match &e {
                OpenError::NotFound(_) => PyFileNotFoundError::new_err(msg),
                OpenError::Io { .. } | OpenError::Url(_) => PyOSError::new_err(msg),
                OpenError::NetCdf(n) => nc_to_py(n, msg),
                OpenError::Data { source, .. } => core_to_py(source, msg),
                _ => PyValueError::new_err(msg),
            }
        }
        Failure::Plot(e) => {
            let msg = e.to_string();
            match &e {
                PlotError::Core(c) => core_to_py(c, msg),
                PlotError::Io { .. } => PyOSError::new_err(msg),
                _ => PyValueError::new_err(msg),
            }
        }
        Failure::Output(e) => PyOSError::new_err(e.to_string()),
    }
}
