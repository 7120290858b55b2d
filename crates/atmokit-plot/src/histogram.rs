//! ACT `DistributionDisplay.plot_stacked_bar` / histograms: counts of a field in equal-width
//! bins (numpy `histogram` rules: bins closed on the left, the last bin closed on both sides),
//! optionally stacked by bins of a second field (`sortby_field`), and optionally as density.

use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, padded, with_units};
use crate::figure::Figure;
use crate::style;
use crate::{chart2d, ticks::format_number};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Equal-width bin edges over [lo, hi] (`n` bins; a zero-width range is widened by ±0.5 as numpy does).
pub fn edges(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 0.5, hi + 0.5) };
    (0..=n).map(|i| lo + (hi - lo) * i as f64 / n as f64).collect()
}

/// Bin index of `v` under numpy's rules, `None` outside the edges or for NaN.
pub fn bin_of(v: f64, edges: &[f64]) -> Option<usize> {
    let n = edges.len().checked_sub(1)?;
    if !(v >= edges[0] && v <= edges[n]) || n == 0 {
        return None;
    }
    if v == edges[n] {
        return Some(n - 1);
    }
    Some(edges.partition_point(|&e| e <= v) - 1)
}

/// Counts of `values` per bin.
pub fn histogram(values: &[f64], edges: &[f64]) -> Vec<f64> {
    let mut c = vec![0.0; edges.len().saturating_sub(1)];
    for &v in values {
        if let Some(b) = bin_of(v, edges) {
            c[b] += 1.0;
        }
    }
    c
}

/// Bin edges, one row of counts per stack layer, and the layer labels.
pub type Binned = (Vec<f64>, Vec<Vec<f64>>, Vec<String>);

/// A histogram of `field`, stacked by `sortby` when given.
#[derive(Debug, Clone)]
pub struct HistogramPlot<'a> {
    ds: &'a Dataset,
    field: String,
    bins: usize,
    sortby: Option<(String, usize)>,
    density: bool,
    edges: Option<Vec<f64>>,
    size: (u32, u32),
}

impl<'a> HistogramPlot<'a> {
    /// Histogram of `field` with `bins` equal bins over its finite range.
    pub fn new(ds: &'a Dataset, field: &str, bins: usize) -> Self {
        HistogramPlot {
            ds,
            field: field.to_string(),
            bins,
            sortby: None,
            density: false,
            edges: None,
            size: (800, 500),
        }
    }
    /// Stack the bars by `sortby_bins` bins of another variable of the same shape.
    pub fn stacked_by(mut self, field: &str, sortby_bins: usize) -> Self {
        self.sortby = Some((field.to_string(), sortby_bins));
        self
    }
    /// Plot probability density (counts / (total × bin width)) instead of counts.
    pub fn density(mut self, on: bool) -> Self {
        self.density = on;
        self
    }
    /// Use these bin edges (ascending; numpy's `bins=[...]`: left-closed bins, the last one
    /// closed on both sides) instead of equal bins over the data's range.
    pub fn with_edges(mut self, edges: &[f64]) -> Self {
        self.edges = Some(edges.to_vec());
        self
    }
    /// The variable the bars are stacked by, if any.
    pub fn sortby_name(&self) -> Option<&str> {
        self.sortby.as_ref().map(|s| s.0.as_str())
    }
    /// The histogrammed variable.
    pub fn field(&self) -> &str {
        &self.field
    }
    /// Whether densities are plotted.
    pub fn is_density(&self) -> bool {
        self.density
    }
    /// The dataset.
    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }
    /// Set the pixel size.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// Bin edges and one row of counts per stack layer (one layer when not stacked), plus the
    /// layer labels.
    pub fn compute(&self) -> Result<Binned> {
        if self.bins == 0 {
            return Err(PlotError::input(format!(
                "histogram of '{}': bins must be at least 1",
                self.field
            )));
        }
        let v = self.ds.values_f64(&self.field)?;
        let (lo, hi) = finite_range(v.iter().copied())
            .ok_or_else(|| PlotError::input(format!("'{}' has no finite values to histogram", self.field)))?;
        let e = match &self.edges {
            Some(e) => {
                if e.len() < 2 || e.iter().any(|x| !x.is_finite()) || e.windows(2).any(|w| w[1] <= w[0]) {
                    return Err(PlotError::input(format!(
                        "histogram of '{}': bin edges must be at least 2 finite, strictly increasing numbers, got {e:?}",
                        self.field
                    )));
                }
                e.clone()
            }
            None => edges(lo, hi, self.bins),
        };
        let nbins = e.len() - 1;
        let Some((sb, nb)) = &self.sortby else {
            let mut c = histogram(&v, &e);
            // numpy's density divides by the counts inside the edges.
            let total = c.iter().sum::<f64>() as usize;
            self.scale(&mut c, &e, total);
            return Ok((e, vec![c], vec![self.field.clone()]));
        };
        let s = self.ds.values_f64(sb)?;
        if s.len() != v.len() {
            return Err(PlotError::input(format!(
                "'{sb}' has {} values but '{}' has {}",
                s.len(),
                self.field,
                v.len()
            )));
        }
        let (slo, shi) =
            finite_range(s.iter().copied()).ok_or_else(|| PlotError::input(format!("'{sb}' has no finite values")))?;
        let se = edges(slo, shi, (*nb).max(1));
        let mut layers = vec![vec![0.0; nbins]; se.len() - 1];
        let mut total = 0;
        for (&x, &y) in v.iter().zip(&s) {
            if let (Some(b), Some(l)) = (bin_of(x, &e), bin_of(y, &se)) {
                layers[l][b] += 1.0;
                total += 1;
            }
        }
        for l in &mut layers {
            self.scale(l, &e, total);
        }
        let span = shi - slo;
        let labels = se
            .windows(2)
            .map(|w| format!("{}–{}", format_number(w[0], span), format_number(w[1], span)))
            .collect();
        Ok((e, layers, labels))
    }

    fn scale(&self, c: &mut [f64], e: &[f64], total: usize) {
        if self.density && total > 0 {
            for (x, w) in c.iter_mut().zip(e.windows(2)) {
                *x /= total as f64 * (w[1] - w[0]);
            }
        }
    }
}

