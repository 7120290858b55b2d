//! Typed N-D data: one enum over `ndarray::ArrayD<T>` for every element type.
//!
//! Data keep their native type: a float32 variable stays `f32`, an int32 QC variable stays `i32`.
//! Typed access goes through [`Element`]: `data.view::<f32>()` borrows without copying when the
//! type matches, and [`Data::to_f64`] gives a converted copy when an algorithm wants f64.

use crate::{DType, Error, NAT, Result};
use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, IxDyn};

/// The values of one variable.
#[derive(Clone, Debug, PartialEq)]
pub enum Data {
    /// `int8`
    I8(ArrayD<i8>),
    /// `uint8`
    U8(ArrayD<u8>),
    /// `int16`
    I16(ArrayD<i16>),
    /// `uint16`
    U16(ArrayD<u16>),
    /// `int32`
    I32(ArrayD<i32>),
    /// `uint32`
    U32(ArrayD<u32>),
    /// `int64`
    I64(ArrayD<i64>),
    /// `uint64`
    U64(ArrayD<u64>),
    /// `float32`
    F32(ArrayD<f32>),
    /// `float64`
    F64(ArrayD<f64>),
    /// Raw netCDF characters, one byte per element (the last axis is the string length).
    Char(ArrayD<u8>),
    /// Strings.
    Str(ArrayD<String>),
    /// Time as i64 nanoseconds since 1970-01-01 UTC ([`NAT`] = missing).
    Time(ArrayD<i64>),
}

/// Apply an expression to the array inside any variant (the arms differ only in type): the
/// typed dispatch every crate uses instead of its own `match` over [`Data`] (as arrow-rs
/// publishes its downcast macros).
///
/// ```
/// use atmokit_core::{Data, with_data};
/// let d = Data::from(vec![1i16, 2, 3]);
/// assert_eq!(with_data!(&d, a => a.len()), 3);
/// ```
#[macro_export]
macro_rules! with_data {
    ($data:expr, $a:ident => $body:expr) => {
        match $data {
            $crate::Data::I8($a) => $body,
            $crate::Data::U8($a) => $body,
            $crate::Data::I16($a) => $body,
            $crate::Data::U16($a) => $body,
            $crate::Data::I32($a) => $body,
            $crate::Data::U32($a) => $body,
            $crate::Data::I64($a) => $body,
            $crate::Data::U64($a) => $body,
            $crate::Data::F32($a) => $body,
            $crate::Data::F64($a) => $body,
            $crate::Data::Char($a) => $body,
            $crate::Data::Str($a) => $body,
            $crate::Data::Time($a) => $body,
        }
    };
}

/// Map the array inside any variant to a new array of the same element type and variant.
///
/// ```
/// use atmokit_core::{Data, map_data};
/// let d = Data::from(vec![3u8, 1, 2]);
/// let first_two = map_data!(&d, a => a.slice(ndarray::s![..2]).to_owned().into_dyn());
/// assert_eq!(first_two, Data::from(vec![3u8, 1]));
/// ```
#[macro_export]
macro_rules! map_data {
    ($data:expr, $a:ident => $body:expr) => {
        match $data {
            $crate::Data::I8($a) => $crate::Data::I8($body),
            $crate::Data::U8($a) => $crate::Data::U8($body),
            $crate::Data::I16($a) => $crate::Data::I16($body),
            $crate::Data::U16($a) => $crate::Data::U16($body),
            $crate::Data::I32($a) => $crate::Data::I32($body),
            $crate::Data::U32($a) => $crate::Data::U32($body),
            $crate::Data::I64($a) => $crate::Data::I64($body),
            $crate::Data::U64($a) => $crate::Data::U64($body),
            $crate::Data::F32($a) => $crate::Data::F32($body),
            $crate::Data::F64($a) => $crate::Data::F64($body),
            $crate::Data::Char($a) => $crate::Data::Char($body),
            $crate::Data::Str($a) => $crate::Data::Str($body),
            $crate::Data::Time($a) => $crate::Data::Time($body),
        }
    };
}

