//! Operations on the integer array of a QC variable, whatever its integer width: OR a test bit,
//! clear it, read it back, and widen the integer when a test number does not fit.
//!
//! Widening order: `int8 → int16 → int32 → int64 → uint64` and `uint8 → uint16 → uint32 → uint64`.
//! A signed type of B bits holds tests 1..=B-1 (the sign bit is never used for a test), so test 32
//! on an int32 QC variable widens it to int64. ACT 2.3.4 instead raises `OverflowError` there
//! (its check in `QCFilter.add_test`, ACT 2.3.4 source, is off by one at the sign bit).

use atmokit_core::{DType, Data, Error, Result};
use ndarray::ArrayD;

/// Integer element types a QC variable may have.
pub(crate) trait QcInt: Copy + PartialEq + Send + Sync + 'static {
    fn to_i128(self) -> i128;
    fn from_i128(v: i128) -> Self;
}
macro_rules! qcint {
    ($($t:ty),*) => {$(
        impl QcInt for $t {
            #[inline]
            fn to_i128(self) -> i128 { self as i128 }
            #[inline]
            fn from_i128(v: i128) -> Self { v as $t }
        }
    )*};
}
qcint!(i8, u8, i16, u16, i32, u32, i64, u64);

/// Match the integer variants of a `Data`; anything else returns the `$else` expression.
macro_rules! with_int {
    ($data:expr, $a:ident => $body:expr, $other:ident => $else:expr) => {
        match $data {
            atmokit_core::Data::I8($a) => $body,
            atmokit_core::Data::U8($a) => $body,
            atmokit_core::Data::I16($a) => $body,
            atmokit_core::Data::U16($a) => $body,
            atmokit_core::Data::I32($a) => $body,
            atmokit_core::Data::U32($a) => $body,
            atmokit_core::Data::I64($a) => $body,
            atmokit_core::Data::U64($a) => $body,
            $other => $else,
        }
    };
}

fn not_int(name: &str, data: &Data) -> Error {
    Error::DTypeMismatch {
        var: name.to_string(),
        expected: "integer QC".into(),
        found: data.dtype(),
    }
}

/// Highest test number an integer dtype can hold as a bit (`None` for non-integers).
pub fn bit_capacity(dtype: DType) -> Option<u32> {
    Some(match dtype {
        DType::I8 => 7,
        DType::I16 => 15,
        DType::I32 => 31,
        DType::I64 => 63,
        DType::U8 => 8,
        DType::U16 => 16,
        DType::U32 => 32,
        DType::U64 => 64,
        _ => return None,
    })
}

fn next_wider(dtype: DType) -> Option<DType> {
    Some(match dtype {
        DType::I8 => DType::I16,
        DType::I16 => DType::I32,
        DType::I32 => DType::I64,
        DType::I64 => DType::U64,
        DType::U8 => DType::U16,
        DType::U16 => DType::U32,
        DType::U32 => DType::U64,
        _ => return None,
    })
}

fn convert<S: QcInt, T: QcInt>(a: &ArrayD<S>) -> ArrayD<T> {
    a.mapv(|v| T::from_i128(v.to_i128()))
}

/// Cast integer data to another integer dtype exactly (through i128; no float rounding).
fn cast_int(name: &str, data: &Data, to: DType) -> Result<Data> {
    macro_rules! target {
        ($a:expr) => {
            match to {
                DType::I8 => Data::I8(convert($a)),
                DType::U8 => Data::U8(convert($a)),
                DType::I16 => Data::I16(convert($a)),
                DType::U16 => Data::U16(convert($a)),
                DType::I32 => Data::I32(convert($a)),
                DType::U32 => Data::U32(convert($a)),
                DType::I64 => Data::I64(convert($a)),
                DType::U64 => Data::U64(convert($a)),
                _ => return Err(Error::data(name, format!("cannot cast QC to {to}"))),
            }
        };
    }
    Ok(with_int!(data, a => target!(a), other => return Err(not_int(name, other))))
}

