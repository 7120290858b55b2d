//! Rolling windows over samples, as xarray's `rolling(dim=window, center=…, min_periods=…)`:
//! means (optionally in float32 arithmetic, bit for bit with xarray on float32 data) and
//! population standard deviations, NaN-skipping. Time-based windows (`rolling("10min")`) are
//! [`crate::time_groups::rolling_time`].
//!
//! ```
//! use atmokit_core::rolling::{Align, rolling_mean, rolling_std};
//! let x = [1.0, 2.0, 3.0, 4.0, 5.0];
//! // centred window of 3: [i-1, i+1]; NaN where fewer than min_periods finite values
//! assert_eq!(rolling_mean(&x, 3, Align::Centered, 1, false), [1.5, 2.0, 3.0, 4.0, 4.5]);
//! let s = rolling_std(&x, 2, Align::Trailing, 2);
//! assert!(s[0].is_nan());
//! assert_eq!(s[1], 0.5);
//! ```

/// Where a window of `w` samples sits around sample `i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// xarray's `center=True`: `[i − w/2, i + w − w/2 − 1]`.
    Centered,
    /// xarray's default: `[i − w + 1, i]`.
    Trailing,
}

impl Align {
    /// Samples before `i` in a window of `w` (≥ 1).
    fn before(self, w: usize) -> usize {
        match self {
            Align::Centered => w / 2,
            Align::Trailing => w - 1,
        }
    }
}

/// Rolling mean ignoring NaN over windows of `window` samples (0 is taken as 1) placed by
/// `align` and clipped to the data; NaN where fewer than `min_periods` (at least 1) finite
/// values.
///
/// With `f32_math` every addition and the division are rounded to f32 and the window (NaN and
/// out-of-range positions as zeros) is summed in numpy's pairwise order, which reproduces
/// xarray's float32 `rolling().mean()` bit for bit.
pub fn rolling_mean(v: &[f64], window: usize, align: Align, min_periods: usize, f32_math: bool) -> Vec<f64> {
    let w = window.max(1);
    let before = align.before(w);
    let n = v.len();
    let r = |x: f64| if f32_math { x as f32 as f64 } else { x };
    let mut slots = vec![0.0; w];
    (0..n)
        .map(|i| {
            let mut count = 0usize;
            for (k, slot) in slots.iter_mut().enumerate() {
                // position i − before + k
                let j = (i + k).checked_sub(before).filter(|&j| j < n);
                *slot = match j.map(|j| v[j]) {
                    Some(x) if !x.is_nan() => {
                        count += 1;
                        x
                    }
                    _ => 0.0,
                };
            }
            if count < min_periods.max(1) {
                return f64::NAN;
            }
            r(pairwise_sum(&slots, &r) / count as f64)
        })
        .collect()
}

/// Rolling population standard deviation (ddof 0) over the finite values of windows of
/// `window` samples (0 is taken as 1) placed by `align` and clipped to the data, as xarray's
/// `rolling(…).std()`; NaN where fewer than `min_periods` (at least 1) finite values.
pub fn rolling_std(x: &[f64], window: usize, align: Align, min_periods: usize) -> Vec<f64> {
    let n = x.len();
    let w = window.max(1);
    let before = align.before(w);
    let after = w - before - 1;
    (0..n)
        .map(|i| window_std(&x[i.saturating_sub(before)..(i + after + 1).min(n)], min_periods))
        .collect()
}

/// Population standard deviation (ddof 0) of the finite values of `s`; NaN with fewer than
/// `min_periods` (at least 1) of them.
pub fn window_std(s: &[f64], min_periods: usize) -> f64 {
    let (mut cnt, mut sum) = (0usize, 0.0);
    for &v in s {
        let f = v.is_finite();
        cnt += usize::from(f);
        sum += if f { v } else { 0.0 };
    }
    if cnt == 0 || cnt < min_periods {
        return f64::NAN;
    }
    let mean = sum / cnt as f64;
    let mut ss = 0.0;
    for &v in s {
        let d = if v.is_finite() { v - mean } else { 0.0 };
        ss += d * d;
    }
    (ss / cnt as f64).sqrt()
}

/// numpy's pairwise summation order (8 accumulators, blocks of 128), with rounding `r`.
fn pairwise_sum(a: &[f64], r: &dyn Fn(f64) -> f64) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut s = 0.0;
        for &x in a {
            s = r(s + x);
        }
        s
    } else if n <= 128 {
        let mut acc = [0.0; 8];
        acc.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - n % 8 {
            for j in 0..8 {
                acc[j] = r(acc[j] + a[i + j]);
            }
            i += 8;
        }
        let mut s = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
        for &x in &a[i..] {
            s = r(s + x);
        }
        s
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        r(pairwise_sum(&a[..n2], r) + pairwise_sum(&a[n2..], r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_window_matches_xarray_centering() {
        // w = 4: window [i-2, i+1]
        let m = rolling_mean(&[1.0, 2.0, 3.0, 4.0, 5.0], 4, Align::Centered, 1, false);
        assert_eq!(m, vec![1.5, 2.0, 2.5, 3.5, 4.0]);
        let m = rolling_mean(&[1.0, f64::NAN, 3.0], 3, Align::Centered, 2, true);
        assert_eq!(m[1], 2.0);
        assert!(m[0].is_nan());
    }

    #[test]
    fn trailing_window() {
        let m = rolling_mean(&[1.0, 2.0, 3.0, 4.0], 2, Align::Trailing, 2, false);
        assert!(m[0].is_nan());
        assert_eq!(&m[1..], &[1.5, 2.5, 3.5]);
    }

    #[test]
    fn std_windows_match_hand_values() {
        // trailing 2: [0], [0, 2], [2, 4] → NaN (min 2), 1, 1
        let s = rolling_std(&[0.0, 2.0, 4.0], 2, Align::Trailing, 2);
        assert!(s[0].is_nan());
        assert_eq!(&s[1..], &[1.0, 1.0]);
        // centred 3 with a NaN skipped: [0, 1] [0, 1, 2] [1, 2, NaN] [2, NaN]
        let s = rolling_std(&[0.0, 1.0, 2.0, f64::NAN], 3, Align::Centered, 1);
        assert_eq!(s, [0.5, (2.0f64 / 3.0).sqrt(), 0.5, 0.0]);
        assert!(rolling_std(&[], 3, Align::Centered, 1).is_empty());
        assert!(window_std(&[f64::NAN, f64::INFINITY], 1).is_nan());
    }

    #[test]
    fn pairwise_order_in_f32() {
        // 0.1f32 added ten times sequentially differs from numpy's 8-lane order
        let a = vec![0.1f32 as f64; 10];
        let r = |x: f64| x as f32 as f64;
        let mut seq = 0.0;
        for &x in &a {
            seq = r(seq + x);
        }
        let pw = pairwise_sum(&a, &r);
        // numpy: np.float32(0.1) * 10 summed pairwise = 1.0000000 (f32), sequential 1.0000001
        assert_eq!(pw, 1.0f32 as f64);
        assert_eq!(seq, 1.000_000_1_f32 as f64);
    }
}
