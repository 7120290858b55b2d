//! Lines and markers added to a time panel: more variables in one panel (with a legend), a
//! variable on a secondary y axis, and data drawn over a time-height mesh (a cloud-base line over
//! backscatter). In ACT these are further `display.plot(...)` calls on the same `subplot_index`,
//! `secondary_y=True`, or `display.axes[0].plot(...)` over a mesh.
//!
//! Directions (a variable in degrees whose name or `standard_name` says direction) are broken
//! where they wrap between 0° and 360°, so a wrap is not drawn as a full-height stroke.

use crate::error::{PlotError, Result, draw_err};
use crate::extract::times_s;
use crate::line_panel::{decimate, segments};
use crate::panel::TimeCoord;
use crate::style;
use atmokit_core::Dataset;
use plotters::chart::ChartContext;
use plotters::prelude::*;

/// One series of (time, value) pairs drawn over a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Times, seconds since 1970 (NaN = missing).
    pub t: Vec<f64>,
    /// Values, in the panel's y units (NaN = missing).
    pub y: Vec<f64>,
    /// Units of `y` (`None`: already in the panel's units). A mesh overlay whose units differ from
    /// the mesh's y coordinate is converted when the units are convertible.
    pub units: Option<String>,
    /// Colour (default: the next colour of [`style::CYCLE`]).
    pub color: Option<RGBColor>,
    /// Draw markers at each sample instead of a line.
    pub markers: bool,
}

impl Series {
    /// A line of `y` against `t` (seconds since 1970), labelled `label`.
    pub fn new(label: &str, t: Vec<f64>, y: Vec<f64>) -> Series {
        Series {
            label: label.to_string(),
            t,
            y,
            units: None,
            color: None,
            markers: false,
        }
    }

    /// A 1-D time variable of `ds` as a series with its units (error naming it otherwise).
    pub fn from_var(ds: &Dataset, field: &str) -> Result<Series> {
        let var = ds.get(field)?;
        if var.dims().len() != 1 {
            return Err(PlotError::input(format!(
                "'{field}' has {} dimensions; a line over a panel needs 1 (time)",
                var.dims().len()
            )));
        }
        let t = times_s(ds, field)?;
        let y = ds.values_f64(field)?;
        let mut s = Series::new(field, t, y);
        s.units = var.units().map(str::to_string);
        Ok(s)
    }

    /// Set the colour.
    pub fn color(mut self, c: RGBColor) -> Series {
        self.color = Some(c);
        self
    }

    /// Draw markers instead of a line.
    pub fn markers(mut self, on: bool) -> Series {
        self.markers = on;
        self
    }

    /// Convert the values to `to` units when both units are known and differ; an error names
    /// the series and both units when they are not convertible.
    pub fn in_units(mut self, to: Option<&str>) -> Result<Series> {
        if let (Some(from), Some(to)) = (self.units.as_deref(), to)
            && from.trim() != to.trim()
        {
            atmokit_physics::units::convert_f64(&mut self.y, from, to).map_err(|e| {
                PlotError::input(format!(
                    "'{}' in '{from}' cannot be drawn on an axis in '{to}': {e}",
                    self.label
                ))
            })?;
            self.units = Some(to.to_string());
        }
        Ok(self)
    }
}

/// True when `field` is a direction in degrees (units `deg`/`degree(s)` and a name or
/// `standard_name` containing `dir`), whose line is broken where it wraps.
pub fn is_direction(ds: &Dataset, field: &str) -> bool {
    let Some(v) = ds.var(field) else { return false };
    let deg = v
        .units()
        .is_some_and(|u| matches!(u.trim(), "deg" | "degree" | "degrees" | "degrees_true" | "degree_true"));
    let std = v.attr_str("standard_name").unwrap_or("");
    deg && (field.contains("dir") || std.contains("direction"))
}

