//! The rolling means of the retrievals, in xarray's order: [`atmokit_core::rolling`] is the one
//! implementation; these name the two window placements the retrievals use.

use atmokit_core::rolling::{Align, rolling_mean};

/// Centred rolling mean (xarray `center=True`), see [`rolling_mean`].
pub(crate) fn rolling_mean_centered(v: &[f64], w: usize, min_periods: usize, f32_math: bool) -> Vec<f64> {
    rolling_mean(v, w, Align::Centered, min_periods, f32_math)
}

/// Trailing rolling mean (xarray `rolling(time=w)`), see [`rolling_mean`].
pub(crate) fn rolling_mean_trailing(v: &[f64], w: usize, min_periods: usize, f32_math: bool) -> Vec<f64> {
    rolling_mean(v, w, Align::Trailing, min_periods, f32_math)
}
