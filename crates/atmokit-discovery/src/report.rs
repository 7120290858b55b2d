//! What a download reports: progress events while it runs, a summary when it ends.

use std::path::PathBuf;

/// What happened during a download, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// The files to fetch are known: this many (after any time or hour filter; once per day
    /// folder for services listed by day).
    Listed {
        /// Number of files.
        files: usize,
    },
    /// A file is being fetched (1-based `index` of `of`).
    Started {
        /// The file name.
        name: String,
        /// Its position.
        index: usize,
        /// Number of files.
        of: usize,
    },
    /// More bytes of the current file were written.
    Bytes(u64),
    /// A file was written whole.
    Done {
        /// The file name.
        name: String,
        /// Its size in bytes.
        bytes: u64,
    },
    /// A file already present was kept.
    Skipped {
        /// The file name.
        name: String,
    },
    /// The service does not have the file (ARM: "not available", e.g. on tape; NOAA: 404).
    Unavailable {
        /// The file name.
        name: String,
    },
}

/// The outcome of a download.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DownloadReport {
    /// Every listed file now present in the output folder (fetched or kept), in listing order.
    pub files: Vec<PathBuf>,
    /// How many were fetched.
    pub downloaded: usize,
    /// How many were already present and kept.
    pub skipped: usize,
    /// Bytes fetched.
    pub bytes: u64,
    /// Files the service said are not available.
    pub unavailable: Vec<String>,
}
