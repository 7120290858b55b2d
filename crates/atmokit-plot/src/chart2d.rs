//! A plain value-versus-value chart frame with explicit ticks and house styles, shared by the
//! distribution, profile, scatter and map plots.

use crate::error::{Result, draw_err};
use crate::panel::TickedAxis;
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Coordinates of a [`frame`].
pub type XY = Cartesian2d<TickedAxis, TickedAxis>;

/// Axis set-up of a 2-D chart.
#[derive(Debug, Clone)]
pub struct Axes<'s> {
    /// Title.
    pub title: &'s str,
    /// x range.
    pub x: (f64, f64),
    /// y range.
    pub y: (f64, f64),
    /// x description.
    pub x_desc: &'s str,
    /// y description.
    pub y_desc: &'s str,
    /// Light grid lines at the ticks.
    pub grid: bool,
}

/// Build the chart and draw axes, ticks and labels.
pub fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    a: &Axes<'_>,
) -> Result<ChartContext<'a, DB, XY>> {
    let (w, h) = area.dim_in_pixel();
    let xt = nice_ticks(a.x.0, a.x.1, (w as usize / 100).clamp(3, 10));
    let yt = nice_ticks(a.y.0, a.y.1, (h as usize / 60).clamp(3, 10));
    let mut chart = ChartBuilder::on(area)
        .caption(a.title, style::title())
        .margin(10)
        .margin_right(20)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(TickedAxis::new(a.x.0, a.x.1, xt), TickedAxis::new(a.y.0, a.y.1, yt))
        .map_err(draw_err)?;
    let (xs, ys) = (a.x.1 - a.x.0, a.y.1 - a.y.0);
    let xf = move |v: &f64| format_number(*v, xs);
    let yf = move |v: &f64| format_number(*v, ys);
    let grid: ShapeStyle = if a.grid {
        RGBColor(215, 215, 215).into()
    } else {
        TRANSPARENT.into()
    };
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid)
        .x_label_style(style::tick())
        .y_label_style(style::tick())
        .axis_desc_style(style::axis_desc())
        .x_label_formatter(&xf)
        .y_label_formatter(&yf)
        .x_desc(a.x_desc)
        .y_desc(a.y_desc)
        .draw()
        .map_err(draw_err)?;
    Ok(chart)
}
