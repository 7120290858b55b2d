//! Precipitable water vapour from a radiosonde profile (ACT `calculate_precipitable_water`).

use crate::input::{Want, values_1d};
use atmokit_core::{Dataset, Error, Result};

/// Gravity used by ACT's integral (m s⁻²).
const G: f64 = 9.8;
/// Density of liquid water (kg m⁻³).
const RHO_W: f64 = 1000.0;

/// How to integrate; the default is physically consistent, [`PwvMethod::ActCompatible`]
/// reproduces ACT 2.3.4 number for number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PwvMethod {
    /// Vapour pressure and pressure both in hPa, every level pair integrated, NaN levels skipped.
    #[default]
    Consistent,
    /// ACT 2.3.4 as coded: vapour pressure in kPa mixed with pressure in hPa in the mixing ratio
    /// (so `w` is ~10× too small, compensated by dividing by 0.098 instead of 0.98), and the
    /// last level pair skipped (`range(1, len - 1)`). Differs from `Consistent` by well under 1 %.
    ActCompatible,
}

/// Saturation vapour pressure (kPa) by Arden Buck (1981, 1996 revision) over liquid water for
/// `t_c ≥ 0 °C`, over ice below: `es = 0.61121 exp((18.678 − T/234.5)(T/(257.14 + T)))`,
/// `es_ice = 0.61115 exp((23.036 − T/333.7)(T/(279.82 + T)))`, `T` in °C.
pub fn arden_buck_es_kpa(t_c: f64) -> f64 {
    if t_c >= 0.0 {
        0.61121 * ((18.678 - t_c / 234.5) * (t_c / (257.14 + t_c))).exp()
    } else {
        0.61115 * ((23.036 - t_c / 333.7) * (t_c / (279.82 + t_c))).exp()
    }
}

/// Precipitable water (cm) of a profile given as slices: temperature (°C), relative humidity (%)
/// and pressure (hPa), ordered from the surface up.
///
/// Formula: `e = RH/100 · es(T)` (Arden Buck), `w = 0.622 e/(p − e)`, `q = w/(1 + w)`,
/// `PW = 1/(ρ_w g) ∫ q dp` by the trapezoid rule over consecutive levels, converted to cm
/// (with p in hPa: `Σ ½(q_i + q_{i−1})(p_{i−1} − p_i) / 0.98`).
/// Levels where any input is NaN are skipped. Errors when fewer than two levels are usable.
pub fn precipitable_water_profile(t_c: &[f64], rh: &[f64], p_hpa: &[f64], method: PwvMethod) -> Result<f64> {
    if t_c.len() != rh.len() || t_c.len() != p_hpa.len() {
        return Err(Error::invalid(format!(
            "precipitable water: temperature, rh and pressure lengths differ ({}, {}, {})",
            t_c.len(),
            rh.len(),
            p_hpa.len()
        )));
    }
    let q_of = |i: usize| {
        let es = arden_buck_es_kpa(t_c[i]);
        let e_kpa = rh[i] / 100.0 * es;
        let w = match method {
            PwvMethod::Consistent => 0.622 * (10.0 * e_kpa) / (p_hpa[i] - 10.0 * e_kpa),
            PwvMethod::ActCompatible => 0.622 * e_kpa / (p_hpa[i] - e_kpa),
        };
        w / (1.0 + w)
    };
    let mut sum = 0.0;
    let mut pairs = 0usize;
    match method {
        PwvMethod::ActCompatible => {
            // ACT integrates i = 1 ..= n-2 and lets NaN propagate.
            for i in 1..t_c.len().saturating_sub(1) {
                sum += 0.5 * (q_of(i) + q_of(i - 1)) * (p_hpa[i - 1] - p_hpa[i]);
                pairs += 1;
            }
            if pairs == 0 {
                return Err(Error::invalid(
                    "precipitable water: the profile needs at least 3 levels",
                ));
            }
            Ok(sum / 0.098)
        }
        PwvMethod::Consistent => {
            let mut prev: Option<(f64, f64)> = None;
            for i in 0..t_c.len() {
                if !(t_c[i].is_finite() && rh[i].is_finite() && p_hpa[i].is_finite()) {
                    continue;
                }
                let q = q_of(i);
                if let Some((qp, pp)) = prev {
                    sum += 0.5 * (q + qp) * (pp - p_hpa[i]);
                    pairs += 1;
                }
                prev = Some((q, p_hpa[i]));
            }
            if pairs == 0 {
                return Err(Error::invalid(
                    "precipitable water: fewer than two levels with finite T, RH and p",
                ));
            }
            // ∫ q dp [hPa] · 100 Pa/hPa / (ρ_w g) [m] · 100 cm/m
            Ok(sum * 100.0 / (RHO_W * G) * 100.0)
        }
    }
}

