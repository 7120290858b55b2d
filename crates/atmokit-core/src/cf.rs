//! CF decoding and encoding: fill values, packing and time, shared by every reader and writer.
//!
//! Decoding follows xarray's defaults, which ACT's numbers assume:
//! - `_FillValue` and `missing_value` (one value or several) mask to NaN;
//! - `scale_factor` / `add_offset` unpack;
//! - the decoded float type is xarray's choice: float data keep their type; integers of 1–2
//!   bytes become f32 and wider ones f64; packed data take the type of `scale_factor` /
//!   `add_offset` (f64 for packed int32, and whenever only an offset is given);
//! - any variable whose `units` read `"<unit> since <date>"` becomes time (ns since 1970);
//!   `units`/`calendar` move to the [`Encoding`];
//! - `char` arrays become strings along their last dim;
//! - `_Unsigned = "true"` reinterprets signed integers.
//!
//! Integer variables without fill or packing attrs (ARM's `qc_*`) stay integers.
//! [`encode_variable`] reverses every step so that a decoded dataset written and read again is
//! identical.

use crate::time::{NAT, TimeUnits};
use crate::{AttrValue, DType, Data, Dataset, Element, Encoding, Error, Numeric, Result, Variable, with_numeric};
use ndarray::{ArrayD, Axis};

/// What [`decode_variable`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Mask fill values to NaN and unpack scale/offset.
    pub mask_and_scale: bool,
    /// Decode `"<unit> since <date>"` variables to time.
    pub decode_times: bool,
    /// Decode `char` arrays to strings.
    pub decode_chars: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            mask_and_scale: true,
            decode_times: true,
            decode_chars: true,
        }
    }
}

impl DecodeOptions {
    /// Nothing decoded: the raw on-disk values and attrs.
    pub fn raw() -> Self {
        DecodeOptions {
            mask_and_scale: false,
            decode_times: false,
            decode_chars: false,
        }
    }
}

/// Decode every variable of a dataset read from disk.
pub fn decode_dataset(ds: Dataset, opts: &DecodeOptions) -> Result<Dataset> {
    ds.try_map_variables(|name, v| decode_variable(name, v, opts))
}

/// Encode every variable back to its on-disk form.
pub fn encode_dataset(ds: &Dataset) -> Result<Dataset> {
    ds.try_map_ref(encode_variable)
}

/// True when a units string is a CF time unit (`"<unit> since <date>"`).
pub fn is_time_units(units: &str) -> bool {
    units.to_ascii_lowercase().contains(" since ")
}

