//! A pure-Rust reader of the netCDF classic formats: CDF-1 (classic), CDF-2 (64-bit offset) and
//! CDF-5 (64-bit data), after Unidata's "NetCDF Classic and 64-bit Offset Format" and the
//! Parallel-NetCDF "CDF-5 Format Specification".
//!
//! libnetcdf and the `netcdf` crate never see a classic file: the header is parsed and checked
//! against the file length before anything is allocated from it ([`header`]), so a damaged or
//! crafted file gives [`Error::Malformed`], [`Error::Truncated`] or [`Error::TooLarge`] naming
//! the file, never a crash, a panic or an allocation the file cannot back. The Dataset is the one
//! libnetcdf gave: values as stored, every attribute, the record dimension unlimited.

mod data;
mod header;

use crate::error::{Error, Result};
use atmokit_core::{Attrs, Dataset, Variable};
use header::{Fault, Header};
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::Path;

/// First bytes read of a header; doubled until the header fits (at most the whole file).
const FIRST_READ: u64 = 64 << 10;

/// Files up to this size are read whole, in one call, and decoded from memory; larger ones by
/// positioned reads of what is asked for.
const WHOLE_FILE: u64 = 32 << 20;

/// True when the file starts with the classic magic `CDF` (any version byte: an unknown one is
/// reported by this reader, not handed to libnetcdf).
pub(crate) fn is_classic(path: &Path) -> bool {
    let mut magic = [0u8; 3];
    File::open(path).and_then(|mut f| f.read_exact(&mut magic)).is_ok() && &magic == b"CDF"
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Open a classic file and parse its header; a small file (up to [`WHOLE_FILE`]) is read whole
/// and returned with it when `whole` is set.
fn open(path: &Path, whole: bool) -> Result<(File, Header, Option<Vec<u8>>)> {
    let mut file = File::open(path).map_err(io_err(path))?;
    let len = file.metadata().map_err(io_err(path))?.len();
    let mut buf = Vec::new();
    let in_memory = whole && len <= WHOLE_FILE;
    if in_memory {
        buf.reserve_exact(len as usize);
        (&mut file).take(len).read_to_end(&mut buf).map_err(io_err(path))?;
        if (buf.len() as u64) < len {
            return Err(Error::Truncated {
                path: path.to_path_buf(),
                expected: len,
                found: buf.len() as u64,
            });
        }
    }
    let mut want = len.min(FIRST_READ);
    loop {
        if !in_memory {
            let have = buf.len();
            buf.resize(want as usize, 0);
            file.read_exact_at(&mut buf[have..], have as u64)
                .map_err(io_err(path))?;
        }
        match header::parse(&buf, len) {
            Ok(h) => return Ok((file, h, in_memory.then_some(buf))),
            Err(Fault::More) if want < len => want = want.saturating_mul(2).min(len),
            Err(f) => return Err(fault(path, len, f)),
        }
    }
}

/// The error for a header that did not parse from the whole of a `len`-byte file.
fn fault(path: &Path, len: u64, f: Fault) -> Error {
    match f {
        Fault::More => Error::Malformed {
            path: path.to_path_buf(),
            item: "header".into(),
            reason: format!("the file ends inside the header ({len} bytes): it was cut off"),
        },
        Fault::Bad { item, reason } => Error::Malformed {
            path: path.to_path_buf(),
            item,
            reason,
        },
        Fault::Short { expected } => Error::Truncated {
            path: path.to_path_buf(),
            expected,
            found: len,
        },
    }
}

/// Parse the header of a classic file held whole in memory (`name` names it in errors).
fn header_of_bytes(name: &Path, bytes: &[u8]) -> Result<Header> {
    header::parse(bytes, bytes.len() as u64).map_err(|f| fault(name, bytes.len() as u64, f))
}

/// [`var_dims`] of a classic file held in memory.
pub(crate) fn var_dims_bytes(name: &Path, bytes: &[u8]) -> Result<Vec<(String, Vec<String>)>> {
    let h = header_of_bytes(name, bytes)?;
    Ok(names_and_dims(&h))
}

/// [`read`] of a classic file held whole in memory (an archive member); `name` names it in errors.
pub(crate) fn read_bytes(name: &Path, bytes: &[u8], keep: &dyn Fn(&str) -> bool, limit: u64) -> Result<Dataset> {
    let h = header_of_bytes(name, bytes)?;
    read_source(name, &h, &data::Source::Bytes(bytes), keep, limit)
}

/// Every variable's name and dimension names, in file order.
pub(crate) fn var_dims(path: &Path) -> Result<Vec<(String, Vec<String>)>> {
    let (_, h, _) = open(path, false)?;
    Ok(names_and_dims(&h))
}

fn names_and_dims(h: &Header) -> Vec<(String, Vec<String>)> {
    h.vars
        .iter()
        .map(|v| (v.name.clone(), v.dims.iter().map(|&d| h.dims[d].name.clone()).collect()))
        .collect()
}

fn attrs(list: &[header::Attr]) -> Attrs {
    list.iter()
        .map(|a| {
            let n = a.raw.len() / a.ty.size() as usize;
            let mut v = data::Values::with_capacity(a.ty, n);
            v.push_be(&a.raw);
            (a.name.clone(), v.into_attr())
        })
        .collect()
}

/// Read a classic file as stored; variables for which `keep(name)` is false are skipped. The
/// decoded bytes of the kept variables may not pass `limit`.
pub(crate) fn read(path: &Path, keep: &dyn Fn(&str) -> bool, limit: u64) -> Result<Dataset> {
    read_from(path, keep, limit, true)
}

/// [`read`], from the whole file in memory when `whole` (and the file is small) or by positioned
/// reads.
fn read_from(path: &Path, keep: &dyn Fn(&str) -> bool, limit: u64, whole: bool) -> Result<Dataset> {
    let (file, h, bytes) = open(path, whole)?;
    let src = match &bytes {
        Some(b) => data::Source::Bytes(b),
        None => data::Source::File(&file),
    };
    read_source(path, &h, &src, keep, limit)
}

/// The Dataset of a parsed classic file from its bytes.
fn read_source(
    path: &Path,
    h: &Header,
    src: &data::Source<'_>,
    keep: &dyn Fn(&str) -> bool,
    limit: u64,
) -> Result<Dataset> {
    let kept: Vec<&header::Var> = h.vars.iter().filter(|v| keep(&v.name)).collect();
    let mut total: u64 = 0;
    for v in &kept {
        total = total.saturating_add(data::n_elements(h, v).saturating_mul(v.ty.size()));
        if total > limit {
            return Err(Error::TooLarge {
                path: path.to_path_buf(),
                var: v.name.clone(),
                bytes: total,
                limit,
            });
        }
    }
    let records: Vec<&header::Var> = kept.iter().copied().filter(|v| v.record).collect();
    let mut record_values = data::read_records(src, h, &records).map_err(io_err(path))?.into_iter();
    let mut ds = Dataset::new();
    *ds.attrs_mut() = attrs(&h.attrs);
    for v in kept {
        let values = if v.record {
            record_values.next().ok_or_else(|| Error::Malformed {
                path: path.to_path_buf(),
                item: format!("variable '{}'", v.name),
                reason: "record variable lost".into(),
            })?
        } else {
            data::read_fixed(src, v).map_err(io_err(path))?
        };
        let dims: Vec<String> = v.dims.iter().map(|&d| h.dims[d].name.clone()).collect();
        let shape: Vec<usize> = v
            .dims
            .iter()
            .map(|&d| usize::try_from(h.dims[d].len).unwrap_or(usize::MAX))
            .collect();
        let bad_shape = |e: ndarray::ShapeError| Error::Malformed {
            path: path.to_path_buf(),
            item: format!("variable '{}'", v.name),
            reason: format!("shape {shape:?} cannot be held in memory: {e}"),
        };
        let data = values.into_data(&shape).map_err(bad_shape)?;
        let var =
            Variable::from_parts(dims, data, attrs(&v.attrs), Default::default()).map_err(|e| Error::data(path, e))?;
        ds.insert(&v.name, var).map_err(|e| Error::data(path, e))?;
    }
    if let Some(u) = h.unlimited {
        ds.set_unlimited(&h.dims[u].name, true);
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    /// Both ways of getting at the bytes give the same Dataset: the positioned reads serve the
    /// files over [`WHOLE_FILE`], which no test file reaches.
    #[test]
    fn whole_file_and_positioned_reads_agree() {
        let dir = std::env::temp_dir().join(format!("atmokit-classic-src-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("two_ways.nc");
        let mut ds = Dataset::new();
        let n = 700;
        ds.insert(
            "t",
            Variable::new(["time"], (0..n).map(f64::from).collect::<Vec<_>>()).unwrap(),
        )
        .unwrap();
        ds.insert(
            "x",
            Variable::new(["time"], (0..n).map(|i| (i as f32).sin()).collect::<Vec<_>>()).unwrap(),
        )
        .unwrap();
        ds.insert(
            "q",
            Variable::new(["time"], (0..n).map(|i| (i % 7) as i16).collect::<Vec<_>>()).unwrap(),
        )
        .unwrap();
        ds.insert("c", Variable::new(["bin"], vec![1i32, 2, 3]).unwrap())
            .unwrap();
        ds.set_unlimited("time", true);
        let opts = crate::WriteOptions {
            format: crate::Format::Classic,
            ..Default::default()
        };
        crate::write_netcdf(&ds, &path, &opts).unwrap();
        let whole = read_from(&path, &|_| true, u64::MAX, true).unwrap();
        let parts = read_from(&path, &|_| true, u64::MAX, false).unwrap();
        assert!(whole.identical(&parts));
        assert_eq!(whole.view::<f32>("x").unwrap()[[5]], 5f32.sin());
        assert_eq!(whole.view::<i16>("q").unwrap()[[699]], 699 % 7);
        let some = read_from(&path, &|n| n == "q", u64::MAX, false).unwrap();
        assert!(some.get("q").unwrap().identical(whole.get("q").unwrap()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
