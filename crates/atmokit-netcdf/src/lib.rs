//! # atmokit-netcdf: netCDF classic and netCDF-4 in and out of the atmokit Dataset
//!
//! Classic files (CDF-1, CDF-2, CDF-5) are read by this crate's own reader of the format; netCDF-4
//! files, and all writes, go through the `netcdf` crate over the system libnetcdf (install
//! `libnetcdf-dev`). The raw bytes of netCDF-4 variables stored unfiltered or with deflate,
//! shuffle and Fletcher-32 come from this crate's direct chunk reader instead (chunks read with
//! positioned reads and decoded in parallel, bit-identical to libnetcdf).
//!
//! | ACT (`act.io.arm`) | atmokit |
//! |---|---|
//! | `read_arm_netcdf(files, keep_variables=, drop_variables=, use_base_time=, decode_times=)` | [`read_arm_netcdf`] with [`ReadOptions`] |
//! | `xr.open_dataset(f)` (one file, defaults) | [`read`] |
//! | `read_arm_mmcr(files)` (legacy MMCR radar, modes split) | [`mmcr::read_arm_mmcr`] |
//! | `keep_variables_to_drop_variables` | [`keep_variables_to_drop_variables`] |
//! | `check_arm_standards` | [`arm::check_arm_standards`] |
//! | ARM file-name parsing (`_file_dates`, `_file_times`) | [`arm::parse_arm_file_name`] |
//! | `ds.write.write_netcdf(path, cf_compliant=, join_char=)` | [`write_netcdf`] with [`WriteOptions`] |
//! | (new) day-by-day outputs with the disk work (write, `fsync`, rename) on a background thread | [`BackgroundWriter`] |
//! | raw (undecoded) read: `decode_times=False, mask_and_scale=False` | [`ReadOptions::raw`], [`read_raw`] |
//!
//! ```no_run
//! use atmokit_netcdf::{read_arm_netcdf, write_netcdf, ReadOptions, WriteOptions};
//! let files = ["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"];
//! let ds = read_arm_netcdf(&files, &ReadOptions::default().keep(&["temp_mean"]))?;
//! assert_eq!(ds.dim_len("time"), Some(2880));
//! write_netcdf(&ds, "temp.nc", &WriteOptions::default())?;
//! # Ok::<(), atmokit_netcdf::Error>(())
//! ```
//!
//! Every error names the file (and the variable when there is one); writes are atomic.

pub mod arm;
mod background;
mod chunked;
mod classic;
mod error;
mod hdf5_gate;
mod input;
mod memory;
pub mod mmcr;
mod raw;
mod read;
mod write;

pub use background::BackgroundWriter;
pub use error::{Error, Result};
pub use input::Input;
#[doc(hidden)]
pub use raw::{direct_chunk_variables, read_raw_libnetcdf};
pub use raw::{read_raw, variable_names};
pub use read::{
    ReadOptions, default_max_bytes, keep_variables_to_drop_variables, read, read_arm_netcdf, read_arm_netcdf_inputs,
};
pub use write::{Format, WriteOptions, write_netcdf};