/// Decode one variable (see the module docs). `name` is used in errors.
pub fn decode_variable(name: &str, var: Variable, opts: &DecodeOptions) -> Result<Variable> {
    let (mut dims, mut data, mut attrs, mut enc) = var.into_parts();
    if enc.dtype.is_none() {
        enc.dtype = Some(data.dtype());
    }
    // char → string
    if opts.decode_chars
        && let Data::Char(a) = &data
        && a.ndim() >= 1
    {
        let last = a.ndim() - 1;
        let strings = a.map_axis(Axis(last), |row| {
            let bytes: Vec<u8> = row.iter().copied().take_while(|&b| b != 0).collect();
            String::from_utf8_lossy(&bytes).trim_end().to_string()
        });
        enc.char_len = Some(a.shape()[last]);
        enc.char_dim = dims.pop();
        data = Data::Str(strings);
    }
    // _Unsigned
    if opts.mask_and_scale
        && attrs
            .get("_Unsigned")
            .and_then(AttrValue::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("true"))
    {
        attrs.shift_remove("_Unsigned");
        enc.unsigned = true;
        data = match data {
            Data::I8(a) => Data::U8(a.mapv(|v| v as u8)),
            Data::I16(a) => Data::U16(a.mapv(|v| v as u16)),
            Data::I32(a) => Data::U32(a.mapv(|v| v as u32)),
            Data::I64(a) => Data::U64(a.mapv(|v| v as u64)),
            other => other,
        };
        for key in ["_FillValue", "missing_value"] {
            if let Some(v) = attrs.get(key).and_then(unsigned_attr) {
                attrs.insert(key.into(), v);
            }
        }
    }
    // mask and scale
    if opts.mask_and_scale && data.dtype().is_numeric() {
        let fill = attrs.shift_remove("_FillValue");
        let missing = attrs.shift_remove("missing_value");
        let scale = attrs.shift_remove("scale_factor");
        let offset = attrs.shift_remove("add_offset");
        if fill.is_some() || missing.is_some() || scale.is_some() || offset.is_some() {
            let target = decoded_float_type(data.dtype(), scale.as_ref(), offset.as_ref());
            let mut masks: Vec<f64> = Vec::new();
            for a in [&fill, &missing].into_iter().flatten() {
                masks.extend(a.as_f64_vec().ok_or_else(|| Error::InvalidAttribute {
                    var: name.to_string(),
                    attr: "_FillValue/missing_value".into(),
                    reason: format!("expected a number, found text '{a}'"),
                })?);
            }
            let num = |a: &Option<AttrValue>, attr: &str| -> Result<Option<f64>> {
                a.as_ref()
                    .map(|v| {
                        v.as_f64().ok_or_else(|| Error::InvalidAttribute {
                            var: name.to_string(),
                            attr: attr.into(),
                            reason: format!("expected a number, found '{v}'"),
                        })
                    })
                    .transpose()
            };
            let sf = num(&scale, "scale_factor")?;
            let ao = num(&offset, "add_offset")?;
            data = match data {
                // Float data that stay in their type are masked in place: no copy.
                Data::F32(mut a) if target == DType::F32 => {
                    mask_in_place(&mut a, &masks, sf, ao);
                    Data::F32(a)
                }
                Data::F64(mut a) if target == DType::F64 => {
                    mask_in_place(&mut a, &masks, sf, ao);
                    Data::F64(a)
                }
                other => with_numeric!(&other, a => match target {
                    DType::F32 => Data::F32(unpack::<_, f32>(a, &masks, sf, ao)),
                    _ => Data::F64(unpack::<_, f64>(a, &masks, sf, ao)),
                }, _o => unreachable!("numeric checked above")),
            };
            enc.fill_value = fill;
            enc.missing_value = missing;
            enc.scale_factor = scale;
            enc.add_offset = offset;
        }
    }
    // time
    if opts.decode_times
        && let Some(units) = attrs
            .get("units")
            .and_then(AttrValue::as_str)
            .filter(|u| is_time_units(u))
    {
        let units = units.to_string();
        let tu = TimeUnits::parse(&units).map_err(|e| Error::TimeParse {
            text: units.clone(),
            reason: format!("variable '{name}': {e} (read with time decoding off to get the raw values)"),
        })?;
        if let Some(cal) = attrs.get("calendar").and_then(AttrValue::as_str) {
            TimeUnits::check_calendar(cal)?;
        }
        data = decode_time(name, data, &tu)?;
        attrs.shift_remove("units");
        enc.units = Some(units);
        if let Some(AttrValue::Str(c)) = attrs.shift_remove("calendar") {
            enc.calendar = Some(c);
        }
    }
    Variable::from_parts(dims, data, attrs, enc)
}

fn unsigned_attr(v: &AttrValue) -> Option<AttrValue> {
    Some(match v {
        AttrValue::I8(x) => AttrValue::U8(x.iter().map(|&v| v as u8).collect()),
        AttrValue::I16(x) => AttrValue::U16(x.iter().map(|&v| v as u16).collect()),
        AttrValue::I32(x) => AttrValue::U32(x.iter().map(|&v| v as u32).collect()),
        AttrValue::I64(x) => AttrValue::U64(x.iter().map(|&v| v as u64).collect()),
        _ => return None,
    })
}

