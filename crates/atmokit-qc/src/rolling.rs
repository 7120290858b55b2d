//! Tests along time: persistence (rolling standard deviation) and delta (jump between
//! neighbours). Port of ACT `add_persistence_test` and `add_delta_test` (ACT API reference, `act.qc.qctests.QCTests`).
//! Both run along the `time` dim (axis 0 when there is none), per column for N-D data.

use crate::TestOptions;
use crate::fused::{flag_steps_1d, with_pair};
use crate::limits::{finish, limit_names};
use crate::model::TestResult;
use crate::values::{limit_in_dtype, not_numeric, py_float, round_to};
use atmokit_core::rolling::{Align, rolling_std, window_std};
use atmokit_core::{Dataset, Error, Result, Variable};
use ndarray::{ArrayD, Axis};

/// The data as f64 with the time axis, for lane-wise tests.
fn as_f64_with_axis(var_name: &str, v: &Variable) -> Result<(ArrayD<f64>, usize)> {
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var_name, v.data()))?;
    let axis = v.axis_of("time").unwrap_or(0);
    if a.ndim() == 0 {
        return Err(Error::data(
            var_name,
            "is a scalar: a test along time needs a time axis",
        ));
    }
    Ok((a, axis))
}

/// Flags in logical order from a per-lane function `f(lane_values, lane_flags)`.
fn lane_flags(a: &ArrayD<f64>, axis: usize, f: impl Fn(&[f64], &mut [bool])) -> Vec<bool> {
    // One contiguous lane (a 1-D series): no copies.
    if a.ndim() == 1
        && let Some(x) = a.as_slice()
    {
        let mut fl = vec![false; x.len()];
        f(x, &mut fl);
        return fl;
    }
    let mut out = ArrayD::<bool>::from_elem(a.shape(), false);
    for (lane, mut flags) in a.lanes(Axis(axis)).into_iter().zip(out.lanes_mut(Axis(axis))) {
        let x: Vec<f64> = lane.to_vec();
        let mut fl = vec![false; x.len()];
        f(&x, &mut fl);
        flags.iter_mut().zip(fl).for_each(|(o, v)| *o = v);
    }
    out.iter().copied().collect()
}

/// Centred rolling population standard deviation (ddof 0) over finite values, as xarray's
/// `rolling(time=window, center=True, min_periods).std()`: the window of `i` is
/// `[i - window/2, i + window - window/2 - 1]` clipped to the data, with `window` clamped to
/// `1..=x.len()` first (as the persistence test uses it); NaN where fewer than `min_periods`
/// finite values. The implementation is [`atmokit_core::rolling::rolling_std`].
pub fn rolling_std_centered(x: &[f64], window: usize, min_periods: usize) -> Vec<f64> {
    rolling_std(x, window.clamp(1, x.len().max(1)), Align::Centered, min_periods)
}

