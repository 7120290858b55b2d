//! Horizontal wind profiles from Doppler lidar PPI scans (ACT `compute_winds_from_ppi`).

use crate::input::{Want, values_1d};
use atmokit_core::{Dataset, Error, Result, Variable};
use ndarray::Array2;

/// Options of [`compute_winds_from_ppi`] (ACT's defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct PpiOptions {
    /// Elevation of each ray (degrees), `elevation`.
    pub elevation_name: String,
    /// Azimuth of each ray (degrees), `azimuth`.
    pub azimuth_name: String,
    /// Radial velocity (time, range) m/s, `radial_velocity`.
    pub radial_velocity_name: String,
    /// SNR (time, range), `signal_to_noise_ratio`; used when `intensity_name` is None and it exists.
    pub snr_name: String,
    /// Intensity (SNR + 1); when set, SNR = intensity − 1. If None and `snr_name` is absent,
    /// `intensity` is used.
    pub intensity_name: Option<String>,
    /// Samples with SNR below this are not used, 0.008.
    pub snr_threshold: f64,
    /// Drop scans where every gate failed, false.
    pub remove_all_missing: bool,
    /// Gates whose normal matrix has a Frobenius condition number ≥ this are NaN, 1e4.
    pub condition_limit: f64,
}

impl Default for PpiOptions {
    fn default() -> Self {
        PpiOptions {
            elevation_name: "elevation".into(),
            azimuth_name: "azimuth".into(),
            radial_velocity_name: "radial_velocity".into(),
            snr_name: "signal_to_noise_ratio".into(),
            intensity_name: None,
            snr_threshold: 0.008,
            remove_all_missing: false,
            condition_limit: 1e4,
        }
    }
}

/// One range gate's VAD fit.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct GateFit {
    /// Eastward wind (m/s).
    pub u: f64,
    /// Northward wind (m/s).
    pub v: f64,
    /// Vertical wind (m/s).
    pub w: f64,
    /// Standard errors of u, v (m/s).
    pub u_err: f64,
    /// Standard error of v (m/s).
    pub v_err: f64,
    /// `√(χ²/n)` (m/s).
    pub residual: f64,
    /// Pearson correlation of fitted and observed radial velocities.
    pub correlation: f64,
}

/// Inverse of a 3×3 matrix by cofactors; None when singular to working precision
/// (`|det| ≤ 1e-12 ‖A‖_F³`, where cofactors are rounding noise and the condition number would
/// be ≳ 1e12 anyway).
fn inv3(a: &[[f64; 3]; 3]) -> Option<[[f64; 3]; 3]> {
    let c = |r0: usize, r1: usize, c0: usize, c1: usize| a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0];
    let cof = [
        [c(1, 2, 1, 2), -c(1, 2, 0, 2), c(1, 2, 0, 1)],
        [-c(0, 2, 1, 2), c(0, 2, 0, 2), -c(0, 2, 0, 1)],
        [c(0, 1, 1, 2), -c(0, 1, 0, 2), c(0, 1, 0, 1)],
    ];
    let det = a[0][0] * cof[0][0] + a[0][1] * cof[0][1] + a[0][2] * cof[0][2];
    let scale = frob(a).powi(3);
    if !det.is_finite() || det.abs() <= 1e-12 * scale {
        return None;
    }
    let mut inv = [[0.0; 3]; 3];
    for (i, row) in inv.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            *x = cof[j][i] / det;
        }
    }
    Some(inv)
}

fn frob(a: &[[f64; 3]; 3]) -> f64 {
    a.iter().flatten().map(|x| x * x).sum::<f64>().sqrt()
}

