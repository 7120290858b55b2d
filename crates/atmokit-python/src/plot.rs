//! atmokit-plot figures by name, rendered in memory to PNG or SVG bytes, with the argument names
//! of ACT's displays (`TimeSeriesDisplay.plot`, `qc_flag_block_plot`, `SkewTDisplay`,
//! `WindRoseDisplay.plot`).

use crate::errors::{Failure, to_py};
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::plot::skewt::SkewT;
use atmokit::plot::spec::PlotSpec;
use atmokit::plot::windrose::WindRose;
use atmokit::plot::{Colormap, Figure, Panel, PanelKind, TimeSeriesDisplay, render_png, render_svg};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every figure reachable from Python.
pub const FIGURES: &[&str] = &["timeseries", "qc_flag_block", "skewt", "wind_rose"];

/// Render `fig` as `format` (`"png"` or `"svg"`).
fn render<F: Figure>(fig: &F, format: &str) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        "png" => render_png(fig)?,
        _ => render_svg(fig)?.into_bytes(),
    })
}

fn range(kw: &mut Kwargs<'_, '_>, key: &str) -> PyResult<Option<(f64, f64)>> {
    match kw.get::<Vec<f64>>(key)? {
        None => Ok(None),
        Some(v) if v.len() == 2 && v[0].is_finite() && v[1].is_finite() && v[0] < v[1] => Ok(Some((v[0], v[1]))),
        Some(v) => Err(PyValueError::new_err(format!(
            "{key} must be two finite, increasing values, got {v:?}"
        ))),
    }
}

fn fields(kw: &mut Kwargs<'_, '_>, key: &str) -> PyResult<Vec<String>> {
    let f: Vec<String> = kw.require(key)?;
    if f.is_empty() {
        return Err(PyValueError::new_err(format!("{key}: give at least one variable")));
    }
    Ok(f)
}

/// Render the figure `name` of `ds` as `format` (`"png"` or `"svg"`) from ACT-style arguments.
pub fn run(
    py: Python<'_>,
    ds: &Dataset,
    name: &str,
    format: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<u8>> {
    if format != "png" && format != "svg" {
        return Err(PyValueError::new_err(format!("format '{format}': 'png' or 'svg'")));
    }
    let mut kw = Kwargs::new(kwargs, name);
    let r = match name {
        "timeseries" | "qc_flag_block" => {
            let vars = fields(&mut kw, "fields")?;
            let cmap = Colormap::parse(&kw.get_or("cmap", "viridis".to_string())?).map_err(|e| to_py(e.into()))?;
            let spec = PlotSpec {
                vars,
                qc: kw.get_or("assessment_overplot", false)?,
                day_night: kw.get_or("day_night_background", false)?,
                yrange: range(&mut kw, "yrange")?,
                vrange: range(&mut kw, "vrange")?,
                cmap,
                log: kw.get_or("log_scale", false)?,
                title: kw.get("title")?,
            };
            let width: u32 = kw.get_or("width", 1000)?;
            let panel_height: u32 = kw.get_or("panel_height", 300)?;
            kw.finish()?;
            py.detach(|| {
                let panels = if name == "qc_flag_block" {
                    spec.vars
                        .iter()
                        .map(|v| {
                            let mut p = Panel::new(v).kind(PanelKind::FlagBlock);
                            p.title.clone_from(&spec.title);
                            p
                        })
                        .collect()
                } else {
                    spec.panels(ds)?
                };
                let mut fig = TimeSeriesDisplay::new(ds).with_size(width, panel_height);
                for p in panels {
                    fig = fig.panel(p);
                }
                render(&fig, format)
            })
        }
        "skewt" => {
            let p = kw.get_or("p_field", "pres".to_string())?;
            let t = kw.get_or("t_field", "tdry".to_string())?;
            let td = kw.get_or("td_field", "dp".to_string())?;
            let spd = kw.get_or("spd_field", "wspd".to_string())?;
            let dir = kw.get_or("dir_field", "deg".to_string())?;
            kw.finish()?;
            py.detach(|| render(&SkewT::new(ds, &p, &t, &td, &spd, &dir), format))
        }
        "wind_rose" => {
            let dir: String = kw.require("dir_field")?;
            let spd: String = kw.require("spd_field")?;
            let num_dirs: usize = kw.get_or("num_dirs", 20)?;
            if !(1..=360).contains(&num_dirs) {
                return Err(PyValueError::new_err(format!("num_dirs = {num_dirs}: 1..=360")));
            }
            let calm: f64 = kw.get_or("calm_threshold", 1.0)?;
            kw.finish()?;
            py.detach(|| {
                let rose = WindRose::new(ds, &dir, &spd).num_dirs(num_dirs).calm_threshold(calm);
                render(&rose, format)
            })
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown figure '{other}' (one of: {})",
                FIGURES.join(", ")
            )));
        }
    };
    r.map_err(to_py)
}