/// ACT `calculate_precipitable_water(ds, temp_name, rh_name, pres_name)`: precipitable water
/// (cm) of one sonde, a scalar. Inputs are converted from their `units` attribute (temperature
/// to °C, pressure to hPa, RH to %); an unknown units string is an error naming the variable.
///
/// Reference: Buck, A. L. (1981), J. Appl. Meteor. 20, 1527–1532; ACT
/// `act.retrievals.sonde.calculate_precipitable_water`. Returns a new value; `ds` is untouched.
pub fn calculate_precipitable_water(
    ds: &Dataset,
    temp_name: &str,
    rh_name: &str,
    pres_name: &str,
    method: PwvMethod,
) -> Result<f64> {
    let t = values_1d(ds, temp_name, Want::Celsius)?;
    let rh = values_1d(ds, rh_name, Want::Percent)?;
    let p = values_1d(ds, pres_name, Want::Hpa)?;
    precipitable_water_profile(&t, &rh, &p, method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buck_known_values() {
        // Buck (1981) table: es(20 °C) = 2.3389 kPa over water; es(0) = 0.61121.
        assert!((arden_buck_es_kpa(0.0) - 0.61121).abs() < 1e-12);
        assert!((arden_buck_es_kpa(20.0) - 2.3389).abs() < 2e-3);
        // over ice at -10 °C ≈ 0.2600 kPa (WMO tables 0.2599)
        assert!((arden_buck_es_kpa(-10.0) - 0.2600).abs() < 1e-3);
    }

    #[test]
    fn constant_q_layer_by_hand() {
        // Constant T and RH on 1000..900 hPa: PW = q · 100 hPa · 100 / 9800 · 100 cm.
        let t = [10.0, 10.0, 10.0];
        let rh = [50.0, 50.0, 50.0];
        let p = [1000.0, 950.0, 900.0];
        let e = 0.5 * arden_buck_es_kpa(10.0) * 10.0;
        let q_at = |pp: f64| {
            let w = 0.622 * e / (pp - e);
            w / (1.0 + w)
        };
        let want = (0.5 * (q_at(1000.0) + q_at(950.0)) * 50.0 + 0.5 * (q_at(950.0) + q_at(900.0)) * 50.0) / 0.98;
        let got = precipitable_water_profile(&t, &rh, &p, PwvMethod::Consistent).unwrap();
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }

    #[test]
    fn nan_levels_skipped_and_too_few_levels() {
        let t = [10.0, f64::NAN, 10.0];
        let rh = [50.0, 50.0, 50.0];
        let p = [1000.0, 950.0, 900.0];
        let got = precipitable_water_profile(&t, &rh, &p, PwvMethod::Consistent).unwrap();
        assert!(got.is_finite() && got > 0.0);
        assert!(precipitable_water_profile(&[10.0], &[50.0], &[1000.0], PwvMethod::Consistent).is_err());
        assert!(
            precipitable_water_profile(&[10.0, 9.0], &[50.0, 50.0], &[1000.0, 990.0], PwvMethod::ActCompatible)
                .is_err()
        );
        assert!(precipitable_water_profile(&[10.0], &[50.0, 1.0], &[1000.0], PwvMethod::Consistent).is_err());
    }
}
