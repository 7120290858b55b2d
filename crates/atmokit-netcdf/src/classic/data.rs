//! Variable data of a classic netCDF file: big-endian values, fixed variables contiguous, record
//! variables interleaved record by record ("NetCDF Classic and 64-bit Offset Format", data part).

use super::header::{Header, NcType, Var};
use atmokit_core::{AttrValue, Data};
use ndarray::{ArrayD, IxDyn};
use std::fs::File;
use std::os::unix::fs::FileExt;

/// Bytes read from the file per call.
const CHUNK: u64 = 4 << 20;

/// Values of one variable being decoded, in its in-memory type.
pub(crate) enum Values {
    I8(Vec<i8>),
    U8(Vec<u8>),
    Char(Vec<u8>),
    I16(Vec<i16>),
    U16(Vec<u16>),
    I32(Vec<i32>),
    U32(Vec<u32>),
    I64(Vec<i64>),
    U64(Vec<u64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

macro_rules! be {
    ($v:expr, $b:expr, $t:ty, $n:literal) => {
        $v.extend($b.chunks_exact($n).map(|c| {
            let mut a = [0u8; $n];
            a.copy_from_slice(c);
            <$t>::from_be_bytes(a)
        }))
    };
}

impl Values {
    /// An empty buffer for `n` elements of `ty`; `n` was checked against the file length.
    pub(crate) fn with_capacity(ty: NcType, n: usize) -> Self {
        match ty {
            NcType::Byte => Values::I8(Vec::with_capacity(n)),
            NcType::Char => Values::Char(Vec::with_capacity(n)),
            NcType::UByte => Values::U8(Vec::with_capacity(n)),
            NcType::Short => Values::I16(Vec::with_capacity(n)),
            NcType::UShort => Values::U16(Vec::with_capacity(n)),
            NcType::Int => Values::I32(Vec::with_capacity(n)),
            NcType::UInt => Values::U32(Vec::with_capacity(n)),
            NcType::Int64 => Values::I64(Vec::with_capacity(n)),
            NcType::UInt64 => Values::U64(Vec::with_capacity(n)),
            NcType::Float => Values::F32(Vec::with_capacity(n)),
            NcType::Double => Values::F64(Vec::with_capacity(n)),
        }
    }

    /// Append big-endian values (`b.len()` is a multiple of the element size).
    pub(crate) fn push_be(&mut self, b: &[u8]) {
        match self {
            Values::I8(v) => v.extend(b.iter().map(|&x| x as i8)),
            Values::U8(v) | Values::Char(v) => v.extend_from_slice(b),
            Values::I16(v) => be!(v, b, i16, 2),
            Values::U16(v) => be!(v, b, u16, 2),
            Values::I32(v) => be!(v, b, i32, 4),
            Values::U32(v) => be!(v, b, u32, 4),
            Values::I64(v) => be!(v, b, i64, 8),
            Values::U64(v) => be!(v, b, u64, 8),
            Values::F32(v) => be!(v, b, f32, 4),
            Values::F64(v) => be!(v, b, f64, 8),
        }
    }

    /// Append the `n`-byte big-endian values at `start`, `start + stride`, … (`count` of them) of
    /// `b`: one variable's part of consecutive records. The ranges are inside `b`.
    pub(crate) fn push_be_strided(&mut self, b: &[u8], start: usize, stride: usize, n: usize, count: usize) {
        macro_rules! strided {
            ($v:expr, $t:ty, $size:literal) => {{
                $v.reserve(count * (n / $size));
                if n == $size {
                    // One value per record (most ARM time series): no inner loop.
                    $v.extend((0..count).map(|r| {
                        let at = start + r * stride;
                        let mut a = [0u8; $size];
                        a.copy_from_slice(&b[at..at + $size]);
                        <$t>::from_be_bytes(a)
                    }));
                } else {
                    for r in 0..count {
                        let at = start + r * stride;
                        be!($v, &b[at..at + n], $t, $size);
                    }
                }
            }};
        }
        match self {
            Values::I8(v) => {
                for r in 0..count {
                    let at = start + r * stride;
                    v.extend(b[at..at + n].iter().map(|&x| x as i8));
                }
            }
            Values::U8(v) | Values::Char(v) => {
                for r in 0..count {
                    let at = start + r * stride;
                    v.extend_from_slice(&b[at..at + n]);
                }
            }
            Values::I16(v) => strided!(v, i16, 2),
            Values::U16(v) => strided!(v, u16, 2),
            Values::I32(v) => strided!(v, i32, 4),
            Values::U32(v) => strided!(v, u32, 4),
            Values::I64(v) => strided!(v, i64, 8),
            Values::U64(v) => strided!(v, u64, 8),
            Values::F32(v) => strided!(v, f32, 4),
            Values::F64(v) => strided!(v, f64, 8),
        }
    }

    /// The values as an array of `shape`.
    pub(crate) fn into_data(self, shape: &[usize]) -> Result<Data, ndarray::ShapeError> {
        let s = IxDyn(shape);
        Ok(match self {
            Values::I8(v) => Data::I8(ArrayD::from_shape_vec(s, v)?),
            Values::U8(v) => Data::U8(ArrayD::from_shape_vec(s, v)?),
            Values::Char(v) => Data::Char(ArrayD::from_shape_vec(s, v)?),
            Values::I16(v) => Data::I16(ArrayD::from_shape_vec(s, v)?),
            Values::U16(v) => Data::U16(ArrayD::from_shape_vec(s, v)?),
            Values::I32(v) => Data::I32(ArrayD::from_shape_vec(s, v)?),
            Values::U32(v) => Data::U32(ArrayD::from_shape_vec(s, v)?),
            Values::I64(v) => Data::I64(ArrayD::from_shape_vec(s, v)?),
            Values::U64(v) => Data::U64(ArrayD::from_shape_vec(s, v)?),
            Values::F32(v) => Data::F32(ArrayD::from_shape_vec(s, v)?),
            Values::F64(v) => Data::F64(ArrayD::from_shape_vec(s, v)?),
        })
    }

    /// The values as an attribute value: text up to the first NUL for `char`, as libnetcdf's
    /// readers give it; every other type a vector.
    pub(crate) fn into_attr(self) -> AttrValue {
        match self {
            Values::Char(b) => {
                let end = b.iter().position(|&x| x == 0).unwrap_or(b.len());
                AttrValue::Str(String::from_utf8_lossy(&b[..end]).into_owned())
            }
            Values::I8(v) => AttrValue::I8(v),
            Values::U8(v) => AttrValue::U8(v),
            Values::I16(v) => AttrValue::I16(v),
            Values::U16(v) => AttrValue::U16(v),
            Values::I32(v) => AttrValue::I32(v),
            Values::U32(v) => AttrValue::U32(v),
            Values::I64(v) => AttrValue::I64(v),
            Values::U64(v) => AttrValue::U64(v),
            Values::F32(v) => AttrValue::F32(v),
            Values::F64(v) => AttrValue::F64(v),
        }
    }
}

/// Elements of `v` in the file (all records); the header check bounds it by the file length.
pub(crate) fn n_elements(h: &Header, v: &Var) -> u64 {
    let per = v.bytes / v.ty.size();
    if v.record { per.saturating_mul(h.numrecs) } else { per }
}

/// Where the bytes of a classic file come from: the whole file in memory (small files, read in
/// one call) or positioned reads of the open file (large ones). Offsets and lengths asked for
/// were checked against the file length with the header.
pub(crate) enum Source<'a> {
    /// The whole file.
    Bytes(&'a [u8]),
    /// The open file.
    File(&'a File),
}

impl Source<'_> {
    /// `len` bytes at `offset`, borrowed from memory or read into `buf`.
    fn at<'b>(&'b self, buf: &'b mut Vec<u8>, offset: u64, len: usize) -> std::io::Result<&'b [u8]> {
        match self {
            Source::Bytes(b) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX);
                b.get(start..start.saturating_add(len)).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "data past the end of the file")
                })
            }
            Source::File(f) => {
                buf.resize(len, 0);
                f.read_exact_at(buf, offset)?;
                Ok(&buf[..])
            }
        }
    }
}