/// Apply an expression to the numeric variants only (`$a` is an array of a [`Numeric`] type);
/// `$other` binds the data for char, string and time.
///
/// ```
/// use atmokit_core::{Data, Numeric, with_numeric};
/// fn max(d: &Data) -> Option<f64> {
///     with_numeric!(d, a => a.iter().map(|v| v.to_f64()).reduce(f64::max), _other => None)
/// }
/// assert_eq!(max(&Data::from(vec![1i32, 7, 3])), Some(7.0));
/// assert_eq!(max(&Data::from(vec!["a".to_string()])), None);
/// ```
#[macro_export]
macro_rules! with_numeric {
    ($data:expr, $a:ident => $body:expr, $other:ident => $else:expr) => {
        match $data {
            $crate::Data::I8($a) => $body,
            $crate::Data::U8($a) => $body,
            $crate::Data::I16($a) => $body,
            $crate::Data::U16($a) => $body,
            $crate::Data::I32($a) => $body,
            $crate::Data::U32($a) => $body,
            $crate::Data::I64($a) => $body,
            $crate::Data::U64($a) => $body,
            $crate::Data::F32($a) => $body,
            $crate::Data::F64($a) => $body,
            $other => $else,
        }
    };
}

/// Apply an expression to the float variants only (`$a` is an `ArrayD<f32>` or `ArrayD<f64>`);
/// `$other` binds every other variant.
///
/// ```
/// use atmokit_core::{Data, with_float};
/// let nans = |d: &Data| with_float!(d, a => a.iter().filter(|v| v.is_nan()).count(), _other => 0);
/// assert_eq!(nans(&Data::from(vec![1.0f32, f32::NAN])), 1);
/// assert_eq!(nans(&Data::from(vec![1i32])), 0);
/// ```
#[macro_export]
macro_rules! with_float {
    ($data:expr, $a:ident => $body:expr, $other:ident => $else:expr) => {
        match $data {
            $crate::Data::F32($a) => $body,
            $crate::Data::F64($a) => $body,
            $other => $else,
        }
    };
}

/// Apply an expression to the integer variants only (signed and unsigned, 8 to 64 bits; not
/// time); `$other` binds every other variant.
///
/// ```
/// use atmokit_core::{Data, with_integer};
/// let odd = |d: &Data| with_integer!(d, a => a.iter().filter(|&&v| v % 2 == 1).count(), _other => 0);
/// assert_eq!(odd(&Data::from(vec![1u16, 2, 3])), 2);
/// assert_eq!(odd(&Data::from(vec![1.0f64])), 0);
/// ```
#[macro_export]
macro_rules! with_integer {
    ($data:expr, $a:ident => $body:expr, $other:ident => $else:expr) => {
        match $data {
            $crate::Data::I8($a) => $body,
            $crate::Data::U8($a) => $body,
            $crate::Data::I16($a) => $body,
            $crate::Data::U16($a) => $body,
            $crate::Data::I32($a) => $body,
            $crate::Data::U32($a) => $body,
            $crate::Data::I64($a) => $body,
            $crate::Data::U64($a) => $body,
            $other => $else,
        }
    };
}

/// A Rust element type stored in a [`Data`] variant.
///
/// Implemented for the ten numeric types and `String`. Time data are `i64` but live in
/// [`Data::Time`]; use [`Data::as_time`] for them.
pub trait Element: Clone + Default + std::fmt::Debug + 'static {
    /// The dtype of the variant that holds this type.
    const DTYPE: DType;
    /// Borrow the array when `data` holds this type.
    fn view(data: &Data) -> Option<ArrayViewD<'_, Self>>;
    /// Borrow mutably when `data` holds this type.
    fn view_mut(data: &mut Data) -> Option<ArrayViewMutD<'_, Self>>;
    /// Wrap an array in its variant.
    fn wrap(array: ArrayD<Self>) -> Data;
    /// Take the array out, or give the data back when the type differs.
    fn unwrap(data: Data) -> std::result::Result<ArrayD<Self>, Data>;
}

macro_rules! element {
    ($($t:ty => $var:ident),*) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$var;
            fn view(data: &Data) -> Option<ArrayViewD<'_, Self>> {
                if let Data::$var(a) = data { Some(a.view()) } else { None }
            }
            fn view_mut(data: &mut Data) -> Option<ArrayViewMutD<'_, Self>> {
                if let Data::$var(a) = data { Some(a.view_mut()) } else { None }
            }
            fn wrap(array: ArrayD<Self>) -> Data { Data::$var(array) }
            fn unwrap(data: Data) -> std::result::Result<ArrayD<Self>, Data> {
                if let Data::$var(a) = data { Ok(a) } else { Err(data) }
            }
        }
    )*};
}
element!(i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32, u32 => U32, i64 => I64,
         u64 => U64, f32 => F32, f64 => F64, String => Str);

