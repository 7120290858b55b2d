//! ACT `DistributionDisplay.plot_stairstep(field, bins, sortby_field, sortby_bins, density)`:
//! the histogram of [`crate::histogram::HistogramPlot`] drawn as a stair outline (one outline
//! per layer of the second variable, not stacked), the numpy binning rules unchanged.

use crate::chart2d;
use crate::error::{Result, draw_err};
use crate::extract::{padded, with_units};
use crate::figure::Figure;
use crate::histogram::{HistogramPlot, draw_legend, layer_colours, split_legend};
use crate::size_distribution::stair_lines;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A histogram drawn as stairs.
#[derive(Debug, Clone)]
pub struct StairstepPlot<'a> {
    hist: HistogramPlot<'a>,
    xrange: Option<(f64, f64)>,
    yrange: Option<(f64, f64)>,
}

impl<'a> StairstepPlot<'a> {
    /// Stairs of the histogram `hist` (its bins, edges, density and `stacked_by` layers).
    pub fn new(hist: HistogramPlot<'a>) -> Self {
        StairstepPlot {
            hist,
            xrange: None,
            yrange: None,
        }
    }
    /// Fix the x range (ACT `set_xrng`).
    pub fn xrange(mut self, lo: f64, hi: f64) -> Self {
        self.xrange = Some((lo, hi));
        self
    }
    /// Fix the y range (ACT `set_yrng`).
    pub fn yrange(mut self, lo: f64, hi: f64) -> Self {
        self.yrange = Some((lo, hi));
        self
    }
}

impl Figure for StairstepPlot<'_> {
    fn size(&self) -> (u32, u32) {
        self.hist.size()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (e, layers, labels) = self.hist.compute()?;
        let n = e.len() - 1;
        let ymax = layers.iter().flatten().copied().fold(0.0, f64::max);
        let field = self.hist.field();
        let ds = self.hist.dataset();
        let x_desc = with_units(field, ds.var(field));
        let title = format!("Stairstep histogram of {field}");
        let (plot_area, legend) = split_legend(root, layers.len() > 1);
        let axes = chart2d::Axes {
            title: &title,
            x: self.xrange.unwrap_or_else(|| padded((e[0], e[n]), 0.02)),
            y: self.yrange.unwrap_or((0.0, if ymax > 0.0 { ymax * 1.05 } else { 1.0 })),
            x_desc: &x_desc,
            y_desc: if self.hist.is_density() { "Density" } else { "Count" },
            grid: true,
        };
        let mut chart = chart2d::frame(&plot_area, &axes)?;
        let colours = layer_colours(layers.len());
        for (layer, c) in layers.iter().zip(&colours) {
            for line in stair_lines(&e, layer) {
                chart
                    .draw_series(std::iter::once(PathElement::new(line, c.stroke_width(2))))
                    .map_err(draw_err)?;
            }
        }
        if let Some(area) = legend {
            draw_legend(&area, self.hist.sortby_name().unwrap_or(""), &labels, &colours)?;
        }
        Ok(())
    }
}
