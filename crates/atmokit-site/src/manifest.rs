//! The incremental-build manifest (`atmokit-site.json` in the output folder): for each
//! datastream-day, the input files with their size and modification time, the hash of the
//! options the day was built with, and what the build found (statistics, pages, errors). A re-run
//! rebuilds only the days whose inputs or options changed, and rebuilds the summary pages from the
//! statistics kept here without reading the other days again.

use crate::error::{Result, SiteError};
use crate::stats::DayStats;
use atmokit_core::output::{OutputOptions, write_atomic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name of the manifest inside the output folder.
pub const MANIFEST_NAME: &str = "atmokit-site.json";

/// Format version; a manifest of another version is ignored (everything is rebuilt).
const VERSION: u32 = 1;

/// An input file as the manifest remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Path as given on the command line (made absolute when possible).
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since 1970 (0 when the file system has none).
    pub mtime_ns: i64,
}

impl FileStamp {
    /// Stamp of `path` from its metadata.
    pub fn of(path: &Path) -> Result<FileStamp> {
        let meta = std::fs::metadata(path).map_err(|e| SiteError::io(path, e))?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        Ok(FileStamp {
            path: std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// One variable's pages on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VarPage {
    /// Variable name.
    pub variable: String,
    /// Whether the variable has an interactive plot (time series only).
    pub interactive: bool,
    /// A QC note shown under the thumbnail ("QC: 4 tests, none set"), empty when the flag block is drawn.
    pub qc_note: String,
}

/// What one build of one datastream-day produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayEntry {
    /// Datastream (from the file names).
    pub datastream: String,
    /// Day `YYYYMMDD` (from the file names, or the data's first time for other names).
    pub date: String,
    /// Folder of the day's pages, relative to the output folder (`<datastream>/<date>`).
    pub dir: String,
    /// The inputs.
    pub files: Vec<FileStamp>,
    /// Statistics (`None` when the files could not be read).
    pub stats: Option<DayStats>,
    /// Pages drawn, in order.
    pub pages: Vec<VarPage>,
    /// Per-file or per-variable problems (shown on the day page).
    pub problems: Vec<String>,
    /// Whether the day failed (unreadable files, an error the exit status reports).
    pub failed: bool,
    /// Previous and next day's folders the day page links to (to rewrite it when they change).
    pub neighbours: (Option<String>, Option<String>),
}

/// The manifest: options hash and every day built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// Hash of the options that change the pages (see [`options_hash`]).
    pub options: String,
    /// Days by key `<datastream>/<file date or file stem>`.
    pub days: BTreeMap<String, DayEntry>,
}

impl Manifest {
    /// The manifest of `out_dir`, or an empty one when there is none, it cannot be parsed, or it
    /// was written by another format version or other options (then everything is rebuilt).
    pub fn load(out_dir: &Path, options: &str) -> Manifest {
        let empty = Manifest {
            version: VERSION,
            options: options.to_string(),
            days: BTreeMap::new(),
        };
        let Ok(text) = std::fs::read_to_string(out_dir.join(MANIFEST_NAME)) else {
            return empty;
        };
        match serde_json::from_str::<Manifest>(&text) {
            Ok(m) if m.version == VERSION && m.options == options => m,
            _ => empty,
        }
    }

    /// Write the manifest atomically into `out_dir`.
    pub fn save(&self, out_dir: &Path, o: &OutputOptions) -> Result<PathBuf> {
        let path = out_dir.join(MANIFEST_NAME);
        let text = serde_json::to_string(self).map_err(|e| SiteError::Input(format!("manifest: {e}")))?;
        write_atomic(&path, text.as_bytes(), o)?;
        Ok(path)
    }
}

/// A short stable hash (64-bit FNV-1a, hex) of the option text and the crate version: days built
/// with other options or by another version are rebuilt.
pub fn options_hash(options: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in env!("CARGO_PKG_VERSION").bytes().chain([0]).chain(options.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_options() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::load(dir.path(), "w=1000");
        assert!(m.days.is_empty());
        m.days.insert(
            "a/20190101".into(),
            DayEntry {
                datastream: "a".into(),
                date: "20190101".into(),
                dir: "a/20190101".into(),
                files: vec![],
                stats: None,
                pages: vec![],
                problems: vec!["x".into()],
                failed: true,
                neighbours: (None, Some("a/20190102".into())),
            },
        );
        m.save(dir.path(), &OutputOptions::default()).unwrap();
        assert_eq!(Manifest::load(dir.path(), "w=1000"), m);
        assert!(Manifest::load(dir.path(), "w=800").days.is_empty());
        std::fs::write(dir.path().join(MANIFEST_NAME), b"{not json").unwrap();
        assert!(Manifest::load(dir.path(), "w=1000").days.is_empty());
        assert_ne!(options_hash("a"), options_hash("b"));
    }
}
