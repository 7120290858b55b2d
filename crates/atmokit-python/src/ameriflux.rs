//! `atmokit.io.convert_to_ameriflux`: ACT's `act.io.ameriflux.convert_to_ameriflux` on
//! [`atmokit::ameriflux::convert_to_ameriflux`].

use crate::convert;
use crate::errors::to_py;
use atmokit::ameriflux::{AmerifluxName, AmerifluxOptions, convert_to_ameriflux as convert_table};
use pyo3::prelude::*;

/// `(ARM name, AmeriFlux name, units)` rows of a mapping.
type Rows = Vec<(String, String, String)>;

fn mapping(rows: Rows) -> Vec<AmerifluxName> {
    rows.into_iter()
        .map(|(arm, name, units)| AmerifluxName { arm, name, units })
        .collect()
}

/// The AmeriFlux table of a dataset dict: `(TIMESTAMP_START, TIMESTAMP_END, [(name, values)])`,
/// missing values as NaN. `None` mappings are ACT's defaults.
#[pyfunction]
#[pyo3(signature = (ds, variable_mapping=None, soil_mapping=None, depth_profile=None, include_missing_variables=false))]
#[allow(clippy::type_complexity)]
pub fn convert_to_ameriflux(
    py: Python<'_>,
    ds: &Bound<'_, PyAny>,
    variable_mapping: Option<Rows>,
    soil_mapping: Option<Rows>,
    depth_profile: Option<Vec<f64>>,
    include_missing_variables: bool,
) -> PyResult<(Vec<String>, Vec<String>, Vec<(String, Vec<f64>)>)> {
    let ds = convert::dataset_from_py(ds)?;
    let d = AmerifluxOptions::default();
    let opts = AmerifluxOptions {
        variables: variable_mapping.map_or(d.variables, mapping),
        soil: soil_mapping.map_or(d.soil, mapping),
        depth_profile: depth_profile.unwrap_or(d.depth_profile),
        include_missing_variables,
        ..d
    };
    let t = py.detach(|| convert_table(&ds, &opts)).map_err(|e| to_py(e.into()))?;
    let cols = t.columns.into_iter().map(|c| (c.name, c.values)).collect();
    Ok((t.start, t.end, cols))
}
