//! Sea-surface temperature from sky- and surface-viewing IRTs (ACT `sst_from_irt`).

use super::irt_band_radiance;
use super::planck::WnumUnits;
use crate::input::{Want, values_1d};
use crate::roots::brentq;
use atmokit_core::{Dataset, Error, Result, Variable};

/// Options of [`sst_from_irt`] (ACT's defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct SstOptions {
    /// Sky-viewing IRT brightness temperature (K), `sky_ir_temp`.
    pub sky_irt: String,
    /// Surface-viewing IRT brightness temperature (K), `sfc_ir_temp`.
    pub sfc_irt: String,
    /// Sea-surface emissivity in the IRT band, 0.986.
    pub emis: f64,
    /// Iteration limit, 500.
    pub maxit: usize,
    /// Bracket low (K), 250.
    pub temp_low: f64,
    /// Bracket high (K), 350.
    pub temp_high: f64,
    /// Brent tolerance (K), 0.1.
    pub tol: f64,
    /// Output variable name, `sea_surface_temperature`.
    pub sst_variable: String,
}

impl Default for SstOptions {
    fn default() -> Self {
        SstOptions {
            sky_irt: "sky_ir_temp".into(),
            sfc_irt: "sfc_ir_temp".into(),
            emis: 0.986,
            maxit: 500,
            temp_low: 250.0,
            temp_high: 350.0,
            tol: 0.1,
            sst_variable: "sea_surface_temperature".into(),
        }
    }
}

/// SST of one sample (K): `L_sst = (L_sfc − (1 − ε) L_sky)/ε` with band radiances of the IRT
/// response (ν in m⁻¹), inverted by Brent's method. NaN when an input is NaN or no root is bracketed.
pub fn sst_one(sfc_k: f64, sky_k: f64, o: &SstOptions) -> f64 {
    if sfc_k.is_nan() || sky_k.is_nan() {
        return f64::NAN;
    }
    let l_sfc = irt_band_radiance(sfc_k, WnumUnits::PerM);
    let l_sky = irt_band_radiance(sky_k, WnumUnits::PerM);
    let l_sst = (l_sfc - (1.0 - o.emis) * l_sky) / o.emis;
    brentq(
        |t| irt_band_radiance(t, WnumUnits::PerM) - l_sst,
        o.temp_low,
        o.temp_high,
        o.tol,
        o.maxit,
    )
    .unwrap_or(f64::NAN)
}

/// Sea-surface temperature (K) corrected for reflected sky radiance, per sample.
///
/// Formula (Donlon et al. 2008, as ACT): `L_sst = (L_sfc − (1 − ε) L_sky)/ε`, each `L = Σ B(ν, T)·rf`
/// over the IRT response; SST = the temperature whose band radiance is `L_sst`. Inputs are
/// converted to K from their units. Returns a new Dataset with `sea_surface_temperature` (time, K).
/// Differences from ACT: ACT raises when a root is not bracketed; here that sample is NaN.
///
/// Reference: Donlon, C. et al. (2008), ISAR SST radiometer; ACT `act.retrievals.irt.sst_from_irt`.
pub fn sst_from_irt(ds: &Dataset, o: &SstOptions) -> Result<Dataset> {
    if !(o.emis > 0.0 && o.emis <= 1.0) {
        return Err(Error::parameter("emis", o.emis, "sst_from_irt: must lie in (0, 1]"));
    }
    let sfc = values_1d(ds, &o.sfc_irt, Want::Kelvin)?;
    let sky = values_1d(ds, &o.sky_irt, Want::Kelvin)?;
    if sfc.len() != sky.len() {
        return Err(Error::invalid(format!(
            "'{}' and '{}' lengths differ",
            o.sfc_irt, o.sky_irt
        )));
    }
    let out: Vec<f64> = sfc.iter().zip(&sky).map(|(&a, &b)| sst_one(a, b, o)).collect();
    let tdim = ds.get(&o.sfc_irt)?.dims()[0].clone();
    let mut res = Dataset::new();
    res.insert(
        &o.sst_variable,
        Variable::new([tdim], out)?
            .with_attr("long_name", "Calculated sea surface temperature")
            .with_attr("units", "K"),
    )?;
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_body_surface_gives_its_temperature() {
        // ε = 1: SST is the surface brightness temperature (to the Brent tolerance)
        let o = SstOptions {
            emis: 1.0,
            tol: 1e-9,
            ..Default::default()
        };
        assert!((sst_one(290.0, 250.0, &o) - 290.0).abs() < 1e-6);
        // a cold sky reflected: the true SST is warmer than the brightness temperature
        let o = SstOptions {
            tol: 1e-9,
            ..Default::default()
        };
        assert!(sst_one(290.0, 220.0, &o) > 290.0);
        assert!(sst_one(f64::NAN, 220.0, &o).is_nan());
    }
}
