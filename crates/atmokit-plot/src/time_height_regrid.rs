//! ACT's `TimeSeriesDisplay.plot_time_height_xsection_from_1d_data(data_field, pres_field,
//! num_time_periods=20, num_y_levels=20)`: 1-D sonde-like samples (a value at a time and a
//! pressure or height) regridded by nearest neighbour onto `num_time × num_y` grid points and
//! drawn as a time-height colour mesh.
//!
//! The grid is ACT's: `num_time` times evenly spaced from the first to the last sample time
//! (pandas `date_range(periods=)`), `num_y` levels evenly spaced from the smallest to the largest
//! y (`numpy.linspace`). Each grid point takes the value of the nearest sample in coordinates
//! rescaled by their ranges (scipy's `NearestNDInterpolator(..., rescale=True)`: time and y
//! each divided by its max − min), so that seconds and hPa weigh alike.

use crate::error::{PlotError, Result};
use crate::figure::Figure;
use crate::panel::{Panel, PanelKind};
use crate::timeseries::TimeSeriesDisplay;
use crate::{Colormap, extract};
use atmokit_core::{Dataset, NAT, Variable};
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most grid points per axis.
pub const MAX_POINTS: usize = 2000;

/// Most distance evaluations (samples × grid points) of one regrid.
pub const MAX_WORK: u128 = 4_000_000_000;

/// A regridded field: `values[(i, j)]` at `times_ns[i]` and `levels[j]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegridGrid {
    /// Grid times, ns since 1970.
    pub times_ns: Vec<i64>,
    /// Grid levels, in the y variable's units.
    pub levels: Vec<f64>,
    /// Values (time × level), NaN where the nearest sample is NaN.
    pub values: Array2<f64>,
}

/// `n` evenly spaced values from `a` to `b` (`numpy.linspace`; `[a]` when `n` is 1).
fn linspace(a: f64, b: f64, n: usize) -> Vec<f64> {
    if n == 1 {
        return vec![a];
    }
    let step = (b - a) / (n - 1) as f64;
    (0..n)
        .map(|i| if i == n - 1 { b } else { a + step * i as f64 })
        .collect()
}

