//! Reading one file's variables and attributes as stored (no decoding).

use crate::error::{Error, Result};
use crate::input::Input;
use atmokit_core::{AttrValue, Attrs, Data, Dataset, Variable};
use ndarray::{ArrayD, IxDyn};
use netcdf::AttributeValue;
use netcdf::types::{FloatType, IntType, NcVariableType};
use std::path::Path;

/// One netCDF `char`, so that libnetcdf reads and writes `NC_CHAR` data.
#[repr(transparent)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NcChar(pub u8);

// SAFETY: NcChar is a transparent u8, the memory layout of NC_CHAR.
unsafe impl netcdf::NcTypeDescriptor for NcChar {
    fn type_descriptor() -> NcVariableType {
        NcVariableType::Char
    }
}

/// Open a file that is not classic netCDF with libnetcdf, with errors that say whether it is
/// missing or not netCDF.
pub(crate) fn open(path: &Path) -> Result<netcdf::File> {
    open_mapped(path, false).map(|(f, _)| f)
}

/// [`open`], returning with `map` the HDF5 chunk maps of a netCDF-4 file's numeric variables,
/// for the direct chunk reader (`crate::chunked`).
fn open_mapped(path: &Path, map: bool) -> Result<(netcdf::File, Option<atmokit_hdf5::ChunkMaps>)> {
    if !path.exists() {
        return Err(Error::NotFound {
            path: path.to_path_buf(),
        });
    }
    let maps = crate::hdf5_gate::check_mapped(&Input::File(path.to_path_buf()), map)?;
    let file = with_small_chunk_cache(|| netcdf::open(path)).map_err(|source| Error::Open {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((file, maps))
}

/// A netCDF-4 (HDF5) file's bytes in memory opened with libnetcdf's `nc_open_mem`
/// (`NC_INMEMORY`), after the HDF5 structural check passed on the same bytes: nothing is written
/// to disk. Returns the chunk maps with `map`, as [`open_mapped`].
fn open_memory<'a>(
    name: &Path,
    bytes: &'a [u8],
    input: &Input,
    map: bool,
) -> Result<(netcdf::FileMem<'a>, Option<atmokit_hdf5::ChunkMaps>)> {
    if !bytes.starts_with(&atmokit_hdf5::SIGNATURE) {
        return Err(Error::Invalid {
            path: name.to_path_buf(),
            reason: "not a netCDF file (no CDF or HDF5 signature)".to_string(),
        });
    }
    // The gate runs before libnetcdf sees a byte: damaged HDF5 metadata can crash libhdf5.
    let maps = crate::hdf5_gate::check_mapped(input, map)?;
    let label = name.to_string_lossy();
    let file = with_small_chunk_cache(|| netcdf::open_mem(Some(&label), bytes)).map_err(|source| Error::Open {
        path: name.to_path_buf(),
        source,
    })?;
    Ok((file, maps))
}

/// Every variable's name and dimension names of a netCDF-4 file in memory.
pub(crate) fn var_dims_memory(name: &Path, bytes: &[u8], input: &Input) -> Result<Vec<(String, Vec<String>)>> {
    let (f, _) = open_memory(name, bytes, input, false)?;
    Ok(f.variables()
        .map(|v| (v.name(), v.dimensions().iter().map(|d| d.name()).collect()))
        .collect())
}

/// [`read_raw`] of a netCDF-4 file in memory, with the limit on decoded bytes: the same read
/// as from disk (the direct chunk reader takes the raw data from the bytes).
pub(crate) fn read_memory(
    name: &Path,
    bytes: &[u8],
    input: &Input,
    keep: &dyn Fn(&str) -> bool,
    limit: u64,
) -> Result<Dataset> {
    let (file, maps) = open_memory(name, bytes, input, true)?;
    read_open(&file, input, maps.as_ref(), keep, limit)
}

/// Chunk cache given to each variable of files this crate opens: 1 MiB, 521 slots.
///
/// libnetcdf's default (16 MiB or more per variable, copied into every variable when a file is
/// opened) made a whole-file read of a 147 MB netCDF-4 file peak at 2.3x its decoded size;
/// atmokit reads each variable once, front to back, so a small cache costs no speed.
const CHUNK_CACHE_BYTES: usize = 1 << 20;
const CHUNK_CACHE_SLOTS: usize = 521;

/// Stop HDF5 from printing its error stack to stderr.
///
/// libnetcdf probes netCDF-4 variables for optional attributes (`_QuantizeBitGroom…`) and HDF5
/// prints a diagnostic for each one that is absent; real errors still reach us as return codes
/// from libnetcdf, which this crate turns into messages naming the file.
/// A thread-safe HDF5 build keeps one error stack per thread, so this is done once per thread.
pub(crate) fn quiet_hdf5() {
    thread_local! {
        static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    QUIET.with(|q| {
        if !q.get() {
            let _lock = netcdf_sys::libnetcdf_lock.lock();
            // SAFETY: turns off automatic error printing for this thread's default HDF5 error
            // stack; no callback or client data is registered.
            unsafe {
                hdf5_sys::h5e::H5Eset_auto2(hdf5_sys::h5e::H5E_DEFAULT, None, std::ptr::null_mut());
            }
            q.set(true);
        }
    });
}

/// Run `open` with libnetcdf's default chunk cache set small, restoring it afterwards.
///
/// The cache setting is process-wide, so the whole get → set → open → restore runs under the
/// lock the `netcdf` crate takes around every libnetcdf call (`netcdf_sys::libnetcdf_lock`, a
/// reentrant mutex): another thread's open can neither see the small setting nor save it as the
/// one to restore.
fn with_small_chunk_cache<T>(open: impl FnOnce() -> T) -> T {
    let _lock = netcdf_sys::libnetcdf_lock.lock();
    quiet_hdf5();
    let (mut size, mut nelems, mut preemption) = (0usize, 0usize, 0f32);
    // SAFETY: plain C calls on libnetcdf's global defaults with valid out-pointers.
    let saved = unsafe { netcdf_sys::nc_get_chunk_cache(&mut size, &mut nelems, &mut preemption) } == 0;
    if saved {
        // SAFETY: as above.
        unsafe { netcdf_sys::nc_set_chunk_cache(CHUNK_CACHE_BYTES, CHUNK_CACHE_SLOTS, preemption) };
    }
    let out = open();
    if saved {
        // SAFETY: restores the values read above.
        unsafe { netcdf_sys::nc_set_chunk_cache(size, nelems, preemption) };
    }
    out
}

/// Names of every variable in a file, in file order.
pub fn variable_names(path: &Path) -> Result<Vec<String>> {
    Ok(var_dims(path)?.into_iter().map(|(name, _)| name).collect())
}

/// Every variable's name and dimension names, in file order.
pub(crate) fn var_dims(path: &Path) -> Result<Vec<(String, Vec<String>)>> {
    if crate::classic::is_classic(path) {
        return crate::classic::var_dims(path);
    }
    let f = open(path)?;
    Ok(f.variables()
        .map(|v| (v.name(), v.dimensions().iter().map(|d| d.name()).collect()))
        .collect())
}

/// Read a file as stored: raw values, every attribute, unlimited dims; variables for which
/// `keep(name)` is false are skipped. Decoded data may take up to
/// [`default_max_bytes`](crate::default_max_bytes) of the file's length.
///
/// Classic files (CDF-1, CDF-2, CDF-5) are read by this crate's own reader of the format,
/// netCDF-4 files by libnetcdf.
pub fn read_raw(path: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Dataset> {
    read_raw_limited(path, keep, None)
}

/// [`read_raw`] with a limit on decoded bytes (None: [`crate::default_max_bytes`]).
pub(crate) fn read_raw_limited(path: &Path, keep: &dyn Fn(&str) -> bool, max_bytes: Option<u64>) -> Result<Dataset> {
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NotFound {
                path: path.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let limit = max_bytes.unwrap_or_else(|| crate::default_max_bytes(len));
    if crate::classic::is_classic(path) {
        return crate::classic::read(path, keep, limit);
    }
    read_libnetcdf(path, keep, limit)
}

/// Variables of a netCDF-4 file whose raw bytes [`read_raw`] takes from the direct chunk reader
/// rather than libnetcdf (for tests and benchmarks).
#[doc(hidden)]
pub fn direct_chunk_variables(path: &Path) -> Result<Vec<String>> {
    let Some(maps) = crate::hdf5_gate::check_mapped(&Input::File(path.to_path_buf()), true)? else {
        return Ok(Vec::new());
    };
    Ok(maps
        .iter()
        .filter(|(_, m)| crate::chunked::handles(m, m.elem_size))
        .map(|(k, _)| k.trim_start_matches('/').to_string())
        .collect())
}

/// [`read_raw`] through libnetcdf for every format, classic included: the reader this crate used
/// before it read the classic formats itself, kept to check that both give the same Dataset.
#[doc(hidden)]
pub fn read_raw_libnetcdf(path: &Path, keep: &dyn Fn(&str) -> bool) -> Result<Dataset> {
    read_libnetcdf_with(path, keep, u64::MAX, false)
}

fn read_libnetcdf(path: &Path, keep: &dyn Fn(&str) -> bool, limit: u64) -> Result<Dataset> {
    read_libnetcdf_with(path, keep, limit, true)
}

/// The libnetcdf read, with the raw bytes of chunked and contiguous numeric variables read by
/// the direct chunk reader when `direct` (and the file's structure allows it).
fn read_libnetcdf_with(path: &Path, keep: &dyn Fn(&str) -> bool, limit: u64, direct: bool) -> Result<Dataset> {
    let (file, maps) = open_mapped(path, direct)?;
    read_open(&file, &Input::File(path.to_path_buf()), maps.as_ref(), keep, limit)
}

/// Read an open file: attributes, the variables `keep` accepts (raw data from the direct chunk
/// reader where `maps` describe it), unlimited dimensions.
fn read_open(
    file: &netcdf::File,
    input: &Input,
    maps: Option<&atmokit_hdf5::ChunkMaps>,
    keep: &dyn Fn(&str) -> bool,
    limit: u64,
) -> Result<Dataset> {
    let path = input.name();
    let mut ds = Dataset::new();
    for a in file.attributes() {
        let name = a.name().to_string();
        let v = a.value().map_err(|source| Error::Read {
            path: path.to_path_buf(),
            var: String::new(),
            source,
        })?;
        ds.attrs_mut().insert(name, attr_from_nc(v));
    }
    let mut total: u64 = 0;
    for var in file.variables() {
        let name = var.name();
        if !keep(&name) {
            continue;
        }
        let elems = var
            .dimensions()
            .iter()
            .fold(1u64, |n, d| n.saturating_mul(d.len() as u64));
        total = total.saturating_add(elems.saturating_mul(element_size(&var.vartype())));
        if total > limit {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                var: name,
                bytes: total,
                limit,
            });
        }
        let v = read_variable(input, &var, maps)?;
        ds.insert(&name, v).map_err(|e| Error::data(path, e))?;
    }
    for d in file.dimensions() {
        if d.is_unlimited() {
            ds.set_unlimited(&d.name(), true);
        }
    }
    Ok(ds)
}

/// Bytes per element in memory (a string counts as its 24-byte handle).
fn element_size(t: &NcVariableType) -> u64 {
    match t {
        NcVariableType::Int(IntType::I8 | IntType::U8) | NcVariableType::Char => 1,
        NcVariableType::Int(IntType::I16 | IntType::U16) => 2,
        NcVariableType::Int(IntType::I32 | IntType::U32) | NcVariableType::Float(FloatType::F32) => 4,
        NcVariableType::String => 24,
        _ => 8,
    }
}

fn read_variable(
    input: &Input,
    var: &netcdf::Variable<'_>,
    maps: Option<&atmokit_hdf5::ChunkMaps>,
) -> Result<Variable> {
    let path = input.name();
    let name = var.name();
    let err = |source| Error::Read {
        path: path.to_path_buf(),
        var: name.clone(),
        source,
    };
    let dims: Vec<String> = var.dimensions().iter().map(|d| d.name()).collect();
    let shape: Vec<usize> = var.dimensions().iter().map(|d| d.len()).collect();
    let empty = shape.contains(&0);
    // The direct reader's map of this variable, if it handles it.
    let direct = |size: usize, float: bool| {
        maps.and_then(|m| m.get(&format!("/{name}")))
            .filter(|m| m.float == float && m.dims.iter().map(|&d| d as usize).eq(shape.iter().copied()))
            .filter(|m| crate::chunked::handles(m, size as u64))
    };
    macro_rules! get {
        ($t:ty, $variant:ident, $float:expr) => {
            Data::$variant(if empty {
                ArrayD::<$t>::zeros(IxDyn(&shape))
            } else if let Some(m) = direct(std::mem::size_of::<$t>(), $float) {
                let mut buf = vec![<$t>::default(); shape.iter().product()];
                crate::chunked::read_into(input, &name, m, <$t as Plain>::bytes_mut(&mut buf))?;
                ArrayD::from_shape_vec(IxDyn(&shape), buf).expect("buffer sized from the shape")
            } else {
                read_slabs::<$t>(var, &shape).map_err(err)?
            })
        };
    }
    let data = match var.vartype() {
        NcVariableType::Int(IntType::I8) => get!(i8, I8, false),
        NcVariableType::Int(IntType::U8) => get!(u8, U8, false),
        NcVariableType::Int(IntType::I16) => get!(i16, I16, false),
        NcVariableType::Int(IntType::U16) => get!(u16, U16, false),
        NcVariableType::Int(IntType::I32) => get!(i32, I32, false),
        NcVariableType::Int(IntType::U32) => get!(u32, U32, false),
        NcVariableType::Int(IntType::I64) => get!(i64, I64, false),
        NcVariableType::Int(IntType::U64) => get!(u64, U64, false),
        NcVariableType::Float(FloatType::F32) => get!(f32, F32, true),
        NcVariableType::Float(FloatType::F64) => get!(f64, F64, true),
        NcVariableType::Char => {
            let bytes: Vec<u8> = if empty {
                Vec::new()
            } else {
                var.get_values::<NcChar, _>(..)
                    .map_err(err)?
                    .into_iter()
                    .map(|c| c.0)
                    .collect()
            };
            Data::Char(
                ArrayD::from_shape_vec(IxDyn(&shape), bytes).map_err(|e| Error::Unsupported {
                    path: path.to_path_buf(),
                    var: name.clone(),
                    reason: format!("char data do not fit the shape {shape:?}: {e}"),
                })?,
            )
        }
        NcVariableType::String => {
            let n: usize = shape.iter().product();
            let mut out = Vec::with_capacity(n);
            for flat in 0..n {
                let idx = unravel(flat, &shape);
                out.push(var.get_string(idx.as_slice()).map_err(err)?);
            }
            Data::Str(ArrayD::from_shape_vec(IxDyn(&shape), out).expect("n elements"))
        }
        other => {
            return Err(Error::Unsupported {
                path: path.to_path_buf(),
                var: name,
                reason: format!("netCDF type {} is not supported", type_label(&other)),
            });
        }
    };
    let mut attrs = Attrs::new();
    for a in var.attributes() {
        let key = a.name().to_string();
        let v = a.value().map_err(err)?;
        attrs.insert(key, attr_from_nc(v));
    }
    let mut v = Variable::from_parts(dims, data, attrs, Default::default()).map_err(|e| Error::data(path, e))?;
    if let Ok(Some(chunks)) = var.chunking() {
        v.encoding_mut().chunk_sizes = Some(chunks);
    }
    Ok(v)
}

/// Fixed-size numbers whose buffers the direct chunk reader fills byte for byte.
trait Plain: Copy + Default {
    /// The bytes of `buf`.
    fn bytes_mut(buf: &mut [Self]) -> &mut [u8] {
        let len = std::mem::size_of_val(buf);
        // SAFETY: implemented only for primitive integers and floats, which have no padding
        // and for which every bit pattern is a valid value; the slice covers exactly `buf`.
        unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr().cast::<u8>(), len) }
    }
}
impl Plain for i8 {}
impl Plain for u8 {}
impl Plain for i16 {}
impl Plain for u16 {}
impl Plain for i32 {}
impl Plain for u32 {}
impl Plain for i64 {}
impl Plain for u64 {}
impl Plain for f32 {}
impl Plain for f64 {}