/// Make `data` able to hold the bit of `test_number`, widening it in place when needed.
/// Float QC data (xarray promotes masked integers to float) is first cast to int32, NaN → 0.
pub fn ensure_bit_capacity(name: &str, data: &mut Data, test_number: u32) -> Result<()> {
    if data.dtype().is_float() {
        *data = data.cast(DType::I32)?;
    }
    if test_number > crate::bits::MAX_TEST_NUMBER {
        return Err(Error::data(
            name,
            format!("test number {test_number} does not fit: a QC integer holds at most 64 bit tests"),
        ));
    }
    loop {
        let dt = data.dtype();
        let cap = bit_capacity(dt).ok_or_else(|| not_int(name, data))?;
        if test_number <= cap {
            return Ok(());
        }
        let wider = next_wider(dt).ok_or_else(|| not_int(name, data))?;
        *data = cast_int(name, data, wider)?;
    }
}

fn flat_len_check(name: &str, len: usize, mask_len: usize) -> Result<()> {
    if len != mask_len {
        return Err(Error::data(
            name,
            format!("mask has {mask_len} values but the QC variable has {len}"),
        ));
    }
    Ok(())
}

fn or_bits<Q: QcInt>(a: &mut ArrayD<Q>, mask: &[bool], bit: u64) {
    let b = Q::from_i128(bit as i128);
    let apply = |q: &mut Q, m: bool| {
        if m {
            *q = Q::from_i128(q.to_i128() | b.to_i128());
        }
    };
    match a.as_slice_mut() {
        Some(s) => s.iter_mut().zip(mask).for_each(|(q, &m)| apply(q, m)),
        None => a.iter_mut().zip(mask).for_each(|(q, &m)| apply(q, m)),
    }
}

/// OR the bit of `test_number` into every element where `mask` is true (logical order).
/// The caller has already called [`ensure_bit_capacity`].
pub fn set_bits(name: &str, data: &mut Data, mask: &[bool], test_number: u32) -> Result<()> {
    let bit = crate::bits::test_mask(test_number)?;
    flat_len_check(name, data.len(), mask.len())?;
    with_int!(data, a => or_bits(a, mask, bit), other => return Err(not_int(name, other)));
    Ok(())
}

/// Clear the bit of `test_number` where `mask` is true (`None` = everywhere).
pub fn clear_bits(name: &str, data: &mut Data, mask: Option<&[bool]>, test_number: u32) -> Result<()> {
    let bit = crate::bits::test_mask(test_number)? as i128;
    if let Some(m) = mask {
        flat_len_check(name, data.len(), m.len())?;
    }
    fn clear<Q: QcInt>(a: &mut ArrayD<Q>, mask: Option<&[bool]>, bit: i128) {
        for (i, q) in a.iter_mut().enumerate() {
            if mask.is_none_or(|m| m[i]) {
                *q = Q::from_i128(q.to_i128() & !bit);
            }
        }
    }
    if data.dtype().is_float() {
        *data = data.cast(DType::I32)?;
    }
    with_int!(data, a => clear(a, mask, bit), other => return Err(not_int(name, other)));
    Ok(())
}

/// Assign `value` where `mask` is true (`flag_values`-style QC: the test number is the value).
pub fn assign_value(name: &str, data: &mut Data, mask: &[bool], value: i64) -> Result<()> {
    flat_len_check(name, data.len(), mask.len())?;
    if data.dtype().is_float() {
        *data = data.cast(DType::I32)?;
    }
    fn assign<Q: QcInt>(a: &mut ArrayD<Q>, mask: &[bool], v: i128) {
        a.iter_mut()
            .zip(mask)
            .filter(|(_, m)| **m)
            .for_each(|(q, _)| *q = Q::from_i128(v));
    }
    with_int!(data, a => assign(a, mask, value as i128), other => return Err(not_int(name, other)));
    Ok(())
}

/// Replace every element equal to `from` by `to` (reset of a `flag_values` test).
pub fn replace_value(name: &str, data: &mut Data, from: i64, to: i64) -> Result<()> {
    fn rep<Q: QcInt>(a: &mut ArrayD<Q>, from: i128, to: i128) {
        a.iter_mut()
            .filter(|q| q.to_i128() == from)
            .for_each(|q| *q = Q::from_i128(to));
    }
    with_int!(data, a => rep(a, from as i128, to as i128), other => return Err(not_int(name, other)));
    Ok(())
}

