//! Ocetrac-style object tracking (`atmokit-track`) on a dataset dict: threshold, close/open with a
//! disk, drop small objects, label in 3-D, and return the labels and the object table.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::track::area::AreaWeighting;
use atmokit::track::label::Connectivity;
use atmokit::track::morphology::DiskShape;
use atmokit::track::pipeline::{TrackOptions, track_dataset};
use atmokit::track::temporal::Linking;
use atmokit::track::threshold::Threshold;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The tracking options from keyword arguments (Ocetrac's `radius`, `min_size_quantile`, plus
/// `percentile` or `threshold`, `min_area`, `area`, `connectivity`, `disk`, `harmonics`, `periodic`, `positive`: False for cold spells, `method`: 3d or temporal_neighbor, `contain_thresh`).
fn options(kw: &mut Kwargs<'_, '_>) -> PyResult<TrackOptions> {
    let d = TrackOptions::default();
    let threshold = match (kw.get::<f64>("percentile")?, kw.get::<f64>("threshold")?) {
        (Some(_), Some(_)) => {
            return Err(PyValueError::new_err("track: give percentile or threshold, not both"));
        }
        (_, Some(v)) if v.is_finite() => Threshold::Fixed(v),
        (Some(q), None) if (0.0..=100.0).contains(&q) => Threshold::Percentile(q),
        (None, None) => d.threshold,
        _ => {
            return Err(PyValueError::new_err(
                "track: threshold must be finite and percentile within 0..100",
            ));
        }
    };
    let area_weighting = match kw.get_or("area", "km2".to_string())?.as_str() {
        "km2" => AreaWeighting::CosLat,
        "cells" => AreaWeighting::Cells,
        other => return Err(PyValueError::new_err(format!("track: area '{other}' (km2 or cells)"))),
    };
    let conn = kw.get_or("connectivity", 26u32)?;
    let connectivity = Connectivity::parse(&conn.to_string())
        .ok_or_else(|| PyValueError::new_err(format!("track: connectivity {conn} (6, 18 or 26)")))?;
    let disk_shape = match kw.get_or("disk", "closed".to_string())?.as_str() {
        "closed" => DiskShape::Closed,
        "strict" => DiskShape::Strict,
        other => {
            return Err(PyValueError::new_err(format!(
                "track: disk '{other}' (closed or strict)"
            )));
        }
    };
    let method = kw.get_or("method", "3d".to_string())?;
    let contain: f64 = kw.get_or("contain_thresh", 0.0)?;
    if !(0.0..=1.0).contains(&contain) {
        return Err(PyValueError::new_err("track: contain_thresh must be within 0..1"));
    }
    let linking = Linking::parse(&method, contain)
        .ok_or_else(|| PyValueError::new_err(format!("track: method '{method}' (3d or temporal_neighbor)")))?;
    let radius: usize = kw.get_or("radius", d.radius)?;
    let n_harmonics: usize = kw.get_or("harmonics", d.n_harmonics)?;
    if radius > 1_000 || n_harmonics > 50 {
        return Err(PyValueError::new_err(
            "track: radius (at most 1000 grid points) or harmonics (at most 50) too large",
        ));
    }
    let min_size_quantile: f64 = kw.get_or("min_size_quantile", d.min_size_quantile)?;
    if !(0.0..=1.0).contains(&min_size_quantile) {
        return Err(PyValueError::new_err("track: min_size_quantile must be within 0..1"));
    }
    let min_area: f64 = kw.get_or("min_area", d.min_area)?;
    if !(min_area.is_finite() && min_area >= 0.0) {
        return Err(PyValueError::new_err("track: min_area must be finite and >= 0"));
    }
    Ok(TrackOptions {
        threshold,
        n_harmonics,
        radius,
        disk_shape,
        min_size_quantile,
        min_area,
        area_weighting,
        connectivity,
        periodic: kw.get("periodic")?,
        positive: kw.get_or("positive", d.positive)?,
        linking,
    })
}

/// Track objects of `var` (dims time, lat, lon) in `ds`; `mask` names a (lat, lon) variable that
/// is non-zero where to track. Returns the labels and object table as a dataset.
pub fn run(
    py: Python<'_>,
    ds: &Dataset,
    var: &str,
    mask: Option<&str>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Dataset> {
    let mut kw = Kwargs::new(kwargs, "track");
    let o = options(&mut kw)?;
    kw.finish()?;
    py.detach(|| {
        let r = track_dataset(ds, var, mask, &o)?;
        let dims = ds.get(var)?.dims().to_vec();
        if dims.len() != 3 {
            return Err(atmokit::core::Error::invalid(format!(
                "variable '{var}' must have 3 dims (time, lat, lon)"
            )));
        }
        r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str()])
    })
    .map_err(|e| to_py(e.into()))
}
