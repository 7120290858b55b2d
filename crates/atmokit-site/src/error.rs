//! Errors of the site builder; each names the file or page concerned.

use std::path::PathBuf;

/// Why a site (or a part of it) could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// A file or folder could not be read or created.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A page or data file could not be written.
    #[error(transparent)]
    Output(#[from] atmokit_core::output::OutputError),
    /// A plot could not be drawn or written.
    #[error(transparent)]
    Plot(#[from] atmokit_plot::PlotError),
    /// Bad input (no files, a folder where a file was expected, a bad option).
    #[error("{0}")]
    Input(String),
}

/// Result of the site builder.
pub type Result<T> = std::result::Result<T, SiteError>;

impl SiteError {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> SiteError {
        SiteError::Io {
            path: path.into(),
            source,
        }
    }
}