/// `rolling_std_centered(x, window, min_periods)[i] <= limit` for every `i`, in O(n) whatever the
/// window: sums of `(x - c)` and `(x - c)²` slide along the data (`c` a reference value restarted
/// every [`BLOCK`] samples, which bounds the rounding they carry), and only where the variance
/// they give lies within a margin of `limit²` far wider than that rounding is the window's
/// standard deviation computed exactly. So the flags are exactly those of the exact rolling
/// standard deviation.
fn persistence_flags(x: &[f64], window: usize, min_periods: usize, limit: f64, fl: &mut [bool]) {
    fl.fill(false);
    // A standard deviation (NaN or >= 0) is never <= NaN or a negative limit.
    if limit.is_nan() || limit < 0.0 {
        return;
    }
    let n = x.len();
    let w = window.clamp(1, n.max(1));
    let (before, after) = (w / 2, w - w / 2 - 1);
    let lim2 = limit * limit;
    let mut i = 0;
    while i < n {
        let end = (i + BLOCK).min(n);
        let (mut a, mut b) = (i.saturating_sub(before), (i + after + 1).min(n));
        let c = x[a..(end + after).min(n)]
            .iter()
            .copied()
            .find(|v| v.is_finite())
            .unwrap_or(0.0);
        // cnt, Σ(v - c), Σ(v - c)², and the largest (v - c)² these sums have held; a
        // non-finite value counts 0 and adds 0.0.
        let (mut cnt, mut s1, mut s2, mut big) = (0usize, 0.0f64, 0.0f64, 0.0f64);
        let term = |v: f64| if v.is_finite() { (1, v - c) } else { (0, 0.0) };
        for &v in &x[a..b] {
            let (k, d) = term(v);
            cnt += k;
            s1 += d;
            s2 += d * d;
            big = big.max(d * d);
        }
        for (j, f) in fl.iter_mut().enumerate().take(end).skip(i) {
            // The window moves by at most one sample at each end.
            if b < (j + after + 1).min(n) {
                let (k, d) = term(x[b]);
                cnt += k;
                s1 += d;
                s2 += d * d;
                big = big.max(d * d);
                b += 1;
            }
            if a < j.saturating_sub(before) {
                let (k, d) = term(x[a]);
                cnt -= k;
                s1 -= d;
                s2 -= d * d;
                a += 1;
            }
            if cnt == 0 || cnt < min_periods {
                continue;
            }
            // The variance times cnt² (no division on this path): cnt·Σd² − (Σd)².
            let k = cnt as f64;
            let var = s2 * k - s1 * s1;
            let lim = lim2 * k * k;
            // The sums' rounding is below ~(window + 2·BLOCK)·ε·big·cnt² here; 1e-9 is orders wider.
            let margin = 1e-9 * k * (big * k + s2.abs()) + f64::MIN_POSITIVE;
            *f = if var + margin < lim {
                true
            } else if var - margin > lim {
                false
            } else {
                window_std(&x[a..b], min_periods) <= limit
            };
        }
        i = end;
    }
}

/// Samples between restarts of the sliding sums in [`persistence_flags`].
const BLOCK: usize = 64;

/// The parameters of [`add_persistence_test`], with ACT's defaults (`Default`): `window` 10
/// samples, `test_limit` 0.0001 (data units), `min_periods` 1, no `ignore_range`.
///
/// ```
/// let o = atmokit_qc::PersistenceOptions { window: 5, ..Default::default() };
/// assert_eq!((o.window, o.test_limit, o.min_periods, o.ignore_range), (5, 1e-4, 1, None));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PersistenceOptions {
    /// Window in samples along time (at least 1; capped at the data length). ACT `window=10`.
    pub window: usize,
    /// Standard-deviation limit in the variable's units: flagged where the rolling std is `<=`
    /// it. ACT `test_limit=0.0001`.
    pub test_limit: f64,
    /// Minimum finite values in a window for a std (fewer: not flagged). ACT `min_periods=1`.
    pub min_periods: usize,
    /// Values `min(range) <= x <= max(range)` are never flagged. ACT `ignore_range=None`.
    pub ignore_range: Option<(f64, f64)>,
}

impl Default for PersistenceOptions {
    fn default() -> Self {
        PersistenceOptions {
            window: 10,
            test_limit: 0.0001,
            min_periods: 1,
            ignore_range: None,
        }
    }
}

