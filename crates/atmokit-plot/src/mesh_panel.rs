//! A 2-D (time, y) field as a colour mesh with a colorbar (ACT `TimeSeriesDisplay.plot` on 2-D
//! data: `pcolormesh(time, dim2, data.T)` + colorbar), rasterised at pixel resolution.

use crate::error::{PlotError, Result};
use crate::extract::{dim_coord, finite_range, median_step, percentile_range, with_units};
use crate::mesh::{self, ColorScale, Gaps};
use crate::mesh_bins::Aggregate;
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::series::{self, Series, Stroke};
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use atmokit_core::{Data, Dataset, Numeric};
use ndarray::{ArrayViewD, Ix2};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Width of the colorbar column at the right of mesh panels (px).
pub const COLORBAR_WIDTH: u32 = 120;

macro_rules! dispatch {
    ($data:expr, $f:ident ( $($arg:expr),* )) => {
        match $data {
            Data::F32(a) => Some($f(a.view(), $($arg),*)),
            Data::F64(a) => Some($f(a.view(), $($arg),*)),
            Data::I8(a) => Some($f(a.view(), $($arg),*)),
            Data::U8(a) => Some($f(a.view(), $($arg),*)),
            Data::I16(a) => Some($f(a.view(), $($arg),*)),
            Data::U16(a) => Some($f(a.view(), $($arg),*)),
            Data::I32(a) => Some($f(a.view(), $($arg),*)),
            Data::U32(a) => Some($f(a.view(), $($arg),*)),
            Data::I64(a) => Some($f(a.view(), $($arg),*)),
            Data::U64(a) => Some($f(a.view(), $($arg),*)),
            _ => None,
        }
    };
}

fn robust<T: Numeric>(a: ArrayViewD<'_, T>, positive: bool, act_compat: bool) -> Option<(f64, f64)> {
    let v: Vec<f64> = a
        .iter()
        .map(|v| v.to_f64())
        .filter(|v| v.is_finite() && (!positive || *v > 0.0))
        .collect();
    if act_compat {
        return finite_range(v);
    }
    let (lo, hi) = percentile_range(v.iter().copied(), 1.0, 99.0)?;
    // A floor value holding more than 1 % of the samples (the fill that `correct ceil` writes
    // for values ≤ 0, log10(1e-7) = −7) would pin the lower limit: take the percentiles of the
    // values above it; the floor still draws in the bottom colour.
    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
    if lo == min && hi > min {
        let above: Vec<f64> = v.into_iter().filter(|x| *x > min).collect();
        return percentile_range(above.into_iter(), 1.0, 99.0).or(Some((lo, hi)));
    }
    Some((lo, hi))
}

#[allow(clippy::too_many_arguments)]
fn raster<T: Numeric>(
    a: ArrayViewD<'_, T>,
    time_first: bool,
    t: &[f64],
    yc: &[f64],
    xr: (f64, f64),
    yr: (f64, f64),
    size: (u32, u32),
    scale: &ColorScale,
    (agg, gaps): (Aggregate, Gaps),
) -> Vec<u8> {
    match a.into_dimensionality::<Ix2>() {
        Ok(v) => {
            let v = if time_first { v } else { v.reversed_axes() };
            mesh::rasterize_with(v, t, yc, xr, yr, size, scale, agg, [255, 255, 255], gaps)
        }
        Err(_) => vec![255; (size.0 * size.1 * 3) as usize],
    }
}

/// Default colour limits: 1st and 99th percentiles of the finite values, so that a few spikes
/// (common in lidar backscatter) do not wash out the picture, ignoring a floor value that holds
/// more than 1 % of the samples (a fill); matplotlib/ACT use min and max, which `act_compat`
/// reproduces. With `log`, only positive values count.
pub fn default_vrange_with(ds: &Dataset, field: &str, log: bool, act_compat: bool) -> Result<(f64, f64)> {
    let var = ds.get(field)?;
    dispatch!(var.data(), robust(log, act_compat))
        .flatten()
        .ok_or_else(|| PlotError::input(format!("'{field}' has no finite numeric values to colour")))
}

/// [`default_vrange_with`] without ACT compatibility.
pub fn default_vrange(ds: &Dataset, field: &str, log: bool) -> Result<(f64, f64)> {
    default_vrange_with(ds, field, log, false)
}