/// xarray's `_choose_float_dtype`: the float type of decoded data.
pub fn decoded_float_type(raw: DType, scale: Option<&AttrValue>, offset: Option<&AttrValue>) -> DType {
    let ty = |a: &AttrValue| match a {
        AttrValue::F32(_) => Some(DType::F32),
        AttrValue::F64(_) => Some(DType::F64),
        _ => None,
    };
    if scale.is_some() || offset.is_some() {
        let st = scale.map(ty);
        let ot = offset.map(ty);
        if let (Some(s), Some(o)) = (st, ot)
            && s == o
            && let Some(t) = s
        {
            if raw.is_integer() && raw.size_of() == 4 {
                return DType::F64;
            }
            return t;
        }
        if offset.is_some() {
            return DType::F64;
        }
        return st.flatten().unwrap_or(DType::F64);
    }
    if raw == DType::F32 || (raw.is_integer() && raw.size_of() <= 2) {
        DType::F32
    } else {
        DType::F64
    }
}

trait FloatOut: Numeric {
    const NAN: Self;
    fn mul_add(self, sf: Option<f64>, ao: Option<f64>) -> Self;
}
impl FloatOut for f32 {
    const NAN: Self = f32::NAN;
    #[inline]
    fn mul_add(self, sf: Option<f64>, ao: Option<f64>) -> Self {
        let mut v = self;
        if let Some(s) = sf {
            v *= s as f32;
        }
        if let Some(o) = ao {
            v += o as f32;
        }
        v
    }
}
impl FloatOut for f64 {
    const NAN: Self = f64::NAN;
    #[inline]
    fn mul_add(self, sf: Option<f64>, ao: Option<f64>) -> Self {
        let mut v = self;
        if let Some(s) = sf {
            v *= s;
        }
        if let Some(o) = ao {
            v += o;
        }
        v
    }
}

fn unpack<S: Numeric, T: FloatOut>(a: &ArrayD<S>, masks: &[f64], sf: Option<f64>, ao: Option<f64>) -> ArrayD<T> {
    // Compare in the raw type, as netCDF does (a float32 -9999 matches a float32 -9999).
    let raw_masks: Vec<S> = masks
        .iter()
        .map(|&m| S::from_f64(m))
        .filter(|m| m.to_f64() == m.to_f64())
        .collect();
    let nan_mask = masks.iter().any(|m| m.is_nan());
    a.mapv(|v| {
        if raw_masks.contains(&v) || (nan_mask && v.to_f64().is_nan()) {
            T::NAN
        } else {
            T::from_f64(v.to_f64()).mul_add(sf, ao)
        }
    })
}

fn mask_in_place<T: FloatOut>(a: &mut ArrayD<T>, masks: &[f64], sf: Option<f64>, ao: Option<f64>) {
    let raw_masks: Vec<T> = masks.iter().filter(|m| !m.is_nan()).map(|&m| T::from_f64(m)).collect();
    let nan_mask = masks.iter().any(|m| m.is_nan());
    let scaled = sf.is_some() || ao.is_some();
    a.mapv_inplace(|v| {
        if raw_masks.contains(&v) || (nan_mask && v.to_f64().is_nan()) {
            T::NAN
        } else if scaled {
            v.mul_add(sf, ao)
        } else {
            v
        }
    });
}

