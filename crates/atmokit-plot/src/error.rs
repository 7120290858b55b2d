//! The error type of atmokit-plot.

/// Result alias of this crate.
pub type Result<T, E = PlotError> = std::result::Result<T, E>;

/// What went wrong while preparing or drawing a plot.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// A data-model error (missing variable, wrong dtype, …), already naming the variable.
    #[error(transparent)]
    Core(#[from] atmokit_core::Error),
    /// The input cannot be plotted as asked; the message names the variable or attribute.
    #[error("{0}")]
    Input(String),
    /// The drawing backend failed (file not writable, bad size, …).
    #[error("drawing failed: {0}")]
    Draw(String),
    /// Writing an output file failed.
    #[error("cannot write '{path}': {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl PlotError {
    /// Shorthand for [`PlotError::Input`].
    pub fn input(msg: impl Into<String>) -> Self {
        PlotError::Input(msg.into())
    }
}

/// Convert any plotters drawing error into [`PlotError::Draw`].
pub(crate) fn draw_err<E: std::fmt::Display>(e: E) -> PlotError {
    PlotError::Draw(e.to_string())
}
