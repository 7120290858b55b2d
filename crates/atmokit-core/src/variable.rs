//! A variable: dims, typed data, attrs, and the on-disk encoding kept apart from the attrs.

use crate::{AttrValue, Attrs, DType, Data, Element, Error, Result};
use ndarray::ArrayViewD;

/// How a variable was (or will be) stored on disk, kept apart from its attrs as xarray does.
///
/// Decoding moves `_FillValue`, `missing_value`, `scale_factor`, `add_offset` and, for time,
/// `units` and `calendar` from the attrs into here; encoding puts them back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Encoding {
    /// On-disk element type, when it differs from the in-memory one (or to force one on write).
    pub dtype: Option<DType>,
    /// `_FillValue`.
    pub fill_value: Option<AttrValue>,
    /// `missing_value` (ARM writes -9999).
    pub missing_value: Option<AttrValue>,
    /// `scale_factor` (packed data).
    pub scale_factor: Option<AttrValue>,
    /// `add_offset` (packed data).
    pub add_offset: Option<AttrValue>,
    /// Time units (`"seconds since 2019-01-01 00:00:00 0:00"`) of decoded time data.
    pub units: Option<String>,
    /// CF calendar of decoded time data.
    pub calendar: Option<String>,
    /// Name of the string-length dim of a `char` array decoded to strings.
    pub char_dim: Option<String>,
    /// Length of that string-length dim (strings are padded to it on encoding).
    pub char_len: Option<usize>,
    /// The data were stored as signed integers marked `_Unsigned = "true"`.
    pub unsigned: bool,
    /// netCDF-4 chunk sizes.
    pub chunk_sizes: Option<Vec<usize>>,
    /// netCDF-4 deflate level (0–9).
    pub deflate_level: Option<i32>,
    /// netCDF-4 shuffle filter.
    pub shuffle: bool,
}

impl Encoding {
    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Encoding::default()
    }
}

/// Named dims plus N-D data, attrs and encoding.
#[derive(Clone, Debug, PartialEq)]
pub struct Variable {
    dims: Vec<String>,
    data: Data,
    attrs: Attrs,
    encoding: Encoding,
}

impl Variable {
    /// Create a variable; the number of dims must equal the number of axes of the data.
    ///
    /// ```
    /// use atmokit_core::Variable;
    /// let v = Variable::new(["time"], vec![1.0f32, 2.0]).unwrap().with_attr("units", "degC");
    /// assert_eq!(v.shape(), &[2]);
    /// assert_eq!(v.units(), Some("degC"));
    /// assert!(Variable::new(["time", "height"], vec![1.0f32]).is_err());
    /// ```
    pub fn new<S: Into<String>>(dims: impl IntoIterator<Item = S>, data: impl Into<Data>) -> Result<Self> {
        let dims: Vec<String> = dims.into_iter().map(Into::into).collect();
        let data = data.into();
        check_rank("", &dims, &data)?;
        Ok(Variable {
            dims,
            data,
            attrs: Attrs::new(),
            encoding: Encoding::default(),
        })
    }

    /// A 0-D variable holding one value.
    pub fn scalar<T: Element>(value: T) -> Self {
        Variable {
            dims: Vec::new(),
            data: T::wrap(ndarray::arr0(value).into_dyn()),
            attrs: Attrs::new(),
            encoding: Encoding::default(),
        }
    }

    /// A 1-D time variable from ns since 1970.
    pub fn time(dim: &str, ns: Vec<i64>) -> Self {
        Variable {
            dims: vec![dim.to_string()],
            data: Data::Time(ndarray::Array1::from(ns).into_dyn()),
            attrs: Attrs::new(),
            encoding: Encoding::default(),
        }
    }

    /// Builder: add or replace an attribute.
    pub fn with_attr(mut self, key: &str, value: impl Into<AttrValue>) -> Self {
        self.attrs.insert(key.to_string(), value.into());
        self
    }

