//! What one panel of a time-series figure shows, and the chart frame every panel kind shares
//! (title, time axis with ACT's label formats, value axis with explicit tick positions).

use crate::colormap::Colormap;
use crate::error::{Result, draw_err};
use crate::mesh_bins::Aggregate;
use crate::series::Series;
use crate::style;
use crate::time_axis;
use crate::wind_layer::{WindGlyph, WindInput, WindLayer};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use std::ops::Range;

/// How a panel draws its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PanelKind {
    /// Line for 1-D fields, mesh for 2-D fields, flag blocks for `qc_*` variables.
    #[default]
    Auto,
    /// Line (1-D only), with gaps broken at missing data.
    Line,
    /// Colour mesh of a (time, y) field with a colorbar.
    Mesh,
    /// QC flag block plot of the field's QC variable (or of a `qc_*` variable itself).
    FlagBlock,
    /// A 1-D field as dots at (time, [`Panel::height_field`]) coloured by value, with a
    /// colorbar (ACT `time_height_scatter`; [`crate::time_height_scatter`]).
    TimeHeightScatter,
}

/// One panel of a [`crate::TimeSeriesDisplay`].
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Variable to plot.
    pub field: String,
    /// How to draw it.
    pub kind: PanelKind,
    /// Value-axis limits (lines, flag blocks ignore it) or y-coordinate limits (meshes).
    pub yrange: Option<(f64, f64)>,
    /// Colour limits of a mesh (default: 1st and 99th percentiles of the data).
    pub vrange: Option<(f64, f64)>,
    /// Colormap of a mesh.
    pub cmap: Colormap,
    /// Logarithmic colour scale of a mesh (e.g. lidar backscatter).
    pub log_scale: bool,
    /// How a mesh combines the samples that share one pixel (mean by default; max keeps thin
    /// layers visible).
    pub aggregate: Aggregate,
    /// Over-plot samples whose QC assessment is Bad (red) or Suspect/Indeterminate (orange).
    pub qc_overplot: bool,
    /// Grey night / yellow day background from the site's lat/lon.
    pub day_night: bool,
    /// Title instead of `<datastream> <field> on <YYYYMMDD>`.
    pub title: Option<String>,
    /// More 1-D variables drawn in the same panel, each in the next colour, with a legend (ACT:
    /// several `plot` calls on one `subplot_index`). On a mesh panel they are lines over the
    /// mesh, in the mesh's y units (converted when the units differ).
    pub also: Vec<String>,
    /// A 1-D variable on a secondary y axis at the right of a line panel (ACT `secondary_y`).
    pub secondary: Option<String>,
    /// Wind glyphs over a mesh from variables of the mesh's shape: barbs in knots (ACT
    /// `plot_barbs_from_spd_dir` / `plot_barbs_from_u_v` on time-height data) or quiver arrows.
    pub wind: Option<WindLayer>,
    /// A shaded band under the field of a line panel ([`crate::band`]).
    pub band: Option<crate::band::Band>,
    /// Height variable of a [`PanelKind::TimeHeightScatter`] panel (default `alt`).
    pub height_field: Option<String>,
    /// Reproduce ACT where atmokit deliberately differs: mesh colour limits default to the
    /// data's min and max (atmokit: robust percentiles), meshes stretch their cells across data
    /// gaps ([`crate::mesh::Gaps::Stretch`]; atmokit leaves gaps blank), QC flag runs are drawn as
    /// ACT's bars ([`crate::flag_block::run_extent`]; atmokit: the samples' intervals, ≥ 1.5 px).
    pub act_compat: bool,
    /// Data series drawn over the panel (lines or markers; over a mesh in its y units): the
    /// library's way to add custom layers such as a retrieved cloud base.
    pub overlays: Vec<Series>,
}

impl Panel {
    /// A panel of `field` with defaults (auto kind, viridis, no QC, no day/night).
    pub fn new(field: &str) -> Panel {
        Panel {
            field: field.to_string(),
            kind: PanelKind::Auto,
            yrange: None,
            vrange: None,
            cmap: Colormap::Viridis,
            log_scale: false,
            aggregate: Aggregate::Mean,
            qc_overplot: false,
            day_night: false,
            title: None,
            also: Vec::new(),
            secondary: None,
            overlays: Vec::new(),
            act_compat: false,
            wind: None,
            height_field: None,
            band: None,
        }
    }

    /// Set the kind.
    pub fn kind(mut self, kind: PanelKind) -> Panel {
        self.kind = kind;
        self
    }

