//! FFT shading test for shadow-band radiometers (Alexandrov et al. 2007, "Optical depth
//! measurements by shadow-band radiometers and their uncertainties", Applied Optics 46,
//! 8027–8038). Port of ACT `act.qc.radiometer_tests.fft_shading_test` (ACT API reference, `act.qc.radiometer_tests`).
//!
//! The caller supplies whether the Sun is up at each sample (e.g. `atmokit-physics`'
//! `is_sun_visible`), so this crate stays free of ephemerides. Works in place.

use crate::limits::finish;
use crate::model::TestResult;
use crate::options::TestOptions;
use crate::values::not_numeric;
use atmokit_core::{AttrValue, Dataset, Error, Result, Variable};

/// Parameters of [`fft_shading_test`] (ACT's defaults in [`Default`]).
#[derive(Clone, Debug, PartialEq)]
pub struct FftShadingOptions {
    /// Half window (samples): each sample uses `[t − w, t + w)` (default 30).
    pub fft_window: usize,
    /// Lower edges (Hz) of the shading frequency bands (default [0.008, 0.017]).
    pub shad_freq_lower: Vec<f64>,
    /// Upper edges (Hz) of the bands (default [0.0105, 0.0195]).
    pub shad_freq_upper: Vec<f64>,
    /// Peak-to-neighbour ratio thresholds per band (default [3.15, 1.2]).
    pub ratio_thresh: Vec<f64>,
    /// Sample interval (s); `None` = the most common time step.
    pub time_interval: Option<f64>,
    /// Trailing rolling-median window over the 0/1 shading series (default 5).
    pub smooth_window: usize,
    /// Flag where the smoothed shading exceeds this (default 0.4).
    pub shading_thresh: f64,
}

impl Default for FftShadingOptions {
    fn default() -> Self {
        FftShadingOptions {
            fft_window: 30,
            shad_freq_lower: vec![0.008, 0.017],
            shad_freq_upper: vec![0.0105, 0.0195],
            ratio_thresh: vec![3.15, 1.2],
            time_interval: None,
            smooth_window: 5,
            shading_thresh: 0.4,
        }
    }
}

/// Python's built-in `max` over floats: the first element, replaced by each later one that is
/// greater (so a leading NaN wins and later NaNs are skipped), as ACT's code does.
fn py_max(x: impl IntoIterator<Item = f64>) -> f64 {
    let mut it = x.into_iter();
    let mut cur = it.next().unwrap_or(f64::NAN);
    for v in it {
        if v > cur {
            cur = v;
        }
    }
    cur
}

/// |FFTPACK-packed real DFT| of `d`: `[|X0|, |Re X1|, |Im X1|, |Re X2|, …]` (length n), and the
/// matching frequencies `ceil(j/2) / (n·dt)` (scipy.fftpack `rfft` / `rfftfreq`).
fn packed_spectrum(d: &[f64], dt: f64) -> (Vec<f64>, Vec<f64>) {
    let n = d.len();
    let (cos, sin): (Vec<f64>, Vec<f64>) = (0..n)
        .map(|j| {
            let a = -2.0 * std::f64::consts::PI * j as f64 / n as f64;
            (a.cos(), a.sin())
        })
        .unzip();
    let mut out = Vec::with_capacity(n);
    for k in 0..=n / 2 {
        let (mut re, mut im) = (0.0, 0.0);
        for (j, &x) in d.iter().enumerate() {
            let p = (j * k) % n;
            re += x * cos[p];
            im += x * sin[p];
        }
        out.push(re.abs());
        if k > 0 && out.len() < n {
            out.push(im.abs());
        }
    }
    out.truncate(n);
    let freq = (0..n).map(|j| (j.div_ceil(2)) as f64 / (n as f64 * dt)).collect();
    (out, freq)
}