/// Flag where the centred rolling standard deviation over `p.window` samples (capped at the data
/// length; ddof 0; NaN skipped; at least `p.min_periods` values) is `<= p.test_limit` (data units),
/// except where `p.ignore_range` holds `min(range) <= x <= max(range)`.
/// Default meaning "Data failing persistence test. Standard Deviation over a window of {window}
/// values less than {test_limit}.", assessment Bad, no limit attrs.
/// Computed in float64 (xarray uses float32: the oracle shows identical counts).
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_qc::{PersistenceOptions, TestOptions, add_persistence_test, get_qc_test_mask};
/// let mut ds = Dataset::new();
/// ds.insert("rh", Variable::new(["time"], vec![70.0f64, 70.0, 70.0, 70.0, 71.0, 73.0, 76.0])?)?;
/// // ACT's keywords: window=3, test_limit=1e-4, min_periods=1, no ignore_range.
/// let p = PersistenceOptions { window: 3, ..Default::default() };
/// add_persistence_test(&mut ds, "rh", &p, &TestOptions::default())?;
/// assert_eq!(get_qc_test_mask(&ds, "qc_rh", 1)?, [true, true, true, false, false, false, false]);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn add_persistence_test(
    ds: &mut Dataset,
    var: &str,
    p: &PersistenceOptions,
    opts: &TestOptions,
) -> Result<TestResult> {
    let (window, test_limit, min_periods, ignore_range) = (p.window, p.test_limit, p.min_periods, p.ignore_range);
    let v = ds.get(var)?;
    let (a, axis) = as_f64_with_axis(var, v)?;
    let n_time = a.shape()[axis];
    if window == 0 {
        return Err(Error::parameter(
            "window",
            0,
            format!("persistence test on '{var}': must be at least 1"),
        ));
    }
    let window = window.min(n_time.max(1));
    let range = ignore_range.map(|(a, b)| (a.min(b), a.max(b)));
    let mask = lane_flags(&a, axis, |x, fl| {
        persistence_flags(x, window, min_periods.max(1), test_limit, fl);
        if let Some((lo, hi)) = range {
            for (f, v) in fl.iter_mut().zip(x) {
                *f &= !(lo <= *v && *v <= hi);
            }
        }
    });
    let meaning = opts.meaning_or(&format!(
        "Data failing persistence test. Standard Deviation over a window of {window} values less than {}.",
        py_float(test_limit)
    ));
    let assessment = opts.assessment_or("Bad");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![])
}

/// How a step between neighbours is measured.
#[derive(Clone, Copy)]
enum Step {
    /// `|d|`.
    Plain,
    /// Directions: `min(|d| mod 360, 360 − |d| mod 360)`.
    Circular,
    /// Directions as ACT 2.3.4 measures them: `|d| mod 360`.
    ActMod360,
}

/// The step test: `d >= lim`, with `d` (already `|Δx|`) measured as `step` says.
#[inline]
fn step_exceeds(d: f64, step: Step, lim: f64) -> bool {
    let d = match step {
        Step::Plain => d,
        Step::Circular => {
            let m = d % 360.0;
            m.min(360.0 - m)
        }
        Step::ActMod360 => d % 360.0,
    };
    d >= lim
}

/// True when ACT treats the variable as a direction: units deg/degree/degrees/degs and a
/// long_name containing "direction".
pub(crate) fn is_direction(v: &Variable) -> bool {
    matches!(v.units(), Some("deg" | "degree" | "degrees" | "degs"))
        && v.long_name().is_some_and(|l| l.to_lowercase().contains("direction"))
}

