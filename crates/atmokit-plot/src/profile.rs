//! Vertical profiles (ACT plots them through `TimeSeriesDisplay`/`XSectionDisplay`; sonde users
//! call `ax.plot(t, alt)`): one or more fields against height or pressure. With a pressure
//! coordinate (units hPa/mb/Pa/kPa) the axis is inverted so that the surface is at the bottom.

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{datastream, finite_range, padded, with_units};
use crate::figure::Figure;
use crate::histogram::draw_legend;
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A vertical profile of `fields` against `y_field`.
#[derive(Debug, Clone)]
pub struct VerticalProfile<'a> {
    ds: &'a Dataset,
    fields: Vec<String>,
    y: String,
    size: (u32, u32),
}

/// True when `units` name a pressure.
pub fn is_pressure(units: &str) -> bool {
    matches!(
        units.trim().to_ascii_lowercase().as_str(),
        "hpa" | "mb" | "mbar" | "millibar" | "pa" | "kpa"
    )
}

impl<'a> VerticalProfile<'a> {
    /// Profile of `fields` (same units preferably) against `y_field` (height or pressure).
    pub fn new(ds: &'a Dataset, fields: &[&str], y_field: &str) -> Self {
        VerticalProfile {
            ds,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            y: y_field.into(),
            size: (600, 700),
        }
    }
}

impl Figure for VerticalProfile<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.fields.is_empty() {
            return Err(PlotError::input("vertical profile: give at least one field"));
        }
        let y = self.ds.values_f64(&self.y)?;
        let mut series = Vec::new();
        for f in &self.fields {
            let x = self.ds.values_f64(f)?;
            if x.len() != y.len() {
                return Err(PlotError::input(format!(
                    "'{f}' has {} values but '{}' has {}",
                    x.len(),
                    self.y,
                    y.len()
                )));
            }
            series.push(x);
        }
        let none = || PlotError::input(format!("no finite values to profile against '{}'", self.y));
        let xr = padded(finite_range(series.iter().flatten().copied()).ok_or_else(none)?, 0.05);
        let (ylo, yhi) = finite_range(y.iter().copied()).ok_or_else(none)?;
        let pressure = self.ds.var(&self.y).and_then(|v| v.units()).is_some_and(is_pressure);
        let yr = if pressure { (yhi, ylo) } else { (ylo, yhi) };
        let title = format!("{} {} profile", datastream(self.ds), self.fields.join(", "));
        let x_desc = if self.fields.len() == 1 {
            with_units(&self.fields[0], self.ds.var(&self.fields[0]))
        } else {
            "Value".to_string()
        };
        let y_desc = with_units(&self.y, self.ds.var(&self.y));
        let (plot, legend) = crate::histogram::split_legend(root, self.fields.len() > 1);
        let mut chart = chart2d::frame(
            &plot,
            &chart2d::Axes {
                title: &title,
                x: xr,
                y: yr,
                x_desc: &x_desc,
                y_desc: &y_desc,
                grid: true,
            },
        )?;
        let colours: Vec<RGBColor> = (0..series.len())
            .map(|i| style::CYCLE[i % style::CYCLE.len()])
            .collect();
        for (x, c) in series.iter().zip(&colours) {
            let mut run = Vec::new();
            for (&a, &b) in x.iter().zip(&y) {
                if a.is_finite() && b.is_finite() {
                    run.push((a, b));
                } else if !run.is_empty() {
                    chart
                        .draw_series(LineSeries::new(std::mem::take(&mut run), c.stroke_width(2)))
                        .map_err(draw_err)?;
                }
            }
            chart
                .draw_series(LineSeries::new(run, c.stroke_width(2)))
                .map_err(draw_err)?;
        }
        if let Some(area) = legend {
            draw_legend(&area, "", &self.fields, &colours)?;
        }
        Ok(())
    }
}