/// Shading decision (0/1) for one window, with the masked spectrum and frequencies.
fn window_shading(d: &[f64], dt: f64, o: &FftShadingOptions) -> (u8, Vec<f64>, Vec<f64>) {
    let (mut fftv, mut freq) = packed_spectrum(d, dt);
    for (v, f) in fftv.iter_mut().zip(freq.iter_mut()) {
        if *v > 1.0 {
            *v = f64::NAN;
            *f = f64::NAN;
        }
    }
    if fftv.is_empty() {
        return (0, fftv, freq);
    }
    let mut ratios = vec![];
    for (lo, hi) in o.shad_freq_lower.iter().zip(&o.shad_freq_upper) {
        let band: Vec<usize> = (0..freq.len()).filter(|&i| freq[i] > *lo && freq[i] < *hi).collect();
        let (Some(&first), Some(&last)) = (band.first(), band.last()) else {
            continue;
        };
        let peak = py_max(band.iter().map(|&i| fftv[i]));
        let s = first.saturating_sub(3);
        let e = (last + 3).min(fftv.len());
        if s == first || last == e {
            ratios.push(0.0);
        } else {
            let mean = (py_max(fftv[s..first].iter().copied()) + py_max(fftv[last..e].iter().copied())) / 2.0;
            ratios.push(if mean == 0.0 { f64::NAN } else { peak / mean });
        }
    }
    let shaded = match ratios.as_slice() {
        [] => false,
        [r0] => *r0 > o.ratio_thresh[0],
        [r0, r1, ..] => *r0 > o.ratio_thresh[0] && *r1 > o.ratio_thresh.get(1).copied().unwrap_or(f64::NEG_INFINITY),
    };
    (u8::from(shaded), fftv, freq)
}

/// One window of the FFT shading test: ACT's `fft_shading_test_process` result
/// (`{'shading', 'fft', 'freq'}`).
#[derive(Clone, Debug, PartialEq)]
pub struct ShadingWindow {
    /// A shading signal was found (ACT's `shading` 1).
    pub shading: bool,
    /// |FFT| of the window in scipy.fftpack's packed order; values above 1 (and all values when
    /// the Sun is down) are NaN.
    pub fft: Vec<f64>,
    /// The frequencies (Hz) of `fft`, NaN where `fft` is.
    pub freq: Vec<f64>,
}

/// The FFT shading decision for one window of irradiance `data` sampled every
/// `time_interval_s` seconds (ACT's array-level `fft_shading_test_process`, which
/// [`fft_shading_test`] runs on every sunlit sample): the packed real FFT of the window, values
/// above 1 dropped, and for each band (`o.shad_freq_lower[i]`, `o.shad_freq_upper[i]`) Hz the ratio
/// of the band's peak to the mean of the largest values in the three bins on either side; shading
/// when the first ratio exceeds `o.ratio_thresh[0]` and (with two bands) the second exceeds
/// `o.ratio_thresh[1]` (Alexandrov et al. 2007). With `is_sunny` false nothing is computed
/// (shading false, NaN spectra), as in ACT. `o.fft_window`, `o.smooth_window` and
/// `o.shading_thresh` are not used here.
///
/// ```
/// use atmokit_qc::radiometer::{FftShadingOptions, fft_shading_test_process};
/// // A 0.0095 Hz oscillation (inside the first band) on a 60-sample, 1-s window.
/// let data: Vec<f64> = (0..60).map(|i| 0.5 + 0.02 * (2.0 * std::f64::consts::PI * 0.0095 * i as f64).sin()).collect();
/// let w = fft_shading_test_process(&data, 1.0, true, &FftShadingOptions::default())?;
/// assert_eq!(w.fft.len(), 60);
/// let night = fft_shading_test_process(&data, 1.0, false, &FftShadingOptions::default())?;
/// assert!(!night.shading && night.fft.iter().all(|x| x.is_nan()));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn fft_shading_test_process(
    data: &[f64],
    time_interval_s: f64,
    is_sunny: bool,
    o: &FftShadingOptions,
) -> Result<ShadingWindow> {
    if !(time_interval_s.is_finite() && time_interval_s > 0.0) {
        return Err(Error::parameter(
            "time_interval",
            time_interval_s,
            "FFT shading: must be a positive number of seconds",
        ));
    }
    check_bands(o)?;
    if !is_sunny {
        let nan = vec![f64::NAN; data.len()];
        return Ok(ShadingWindow {
            shading: false,
            fft: nan.clone(),
            freq: nan,
        });
    }
    let (s, fft, freq) = window_shading(data, time_interval_s, o);
    Ok(ShadingWindow {
        shading: s == 1,
        fft,
        freq,
    })
}

/// The bands are pairs with a threshold each (at least one).
fn check_bands(o: &FftShadingOptions) -> Result<()> {
    let n = o.shad_freq_lower.len();
    if n == 0 || o.shad_freq_upper.len() != n || o.ratio_thresh.len() < n.min(2) {
        return Err(Error::invalid(format!(
            "FFT shading: {} lower and {} upper band edges and {} ratio thresholds; give one edge pair and one threshold per band",
            n,
            o.shad_freq_upper.len(),
            o.ratio_thresh.len()
        )));
    }
    Ok(())
}

