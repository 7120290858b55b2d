//! PBL height from lidar/ceilometer backscatter by the gradient and modified-gradient methods
//! (ACT `calculate_gradient_pbl`, `calculate_modified_gradient_pbl`).

use super::find_peaks::find_peaks;
use super::{gradient_rounded, profiles};
use crate::smooth::rolling_mean_centered;
use atmokit_core::{Dataset, Error, Result, Variable};

/// Options shared by both gradient methods (ACT defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct GradientPblOptions {
    /// Backscatter variable (`beta_att`), (time, height); usually log10 backscatter.
    pub parm: String,
    /// Height coordinate, 1-D (`range`).
    pub dis_parm: String,
    /// Heights at or below this (same units as the height) are rejected, default 100.
    pub min_height: f64,
    /// Centred running-mean window along height (gates), default 5; edges are NaN.
    pub smooth_dis: usize,
}

impl Default for GradientPblOptions {
    fn default() -> Self {
        GradientPblOptions {
            parm: "beta_att".into(),
            dis_parm: "range".into(),
            min_height: 100.0,
            smooth_dis: 5,
        }
    }
}

impl GradientPblOptions {
    /// ACT's defaults on the backscatter variable `parm`:
    /// `GradientPblOptions::new("backscatter").smooth_dis(3).min_height(200.0)`.
    pub fn new(parm: impl Into<String>) -> Self {
        GradientPblOptions {
            parm: parm.into(),
            ..Default::default()
        }
    }

    /// Set the height coordinate ([`Self::dis_parm`]).
    pub fn dis_parm(mut self, name: impl Into<String>) -> Self {
        self.dis_parm = name.into();
        self
    }

    /// Set the lowest accepted height ([`Self::min_height`]).
    pub fn min_height(mut self, height: f64) -> Self {
        self.min_height = height;
        self
    }

    /// Set the smoothing window in gates ([`Self::smooth_dis`]).
    pub fn smooth_dis(mut self, gates: usize) -> Self {
        self.smooth_dis = gates;
        self
    }

    /// Check the options against a profile of `n_gates` gates: `smooth_dis` lies in
    /// `1..=n_gates` (a wider window leaves every value NaN and costs `n_gates × smooth_dis`
    /// work) and `min_height` is finite. Errors name the option.
    pub fn validate(&self, n_gates: usize) -> Result<()> {
        if self.smooth_dis == 0 || self.smooth_dis > n_gates {
            return Err(Error::parameter(
                "smooth_dis",
                self.smooth_dis,
                format!(
                    "must lie in 1..={n_gates}, the number of gates of '{}' (--smooth)",
                    self.parm
                ),
            ));
        }
        if !self.min_height.is_finite() {
            return Err(Error::parameter("min_height", self.min_height, "must be finite"));
        }
        Ok(())
    }
}

/// Smoothed profiles, the height axis, the time dim, the height units, and whether the data are f32.
type Smoothed = (Vec<Vec<f64>>, Vec<f64>, String, Option<String>, bool);

/// The smoothed profiles (time, height) and the height axis.
fn smoothed(ds: &Dataset, o: &GradientPblOptions) -> Result<Smoothed> {
    let hvar = ds.get(&o.dis_parm)?;
    if hvar.dims().len() != 1 {
        return Err(Error::data(&o.dis_parm, "a height must be 1-D"));
    }
    let hdim = hvar.dims()[0].clone();
    let (a, is_f32) = profiles(ds, &o.parm, &hdim)?;
    let height = ds.values_f64(&o.dis_parm)?;
    if height.len() != a.ncols() {
        return Err(Error::data(
            &o.dis_parm,
            format!("length {} differs from '{}' ({})", height.len(), o.parm, a.ncols()),
        ));
    }
    o.validate(a.ncols())?;
    let rows = a
        .rows()
        .into_iter()
        .map(|r| rolling_mean_centered(&r.to_vec(), o.smooth_dis, o.smooth_dis, is_f32))
        .collect();
    let time_dim = ds
        .get(&o.parm)?
        .dims()
        .iter()
        .find(|d| **d != hdim)
        .cloned()
        .unwrap_or_else(|| "time".into());
    Ok((rows, height, time_dim, hvar.units().map(str::to_string), is_f32))
}

