//! Ocetrac-style object tracking (`atmokit-track`) on a dataset dict: threshold, close/open with a
//! disk, drop small objects, label, and return the labels and the object table. A (time, lat,
//! lon) field is tracked as Ocetrac's `Tracker`, a (time, depth, lat, lon) one as its
//! `DeepTracker`; `lat` / `lon` / `cell_area` name the 2-D coordinates of a curvilinear grid.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::track::area::AreaWeighting;
use atmokit::track::depth::{DepthOptions, Detection, VolumeRanking, track_depth_dataset};
use atmokit::track::depth_grid::DepthGrid;
use atmokit::track::grid::Grid;
use atmokit::track::label::Connectivity;
use atmokit::track::morphology::DiskShape;
use atmokit::track::pipeline::{TrackOptions, track_dataset_on};
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

/// The depth tracker's options from the keyword arguments the 3-D tracker does not read
/// (DeepTracker's `frac_filter`, `alpha`, `connect_z` as `connect_depth`, plus `volume_ranking`
/// and `area_connectivity`); the shared ones come from `surface`, with the depth defaults where
/// the caller gave none.
fn depth_options(
    kw: &mut Kwargs<'_, '_>,
    surface: &TrackOptions,
    given: &Given,
) -> PyResult<(DepthOptions, Detection)> {
    let d = DepthOptions::default();
    let volume_ranking = match kw.get_or("volume_ranking", "per-object".to_string())?.as_str() {
        "per-object" => VolumeRanking::PerObject,
        "step-label" => VolumeRanking::StepLabel,
        other => {
            return Err(PyValueError::new_err(format!(
                "track: volume_ranking '{other}' (per-object or step-label)"
            )));
        }
    };
    let area_connectivity = match kw.get_or("area_connectivity", 8u32)? {
        8 => Connectivity::Full,
        4 => Connectivity::Faces,
        other => {
            return Err(PyValueError::new_err(format!(
                "track: area_connectivity {other} (8 or 4)"
            )));
        }
    };
    if !matches!(surface.linking, Linking::Volume) {
        return Err(PyValueError::new_err(
            "track: depth tracking links through time by containment (contain_thresh); no method",
        ));
    }
    let opts = DepthOptions {
        radius: if given.radius { surface.radius } else { d.radius },
        disk_shape: surface.disk_shape,
        min_size_quantile: if given.min_size_quantile {
            surface.min_size_quantile
        } else {
            d.min_size_quantile
        },
        min_area: surface.min_area,
        area_weighting: surface.area_weighting,
        area_connectivity,
        frac_filter: kw.get_or("frac_filter", d.frac_filter)?,
        volume_ranking,
        contain_thresh: given.contain_thresh.unwrap_or(d.contain_thresh),
        alpha: kw.get_or("alpha", d.alpha)?,
        connect_depth: kw.get_or("connect_depth", d.connect_depth)?,
        periodic: surface.periodic,
    };
    let detect = Detection {
        threshold: surface.threshold,
        n_harmonics: surface.n_harmonics,
        positive: surface.positive,
    };
    Ok((opts, detect))
}

/// Which of the options whose defaults differ between the 3-D and the depth tracker were given.
struct Given {
    radius: bool,
    min_size_quantile: bool,
    contain_thresh: Option<f64>,
}

/// Track objects of `var` in `ds`: dims (time, lat, lon) as Ocetrac's `Tracker` (`mask` names
/// a (lat, lon) variable, non-zero where to track), dims (time, depth, lat, lon) as its
/// `DeepTracker` (cells NaN at every step are left out). `lat`, `lon` (and `cell_area`, m², cm²
/// or km²; computed on the sphere when absent) name the 2-D coordinates of a curvilinear grid.
/// Returns the labels and the object table as a dataset.
pub fn run(
    py: Python<'_>,
    ds: &Dataset,
    var: &str,
    mask: Option<&str>,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Dataset> {
    let mut kw = Kwargs::new(kwargs, "track");
    let given = Given {
        radius: kw.get::<usize>("radius")?.is_some(),
        min_size_quantile: kw.get::<f64>("min_size_quantile")?.is_some(),
        contain_thresh: kw.get::<f64>("contain_thresh")?,
    };
    let lat: Option<String> = kw.get("lat")?;
    let lon: Option<String> = kw.get("lon")?;
    let cell_area: Option<String> = kw.get("cell_area")?;
    if lat.is_some() != lon.is_some() {
        return Err(PyValueError::new_err(
            "track: give both lat and lon (a curvilinear grid) or neither",
        ));
    }
    let o = options(&mut kw)?;
    let dims = ds.get(var).map_err(|e| to_py(e.into()))?.dims().to_vec();
    let depth = if dims.len() == 4 {
        if mask.is_some() {
            return Err(PyValueError::new_err(
                "track: depth tracking leaves out the cells NaN at every step; no mask",
            ));
        }
        Some(depth_options(&mut kw, &o, &given)?)
    } else {
        None
    };
    kw.finish()?;
    py.detach(|| {
        let horizontal = |ds: &Dataset| -> atmokit::core::Result<Option<Grid>> {
            match (&lat, &lon) {
                (Some(la), Some(lo)) => Grid::from_dataset_curvilinear(ds, var, la, lo, cell_area.as_deref()).map(Some),
                _ => Ok(None),
            }
        };
        match (&depth, dims.len()) {
            (Some((opts, detect)), _) => {
                let g = match horizontal(ds)? {
                    Some(h) => DepthGrid::from_dataset_on(ds, var, h)?,
                    None => DepthGrid::from_dataset(ds, var)?,
                };
                let r = track_depth_dataset(ds, var, &g, detect, opts)?;
                r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str(), dims[3].as_str()])
            }
            (None, 3) => {
                let g = match horizontal(ds)? {
                    Some(h) => h,
                    None => Grid::from_dataset(ds, var)?,
                };
                let r = track_dataset_on(ds, var, &g, mask, &o)?;
                r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str()])
            }
            _ => Err(atmokit::core::Error::data(
                var,
                "tracking needs dims (time, lat, lon) or (time, depth, lat, lon)",
            )),
        }
    })
    .map_err(|e| to_py(e.into()))
}
