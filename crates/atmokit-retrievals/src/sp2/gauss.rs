//! Gaussian fits of the scattering waves (channel 0 high gain, channel 4 low gain): PySP2's
//! `gaussian_fit` for those channels.
//!
//! A particle crossing the Gaussian laser beam scatters a Gaussian pulse (Schwarz et al. 2006);
//! its fitted amplitude is the scattering signal calibrated into a diameter. The fit is
//! y = a·exp(−(x − x₀)²/(2σ²)) + b over samples x = 0, 1, …, started from
//! (max − min, first sample of the max, 20, min) and run by [`lmdif`] with PySP2's settings
//! (`ftol` 10⁻³, at most 40 evaluations for channel 0, 50 for channel 4); FWHM = 2.35482·σ.
//! A fit that does not converge (SciPy raises) gives NaN and `error = 1`.

use super::globals::Sp2Globals;
use crate::least_squares::{LmOptions, lmdif};
use atmokit_core::summary::pairwise_sum;

/// Result of one record's fit, PySP2's names per field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScatterFit {
    /// Fitted amplitude a (counts): `FtAmp_chN`.
    pub amplitude: f64,
    /// Fitted centre x₀ (sample): `FtPos_chN`.
    pub fit_pos: f64,
    /// Fitted baseline b (counts): `Base_chN`.
    pub base: f64,
    /// max(wave) − b (counts): `PkHt_chN`.
    pub height: f64,
    /// First sample of the maximum: `PkPos_chN`.
    pub pos: f64,
    /// Last sample at or before `pos` less than 50 counts above b: `PkStart_chN`.
    pub start: f64,
    /// Σ (wave − fit)² (counts²): `GaussChiSq_chN`.
    pub chi2: f64,
    /// 2.35482·σ (samples): `PkFWHM_chN`.
    pub width: f64,
    /// 1 when the fit did not converge, NaN otherwise (PySP2's `error`).
    pub error: f64,
}

impl ScatterFit {
    /// Every value NaN: a record without a fit (PySP2 leaves NaN there).
    fn missing() -> Self {
        let nan = f64::NAN;
        ScatterFit {
            amplitude: nan,
            fit_pos: nan,
            base: nan,
            height: nan,
            pos: nan,
            start: nan,
            chi2: nan,
            width: nan,
            error: nan,
        }
    }
}

const FWHM_PER_SIGMA: f64 = 2.35482;

/// PySP2's model, evaluated in its order of operations.
fn gaus(x: f64, p: &[f64]) -> f64 {
    let d = x - p[1];
    p[0] * (-((d * d) / (2.0 * (p[2] * p[2])))).exp() + p[3]
}

/// Least-squares fit of [`gaus`] to the points (`xs`, `ys`); None when it does not converge.
fn fit(xs: &[f64], ys: &[f64], p0: [f64; 4], ftol: f64, maxfev: usize) -> Option<[f64; 4]> {
    if xs.len() < 4 {
        return None;
    }
    let mut p = p0;
    let opts = LmOptions {
        ftol,
        maxfev,
        ..LmOptions::default()
    };
    let (stop, _) = lmdif(
        |p, out| {
            for ((o, &x), &y) in out.iter_mut().zip(xs).zip(ys) {
                *o = gaus(x, p) - y;
            }
        },
        xs.len(),
        &mut p,
        &opts,
    );
    (stop.converged() && p.iter().all(|v| v.is_finite())).then_some(p)
}

fn argmax(w: &[f64]) -> usize {
    let mut best = 0;
    for (k, &x) in w.iter().enumerate() {
        if x > w[best] {
            best = k;
        }
    }
    best
}

fn chi2(w: &[f64], p: &[f64]) -> f64 {
    let r: Vec<f64> = w
        .iter()
        .enumerate()
        .map(|(k, &y)| (y - gaus(k as f64, p)).powi(2))
        .collect();
    pairwise_sum(&r)
}

/// Last index ≤ `pos` whose value is less than 50 counts above `base`.
fn start_before(w: &[f64], base: f64, pos: f64) -> f64 {
    (0..w.len())
        .rev()
        .find(|&k| (k as f64) <= pos && w[k] - base < 50.0)
        .map_or(f64::NAN, |k| k as f64)
}

/// Fit of one high-gain scattering wave (channel 0).
///
/// Accepted when a > 1, 0 < x₀ < n, 0 < FWHM < min(n, a) (n samples), else a, x₀, FWHM, b,
/// χ² are NaN; with b finite, height = max − b and pos = first sample of the max, then all
/// but height and start become NaN unless height > 1 and 0 < x₀ < n. PySP2 treats a start at
/// sample 0 as none (NaN); atmokit does the same.
pub fn fit_scatter_high_gain(w: &[f64]) -> ScatterFit {
    let nan = f64::NAN;
    let n = w.len() as f64;
    let xs: Vec<f64> = (0..w.len()).map(|k| k as f64).collect();
    let (max, min) = w
        .iter()
        .fold((f64::NEG_INFINITY, f64::INFINITY), |(a, b), &x| (a.max(x), b.min(x)));
    let loc = argmax(w);
    let p0 = [max - min, loc as f64, 20.0, min];
    let mut out = ScatterFit::missing();
    let Some(p) = fit(&xs, w, p0, 1e-3, 40) else {
        out.error = 1.0;
        return out;
    };
    let width = p[2] * FWHM_PER_SIGMA;
    if p[0] > 1.0 && p[1] > 0.0 && p[1] < n && width < n && width < p[0] && width > 0.0 {
        (out.amplitude, out.fit_pos, out.width, out.base, out.chi2) = (p[0], p[1], width, p[3], chi2(w, &p));
    }
    if out.base.is_finite() {
        out.height = max - out.base;
        out.pos = loc as f64;
        // PySP2 tests `np.any` of the candidate indices: a lone candidate at sample 0 is none.
        let any_nonzero = w.iter().enumerate().any(|(k, &y)| k > 0 && y - out.base < 50.0);
        out.start = if any_nonzero {
            start_before(w, out.base, out.pos)
        } else {
            nan
        };
        if !(out.height > 1.0 && out.fit_pos > 0.0 && out.fit_pos < n) {
            (out.amplitude, out.base, out.fit_pos, out.width, out.chi2, out.pos) = (nan, nan, nan, nan, nan, nan);
        }
    }
    out
}