fn decode_time(name: &str, data: Data, tu: &TimeUnits) -> Result<Data> {
    let out_of_range = |v: f64| Error::TimeOutOfRange {
        var: name.to_string(),
        value: v,
    };
    // f64 seconds → i64 ns have the same size: decode in place, no second buffer.
    let data = match data {
        Data::F64(a) if a.is_standard_layout() => {
            let shape = a.raw_dim();
            let n = a.len();
            let (mut v, offset) = a.into_raw_vec_and_offset();
            let off = offset.unwrap_or(0);
            if off == 0 && v.len() == n {
                for x in v.iter_mut() {
                    let ns = tu.decode_f64(*x).ok_or_else(|| out_of_range(*x))?;
                    *x = f64::from_bits(ns as u64);
                }
                let mut v = std::mem::ManuallyDrop::new(v);
                // SAFETY: f64 and i64 have the same size and alignment, and every element now holds
                // the bits of an i64; the Vec's allocation is handed over whole (ptr, len, cap).
                let ints = unsafe { Vec::from_raw_parts(v.as_mut_ptr().cast::<i64>(), v.len(), v.capacity()) };
                return Ok(Data::Time(ArrayD::from_shape_vec(shape, ints).expect("same length")));
            }
            // A view into a larger buffer: copy out the logical elements (rare).
            Data::F64(ArrayD::from_shape_vec(shape, v[off..off + n].to_vec()).expect("same length"))
        }
        other => other,
    };
    let arr: ArrayD<i64> = match &data {
        Data::F32(a) => try_map(a, |&v| tu.decode_f64(v as f64).ok_or_else(|| out_of_range(v as f64)))?,
        Data::F64(a) => try_map(a, |&v| tu.decode_f64(v).ok_or_else(|| out_of_range(v)))?,
        Data::Time(a) => a.clone(),
        other => with_numeric!(other, a => try_map(a, |&v| {
            let f = v.to_f64();
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                tu.decode_i64(f as i64).ok_or_else(|| out_of_range(f))
            } else {
                tu.decode_f64(f).ok_or_else(|| out_of_range(f))
            }
        })?, o => return Err(Error::DTypeMismatch { var: name.to_string(), expected: "numeric time values".into(), found: o.dtype() })),
    };
    Ok(Data::Time(arr))
}

fn try_map<S, T>(a: &ArrayD<S>, f: impl Fn(&S) -> Result<T>) -> Result<ArrayD<T>> {
    let v: Vec<T> = a.iter().map(f).collect::<Result<_>>()?;
    Ok(ArrayD::from_shape_vec(a.raw_dim(), v).expect("same number of elements"))
}

/// Encode one variable to its on-disk form (the inverse of [`decode_variable`]).
pub fn encode_variable(name: &str, var: &Variable) -> Result<Variable> {
    let enc = var.encoding().clone();
    let mut attrs = var.attrs().clone();
    let mut dims = var.dims().to_vec();
    let src = var.data();
    // Each arm builds the on-disk array from `src`; only a pass-through copies it.
    let mut data = match src {
        Data::Time(t) => {
            let units = enc
                .units
                .clone()
                .unwrap_or_else(|| "seconds since 1970-01-01 00:00:00 0:00".into());
            let tu = TimeUnits::parse(&units)?;
            let target = enc.dtype.filter(|d| d.is_numeric()).unwrap_or(DType::F64);
            let has_nat = t.iter().any(|&v| v == NAT);
            let ints: Option<Vec<i64>> = if target.is_integer() && !has_nat {
                t.iter().map(|&v| tu.encode_i64(v)).collect()
            } else {
                None
            };
            let encoded = match ints {
                Some(v) => Data::I64(ArrayD::from_shape_vec(t.raw_dim(), v).expect("same length")).cast(target)?,
                None => {
                    let f = Data::F64(t.mapv(|v| tu.encode_f64(v)));
                    if target == DType::F32 { f.cast(DType::F32)? } else { f }
                }
            };
            attrs.insert("units".into(), AttrValue::Str(units));
            if let Some(c) = &enc.calendar {
                attrs.insert("calendar".into(), AttrValue::Str(c.clone()));
            }
            put_fill_attrs(&mut attrs, &enc, encoded.dtype());
            encoded
        }
        Data::Str(s) if enc.char_dim.is_some() => {
            let width = s
                .iter()
                .map(String::len)
                .max()
                .unwrap_or(0)
                .max(enc.char_len.unwrap_or(1))
                .max(1);
            let mut shape = s.shape().to_vec();
            shape.push(width);
            let mut out = ArrayD::<u8>::zeros(ndarray::IxDyn(&shape));
            for (mut row, text) in out.lanes_mut(Axis(shape.len() - 1)).into_iter().zip(s.iter()) {
                for (dst, b) in row.iter_mut().zip(text.bytes()) {
                    *dst = b;
                }
            }
            dims.push(enc.char_dim.clone().expect("checked in the match guard"));
            Data::Char(out)
        }
        Data::F32(_) | Data::F64(_) if has_packing(&enc) => {
            let stored = enc.dtype.unwrap_or(src.dtype());
            put_fill_attrs(&mut attrs, &enc, stored);
            pack(name, src, &enc, stored)?
        }
        _ => {
            put_fill_attrs(&mut attrs, &enc, src.dtype());
            src.clone()
        }
    };
    if enc.unsigned {
        data = match data {
            Data::U8(a) => Data::I8(a.mapv(|v| v as i8)),
            Data::U16(a) => Data::I16(a.mapv(|v| v as i16)),
            Data::U32(a) => Data::I32(a.mapv(|v| v as i32)),
            Data::U64(a) => Data::I64(a.mapv(|v| v as i64)),
            other => other,
        };
        for key in ["_FillValue", "missing_value"] {
            if let Some(v) = attrs.get(key).and_then(signed_attr) {
                attrs.insert(key.into(), v);
            }
        }
        attrs.insert("_Unsigned".into(), AttrValue::Str("true".into()));
    }
    // Storage settings travel with the encoded variable; everything else is now in the attrs.
    let storage = Encoding {
        dtype: enc.dtype,
        chunk_sizes: enc.chunk_sizes,
        deflate_level: enc.deflate_level,
        shuffle: enc.shuffle,
        ..Default::default()
    };
    Variable::from_parts(dims, data, attrs, storage)
}