    /// Builder: set the encoding.
    pub fn with_encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Dim names, one per axis.
    pub fn dims(&self) -> &[String] {
        &self.dims
    }
    /// The data.
    pub fn data(&self) -> &Data {
        &self.data
    }
    /// Mutable data. Keep the shape: a [`crate::Dataset`] checks shapes only on insert.
    pub fn data_mut(&mut self) -> &mut Data {
        &mut self.data
    }
    /// Replace the data; the rank must match the dims.
    pub fn set_data(&mut self, data: impl Into<Data>) -> Result<()> {
        let data = data.into();
        check_rank("", &self.dims, &data)?;
        self.data = data;
        Ok(())
    }
    /// Take the data out.
    pub fn into_data(self) -> Data {
        self.data
    }
    /// Split into dims, data, attrs, encoding.
    pub fn into_parts(self) -> (Vec<String>, Data, Attrs, Encoding) {
        (self.dims, self.data, self.attrs, self.encoding)
    }
    /// Rebuild from parts (checks the rank).
    pub fn from_parts(dims: Vec<String>, data: Data, attrs: Attrs, encoding: Encoding) -> Result<Self> {
        check_rank("", &dims, &data)?;
        Ok(Variable {
            dims,
            data,
            attrs,
            encoding,
        })
    }
    /// Attributes.
    pub fn attrs(&self) -> &Attrs {
        &self.attrs
    }
    /// Mutable attributes.
    pub fn attrs_mut(&mut self) -> &mut Attrs {
        &mut self.attrs
    }
    /// On-disk encoding.
    pub fn encoding(&self) -> &Encoding {
        &self.encoding
    }
    /// Mutable on-disk encoding.
    pub fn encoding_mut(&mut self) -> &mut Encoding {
        &mut self.encoding
    }
    /// Element type.
    pub fn dtype(&self) -> DType {
        self.data.dtype()
    }
    /// Shape.
    pub fn shape(&self) -> &[usize] {
        self.data.shape()
    }
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.data.len()
    }
    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
    /// The axis of a dim, if the variable has it.
    pub fn axis_of(&self, dim: &str) -> Option<usize> {
        self.dims.iter().position(|d| d == dim)
    }
    /// A text attribute.
    pub fn attr_str(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).and_then(AttrValue::as_str)
    }
    /// The `units` attribute (or, for decoded time, the encoded units).
    pub fn units(&self) -> Option<&str> {
        self.attr_str("units").or(self.encoding.units.as_deref())
    }
    /// The `long_name` attribute.
    pub fn long_name(&self) -> Option<&str> {
        self.attr_str("long_name")
    }
    /// Borrow the data as `T` without copying; an error names the dtype found.
    pub fn view<T: Element>(&self) -> Result<ArrayViewD<'_, T>> {
        self.data.view::<T>().ok_or_else(|| Error::DTypeMismatch {
            var: String::new(),
            expected: T::DTYPE.name().to_string(),
            found: self.dtype(),
        })
    }
    /// Borrow the data mutably as `T` (the shape cannot change); an error names the dtype found.
    pub fn view_mut<T: Element>(&mut self) -> Result<ndarray::ArrayViewMutD<'_, T>> {
        let found = self.dtype();
        self.data.view_mut::<T>().ok_or_else(|| Error::DTypeMismatch {
            var: String::new(),
            expected: T::DTYPE.name().to_string(),
            found,
        })
    }
    /// Same dims, bit-identical data, identical attrs in the same order (encoding is not compared).
    pub fn identical(&self, other: &Variable) -> bool {
        self.dims == other.dims
            && crate::attrs::attrs_identical(&self.attrs, &other.attrs)
            && self.data.identical(&other.data)
    }
    pub(crate) fn set_dims_unchecked(&mut self, dims: Vec<String>) {
        self.dims = dims;
    }
}

pub(crate) fn check_rank(var: &str, dims: &[String], data: &Data) -> Result<()> {
    if dims.len() != data.ndim() {
        return Err(Error::RankMismatch {
            var: var.to_string(),
            dims: dims.to_vec(),
            n_dims: dims.len(),
            n_axes: data.ndim(),
        });
    }
    Ok(())
}
