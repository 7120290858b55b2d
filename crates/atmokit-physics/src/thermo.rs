//! Potential temperature and standard-atmosphere height adjustments (ACT `data_utils`
//! `convert_to_potential_temp`, `height_adjusted_pressure`, `height_adjusted_temperature`,
//! which call MetPy; written out here with MetPy's constants).
//!
//! Constants (MetPy 1.7 `metpy.constants`): R_d = 287.04749097718457 J kg⁻¹ K⁻¹,
//! c_pd = 3.5 R_d, so κ = R_d / c_pd ≈ 2/7 (all in [`crate::constants`]); g₀ = 9.80665 m s⁻²; the US standard atmosphere
//! has T₀ = 288 K, p₀ = 1013.25 hPa and lapse rate Γ = 6.5 K km⁻¹.
//!
//! All functions keep the dtype of their input (float32 stays float32: computed in f64, rounded
//! once) and return new data; values are converted with [`crate::units`] so any temperature or
//! pressure units work.

use crate::units::conversion;
use atmokit_core::{Data, Dataset, Error, Result};

pub use crate::constants::{G0, KAPPA, RD};
use crate::constants::{STD_ATM_LAPSE as GAMMA_STD, STD_ATM_P0_HPA as P0_STD, STD_ATM_T0 as T0_STD};

/// Applies `f(x, y)` element-wise in f64 to two numeric Data of the same length, returning the
/// dtype of `x` (f32 stays f32, anything else becomes f64).
fn zip_map(x: &Data, y: &Data, what: &str, f: impl Fn(f64, f64) -> f64) -> Result<Data> {
    let xs = x
        .to_f64()
        .ok_or_else(|| Error::invalid(format!("{what}: data is not numeric")))?;
    let ys = y
        .to_f64()
        .ok_or_else(|| Error::invalid(format!("{what}: data is not numeric")))?;
    if ys.len() != 1 && ys.shape() != xs.shape() {
        return Err(Error::invalid(format!(
            "{what}: shapes {:?} and {:?} differ",
            xs.shape(),
            ys.shape()
        )));
    }
    let y0 = ys.iter().next().copied().unwrap_or(f64::NAN);
    let mut out = xs;
    if ys.len() == 1 {
        out.mapv_inplace(|v| f(v, y0));
    } else {
        out.zip_mut_with(&ys, |a, &b| *a = f(*a, b));
    }
    Ok(if matches!(x, Data::F32(_)) {
        Data::F32(out.mapv(|v| v as f32))
    } else {
        Data::F64(out)
    })
}

/// Potential temperature θ = T (p₀ / p)^κ with p₀ = 1000 hPa — MetPy `potential_temperature`.
///
/// `temperature` in `temp_units`, `pressure` in `press_units` (same shape, or one value);
/// returns θ in `temp_units` with the temperature's dtype.
///
/// # Errors
/// Units not understood / not a temperature or pressure; shapes differ; non-numeric data.
pub fn potential_temperature(temperature: &Data, temp_units: &str, pressure: &Data, press_units: &str) -> Result<Data> {
    let (ta, tb) = conversion(temp_units, "K")?;
    let (pa, pb) = conversion(press_units, "hPa")?;
    let (ka, kb) = conversion("K", temp_units)?;
    zip_map(temperature, pressure, "potential temperature", |t, p| {
        let theta = (t * ta + tb) * (1000.0 / (p * pa + pb)).powf(KAPPA);
        theta * ka + kb
    })
}

/// Units attribute of a dataset variable, or an error naming it.
fn units_of<'a>(ds: &'a Dataset, name: &str) -> Result<&'a str> {
    ds.get(name)?.units().ok_or_else(|| Error::MissingAttribute {
        var: name.into(),
        attr: "units".into(),
    })
}

/// ACT `convert_to_potential_temp(ds, temp_var_name, press_var_name)`: θ of two dataset
/// variables, in the temperature's units and dtype (see [`potential_temperature`]).
///
/// # Errors
/// Missing variables or `units` attributes, units not understood.
pub fn convert_to_potential_temp(ds: &Dataset, temp_var_name: &str, press_var_name: &str) -> Result<Data> {
    let tu = units_of(ds, temp_var_name)?;
    let pu = units_of(ds, press_var_name)?;
    potential_temperature(ds.get(temp_var_name)?.data(), tu, ds.get(press_var_name)?.data(), pu)
}

/// Standard-atmosphere height (m) of a pressure (hPa): MetPy `pressure_to_height_std`,
/// z = T₀/Γ · (1 − (p/p₀)^(R_d Γ / g₀)).
pub fn pressure_to_height_std(p_hpa: f64) -> f64 {
    T0_STD / GAMMA_STD * (1.0 - (p_hpa / P0_STD).powf(RD * GAMMA_STD / G0))
}

/// Standard-atmosphere pressure (hPa) at a height (m): MetPy `height_to_pressure_std`,
/// p = p₀ (1 − Γ z / T₀)^(g₀ / (R_d Γ)).
pub fn height_to_pressure_std(z_m: f64) -> f64 {
    P0_STD * (1.0 - GAMMA_STD * z_m / T0_STD).powf(G0 / (RD * GAMMA_STD))
}

