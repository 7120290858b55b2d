//! The gate in front of libnetcdf for netCDF-4 (HDF5) files: the file's structure is checked by
//! [`atmokit_hdf5::check_file`] before `nc_open` sees it, because damaged HDF5 metadata can crash
//! libhdf5 and a tiny file can declare datasets of many gigabytes.

use std::path::Path;

use crate::error::{Error, Result};
use crate::input::Input;

/// Check `path` if it is an HDF5 file; other files pass untouched (libnetcdf reports on them).
///
/// Each dataset and attribute may decode to at most [`crate::default_max_bytes`] of the file's
/// length. The chunk indexes of HDF5 ≥ 1.10 (fixed array, extensible array, version-2 B-tree)
/// and huge fractal-heap objects are checked like the rest, so damage there is refused too. A
/// file using an HDF5 feature the validator cannot check yet (filtered fractal heaps, shared
/// messages, virtual datasets, ...) is passed on to libnetcdf as
/// before the gate existed: refusing valid files of other writers (or our own, with a large
/// global attribute) would be worse than the residual risk. The validator still walks the rest
/// of such a file, so damage anywhere else is refused all the same.
///
/// With `map`, the chunk maps of the file's numeric datasets are returned too (`None` for a
/// file that is not HDF5 or uses a feature the validator does not check).
///
/// A file in memory (an archive member) is checked from its bytes, nothing being written to
/// disk; its messages name it `archive/member`.
pub(crate) fn check_mapped(input: &Input, map: bool) -> Result<Option<atmokit_hdf5::ChunkMaps>> {
    let path = input.name();
    let checked = match input {
        Input::File(path) => {
            if !atmokit_hdf5::is_hdf5(path) {
                return Ok(None);
            }
            let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            let limits = limits(len);
            if map {
                atmokit_hdf5::chunked_datasets(path, &limits).map(|(_, m)| Some(m))
            } else {
                atmokit_hdf5::check_file(path, &limits).map(|_| None)
            }
        }
        Input::Memory { name, bytes } => {
            if !bytes.starts_with(&atmokit_hdf5::SIGNATURE) {
                return Ok(None);
            }
            let limits = limits(bytes.len() as u64);
            if map {
                atmokit_hdf5::chunked_datasets_bytes(name, bytes.clone(), &limits).map(|(_, m)| Some(m))
            } else {
                atmokit_hdf5::check_bytes(name, bytes.clone(), &limits).map(|_| None)
            }
        }
    };
    match checked {
        Ok(m) => Ok(m),
        Err(atmokit_hdf5::Error::Unsupported { .. }) => Ok(None),
        Err(e) => Err(refused(path, e)),
    }
}

/// Each dataset and attribute may decode to at most [`crate::default_max_bytes`] of `len`.
fn limits(len: u64) -> atmokit_hdf5::Limits {
    atmokit_hdf5::Limits {
        max_decoded_bytes: crate::default_max_bytes(len),
        ..Default::default()
    }
}

fn refused(path: &Path, e: atmokit_hdf5::Error) -> Error {
    let path = path.to_path_buf();
    match e {
        atmokit_hdf5::Error::TooLarge { what, bytes, limit, .. } => Error::TooLarge {
            path,
            var: what,
            bytes,
            limit,
        },
        other => {
            let full = other.to_string();
            let prefix = format!("{}: ", path.display());
            let reason = full.strip_prefix(&prefix).unwrap_or(&full).to_string();
            Error::Invalid { path, reason }
        }
    }
}