fn output(
    name: &str,
    time_dim: &str,
    v: Vec<f64>,
    parm: &str,
    description: &str,
    units: Option<String>,
) -> Result<Dataset> {
    let mut ds = Dataset::new();
    let var = Variable::new([time_dim], v)?
        .with_attr("description", description)
        .with_attr("input_parameter", parm)
        .with_attr("units", units.as_deref().unwrap_or("meters"));
    ds.insert(name, var)?;
    Ok(ds)
}

/// Gradient-method PBL height: per profile, the centred running mean over `smooth_dis` gates,
/// `d(β)/dz` by [`super::gradient`] (numpy `np.gradient`, in f32 arithmetic for f32 data), and the height of the first gate with a
/// negative gradient; NaN when that height is ≤ `min_height` or no gate has one (ACT raises
/// StopIteration there). Returns a new Dataset with `pbl_gradient` (time) in the height's units.
///
/// Reference: ACT `act.retrievals.pbl_lidar.calculate_gradient_pbl`; Hayden et al. (1997),
/// Atmos. Environ. 31, 2089–2105 (gradient method).
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_retrievals::lidar::gradient_pbl::{GradientPblOptions, calculate_gradient_pbl};
/// let mut ds = Dataset::new();
/// ds.insert("range", Variable::new(["range"], vec![100.0f64, 200.0, 300.0, 400.0, 500.0, 600.0])?.with_attr("units", "m"))?;
/// // One profile peaking at 300 m: np.gradient is 0 there and first negative at 400 m.
/// let beta = ndarray::arr2(&[[1.0f64, 2.0, 3.0, 2.0, 1.0, 0.0]]);
/// ds.insert("backscatter", Variable::new(["time", "range"], beta)?)?;
/// let opts = GradientPblOptions { parm: "backscatter".into(), smooth_dis: 1, ..Default::default() };
/// let out = calculate_gradient_pbl(&ds, &opts)?;
/// assert_eq!(out.values_f64("pbl_gradient")?, [400.0]);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn calculate_gradient_pbl(ds: &Dataset, o: &GradientPblOptions) -> Result<Dataset> {
    let (rows, h, tdim, units, f32_math) = smoothed(ds, o)?;
    let out = rows
        .iter()
        .map(|p| {
            let g = gradient_rounded(p, &h, f32_math);
            g.iter()
                .position(|&x| x < 0.0)
                .map_or(f64::NAN, |i| if h[i] > o.min_height { h[i] } else { f64::NAN })
        })
        .collect();
    output(
        "pbl_gradient",
        &tdim,
        out,
        &o.parm,
        "Planetary Boundary Layer Estimate via Gradient Method",
        units,
    )
}