/// Regrid samples `(t_ns[k], y[k]) → v[k]` onto ACT's `num_time × num_y` grid by nearest
/// neighbour (see the module docs). Samples with a missing time (NaT) or a non-finite y are left
/// out; NaN values are kept (a grid point nearest to one is NaN). Of equally near samples the
/// first wins.
///
/// ```
/// use atmokit_plot::time_height_regrid::nearest_regrid;
/// // Two launches (t = 0 and 100 s), two levels each.
/// let g = nearest_regrid(&[0, 0, 100, 100], &[1000.0, 500.0, 1000.0, 500.0], &[1.0, 2.0, 3.0, 4.0], 2, 3)?;
/// assert_eq!(g.levels, vec![500.0, 750.0, 1000.0]);
/// // At 750 hPa both samples are equally near: the first (3.0, at 1000 hPa) wins.
/// assert_eq!(g.values.row(1).to_vec(), vec![4.0, 3.0, 3.0]);
/// # Ok::<(), atmokit_plot::PlotError>(())
/// ```
pub fn nearest_regrid(t_ns: &[i64], y: &[f64], v: &[f64], num_time: usize, num_y: usize) -> Result<RegridGrid> {
    if t_ns.len() != y.len() || y.len() != v.len() {
        return Err(PlotError::input(format!(
            "regrid: {} times, {} levels and {} values differ in length",
            t_ns.len(),
            y.len(),
            v.len()
        )));
    }
    if !(1..=MAX_POINTS).contains(&num_time) || !(1..=MAX_POINTS).contains(&num_y) {
        return Err(PlotError::input(format!(
            "regrid: {num_time} × {num_y} grid points; each must be 1..={MAX_POINTS}"
        )));
    }
    // Every grid point looks at every sample: bound the work (~1 s per 10⁹).
    let work = (v.len() as u128) * (num_time as u128) * (num_y as u128);
    if work > MAX_WORK {
        return Err(PlotError::input(format!(
            "regrid: {} samples × {num_time} × {num_y} grid points is too much work; use fewer grid points",
            v.len()
        )));
    }
    let pts: Vec<(i64, f64, f64)> = (0..v.len())
        .filter(|&k| t_ns[k] != NAT && y[k].is_finite())
        .map(|k| (t_ns[k], y[k], v[k]))
        .collect();
    let (Some(t0), Some(t1)) = (pts.iter().map(|p| p.0).min(), pts.iter().map(|p| p.0).max()) else {
        return Err(PlotError::input(
            "regrid: no sample has both a valid time and a finite level",
        ));
    };
    let (y0, y1) = extract::finite_range(pts.iter().map(|p| p.1)).unwrap_or((0.0, 0.0));
    // Offsets from t0 in seconds keep f64 precision.
    let ts = |t: i64| (t - t0) as f64 * 1e-9;
    let span_t = if t1 > t0 { ts(t1) } else { 1.0 };
    let span_y = if y1 > y0 { y1 - y0 } else { 1.0 };
    let scaled: Vec<(f64, f64)> = pts.iter().map(|p| (ts(p.0) / span_t, p.1 / span_y)).collect();
    let gt = linspace(0.0, (t1 - t0) as f64, num_time);
    let levels = linspace(y0, y1, num_y);
    let mut values = Array2::from_elem((num_time, num_y), f64::NAN);
    for (i, &dt) in gt.iter().enumerate() {
        let gx = dt * 1e-9 / span_t;
        for (j, &lev) in levels.iter().enumerate() {
            let gy = lev / span_y;
            let mut best = (f64::INFINITY, 0);
            for (k, &(sx, sy)) in scaled.iter().enumerate() {
                let d = (sx - gx).powi(2) + (sy - gy).powi(2);
                if d < best.0 {
                    best = (d, k);
                }
            }
            values[(i, j)] = pts[best.1].2;
        }
    }
    let times_ns = gt.iter().map(|&d| t0 + d.round() as i64).collect();
    Ok(RegridGrid {
        times_ns,
        levels,
        values,
    })
}

/// The figure: the regridded field as a time-height mesh with a colorbar, the y axis inverted
/// when the y variable's units are a pressure (ACT recommends `invert_y_axis=True` there), titled
/// `<datastream> <field> on <date>`.
///
/// ```no_run
/// # fn demo(ds: &atmokit_core::Dataset) -> atmokit_plot::Result<()> {
/// use atmokit_plot::time_height_regrid::TimeHeightFrom1d;
/// let fig = TimeHeightFrom1d::new(ds, "tdry", "pres", 20, 20)?;
/// atmokit_plot::save(&fig, "tdry_xsection.png")?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TimeHeightFrom1d {
    grid_ds: Dataset,
    panel: Panel,
    size: (u32, u32),
}

/// True for pressure units (hPa, Pa, kPa, mb, mbar), whose axes are drawn upside down.
fn is_pressure(units: Option<&str>) -> bool {
    units.is_some_and(|u| {
        ["hpa", "pa", "kpa", "mb", "mbar", "millibar"].contains(&u.trim().to_ascii_lowercase().as_str())
    })
}

