//! ACT `DistributionDisplay.plot_size_distribution(field, bins, time=None)`: a size spectrum
//! (for example a disdrometer's drop counts per diameter class, or an aerosol number
//! distribution per size bin) drawn as stairs against the size bins.
//!
//! `field` is 1-D over the size dimension, or 2-D (time, size). For 2-D data one spectrum is
//! drawn: the sample nearest to [`SizeDistribution::at_time`], or, without a time, the mean of
//! each bin over all times (NaN samples skipped). ACT's `ax.step(bins, data)` puts each value
//! on the interval *ending* at its bin coordinate (matplotlib's default `where='pre'`), so a
//! spectrum given at class centres is drawn shifted by half a class; here each step is centred
//! on its bin (edges halfway between neighbouring bin coordinates, the outer edges half a
//! neighbouring step out), which is where the class actually lies.

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, padded, titled, with_units};
use crate::figure::Figure;
use crate::style;
use crate::time_axis::{iso_minute, ns_to_s};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A size spectrum drawn as stairs against its size bins.
#[derive(Debug, Clone)]
pub struct SizeDistribution<'a> {
    ds: &'a Dataset,
    field: String,
    bins: String,
    time_ns: Option<i64>,
    xrange: Option<(f64, f64)>,
    yrange: Option<(f64, f64)>,
    size: (u32, u32),
    act_compat: bool,
}

/// The spectrum to draw: bin coordinates, values, and a description of which sample it is.
pub type Spectrum = (Vec<f64>, Vec<f64>, String);

impl<'a> SizeDistribution<'a> {
    /// The spectrum of `field` against the 1-D variable `bins` (whose length is the size of
    /// `field`'s last dimension).
    pub fn new(ds: &'a Dataset, field: &str, bins: &str) -> Self {
        SizeDistribution {
            ds,
            field: field.to_string(),
            bins: bins.to_string(),
            time_ns: None,
            xrange: None,
            yrange: None,
            size: (800, 500),
            act_compat: false,
        }
    }
    /// Draw the steps as ACT 2.3.4 does (matplotlib's `where='pre'`: each value on the interval
    /// ending at its bin, the first one as a point; [`pre_edges`]) instead of centred on the bins.
    pub fn act_compat(mut self, on: bool) -> Self {
        self.act_compat = on;
        self
    }
    /// Draw the sample nearest this time (ns since 1970) instead of the mean over time
    /// (ACT's `time=` argument).
    pub fn at_time(mut self, time_ns: i64) -> Self {
        self.time_ns = Some(time_ns);
        self
    }
    /// Fix the x (size) range (ACT `set_xrng`).
    pub fn xrange(mut self, lo: f64, hi: f64) -> Self {
        self.xrange = Some((lo, hi));
        self
    }
    /// Fix the y (value) range (ACT `set_yrng`).
    pub fn yrange(mut self, lo: f64, hi: f64) -> Self {
        self.yrange = Some((lo, hi));
        self
    }
    /// Set the pixel size.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// The bins, the spectrum's values and which sample they are ("2022-08-01 22:05 UTC" or
    /// "mean of N spectra").
    ///
    /// # Errors
    /// Unknown or non-numeric variables, `bins` not 1-D or not as long as `field`'s last
    /// dimension, `field` neither 1-D nor 2-D, a 2-D field without a time coordinate when a
    /// time is asked for.
    pub fn compute(&self) -> Result<Spectrum> {
        let var = self.ds.get(&self.field)?;
        let bvar = self.ds.get(&self.bins)?;
        if bvar.dims().len() != 1 {
            return Err(PlotError::input(format!(
                "size distribution: bins '{}' must be 1-D, it has dims {:?}",
                self.bins,
                bvar.dims()
            )));
        }
        let bins = self.ds.values_f64(&self.bins)?;
        let v = self.ds.values_f64(&self.field)?;
        let nb = bins.len();
        let shape = var.shape();
        let last = shape.last().copied().unwrap_or(0);
        if shape.len() > 2 || shape.is_empty() || last != nb {
            return Err(PlotError::input(format!(
                "size distribution: '{}' has shape {:?}; it must be (size) or (time, size) with {} size bins like '{}'",
                self.field, shape, nb, self.bins
            )));
        }
        if shape.len() == 1 {
            return Ok((bins, v, String::new()));
        }
        let nt = shape[0];
        if nt == 0 {
            return Err(PlotError::input(format!(
                "size distribution: '{}' has no times",
                self.field
            )));
        }
        if let Some(t) = self.time_ns {
            let times = self.ds.time_of(&var.dims()[0]).map_err(|_| {
                PlotError::input(format!(
                    "size distribution: '{}' has no time coordinate to pick {}",
                    self.field,
                    iso_minute(ns_to_s(t).unwrap_or(f64::NAN))
                ))
            })?;
            let (i, ti) = times
                .iter()
                .enumerate()
                .filter(|(_, x)| **x != i64::MIN)
                .min_by_key(|(_, x)| (**x as i128 - t as i128).unsigned_abs())
                .ok_or_else(|| PlotError::input(format!("size distribution: '{}' has no valid times", self.field)))?;
            let row = v[i * nb..(i + 1) * nb].to_vec();
            let when = iso_minute(ns_to_s(*ti).unwrap_or(f64::NAN));
            return Ok((bins, row, when));
        }
        let mut sum = vec![0.0; nb];
        let mut n = vec![0usize; nb];
        for r in 0..nt {
            for (b, x) in v[r * nb..(r + 1) * nb].iter().enumerate() {
                if x.is_finite() {
                    sum[b] += x;
                    n[b] += 1;
                }
            }
        }
        let mean = sum
            .iter()
            .zip(&n)
            .map(|(s, &k)| if k > 0 { s / k as f64 } else { f64::NAN })
            .collect();
        Ok((bins, mean, format!("mean of {nt} spectra")))
    }
}

