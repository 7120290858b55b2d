//! ACT `TimeSeriesDisplay.plot_stripes`: climate ("warming") stripes, one vertical stripe per
//! sample coloured by its anomaly from the mean over a reference period (default: all data), on
//! a diverging blue-white-red map symmetric about zero.

use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::extract::{datastream, times_s};
use crate::figure::Figure;
use crate::mesh::{ColorScale, blit, draw_colorbar};
use crate::panel::{self, Frame, PanelGeometry};
use crate::time_axis::yyyymmdd;
use atmokit_core::Dataset;
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

/// Anomalies of `v` from its mean over samples whose time lies in `reference` (all when `None`).
pub fn anomalies(t: &[f64], v: &[f64], reference: Option<(f64, f64)>) -> Option<Vec<f64>> {
    let in_ref = |ti: f64| reference.is_none_or(|(a, b)| ti >= a && ti <= b);
    let sel: Vec<f64> = t
        .iter()
        .zip(v)
        .filter(|(ti, vi)| in_ref(**ti) && vi.is_finite())
        .map(|(_, vi)| *vi)
        .collect();
    if sel.is_empty() {
        return None;
    }
    let mean = sel.iter().sum::<f64>() / sel.len() as f64;
    Some(v.iter().map(|x| x - mean).collect())
}

/// Climate stripes of a 1-D field.
#[derive(Debug, Clone)]
pub struct ClimateStripes<'a> {
    ds: &'a Dataset,
    field: String,
    reference_ns: Option<(i64, i64)>,
    cmap: Colormap,
    size: (u32, u32),
    geometry: RefCell<Option<PanelGeometry>>,
}

impl<'a> ClimateStripes<'a> {
    /// Stripes of `field`, reference = whole record, `bwr` colours.
    pub fn new(ds: &'a Dataset, field: &str) -> Self {
        ClimateStripes {
            ds,
            field: field.into(),
            reference_ns: None,
            cmap: Colormap::Bwr,
            size: (1000, 300),
            geometry: RefCell::new(None),
        }
    }
    /// Set the pixel size.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }
    /// Where the stripes were drawn by the last render (y spans 0..1).
    pub fn geometry(&self) -> Option<PanelGeometry> {
        self.geometry.borrow().clone()
    }
    /// Reference period [t0, t1] in ns since 1970.
    pub fn reference(mut self, t0: i64, t1: i64) -> Self {
        self.reference_ns = Some((t0, t1));
        self
    }
}

impl Figure for ClimateStripes<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let t = times_s(self.ds, &self.field)?;
        let v = self.ds.values_f64(&self.field)?;
        if v.len() != t.len() {
            return Err(PlotError::input(format!(
                "'{}' must be 1-D over time for stripes",
                self.field
            )));
        }
        let reference = self.reference_ns.map(|(a, b)| (a as f64 * 1e-9, b as f64 * 1e-9));
        let an = anomalies(&t, &v, reference).ok_or_else(|| {
            PlotError::input(format!("'{}' has no finite values in the reference period", self.field))
        })?;
        let amax = an
            .iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(0.0, |m: f64, x| m.max(x.abs()))
            .max(f64::MIN_POSITIVE);
        let x =
            crate::extract::finite_range(t.iter().copied()).ok_or_else(|| PlotError::input("every time is missing"))?;
        let scale = ColorScale {
            vmin: -amax,
            vmax: amax,
            cmap: self.cmap,
            log: false,
        };
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(110));
        let title = format!(
            "{} {} anomaly stripes from {}",
            datastream(self.ds),
            self.field,
            yyyymmdd(x.0)
        );
        let fmt = |_: &f64| String::new();
        let frame = Frame {
            title: &title,
            x,
            y: (0.0, 1.0),
            yticks: Vec::new(),
            y_desc: "",
            y_label_width: 20,
            y_fmt: &fmt,
            act_compat: false,
        };
        let mut chart = panel::build(&left, &frame)?;
        let size = chart.plotting_area().dim_in_pixel();
        let z = Array2::from_shape_vec((an.len(), 1), an).map_err(|e| PlotError::Draw(e.to_string()))?;
        let buf = crate::mesh::rasterize(
            z.view(),
            &t,
            &[0.5],
            x,
            (0.0, 1.0),
            size,
            &scale,
            crate::mesh_bins::Aggregate::Mean,
            [255, 255, 255],
        );
        blit(&chart.plotting_area().strip_coord_spec(), size, buf)?;
        panel::draw_axes(&mut chart, &frame, false)?;
        *self.geometry.borrow_mut() = Some(panel::geometry(&chart, &self.field, &frame));
        let units = self.ds.var(&self.field).and_then(|v| v.units()).unwrap_or("");
        draw_colorbar(&right.margin(28, 0, 0, 0), &scale, &format!("anomaly ({units})"))
    }
}

#[cfg(test)]
mod tests {
    use super::anomalies;

    #[test]
    fn anomalies_from_the_reference_mean() {
        let t = [0.0, 1.0, 2.0, 3.0];
        let v = [1.0, 3.0, 10.0, f64::NAN];
        assert_eq!(anomalies(&t, &v, Some((0.0, 1.0))).unwrap()[..3], [-1.0, 1.0, 8.0]);
        assert!(anomalies(&t, &v, Some((5.0, 6.0))).is_none());
    }
}