impl TimeHeightFrom1d {
    /// Regrid the 1-D `field` against time and the 1-D `y_field` (same dimension) onto
    /// `num_time × num_y` points.
    pub fn new(ds: &Dataset, field: &str, y_field: &str, num_time: usize, num_y: usize) -> Result<Self> {
        let var = ds.get(field)?;
        let yvar = ds.get(y_field)?;
        if var.dims().len() != 1 || yvar.dims() != var.dims() {
            return Err(PlotError::input(format!(
                "'{field}' and '{y_field}' must both be 1-D on the same dimension (got {:?} and {:?}); use a mesh for 2-D data",
                var.dims(),
                yvar.dims()
            )));
        }
        let t = ds.time_of(&var.dims()[0]).map_err(|_| {
            PlotError::input(format!(
                "'{field}': its dimension '{}' has no time coordinate",
                var.dims()[0]
            ))
        })?;
        let grid = nearest_regrid(
            &t.to_vec(),
            &ds.values_f64(y_field)?,
            &ds.values_f64(field)?,
            num_time,
            num_y,
        )?;
        if !grid.values.iter().any(|v| v.is_finite()) {
            return Err(PlotError::input(format!("'{field}' has no finite values to colour")));
        }
        let mut g = Dataset::new();
        let err = |e: atmokit_core::Error| PlotError::from(e);
        g.insert("time", Variable::time("time", grid.times_ns.clone()))
            .map_err(err)?;
        let mut level = Variable::new([y_field], grid.levels.clone()).map_err(err)?;
        if let Some(u) = yvar.units() {
            level = level.with_attr("units", u);
        }
        g.insert(y_field, level).map_err(err)?;
        let mut z = Variable::new(["time", y_field], grid.values.clone().into_dyn()).map_err(err)?;
        if let Some(u) = var.units() {
            z = z.with_attr("units", u);
        }
        g.insert(field, z).map_err(err)?;
        if let Some(d) = ds.attr_str("_datastream").or_else(|| ds.attr_str("datastream")) {
            g.attrs_mut().insert("datastream".into(), d.into());
        }
        let (lo, hi) = (grid.levels[0], grid.levels[grid.levels.len() - 1]);
        let pad = if hi > lo {
            (hi - lo) / (2.0 * (num_y.max(2) - 1) as f64)
        } else {
            0.5
        };
        let panel = Panel::new(field).kind(PanelKind::Mesh).act_compat(true);
        let panel = if is_pressure(yvar.units()) {
            panel.yrange(hi + pad, lo - pad)
        } else {
            panel.yrange(lo - pad, hi + pad)
        };
        Ok(TimeHeightFrom1d {
            grid_ds: g,
            panel,
            size: (1000, 400),
        })
    }

    /// The regridded dataset (`time`, the level variable named after the y field, the field).
    pub fn grid(&self) -> &Dataset {
        &self.grid_ds
    }

    /// Draw the y axis upside down (`true`, the default for pressure) or increasing upwards.
    pub fn invert_y(mut self, on: bool) -> Self {
        if let Some((a, b)) = self.panel.yrange {
            self.panel.yrange = Some(if on { (a.max(b), a.min(b)) } else { (a.min(b), a.max(b)) });
        }
        self
    }

    /// Colormap and optional colour range (default: the grid's min and max, as matplotlib).
    pub fn colors(mut self, cmap: Colormap, vrange: Option<(f64, f64)>) -> Self {
        self.panel.cmap = cmap;
        self.panel.vrange = vrange;
        self
    }

    /// Figure size in pixels.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// Title instead of the default.
    pub fn title(mut self, t: &str) -> Self {
        self.panel.title = Some(t.to_string());
        self
    }
}