/// Least-squares fit `v_r = u x̂ + v ŷ + w ẑ` over the rays of one gate (Newsom et al. 2016):
/// normal equations `A c = b`, `A = Σ ê êᵀ`, `b = Σ v_r ê`, solved by the explicit inverse when
/// `‖A‖_F ‖A⁻¹‖_F < condition_limit`; `σ_u = √(χ²/(n−3) A⁻¹₀₀)`. None with fewer than 4 rays.
pub fn fit_gate(unit: &[[f64; 3]], vr: &[f64], condition_limit: f64) -> Option<GateFit> {
    let n = vr.len();
    if n < 4 {
        return None;
    }
    let mut a = [[0.0; 3]; 3];
    let mut b = [0.0; 3];
    for (e, &v) in unit.iter().zip(vr) {
        for i in 0..3 {
            b[i] += v * e[i];
            for j in 0..3 {
                a[i][j] += e[i] * e[j];
            }
        }
    }
    let ai = inv3(&a)?;
    let condition = frob(&a) * frob(&ai);
    if condition.is_nan() || condition >= condition_limit {
        return None;
    }
    let c: Vec<f64> = (0..3).map(|j| (0..3).map(|i| b[i] * ai[i][j]).sum()).collect();
    let fit: Vec<f64> = unit.iter().map(|e| e[0] * c[0] + e[1] * c[1] + e[2] * c[2]).collect();
    let chisq: f64 = fit.iter().zip(vr).map(|(f, o)| (f - o) * (f - o)).sum();
    let mean = |x: &[f64]| x.iter().sum::<f64>() / x.len() as f64;
    let (mf, mo) = (mean(&fit), mean(vr));
    let cov: f64 = fit.iter().zip(vr).map(|(f, o)| (f - mf) * (o - mo)).sum();
    let vf: f64 = fit.iter().map(|f| (f - mf) * (f - mf)).sum();
    let vo: f64 = vr.iter().map(|o| (o - mo) * (o - mo)).sum();
    let dof = (n - 3) as f64;
    Some(GateFit {
        u: c[0],
        v: c[1],
        w: c[2],
        u_err: (chisq / dof * ai[0][0]).sqrt(),
        v_err: (chisq / dof * ai[1][1]).sqrt(),
        residual: (chisq / n as f64).sqrt(),
        correlation: cov / (vf * vo).sqrt(),
    })
}

/// Results of all scans, row per scan.
struct Profiles {
    time: Vec<i64>,
    rows: Vec<[Vec<f64>; 7]>,
}

