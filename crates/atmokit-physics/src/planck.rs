//! Planck function in wavenumber space (ACT `radiance_utils.planck_converter`).

use atmokit_core::{Error, Result};

/// First radiation constant 2hc² in mW m⁻² sr⁻¹ (cm⁻¹)⁻⁴ (ACT's value, units "cm").
pub const C1_CM: f64 = 1.191_042e-5;
/// Second radiation constant hc/k in K cm (ACT's value).
pub const C2_CM: f64 = 1.438_775_2;

/// Wavenumber units of [`planck_radiance`] and [`planck_temperature`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WavenumberUnits {
    /// cm⁻¹, radiance in mW m⁻² sr⁻¹ (cm⁻¹)⁻¹ (ACT `units='cm'`, the default).
    PerCm,
    /// m⁻¹ (ACT `units='m'`: C1 = 1.191042e-16, C2 = 0.014387752).
    PerM,
}

impl WavenumberUnits {
    fn constants(self) -> (f64, f64) {
        match self {
            WavenumberUnits::PerCm => (C1_CM, C2_CM),
            WavenumberUnits::PerM => (1.191_042e-16, 0.014_387_752),
        }
    }
}

/// Black-body radiance B(ν, T) = C1 ν³ / (exp(C2 ν / T) − 1) — ACT
/// `planck_converter(wnum, temperature=T)`. ν wavenumber, T in K.
///
/// # Errors
/// Non-positive or non-finite wavenumber or temperature.
pub fn planck_radiance(wnum: f64, temperature: f64, units: WavenumberUnits) -> Result<f64> {
    if !(wnum > 0.0 && temperature > 0.0 && wnum.is_finite() && temperature.is_finite()) {
        return Err(Error::parameter(
            "wnum, temperature",
            format!("{wnum}, {temperature} K"),
            "planck_converter: both must be positive and finite",
        ));
    }
    let (c1, c2) = units.constants();
    Ok(c1 * wnum.powi(3) / ((c2 * wnum / temperature).exp_m1()))
}

/// Brightness temperature T = C2 ν / ln(1 + C1 ν³ / B) in K — ACT
/// `planck_converter(wnum, radiance=B)`.
///
/// # Errors
/// Non-positive or non-finite wavenumber or radiance.
pub fn planck_temperature(wnum: f64, radiance: f64, units: WavenumberUnits) -> Result<f64> {
    if !(wnum > 0.0 && radiance > 0.0 && wnum.is_finite() && radiance.is_finite()) {
        return Err(Error::parameter(
            "wnum, radiance",
            format!("{wnum}, {radiance}"),
            "planck_converter: both must be positive and finite",
        ));
    }
    let (c1, c2) = units.constants();
    Ok(c2 * wnum / (c1 * wnum.powi(3) / radiance).ln_1p())
}

/// ACT's two-way `planck_converter`: radiance from a temperature, or temperature from a
/// radiance, whichever is given (`Some`).
///
/// # Errors
/// Neither or both given; invalid values as above.
pub fn planck_converter(
    wnum: f64,
    radiance: Option<f64>,
    temperature: Option<f64>,
    units: WavenumberUnits,
) -> Result<f64> {
    match (radiance, temperature) {
        (Some(r), None) => planck_temperature(wnum, r, units),
        (None, Some(t)) => planck_radiance(wnum, t, units),
        _ => Err(Error::invalid(
            "planck_converter: give exactly one of radiance and temperature",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let b = planck_radiance(1100.0, 300.0, WavenumberUnits::PerCm).unwrap();
        // Independent: 2hc²ν³/(exp(hcν/kT) − 1) with CODATA h, c, k, in mW/(m² sr cm⁻¹).
        let (h, c, k): (f64, f64, f64) = (6.626_070_15e-34, 2.997_924_58e8, 1.380_649e-23);
        let nu: f64 = 1100.0 * 100.0; // m⁻¹
        let si = 2.0 * h * c * c * nu.powi(3) / ((h * c * nu / (k * 300.0)).exp() - 1.0); // W/(m² sr m⁻¹)
        // per m⁻¹ → per cm⁻¹ is ×100, W → mW ×1000.
        assert!((b - si * 1e5).abs() / b < 1e-5, "{b} vs {}", si * 1e5);
        let t = planck_temperature(1100.0, b, WavenumberUnits::PerCm).unwrap();
        assert!((t - 300.0).abs() < 1e-9);
        assert!(planck_converter(1100.0, None, None, WavenumberUnits::PerCm).is_err());
        assert!(planck_radiance(1100.0, -1.0, WavenumberUnits::PerCm).is_err());
    }
}