/// Step edges centred on the bin coordinates `x` (sorted ascending): halfway between
/// neighbours, the outer edges half a neighbouring step out. One bin gets ±0.5.
pub fn centred_edges(x: &[f64]) -> Vec<f64> {
    match x.len() {
        0 => vec![],
        1 => vec![x[0] - 0.5, x[0] + 0.5],
        n => {
            let mut e = Vec::with_capacity(n + 1);
            e.push(x[0] - (x[1] - x[0]) / 2.0);
            e.extend(x.windows(2).map(|w| (w[0] + w[1]) / 2.0));
            e.push(x[n - 1] + (x[n - 1] - x[n - 2]) / 2.0);
            e
        }
    }
}

/// Step edges as matplotlib's `step(x, y, where='pre')` draws them: value `i` spans
/// `[x[i-1], x[i]]`, the first value only the point `x[0]` (edges `x[0], x[0], x[1], …`).
pub fn pre_edges(x: &[f64]) -> Vec<f64> {
    x.first().into_iter().chain(x).copied().collect()
}

/// The outline of stairs over `edges` with heights `y` (NaN heights break the outline): one
/// polyline per run of finite heights.
pub fn stair_lines(edges: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![];
    let mut cur: Vec<(f64, f64)> = vec![];
    for (i, &v) in y.iter().enumerate() {
        if !v.is_finite() || i + 1 >= edges.len() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push((edges[i], v));
        cur.push((edges[i + 1], v));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

impl Figure for SizeDistribution<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (bins, y, when) = self.compute()?;
        let e = if self.act_compat {
            pre_edges(&bins)
        } else {
            centred_edges(&bins)
        };
        let what = format!("size distribution of {}", self.field);
        let mut title = titled(self.ds, &what);
        if !when.is_empty() {
            title = format!("{title}, {when}");
        }
        let (ylo, yhi) = finite_range(y.iter().copied()).ok_or_else(|| {
            PlotError::input(format!(
                "size distribution: '{}' has no finite values{}",
                self.field,
                if when.is_empty() {
                    String::new()
                } else {
                    format!(" ({when})")
                }
            ))
        })?;
        let x = self
            .xrange
            .or_else(|| finite_range(e.iter().copied()))
            .unwrap_or((0.0, 1.0));
        let yr = self.yrange.unwrap_or_else(|| padded((ylo.min(0.0), yhi), 0.05));
        let x_desc = with_units(&self.bins, self.ds.var(&self.bins));
        let y_desc = with_units(&self.field, self.ds.var(&self.field));
        let axes = chart2d::Axes {
            title: &title,
            x,
            y: yr,
            x_desc: &x_desc,
            y_desc: &y_desc,
            grid: true,
        };
        let mut chart = chart2d::frame(root, &axes)?;
        for line in stair_lines(&e, &y) {
            chart
                .draw_series(std::iter::once(PathElement::new(line, style::LINE.stroke_width(2))))
                .map_err(draw_err)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ACT 2.3.4's `plot_size_distribution('n', 'bins')` on values 3, 5, 2 at bins 1, 2, 4 draws
    /// matplotlib's steps-pre path (1,3) (1,5) (2,5) (2,2) (4,2) (read back from its line).
    #[test]
    fn pre_steps_trace_acts_path() {
        let lines = stair_lines(&pre_edges(&[1.0, 2.0, 4.0]), &[3.0, 5.0, 2.0]);
        assert_eq!(lines.len(), 1);
        let mut path = lines[0].clone();
        path.dedup();
        assert_eq!(path, vec![(1.0, 3.0), (1.0, 5.0), (2.0, 5.0), (2.0, 2.0), (4.0, 2.0)]);
        assert!(pre_edges(&[]).is_empty());
    }

    #[test]
    fn steps_are_centred_on_their_bins() {
        assert_eq!(centred_edges(&[1.0, 2.0, 4.0]), vec![0.5, 1.5, 3.0, 5.0]);
        assert_eq!(centred_edges(&[3.0]), vec![2.5, 3.5]);
        let l = stair_lines(&[0.0, 1.0, 2.0, 3.0], &[5.0, f64::NAN, 7.0]);
        assert_eq!(l, vec![vec![(0.0, 5.0), (1.0, 5.0)], vec![(2.0, 7.0), (3.0, 7.0)]]);
    }
}
