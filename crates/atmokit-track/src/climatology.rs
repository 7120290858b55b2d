//! Climatology (mean + linear trend + mean seasonal cycle per grid point) and anomalies.
//!
//! Per grid point the series `T(t)` is fitted by least squares with
//!
//! ```text
//! T(t) = β0 + β1·(y − ȳ) + Σ_{k=1..K} [ β(2k)·sin(2πk·y) + β(2k+1)·cos(2πk·y) ]
//! ```
//!
//! where `y` is the time in decimal years (`1970 + seconds / (365.2425·86400)`), `ȳ` its mean
//! over the record, and `K` the number of harmonics (default 2: annual and semi-annual, the
//! 6-coefficient model of Ocetrac's `preprocessing.calculate_anomalies_trend_features`,
//! after Jacox et al. 2020, *Nature* 584, 82–86). The anomaly is `T − fit`, in the units of `T`.
//!
//! Difference from Ocetrac: Ocetrac takes `y = year + month/12`, so every day of a month gets the
//! same time and December of year Y equals January of Y+1 minus 1/12; daily data are fitted with
//! a staircase clock. We use the true decimal year, which is the same for monthly data stamped on
//! the first of the month up to a constant phase and correct for daily data.
//!
//! Missing values (NaN, or a missing time) are left out of that point's fit; a point with fewer
//! valid samples than coefficients (land, or too short a record) gets NaN anomalies.

use crate::Real;
use atmokit_core::{Error, Result};
use ndarray::{Array3, ArrayView3, Axis};
use rayon::prelude::*;

/// Seconds in a mean Gregorian year.
const YEAR_S: f64 = 365.2425 * 86_400.0;

/// Fitted coefficients of the climatological model at every grid point.
#[derive(Clone, Debug)]
pub struct Climatology {
    /// Coefficients `β`, shape `(2 + 2K, ny, nx)`, NaN where the fit is impossible.
    pub coeffs: Array3<f64>,
    /// Number of harmonics `K`.
    pub n_harmonics: usize,
    /// Mean decimal year `ȳ` of the valid times.
    pub mean_year: f64,
}

fn basis(year: f64, mean_year: f64, k: usize, out: &mut [f64]) {
    out[0] = 1.0;
    out[1] = year - mean_year;
    for h in 1..=k {
        let a = 2.0 * std::f64::consts::PI * h as f64 * year;
        out[2 * h] = a.sin();
        out[2 * h + 1] = a.cos();
    }
}