/// Trailing rolling median (window `w`, at least one value), as pandas `rolling(w, min_periods=1)`.
fn rolling_median(x: &[u8], w: usize) -> Vec<f64> {
    (0..x.len())
        .map(|i| {
            let mut s: Vec<u8> = x[i.saturating_sub(w - 1)..=i].to_vec();
            s.sort_unstable();
            let m = s.len();
            if m % 2 == 1 {
                f64::from(s[m / 2])
            } else {
                (f64::from(s[m / 2 - 1]) + f64::from(s[m / 2])) / 2.0
            }
        })
        .collect()
}

/// Flag shadow-band shading problems of the 1-D `var` in place, and add the variables `fft` and
/// `fft_freq` (time × 2·fft_window, f64, NaN-padded) plus the `fft_window` coordinate.
///
/// For each sample t the values in `[t − w, t + w)` that are not the variable's
/// `missing_value` (−9999 if absent) go through a real FFT (FFTPACK packed layout, magnitudes of
/// the real and imaginary parts separately; frequencies `ceil(j/2)/(n·dt)` Hz); magnitudes > 1 are
/// set NaN. For each band, ratio = max in band / mean(max of the 3 bins left of the band, max
/// from the band's last bin to 3 bins right). Shading = 1 if ratio₁ > 3.15 and (ratio₂ > 1.2 or
/// no second band) and the Sun is up (`sun_up`, one per sample). A trailing rolling median
/// (5 samples) > 0.4 is flagged: meaning "FFT Shading Test", assessment Bad. A window containing
/// NaN has a NaN spectrum and is never shading (ACT's missing-value filter keeps NaN the same way).
pub fn fft_shading_test(
    ds: &mut Dataset,
    var: &str,
    sun_up: &[bool],
    o: &FftShadingOptions,
    opts: &TestOptions,
) -> Result<TestResult> {
    let v = ds.get(var)?;
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    let missing = v
        .attrs()
        .get("missing_value")
        .and_then(AttrValue::as_f64)
        .unwrap_or(-9999.0);
    let n = a.len();
    if a.ndim() != 1 || sun_up.len() != n {
        return Err(Error::data(
            var,
            format!(
                "FFT shading test: shape {:?} but {} sun-up flags were given",
                a.shape(),
                sun_up.len()
            ),
        ));
    }
    if o.fft_window == 0 || o.smooth_window == 0 || o.ratio_thresh.is_empty() {
        return Err(Error::invalid(
            "FFT shading test: fft_window, smooth_window and ratio_thresh must be non-empty",
        ));
    }
    check_bands(o)?;
    let dt = match o.time_interval {
        Some(dt) => dt,
        None => modal_step_s(&ds.time()?.to_vec()).unwrap_or(60.0),
    };
    let x: Vec<f64> = a.iter().copied().collect();
    let w2 = 2 * o.fft_window;
    let mut fft = vec![f64::NAN; n * w2];
    let mut freq = vec![f64::NAN; n * w2];
    let mut shading = vec![0u8; n];
    for t in 0..n {
        if !sun_up[t] {
            continue;
        }
        let d: Vec<f64> = x[t.saturating_sub(o.fft_window)..(t + o.fft_window).min(n)]
            .iter()
            .copied()
            .filter(|&v| v != missing)
            .collect();
        let (s, fv, fq) = window_shading(&d, dt, o);
        shading[t] = s;
        fft[t * w2..t * w2 + fv.len()].copy_from_slice(&fv);
        freq[t * w2..t * w2 + fq.len()].copy_from_slice(&fq);
    }
    let mask: Vec<bool> = rolling_median(&shading, o.smooth_window)
        .into_iter()
        .map(|m| m > o.shading_thresh)
        .collect();
    let r = finish(
        ds,
        var,
        &mask,
        &opts.meaning_or("FFT Shading Test"),
        &opts.assessment_or("Bad"),
        opts,
        vec![],
    )?;
    let tdim = ds.get(var)?.dims()[0].clone();
    let arr = |v: Vec<f64>| ndarray::Array2::from_shape_vec((n, w2), v).map(|a| a.into_dyn());
    let shape_err = |e: ndarray::ShapeError| Error::invalid(format!("FFT shading test: {e}"));
    ds.insert(
        "fft_window",
        Variable::new(["fft_window"], (0..w2 as i64).collect::<Vec<i64>>())?
            .with_attr("long_name", "FFT Window")
            .with_attr("units", "1"),
    )?;
    ds.insert(
        "fft",
        Variable::new([tdim.as_str(), "fft_window"], arr(fft).map_err(shape_err)?)?
            .with_attr("units", "")
            .with_attr("long_name", "FFT Results for Shading Test")
            .with_attr("upper_freq", o.shad_freq_upper.clone())
            .with_attr("lower_freq", o.shad_freq_lower.clone()),
    )?;
    ds.insert(
        "fft_freq",
        Variable::new([tdim.as_str(), "fft_window"], arr(freq).map_err(shape_err)?)?
            .with_attr("units", "")
            .with_attr("long_name", "FFT Frequency Values for Shading Test"),
    )?;
    Ok(r)
}