/// Draw a mesh panel into `area` (whose right [`COLORBAR_WIDTH`] px hold the colorbar).
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
) -> Result<PanelGeometry> {
    let var = ds.get(&p.field)?;
    let dims = var.dims();
    if dims.len() != 2 {
        return Err(PlotError::input(format!(
            "'{}' has {} dimensions; a mesh needs 2",
            p.field,
            dims.len()
        )));
    }
    // times_s() already checked that the first dimension is time (ARM's (time, height) order).
    let time_first = true;
    let ydim = &dims[1];
    let ny = var.shape()[1];
    let yc = dim_coord(ds, ydim, ny);
    let step = median_step(&yc).unwrap_or(1.0);
    let yr = p.yrange.unwrap_or_else(|| {
        let (lo, hi) = finite_range(yc.iter().copied()).unwrap_or((0.0, 1.0));
        (lo - step / 2.0, hi + step / 2.0)
    });
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
    let y_desc = with_units(ydim, ds.var(ydim));
    let span = yr.1 - yr.0;
    let fmt = move |v: &f64| format_number(*v, span);
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks: nice_ticks(yr.0.min(yr.1), yr.0.max(yr.1), 6),
        y_desc: &y_desc,
        y_label_width: 70,
        y_fmt: &fmt,
        act_compat: p.act_compat,
    };
    let mut chart = panel::build(&left, &frame)?;
    let size = chart.plotting_area().dim_in_pixel();
    // ACT's pcolormesh stretches the cells across data gaps; atmokit leaves gaps blank.
    let gaps = if p.act_compat { Gaps::Stretch } else { Gaps::Blank };
    // A range given high to low (pressure levels) draws upside down: rasterise ascending, then
    // flip the rows.
    let inverted = yr.0 > yr.1;
    let ya = if inverted { (yr.1, yr.0) } else { yr };
    let mut buf = dispatch!(
        var.data(),
        raster(time_first, t, &yc, x, ya, size, &scale, (p.aggregate, gaps))
    )
    .ok_or_else(|| PlotError::input(format!("'{}' is not numeric ({})", p.field, var.dtype())))?;
    if inverted {
        let row = size.0 as usize * 3;
        let rows: Vec<&[u8]> = buf.chunks(row).rev().collect();
        buf = rows.concat();
    }
    mesh::blit(&chart.plotting_area().strip_coord_spec(), size, buf)?;
    panel::draw_axes(&mut chart, &frame, false)?;
    if let Some(layer) = &p.wind {
        let area = chart.plotting_area().strip_coord_spec();
        crate::wind_layer::draw(&area, ds, layer, var.shape(), (t, &yc), (x, yr))?;
    }
    draw_overlays(&mut chart, ds, p, ds.var(ydim).and_then(|v| v.units()), x)?;
    let label = with_units(&p.field, Some(var));
    mesh::draw_colorbar(&right.margin(28, 0, 0, 0), &scale, &label)?;
    Ok(panel::geometry(&chart, &p.field, &frame))
}

/// Lines over the mesh: the panel's [`Panel::also`] variables and [`Panel::overlays`], converted
/// to the units of the mesh's y coordinate, in [`style::OVERLAY`] colours, with a legend.
fn draw_overlays<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, panel::TimeCoord>,
    ds: &Dataset,
    p: &Panel,
    y_units: Option<&str>,
    x: (f64, f64),
) -> Result<()> {
    let mut all = Vec::with_capacity(p.also.len() + p.overlays.len());
    for f in &p.also {
        all.push(Series::from_var(ds, f)?);
    }
    all.extend(p.overlays.iter().cloned());
    if all.is_empty() {
        return Ok(());
    }
    let mut colours = style::OVERLAY.iter().copied().cycle();
    for s in all {
        let s = s.in_units(y_units)?;
        let stroke = Stroke {
            label: Some(&s.label),
            color: s.color.unwrap_or_else(|| colours.next().unwrap_or(style::BAD)),
            markers: s.markers,
            wrap: None,
        };
        series::draw(chart, &s.t, &s.y, x, &stroke)?;
    }
    series::legend(chart)
}

/// Colour limits of a panel as drawn (for callers that need the scale, e.g. tests).
pub fn scale_of(ds: &Dataset, p: &Panel) -> Result<ColorScale> {
    let (vmin, vmax) = match p.vrange {
        Some(v) => v,
        None => default_vrange_with(ds, &p.field, p.log_scale, p.act_compat)?,
    };
    Ok(ColorScale {
        vmin,
        vmax,
        cmap: p.cmap,
        log: p.log_scale,
    })
}
