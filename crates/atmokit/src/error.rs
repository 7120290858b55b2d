//! The one error type of the facade: every sub-crate's error converts into it with `?`.

/// Result alias of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Anything that can go wrong in atmokit, by the crate that reports it. Each wrapped error
/// already names its file, variable or attribute; `Display` shows it unchanged.
///
/// ```
/// use atmokit::prelude::*;
/// fn mean_temp(ds: &Dataset) -> atmokit::Result<f32> {
///     let t = ds.view::<f32>("temp_mean")?; // a data-model error converts with `?`
///     Ok(t.iter().sum::<f32>() / t.len() as f32)
/// }
/// let e = mean_temp(&Dataset::new()).unwrap_err();
/// assert_eq!(e.to_string(), "variable 'temp_mean' not found");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A data-model, QC, correction, physics, retrieval or tracking error.
    #[error(transparent)]
    Data(#[from] atmokit_core::Error),
    /// Inputs that gave no files (no match for a pattern, an empty folder).
    #[cfg(feature = "netcdf")]
    #[error(transparent)]
    Paths(#[from] crate::paths::PathError),
    /// The netCDF reader or writer failed.
    #[cfg(feature = "netcdf")]
    #[error(transparent)]
    NetCdf(#[from] atmokit_netcdf::Error),
    /// A text reader failed.
    #[cfg(feature = "text")]
    #[error(transparent)]
    Text(#[from] atmokit_text::TextError),
    /// The raw MPL reader failed.
    #[cfg(feature = "mpl")]
    #[error(transparent)]
    Mpl(#[from] atmokit_mpl::MplError),
    /// Opening files of any format failed.
    #[cfg(feature = "open")]
    #[error(transparent)]
    Open(#[from] crate::open::OpenError),
    /// A plot failed.
    #[cfg(feature = "plot")]
    #[error(transparent)]
    Plot(#[from] atmokit_plot::PlotError),
    /// A download failed.
    #[cfg(feature = "discovery")]
    #[error(transparent)]
    Discovery(#[from] atmokit_discovery::DiscoveryError),
}
