//! ACT `TimeSeriesDisplay.time_height_scatter(data_field, alt_field='alt')`: a 1-D variable
//! drawn against time and a height variable of the same samples (e.g. sonde temperature along
//! its ascent), each sample a dot coloured by its value, with a colorbar.

use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, padded, with_units};
use crate::mesh::{self, ColorScale};
use crate::mesh_panel::{COLORBAR_WIDTH, default_vrange_with};
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::ticks::{format_number, nice_ticks};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Height variable used when the panel names none (ACT's `alt_field` default).
pub const DEFAULT_HEIGHT_FIELD: &str = "alt";

/// Radius of a dot (px).
const DOT: i32 = 2;

/// Colour of `v` on `scale` (values outside the limits take the end colours); `None` for a
/// non-finite value.
pub fn colour_of(scale: &ColorScale, v: f64) -> Option<RGBColor> {
    if !v.is_finite() {
        return None;
    }
    let (lo, hi) = scale.limits();
    let x = if scale.log { v.max(f64::MIN_POSITIVE).log10() } else { v };
    let t = if hi > lo { (x - lo) / (hi - lo) } else { 0.5 };
    Some(scale.cmap.at(t.clamp(0.0, 1.0)))
}

/// Draw the panel into `area` (whose right [`COLORBAR_WIDTH`] px hold the colorbar). The height
/// variable is [`Panel::height_field`] (default [`DEFAULT_HEIGHT_FIELD`]) and must have the
/// field's shape; an all-missing field or height is an error naming it.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
) -> Result<PanelGeometry> {
    let hname = p.height_field.as_deref().unwrap_or(DEFAULT_HEIGHT_FIELD);
    let (var, hvar) = (ds.get(&p.field)?, ds.get(hname)?);
    if var.shape() != hvar.shape() || var.dims().len() != 1 {
        return Err(PlotError::input(format!(
            "time-height scatter: '{}' {:?} and height '{hname}' {:?} must be 1-D of one shape",
            p.field,
            var.shape(),
            hvar.shape()
        )));
    }
    let (z, h) = (ds.values_f64(&p.field)?, ds.values_f64(hname)?);
    let yr = match p.yrange {
        Some(r) => r,
        None => finite_range(h.iter().copied())
            .map(|r| padded(r, 0.02))
            .ok_or_else(|| PlotError::input(format!("time-height scatter: height '{hname}' has no finite values")))?,
    };
    let (vmin, vmax) = match p.vrange {
        Some(v) => v,
        None => default_vrange_with(ds, &p.field, p.log_scale, p.act_compat)?,
    };
    let scale = ColorScale {
        vmin,
        vmax,
        cmap: p.cmap,
        log: p.log_scale,
    };
    let (w, _) = area.dim_in_pixel();
    let (left, right) = area.split_horizontally(w.saturating_sub(COLORBAR_WIDTH));
    let y_desc = with_units(hname, Some(hvar));
    let span = yr.1 - yr.0;
    let fmt = move |v: &f64| format_number(*v, span);
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks: nice_ticks(yr.0, yr.1, 6),
        y_desc: &y_desc,
        y_label_width: 70,
        y_fmt: &fmt,
        act_compat: p.act_compat,
    };
    let mut chart = panel::build(&left, &frame)?;
    panel::draw_axes(&mut chart, &frame, false)?;
    let dots = t.iter().zip(&h).zip(&z).filter_map(|((&ti, &hi), &zi)| {
        let c = colour_of(&scale, zi)?;
        let inside = ti >= x.0 && ti <= x.1 && hi >= yr.0.min(yr.1) && hi <= yr.0.max(yr.1);
        inside.then(|| Circle::new((ti, hi), DOT, c.filled()))
    });
    chart.draw_series(dots).map_err(draw_err)?;
    let label = with_units(&p.field, Some(var));
    mesh::draw_colorbar(&right.margin(28, 0, 0, 0), &scale, &label)?;
    Ok(panel::geometry(&chart, &p.field, &frame))
}