/// Numeric element types, with lossless-enough conversion through f64.
pub trait Numeric: Element + Copy + PartialOrd {
    /// Convert to f64 (exact for every type except 64-bit integers beyond 2^53).
    fn to_f64(self) -> f64;
    /// Convert from f64, rounding to nearest and saturating for integers; NaN becomes 0 for integers.
    fn from_f64(v: f64) -> Self;
    /// True when this is a floating type.
    const IS_FLOAT: bool;
}
macro_rules! numeric {
    ($($t:ty, $float:expr);*) => {$(
        impl Numeric for $t {
            #[inline]
            fn to_f64(self) -> f64 { self as f64 }
            #[inline]
            fn from_f64(v: f64) -> Self { if $float { v as $t } else { v.round() as $t } }
            const IS_FLOAT: bool = $float;
        }
    )*};
}
numeric!(i8, false; u8, false; i16, false; u16, false; i32, false; u32, false; i64, false;
         u64, false; f32, true; f64, true);

impl Data {
    /// The element type.
    pub fn dtype(&self) -> DType {
        match self {
            Data::I8(_) => DType::I8,
            Data::U8(_) => DType::U8,
            Data::I16(_) => DType::I16,
            Data::U16(_) => DType::U16,
            Data::I32(_) => DType::I32,
            Data::U32(_) => DType::U32,
            Data::I64(_) => DType::I64,
            Data::U64(_) => DType::U64,
            Data::F32(_) => DType::F32,
            Data::F64(_) => DType::F64,
            Data::Char(_) => DType::Char,
            Data::Str(_) => DType::Str,
            Data::Time(_) => DType::Time,
        }
    }

    /// Shape (one length per axis; empty for a scalar).
    pub fn shape(&self) -> &[usize] {
        with_data!(self, a => a.shape())
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.shape().len()
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        with_data!(self, a => a.len())
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held by the elements (strings count their heap bytes too).
    pub fn nbytes(&self) -> usize {
        match self {
            Data::Str(a) => a.iter().map(|s| s.len() + std::mem::size_of::<String>()).sum(),
            _ => self.len() * self.dtype().size_of(),
        }
    }

    /// A zero-filled (empty-string, epoch) array of a dtype and shape.
    pub fn zeros(dtype: DType, shape: &[usize]) -> Data {
        let s = IxDyn(shape);
        match dtype {
            DType::I8 => Data::I8(ArrayD::zeros(s)),
            DType::U8 => Data::U8(ArrayD::zeros(s)),
            DType::I16 => Data::I16(ArrayD::zeros(s)),
            DType::U16 => Data::U16(ArrayD::zeros(s)),
            DType::I32 => Data::I32(ArrayD::zeros(s)),
            DType::U32 => Data::U32(ArrayD::zeros(s)),
            DType::I64 => Data::I64(ArrayD::zeros(s)),
            DType::U64 => Data::U64(ArrayD::zeros(s)),
            DType::F32 => Data::F32(ArrayD::zeros(s)),
            DType::F64 => Data::F64(ArrayD::zeros(s)),
            DType::Char => Data::Char(ArrayD::zeros(s)),
            DType::Str => Data::Str(ArrayD::default(s)),
            DType::Time => Data::Time(ArrayD::zeros(s)),
        }
    }

    /// Borrow as an array of `T` without copying (None when the type differs).
    pub fn view<T: Element>(&self) -> Option<ArrayViewD<'_, T>> {
        T::view(self)
    }