impl Figure for HistogramPlot<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (e, layers, labels) = self.compute()?;
        let n = e.len() - 1;
        let tops: Vec<f64> = (0..n).map(|b| layers.iter().map(|l| l[b]).sum()).collect();
        let ymax = tops.iter().copied().fold(0.0, f64::max);
        let x_desc = with_units(&self.field, self.ds.var(&self.field));
        let title = format!("Histogram of {}", self.field);
        let (plot_area, legend) = split_legend(root, layers.len() > 1);
        let axes = chart2d::Axes {
            title: &title,
            x: padded((e[0], e[n]), 0.02),
            y: (0.0, if ymax > 0.0 { ymax * 1.05 } else { 1.0 }),
            x_desc: &x_desc,
            y_desc: if self.density { "Density" } else { "Count" },
            grid: true,
        };
        let mut chart = chart2d::frame(&plot_area, &axes)?;
        let colours = layer_colours(layers.len());
        let mut base = vec![0.0; n];
        for (l, layer) in layers.iter().enumerate() {
            let c = colours[l];
            chart
                .draw_series(
                    (0..n).map(|b| Rectangle::new([(e[b], base[b]), (e[b + 1], base[b] + layer[b])], c.filled())),
                )
                .map_err(draw_err)?;
            chart
                .draw_series(
                    (0..n).map(|b| {
                        Rectangle::new([(e[b], base[b]), (e[b + 1], base[b] + layer[b])], BLACK.stroke_width(1))
                    }),
                )
                .map_err(draw_err)?;
            for b in 0..n {
                base[b] += layer[b];
            }
        }
        if let Some(area) = legend {
            draw_legend(
                &area,
                self.sortby.as_ref().map_or("", |s| s.0.as_str()),
                &labels,
                &colours,
            )?;
        }
        Ok(())
    }
}

/// Split off a 150-px legend column when `legend` is set.
pub(crate) fn split_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    legend: bool,
) -> (DrawingArea<DB, Shift>, Option<DrawingArea<DB, Shift>>) {
    if !legend {
        return (root.clone(), None);
    }
    let (w, _) = root.dim_in_pixel();
    let (a, b) = root.split_horizontally(w.saturating_sub(150));
    (a, Some(b))
}

/// `n` colours sampled from viridis (a single layer gets matplotlib's C0 blue).
pub(crate) fn layer_colours(n: usize) -> Vec<RGBColor> {
    if n <= 1 {
        return vec![style::LINE];
    }
    (0..n)
        .map(|i| Colormap::Viridis.at(i as f64 / (n - 1) as f64))
        .collect()
}

/// Colour boxes with labels, under a heading.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    heading: &str,
    labels: &[String],
    colours: &[RGBColor],
) -> Result<()> {
    area.draw(&Text::new(heading.to_string(), (4, 40), style::small()))
        .map_err(draw_err)?;
    for (i, (l, c)) in labels.iter().zip(colours).enumerate() {
        let y = 60 + 18 * i as i32;
        area.draw(&Rectangle::new([(4, y), (18, y + 12)], c.filled()))
            .map_err(draw_err)?;
        area.draw(&Text::new(l.clone(), (24, y), style::small()))
            .map_err(draw_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_binning_rules() {
        let e = edges(0.0, 10.0, 5);
        assert_eq!(e, vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        assert_eq!(bin_of(2.0, &e), Some(1), "left-closed");
        assert_eq!(bin_of(10.0, &e), Some(4), "last bin right-closed");
        assert_eq!(bin_of(10.5, &e), None);
        assert_eq!(bin_of(f64::NAN, &e), None);
        // np.histogram([0, 1, 2, 2, 9.9, 10], bins=5, range=(0, 10)) -> [2, 2, 0, 0, 2]
        assert_eq!(
            histogram(&[0.0, 1.0, 2.0, 2.0, 9.9, 10.0], &e),
            vec![2.0, 2.0, 0.0, 0.0, 2.0]
        );
        assert_eq!(edges(3.0, 3.0, 1), vec![2.5, 3.5]);
    }
}