/// Horizontal wind profiles from Doppler lidar PPI scans (VAD, Newsom et al. 2016), one profile
/// per scan.
///
/// Scans start where the rounded azimuth returns to the first ray's value and all have the
/// length of the first one. Per scan and range gate, rays with `SNR ≥ snr_threshold` and a finite
/// radial velocity (≥ 4 needed) are fitted by [`fit_gate`] with unit vectors
/// `x̂ = sin az cos el`, `ŷ = cos az cos el`, `ẑ = sin el` (float32 trigonometry as ACT).
/// Derived: `wind_speed = √(u² + v²)` (m/s), `wind_direction = deg(atan2(u, v) + π)` (degree),
/// `wind_speed_error = √((u σu)² + (v σv)²)/speed`, `wind_direction_error = deg(√((u σv)² + (v σu)²)/speed²)`,
/// `signal_to_noise_ratio` (scan mean, NaN ignored), `residual`, `correlation`, on
/// (time = mid-scan, height = range · median(sin el)).
///
/// Returns a new Dataset (None of ACT's `return_ds` appending: concatenate with
/// `Dataset::concat`). A range without units is taken as metres (ACT guesses km when the first
/// gate is ≤ 0).
/// Reference: Newsom, R. K. et al. (2016), DOE/SC-ARM-TR-149; ACT
/// `act.retrievals.doppler_lidar.compute_winds_from_ppi`.
pub fn compute_winds_from_ppi(ds: &Dataset, o: &PpiOptions) -> Result<Dataset> {
    if !o.snr_threshold.is_finite() {
        return Err(Error::parameter(
            "snr_threshold",
            o.snr_threshold,
            "must be finite (--snr-threshold)",
        ));
    }
    let az_deg = values_1d(ds, &o.azimuth_name, Want::Degree)?;
    let el_deg = values_1d(ds, &o.elevation_name, Want::Degree)?;
    let n = az_deg.len();
    if n == 0 || el_deg.len() != n {
        return Err(Error::invalid(format!(
            "'{}' and '{}' must be non-empty and of equal length",
            o.azimuth_name, o.elevation_name
        )));
    }
    let (snr_name, is_intensity) = match &o.intensity_name {
        Some(i) => (i.clone(), true),
        None if ds.contains(&o.snr_name) => (o.snr_name.clone(), false),
        None => ("intensity".to_string(), true),
    };
    let snr_var = ds.get(&snr_name)?;
    let vr_var = ds.get(&o.radial_velocity_name)?;
    let time = ds.time()?.to_vec();
    let tdim = snr_var.dims().first().cloned().unwrap_or_default();
    let hdim = snr_var
        .dims()
        .iter()
        .find(|d| **d != tdim)
        .cloned()
        .ok_or_else(|| Error::data(&snr_name, "must be (time, range)"))?;
    let to2 = |v: &Variable, name: &str| -> Result<Array2<f64>> {
        let a = v.data().to_f64().ok_or_else(|| Error::not_numeric(name, v.dtype()))?;
        let a = a
            .into_dimensionality::<ndarray::Ix2>()
            .map_err(|_| Error::data(name, "must be 2-D (time, range)"))?;
        if a.nrows() != n {
            return Err(Error::data(name, format!("has {} rays, azimuth has {n}", a.nrows())));
        }
        Ok(a)
    };
    let mut snr = to2(snr_var, &snr_name)?;
    if is_intensity {
        let f32_in = snr_var.dtype() == atmokit_core::DType::F32;
        snr.mapv_inplace(|x| if f32_in { (x as f32 - 1.0) as f64 } else { x - 1.0 });
    }
    let vr = to2(vr_var, &o.radial_velocity_name)?;
    if vr.ncols() != snr.ncols() || time.len() != n {
        return Err(Error::invalid(format!(
            "'{}', '{snr_name}' and time disagree in shape",
            o.radial_velocity_name
        )));
    }
    let rvar = ds.get(&hdim)?;
    let rng = ds.values_f64(&hdim)?;
    let height_units = rvar.units().unwrap_or("m").to_string();
    let ngates = rng.len();
    // scan starts
    let rounded: Vec<i64> = az_deg.iter().map(|a| a.round_ties_even() as i64).collect();
    let starts: Vec<usize> = (0..n).filter(|&i| rounded[i] == rounded[0]).collect();
    let scan_len = if starts.len() > 1 { starts[1] - starts[0] } else { n };
    // float32 trigonometry, as numpy on ARM's float32 angles
    let el_r: Vec<f32> = el_deg.iter().map(|&e| (e as f32).to_radians()).collect();
    let az_r: Vec<f32> = az_deg.iter().map(|&a| (a as f32).to_radians()).collect();
    let unit: Vec<[f64; 3]> = (0..n)
        .map(|i| {
            [
                (az_r[i].sin() * el_r[i].cos()) as f64,
                (az_r[i].cos() * el_r[i].cos()) as f64,
                el_r[i].sin() as f64,
            ]
        })
        .collect();
    let mut out = Profiles {
        time: Vec::new(),
        rows: Vec::new(),
    };
    let mut height = Vec::new();
    for &s in &starts {
        let e = (s + scan_len).min(n);
        let rays: Vec<usize> = (s..e).collect();
        let mut sins: Vec<f32> = rays.iter().map(|&i| el_r[i].sin()).collect();
        sins.sort_by(|a, b| a.total_cmp(b));
        let m = sins.len();
        let med = if m % 2 == 1 {
            sins[m / 2]
        } else {
            (sins[m / 2 - 1] + sins[m / 2]) / 2.0
        };
        if height.is_empty() {
            height = rng.iter().map(|&r| (r as f32 * med) as f64).collect();
        }
        let mut cols: [Vec<f64>; 7] = std::array::from_fn(|_| vec![f64::NAN; ngates]);
        for g in 0..ngates {
            let sel: Vec<usize> = rays
                .iter()
                .copied()
                .filter(|&i| snr[[i, g]] >= o.snr_threshold && vr[[i, g]].is_finite())
                .collect();
            let u: Vec<[f64; 3]> = sel.iter().map(|&i| unit[i]).collect();
            let v: Vec<f64> = sel.iter().map(|&i| vr[[i, g]]).collect();
            if let Some(f) = fit_gate(&u, &v, o.condition_limit) {
                let spd = f.u.hypot(f.v);
                cols[0][g] = spd;
                cols[1][g] = (f.u.atan2(f.v) + std::f64::consts::PI).to_degrees();
                cols[2][g] = ((f.u * f.u_err).powi(2) + (f.v * f.v_err).powi(2)).sqrt() / spd;
                cols[3][g] = (((f.u * f.v_err).powi(2) + (f.v * f.u_err).powi(2)).sqrt() / (spd * spd)).to_degrees();
                cols[5][g] = f.residual;
                cols[6][g] = f.correlation;
            }
            let fin: Vec<f64> = rays.iter().map(|&i| snr[[i, g]]).filter(|x| !x.is_nan()).collect();
            cols[4][g] = if fin.is_empty() {
                f64::NAN
            } else {
                fin.iter().sum::<f64>() / fin.len() as f64
            };
        }
        if o.remove_all_missing && cols[0].iter().all(|x| x.is_nan()) {
            continue;
        }
        let (t0, t1) = (time[s], time[e - 1]);
        out.time.push(t0 + (t1 - t0) / 2);
        out.rows.push(cols);
    }
    let nt = out.rows.len();
    let mut res = Dataset::new();
    res.insert(
        "time",
        Variable::time("time", out.time.clone()).with_attr("long_name", "Time in UTC"),
    )?;
    res.insert(
        "height",
        Variable::new(["height"], height)?
            .with_attr("long_name", "Height to center of bin")
            .with_attr("units", height_units.as_str()),
    )?;
    let meta: [(&str, &str, &str); 7] = [
        ("wind_speed", "Wind speed", "m/s"),
        ("wind_direction", "Wind direction", "degree"),
        ("wind_speed_error", "Wind speed error", "m/s"),
        ("wind_direction_error", "Wind direction error", "degree"),
        ("signal_to_noise_ratio", "Signal to noise ratio mean over PPI scan", "1"),
        ("residual", "Residual values (Square Root of Chi Square)", "m/s"),
        ("correlation", "Correlation coefficient", "1"),
    ];
    for (k, (name, long, units)) in meta.iter().enumerate() {
        let mut flat = Vec::with_capacity(nt * ngates);
        for row in &out.rows {
            flat.extend_from_slice(&row[k]);
        }
        let arr = Array2::from_shape_vec((nt, ngates), flat)
            .map_err(|e| Error::invalid(e.to_string()))?
            .into_dyn();
        res.insert(
            name,
            Variable::new(["time", "height"], arr)?
                .with_attr("long_name", *long)
                .with_attr("units", *units),
        )?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rays(el_deg: f64, az: &[f64]) -> Vec<[f64; 3]> {
        az.iter()
            .map(|&a| {
                let (a, e) = (a.to_radians(), el_deg.to_radians());
                [a.sin() * e.cos(), a.cos() * e.cos(), e.sin()]
            })
            .collect()
    }

    #[test]
    fn exact_wind_is_recovered() {
        let az: Vec<f64> = (0..8).map(|i| 45.0 * i as f64).collect();
        let unit = rays(60.0, &az);
        let (u, v, w) = (3.0, -4.0, 0.5);
        let vr: Vec<f64> = unit.iter().map(|e| u * e[0] + v * e[1] + w * e[2]).collect();
        let f = fit_gate(&unit, &vr, 1e4).unwrap();
        assert!((f.u - u).abs() < 1e-12 && (f.v - v).abs() < 1e-12 && (f.w - w).abs() < 1e-12);
        assert!(f.residual < 1e-12 && (f.correlation - 1.0).abs() < 1e-12);
        assert!(fit_gate(&unit[..3], &vr[..3], 1e4).is_none(), "fewer than 4 rays");
        // all rays at one azimuth: singular / ill-conditioned
        let same = rays(60.0, &[10.0, 10.0, 10.0, 10.0]);
        let f = fit_gate(&same, &[1.0, 1.0, 1.0, 1.0], 1e4);
        assert!(f.is_none(), "{f:?}");
    }

    #[test]
    fn dataset_round_trip_wind_from_west() {
        // 8 rays, 2 gates, wind from 270° at 5 m/s: u = 5, v = 0
        let az: Vec<f32> = (0..8).map(|i| 45.0 * i as f32).collect();
        let unit = rays(60.0, &az.iter().map(|&a| a as f64).collect::<Vec<_>>());
        let mut vr = Vec::new();
        for e in &unit {
            vr.extend([5.0 * e[0] as f32, 5.0 * e[0] as f32]);
        }
        let mut ds = Dataset::new();
        ds.insert(
            "time",
            Variable::time("time", (0..8).map(|i| i * 1_000_000_000).collect()),
        )
        .unwrap();
        ds.insert(
            "azimuth",
            Variable::new(["time"], az).unwrap().with_attr("units", "degrees"),
        )
        .unwrap();
        ds.insert(
            "elevation",
            Variable::new(["time"], vec![60.0f32; 8])
                .unwrap()
                .with_attr("units", "degrees"),
        )
        .unwrap();
        ds.insert("range", Variable::new(["range"], vec![100.0f32, 200.0]).unwrap())
            .unwrap();
        let a = ndarray::Array2::from_shape_vec((8, 2), vr).unwrap().into_dyn();
        ds.insert("radial_velocity", Variable::new(["time", "range"], a).unwrap())
            .unwrap();
        let i = ndarray::Array2::from_elem((8, 2), 2.0f32).into_dyn();
        ds.insert("intensity", Variable::new(["time", "range"], i).unwrap())
            .unwrap();
        let out = compute_winds_from_ppi(&ds, &PpiOptions::default()).unwrap();
        let spd = out.get("wind_speed").unwrap().data().to_f64().unwrap();
        let dir = out.get("wind_direction").unwrap().data().to_f64().unwrap();
        assert!((spd[[0, 0]] - 5.0).abs() < 1e-5);
        assert!((dir[[0, 1]] - 270.0).abs() < 1e-4);
        assert_eq!(out.time().unwrap()[0], 3_500_000_000);
        let h = out.get("height").unwrap().data().to_f64().unwrap();
        assert!((h[[0]] - 100.0 * 60f64.to_radians().sin()).abs() < 1e-3);
        assert!(
            compute_winds_from_ppi(
                &ds,
                &PpiOptions {
                    azimuth_name: "az".into(),
                    ..Default::default()
                }
            )
            .is_err()
        );
        let nan = PpiOptions {
            snr_threshold: f64::NAN,
            ..Default::default()
        };
        let e = compute_winds_from_ppi(&ds, &nan).unwrap_err().to_string();
        assert!(e.contains("snr_threshold"), "{e}");
    }
}
