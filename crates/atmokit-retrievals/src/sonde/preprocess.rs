//! Sonde preprocessing for the PBL retrievals (ACT `preprocess_sonde_data`): smoothed pressure,
//! a regular pressure grid, quality checks and potential temperature.

use crate::input::{Want, values_1d};
use crate::smooth::rolling_mean_centered;
use atmokit_core::{DType, Dataset, Error, Result};

/// Names of the sonde variables the PBL retrievals read.
#[derive(Clone, Debug, PartialEq)]
pub struct SondeNames {
    /// Temperature (ACT default `tdry`).
    pub temperature: String,
    /// Pressure (`pres`).
    pub pressure: String,
    /// Altitude above sea level (`alt`).
    pub height: String,
    /// Wind speed (`wspd`), used by Liu-Liang only.
    pub windspeed: String,
}

impl Default for SondeNames {
    fn default() -> Self {
        SondeNames {
            temperature: "tdry".into(),
            pressure: "pres".into(),
            height: "alt".into(),
            windspeed: "wspd".into(),
        }
    }
}

/// A sonde on a regular pressure grid.
#[derive(Clone, Debug, PartialEq)]
pub struct GriddedSonde {
    /// Smoothed pressure (hPa) of the level nearest each grid pressure (`atm_pres_ss`).
    pub pres: Vec<f64>,
    /// Altitude (m) at those levels (`alt_ss`).
    pub alt: Vec<f64>,
    /// Temperature (°C) at those levels.
    pub temp: Vec<f64>,
    /// Wind speed (m/s) at those levels (NaN when not read).
    pub wspd: Vec<f64>,
    /// Potential temperature (K) `θ = (T + 273.15)(1000/p)^(2/7)` (`potential_temperature_ss`).
    pub theta: Vec<f64>,
    /// True when the pressure variable is float32 (outputs keep that dtype).
    pub f32_input: bool,
}

/// Strictly monotonic (no NaN, no ties): the condition pandas needs to select nearest values.
fn strictly_monotonic(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite()) && (v.windows(2).all(|w| w[0] > w[1]) || v.windows(2).all(|w| w[0] < w[1]))
}

/// Index of the value nearest `target` in strictly monotonic `v`; ties go to the larger value
/// (pandas `get_indexer(method='nearest')`).
fn nearest(v: &[f64], target: f64) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        let (d, db) = ((x - target).abs(), (v[best] - target).abs());
        if d < db || (d == db && x > v[best]) {
            best = i;
        }
    }
    best
}