/// The QC values as i128 in logical order (floats: NaN → 0, truncated).
pub fn values_i128(name: &str, data: &Data) -> Result<Vec<i128>> {
    match data {
        Data::F32(a) => Ok(a.iter().map(|&v| if v.is_finite() { v as i128 } else { 0 }).collect()),
        Data::F64(a) => Ok(a.iter().map(|&v| if v.is_finite() { v as i128 } else { 0 }).collect()),
        _ => {
            Ok(with_int!(data, a => a.iter().map(|v| v.to_i128()).collect(), other => return Err(not_int(name, other))))
        }
    }
}

/// Where the bit of `test_number` is set (`(qc & mask) != 0`), in logical order.
pub fn bit_mask(name: &str, data: &Data, test_number: u32) -> Result<Vec<bool>> {
    let bit = crate::bits::test_mask(test_number)? as i128;
    fn get<Q: QcInt>(a: &ArrayD<Q>, bit: i128) -> Vec<bool> {
        match a.as_slice() {
            Some(s) => s.iter().map(|q| q.to_i128() & bit != 0).collect(),
            None => a.iter().map(|q| q.to_i128() & bit != 0).collect(),
        }
    }
    match data {
        Data::F32(_) | Data::F64(_) => Ok(values_i128(name, data)?.into_iter().map(|v| v & bit != 0).collect()),
        _ => Ok(with_int!(data, a => get(a, bit), other => return Err(not_int(name, other)))),
    }
}

/// Where the QC value equals `value` (`flag_values`-style QC).
pub fn value_mask(name: &str, data: &Data, value: i64) -> Result<Vec<bool>> {
    Ok(values_i128(name, data)?
        .into_iter()
        .map(|v| v == value as i128)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widening_follows_act_and_fixes_sign_bit() {
        // ACT 2.3.4 unit tests (QCFilter): int8 QC + test 9 → int16; test 17 → int32; test 33 → int64.
        let mut d = Data::from(vec![0i8, 3]);
        ensure_bit_capacity("qc", &mut d, 9).unwrap();
        assert_eq!(d.dtype(), DType::I16);
        ensure_bit_capacity("qc", &mut d, 17).unwrap();
        assert_eq!(d.dtype(), DType::I32);
        ensure_bit_capacity("qc", &mut d, 33).unwrap();
        assert_eq!(d.dtype(), DType::I64);
        assert_eq!(values_i128("qc", &d).unwrap(), vec![0, 3]);
        // ACT overflows on test 32 of int32 and test 8 of int8: here they widen.
        let mut d = Data::from(vec![0i32, -9999]);
        ensure_bit_capacity("qc", &mut d, 32).unwrap();
        assert_eq!(d.dtype(), DType::I64);
        assert_eq!(values_i128("qc", &d).unwrap(), vec![0, -9999]);
        let mut d = Data::from(vec![0i8]);
        ensure_bit_capacity("qc", &mut d, 8).unwrap();
        assert_eq!(d.dtype(), DType::I16);
        let mut d = Data::from(vec![0i64]);
        ensure_bit_capacity("qc", &mut d, 64).unwrap();
        assert_eq!(d.dtype(), DType::U64);
        assert!(ensure_bit_capacity("qc", &mut d, 65).is_err());
    }

    #[test]
    fn set_clear_read_bits() {
        let mut d = Data::from(vec![0i32; 4]);
        set_bits("qc", &mut d, &[true, false, true, false], 3).unwrap();
        assert_eq!(values_i128("qc", &d).unwrap(), vec![4, 0, 4, 0]);
        set_bits("qc", &mut d, &[true, true, false, false], 1).unwrap();
        assert_eq!(bit_mask("qc", &d, 3).unwrap(), vec![true, false, true, false]);
        clear_bits("qc", &mut d, None, 3).unwrap();
        assert_eq!(values_i128("qc", &d).unwrap(), vec![1, 1, 0, 0]);
        assert!(set_bits("qc", &mut d, &[true], 1).is_err());
        let mut s = Data::from(vec![1.5f32]);
        assert!(set_bits("qc", &mut s, &[true], 1).is_err());
        let mut u = Data::from(vec![0u64; 1]);
        set_bits("qc", &mut u, &[true], 64).unwrap();
        assert_eq!(values_i128("qc", &u).unwrap(), vec![1i128 << 63]);
    }
}
