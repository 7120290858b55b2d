//! Helpers shared by the lidar corrections: typed float access, fill-then-log10, units strings.

use atmokit_core::{Data, Dataset, Error, Result};
use ndarray::{ArrayViewMutD, Axis};
use num_traits::Float;

/// Values `<= 0` become `fill` (linear space), then every value becomes `log10(value)`.
/// NaN stays NaN (a NaN fill turns non-positive values into NaN).
pub(crate) fn fill_log10<T: Float>(mut a: ArrayViewMutD<'_, T>, fill: T) {
    a.mapv_inplace(|v| if v <= T::zero() { fill } else { v }.log10());
}

/// [`fill_log10`] for float32, with [`log10_f32`] (same values to within 1 ulp, several times faster
/// than the C library's `log10f`): large contiguous arrays are split over threads (rayon), and
/// each chunk is converted by a branch-free loop the compiler vectorises.
pub(crate) fn fill_log10_f32(mut a: ArrayViewMutD<'_, f32>, fill: f32) {
    use rayon::prelude::*;
    match a.as_slice_memory_order_mut() {
        Some(s) if s.len() >= 1 << 16 => s.par_chunks_mut(1 << 14).for_each(|c| fill_log10_f32_slice(c, fill)),
        Some(s) => fill_log10_f32_slice(s, fill),
        None => a.mapv_inplace(|v| if v <= 0.0 { fill } else { v }.log10()),
    }
}

fn fill_log10_f32_slice(s: &mut [f32], fill: f32) {
    let mut special = false;
    for v in s.iter_mut() {
        let x = if *v <= 0.0 { fill } else { *v };
        special |= x.to_bits().wrapping_sub(0x0080_0000) >= 0x7f00_0000;
        *v = x;
    }
    if special {
        // NaN, infinite, subnormal or a non-positive fill: the careful path.
        s.iter_mut().for_each(|v| *v = log10_f32(*v));
    } else {
        s.iter_mut().for_each(|v| *v = log10_f32_normal(*v));
    }
}

/// `log10(x)` of a float32, evaluated in float64: `x = m·2^e` with `m` in `[√½, √2)`,
/// `ln m = 2·atanh(s)`, `s = (m−1)/(m+1)`, by its series to `s¹³` (|s| < 0.172, truncation error
/// < 1e-13), then `(e·ln 2 + ln m)·log10(e)` rounded to float32. Zero, negative, subnormal,
/// infinite and NaN inputs go to `f32::log10`.
#[inline]
pub(crate) fn log10_f32(x: f32) -> f32 {
    let bits = x.to_bits();
    // Positive normal finite numbers only.
    if bits.wrapping_sub(0x0080_0000) >= 0x7f00_0000 {
        return x.log10();
    }
    log10_f32_normal(x)
}

/// [`log10_f32`] for positive normal finite `x` only (branch-free, vectorisable).
#[inline]
fn log10_f32_normal(x: f32) -> f32 {
    let bits = x.to_bits();
    let m0 = f64::from(f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000));
    let big = m0 > std::f64::consts::SQRT_2;
    let m = if big { m0 * 0.5 } else { m0 };
    let e = ((bits >> 23) as i32) - 127 + i32::from(big);
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let p =
        1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 / 13.0)))));
    let ln = f64::from(e) * std::f64::consts::LN_2 + 2.0 * s * p;
    (ln * std::f64::consts::LOG10_E) as f32
}

/// Multiply every lane along `axis` by `factor[k]` (k = index along `axis`).
pub(crate) fn scale_along<T: Float>(a: &mut ArrayViewMutD<'_, T>, axis: usize, factor: &[T]) {
    for (k, mut lane) in a.axis_iter_mut(Axis(axis)).enumerate() {
        let f = factor[k];
        lane.mapv_inplace(|v| v * f);
    }
}

/// The variable's `units` attribute wrapped as `"<prefix><units>)"`, or `"<prefix>unknown)"`.
///
/// Every log-space correction writes `log(...)` units, and that is how a second run is caught:
/// units already starting with `log(` are an error naming the variable and the correction, so
/// the data never become `log(log(...))`.
pub(crate) fn wrap_units(ds: &Dataset, var: &str, prefix: &str, correction: &str) -> Result<String> {
    let u = ds.get(var)?.units().unwrap_or("unknown");
    if u.starts_with("log(") {
        return Err(Error::data(
            var,
            format!("{correction}: already corrected (units '{u}'); running it again would take the logarithm twice"),
        ));
    }
    Ok(format!("{prefix}{u})"))
}

/// Set the `units` attribute of a variable.
pub(crate) fn set_units(ds: &mut Dataset, var: &str, units: String) -> Result<()> {
    ds.get_mut(var)?.attrs_mut().insert("units".into(), units.into());
    Ok(())
}

/// Error for a variable that is not floating point.
pub(crate) fn not_float(var: &str, data: &Data) -> Error {
    Error::DTypeMismatch {
        var: var.to_string(),
        expected: "float32 or float64".into(),
        found: data.dtype(),
    }
}

/// The one dim of `var` that is not `time`; errors when there is none or more than one.
pub(crate) fn range_dim(ds: &Dataset, var: &str) -> Result<(String, usize)> {
    let v = ds.get(var)?;
    let others: Vec<(usize, &String)> = v
        .dims()
        .iter()
        .enumerate()
        .filter(|(_, d)| d.as_str() != "time")
        .collect();
    match others.as_slice() {
        [(axis, d)] => Ok(((*d).clone(), *axis)),
        _ => Err(Error::data(
            var,
            format!(
                "expected exactly one non-time (range) dimension, found dims {:?}",
                v.dims()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::log10_f32;

    #[test]
    fn fast_log10_within_one_ulp_of_std() {
        // Every 997th float32 bit pattern over the positive normal range, plus exact powers of ten.
        let mut bits = 0x0080_0000u32;
        while bits < 0x7f80_0000 {
            let x = f32::from_bits(bits);
            let (a, b) = (log10_f32(x), x.log10());
            let ulp = (a.to_bits() as i64 - b.to_bits() as i64).abs();
            assert!(ulp <= 1 || (a - b).abs() <= f32::EPSILON * 1e-3, "x={x}: {a} vs {b}");
            bits += 997 * 64;
        }
        for (x, want) in [(1.0f32, 0.0f32), (10.0, 1.0), (1e-7, -7.0), (1000.0, 3.0), (0.01, -2.0)] {
            assert_eq!(log10_f32(x), want, "log10({x})");
        }
        assert!(log10_f32(f32::NAN).is_nan());
        assert_eq!(log10_f32(0.0), f32::NEG_INFINITY);
        assert!(log10_f32(-1.0).is_nan());
    }
}
