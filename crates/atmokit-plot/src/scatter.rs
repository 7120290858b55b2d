//! ACT `DistributionDisplay.plot_scatter` + `set_ratio_line`: one field against another with the
//! 1:1 line, and the least-squares fit written in the corner.

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, padded, with_units};
use crate::figure::Figure;
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Ordinary least squares `y = a + b x` over the pairs where both are finite; `None` with fewer
/// than two distinct x.
pub fn linear_fit(x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
    let pts: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pts.len() as f64;
    if pts.len() < 2 {
        return None;
    }
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| (my - sxy / sxx * mx, sxy / sxx))
}

/// Scatter of `y_field` against `x_field` (same length) with a 1:1 line.
#[derive(Debug, Clone)]
pub struct ScatterPlot<'a> {
    ds: &'a Dataset,
    x: String,
    y: String,
    size: (u32, u32),
}

impl<'a> ScatterPlot<'a> {
    /// A 700×600 scatter plot.
    pub fn new(ds: &'a Dataset, x_field: &str, y_field: &str) -> Self {
        ScatterPlot {
            ds,
            x: x_field.into(),
            y: y_field.into(),
            size: (700, 600),
        }
    }
    /// Set the pixel size.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }
}

impl Figure for ScatterPlot<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let x = self.ds.values_f64(&self.x)?;
        let y = self.ds.values_f64(&self.y)?;
        if x.len() != y.len() {
            return Err(PlotError::input(format!(
                "'{}' has {} values but '{}' has {}",
                self.x,
                x.len(),
                self.y,
                y.len()
            )));
        }
        let pairs: Vec<(f64, f64)> = x
            .iter()
            .zip(&y)
            .filter(|(a, b)| a.is_finite() && b.is_finite())
            .map(|(a, b)| (*a, *b))
            .collect();
        let (xr, yr) = (
            finite_range(pairs.iter().map(|p| p.0))
                .ok_or_else(|| PlotError::input(format!("no finite pairs of '{}' and '{}'", self.x, self.y)))?,
            finite_range(pairs.iter().map(|p| p.1)).unwrap_or((0.0, 1.0)),
        );
        let (xr, yr) = (padded(xr, 0.05), padded(yr, 0.05));
        let title = format!("{} vs {}", self.y, self.x);
        let (xd, yd) = (
            with_units(&self.x, self.ds.var(&self.x)),
            with_units(&self.y, self.ds.var(&self.y)),
        );
        let mut chart = chart2d::frame(
            root,
            &chart2d::Axes {
                title: &title,
                x: xr,
                y: yr,
                x_desc: &xd,
                y_desc: &yd,
                grid: true,
            },
        )?;
        chart
            .draw_series(pairs.iter().map(|&p| Circle::new(p, 2, style::LINE.mix(0.5).filled())))
            .map_err(draw_err)?;
        let lo = xr.0.max(yr.0);
        let hi = xr.1.min(yr.1);
        if hi > lo {
            chart
                .draw_series(LineSeries::new([(lo, lo), (hi, hi)], BLACK.stroke_width(1)))
                .map_err(draw_err)?;
        }
        if let Some((a, b)) = linear_fit(&x, &y) {
            let text = format!("1:1 line (black); fit y = {a:.3} + {b:.3} x, n = {}", pairs.len());
            chart
                .draw_series(std::iter::once(Text::new(
                    text,
                    (xr.0 + (xr.1 - xr.0) * 0.02, yr.1 - (yr.1 - yr.0) * 0.03),
                    style::small(),
                )))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::linear_fit;

    #[test]
    fn fit_recovers_a_line_and_skips_nan() {
        let (a, b) = linear_fit(&[0.0, 1.0, 2.0, f64::NAN], &[1.0, 3.0, 5.0, 100.0]).unwrap();
        assert!((a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        assert!(linear_fit(&[1.0, 1.0], &[1.0, 2.0]).is_none());
    }
}
