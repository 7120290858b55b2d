//! atmokit-plot figures by name, rendered in memory to PNG or SVG bytes, with the argument names
//! of ACT's displays (`TimeSeriesDisplay.plot`, `qc_flag_block_plot`, `SkewTDisplay`,
//! `WindRoseDisplay.plot`).

use crate::errors::{Failure, to_py};
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::plot::group_by::{GroupBy, GroupedDisplay};
use atmokit::plot::heatmap::HeatMap;
use atmokit::plot::histogram::HistogramPlot;
use atmokit::plot::hodograph::Hodograph;
use atmokit::plot::scatter::ScatterPlot;
use atmokit::plot::skewt::SkewT;
use atmokit::plot::spec::PlotSpec;
use atmokit::plot::stripes::ClimateStripes;
use atmokit::plot::time_height_regrid::TimeHeightFrom1d;
use atmokit::plot::windrose::WindRose;
use atmokit::plot::xsection::XSectionDisplay;
use atmokit::plot::{Colormap, Figure, Panel, PanelKind, TimeSeriesDisplay, render_png, render_svg};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every figure reachable from Python.
pub const FIGURES: &[&str] = &[
    "timeseries",
    "qc_flag_block",
    "group_by",
    "xsection",
    "time_height_xsection_from_1d_data",
    "skewt",
    "wind_rose",
    "hodograph",
    "stacked_bar",
    "heatmap",
    "scatter",
    "stripes",
];

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

/// A bin count in 1..=1000 (a heat map holds x_bins × y_bins counts).
fn bins(kw: &mut Kwargs<'_, '_>, key: &str, default: usize) -> PyResult<usize> {
    let n: usize = kw.get_or(key, default)?;
    if !(1..=1_000).contains(&n) {
        return Err(PyValueError::new_err(format!("{key} = {n}: 1..=1000")));
    }
    Ok(n)
}