/// Split runs where consecutive values jump by more than half of `period` (a wrap of an angle).
pub fn break_wraps(runs: Vec<Vec<(f64, f64)>>, period: f64) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let mut cur: Vec<(f64, f64)> = Vec::with_capacity(run.len());
        for p in run {
            if cur.last().is_some_and(|q| (p.1 - q.1).abs() > period / 2.0) {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(p);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// How to draw one series on a chart.
pub struct Stroke<'s> {
    /// Legend label (`None`: no legend entry).
    pub label: Option<&'s str>,
    /// Colour.
    pub color: RGBColor,
    /// Markers instead of a line.
    pub markers: bool,
    /// Break the line where the values wrap by more than this period / 2 (directions: 360).
    pub wrap: Option<f64>,
}

/// The visible runs of a series: broken at missing data, time gaps and (optionally) wraps, each
/// reduced to at most four points per pixel column.
pub(crate) fn runs(t: &[f64], y: &[f64], x: (f64, f64), width_px: u32, wrap: Option<f64>) -> Vec<Vec<(f64, f64)>> {
    let mut r = segments(t, y);
    if let Some(p) = wrap {
        r = break_wraps(r, p);
    }
    r.iter().map(|run| decimate(run, x, width_px)).collect()
}

/// Draw a series on the primary coordinates of a time chart; the first element carries the
/// legend entry (drawn even when every value is missing, so the legend names the series).
pub fn draw<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, TimeCoord>,
    t: &[f64],
    y: &[f64],
    x: (f64, f64),
    s: &Stroke<'_>,
) -> Result<()> {
    let (w, _) = chart.plotting_area().dim_in_pixel();
    let mut labelled = false;
    for pts in runs(t, y, x, w, s.wrap) {
        let anno = if s.markers || pts.len() == 1 {
            chart
                .draw_series(pts.iter().map(|&pt| Circle::new(pt, 2, s.color.filled())))
                .map_err(draw_err)?
        } else {
            chart
                .draw_series(LineSeries::new(pts, s.color.stroke_width(1)))
                .map_err(draw_err)?
        };
        if !labelled && let Some(l) = s.label {
            let c = s.color;
            anno.label(l)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
            labelled = true;
        }
    }
    if !labelled && let Some(l) = s.label {
        let c = s.color;
        chart
            .draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())
            .map_err(draw_err)?
            .label(l)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
    }
    Ok(())
}

/// Draw the legend box of a chart (upper right, house style).
pub fn legend<'a, DB: DrawingBackend + 'a>(chart: &mut ChartContext<'a, DB, TimeCoord>) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(style::small())
        .draw()
        .map_err(draw_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_split_runs_and_small_steps_do_not() {
        let run = vec![(0.0, 350.0), (1.0, 355.0), (2.0, 3.0), (3.0, 8.0), (4.0, 200.0)];
        let r = break_wraps(vec![run], 360.0);
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0], vec![(0.0, 350.0), (1.0, 355.0)]);
        assert_eq!(r[1], vec![(2.0, 3.0), (3.0, 8.0)]);
        assert_eq!(r[2], vec![(4.0, 200.0)]);
    }

    #[test]
    fn directions_are_recognised_by_units_and_name() {
        use atmokit_core::Variable;
        let mut ds = Dataset::new();
        ds.insert(
            "wdir_vec_mean",
            Variable::new(["time"], vec![1.0f32]).unwrap().with_attr("units", "deg"),
        )
        .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![1.0f32]).unwrap().with_attr("units", "deg"),
        )
        .unwrap();
        ds.insert(
            "wd",
            Variable::new(["time"], vec![1.0f32])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        assert!(is_direction(&ds, "wdir_vec_mean"));
        assert!(!is_direction(&ds, "temp"));
        assert!(!is_direction(&ds, "wd"));
    }

    #[test]
    fn unit_conversion_of_an_overlay() {
        let mut s = Series::new("cbh", vec![0.0], vec![1.5]);
        s.units = Some("km".into());
        let s = s.in_units(Some("m")).unwrap();
        assert!((s.y[0] - 1500.0).abs() < 1e-9);
        let mut s = Series::new("cbh", vec![0.0], vec![1.5]);
        s.units = Some("K".into());
        let e = s.in_units(Some("m")).unwrap_err().to_string();
        assert!(e.contains("cbh") && e.contains("'K'") && e.contains("'m'"), "{e}");
    }
}