    /// Borrow mutably as an array of `T` (None when the type differs).
    pub fn view_mut<T: Element>(&mut self) -> Option<ArrayViewMutD<'_, T>> {
        T::view_mut(self)
    }

    /// Borrow time data (i64 ns since 1970).
    pub fn as_time(&self) -> Option<ArrayViewD<'_, i64>> {
        if let Data::Time(a) = self { Some(a.view()) } else { None }
    }

    /// A copy converted to f64: numbers as values, time as ns since 1970 (NaT → NaN).
    /// None for char and string data.
    pub fn to_f64(&self) -> Option<ArrayD<f64>> {
        match self {
            Data::Time(a) => Some(a.mapv(|v| if v == NAT { f64::NAN } else { v as f64 })),
            Data::F64(a) => Some(a.clone()),
            other => with_numeric!(other, a => Some(a.mapv(Numeric::to_f64)), _o => None),
        }
    }

    /// Iterate the values as f64 in logical order, without allocating (None for non-numeric data;
    /// time gives ns with NaT as NaN).
    pub fn iter_f64(&self) -> Option<Box<dyn Iterator<Item = f64> + '_>> {
        match self {
            Data::Time(a) => Some(Box::new(a.iter().map(|&v| if v == NAT { f64::NAN } else { v as f64 }))),
            other => with_numeric!(other, a => Some(Box::new(a.iter().map(|&v| Numeric::to_f64(v)))), _o => None),
        }
    }

    /// Convert numeric data to another numeric dtype (round-to-nearest and saturate into
    /// integers, NaN → 0). Returns an error for char, string and time data.
    pub fn cast(&self, to: DType) -> Result<Data> {
        if self.dtype() == to {
            return Ok(self.clone());
        }
        fn conv<S: Numeric, T: Numeric>(a: &ArrayD<S>) -> ArrayD<T> {
            a.mapv(|v| T::from_f64(v.to_f64()))
        }
        macro_rules! to_target {
            ($a:expr) => {
                match to {
                    DType::I8 => Data::I8(conv($a)),
                    DType::U8 => Data::U8(conv($a)),
                    DType::I16 => Data::I16(conv($a)),
                    DType::U16 => Data::U16(conv($a)),
                    DType::I32 => Data::I32(conv($a)),
                    DType::U32 => Data::U32(conv($a)),
                    DType::I64 => Data::I64(conv($a)),
                    DType::U64 => Data::U64(conv($a)),
                    DType::F32 => Data::F32(conv($a)),
                    DType::F64 => Data::F64(conv($a)),
                    other => {
                        return Err(Error::invalid(format!("cannot cast numeric data to {other}")));
                    }
                }
            };
        }
        Ok(with_numeric!(self, a => to_target!(a), other => {
            return Err(Error::invalid(format!("cannot cast {} data to {to}", other.dtype())))
        }))
    }

    /// Select indices along one axis (copies).
    pub fn select(&self, axis: usize, indices: &[usize]) -> Result<Data> {
        self.check_axis(axis)?;
        let n = self.shape()[axis];
        if let Some(&bad) = indices.iter().find(|&&i| i >= n) {
            return Err(Error::parameter(
                "index",
                bad,
                format!("out of bounds for an axis of length {n}"),
            ));
        }
        Ok(map_data!(self, a => a.select(Axis(axis), indices)))
    }

    /// A contiguous range along one axis (copies).
    pub fn slice_axis(&self, axis: usize, range: std::ops::Range<usize>) -> Result<Data> {
        self.check_axis(axis)?;
        let n = self.shape()[axis];
        if range.start > range.end || range.end > n {
            return Err(Error::parameter(
                "range",
                format!("{range:?}"),
                format!("out of bounds for an axis of length {n}"),
            ));
        }
        let s = ndarray::Slice::from(range);
        Ok(map_data!(self, a => a.slice_axis(Axis(axis), s).to_owned()))
    }

    /// Concatenate several data of one dtype along an axis.
    pub fn concat(axis: usize, parts: &[&Data]) -> Result<Data> {
        let first = parts.first().ok_or_else(|| Error::Concat {
            reason: "nothing to concatenate".into(),
        })?;
        let dtype = first.dtype();
        if let Some(p) = parts.iter().find(|p| p.dtype() != dtype) {
            return Err(Error::Concat {
                reason: format!("dtypes differ: {dtype} and {}", p.dtype()),
            });
        }
        first.check_axis(axis)?;
        macro_rules! cat {
            ($var:ident) => {{
                let views: Vec<_> = parts
                    .iter()
                    .map(|p| match p {
                        Data::$var(a) => a.view(),
                        _ => unreachable!("dtype checked above"),
                    })
                    .collect();
                Data::$var(
                    ndarray::concatenate(Axis(axis), &views).map_err(|e| Error::Concat {
                        reason: format!("shapes do not line up: {e}"),
                    })?,
                )
            }};
        }
        Ok(match dtype {
            DType::I8 => cat!(I8),
            DType::U8 => cat!(U8),
            DType::I16 => cat!(I16),
            DType::U16 => cat!(U16),
            DType::I32 => cat!(I32),
            DType::U32 => cat!(U32),
            DType::I64 => cat!(I64),
            DType::U64 => cat!(U64),
            DType::F32 => cat!(F32),
            DType::F64 => cat!(F64),
            DType::Char => cat!(Char),
            DType::Str => cat!(Str),
            DType::Time => cat!(Time),
        })
    }

    /// Insert a new axis of length `n` at `axis`, repeating the data (xarray's `expand_dims` + broadcast).
    pub fn broadcast_new_axis(&self, axis: usize, n: usize) -> Result<Data> {
        if axis > self.ndim() {
            return Err(Error::parameter(
                "axis",
                axis,
                format!("out of range for {} axes", self.ndim()),
            ));
        }
        Ok(map_data!(self, a => {
            let e = a.view().insert_axis(Axis(axis));
            let mut shape = e.shape().to_vec();
            shape[axis] = n;
            e.broadcast(IxDyn(&shape)).expect("a length-1 axis always broadcasts").to_owned()
        }))
    }

    /// Bit-for-bit equality: like `==` but NaN equals NaN with the same bits (for round-trip checks).
    pub fn identical(&self, other: &Data) -> bool {
        match (self, other) {
            (Data::F32(a), Data::F32(b)) => {
                a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (Data::F64(a), Data::F64(b)) => {
                a.shape() == b.shape() && a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits())
            }
            _ => self == other,
        }
    }

    fn check_axis(&self, axis: usize) -> Result<()> {
        if axis >= self.ndim() {
            return Err(Error::parameter(
                "axis",
                axis,
                format!("out of range for data with {} axes", self.ndim()),
            ));
        }
        Ok(())
    }
}