    /// Set the value-axis range; on a mesh, `lo > hi` turns the y axis upside down (pressure
    /// levels, ACT's `invert_y_axis`).
    pub fn yrange(mut self, lo: f64, hi: f64) -> Panel {
        self.yrange = Some((lo, hi));
        self
    }

    /// Set the colour range.
    pub fn vrange(mut self, lo: f64, hi: f64) -> Panel {
        self.vrange = Some((lo, hi));
        self
    }

    /// Set the colormap.
    pub fn cmap(mut self, cmap: Colormap) -> Panel {
        self.cmap = cmap;
        self
    }

    /// Use a logarithmic colour scale for a mesh.
    pub fn log(mut self, on: bool) -> Panel {
        self.log_scale = on;
        self
    }

    /// Set how a mesh combines the samples that share one pixel.
    pub fn aggregate(mut self, agg: Aggregate) -> Panel {
        self.aggregate = agg;
        self
    }

    /// Turn QC assessment over-plotting on or off.
    pub fn qc(mut self, on: bool) -> Panel {
        self.qc_overplot = on;
        self
    }

    /// Turn the day/night background on or off.
    pub fn day_night(mut self, on: bool) -> Panel {
        self.day_night = on;
        self
    }

    /// Draw another variable in this panel (a line with a legend entry; over a mesh, a line in
    /// the mesh's y units).
    pub fn with_var(mut self, field: &str) -> Panel {
        self.also.push(field.to_string());
        self
    }

    /// Draw `field` on a secondary y axis at the right.
    pub fn secondary(mut self, field: &str) -> Panel {
        self.secondary = Some(field.to_string());
        self
    }

    /// Draw a data series over the panel.
    pub fn overlay(mut self, series: Series) -> Panel {
        self.overlays.push(series);
        self
    }

    /// Draw wind barbs over a mesh from speed (m/s) and direction (degrees) variables.
    pub fn barbs(mut self, speed: &str, direction: &str) -> Panel {
        self.wind = Some(WindLayer {
            input: WindInput::SpeedDirection(speed.to_string(), direction.to_string()),
            glyph: WindGlyph::Barb,
        });
        self
    }

    /// Draw wind barbs (knots) over a mesh from eastward `u` and northward `v` components.
    pub fn barbs_uv(mut self, u: &str, v: &str) -> Panel {
        self.wind = Some(WindLayer {
            input: WindInput::Components(u.to_string(), v.to_string()),
            glyph: WindGlyph::Barb,
        });
        self
    }

    /// Draw the field as dots at (time, `height_field`) coloured by value (ACT
    /// `time_height_scatter`).
    pub fn time_height_scatter(mut self, height_field: &str) -> Panel {
        self.kind = PanelKind::TimeHeightScatter;
        self.height_field = Some(height_field.to_string());
        self
    }

    /// Shade a band under the field of a line panel (to zero, to another variable, ±kσ).
    pub fn band(mut self, band: crate::band::Band) -> Panel {
        self.band = Some(band);
        self
    }

    /// Draw quiver arrows (downwind, length proportional to speed) over a mesh.
    pub fn quiver(mut self, input: WindInput) -> Panel {
        self.wind = Some(WindLayer {
            input,
            glyph: WindGlyph::Quiver,
        });
        self
    }

    /// Reproduce ACT's defaults where atmokit differs (mesh colour limits: min and max; mesh
    /// gaps stretched; QC flag runs as ACT's bars): [`Panel::act_compat`](Panel#structfield.act_compat).
    pub fn act_compat(mut self, on: bool) -> Panel {
        self.act_compat = on;
        self
    }

    /// Set the title.
    pub fn title(mut self, title: &str) -> Panel {
        self.title = Some(title.to_string());
        self
    }
}

/// Where a panel's plotting area landed in the image, and which data ranges it shows; lets
/// callers (and tests) map data coordinates to pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelGeometry {
    /// Field of the panel.
    pub field: String,
    /// Pixel columns of the plotting area (absolute image coordinates).
    pub px: Range<i32>,
    /// Pixel rows of the plotting area.
    pub py: Range<i32>,
    /// Time range shown (seconds since 1970).
    pub x: (f64, f64),
    /// Value (or y-coordinate) range shown.
    pub y: (f64, f64),
}