impl Climatology {
    /// Fit the model at every point of `field` (dims time, lat, lon; any units) with times
    /// `time_s` in seconds since 1970 (NaN = missing time) and `n_harmonics` harmonics (0–6).
    ///
    /// One pass over the field, row by row in parallel; the normal matrix is shared by all
    /// points and corrected only for each point's missing samples.
    pub fn fit<T: Real>(field: ArrayView3<'_, T>, time_s: &[f64], n_harmonics: usize) -> Result<Climatology> {
        let (nt, ny, nx) = field.dim();
        if time_s.len() != nt {
            return Err(Error::invalid(format!(
                "climatology: {} times for a field of {nt} time steps",
                time_s.len()
            )));
        }
        if n_harmonics > 6 {
            return Err(Error::parameter(
                "n_harmonics",
                n_harmonics,
                "climatology: must lie in 0..=6",
            ));
        }
        let nb = 2 + 2 * n_harmonics;
        let years: Vec<f64> = time_s.iter().map(|s| 1970.0 + s / YEAR_S).collect();
        let valid_years: Vec<f64> = years.iter().copied().filter(|y| y.is_finite()).collect();
        if valid_years.is_empty() {
            return Err(Error::invalid("climatology: no valid time"));
        }
        let mean_year = valid_years.iter().sum::<f64>() / valid_years.len() as f64;
        // Basis of every time step (NaN row for a missing time).
        let mut bases = vec![f64::NAN; nt * nb];
        let mut xtx = vec![0.0; nb * nb];
        for (t, y) in years.iter().enumerate() {
            if y.is_finite() {
                let b = &mut bases[t * nb..(t + 1) * nb];
                basis(*y, mean_year, n_harmonics, b);
                for i in 0..nb {
                    for j in 0..nb {
                        xtx[i * nb + j] += b[i] * b[j];
                    }
                }
            }
        }
        let mut coeffs = Array3::<f64>::from_elem((nb, ny, nx), f64::NAN);
        let rows: Vec<Vec<f64>> = (0..ny)
            .into_par_iter()
            .map(|y| {
                let mut xty = vec![0.0; nx * nb];
                let mut missing: Vec<Vec<usize>> = vec![Vec::new(); nx];
                for t in 0..nt {
                    let b = &bases[t * nb..(t + 1) * nb];
                    let row = field.index_axis(Axis(0), t);
                    let row = row.index_axis(Axis(0), y);
                    for (x, v) in row.iter().enumerate() {
                        let v = v.to_f64();
                        if !b[0].is_finite() {
                            continue;
                        }
                        if v.is_finite() {
                            let acc = &mut xty[x * nb..(x + 1) * nb];
                            for i in 0..nb {
                                acc[i] += b[i] * v;
                            }
                        } else {
                            missing[x].push(t);
                        }
                    }
                }
                let n_valid_t = valid_years.len();
                let mut out = vec![f64::NAN; nx * nb];
                for x in 0..nx {
                    if n_valid_t - missing[x].len() < nb {
                        continue;
                    }
                    let mut a = xtx.clone();
                    for &t in &missing[x] {
                        let b = &bases[t * nb..(t + 1) * nb];
                        for i in 0..nb {
                            for j in 0..nb {
                                a[i * nb + j] -= b[i] * b[j];
                            }
                        }
                    }
                    let mut rhs = xty[x * nb..(x + 1) * nb].to_vec();
                    if atmokit_core::linalg::solve_in_place(&mut a, &mut rhs, nb).is_some() {
                        out[x * nb..(x + 1) * nb].copy_from_slice(&rhs);
                    }
                }
                out
            })
            .collect();
        for (y, row) in rows.iter().enumerate() {
            for x in 0..nx {
                for k in 0..nb {
                    coeffs[[k, y, x]] = row[x * nb + k];
                }
            }
        }
        Ok(Climatology {
            coeffs,
            n_harmonics,
            mean_year,
        })
    }

    /// The fitted value at time `time_s` (seconds since 1970) and point `(y, x)`.
    pub fn model(&self, time_s: f64, y: usize, x: usize) -> f64 {
        let nb = 2 + 2 * self.n_harmonics;
        let mut b = vec![0.0; nb];
        basis(1970.0 + time_s / YEAR_S, self.mean_year, self.n_harmonics, &mut b);
        (0..nb).map(|k| b[k] * self.coeffs[[k, y, x]]).sum()
    }

    /// Anomalies `field − fit` (same dtype and units as `field`); NaN where the field or the fit
    /// is missing. Errors when the field's shape differs from the fitted one.
    pub fn anomalies<T: Real>(&self, field: ArrayView3<'_, T>, time_s: &[f64]) -> Result<Array3<T>> {
        let (nt, ny, nx) = field.dim();
        let nb = 2 + 2 * self.n_harmonics;
        if self.coeffs.dim() != (nb, ny, nx) || time_s.len() != nt {
            return Err(Error::invalid("climatology: field shape differs from the fitted grid"));
        }
        let mut out = Array3::<T>::from_elem((nt, ny, nx), T::from_f64(f64::NAN));
        out.axis_iter_mut(Axis(0))
            .into_par_iter()
            .enumerate()
            .for_each(|(t, mut slab)| {
                let mut b = vec![0.0; nb];
                basis(1970.0 + time_s[t] / YEAR_S, self.mean_year, self.n_harmonics, &mut b);
                for ((y, x), o) in slab.indexed_iter_mut() {
                    let v = field[[t, y, x]].to_f64();
                    let mut m = 0.0;
                    for (k, bk) in b.iter().enumerate() {
                        m += bk * self.coeffs[[k, y, x]];
                    }
                    *o = T::from_f64(v - m);
                }
            });
        Ok(out)
    }
}