/// Most common step of a time axis in ns, in whole seconds (ACT `determine_time_delta`
/// truncates; ties → smallest).
fn modal_step_s(t: &[i64]) -> Option<f64> {
    atmokit_physics::time_utils::modal_step_ns(t).map(|s| (s / 1_000_000_000) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_spectrum_by_hand() {
        // x = [1, 2, 3, 4]: X0 = 10, X1 = −2 + 2i, X2 = −2 → packed |.| = [10, 2, 2, 2].
        let (v, f) = packed_spectrum(&[1.0, 2.0, 3.0, 4.0], 0.5);
        for (a, b) in v.iter().zip([10.0, 2.0, 2.0, 2.0]) {
            assert!((a - b).abs() < 1e-12);
        }
        // freq = [0, 1, 1, 2] / (4·0.5).
        assert_eq!(f, vec![0.0, 0.5, 0.5, 1.0]);
        // Odd n: [X0, Re X1, Im X1] for x = [1, 0, 0] → all 1.
        assert_eq!(packed_spectrum(&[1.0, 0.0, 0.0], 1.0).0.len(), 3);
    }

    #[test]
    fn python_max_and_median() {
        assert!(py_max([f64::NAN, 3.0]).is_nan());
        assert_eq!(py_max([1.0, f64::NAN, 3.0]), 3.0);
        // [0,1] → 0.5; [0,1,1] → 1; trailing window of 5.
        assert_eq!(
            rolling_median(&[0, 1, 1, 0, 0, 0], 5),
            vec![0.0, 0.5, 1.0, 0.5, 0.0, 0.0]
        );
        assert_eq!(
            modal_step_s(&[0, 20_000_000_000, 40_000_000_000, 70_000_000_000]),
            Some(20.0)
        );
    }

    #[test]
    fn periodic_shading_signal_is_flagged_and_night_is_not() {
        // A 0.1 W/m² sine at 1/108 Hz (inside band 1, 0.008–0.0105 Hz) on 20 s data, with
        // noise-free background: the band peak dwarfs its neighbours.
        let n = 200;
        let x: Vec<f32> = (0..n)
            .map(|i| (0.05 * (2.0 * std::f64::consts::PI * i as f64 * 20.0 / 108.0).sin()) as f32)
            .collect();
        let mut ds = Dataset::new();
        let t: Vec<i64> = (0..n as i64).map(|i| i * 20_000_000_000).collect();
        ds.insert(
            "time",
            Variable::new(["time"], atmokit_core::Data::Time(ndarray::Array1::from(t).into_dyn())).unwrap(),
        )
        .unwrap();
        ds.insert("x", Variable::new(["time"], x).unwrap()).unwrap();
        let mut sun = vec![true; n];
        sun[..100].iter_mut().for_each(|s| *s = false);
        let o = FftShadingOptions {
            shad_freq_lower: vec![0.008],
            shad_freq_upper: vec![0.0105],
            ..Default::default()
        };
        let r = fft_shading_test(&mut ds, "x", &sun, &o, &TestOptions::default()).unwrap();
        let idx = crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap();
        assert!(idx.iter().all(|&i| i >= 100), "night never flagged");
        assert!(idx.len() > 50, "sunny periodic signal flagged: {}", idx.len());
        assert_eq!(ds.get("fft").unwrap().data().shape(), &[n, 60]);
        assert!(fft_shading_test(&mut ds, "x", &sun[..5], &o, &TestOptions::default()).is_err());
    }
}
