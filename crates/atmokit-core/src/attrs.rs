//! Attributes: text, or typed scalars and vectors of numbers.
//!
//! netCDF attributes are always arrays; a scalar is a vector of length one. The element type is
//! kept (an `int` `flag_masks` stays `i32`, a `uint` one stays `u32`) so that files round-trip
//! exactly.

use indexmap::IndexMap;
use std::fmt;

/// An ordered map of attribute name to value (file order is kept).
pub type Attrs = IndexMap<String, AttrValue>;

/// One attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrValue {
    /// Text (netCDF `char` attribute, or a single netCDF-4 string).
    Str(String),
    /// Several strings (netCDF-4 string array; ACT keeps `flag_meanings` as a list in memory).
    Strs(Vec<String>),
    /// `byte` values.
    I8(Vec<i8>),
    /// `ubyte` values.
    U8(Vec<u8>),
    /// `short` values.
    I16(Vec<i16>),
    /// `ushort` values.
    U16(Vec<u16>),
    /// `int` values.
    I32(Vec<i32>),
    /// `uint` values.
    U32(Vec<u32>),
    /// `int64` values.
    I64(Vec<i64>),
    /// `uint64` values.
    U64(Vec<u64>),
    /// `float` values.
    F32(Vec<f32>),
    /// `double` values.
    F64(Vec<f64>),
}

macro_rules! numeric_arms {
    ($v:expr, $x:ident => $body:expr, $other:expr) => {
        match $v {
            AttrValue::I8($x) => $body,
            AttrValue::U8($x) => $body,
            AttrValue::I16($x) => $body,
            AttrValue::U16($x) => $body,
            AttrValue::I32($x) => $body,
            AttrValue::U32($x) => $body,
            AttrValue::I64($x) => $body,
            AttrValue::U64($x) => $body,
            AttrValue::F32($x) => $body,
            AttrValue::F64($x) => $body,
            AttrValue::Str(_) | AttrValue::Strs(_) => $other,
        }
    };
}

impl AttrValue {
    /// `values` as an attribute of the numeric type `dtype` (cast as `as` casts: truncation toward
    /// zero, saturating at the type's range); `None` for text and time types.
    ///
    /// ```
    /// use atmokit_core::{AttrValue, DType};
    /// assert_eq!(AttrValue::numbers_as(DType::I16, &[1.0, 2.0]), Some(AttrValue::I16(vec![1, 2])));
    /// assert_eq!(AttrValue::numbers_as(DType::Char, &[1.0]), None);
    /// ```
    pub fn numbers_as(dtype: crate::DType, values: &[f64]) -> Option<AttrValue> {
        use crate::DType as T;
        Some(match dtype {
            T::I8 => AttrValue::I8(values.iter().map(|&x| x as i8).collect()),
            T::U8 => AttrValue::U8(values.iter().map(|&x| x as u8).collect()),
            T::I16 => AttrValue::I16(values.iter().map(|&x| x as i16).collect()),
            T::U16 => AttrValue::U16(values.iter().map(|&x| x as u16).collect()),
            T::I32 => AttrValue::I32(values.iter().map(|&x| x as i32).collect()),
            T::U32 => AttrValue::U32(values.iter().map(|&x| x as u32).collect()),
            T::I64 => AttrValue::I64(values.iter().map(|&x| x as i64).collect()),
            T::U64 => AttrValue::U64(values.iter().map(|&x| x as u64).collect()),
            T::F32 => AttrValue::F32(values.iter().map(|&x| x as f32).collect()),
            T::F64 => AttrValue::F64(values.to_vec()),
            _ => return None,
        })
    }

