//! Rolling means in xarray's order: centred windows and numpy's pairwise summation, optionally
//! with float32 rounding so results on float32 data match xarray bit for bit.

/// Centred rolling mean ignoring NaN, window `[i − w/2, i + w − w/2 − 1]` (xarray `center=True`),
/// NaN where fewer than `min_periods` finite values.
///
/// With `f32_math` every addition and the division are rounded to f32 and the window (NaN and
/// out-of-range positions as zeros) is summed in numpy's pairwise order, which reproduces
/// xarray's float32 `rolling().mean()` bit for bit; the grid selection below depends on it.
pub(crate) fn rolling_mean_centered(v: &[f64], w: usize, min_periods: usize, f32_math: bool) -> Vec<f64> {
    rolling_mean(v, w, w.max(1) / 2, min_periods, f32_math)
}

/// Trailing rolling mean over `[i − w + 1, i]` (xarray `rolling(time=w)`, not centred); see
/// [`rolling_mean_centered`] for NaN handling and `f32_math`.
pub(crate) fn rolling_mean_trailing(v: &[f64], w: usize, min_periods: usize, f32_math: bool) -> Vec<f64> {
    rolling_mean(v, w, w.max(1) - 1, min_periods, f32_math)
}

/// Rolling mean over `[i − before, i − before + w − 1]`.
fn rolling_mean(v: &[f64], w: usize, before: usize, min_periods: usize, f32_math: bool) -> Vec<f64> {
    let w = w.max(1);
    let n = v.len();
    let r = |x: f64| if f32_math { x as f32 as f64 } else { x };
    let mut window = vec![0.0; w];
    (0..n)
        .map(|i| {
            let mut count = 0usize;
            for (k, slot) in window.iter_mut().enumerate() {
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
            r(pairwise_sum(&window, &r) / count as f64)
        })
        .collect()
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
        let m = rolling_mean_centered(&[1.0, 2.0, 3.0, 4.0, 5.0], 4, 1, false);
        assert_eq!(m, vec![1.5, 2.0, 2.5, 3.5, 4.0]);
        let m = rolling_mean_centered(&[1.0, f64::NAN, 3.0], 3, 2, true);
        assert_eq!(m[1], 2.0);
        assert!(m[0].is_nan());
    }

    #[test]
    fn trailing_window() {
        let m = rolling_mean_trailing(&[1.0, 2.0, 3.0, 4.0], 2, 2, false);
        assert!(m[0].is_nan());
        assert_eq!(&m[1..], &[1.5, 2.5, 3.5]);
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
