//! Reading a data variable's values for a test, casting limits to the data's dtype, and formatting
//! numbers in meanings the way Python prints them.

use atmokit_core::{AttrValue, DType, Data, Error};

/// The error for a non-numeric variable given to a test.
pub(crate) fn not_numeric(name: &str, data: &Data) -> Error {
    Error::not_numeric(name, data.dtype())
}

/// `x` as stored in `dtype` (float32 rounding; integers truncated as numpy's `astype`), as an
/// attribute value and as the f64 the comparison uses.
///
/// numpy 2 compares a float32 array with a Python float in float32, so the limit is rounded to
/// float32 for float32 data; integer data compare with the unrounded limit (float64).
pub(crate) fn limit_in_dtype(dtype: DType, x: f64) -> (AttrValue, f64) {
    match dtype {
        DType::F32 => (AttrValue::F32(vec![x as f32]), x as f32 as f64),
        DType::I8 => (AttrValue::I8(vec![x as i8]), x),
        DType::U8 => (AttrValue::U8(vec![x as u8]), x),
        DType::I16 => (AttrValue::I16(vec![x as i16]), x),
        DType::U16 => (AttrValue::U16(vec![x as u16]), x),
        DType::I32 => (AttrValue::I32(vec![x as i32]), x),
        DType::U32 => (AttrValue::U32(vec![x as u32]), x),
        DType::I64 => (AttrValue::I64(vec![x as i64]), x),
        DType::U64 => (AttrValue::U64(vec![x as u64]), x),
        _ => (AttrValue::F64(vec![x]), x),
    }
}

/// Round an f64 result to the precision of `dtype` (float32 arithmetic on float32 data).
#[inline]
pub(crate) fn round_to(dtype: DType, x: f64) -> f64 {
    if dtype == DType::F32 { x as f32 as f64 } else { x }
}

/// Python's `repr` of a float: `3.0`, `0.1`, `1e-05`, `1.5e+20`.
pub fn py_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let s = format!("{x:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let sign = if e < 0 { '-' } else { '+' };
        return format!("{m}e{sign}{:02}", e.abs());
    }
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_repr() {
        assert_eq!(py_float(3.0), "3.0");
        assert_eq!(py_float(0.1), "0.1");
        assert_eq!(py_float(0.0001), "0.0001");
        assert_eq!(py_float(1e-5), "1e-05");
        assert_eq!(py_float(-2.5), "-2.5");
        assert_eq!(py_float(1.5e20), "1.5e+20");
        assert_eq!(py_float(0.0), "0.0");
    }

    #[test]
    fn limits_follow_data_dtype() {
        assert_eq!(limit_in_dtype(DType::F32, 0.1).1, 0.1f32 as f64);
        assert_eq!(limit_in_dtype(DType::I32, 2.5), (AttrValue::I32(vec![2]), 2.5));
        assert_eq!(round_to(DType::F32, 0.1), 0.1f32 as f64);
    }
}
