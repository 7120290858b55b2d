//! Infrared retrievals: AERI → IRT-equivalent temperature, sea-surface temperature from IRTs,
//! and Planck conversions.

pub mod aeri2irt;
pub mod planck;
pub mod response;
pub mod sst;

use planck::{WnumUnits, planck_radiance};
use response::IRT_RESPONSE;

/// Band radiance `Σ B(ν_i, T)·rf_i` over the IRT response (NaN terms skipped), ν in `u`
/// (for m⁻¹ the float32 wavenumbers are scaled by 100 in float32, as ACT does).
pub fn irt_band_radiance(t: f64, u: WnumUnits) -> f64 {
    IRT_RESPONSE
        .iter()
        .map(|&(w, rf)| {
            let w = match u {
                WnumUnits::PerCm => w as f64,
                WnumUnits::PerM => (w * 100.0) as f64,
            };
            planck_radiance(w, t, u).unwrap_or(f64::NAN) * rf as f64
        })
        .filter(|v| !v.is_nan())
        .sum()
}
