//! ACT's dataset utilities (`act.utils.data_utils`, `ds.utils.change_units`, …) by name, with
//! ACT's argument names, on a dataset dict. Each returns the new dataset dict.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::physics::coords::assign_coordinates;
use atmokit::physics::precip::accumulate_precip;
use atmokit::physics::units::{ChangeUnitsOptions, change_units};
use atmokit::physics::weather::decode_present_weather;
use atmokit::qc::split::{Convert2dTo1dOptions, convert_2d_to_1d};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every utility reachable from Python, by ACT's function name.
pub const UTILS: &[&str] = &[
    "change_units",
    "assign_coordinates",
    "convert_2d_to_1d",
    "accumulate_precip",
    "decode_present_weather",
];

/// What `change_units` could not convert, for ACT's `verbose=True` messages.
pub type Skipped = Vec<(String, String)>;

/// Run the utility `name` on `ds`; returns the new dataset and (for `change_units`) the
/// variables it could not convert with the reason.
pub fn run(
    py: Python<'_>,
    mut ds: Dataset,
    name: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(Dataset, Skipped)> {
    let mut kw = Kwargs::new(kwargs, name);
    let err = |e: atmokit::core::Error| to_py(e.into());
    match name {
        "change_units" => {
            let unit: String = kw.require("desired_unit")?;
            let o = ChangeUnitsOptions {
                variables: kw.get_names("variables")?,
                skip_variables: kw.get_names("skip_variables")?.unwrap_or_default(),
                skip_standard: kw.get_or("skip_standard", true)?,
                raise_error: kw.get_or("raise_error", false)?,
                act_compat: kw.get_or("act_compat", false)?,
            };
            kw.ignore("verbose");
            kw.finish()?;
            let report = py.detach(|| change_units(&mut ds, &unit, &o)).map_err(err)?;
            Ok((ds, report.not_converted))
        }
        "assign_coordinates" => {
            let list: Vec<(String, String)> = kw
                .require::<std::collections::BTreeMap<String, String>>("coord_list")?
                .into_iter()
                .collect();
            kw.finish()?;
            let pairs: Vec<(&str, &str)> = list.iter().map(|(v, d)| (v.as_str(), d.as_str())).collect();
            let out = py.detach(|| assign_coordinates(&ds, &pairs)).map_err(err)?;
            Ok((out, Vec::new()))
        }
        "convert_2d_to_1d" => {
            let o = Convert2dTo1dOptions {
                parse: kw.get("parse")?,
                variables: kw.get_names("variables")?,
                keep_name_if_one: kw.get_or("keep_name_if_one", false)?,
                use_dim_value_in_name: kw.get_or("use_dim_value_in_name", false)?,
                dim_labels: kw.get_names("dim_labels")?,
                act_compat: kw.get_or("act_compat", false)?,
            };
            kw.finish()?;
            let out = py.detach(|| convert_2d_to_1d(&ds, &o)).map_err(err)?;
            Ok((out, Vec::new()))
        }
        "accumulate_precip" => {
            let variable: String = kw.require("variable")?;
            let dt: Option<f64> = kw.get("time_delta")?;
            kw.finish()?;
            py.detach(|| accumulate_precip(&mut ds, &variable, dt)).map_err(err)?;
            Ok((ds, Vec::new()))
        }
        "decode_present_weather" => {
            let variable: String = kw.require("variable")?;
            let decoded: Option<String> = kw.get("decoded_name")?;
            kw.finish()?;
            py.detach(|| decode_present_weather(&mut ds, &variable, decoded.as_deref()))
                .map_err(err)?;
            Ok((ds, Vec::new()))
        }
        other => Err(pyo3::exceptions::PyValueError::new_err(format!(
            "unknown utility '{other}' (known: {})",
            UTILS.join(", ")
        ))),
    }
}