/// Elements per read call. libnetcdf/HDF5 hold a temporary as large as each request when reading
/// a chunked variable, so reading a big variable in one call needs twice its size in memory;
/// slabs along the first axis bound that overhead to a few MiB.
const SLAB_ELEMENTS: usize = 1 << 20;

fn read_slabs<T: netcdf::NcTypeDescriptor + Copy + Default>(
    var: &netcdf::Variable<'_>,
    shape: &[usize],
) -> std::result::Result<ArrayD<T>, netcdf::Error> {
    let total: usize = shape.iter().product();
    if shape.is_empty() {
        return var.get::<T, _>(..);
    }
    let row: usize = shape[1..].iter().product::<usize>().max(1);
    let rows_per_slab = (SLAB_ELEMENTS / row).max(1);
    let mut buf = vec![T::default(); total];
    let mut start = 0;
    while start < shape[0] {
        let end = (start + rows_per_slab).min(shape[0]);
        let ext: Vec<std::ops::Range<usize>> = std::iter::once(start..end)
            .chain(shape[1..].iter().map(|&n| 0..n))
            .collect();
        var.get_values_into(&mut buf[start * row..end * row], ext.as_slice())?;
        start = end;
    }
    Ok(ArrayD::from_shape_vec(IxDyn(shape), buf).expect("buffer sized from the shape"))
}

