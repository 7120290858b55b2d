//! Errors of the raw MPL reader; every variant names the file.

use std::path::PathBuf;

/// Result alias of this crate.
pub type Result<T, E = MplError> = std::result::Result<T, E>;

/// What went wrong reading a raw MPL file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MplError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file ends inside a record.
    #[error(
        "{path}: truncated MPL file: record {record} ({what}) needs {needed} bytes at offset {offset}, only {available} left"
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// 0-based record (profile) index.
        record: usize,
        /// Which part of the record: "header", "channel_1" or "channel_2".
        what: &'static str,
        /// Byte offset where that part starts.
        offset: usize,
        /// Bytes needed.
        needed: usize,
        /// Bytes left in the file.
        available: usize,
    },
    /// The bytes do not look like a SigmaSpace MPL version-5 data file.
    #[error("{path}: not a SigmaSpace MPL data file (record {record}): {reason}")]
    NotMpl {
        /// The file.
        path: PathBuf,
        /// 0-based record index where the check failed.
        record: usize,
        /// The failed check.
        reason: String,
    },
    /// Building the Dataset failed (a data-model error).
    #[error("{path}: {source}")]
    Data {
        /// The file.
        path: PathBuf,
        /// The data-model error.
        source: atmokit_core::Error,
    },
}