/// Fit of one low-gain scattering wave (channel 4). A wave spanning at least
/// `ScatMaxPeakHt2` counts is clipped: the samples at its maximum are left out, and the fit is
/// repeated from the first fit's centre with `ftol` 10⁻⁵. Accepted when a > 1, x₀ > 0,
/// 0 < FWHM < min(n, a); height and pos are NaN unless height > 1 and 0 < pos < n.
pub fn fit_scatter_low_gain(w: &[f64], globals: &Sp2Globals) -> ScatterFit {
    let nan = f64::NAN;
    let n = w.len() as f64;
    let (max, min) = w
        .iter()
        .fold((f64::NEG_INFINITY, f64::INFINITY), |(a, b), &x| (a.max(x), b.min(x)));
    let clipped = max - min >= globals.ScatMaxPeakHt2;
    let (xs, ys): (Vec<f64>, Vec<f64>) = w
        .iter()
        .enumerate()
        .filter(|&(_, &y)| !(clipped && y == max))
        .map(|(k, &y)| (k as f64, y))
        .unzip();
    let loc = argmax(w);
    let mut p0 = [max - min, loc as f64, 20.0, min];
    let mut out = ScatterFit::missing();
    let mut p = fit(&xs, &ys, p0, 1e-3, 50);
    if clipped && let Some(first) = p {
        p0[1] = first[1];
        p = fit(&xs, &ys, p0, 1e-5, 50);
    }
    let Some(p) = p else {
        out.error = 1.0;
        return out;
    };
    let width = p[2] * FWHM_PER_SIGMA;
    if p[0] > 1.0 && p[1] > 0.0 && width < n && width < p[0] && width > 0.0 {
        (out.amplitude, out.fit_pos, out.width, out.base, out.chi2) = (p[0], p[1], width, p[3], chi2(w, &p));
    }
    if out.base.is_finite() {
        out.height = max - out.base;
        out.pos = loc as f64;
        if !(out.height > 1.0 && out.pos > 0.0 && out.pos < n) {
            (out.height, out.pos) = (nan, nan);
        }
        out.start = start_before(w, out.base, out.pos);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(a: f64, x0: f64, sigma: f64, b: f64) -> Vec<f64> {
        (0..100).map(|k| gaus(k as f64, &[a, x0, sigma, b]).round()).collect()
    }

    #[test]
    fn fits_a_known_gaussian() {
        let w = wave(3000.0, 42.3, 6.0, -30.0);
        let f = fit_scatter_high_gain(&w);
        assert!((f.amplitude - 3000.0).abs() < 2.0, "{f:?}");
        assert!((f.fit_pos - 42.3).abs() < 0.01, "{f:?}");
        assert!((f.width - 6.0 * 2.35482).abs() < 0.02, "{f:?}");
        assert!((f.base + 30.0).abs() < 0.5, "{f:?}");
        assert_eq!(f.pos, 42.0);
        assert!(f.error.is_nan());
        // Rounding to whole counts is the only misfit: χ² ≤ 100 · 0.5².
        assert!(f.chi2 <= 25.0, "{f:?}");
    }

    #[test]
    fn clipped_low_gain_wave_is_fitted_without_its_flat_top() {
        let mut w = wave(90000.0, 50.0, 5.0, -30000.0);
        for y in &mut w {
            *y = y.min(32767.0);
        }
        let (xs, ys): (Vec<f64>, Vec<f64>) = w
            .iter()
            .enumerate()
            .filter(|&(_, &y)| y < 32767.0)
            .map(|(k, &y)| (k as f64, y))
            .unzip();
        // SciPy's curve_fit(method="lm", maxfev=50, ftol=1e-3) on these points gives
        // (90000.7964, 50.0000, −4.99998046, −30000.0053): σ comes out negative.
        let p = fit(&xs, &ys, [62767.0, 46.0, 20.0, -30000.0], 1e-3, 50).unwrap();
        assert!((p[0] - 90000.7964).abs() < 0.01 && (p[1] - 50.0).abs() < 1e-4, "{p:?}");
        assert!(
            (p[2] + 4.99998046).abs() < 1e-6 && (p[3] + 30000.0053).abs() < 1e-3,
            "{p:?}"
        );
        // A negative width is rejected, as PySP2 does.
        let f = fit_scatter_low_gain(&w, &Sp2Globals::default());
        assert!(f.amplitude.is_nan() && f.error.is_nan(), "{f:?}");
    }

    #[test]
    fn flat_wave_is_rejected() {
        let f = fit_scatter_high_gain(&[5.0; 100]);
        assert!(f.amplitude.is_nan() && f.height.is_nan() && f.pos.is_nan());
    }
}