/// A figure size (`width`, `height`), checked by the renderer.
fn size(kw: &mut Kwargs<'_, '_>, w: u32, h: u32) -> PyResult<(u32, u32)> {
    Ok((kw.get_or("width", w)?, kw.get_or("height", h)?))
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
            let title: Option<String> = kw.get("title")?;
            let width: u32 = kw.get_or("width", 1000)?;
            let panel_height: u32 = kw.get_or("panel_height", 300)?;
            let spec = if name == "timeseries" {
                let cmap = Colormap::parse(&kw.get_or("cmap", "viridis".to_string())?).map_err(|e| to_py(e.into()))?;
                Some(PlotSpec {
                    vars: vars.clone(),
                    qc: kw.get_or("assessment_overplot", false)?,
                    day_night: kw.get_or("day_night_background", false)?,
                    yrange: range(&mut kw, "yrange")?,
                    vrange: range(&mut kw, "vrange")?,
                    cmap,
                    log: kw.get_or("log_scale", false)?,
                    title: title.clone(),
                    ..PlotSpec::default()
                })
            } else {
                None
            };
            kw.finish()?;
            py.detach(|| {
                let panels = match &spec {
                    Some(spec) => spec.panels(ds)?,
                    None => vars
                        .iter()
                        .map(|v| {
                            let mut p = Panel::new(v).kind(PanelKind::FlagBlock);
                            p.title.clone_from(&title);
                            p
                        })
                        .collect(),
                };
                let mut fig = TimeSeriesDisplay::new(ds).with_size(width, panel_height);
                for p in panels {
                    fig = fig.panel(p);
                }
                render(&fig, format)
            })
        }
        "group_by" => {
            let field: String = kw.require("field")?;
            let units: String = kw.require("units")?;
            let by = GroupBy::parse(&units).map_err(|e| to_py(e.into()))?;
            let columns: usize = kw.get_or("columns", 1)?;
            let share: bool = kw.get_or("share_limits", false)?;
            let (w, h) = size(&mut kw, 1000, 300)?;
            kw.finish()?;
            py.detach(|| {
                let fig = GroupedDisplay::new(ds, Panel::new(&field), by)?
                    .columns(columns)
                    .share_limits(share)
                    .with_size(w, h);
                render(&fig, format)
            })
        }
        "xsection" => {
            let field: String = kw.require("field")?;
            let x: String = kw.require("x")?;
            let y: String = kw.require("y")?;
            let isel: Option<std::collections::BTreeMap<String, usize>> = kw.get("isel")?;
            let sel: Option<std::collections::BTreeMap<String, f64>> = kw.get("sel")?;
            let map: bool = kw.get_or("map", false)?;
            let cmap = Colormap::parse(&kw.get_or("cmap", "viridis".to_string())?).map_err(|e| to_py(e.into()))?;
            let vrange = range(&mut kw, "vrange")?;
            let (w, h) = size(&mut kw, 900, 600)?;
            kw.finish()?;
            py.detach(|| {
                let mut fig = XSectionDisplay::new(ds, &field, &x, &y)
                    .map(map)
                    .colors(cmap, vrange)
                    .with_size(w, h);
                for (d, i) in isel.iter().flatten() {
                    fig = fig.isel(d, *i);
                }
                for (d, v) in sel.iter().flatten() {
                    fig = fig.sel(d, *v);
                }
                render(&fig, format)
            })
        }
        "time_height_xsection_from_1d_data" => {
            let field: String = kw.require("data_field")?;
            let pres: String = kw.require("pres_field")?;
            let nt = bins(&mut kw, "num_time_periods", 20)?;
            let ny = bins(&mut kw, "num_y_levels", 20)?;
            let cmap = Colormap::parse(&kw.get_or("cmap", "viridis".to_string())?).map_err(|e| to_py(e.into()))?;
            let (w, h) = size(&mut kw, 1000, 400)?;
            kw.finish()?;
            py.detach(|| {
                let fig = TimeHeightFrom1d::new(ds, &field, &pres, nt, ny)?
                    .colors(cmap, None)
                    .with_size(w, h);
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
        "hodograph" => {
            let spd: String = kw.require("spd_field")?;
            let dir: String = kw.require("dir_field")?;
            let color: Option<String> = kw.get("color_field")?;
            let range: f64 = kw.get_or("component_range", 80.0)?;
            if !(range.is_finite() && range > 0.0) {
                return Err(PyValueError::new_err("component_range must be finite and > 0"));
            }
            kw.finish()?;
            py.detach(|| {
                let mut h = Hodograph::new(ds, &spd, &dir).component_range(range);
                if let Some(c) = &color {
                    h = h.color_by(c);
                }
                render(&h, format)
            })
        }
        "stacked_bar" => {
            let field: String = kw.require("field")?;
            let n = bins(&mut kw, "bins", 10)?;
            let sortby: Option<String> = kw.get("sortby_field")?;
            let sortby_bins = bins(&mut kw, "sortby_bins", 5)?;
            let density: bool = kw.get_or("density", false)?;
            let (w, h) = size(&mut kw, 800, 500)?;
            kw.finish()?;
            py.detach(|| {
                let mut p = HistogramPlot::new(ds, &field, n).density(density).with_size(w, h);
                if let Some(f) = &sortby {
                    p = p.stacked_by(f, sortby_bins);
                }
                render(&p, format)
            })
        }
        "heatmap" => {
            let x: String = kw.require("x_field")?;
            let y: String = kw.require("y_field")?;
            let xb = bins(&mut kw, "x_bins", 30)?;
            let yb = bins(&mut kw, "y_bins", 20)?;
            let t: Option<f64> = kw.get("threshold")?;
            let cmap = Colormap::parse(&kw.get_or("cmap", "viridis".to_string())?).map_err(|e| to_py(e.into()))?;
            kw.finish()?;
            py.detach(|| {
                let mut m = HeatMap::new(ds, &x, &y, xb, yb).cmap(cmap);
                if let Some(t) = t {
                    m = m.threshold(t);
                }
                render(&m, format)
            })
        }
        "scatter" => {
            let x: String = kw.require("x_field")?;
            let y: String = kw.require("y_field")?;
            let (w, h) = size(&mut kw, 700, 600)?;
            kw.finish()?;
            py.detach(|| render(&ScatterPlot::new(ds, &x, &y).with_size(w, h), format))
        }
        "stripes" => {
            let field: String = kw.require("field")?;
            let reference: Option<Vec<i64>> = kw.get("reference_period_ns")?;
            let (w, h) = size(&mut kw, 1000, 300)?;
            kw.finish()?;
            let reference = match reference.as_deref() {
                None => None,
                Some([a, b]) if a < b => Some((*a, *b)),
                Some(_) => {
                    return Err(PyValueError::new_err("reference_period: two increasing times"));
                }
            };
            py.detach(|| {
                let mut st = ClimateStripes::new(ds, &field).with_size(w, h);
                if let Some((a, b)) = reference {
                    st = st.reference(a, b);
                }
                render(&st, format)
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
