//! # atmokit
//!
//! A toolkit for atmospheric time-series data from field instruments (ARM, NOAA): read files into
//! one shared [`Dataset`], quality-control them with ARM's bit-packed QC, correct them, compute
//! retrievals, track features through gridded data, and plot them. It re-implements the Python
//! Atmospheric data Community Toolkit (ACT) with the same numbers where ACT is right, fixes where
//! it is wrong, and a large speed-up. `docs/for-act-users.md` maps ACT calls to atmokit calls.
//!
//! This crate only re-exports the others, each behind a feature, so a user depends on one crate.
//! The sub-crates are meant to be used directly too.
//!
//! # Crate topology
//!
//! ```text
//! atmokit-core  ←  netcdf · text · qc · corrections · physics · track
//!                      physics ← qc, retrievals (units, solar geometry)
//!                      qc, physics, retrievals ← plot
//!                      all of them ← atmokit (this facade) ;  atmokit-cli (the `atmokit` binary)
//! ```
//!
//! | module | crate | feature | what |
//! |---|---|---|---|
//! | [`core`] | `atmokit-core` | always | `Dataset`, `Variable`, attrs, CF decoding, time, selection |
//! | `netcdf` | `atmokit-netcdf` | `netcdf` | `read_arm_netcdf`, `write_netcdf` (system libnetcdf) |
//! | `text` | `atmokit-text` | `text` | CSV, NOAA GML/PSL, sodar, HYSPLIT, ICARTT, NEON, AmeriFlux, SURFRAD, DOD |
//! | `qc` | `atmokit-qc` | `qc` ☑ | QC variables, every ACT test, ARM→CF cleanup, summaries |
//! | `corrections` | `atmokit-corrections` | `corrections` ☑ | MPL, ceilometer, Doppler and Raman lidar, ship-motion wind |
//! | `mpl` | `atmokit-mpl` | `mpl` | raw SigmaSpace MPL `.mpl`/`.bi` reader (replaces `mpl2nc`) |
//! | `physics` | `atmokit-physics` | `physics` ☑ | solar position, units, thermodynamics, time/data helpers |
//! | `retrievals` | `atmokit-retrievals` | `retrievals` ☑ | sonde indices, PBL, cloud base, IRT/AERI, radiation, VAD |
//! | `plot` | `atmokit-plot` | `plot` | timeseries, time-height, QC flags, skew-T, wind rose, … |
//! | `track` | `atmokit-track` | `track` | Ocetrac-style object tracking |
//! | `discovery` | `atmokit-discovery` | `discovery` | ARM Live downloads, ARM DQR fetch (HTTPS, ureq + rustls) |
//! | [`mod@open`] | this crate | `open` | any file atmokit reads, recognised by content: [`open::open_paths`], [`open()`](fn@open) |
//! | `ameriflux` | this crate | `physics` | ARM data → AmeriFlux CSV (`convert_to_ameriflux`) |
//! | [`prelude`] | this crate | always | one `use` for scripts: data model, errors, ndarray, readers, QC tests, corrections, retrievals |
//!
//! ☑ = on by default (pure Rust, no C library, no polars).
//!
//! ```
//! use atmokit::prelude::*;
//! let mut ds = Dataset::new();
//! ds.insert("temp", Variable::new(["time"], array![1.0f32, 2.0])?.with_attr("units", "degC"))?;
//! assert_eq!(ds.get("temp")?.units(), Some("degC"));
//! # Ok::<(), atmokit::Error>(())
//! ```
//!
//! One error type, [`Error`], takes every sub-crate's error with `?`; [`ndarray`] (and `polars`
//! with its feature) is re-exported so its version always matches.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "physics")]
pub mod ameriflux;
#[cfg(feature = "open")]
pub mod archive;
mod error;
#[cfg(feature = "netcdf")]
pub mod paths;
pub mod prelude;

pub use atmokit_core as core;
pub use atmokit_core::{AttrValue, DType, Data, Dataset, Variable};
pub use error::{Error, Result};
/// The ndarray crate atmokit's arrays come from (no version to match by hand).
pub use ndarray;
/// The polars crate of the Dataset ↔ DataFrame conversion (`text::dataframe`).
#[cfg(feature = "polars")]
pub use polars;

/// Read ARM netCDF files as one Dataset, as ACT's `read_arm_netcdf`: `inputs` may be files,
/// folders (their files, sorted) or glob patterns (`"sgpmetE13.b1.2019010*.cdf"`), expanded by
/// [`paths::expand`] and read by [`netcdf::read_arm_netcdf`].
///
/// ```no_run
/// use atmokit::prelude::*;
/// let ds = read_arm_netcdf(&["met/sgpmetE13.b1.2019010*.cdf"], &ReadOptions::default().keep(&["temp_mean"]))?;
/// # Ok::<(), atmokit::Error>(())
/// ```
///
/// # Errors
/// A pattern without match or an empty folder ([`Error::Paths`]), any reader error
/// ([`Error::NetCdf`]; keep/drop names the first file lacks are
/// [`netcdf::Error::UnknownVariables`]).
#[cfg(feature = "netcdf")]
pub fn read_arm_netcdf<P: AsRef<std::path::Path>>(inputs: &[P], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    let files = paths::expand(inputs)?;
    Ok(atmokit_netcdf::read_arm_netcdf(&files, opts)?)
}

/// Read any files atmokit knows (netCDF, raw MPL, every text format; files, folders or glob
/// patterns) as one Dataset: [`open::open_paths`] with the facade's error.
#[cfg(feature = "open")]
pub fn open<P: AsRef<std::path::Path>>(inputs: &[P], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    Ok(open::open_paths(inputs, opts)?)
}

#[cfg(feature = "corrections")]
pub use atmokit_corrections as corrections;
#[cfg(feature = "discovery")]
pub use atmokit_discovery as discovery;
#[cfg(feature = "mpl")]
pub use atmokit_mpl as mpl;
#[cfg(feature = "netcdf")]
pub use atmokit_netcdf as netcdf;
#[cfg(feature = "open")]
pub mod open;
#[cfg(feature = "open")]
mod url_input;
#[cfg(feature = "physics")]
pub use atmokit_physics as physics;
#[cfg(feature = "plot")]
pub use atmokit_plot as plot;
#[cfg(feature = "qc")]
pub use atmokit_qc as qc;
#[cfg(feature = "retrievals")]
pub use atmokit_retrievals as retrievals;
#[cfg(feature = "text")]
pub use atmokit_text as text;
#[cfg(feature = "track")]
pub use atmokit_track as track;