impl Figure for TimeHeightFrom1d {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        TimeSeriesDisplay::new(&self.grid_ds)
            .with_size(self.size.0, self.size.1)
            .panel(self.panel.clone())
            .draw(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::render_rgb;

    #[test]
    fn rescaled_distance_and_grid() {
        // Time spans 1000 s, y spans 10: a grid point at (500 s, 0) is 0.5 from the sample at
        // (0 s, 0) and 0.6 from (500 s, 6) in rescaled units, so the first wins even though it is
        // 500 s away.
        let s = 1_000_000_000i64;
        let g = nearest_regrid(
            &[0, 500 * s, 1000 * s, 1000 * s],
            &[0.0, 6.0, 10.0, 0.0],
            &[1.0, 2.0, 3.0, 4.0],
            3,
            2,
        )
        .unwrap();
        assert_eq!(g.times_ns, vec![0, 500 * s, 1000 * s]);
        assert_eq!(g.levels, vec![0.0, 10.0]);
        assert_eq!(g.values[(1, 0)], 1.0);
        assert_eq!(g.values[(1, 1)], 2.0);
        assert_eq!(g.values[(2, 0)], 4.0);
    }

    #[test]
    fn bad_input_is_refused() {
        assert!(nearest_regrid(&[0], &[1.0, 2.0], &[1.0], 2, 2).is_err());
        assert!(nearest_regrid(&[0], &[1.0], &[1.0], 0, 2).is_err());
        let e = nearest_regrid(&[NAT], &[1.0], &[1.0], 2, 2).unwrap_err().to_string();
        assert!(e.contains("no sample"), "{e}");
        // One sample: a constant grid.
        let g = nearest_regrid(&[5], &[1.0], &[7.0], 2, 2).unwrap();
        assert!(g.values.iter().all(|v| *v == 7.0));
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 1_000_000_000]))
            .unwrap();
        ds.insert("p", Variable::new(["time"], vec![1000.0f32, 900.0]).unwrap())
            .unwrap();
        ds.insert("t", Variable::new(["time"], vec![f32::NAN; 2]).unwrap())
            .unwrap();
        let e = TimeHeightFrom1d::new(&ds, "t", "p", 4, 4).unwrap_err().to_string();
        assert!(e.contains("'t'") && e.contains("finite"), "{e}");
        // One sample (one time, one level) still draws.
        let mut one = Dataset::new();
        one.insert("time", Variable::time("time", vec![0])).unwrap();
        one.insert("p", Variable::new(["time"], vec![1000.0f32]).unwrap())
            .unwrap();
        one.insert("t", Variable::new(["time"], vec![5.0f32]).unwrap()).unwrap();
        assert!(render_rgb(&TimeHeightFrom1d::new(&one, "t", "p", 3, 3).unwrap()).is_ok());
        let big = vec![0i64; 2_000_000];
        let e = nearest_regrid(&big, &vec![1.0; big.len()], &vec![1.0; big.len()], 2000, 2000)
            .unwrap_err()
            .to_string();
        assert!(e.contains("too much work"), "{e}");
    }

    #[test]
    fn pressure_axis_is_upside_down() {
        // Warm at 1000 hPa (bottom), cold at 500 hPa (top).
        let mut ds = Dataset::new();
        let s = 1_000_000_000i64;
        ds.insert("time", Variable::time("time", vec![0, 0, 3600 * s, 3600 * s]))
            .unwrap();
        ds.insert(
            "p",
            Variable::new(["time"], vec![1000.0f32, 500.0, 1000.0, 500.0])
                .unwrap()
                .with_attr("units", "hPa"),
        )
        .unwrap();
        ds.insert("t", Variable::new(["time"], vec![20.0f32, -20.0, 20.0, -20.0]).unwrap())
            .unwrap();
        let fig = TimeHeightFrom1d::new(&ds, "t", "p", 10, 10)
            .unwrap()
            .with_size(600, 400);
        let img = render_rgb(&fig).unwrap();
        let top = Colormap::Viridis.at(1.0);
        let bottom = Colormap::Viridis.at(0.0);
        // Inside the plot area (left label area 70 px, colorbar 120 px at the right).
        let (x, y_top, y_bot) = (250, 60, 330);
        assert_eq!(img.pixel(x, y_bot), Some([top.0, top.1, top.2]));
        assert_eq!(img.pixel(x, y_top), Some([bottom.0, bottom.1, bottom.2]));
        let img = render_rgb(&fig.invert_y(false)).unwrap();
        assert_eq!(img.pixel(x, y_top), Some([top.0, top.1, top.2]));
    }
}