fn type_label(t: &NcVariableType) -> &'static str {
    match t {
        NcVariableType::Compound(_) => "compound",
        NcVariableType::Opaque(_) => "opaque",
        NcVariableType::Enum(_) => "enum",
        NcVariableType::Vlen(_) => "vlen",
        _ => "this",
    }
}

fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for (i, &n) in shape.iter().enumerate().rev() {
        idx[i] = flat % n;
        flat /= n;
    }
    idx
}

/// libnetcdf attribute value → atmokit attribute value (types kept).
pub(crate) fn attr_from_nc(v: AttributeValue) -> AttrValue {
    match v {
        AttributeValue::Uchar(x) => AttrValue::U8(vec![x]),
        AttributeValue::Uchars(x) => AttrValue::U8(x),
        AttributeValue::Schar(x) => AttrValue::I8(vec![x]),
        AttributeValue::Schars(x) => AttrValue::I8(x),
        AttributeValue::Ushort(x) => AttrValue::U16(vec![x]),
        AttributeValue::Ushorts(x) => AttrValue::U16(x),
        AttributeValue::Short(x) => AttrValue::I16(vec![x]),
        AttributeValue::Shorts(x) => AttrValue::I16(x),
        AttributeValue::Uint(x) => AttrValue::U32(vec![x]),
        AttributeValue::Uints(x) => AttrValue::U32(x),
        AttributeValue::Int(x) => AttrValue::I32(vec![x]),
        AttributeValue::Ints(x) => AttrValue::I32(x),
        AttributeValue::Ulonglong(x) => AttrValue::U64(vec![x]),
        AttributeValue::Ulonglongs(x) => AttrValue::U64(x),
        AttributeValue::Longlong(x) => AttrValue::I64(vec![x]),
        AttributeValue::Longlongs(x) => AttrValue::I64(x),
        AttributeValue::Float(x) => AttrValue::F32(vec![x]),
        AttributeValue::Floats(x) => AttrValue::F32(x),
        AttributeValue::Double(x) => AttrValue::F64(vec![x]),
        AttributeValue::Doubles(x) => AttrValue::F64(x),
        AttributeValue::Str(s) => AttrValue::Str(s),
        AttributeValue::Strs(s) => AttrValue::Strs(s),
    }
}

