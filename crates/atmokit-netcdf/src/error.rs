//! Errors of the netCDF reader and writer; every variant names the file.

use std::path::PathBuf;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong reading or writing a netCDF file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file does not exist.
    #[error("{}: no such file", path.display())]
    NotFound {
        /// The path asked for.
        path: PathBuf,
    },
    /// The file exists but is not a netCDF file libnetcdf can open (truncated, or another format).
    #[error("{}: not a readable netCDF file ({source})", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// libnetcdf's error.
        #[source]
        source: netcdf::Error,
    },
    /// The file is shorter than its header says: it was cut off (an interrupted copy or download).
    #[error("{}: truncated netCDF file: the header needs {expected} bytes, the file has {found}", path.display())]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Bytes the header describes.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The header of a classic netCDF file is damaged or describes something impossible (a name
    /// longer than `NC_MAX_NAME` or not UTF-8, a count or size the file cannot hold, an unknown
    /// type or version); nothing was allocated from the bad values.
    #[error("{}: malformed netCDF header: {item}: {reason}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Where in the header (e.g. "variable 'temp'", "attribute 'units' of variable 'temp'").
        item: String,
        /// What is wrong.
        reason: String,
    },
    /// The file's structure was refused by the check made before libnetcdf opens a netCDF-4
    /// (HDF5) file: damaged metadata, a name longer than 256 bytes or not UTF-8, or an HDF5
    /// feature the check does not cover.
    #[error("{}: refused before opening: {reason}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong and where.
        reason: String,
    },
    /// Reading would need more memory than [`crate::ReadOptions::max_bytes`] allows.
    #[error("{}: variable '{var}': reading needs {bytes} bytes, more than the limit of {limit} bytes", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The variable at which the running total of decoded bytes passed the limit.
        var: String,
        /// Decoded bytes of the variables read so far, this one included.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A variable or attribute could not be read.
    #[error("{}: variable '{var}': {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The variable ("" for global attributes).
        var: String,
        /// libnetcdf's error.
        #[source]
        source: netcdf::Error,
    },
    /// A variable's stored data are damaged: a chunk that does not decode (deflate stream,
    /// Fletcher-32 checksum) or that the file cannot hold; no values were returned.
    #[error("{}: variable '{var}': damaged data: {reason}", path.display())]
    DamagedData {
        /// The file.
        path: PathBuf,
        /// The variable.
        var: String,
        /// What is wrong and where.
        reason: String,
    },
    /// The file holds something atmokit does not read (compound, enum, vlen or opaque types).
    #[error("{}: variable '{var}': {reason}", path.display())]
    Unsupported {
        /// The file.
        path: PathBuf,
        /// The variable.
        var: String,
        /// What is not supported.
        reason: String,
    },
    /// Decoding (fill values, scale, time units) or assembling the Dataset failed.
    #[error("{}: {source}", path.display())]
    Data {
        /// The file.
        path: PathBuf,
        /// The data-model error.
        #[source]
        source: atmokit_core::Error,
    },
    /// Writing failed; nothing was left at the target path.
    #[error("{}: cannot write{}: {reason}", path.display(), if var.is_empty() { String::new() } else { format!(" variable '{var}'") })]
    Write {
        /// The target file.
        path: PathBuf,
        /// The variable being written ("" for file-level steps).
        var: String,
        /// Why.
        reason: String,
    },
    /// A filesystem operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The output was refused (a symbolic link, special file, folder or an input) or could
    /// not be put in place (the target is unchanged).
    #[error(transparent)]
    Output(#[from] atmokit_core::output::OutputError),
    /// No file names were given.
    #[error("no files to read")]
    NoFiles,
    /// Names in the keep or drop lists that the file does not hold.
    #[error("{}: no variable named {}", path.display(), names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", "))]
    UnknownVariables {
        /// The file (the first one read).
        path: PathBuf,
        /// The names not found.
        names: Vec<String>,
    },
}

impl Error {
    pub(crate) fn data(path: &std::path::Path, source: atmokit_core::Error) -> Self {
        Error::Data {
            path: path.to_path_buf(),
            source,
        }
    }
}