fn signed_attr(v: &AttrValue) -> Option<AttrValue> {
    Some(match v {
        AttrValue::U8(x) => AttrValue::I8(x.iter().map(|&v| v as i8).collect()),
        AttrValue::U16(x) => AttrValue::I16(x.iter().map(|&v| v as i16).collect()),
        AttrValue::U32(x) => AttrValue::I32(x.iter().map(|&v| v as i32).collect()),
        AttrValue::U64(x) => AttrValue::I64(x.iter().map(|&v| v as i64).collect()),
        _ => return None,
    })
}

fn has_packing(enc: &Encoding) -> bool {
    enc.fill_value.is_some()
        || enc.missing_value.is_some()
        || enc.scale_factor.is_some()
        || enc.add_offset.is_some()
        || enc.dtype.is_some_and(|d| d.is_integer())
}

/// The packing attributes of `enc`; `_FillValue` and `missing_value` in the `stored` type, as
/// netCDF requires of `_FillValue` and CF of `missing_value` (xarray casts them the same way: an
/// encoding `{"_FillValue": -9999.0}` on a float32 variable is written as float32).
fn put_fill_attrs(attrs: &mut crate::Attrs, enc: &Encoding, stored: DType) {
    for (k, v) in [
        ("_FillValue", &enc.fill_value),
        ("missing_value", &enc.missing_value),
        ("scale_factor", &enc.scale_factor),
        ("add_offset", &enc.add_offset),
    ] {
        let Some(v) = v else { continue };
        let cast = matches!(k, "_FillValue" | "missing_value")
            .then(|| in_type(v, stored))
            .flatten();
        attrs.insert(k.into(), cast.unwrap_or_else(|| v.clone()));
    }
}

/// `v` as an attribute of numeric type `t`, when it is numeric and of another type.
fn in_type(v: &AttrValue, t: DType) -> Option<AttrValue> {
    let same = std::mem::discriminant(&AttrValue::numbers_as(t, &[0.0])?) == std::mem::discriminant(v);
    if same || !v.is_numeric() {
        return None;
    }
    AttrValue::numbers_as(t, &v.as_f64_vec()?)
}

