//! Physical constants, each defined once for every atmokit crate.
//!
//! Thermodynamic values are MetPy 1.7's (`metpy.constants`), which ACT's retrievals and
//! `data_utils` go through, so CAPE, potential temperature and pressure adjustments match ACT to
//! the last bits; radiation constants are CODATA 2018 (as `scipy.constants`); the standard
//! atmosphere is the U.S. Standard Atmosphere 1976 at sea level.
//!
//! Temperatures with similar values but different meanings have different names:
//! [`ZERO_DEGC`] (273.15 K, the Celsius offset), [`T_TRIPLE_POINT`] (273.16 K, the reference of
//! the saturation vapour pressure formulas) and [`STD_ATM_T0`] (288 K, sea-level temperature of
//! the standard atmosphere).

/// Gas constant of dry air R/M_d, J kg⁻¹ K⁻¹ (MetPy: 8.314462618 / 0.02896546).
pub const RD: f64 = 287.047_490_977_184_57;
/// Gas constant of water vapour R/M_w, J kg⁻¹ K⁻¹ (MetPy).
pub const RV: f64 = 461.523_115_726_060_84;
/// Ratio of the molecular weights of water and dry air, M_w / M_d (MetPy).
pub const EPSILON: f64 = 0.621_956_910_057_703_3;
/// Specific heat of dry air at constant pressure, J kg⁻¹ K⁻¹ (MetPy: 3.5 R_d, as MetPy rounds it).
pub const CP_D: f64 = 1_004.666_218_420_146_2;
/// Specific heat of water vapour at constant pressure, J kg⁻¹ K⁻¹ (MetPy).
pub const CP_V: f64 = 1_860.078_011_865_639;
/// Specific heat of liquid water, J kg⁻¹ K⁻¹ (MetPy).
pub const CP_L: f64 = 4219.4;
/// Specific heat of ice, J kg⁻¹ K⁻¹ (MetPy).
pub const CP_I: f64 = 2090.0;
/// Poisson constant κ = R_d / c_pd as MetPy computes it (one unit in the last place below 2/7).
pub const KAPPA: f64 = 0.285_714_285_714_285_64;
/// Latent heat of vaporisation at the triple point, J kg⁻¹ (MetPy).
pub const LV: f64 = 2_500_840.0;
/// Latent heat of sublimation at the triple point, J kg⁻¹ (MetPy).
pub const LS: f64 = 2_834_540.0;
/// Triple-point temperature of water, K: the reference of the saturation vapour pressure.
pub const T_TRIPLE_POINT: f64 = 273.16;
/// Saturation vapour pressure at the triple point, Pa (MetPy's `sat_pressure_0c`).
pub const SAT_PRESSURE_0C: f64 = 611.2;
/// 0 °C in kelvin: the offset between the Celsius and kelvin scales.
pub const ZERO_DEGC: f64 = 273.15;
/// Reference pressure of potential temperature, Pa (1000 hPa).
pub const P0_THETA: f64 = 100_000.0;
/// Standard gravity, m s⁻².
pub const G0: f64 = 9.806_65;
/// Standard-atmosphere sea-level temperature, K.
pub const STD_ATM_T0: f64 = 288.0;
/// Standard-atmosphere sea-level pressure, hPa.
pub const STD_ATM_P0_HPA: f64 = 1013.25;
/// Standard-atmosphere lapse rate in the troposphere, K m⁻¹.
pub const STD_ATM_LAPSE: f64 = 0.0065;
/// Stefan–Boltzmann constant σ, W m⁻² K⁻⁴ (CODATA 2018, as `scipy.constants`).
pub const STEFAN_BOLTZMANN: f64 = 5.670_374_419e-8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_constants_are_metpys_arithmetic() {
        assert_eq!(RD, 8.314_462_618 / 0.028_965_46);
        assert_eq!(EPSILON, 0.018_015_268 / 0.028_965_46);
        assert_eq!(KAPPA, RD / CP_D);
        assert!((KAPPA - 2.0 / 7.0).abs() < 1e-16 && KAPPA != 2.0 / 7.0);
        assert!((CP_D / RD - 3.5).abs() < 1e-15);
        assert!((T_TRIPLE_POINT - ZERO_DEGC - 0.01).abs() < 1e-12);
    }
}