    /// The text, for [`AttrValue::Str`] (and a one-element [`AttrValue::Strs`]).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            AttrValue::Str(s) => Some(s),
            AttrValue::Strs(v) if v.len() == 1 => Some(&v[0]),
            _ => None,
        }
    }

    /// Strings: the elements of [`AttrValue::Strs`], or a [`AttrValue::Str`] split on whitespace
    /// (the CF encoding of `flag_meanings`).
    pub fn as_strings(&self) -> Option<Vec<String>> {
        match self {
            AttrValue::Strs(v) => Some(v.clone()),
            AttrValue::Str(s) => Some(s.split_whitespace().map(str::to_string).collect()),
            _ => None,
        }
    }

    /// Number of elements (characters are one element for text).
    pub fn len(&self) -> usize {
        match self {
            AttrValue::Str(_) => 1,
            AttrValue::Strs(v) => v.len(),
            other => numeric_arms!(other, x => x.len(), 0),
        }
    }

    /// True when a numeric or string vector is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True for the numeric variants.
    pub fn is_numeric(&self) -> bool {
        !matches!(self, AttrValue::Str(_) | AttrValue::Strs(_))
    }

    /// All numeric values as f64 (None for text).
    #[allow(clippy::unnecessary_cast)] // the macro's F64 arm casts f64 to f64
    pub fn as_f64_vec(&self) -> Option<Vec<f64>> {
        numeric_arms!(self, x => Some(x.iter().map(|&v| v as f64).collect()), None)
    }

    /// The first numeric value as f64, or for text a number parsed from it.
    #[allow(clippy::unnecessary_cast)] // the macro's F64 arm casts f64 to f64
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Str(s) => s.trim().parse().ok(),
            other => numeric_arms!(other, x => x.first().map(|&v| v as f64), None),
        }
    }

    /// All integer values as i128 (None for text or floats that are not whole numbers).
    pub fn as_i128_vec(&self) -> Option<Vec<i128>> {
        match self {
            AttrValue::F32(x) => x.iter().map(|&v| (v.fract() == 0.0).then_some(v as i128)).collect(),
            AttrValue::F64(x) => x.iter().map(|&v| (v.fract() == 0.0).then_some(v as i128)).collect(),
            other => numeric_arms!(other, x => Some(x.iter().map(|&v| v as i128).collect()), None),
        }
    }

    /// The first value as i64 when it is a whole number.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            AttrValue::Str(s) => s.trim().parse().ok(),
            _ => self.as_i128_vec()?.first().and_then(|&v| i64::try_from(v).ok()),
        }
    }

    /// Equality where float values compare by bits, so a NaN `_FillValue` equals itself.
    pub fn identical(&self, other: &AttrValue) -> bool {
        match (self, other) {
            (AttrValue::F32(a), AttrValue::F32(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (AttrValue::F64(a), AttrValue::F64(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            _ => self == other,
        }
    }

    /// The netCDF element type name of this value (`"char"`, `"string"`, `"int"`, `"float"`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            AttrValue::Str(_) => "char",
            AttrValue::Strs(_) => "string",
            AttrValue::I8(_) => "byte",
            AttrValue::U8(_) => "ubyte",
            AttrValue::I16(_) => "short",
            AttrValue::U16(_) => "ushort",
            AttrValue::I32(_) => "int",
            AttrValue::U32(_) => "uint",
            AttrValue::I64(_) => "int64",
            AttrValue::U64(_) => "uint64",
            AttrValue::F32(_) => "float",
            AttrValue::F64(_) => "double",
        }
    }
}

/// Same keys in the same order with [`AttrValue::identical`] values.
pub fn attrs_identical(a: &Attrs, b: &Attrs) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && va.identical(vb))
}

impl fmt::Display for AttrValue {
    /// Text as is; numbers comma-separated (a scalar prints as a plain number).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn join<T: fmt::Display>(f: &mut fmt::Formatter<'_>, v: &[T]) -> fmt::Result {
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{x}")?;
            }
            Ok(())
        }
        match self {
            AttrValue::Str(s) => f.write_str(s),
            AttrValue::Strs(v) => join(f, v),
            AttrValue::I8(v) => join(f, v),
            AttrValue::U8(v) => join(f, v),
            AttrValue::I16(v) => join(f, v),
            AttrValue::U16(v) => join(f, v),
            AttrValue::I32(v) => join(f, v),
            AttrValue::U32(v) => join(f, v),
            AttrValue::I64(v) => join(f, v),
            AttrValue::U64(v) => join(f, v),
            AttrValue::F32(v) => join(f, v),
            AttrValue::F64(v) => join(f, v),
        }
    }
}

impl From<&str> for AttrValue {
    fn from(s: &str) -> Self {
        AttrValue::Str(s.to_string())
    }
}
impl From<String> for AttrValue {
    fn from(s: String) -> Self {
        AttrValue::Str(s)
    }
}
impl From<Vec<String>> for AttrValue {
    fn from(v: Vec<String>) -> Self {
        AttrValue::Strs(v)
    }
}
macro_rules! from_num {
    ($($t:ty => $var:ident),*) => {$(
        impl From<$t> for AttrValue { fn from(v: $t) -> Self { AttrValue::$var(vec![v]) } }
        impl From<Vec<$t>> for AttrValue { fn from(v: Vec<$t>) -> Self { AttrValue::$var(v) } }
        impl From<&[$t]> for AttrValue { fn from(v: &[$t]) -> Self { AttrValue::$var(v.to_vec()) } }
    )*};
}
from_num!(i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32, u32 => U32, i64 => I64, u64 => U64, f32 => F32, f64 => F64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_and_vectors() {
        let v = AttrValue::from(vec![1i32, 2, 4]);
        assert_eq!(v.len(), 3);
        assert_eq!(v.as_f64_vec().unwrap(), vec![1.0, 2.0, 4.0]);
        assert_eq!(v.as_i64(), Some(1));
        assert_eq!(v.to_string(), "1, 2, 4");
        assert_eq!(AttrValue::from(-9999.0f32).as_f64(), Some(-9999.0));
        assert_eq!(AttrValue::from(2.5f64).as_i64(), None);
        assert_eq!(AttrValue::from("a b  c").as_strings().unwrap(), vec!["a", "b", "c"]);
        assert_eq!(AttrValue::from(" 12 ").as_f64(), Some(12.0));
        assert!(AttrValue::from("x").as_f64_vec().is_none());
    }
}