impl PanelGeometry {
    /// Pixel (column, row) of data point (x, y).
    pub fn to_pixel(&self, x: f64, y: f64) -> (i32, i32) {
        let fx = (x - self.x.0) / (self.x.1 - self.x.0);
        let fy = (y - self.y.0) / (self.y.1 - self.y.0);
        let w = f64::from(self.px.end - self.px.start);
        let h = f64::from(self.py.end - self.py.start);
        (
            self.px.start + (fx * w).round() as i32,
            self.py.end - (fy * h).round() as i32,
        )
    }
}

/// A linear f64 axis whose ticks are exactly the given positions (round UTC times, flag values,
/// test rows), which plotters' own f64 axis cannot do.
#[derive(Debug, Clone)]
pub struct TickedAxis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl TickedAxis {
    /// Axis over [lo, hi] with ticks at `ticks` (those outside the range are dropped).
    pub fn new(lo: f64, hi: f64, mut ticks: Vec<f64>) -> TickedAxis {
        ticks.retain(|t| *t >= lo.min(hi) && *t <= hi.max(lo));
        TickedAxis { lo, hi, ticks }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;
    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        RangedCoordf64::from(self.lo..self.hi).map(value, limit)
    }
    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }
    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// The coordinate system of every time panel.
pub type TimeCoord = Cartesian2d<TickedAxis, TickedAxis>;

/// Axis set-up of a panel frame.
pub struct Frame<'f> {
    /// Title above the panel.
    pub title: &'f str,
    /// Time range (s).
    pub x: (f64, f64),
    /// Value range.
    pub y: (f64, f64),
    /// Value-axis tick positions.
    pub yticks: Vec<f64>,
    /// Value-axis description.
    pub y_desc: &'f str,
    /// Width of the value-axis label area (px).
    pub y_label_width: u32,
    /// Label of a value tick.
    pub y_fmt: &'f dyn Fn(&f64) -> String,
    /// ACT's time tick labels (`%H:%M` also under 10 minutes; [`time_axis::label_with`]).
    pub act_compat: bool,
}

/// Width of the label area of a secondary y axis (px); panels without one leave the same width
/// free when any panel of the figure has one, so that the time axes line up.
pub const SECONDARY_WIDTH: u32 = 70;

/// Build the chart of a panel (title and label areas; axes are drawn by [`draw_axes`] so that
/// backgrounds and images can go underneath).
pub fn build<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    f: &Frame<'_>,
) -> Result<ChartContext<'a, DB, TimeCoord>> {
    build_with_right(area, f, 0)
}

/// [`build`] with a label area of `right` px at the right for a secondary y axis.
pub fn build_with_right<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    f: &Frame<'_>,
    right: u32,
) -> Result<ChartContext<'a, DB, TimeCoord>> {
    let (w, _) = area.dim_in_pixel();
    let xt = time_axis::ticks(f.x.0, f.x.1, (w as usize / 90).clamp(2, 12));
    let chart = ChartBuilder::on(area)
        .caption(f.title, style::title())
        .margin(8)
        .margin_right(16)
        .x_label_area_size(40)
        .y_label_area_size(f.y_label_width)
        .right_y_label_area_size(right)
        .build_cartesian_2d(
            TickedAxis::new(f.x.0, f.x.1, xt),
            TickedAxis::new(f.y.0, f.y.1, f.yticks.clone()),
        )
        .map_err(draw_err)?;
    Ok(chart)
}

/// Draw the axes, ticks, labels (`Time [UTC], <dates>` below) and, with `grid`, light grid lines.
pub fn draw_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, TimeCoord>,
    f: &Frame<'_>,
    grid: bool,
) -> Result<()> {
    let (x0, x1) = f.x;
    let grid_style: ShapeStyle = if grid {
        RGBColor(200, 200, 200).into()
    } else {
        TRANSPARENT.into()
    };
    let act = f.act_compat;
    let xfmt = move |t: &f64| time_axis::label_with(*t, x0, x1, act);
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid_style)
        .x_label_style(style::tick())
        .y_label_style(style::tick())
        .axis_desc_style(style::axis_desc())
        .x_label_formatter(&xfmt)
        .y_label_formatter(f.y_fmt)
        .x_desc(time_axis::axis_desc(x0, x1))
        .y_desc(f.y_desc)
        .draw()
        .map_err(draw_err)
}

/// Record the geometry of a built chart.
pub fn geometry<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, TimeCoord>,
    field: &str,
    f: &Frame<'_>,
) -> PanelGeometry {
    let (px, py) = chart.plotting_area().get_pixel_range();
    PanelGeometry {
        field: field.to_string(),
        px,
        py,
        x: f.x,
        y: f.y,
    }
}