/// Read the values of a fixed-size variable.
pub(crate) fn read_fixed(src: &Source<'_>, v: &Var) -> std::io::Result<Values> {
    let n = usize::try_from(v.bytes / v.ty.size()).unwrap_or(usize::MAX);
    let mut out = Values::with_capacity(v.ty, n);
    let mut buf = Vec::new();
    let mut done = 0;
    while done < v.bytes {
        let len = (v.bytes - done).min(CHUNK) as usize;
        out.push_be(src.at(&mut buf, v.begin + done, len)?);
        done += len as u64;
    }
    Ok(out)
}

/// Read the values of several record variables in one pass over the records.
pub(crate) fn read_records(src: &Source<'_>, h: &Header, vars: &[&Var]) -> std::io::Result<Vec<Values>> {
    let mut out: Vec<Values> = vars
        .iter()
        .map(|v| Values::with_capacity(v.ty, usize::try_from(n_elements(h, v)).unwrap_or(0)))
        .collect();
    // Where the wanted bytes of a record end, relative to its start.
    let rec_end = vars
        .iter()
        .filter(|v| v.bytes > 0)
        .map(|v| v.begin - h.begin_rec + v.bytes)
        .max()
        .unwrap_or(0);
    if h.numrecs == 0 || rec_end == 0 || h.recsize == 0 {
        return Ok(out);
    }
    let per_chunk = match src {
        Source::Bytes(_) => h.numrecs,
        Source::File(_) => (CHUNK / h.recsize).max(1),
    };
    let mut buf = Vec::new();
    let mut r0 = 0;
    while r0 < h.numrecs {
        let r1 = (r0 + per_chunk).min(h.numrecs);
        // The header check guarantees these records are inside the file.
        let len = (r1 - r0 - 1) * h.recsize + rec_end;
        let chunk = src.at(&mut buf, h.begin_rec + r0 * h.recsize, len as usize)?;
        for (v, o) in vars.iter().zip(out.iter_mut()).filter(|(v, _)| v.bytes > 0) {
            let (at, n) = ((v.begin - h.begin_rec) as usize, v.bytes as usize);
            o.push_be_strided(chunk, at, h.recsize as usize, n, (r1 - r0) as usize);
        }
        r0 = r1;
    }
    Ok(out)
}
