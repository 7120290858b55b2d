//! ACT `DistributionDisplay.plot_violin`: the distribution of one or more fields as mirrored
//! Gaussian kernel density estimates (Scott's bandwidth, as matplotlib's `violinplot`), with the
//! median (white dot) and the extrema (whiskers).

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, padded};
use crate::figure::Figure;
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Gaussian KDE of `v` (finite values) at `at`, bandwidth `h = σ n^(-1/5)` (Scott 1992).
pub fn kde(v: &[f64], at: &[f64]) -> Vec<f64> {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
    let h = if sd > 0.0 { sd * n.powf(-0.2) } else { 1.0 };
    let norm = 1.0 / (n * h * (2.0 * std::f64::consts::PI).sqrt());
    at.iter()
        .map(|&x| v.iter().map(|&xi| (-0.5 * ((x - xi) / h).powi(2)).exp()).sum::<f64>() * norm)
        .collect()
}

/// Violins of `fields`, side by side.
#[derive(Debug, Clone)]
pub struct ViolinPlot<'a> {
    ds: &'a Dataset,
    fields: Vec<String>,
    size: (u32, u32),
}

impl<'a> ViolinPlot<'a> {
    /// Violins of the given fields (same units, preferably).
    pub fn new(ds: &'a Dataset, fields: &[&str]) -> Self {
        ViolinPlot {
            ds,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            size: (800, 500),
        }
    }
}

impl Figure for ViolinPlot<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.fields.is_empty() {
            return Err(PlotError::input("violin plot: give at least one field"));
        }
        let mut data = Vec::new();
        for f in &self.fields {
            let mut v: Vec<f64> = self.ds.values_f64(f)?.into_iter().filter(|x| x.is_finite()).collect();
            if v.is_empty() {
                return Err(PlotError::input(format!("'{f}' has no finite values")));
            }
            // KDE cost is n × grid; a strided sample of 5000 values draws the same shape.
            let stride = (v.len() / 5000).max(1);
            v = v.into_iter().step_by(stride).collect();
            v.sort_by(f64::total_cmp);
            data.push(v);
        }
        let yr = padded(finite_range(data.iter().flatten().copied()).unwrap_or((0.0, 1.0)), 0.05);
        let title = format!("Violin plot of {}", self.fields.join(", "));
        let x_desc = self.fields.join(" | ");
        let axes = chart2d::Axes {
            title: &title,
            x: (0.5, self.fields.len() as f64 + 0.5),
            y: yr,
            x_desc: &x_desc,
            y_desc: "Value",
            grid: true,
        };
        let mut chart = chart2d::frame(root, &axes)?;
        for (k, v) in data.iter().enumerate() {
            let pos = k as f64 + 1.0;
            let (lo, hi) = (v[0], v[v.len() - 1]);
            let grid: Vec<f64> = (0..=100).map(|i| lo + (hi - lo) * f64::from(i) / 100.0).collect();
            let d = kde(v, &grid);
            let dmax = d.iter().copied().fold(0.0, f64::max).max(f64::MIN_POSITIVE);
            let mut poly: Vec<(f64, f64)> = grid.iter().zip(&d).map(|(&y, &q)| (pos + 0.4 * q / dmax, y)).collect();
            poly.extend(grid.iter().zip(&d).rev().map(|(&y, &q)| (pos - 0.4 * q / dmax, y)));
            chart
                .draw_series(std::iter::once(Polygon::new(poly, style::LINE.mix(0.6).filled())))
                .map_err(draw_err)?;
            chart
                .draw_series(LineSeries::new([(pos, lo), (pos, hi)], BLACK.stroke_width(1)))
                .map_err(draw_err)?;
            let median = v[v.len() / 2];
            chart
                .draw_series(std::iter::once(Circle::new((pos, median), 4, WHITE.filled())))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::kde;

    #[test]
    fn kde_integrates_to_one_and_peaks_at_the_data() {
        let v = [0.0, 0.1, -0.1, 0.05, -0.05];
        let at: Vec<f64> = (-400..=400).map(|i| f64::from(i) / 100.0).collect();
        let d = kde(&v, &at);
        let integral: f64 = d.iter().sum::<f64>() * 0.01;
        assert!((integral - 1.0).abs() < 1e-3, "{integral}");
        let peak = at[d.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0];
        assert!(peak.abs() < 0.02);
    }
}