/// Pressure after moving `height_difference` up (positive) in the standard atmosphere —
/// MetPy `add_height_to_pressure`, ACT `height_adjusted_pressure`.
///
/// `pressure` in `press_units` (any dtype; f32 stays f32), `height_difference` in `height_units`.
/// Returns the adjusted pressure in `press_units`.
///
/// # Errors
/// Units not understood; non-numeric data.
pub fn height_adjusted_pressure(
    pressure: &Data,
    press_units: &str,
    height_difference: f64,
    height_units: &str,
) -> Result<Data> {
    let dz = crate::units::convert_value(height_difference, height_units, "m")?;
    let (pa, pb) = conversion(press_units, "hPa")?;
    let (qa, qb) = conversion("hPa", press_units)?;
    let one = Data::F64(ndarray::arr1(&[0.0]).into_dyn());
    zip_map(pressure, &one, "height_adjusted_pressure", |p, _| {
        height_to_pressure_std(pressure_to_height_std(p * pa + pb) + dz) * qa + qb
    })
}

/// Temperature after a dry-adiabatic move of `height_difference` — ACT
/// `height_adjusted_temperature`: the pressure is adjusted as [`height_adjusted_pressure`] and
/// T₂ = T (p₂ / p)^κ (MetPy `dry_lapse`).
///
/// `pressure` is the reference pressure in `press_units` (ACT's default is 101.325 kPa), one
/// value or one per temperature. Returns temperature in `temp_units`, the temperature's dtype.
///
/// # Errors
/// Units not understood, shapes differ, non-numeric data.
pub fn height_adjusted_temperature(
    temperature: &Data,
    temp_units: &str,
    height_difference: f64,
    height_units: &str,
    pressure: &Data,
    press_units: &str,
) -> Result<Data> {
    let dz = crate::units::convert_value(height_difference, height_units, "m")?;
    let (ta, tb) = conversion(temp_units, "K")?;
    let (ka, kb) = conversion("K", temp_units)?;
    let (pa, pb) = conversion(press_units, "hPa")?;
    zip_map(temperature, pressure, "height_adjusted_temperature", |t, p| {
        let p_hpa = p * pa + pb;
        let p2 = height_to_pressure_std(pressure_to_height_std(p_hpa) + dz);
        (t * ta + tb) * (p2 / p_hpa).powf(KAPPA) * ka + kb
    })
}

/// Dataset form of [`height_adjusted_temperature`] with the pressure from `press_var_name`
/// (or ACT's default 101.325 kPa when `None`); units from the variables' attributes.
///
/// # Errors
/// Missing variables or units, as [`height_adjusted_temperature`].
pub fn height_adjusted_temperature_ds(
    ds: &Dataset,
    temp_var_name: &str,
    height_difference: f64,
    height_units: &str,
    press_var_name: Option<&str>,
) -> Result<Data> {
    let tu = units_of(ds, temp_var_name)?;
    let t = ds.get(temp_var_name)?.data();
    match press_var_name {
        Some(p) => height_adjusted_temperature(
            t,
            tu,
            height_difference,
            height_units,
            ds.get(p)?.data(),
            units_of(ds, p)?,
        ),
        None => {
            let p = Data::F64(ndarray::arr1(&[101.325]).into_dyn());
            height_adjusted_temperature(t, tu, height_difference, height_units, &p, "kPa")
        }
    }
}

/// Dataset form of [`height_adjusted_pressure`] (units from the variable's attribute).
///
/// # Errors
/// Missing variable or units, as [`height_adjusted_pressure`].
pub fn height_adjusted_pressure_ds(
    ds: &Dataset,
    press_var_name: &str,
    height_difference: f64,
    height_units: &str,
) -> Result<Data> {
    let pu = units_of(ds, press_var_name)?;
    height_adjusted_pressure(ds.get(press_var_name)?.data(), pu, height_difference, height_units)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(v: f64) -> Data {
        Data::F64(ndarray::arr1(&[v]).into_dyn())
    }

    #[test]
    fn theta_at_1000_hpa_equals_t_and_scales_by_kappa() {
        let t = potential_temperature(&one(300.0), "K", &one(1000.0), "hPa").unwrap();
        assert!((t.to_f64().unwrap()[[0]] - 300.0).abs() < 1e-12);
        // 500 hPa: θ = T · 2^(2/7).
        let t = potential_temperature(&one(250.0), "K", &one(50.0), "kPa").unwrap();
        assert!((t.to_f64().unwrap()[[0]] - 250.0 * 2f64.powf(2.0 / 7.0)).abs() < 1e-9);
        assert!(potential_temperature(&one(250.0), "m", &one(50.0), "kPa").is_err());
    }

    #[test]
    fn standard_atmosphere_table() {
        // MetPy's standard atmosphere uses T₀ = 288 K (not 288.15): by hand,
        // 1013.25 · (1 − 6.5/288)^(9.80665 / (287.0475 · 0.0065)) = 898.68 hPa at 1000 m
        // (the 1976 US Standard Atmosphere table, with 288.15 K, has 898.76).
        assert!((height_to_pressure_std(1000.0) - 898.68).abs() < 0.01);
        assert!((pressure_to_height_std(1013.25)).abs() < 1e-9);
        assert!((pressure_to_height_std(height_to_pressure_std(2345.0)) - 2345.0).abs() < 1e-6);
        let p = height_adjusted_pressure(&one(101.325), "kPa", 1.0, "km").unwrap();
        assert!((p.to_f64().unwrap()[[0]] - 89.868).abs() < 0.001);
    }
}
