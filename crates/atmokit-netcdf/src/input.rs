//! One netCDF input: a file on disk, or a file's bytes already in memory (a member of an
//! archive) with the name it goes by in messages.

use crate::error::Result;
use atmokit_core::Dataset;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A netCDF file to read: on disk, or held whole in memory.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// A file's bytes, read from an archive without unpacking it to disk: netCDF classic (this
    /// crate's reader) or netCDF-4 (the HDF5 check on the bytes, then libnetcdf's
    /// `nc_open_mem`); nothing is written to disk.
    Memory {
        /// The name used in messages and for the ARM file-name attributes: by convention
        /// `archive/member` (`sgpmet.tar.gz/sgpmetE13.b1.20190101.000000.cdf`).
        name: PathBuf,
        /// The whole file.
        bytes: Arc<[u8]>,
    },
}

impl Input {
    /// The path or member name this input goes by.
    pub fn name(&self) -> &Path {
        match self {
            Input::File(p) => p,
            Input::Memory { name, .. } => name,
        }
    }
}

impl From<PathBuf> for Input {
    fn from(p: PathBuf) -> Self {
        Input::File(p)
    }
}

/// Every variable's name and dimension names, in file order.
pub(crate) fn var_dims(input: &Input) -> Result<Vec<(String, Vec<String>)>> {
    match input {
        Input::File(p) => crate::raw::var_dims(p),
        Input::Memory { name, bytes } if bytes.starts_with(b"CDF") => crate::classic::var_dims_bytes(name, bytes),
        Input::Memory { name, bytes } => crate::raw::var_dims_memory(name, bytes, input),
    }
}

/// The input as stored (see [`crate::read_raw`]), with the limit on decoded bytes.
pub(crate) fn read_raw(input: &Input, keep: &dyn Fn(&str) -> bool, max_bytes: Option<u64>) -> Result<Dataset> {
    match input {
        Input::File(p) => crate::raw::read_raw_limited(p, keep, max_bytes),
        Input::Memory { name, bytes } => {
            let limit = max_bytes.unwrap_or_else(|| crate::default_max_bytes(bytes.len() as u64));
            if bytes.starts_with(b"CDF") {
                crate::classic::read_bytes(name, bytes, keep, limit)
            } else {
                crate::raw::read_memory(name, bytes, input, keep, limit)
            }
        }
    }
}