fn pack(name: &str, data: &Data, enc: &Encoding, target: DType) -> Result<Data> {
    let sf = enc.scale_factor.as_ref().and_then(AttrValue::as_f64);
    let ao = enc.add_offset.as_ref().and_then(AttrValue::as_f64);
    let fill = enc
        .fill_value
        .as_ref()
        .and_then(AttrValue::as_f64)
        .or_else(|| enc.missing_value.as_ref().and_then(AttrValue::as_f64));
    let vals = data.to_f64().expect("float data");
    let has_nan = vals.iter().any(|v| v.is_nan());
    let fill = match fill {
        Some(f) => f,
        None if target.is_float() => f64::NAN,
        None if has_nan => {
            return Err(Error::MissingAttribute {
                var: name.to_string(),
                attr: "_FillValue (needed to store NaN as integers)".into(),
            });
        }
        None => 0.0,
    };
    let unpacked = |v: f64| -> f64 {
        if v.is_nan() {
            return fill;
        }
        let mut x = v;
        if let Some(o) = ao {
            x -= o;
        }
        if let Some(s) = sf {
            x /= s;
        }
        x
    };
    // Floats keep their exact bits when nothing is packed.
    if sf.is_none() && ao.is_none() && target == data.dtype() {
        return Ok(match data {
            Data::F32(a) => Data::F32(a.mapv(|v| if v.is_nan() { fill as f32 } else { v })),
            Data::F64(a) => Data::F64(a.mapv(|v| if v.is_nan() { fill } else { v })),
            _ => unreachable!("float data"),
        });
    }
    Data::F64(vals.mapv(unpacked)).cast(target)
}

/// Convert a typed value for comparison with data of type `T` (used by readers of raw values).
pub fn attr_as<T: Numeric>(v: &AttrValue) -> Option<T> {
    v.as_f64().map(T::from_f64)
}