/// Convenience: fit the climatology with `n_harmonics` harmonics and return the anomalies.
pub fn anomalies<T: Real>(field: ArrayView3<'_, T>, time_s: &[f64], n_harmonics: usize) -> Result<Array3<T>> {
    Climatology::fit(field, time_s, n_harmonics)?.anomalies(field, time_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(nt: usize) -> (Vec<f64>, Array3<f64>) {
        // Daily times from 2000-01-01, 3 years; a known model plus a "heatwave" bump.
        let t0 = 946_684_800.0;
        let times: Vec<f64> = (0..nt).map(|i| t0 + i as f64 * 86_400.0).collect();
        let mut f = Array3::<f64>::zeros((nt, 2, 3));
        for (i, s) in times.iter().enumerate() {
            let y = 1970.0 + s / YEAR_S;
            for yy in 0..2 {
                for x in 0..3 {
                    let base = 15.0 + yy as f64 + 0.02 * (y - 2001.5) + 3.0 * (2.0 * std::f64::consts::PI * y).sin()
                        - 0.5 * (4.0 * std::f64::consts::PI * y).cos();
                    f[[i, yy, x]] = base;
                }
            }
        }
        (times, f)
    }

    #[test]
    fn exact_model_gives_zero_anomalies() {
        let (times, f) = series(3 * 365);
        let a = anomalies(f.view(), &times, 2).unwrap();
        assert!(
            a.iter().all(|v| v.abs() < 1e-8),
            "max {}",
            a.iter().fold(0.0f64, |m, v| m.max(v.abs()))
        );
    }

    #[test]
    fn missing_values_are_skipped_and_land_is_nan() {
        let (times, mut f) = series(3 * 365);
        f[[10, 0, 0]] = f64::NAN;
        f[[500, 0, 0]] = f64::NAN;
        for t in 0..f.dim().0 {
            f[[t, 1, 2]] = f64::NAN; // land
        }
        let a = anomalies(f.view(), &times, 2).unwrap();
        assert!(a[[10, 0, 0]].is_nan() && a[[11, 0, 0]].abs() < 1e-8);
        assert!(a[[5, 1, 1]].abs() < 1e-8);
        assert!(
            a.index_axis(Axis(1), 1)
                .index_axis(Axis(1), 2)
                .iter()
                .all(|v| v.is_nan())
        );
    }

    #[test]
    fn anomaly_of_a_bump_is_the_bump_minus_its_share_of_the_fit() {
        // A step of +1 on 10 days out of 1095 in a constant series: with K = 0 (mean + trend) the
        // anomaly inside the bump is 1 − fit, and the fit is known in closed form for the mean
        // part; check the anomaly sums to zero (least squares with an intercept).
        let (times, _) = series(1095);
        let mut f = Array3::<f32>::from_elem((1095, 1, 1), 20.0);
        for t in 500..510 {
            f[[t, 0, 0]] = 21.0;
        }
        let a = anomalies(f.view(), &times, 0).unwrap();
        let s: f64 = a.iter().map(|v| *v as f64).sum();
        assert!(s.abs() < 1e-3, "residuals of a fit with intercept sum to 0, got {s}");
        assert!((a[[505, 0, 0]] - 1.0).abs() < 0.02);
    }

    #[test]
    fn bad_input_errors() {
        let f = Array3::<f64>::zeros((3, 1, 1));
        assert!(Climatology::fit(f.view(), &[0.0, 1.0], 2).is_err());
        assert!(Climatology::fit(f.view(), &[0.0, 1.0, 2.0], 7).is_err());
        // Fewer samples than coefficients: NaN, no panic.
        let a = anomalies(f.view(), &[0.0, 86400.0, 172800.0], 2).unwrap();
        assert!(a.iter().all(|v| v.is_nan()));
    }
}
