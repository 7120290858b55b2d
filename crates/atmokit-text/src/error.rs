//! The text readers' error type: every parse failure names the file and, where it has one, the
//! 1-based line number.

use std::path::{Path, PathBuf};

/// Result alias of this crate.
pub type Result<T, E = TextError> = std::result::Result<T, E>;

/// Errors of the text readers.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating-system error.
        source: std::io::Error,
    },
    /// A line of the file does not follow the format.
    #[error("{}:{line}: {msg}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number (0 when the problem is not tied to one line).
        line: usize,
        /// What is wrong.
        msg: String,
    },
    /// Building the Dataset failed (dimension or dtype mismatch).
    #[error("{}: {source}", path.display())]
    Dataset {
        /// The file.
        path: PathBuf,
        /// The core error.
        source: atmokit_core::Error,
    },
    /// The polars CSV engine reported an error.
    #[error("{}: {msg}", path.display())]
    Polars {
        /// The file.
        path: PathBuf,
        /// polars' message.
        msg: String,
    },
    /// A caller-side argument is invalid (unknown datatype, empty file list...).
    #[error("invalid argument: {0}")]
    Invalid(String),
}

impl TextError {
    /// A parse error at `line` (1-based) of `path`.
    pub fn parse(path: &Path, line: usize, msg: impl Into<String>) -> Self {
        TextError::Parse {
            path: path.to_path_buf(),
            line,
            msg: msg.into(),
        }
    }
    /// Wrap a core error with the file it came from.
    pub fn dataset(path: &Path, source: atmokit_core::Error) -> Self {
        TextError::Dataset {
            path: path.to_path_buf(),
            source,
        }
    }
    /// Wrap an I/O error with the file it came from.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        TextError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