#[doc(hidden)]
pub fn _assert_element<T: Element>() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(data: Data) -> Variable {
        Variable::new(["time"], data).unwrap()
    }

    #[test]
    fn masks_missing_value_keeping_f32() {
        let v = var(Data::from(vec![1.0f32, -9999.0, 3.0]))
            .with_attr("missing_value", -9999.0f32)
            .with_attr("units", "degC");
        let d = decode_variable("t", v.clone(), &DecodeOptions::default()).unwrap();
        let a = d.view::<f32>().unwrap();
        assert!(a[[1]].is_nan());
        assert_eq!(a[[2]], 3.0);
        assert!(!d.attrs().contains_key("missing_value"));
        assert_eq!(d.encoding().missing_value, Some(AttrValue::from(-9999.0f32)));
        let e = encode_variable("t", &d).unwrap();
        assert!(e.identical(&v) || e.data() == v.data());
        assert_eq!(e.view::<f32>().unwrap()[[1]], -9999.0);
    }

    #[test]
    fn fill_values_are_written_in_the_stored_type() {
        // An encoding written from Python floats (f64) on float32 data, as xarray users write it.
        let mut v = var(Data::from(vec![1.0f32, f32::NAN]));
        v.encoding_mut().fill_value = Some(AttrValue::from(-9999.0f64));
        v.encoding_mut().missing_value = Some(AttrValue::from(-9999i64));
        let e = encode_variable("t", &v).unwrap();
        assert_eq!(e.attrs()["_FillValue"], AttrValue::from(-9999.0f32));
        assert_eq!(e.attrs()["missing_value"], AttrValue::from(-9999.0f32));
        assert_eq!(e.view::<f32>().unwrap()[[1]], -9999.0);
        // Packed to int16: the fill is an int16; already the right type stays untouched.
        let mut p = var(Data::from(vec![1.5f64, f64::NAN]));
        p.encoding_mut().dtype = Some(DType::I16);
        p.encoding_mut().fill_value = Some(AttrValue::from(-32767.0f64));
        p.encoding_mut().scale_factor = Some(AttrValue::from(0.5f64));
        let e = encode_variable("p", &p).unwrap();
        assert_eq!(e.attrs()["_FillValue"], AttrValue::I16(vec![-32767]));
        assert_eq!(e.attrs()["scale_factor"], AttrValue::from(0.5f64));
        assert_eq!(
            e.view::<i16>().unwrap().iter().copied().collect::<Vec<_>>(),
            vec![3, -32767]
        );
    }

    #[test]
    fn int_with_missing_becomes_float64_and_back() {
        // xarray: int32 with missing_value decodes to float64 (ARM pwd_err_code).
        let v = var(Data::from(vec![0i32, -9999, 7])).with_attr("missing_value", -9999i32);
        let d = decode_variable("p", v.clone(), &DecodeOptions::default()).unwrap();
        assert_eq!(d.dtype(), DType::F64);
        let e = encode_variable("p", &d).unwrap();
        assert_eq!(e.data(), v.data());
        // int16 → float32
        let v16 = var(Data::from(vec![1i16, 2])).with_attr("_FillValue", -1i16);
        assert_eq!(
            decode_variable("q", v16, &DecodeOptions::default()).unwrap().dtype(),
            DType::F32
        );
        // QC int without fill stays int
        let q = var(Data::from(vec![0i32, 4]));
        assert_eq!(
            decode_variable("qc", q, &DecodeOptions::default()).unwrap().dtype(),
            DType::I32
        );
    }

    #[test]
    fn scale_and_offset() {
        let v = var(Data::from(vec![100i16, -32768, 0]))
            .with_attr("scale_factor", 0.1f32)
            .with_attr("add_offset", 20.0f32)
            .with_attr("_FillValue", -32768i16);
        let d = decode_variable("rh", v.clone(), &DecodeOptions::default()).unwrap();
        assert_eq!(d.dtype(), DType::F32);
        let a = d.view::<f32>().unwrap();
        assert!((a[[0]] - 30.0).abs() < 1e-5);
        assert!(a[[1]].is_nan());
        let e = encode_variable("rh", &d).unwrap();
        assert_eq!(e.data(), v.data());
        assert_eq!(
            decoded_float_type(DType::I32, Some(&0.1f32.into()), Some(&1.0f32.into())),
            DType::F64
        );
        assert_eq!(decoded_float_type(DType::I16, Some(&0.1f32.into()), None), DType::F32);
        assert_eq!(decoded_float_type(DType::I16, None, Some(&1i16.into())), DType::F64);
    }

    #[test]
    fn time_decoding() {
        let v =
            var(Data::from(vec![0.0f64, 60.0, f64::NAN])).with_attr("units", "seconds since 2019-01-01 00:00:00 0:00");
        let d = decode_variable("time", v.clone(), &DecodeOptions::default()).unwrap();
        let t = d.data().as_time().unwrap();
        assert_eq!(crate::time::format_ns(t[[1]]), "2019-01-01T00:01:00.000000000");
        assert_eq!(t[[2]], NAT);
        assert!(d.attrs().get("units").is_none());
        assert_eq!(d.units(), Some("seconds since 2019-01-01 00:00:00 0:00"));
        let e = encode_variable("time", &d).unwrap();
        assert_eq!(e.view::<f64>().unwrap()[[1]], 60.0);
        let raw = decode_variable("time", v, &DecodeOptions::raw()).unwrap();
        assert_eq!(raw.dtype(), DType::F64);
        let bad = var(Data::from(vec![0.0f64])).with_attr("units", "seconds since launch");
        let err = decode_variable("time", bad, &DecodeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("time") && err.contains("seconds since launch"), "{err}");
        let int_base = Variable::new(Vec::<String>::new(), Data::I32(ndarray::arr0(1_546_300_800).into_dyn()))
            .unwrap()
            .with_attr("units", "seconds since 1970-1-1 0:00:00 0:00");
        let d = decode_variable("base_time", int_base.clone(), &DecodeOptions::default()).unwrap();
        let e = encode_variable("base_time", &d).unwrap();
        assert_eq!(e.data(), int_base.data());
    }

    #[test]
    fn chars_roundtrip() {
        let raw = ndarray::Array2::from_shape_vec((2, 3), b"ab\0xyz".to_vec())
            .unwrap()
            .into_dyn();
        let v = Variable::new(["station", "strlen"], Data::Char(raw.clone())).unwrap();
        let d = decode_variable("name", v, &DecodeOptions::default()).unwrap();
        assert_eq!(d.dims(), &["station".to_string()]);
        assert_eq!(d.view::<String>().unwrap()[[1]], "xyz");
        let e = encode_variable("name", &d).unwrap();
        assert_eq!(e.data(), &Data::Char(raw));
    }
}
