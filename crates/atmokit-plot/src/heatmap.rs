//! ACT `DistributionDisplay.plot_heatmap`: 2-D histogram of two fields (numpy `histogram2d`
//! binning) as a colour grid with a colorbar; bins with fewer counts than `threshold` are blank.

use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, with_units};
use crate::figure::Figure;
use crate::histogram::{bin_of, edges};
use crate::mesh::{ColorScale, draw_colorbar};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Counts `[ix][iy]` of (x, y) pairs in the given bin edges.
pub fn histogram2d(x: &[f64], y: &[f64], xe: &[f64], ye: &[f64]) -> Vec<Vec<f64>> {
    let mut c = vec![vec![0.0; ye.len() - 1]; xe.len() - 1];
    for (&a, &b) in x.iter().zip(y) {
        if let (Some(i), Some(j)) = (bin_of(a, xe), bin_of(b, ye)) {
            c[i][j] += 1.0;
        }
    }
    c
}

/// Heat map of `y_field` against `x_field`.
#[derive(Debug, Clone)]
pub struct HeatMap<'a> {
    ds: &'a Dataset,
    x: String,
    y: String,
    bins: (usize, usize),
    threshold: f64,
    cmap: Colormap,
    size: (u32, u32),
}

impl<'a> HeatMap<'a> {
    /// Heat map with `x_bins` × `y_bins` bins over the finite ranges.
    pub fn new(ds: &'a Dataset, x_field: &str, y_field: &str, x_bins: usize, y_bins: usize) -> Self {
        HeatMap {
            ds,
            x: x_field.into(),
            y: y_field.into(),
            bins: (x_bins, y_bins),
            threshold: 0.0,
            cmap: Colormap::Viridis,
            size: (800, 600),
        }
    }
    /// Leave bins with fewer than `t` counts blank.
    pub fn threshold(mut self, t: f64) -> Self {
        self.threshold = t;
        self
    }
    /// Set the colormap.
    pub fn cmap(mut self, c: Colormap) -> Self {
        self.cmap = c;
        self
    }
}

impl Figure for HeatMap<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.bins.0 == 0 || self.bins.1 == 0 {
            return Err(PlotError::input("heat map: bins must be at least 1"));
        }
        let x = self.ds.values_f64(&self.x)?;
        let y = self.ds.values_f64(&self.y)?;
        if x.len() != y.len() {
            return Err(PlotError::input(format!(
                "'{}' and '{}' differ in length",
                self.x, self.y
            )));
        }
        let none = || PlotError::input(format!("no finite values of '{}' / '{}'", self.x, self.y));
        let (xl, xh) = finite_range(x.iter().copied()).ok_or_else(none)?;
        let (yl, yh) = finite_range(y.iter().copied()).ok_or_else(none)?;
        let (xe, ye) = (edges(xl, xh, self.bins.0), edges(yl, yh, self.bins.1));
        let c = histogram2d(&x, &y, &xe, &ye);
        let vmax = c.iter().flatten().copied().fold(0.0, f64::max).max(1.0);
        let scale = ColorScale {
            vmin: 0.0,
            vmax,
            cmap: self.cmap,
            log: false,
        };
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(110));
        let title = format!("Heat map of {} vs {}", self.y, self.x);
        let (xd, yd) = (
            with_units(&self.x, self.ds.var(&self.x)),
            with_units(&self.y, self.ds.var(&self.y)),
        );
        let axes = chart2d::Axes {
            title: &title,
            x: (xe[0], *xe.last().unwrap_or(&1.0)),
            y: (ye[0], *ye.last().unwrap_or(&1.0)),
            x_desc: &xd,
            y_desc: &yd,
            grid: false,
        };
        let mut chart = chart2d::frame(&left, &axes)?;
        let cells = c
            .iter()
            .enumerate()
            .flat_map(|(i, col)| col.iter().enumerate().map(move |(j, &n)| (i, j, n)));
        let rects = cells
            .filter(|&(_, _, n)| n > 0.0 && n >= self.threshold)
            .map(|(i, j, n)| {
                let colour = self.cmap.at(n / vmax);
                Rectangle::new([(xe[i], ye[j]), (xe[i + 1], ye[j + 1])], colour.filled())
            });
        chart.draw_series(rects).map_err(draw_err)?;
        draw_colorbar(&right.margin(30, 0, 0, 0), &scale, "Count")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pairs_like_numpy_histogram2d() {
        let e = edges(0.0, 2.0, 2);
        let c = histogram2d(&[0.0, 0.5, 1.5, 2.0, f64::NAN], &[0.0, 1.5, 1.5, 2.0, 1.0], &e, &e);
        assert_eq!(c, vec![vec![1.0, 1.0], vec![0.0, 2.0]]);
    }
}