/// Flag both neighbours `i` and `i+1` where `|x[i+1] - x[i]| >= diff_limit` (difference in the
/// data's precision). For directions (see `is_direction`) the difference is circular,
/// `min(d mod 360, 360 - d mod 360)`, so 359° → 1° is a 2° step.
/// Default meaning "Difference between current and previous values exceeds warn_delta.",
/// assessment Indeterminate, limit attr `warn_delta` / `fail_delta`.
///
/// Differs from ACT: ACT takes `mod(|d|, 360)`, which leaves a 358° jump for 359° → 1° and
/// flags the wrap-around; the circular difference does not. [`TestOptions::act_compat`]
/// reproduces ACT.
pub fn add_delta_test(ds: &mut Dataset, var: &str, diff_limit: f64, opts: &TestOptions) -> Result<TestResult> {
    let v = ds.get(var)?;
    let dtype = v.dtype();
    let step = match (is_direction(v), opts.act_compat) {
        (false, _) => Step::Plain,
        (true, false) => Step::Circular,
        (true, true) => Step::ActMod360,
    };
    let (attr, lim) = limit_in_dtype(dtype, diff_limit);
    if !dtype.is_numeric() {
        return Err(not_numeric(var, v.data()));
    }
    let multi = v.shape().len() != 1;
    let mask = if multi {
        let (a, axis) = as_f64_with_axis(var, v)?;
        Some(lane_flags(&a, axis, |x, fl| {
            for i in 1..x.len() {
                let d = round_to(dtype, x[i] - x[i - 1]).abs();
                if step_exceeds(d, step, lim) {
                    fl[i - 1] = true;
                    fl[i] = true;
                }
            }
        }))
    } else {
        None
    };
    let assessment = opts.assessment_or("Indeterminate");
    let name = limit_names(ds, var, opts, &assessment, &["delta"]).remove(0);
    let meaning = opts.meaning_or(&format!(
        "Difference between current and previous values exceeds {name}."
    ));
    if let Some(mask) = mask {
        return finish(ds, var, &mask, &meaning, &assessment, opts, vec![(name, attr)]);
    }
    let r = crate::model::add_test(ds, var, None, &meaning, &assessment, opts)?;
    let n = r.test_number;
    with_pair(ds, var, &r.qc_variable_name, |v, q| {
        flag_steps_1d(var, v.data(), q.data_mut(), n, opts.flag_value, |d| {
            step_exceeds(d, step, lim)
        })?;
        q.attrs_mut().insert(name, attr);
        Ok(())
    })?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_std_matches_hand_values() {
        // window 3 centred: [0,1] → 0.5; [0,1,2] → sqrt(2/3); [1,2,3]; [2,3] → 0.5.
        let s = rolling_std_centered(&[0.0, 1.0, 2.0, 3.0], 3, 1);
        assert!(
            (s[0] - 0.5).abs() < 1e-15 && (s[1] - (2.0f64 / 3.0).sqrt()).abs() < 1e-15 && (s[3] - 0.5).abs() < 1e-15
        );
        // window 4: before 2, after 1 → i=0 covers [0,1].
        let s = rolling_std_centered(&[0.0, 2.0, 4.0, 6.0], 4, 1);
        assert!((s[0] - 1.0).abs() < 1e-15);
        let s = rolling_std_centered(&[f64::NAN, f64::NAN, 1.0], 1, 1);
        assert!(s[0].is_nan() && s[2] == 0.0);
    }

    /// The rolling std gives bit for bit what a plain per-window two-pass std over the finite
    /// values gives, for every window length, data length and `min_periods`, with NaN and ±inf
    /// mixed in.
    #[test]
    fn rolling_std_equals_plain_windows() {
        let mut state = 88172645463325252u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let plain = |s: &[f64], min: usize| -> f64 {
            let f: Vec<f64> = s.iter().copied().filter(|v| v.is_finite()).collect();
            if f.is_empty() || f.len() < min {
                return f64::NAN;
            }
            let m = f.iter().sum::<f64>() / f.len() as f64;
            (f.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / f.len() as f64).sqrt()
        };
        for n in [0usize, 1, 7, 8, 9, 17, 40, 301] {
            let x: Vec<f64> = (0..n)
                .map(|_| match next() % 23 {
                    0 => f64::NAN,
                    1 => f64::INFINITY,
                    2 => 3.0,
                    r => 280.0 + r as f64 * 0.37 + (next() % 1000) as f64 * 1e-3,
                })
                .collect();
            for w in [1usize, 2, 3, 8, 10, 11, 25] {
                for min in [1usize, 3] {
                    let got = rolling_std_centered(&x, w, min);
                    let wc = w.clamp(1, n.max(1));
                    for (i, g) in got.iter().enumerate() {
                        let s = &x[i.saturating_sub(wc / 2)..(i + wc - wc / 2).min(n)];
                        let want = plain(s, min);
                        assert!(
                            g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()),
                            "n {n} w {w} min {min} i {i}: {g} vs {want}"
                        );
                    }
                }
            }
        }
    }

    /// The sliding persistence flags equal `rolling_std_centered(..) <= limit` on data made to
    /// sit on the limit: runs of equal values (std exactly 0 against limit 0), values alternating
    /// `c ± limit` (std exactly `limit` in even windows) around large offsets, spikes of -9999
    /// and 1e300, NaN and ±inf, for several windows, limits and `min_periods`.
    #[test]
    fn persistence_flags_equal_exact_std() {
        let mut state = 0x9E3779B97F4A7C15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for n in [0usize, 1, 5, 63, 64, 65, 200, 1000] {
            for limit in [0.0, 1e-4, 0.5, 2.0, f64::INFINITY, -1.0, f64::NAN] {
                let x: Vec<f64> = (0..n)
                    .map(|i| match (i / 40) % 5 {
                        0 => 7.25,
                        1 => 1e6 + if i % 2 == 0 { limit } else { -limit },
                        2 => match next() % 17 {
                            0 => f64::NAN,
                            1 => -9999.0,
                            2 => f64::NEG_INFINITY,
                            3 => 1e300,
                            r => 20.0 + r as f64 * 1e-5,
                        },
                        3 => 300.0 + (next() % 7) as f64 * 0.25,
                        _ => {
                            if i % 3 == 0 {
                                f64::NAN
                            } else {
                                0.1 * (i % 4) as f64
                            }
                        }
                    })
                    .collect();
                for w in [1usize, 2, 4, 10, 11, 100] {
                    for min in [1usize, 4] {
                        let sd = rolling_std_centered(&x, w, min);
                        let want: Vec<bool> = sd.iter().map(|s| *s <= limit).collect();
                        let mut got = vec![true; n];
                        persistence_flags(&x, w, min, limit, &mut got);
                        assert_eq!(got, want, "n {n} limit {limit} w {w} min {min}");
                    }
                }
            }
        }
    }

    fn pers(window: usize, ignore_range: Option<(f64, f64)>) -> PersistenceOptions {
        PersistenceOptions {
            window,
            ignore_range,
            ..Default::default()
        }
    }

    #[test]
    fn persistence_and_delta() {
        let mut ds = Dataset::new();
        let x = vec![1.0f32, 2.0, 5.0, 5.0, 5.0, 5.0, 9.0, 10.0];
        ds.insert("x", Variable::new(["time"], x).unwrap()).unwrap();
        let r = add_persistence_test(&mut ds, "x", &pers(3, None), &TestOptions::default()).unwrap();
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap(),
            vec![3, 4]
        );
        assert_eq!(
            r.test_meaning,
            "Data failing persistence test. Standard Deviation over a window of 3 values less than 0.0001."
        );
        let r = add_persistence_test(&mut ds, "x", &pers(3, Some((6.0, 4.0))), &TestOptions::default()).unwrap();
        assert!(crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap().is_empty());
        let r = add_delta_test(&mut ds, "x", 3.0, &TestOptions::default()).unwrap();
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap(),
            vec![1, 2, 5, 6]
        );
        assert_eq!(r.test_assessment, "Indeterminate");
        assert!(ds.get("qc_x").unwrap().attrs().contains_key("warn_delta"));
        assert!(add_persistence_test(&mut ds, "x", &pers(0, None), &TestOptions::default()).is_err());
    }

    #[test]
    fn delta_is_circular_for_directions() {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![350.0f32, 359.0, 1.0, 40.0])
            .unwrap()
            .with_attr("units", "degree")
            .with_attr("long_name", "Wind direction");
        ds.insert("wdir", v).unwrap();
        let r = add_delta_test(&mut ds, "wdir", 30.0, &TestOptions::default()).unwrap();
        // 359 → 1 is a 2° step (ACT would flag it as 358°); 1 → 40 is 39°.
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_wdir", r.test_number).unwrap(),
            vec![2, 3]
        );
        // ACT's `|d| mod 360`: 359 → 1 is 358° and flags both of its samples too.
        let r = add_delta_test(&mut ds, "wdir", 30.0, &TestOptions::default().act_compatible(true)).unwrap();
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_wdir", r.test_number).unwrap(),
            vec![1, 2, 3]
        );
    }
}
