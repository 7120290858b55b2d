//! # atmokit-core: the one Dataset
//!
//! Every atmokit crate reads into, works on and writes from the [`Dataset`] defined here,
//! modelled on xarray's split between data and metadata:
//!
//! - a [`Dataset`] holds named dims with sizes, an ordered set of [`Variable`]s and global
//!   [`Attrs`]; coordinate variables are the 1-D ones named after their dim;
//! - a [`Variable`] is dims + [`Data`] + attrs + an [`Encoding`] (how it is stored on disk,
//!   kept apart from the attrs);
//! - [`Data`] is an enum over `ndarray::ArrayD<T>` in the native type (f32 stays f32, int32 QC
//!   stays i32); time is i64 nanoseconds since 1970 ([`time`]);
//! - [`AttrValue`] holds text or typed number vectors so `flag_masks` round-trips exactly.
//!
//! | module | what it holds | xarray / ACT counterpart |
//! |---|---|---|
//! | [`dataset`] | [`Dataset`]: get / insert / remove / rename, typed views | `xr.Dataset` |
//! | [`variable`] | [`Variable`], [`Encoding`] | `xr.Variable`, `.encoding` |
//! | [`data`] | [`Data`], [`Element`], [`Numeric`] | numpy arrays |
//! | [`attrs`] | [`AttrValue`], [`Attrs`] | `.attrs` |
//! | [`cf`] | fill values, scale/offset, time, char decoding and encoding | `xr.conventions` |
//! | [`time`] | CF `"UNITS since DATE"` parsing (ARM's `0:00` zone too), formatting | cftime |
//! | [`select`] | [`Dataset::isel`], [`Dataset::sel_time`] | `ds.isel`, `ds.sel(time=slice())` |
//! | [`mod@concat`] | [`Dataset::concat`] | `xr.concat` / `open_mfdataset` |
//! | [`display`] | `Display` for [`Dataset`] and [`Variable`] (xarray's repr with units and ranges) | `print(ds)` |
//! | [`merge`] | [`Dataset::merge`]: join outer/inner/left/exact on time, conflicts error or override | `xr.merge` |
//! | [`time_groups`] | [`time_groups::TimeBins`] (groupby on time), [`Dataset::resample`], [`time_groups::rolling_time`]; NaN-skipping [`time_groups::Stat`] | `ds.groupby_bins`, `ds.resample(time=…)`, `rolling("10min")` |
//! | [`rolling`] | [`rolling::rolling_mean`], [`rolling::rolling_std`]: sample windows, centred or trailing | `ds.rolling(time=10, center=True)` |
//! | [`summary`] | [`summary::Summary`]: NaN-ignoring statistics | `np.nanmean` … |
//! | [`arm_name`] | ARM datastream and file names: [`arm_name::parse_arm_file_name`], [`arm_name::DatastreamParserARM`] | `DatastreamParserARM` |
//! | [`memory_files`] | [`memory_files::MemoryFiles`]: archive members and downloads read under a file name without touching the disk | |
//! | [`output`] | [`output::write_atomic`]: every output file, whole or not at all | |
//! | [`error`] | [`Error`], [`Result`] | |
//! | typed dispatch | [`with_data!`], [`map_data!`], [`with_numeric!`], [`with_float!`], [`with_integer!`]: one `match` over [`Data`] for every crate | arrow-rs downcast macros |
//!
//! ```
//! use atmokit_core::{Dataset, Variable, cf};
//! // A raw variable as a netCDF reader returns it: ARM's -9999 missing value.
//! let raw = Variable::new(["time"], vec![1.5f32, -9999.0])?.with_attr("missing_value", -9999.0f32);
//! let temp = cf::decode_variable("temp", raw, &cf::DecodeOptions::default())?;
//! let mut ds = Dataset::new();
//! ds.insert("temp", temp)?;
//! assert!(ds.view::<f32>("temp")?[[1]].is_nan());
//! # Ok::<(), atmokit_core::Error>(())
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings))))]

pub mod arm_name;
pub mod attrs;
pub mod cf;
pub mod concat;
pub mod data;
pub mod dataset;
pub mod display;
pub mod dtype;
pub mod error;
pub mod linalg;
pub mod memory_files;
pub mod merge;
pub mod output;
pub mod rolling;
pub mod select;
pub mod summary;
pub mod time;
pub mod time_groups;
pub mod variable;

pub use attrs::{AttrValue, Attrs};
pub use data::{Data, Element, Numeric};
pub use dataset::Dataset;
pub use dtype::DType;
pub use error::{Error, Result};
pub use time::NAT;
pub use variable::{Encoding, Variable};