/// atmokit attribute value → libnetcdf attribute value (a one-element vector becomes a scalar).
pub(crate) fn attr_to_nc(v: &AttrValue) -> AttributeValue {
    fn one<T: Copy>(x: &[T], s: fn(T) -> AttributeValue, m: fn(Vec<T>) -> AttributeValue) -> AttributeValue {
        if x.len() == 1 { s(x[0]) } else { m(x.to_vec()) }
    }
    match v {
        AttrValue::Str(s) => AttributeValue::Str(s.clone()),
        AttrValue::Strs(s) => AttributeValue::Strs(s.clone()),
        AttrValue::I8(x) => one(x, AttributeValue::Schar, AttributeValue::Schars),
        AttrValue::U8(x) => one(x, AttributeValue::Uchar, AttributeValue::Uchars),
        AttrValue::I16(x) => one(x, AttributeValue::Short, AttributeValue::Shorts),
        AttrValue::U16(x) => one(x, AttributeValue::Ushort, AttributeValue::Ushorts),
        AttrValue::I32(x) => one(x, AttributeValue::Int, AttributeValue::Ints),
        AttrValue::U32(x) => one(x, AttributeValue::Uint, AttributeValue::Uints),
        AttrValue::I64(x) => one(x, AttributeValue::Longlong, AttributeValue::Longlongs),
        AttrValue::U64(x) => one(x, AttributeValue::Ulonglong, AttributeValue::Ulonglongs),
        AttrValue::F32(x) => one(x, AttributeValue::Float, AttributeValue::Floats),
        AttrValue::F64(x) => one(x, AttributeValue::Double, AttributeValue::Doubles),
    }
}
