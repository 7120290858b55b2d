//! ACT `SkewTDisplay.plot_hodograph`: the wind vector's tip (u, v) through the profile, with
//! speed rings, optionally coloured by another field (e.g. altitude, viridis).
//!
//! Components from speed and meteorological direction (degrees the wind blows from):
//! u = −s sin(d), v = −s cos(d) (MetPy `wind_components`).

use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{field_time_span, finite_range, titled};
use crate::figure::Figure;
use crate::style;
use crate::time_axis::iso_minute;
use plotters::coord::Shift;
use plotters::prelude::*;

/// (u, v) from speed and meteorological direction (degrees): the one definition is
/// [`atmokit_physics::wind::wind_components`].
pub use atmokit_physics::wind::wind_components;

/// Width of the colorbar column of a coloured hodograph (px).
const COLORBAR: u32 = 110;

/// A hodograph of one profile.
#[derive(Debug, Clone)]
pub struct Hodograph<'a> {
    ds: &'a atmokit_core::Dataset,
    spd: String,
    dir: String,
    color_field: Option<String>,
    component_range: f64,
    size: (u32, u32),
}

impl<'a> Hodograph<'a> {
    /// Hodograph of `spd_field` / `dir_field`, axes ±80 (ACT's `component_range`).
    pub fn new(ds: &'a atmokit_core::Dataset, spd_field: &str, dir_field: &str) -> Self {
        Hodograph {
            ds,
            spd: spd_field.into(),
            dir: dir_field.into(),
            color_field: None,
            component_range: 80.0,
            size: (600, 600),
        }
    }
    /// Colour the trace by another field of the same length.
    pub fn color_by(mut self, field: &str) -> Self {
        self.color_field = Some(field.into());
        self
    }
    /// Half-width of both axes (speed units).
    pub fn component_range(mut self, r: f64) -> Self {
        self.component_range = r;
        self
    }
    /// Set the size of the diagram in pixels (a colour variable's colorbar adds 110 px).
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }
}

impl Figure for Hodograph<'_> {
    fn size(&self) -> (u32, u32) {
        // The colorbar of a colour variable is added to the right of the square diagram.
        let bar = if self.color_field.is_some() { COLORBAR } else { 0 };
        (self.size.0 + bar, self.size.1)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.ds.values_f64(&self.spd)?;
        let d = self.ds.values_f64(&self.dir)?;
        if s.len() != d.len() {
            return Err(PlotError::input(format!(
                "'{}' and '{}' differ in length",
                self.spd, self.dir
            )));
        }
        if !(self.component_range.is_finite() && self.component_range > 0.0) {
            return Err(PlotError::input("hodograph: component_range must be positive"));
        }
        let c = match &self.color_field {
            Some(f) => {
                let c = self.ds.values_f64(f)?;
                if c.len() != s.len() {
                    return Err(PlotError::input(format!("'{f}' and '{}' differ in length", self.spd)));
                }
                Some(c)
            }
            None => None,
        };
        let r = self.component_range;
        let units = self.ds.var(&self.spd).and_then(|v| v.units()).unwrap_or("");
        let (xd, yd) = (format!("u ({units})"), format!("v ({units})"));
        let mut title = titled(self.ds, "hodograph");
        if let Some((t0, _)) = field_time_span(self.ds, &self.spd) {
            title = format!("{title}, {}", iso_minute(t0));
        }
        let range = c.as_ref().and_then(|c| finite_range(c.iter().copied()));
        // With a colour variable, its colorbar takes the right COLORBAR px.
        let (w, _) = root.dim_in_pixel();
        let cut = if range.is_some() { w.saturating_sub(COLORBAR) } else { w };
        let (plot_area, bar_area) = root.split_horizontally(cut);
        if let (Some((lo, hi)), Some(f)) = (range, &self.color_field) {
            let scale = crate::mesh::ColorScale::linear(lo, if hi > lo { hi } else { lo + 1.0 }, Colormap::Viridis);
            let label = crate::extract::with_units(f, self.ds.var(f));
            crate::mesh::draw_colorbar(&bar_area.margin(30, 30, 0, 0), &scale, &label)?;
        }
        let mut chart = chart2d::frame(
            &plot_area,
            &chart2d::Axes {
                title: &title,
                x: (-r, r),
                y: (-r, r),
                x_desc: &xd,
                y_desc: &yd,
                grid: false,
            },
        )?;
        let step = crate::ticks::nice_ticks(0.0, r, 4).get(1).copied().unwrap_or(r / 4.0);
        let mut ring = step;
        while ring <= r + 1e-9 {
            let pts: Vec<(f64, f64)> = (0..=72)
                .map(|k| f64::from(k) * 5.0f64.to_radians())
                .map(|a| (ring * a.cos(), ring * a.sin()))
                .collect();
            chart
                .draw_series(LineSeries::new(pts, RGBColor(200, 200, 200).stroke_width(1)))
                .map_err(draw_err)?;
            ring += step;
        }
        chart
            .draw_series(LineSeries::new([(-r, 0.0), (r, 0.0)], BLACK.stroke_width(1)))
            .map_err(draw_err)?;
        chart
            .draw_series(LineSeries::new([(0.0, -r), (0.0, r)], BLACK.stroke_width(1)))
            .map_err(draw_err)?;
        let pts: Vec<(usize, (f64, f64))> = s
            .iter()
            .zip(&d)
            .enumerate()
            .filter(|(_, (a, b))| a.is_finite() && b.is_finite())
            .map(|(i, (a, b))| (i, wind_components(*a, *b)))
            .map(|(i, (u, v))| (i, (u.clamp(-r, r), v.clamp(-r, r))))
            .collect();
        for w in pts.windows(2) {
            let colour = match (&c, range) {
                (Some(c), Some((lo, hi))) if hi > lo && c[w[1].0].is_finite() => {
                    Colormap::Viridis.at((c[w[1].0] - lo) / (hi - lo))
                }
                _ => style::LINE,
            };
            chart
                .draw_series(LineSeries::new([w[0].1, w[1].1], colour.stroke_width(2)))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::wind_components;

    #[test]
    fn meteorological_convention() {
        // Wind from the west (270°) blows toward the east: u > 0; from the north: v < 0.
        let (u, v) = wind_components(10.0, 270.0);
        assert!((u - 10.0).abs() < 1e-12 && v.abs() < 1e-9);
        let (u, v) = wind_components(5.0, 0.0);
        assert!(u.abs() < 1e-12 && (v + 5.0).abs() < 1e-12);
    }
}