/// ACT `preprocess_sonde_data(ds, temperature, pressure, height, smooth_height, base)`.
///
/// 1. Pressure is smoothed by a centred rolling mean of `smooth_height` samples; if the result
///    is not strictly monotonic it is smoothed again with `smooth_height + 4` samples
///    (min 2), as ACT does; still not monotonic → error.
/// 2. Grid: `base·⌈p̃[2]/base⌉` down to 100 hPa in steps of `base`; each grid point takes the
///    sample with the nearest smoothed pressure.
/// 3. Checks (errors naming the reason): empty profile, max altitude < 1000 m, max pressure
///    ≤ 200 hPa, |ΔT| > 30 K in the first 10 s, T outside (−90, 50) °C, first two pressures NaN.
/// 4. `θ = (T + 273.15)(1000/p)^(2/7)` (K), T in °C, p in hPa.
pub fn preprocess_sonde_data(
    ds: &Dataset,
    names: &SondeNames,
    smooth_height: usize,
    base: f64,
    with_wind: bool,
) -> Result<GriddedSonde> {
    if base.is_nan() || base <= 0.0 {
        return Err(Error::parameter("base", base, "sonde grid step: must be > 0 hPa"));
    }
    let temp0 = values_1d(ds, &names.temperature, Want::Celsius)?;
    let pres_raw = values_1d(ds, &names.pressure, Want::Hpa)?;
    let alt0 = values_1d(ds, &names.height, Want::Metre)?;
    let wspd0 = if with_wind {
        values_1d(ds, &names.windspeed, Want::MetrePerSecond)?
    } else {
        vec![f64::NAN; temp0.len()]
    };
    let n = pres_raw.len();
    if n < 3 || temp0.len() != n || alt0.len() != n || wspd0.len() != n {
        return Err(Error::invalid(format!(
            "sonde: '{}' has {n} samples; need at least 3 and equal lengths of temperature, pressure, height",
            names.pressure
        )));
    }
    // The smoothing window costs n × window work; wider than the sounding it means nothing.
    if smooth_height == 0 || smooth_height > n {
        return Err(Error::parameter(
            "smooth_height",
            smooth_height,
            format!(
                "sonde: must lie in 1..={n}, the samples of '{}' (--smooth)",
                names.pressure
            ),
        ));
    }
    let f32_input = ds.get(&names.pressure)?.dtype() == DType::F32;
    let to_native = |v: Vec<f64>| {
        if f32_input {
            v.into_iter().map(|x| x as f32 as f64).collect()
        } else {
            v
        }
    };
    let mut ps = to_native(rolling_mean_centered(&pres_raw, smooth_height, 1, f32_input));
    if !strictly_monotonic(&ps) {
        ps = to_native(rolling_mean_centered(&ps, smooth_height + 4, 2, f32_input));
        if !strictly_monotonic(&ps) {
            return Err(Error::data(
                &names.pressure,
                "sonde: pressures are not unique and monotonic after smoothing",
            ));
        }
    }
    let starting = base * (ps[2] / base).ceil();
    let mut grid = Vec::new();
    let mut g = 100.0;
    while g < starting + base - 1e-9 {
        grid.push(g);
        g += base;
    }
    grid.reverse();
    if grid.is_empty() {
        return Err(Error::invalid(
            "sonde: no data in profile (surface pressure below 100 hPa)",
        ));
    }
    let idx: Vec<usize> = grid.iter().map(|&gp| nearest(&ps, gp)).collect();
    let pick = |v: &[f64]| idx.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let (pres, alt, temp, wspd) = (pick(&ps), pick(&alt0), pick(&temp0), pick(&wspd0));
    let nanmax = |v: &[f64]| {
        v.iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let nanmin = |v: &[f64]| {
        v.iter()
            .copied()
            .filter(|x| x.is_finite())
            .fold(f64::INFINITY, f64::min)
    };
    if nanmax(&alt) < 1000.0 {
        return Err(Error::data(&names.height, "sonde: max altitude < 1000 m"));
    }
    if nanmax(&pres) <= 200.0 {
        return Err(Error::data(&names.pressure, "sonde: max pressure <= 200 hPa"));
    }
    if let Ok(time) = ds.time()
        && let Some(&t1) = time.first()
    {
        let t2 = t1.saturating_add(10_000_000_000);
        let in10: Vec<usize> = (0..time.len()).filter(|&i| time[i] >= t1 && time[i] <= t2).collect();
        if let (Some(&a), Some(&b)) = (in10.first(), in10.last())
            && (temp0[b] - temp0[a]).abs() > 30.0
        {
            return Err(Error::data(
                &names.temperature,
                "sonde: changes by > 30 K in the first 10 s",
            ));
        }
    }
    if nanmax(&temp) > 50.0 || nanmin(&temp) < -90.0 {
        return Err(Error::data(
            &names.temperature,
            "sonde: outside the acceptable range (-90, 50) °C",
        ));
    }
    if pres[0].is_nan() || pres[1].is_nan() {
        return Err(Error::data(&names.pressure, "sonde: first two values are NaN"));
    }
    let theta: Vec<f64> = temp
        .iter()
        .zip(&pres)
        .map(|(t, p)| (t + 273.15) * (1000.0 / p).powf(2.0 / 7.0))
        .collect();
    let theta = to_native(theta);
    Ok(GriddedSonde {
        pres,
        alt,
        temp,
        wspd,
        theta,
        f32_input,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_prefers_larger_on_tie() {
        assert_eq!(nearest(&[1000.0, 990.0, 980.0], 995.0), 0);
        assert_eq!(nearest(&[1000.0, 990.0, 980.0], 982.0), 2);
    }
}
