//! The one entry point that turns file names into a Dataset, for every command: the library's
//! [`atmokit::open`] (netCDF, raw MPL and every text format, recognised by content; an empty
//! input is an error), with errors as `anyhow` for the commands.

use anyhow::Result;
use atmokit_core::Dataset;
use std::path::PathBuf;

pub use atmokit::open::is_raw_mpl;

/// Read one or many files (or folders) as one Dataset; see [`atmokit::open::open_paths`].
pub fn open(inputs: &[PathBuf], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    Ok(atmokit::open::open_paths(inputs, opts)?)
}
