//! `atmokit.io.create_ds_from_arm_dod`: ACT's `act.io.arm.create_ds_from_arm_dod` on
//! [`atmokit::text::dod`] (a saved DOD, `local_file=True`) and, with the feature `discovery`,
//! [`atmokit::discovery::create_ds_from_arm_dod`] (ARM's PCM DOD service).

use crate::convert;
use crate::errors::{Failure, to_py};
use atmokit::open::OpenError;
use atmokit::text::dod::{DodOptions, read_arm_dod};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::Path;

/// The empty dataset dict of a DOD: from the file `proc_` when `local_file`, else from the PCM
/// service (`base_url` replaces `https://pcm.arm.gov/`). An empty `version` takes the newest.
#[pyfunction]
#[pyo3(signature = (proc_, set_dims, version=None, fill_value=-9999.0, scalar_fill_dim=None, local_file=false, base_url=None, act_compat=false))]
#[allow(clippy::too_many_arguments)]
pub fn create_ds_from_arm_dod<'py>(
    py: Python<'py>,
    proc_: String,
    set_dims: Vec<(String, usize)>,
    version: Option<String>,
    fill_value: f64,
    scalar_fill_dim: Option<String>,
    local_file: bool,
    base_url: Option<String>,
    act_compat: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let options = DodOptions {
        set_dims,
        version: version.filter(|v| !v.is_empty()),
        fill_value,
        scalar_fill_dim,
        act_compat,
    };
    let ds = if local_file {
        py.detach(|| read_arm_dod(Path::new(&proc_), &options))
            .map_err(|e| to_py(Failure::Open(OpenError::from(e))))?
    } else {
        from_service(py, &proc_, base_url.as_deref(), &options)?
    };
    convert::dataset_to_py(py, ds)
}

#[cfg(feature = "discovery")]
fn from_service(py: Python<'_>, proc_: &str, base: Option<&str>, o: &DodOptions) -> PyResult<atmokit::Dataset> {
    use atmokit::discovery::{Client, ClientOptions, create_ds_from_arm_dod};
    let client = Client::new(ClientOptions::default());
    py.detach(|| create_ds_from_arm_dod(&client, base, proc_, o))
        .map_err(crate::discovery::py_err)
}

#[cfg(not(feature = "discovery"))]
fn from_service(_py: Python<'_>, _proc: &str, _base: Option<&str>, _o: &DodOptions) -> PyResult<atmokit::Dataset> {
    Err(pyo3::exceptions::PyValueError::new_err(
        "create_ds_from_arm_dod: this build has no network access (feature `discovery`); save the DOD and pass local_file=True",
    ))
}
