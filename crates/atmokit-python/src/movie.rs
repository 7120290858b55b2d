//! `atmokit.utils.generate_movie`: ACT's `act.utils.generate_movie` on
//! [`atmokit::plot::movie::generate_movie`] (GIF natively, MP4 and others through ffmpeg).

use crate::errors::to_py;
use atmokit::plot::movie::{MovieOptions, generate_movie as make_movie};
use pyo3::prelude::*;
use std::path::PathBuf;

/// Write the PNG `frames` (in order) as a movie at `path` at `fps` frames per second; returns
/// `path`. Errors name the frame or say that ffmpeg is missing.
#[pyfunction]
#[pyo3(signature = (frames, path, fps=10.0))]
pub fn generate_movie(py: Python<'_>, frames: Vec<PathBuf>, path: PathBuf, fps: f64) -> PyResult<PathBuf> {
    let opts = MovieOptions {
        fps,
        ..MovieOptions::default()
    };
    py.detach(|| make_movie(&frames, &path, &opts))
        .map_err(|e| to_py(e.into()))?;
    Ok(path)
}