/// Modified-gradient PBL height: as [`calculate_gradient_pbl`] but on the second derivative;
/// peaks of `−d²β/dz²` at least 10 gates apart with prominence ≥ `threshold` (scipy
/// `find_peaks(distance=10, prominence=threshold)`, [`find_peaks`]); the first peak above
/// `min_height` is the PBL height, else NaN. Returns `pbl_mod_gradient` (time).
///
/// Reference: ACT `calculate_modified_gradient_pbl` (ACT default threshold 1e-3).
pub fn calculate_modified_gradient_pbl(ds: &Dataset, o: &GradientPblOptions, threshold: f64) -> Result<Dataset> {
    let (rows, h, tdim, units, f32_math) = smoothed(ds, o)?;
    let out = rows
        .iter()
        .map(|p| {
            let d1 = gradient_rounded(p, &h, f32_math);
            let d2: Vec<f64> = gradient_rounded(&d1, &h, f32_math).iter().map(|v| -v).collect();
            find_peaks(&d2, 10, threshold)
                .into_iter()
                .find(|&i| h[i] > o.min_height)
                .map_or(f64::NAN, |i| h[i])
        })
        .collect();
    let mut ds = output(
        "pbl_mod_gradient",
        &tdim,
        out,
        &o.parm,
        "Planetary Boundary Layer Estimate via modified gradient method",
        units,
    )?;
    ds.get_mut("pbl_mod_gradient")?
        .attrs_mut()
        .insert("prominence_threshold".into(), threshold.into());
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synthetic() -> Dataset {
        // log backscatter: rising to a maximum at 600 m (aerosol layer), decaying above
        let h: Vec<f64> = (0..60).map(|i| 15.0 + 30.0 * i as f64).collect();
        let row: Vec<f64> = h
            .iter()
            .map(|&z| {
                if z <= 615.0 {
                    -5.0 + z / 1000.0
                } else {
                    -4.385 - (z - 615.0) / 200.0
                }
            })
            .collect();
        let mut data = row.clone();
        data.extend(row);
        let mut ds = Dataset::new();
        let arr = ndarray::Array2::from_shape_vec((2, 60), data).unwrap().into_dyn();
        ds.insert("beta_att", Variable::new(["time", "range"], arr).unwrap())
            .unwrap();
        ds.insert("range", Variable::new(["range"], h).unwrap().with_attr("units", "m"))
            .unwrap();
        ds
    }

    #[test]
    fn gradient_turns_negative_at_layer_top() {
        let ds = synthetic();
        let o = GradientPblOptions {
            smooth_dis: 3,
            ..Default::default()
        };
        let out = calculate_gradient_pbl(&ds, &o).unwrap();
        let v = out.get("pbl_gradient").unwrap().data().to_f64().unwrap();
        // smoothed peak at 615 m: centred difference first negative at 615 m
        assert_eq!(v[[0]], 615.0);
        let o = GradientPblOptions {
            smooth_dis: 3,
            min_height: 700.0,
            ..Default::default()
        };
        assert!(
            calculate_gradient_pbl(&ds, &o)
                .unwrap()
                .get("pbl_gradient")
                .unwrap()
                .data()
                .to_f64()
                .unwrap()[[1]]
            .is_nan()
        );
    }

    #[test]
    fn modified_gradient_finds_curvature_peak() {
        let ds = synthetic();
        let o = GradientPblOptions {
            smooth_dis: 3,
            ..Default::default()
        };
        let out = calculate_modified_gradient_pbl(&ds, &o, 1e-5).unwrap();
        let v = out.get("pbl_mod_gradient").unwrap().data().to_f64().unwrap();
        // the kink at 615 m gives the most negative second derivative around it
        assert!((585.0..=645.0).contains(&v[[0]]), "{}", v[[0]]);
        assert!(calculate_modified_gradient_pbl(&ds, &GradientPblOptions { parm: "x".into(), ..o }, 1e-5).is_err());
    }

    /// Issue 17 ("Unbounded parameters"): `--smooth 100000` on 252 gates ran for 98 s. The window
    /// is bound by the number of gates and refused, naming the option, before any smoothing.
    #[test]
    fn smoothing_window_is_bound_by_the_gates() {
        let ds = synthetic();
        for bad in [0, 61, 100_000] {
            let o = GradientPblOptions {
                smooth_dis: bad,
                ..Default::default()
            };
            let start = std::time::Instant::now();
            let e = calculate_gradient_pbl(&ds, &o).unwrap_err().to_string();
            assert!(e.contains("smooth_dis") && e.contains("1..=60"), "{e}");
            assert!(calculate_modified_gradient_pbl(&ds, &o, 1e-5).is_err());
            assert!(start.elapsed().as_secs_f64() < 1.0);
        }
        let o = GradientPblOptions {
            min_height: f64::NAN,
            ..Default::default()
        };
        assert!(
            calculate_gradient_pbl(&ds, &o)
                .unwrap_err()
                .to_string()
                .contains("min_height")
        );
        // The whole profile as the window is allowed.
        let o = GradientPblOptions {
            smooth_dis: 60,
            ..Default::default()
        };
        calculate_gradient_pbl(&ds, &o).unwrap();
    }
}
