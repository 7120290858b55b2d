//! Errors of the validator; every variant names the file.

use std::path::PathBuf;

/// Why a file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The file's structure is damaged or impossible (an offset past the end, a bad checksum,
    /// a name that is too long or not UTF-8, a cycle in the group graph, ...).
    #[error("{}: invalid HDF5 file: {reason}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong and where (object path, message, attribute).
        reason: String,
    },
    /// The file holds an HDF5 feature the validator does not check, so it is not handed on.
    #[error("{}: HDF5 feature not supported: {reason}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The feature and where it was found.
        reason: String,
    },
    /// An object or the file's metadata is larger than the [`crate::Limits`] allow.
    #[error("{}: {what} needs {bytes} bytes, more than the limit of {limit} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// What is too large (e.g. "dataset '/temp'").
        what: String,
        /// Bytes it needs (saturated at `u64::MAX`).
        bytes: u64,
        /// The limit.
        limit: u64,
    },
}

/// An error found while walking the file, before the path is attached.
#[derive(Debug)]
pub(crate) enum Fault {
    Io(std::io::Error),
    Invalid(String),
    Unsupported(String),
    TooLarge { what: String, bytes: u64, limit: u64 },
}

impl Fault {
    /// Attach the file's path.
    pub(crate) fn at(self, path: PathBuf) -> Error {
        match self {
            Fault::Io(source) => Error::Io { path, source },
            Fault::Invalid(reason) => Error::Invalid { path, reason },
            Fault::Unsupported(reason) => Error::Unsupported { path, reason },
            Fault::TooLarge { what, bytes, limit } => Error::TooLarge {
                path,
                what,
                bytes,
                limit,
            },
        }
    }

    /// Prefix the reason with where it was found.
    pub(crate) fn context(self, place: &str) -> Fault {
        match self {
            Fault::Invalid(r) => Fault::Invalid(format!("{place}: {r}")),
            Fault::Unsupported(r) => Fault::Unsupported(format!("{place}: {r}")),
            other => other,
        }
    }
}

/// Result of the internal walk.
pub(crate) type Res<T> = Result<T, Fault>;

/// An `Invalid` fault.
pub(crate) fn invalid<T>(reason: impl Into<String>) -> Res<T> {
    Err(Fault::Invalid(reason.into()))
}

/// An `Unsupported` fault.
pub(crate) fn unsupported<T>(reason: impl Into<String>) -> Res<T> {
    Err(Fault::Unsupported(reason.into()))
}