// Arrays of any dimensionality (`Array1`, `Array2`, `ArrayD`, ...) and vectors become data
// without `.into_dyn()`.
macro_rules! from_array {
    ($($t:ty => $var:ident),*) => {$(
        impl<D: ndarray::Dimension> From<ndarray::Array<$t, D>> for Data {
            fn from(a: ndarray::Array<$t, D>) -> Self { Data::$var(a.into_dyn()) }
        }
        impl From<Vec<$t>> for Data {
            fn from(v: Vec<$t>) -> Self { Data::$var(ndarray::Array1::from(v).into_dyn()) }
        }
    )*};
}
from_array!(i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32, u32 => U32, i64 => I64,
            u64 => U64, f32 => F32, f64 => F64, String => Str);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_views_and_conversion() {
        let d = Data::from(vec![1.5f32, f32::NAN, -2.0]);
        assert_eq!(d.dtype(), DType::F32);
        assert!(d.view::<f32>().is_some());
        assert!(d.view::<f64>().is_none());
        let f = d.to_f64().unwrap();
        assert_eq!(f[[0]], 1.5);
        assert!(f[[1]].is_nan());
        let i = d.cast(DType::I16).unwrap();
        assert_eq!(i, Data::from(vec![2i16, 0, -2]));
    }

    #[test]
    fn arrays_of_any_dimensionality_convert() {
        let one = Data::from(ndarray::arr1(&[1.0f32, 2.0]));
        assert_eq!(one, Data::from(vec![1.0f32, 2.0]));
        let two = Data::from(ndarray::Array2::<i32>::zeros((2, 3)));
        assert_eq!((two.dtype(), two.shape()), (DType::I32, &[2usize, 3][..]));
        let zero = Data::from(ndarray::arr0(7u8));
        assert_eq!((zero.dtype(), zero.ndim()), (DType::U8, 0));
        let v = crate::Variable::new(["time", "height"], ndarray::Array2::<f64>::zeros((4, 2))).unwrap();
        let mut ds = crate::Dataset::new();
        ds.insert("x", v).unwrap();
        assert_eq!(ds.dim_len("height"), Some(2));
        assert!(crate::Variable::new(["time"], ndarray::Array2::<f64>::zeros((4, 2))).is_err());
    }

    #[test]
    fn select_concat_broadcast() {
        let a = Data::from(vec![1i32, 2, 3]);
        let b = Data::from(vec![4i32]);
        let c = Data::concat(0, &[&a, &b]).unwrap();
        assert_eq!(c, Data::from(vec![1i32, 2, 3, 4]));
        assert_eq!(c.select(0, &[3, 0]).unwrap(), Data::from(vec![4i32, 1]));
        assert!(c.select(0, &[4]).is_err());
        assert_eq!(c.slice_axis(0, 1..3).unwrap(), Data::from(vec![2i32, 3]));
        let s = Data::I32(ndarray::arr0(7).into_dyn());
        let r = s.broadcast_new_axis(0, 3).unwrap();
        assert_eq!(r, Data::from(vec![7i32, 7, 7]));
        assert!(Data::concat(0, &[&a, &Data::from(vec![1.0f32])]).is_err());
    }

    #[test]
    fn identical_treats_nan_as_equal() {
        let a = Data::from(vec![f64::NAN, 1.0]);
        assert_ne!(a, a.clone());
        assert!(a.identical(&a.clone()));
    }
}
