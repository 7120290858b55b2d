//! One entry point that turns file names into a [`Dataset`], whatever the format.
//!
//! Recognition: netCDF classic / netCDF-4 by their magic bytes (`CDF\x01|\x02|\x05`,
//! `\x89HDF\r\n\x1a\n`) → [`crate::netcdf::read_arm_netcdf`] (all files joined along time);
//! raw SigmaSpace MPL by extension (`.mpl`, `.bi`) → [`crate::mpl::read_sigma_mplv5`];
//! every text format by content → [`crate::text::open()`] (several joined along time).
//! The keep / drop lists of [`crate::netcdf::ReadOptions`] apply to every format. Inputs may
//! be files, folders (their files, sorted) or glob patterns (`data/sgpmetE13.b1.2019*.cdf`).
//!
//! ```no_run
//! use atmokit::open::open_paths;
//! let ds = open_paths(&["sgpmetE13.b1.20190101.000000.cdf"], &Default::default())?;
//! let sodar = open_paths(&["sodar.20230404.mnd"], &Default::default())?;
//! # Ok::<(), atmokit::open::OpenError>(())
//! ```

use crate::Dataset;
use std::path::{Path, PathBuf};

/// What a file is, from its first bytes and its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// netCDF classic (`CDF\x01`, `\x02`, `\x05`) or netCDF-4 / HDF5.
    NetCdf,
    /// Raw SigmaSpace MPL binary (`.mpl`, `.bi`).
    RawMpl,
    /// Anything else (text formats are recognised by the text readers).
    Other,
}

/// Why a set of files could not be opened; every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// No file was given (or the folders given are empty).
    #[error("no input files")]
    NoInput,
    /// The file does not exist.
    #[error("{}: no such file", .0.display())]
    NotFound(PathBuf),
    /// A glob pattern is malformed or matches no file.
    #[error("{}: {reason}", pattern.display())]
    Pattern {
        /// The pattern as given.
        pattern: PathBuf,
        /// Why it gave no files.
        reason: String,
    },
    /// The file cannot be read at all.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// The files are of different kinds (netCDF with text, say).
    #[error("{}: cannot mix {first} and {other} files in one dataset", path.display())]
    Mixed {
        /// The first file of another kind.
        path: PathBuf,
        /// The kind of the first file.
        first: &'static str,
        /// The kind of this one.
        other: &'static str,
    },
    /// The files hold no values (empty, header-only or truncated): an empty dataset is never a
    /// success.
    #[error("{}: no data: empty, header-only or truncated input", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Empty(Vec<PathBuf>),
    /// Not a format any reader recognises.
    #[error("{}: not a netCDF file, a raw MPL file nor a text format atmokit recognises", .0.display())]
    Unrecognised(PathBuf),
    /// An archive could not be read, or holds a member atmokit does not read from memory.
    #[error(transparent)]
    Archive(#[from] crate::archive::ArchiveError),
    /// The netCDF reader failed.
    #[error(transparent)]
    NetCdf(#[from] crate::netcdf::Error),
    /// A text reader failed.
    #[error(transparent)]
    Text(#[from] crate::text::TextError),
    /// The raw MPL reader failed.
    #[error(transparent)]
    Mpl(#[from] crate::mpl::MplError),
    /// Joining files or applying keep/drop failed.
    #[error("{context}: {source}")]
    Data {
        /// What was being done.
        context: String,
        /// The data-model error.
        #[source]
        source: crate::core::Error,
    },
}

/// True when `path` has a raw MPL extension (`.mpl` / `.bi`, any case): the format has no magic
/// bytes, so the extension decides when the content is not netCDF.
pub fn is_raw_mpl(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("mpl" | "bi")
    )
}

/// Sniff a file's kind from its magic bytes (and, for raw MPL, its extension).
pub fn kind(path: &Path) -> Result<Kind, OpenError> {
    use std::io::Read;
    let mut magic = [0u8; 8];
    let io = |source| OpenError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            OpenError::NotFound(path.to_path_buf())
        } else {
            io(e)
        }
    })?;
    let n = f.read(&mut magic).map_err(io)?;
    let m = &magic[..n];
    if m.starts_with(b"CDF") || m.starts_with(b"\x89HDF\r\n\x1a\n") {
        return Ok(Kind::NetCdf);
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    Ok(if matches!(ext.as_deref(), Some("mpl" | "bi")) {
        Kind::RawMpl
    } else {
        Kind::Other
    })
}

impl From<crate::paths::PathError> for OpenError {
    fn from(e: crate::paths::PathError) -> Self {
        use crate::paths::PathError as P;
        match e {
            P::NoInput => OpenError::NoInput,
            P::Pattern { pattern, reason } => OpenError::Pattern { pattern, reason },
            P::Io { path, source } => OpenError::Io { path, source },
        }
    }
}

/// Expand folders and glob patterns into files: [`crate::paths::expand`] with this module's error.
pub fn expand<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>, OpenError> {
    Ok(crate::paths::expand(inputs)?)
}

/// Read one or many files (or folders of them) as one Dataset; see the module docs.
///
/// A file that gives no values (empty, header-only, truncated) is [`OpenError::Empty`]. With a
/// keep or drop list the selection may rightly hold only scalars (`keep lat`); it must still hold
/// something, and a `time` dim, if any, must not be empty.
pub fn open_paths<P: AsRef<Path>>(inputs: &[P], opts: &crate::netcdf::ReadOptions) -> Result<Dataset, OpenError> {
    let files = expand(inputs)?;
    let ds = if files.iter().any(|f| crate::archive::format(f).is_some()) {
        read_with_archives(&files, opts)?
    } else {
        read_all(&files, opts)?
    };
    let selected = opts.keep_variables.is_some() || !opts.drop_variables.is_empty();
    let has_data = if selected {
        !ds.is_empty() && ds.dim_len("time") != Some(0)
    } else {
        ds.has_values()
    };
    if !has_data {
        return Err(OpenError::Empty(files));
    }
    Ok(ds)
}

/// One input of [`read_with_archives`]: a plain file, or a member of an archive.
enum Entry {
    File(PathBuf),
    Member(usize, crate::archive::Member),
}

/// Files and archives (their members read into memory, see [`crate::archive`]) as one
/// Dataset. netCDF members (classic and netCDF-4) are read from memory, nothing written to
/// disk; text and raw MPL members are staged to a private temporary file first (see
/// `archive_stage`). All inputs must be netCDF, or none.
fn read_with_archives(files: &[PathBuf], opts: &crate::netcdf::ReadOptions) -> Result<Dataset, OpenError> {
    use crate::archive_stage::Staged;
    use crate::netcdf::Input;
    let mut entries = Vec::new();
    let mut archives: Vec<&Path> = Vec::new();
    for f in files {
        if crate::archive::format(f).is_none() {
            entries.push(Entry::File(f.clone()));
            continue;
        }
        let members = crate::archive::read_members(f, &crate::archive::Limits::default())?;
        if members.is_empty() {
            return Err(OpenError::Empty(vec![f.clone()]));
        }
        archives.push(f);
        entries.extend(members.into_iter().map(|m| Entry::Member(archives.len() - 1, m)));
    }
    let is_netcdf = |e: &Entry| -> Result<bool, OpenError> {
        Ok(match e {
            Entry::File(f) => kind(f)? == Kind::NetCdf,
            Entry::Member(_, m) => m.bytes.starts_with(b"CDF") || m.bytes.starts_with(HDF5_MAGIC),
        })
    };
    let name = |e: &Entry| match e {
        Entry::File(f) => f.clone(),
        Entry::Member(_, m) => m.name.clone(),
    };
    let first = is_netcdf(&entries[0])?;
    for e in &entries[1..] {
        if is_netcdf(e)? != first {
            let what = |n: bool| if n { "netCDF" } else { "non-netCDF" };
            return Err(OpenError::Mixed {
                path: name(e),
                first: what(first),
                other: what(!first),
            });
        }
    }
    if first {
        let mut inputs = Vec::with_capacity(entries.len());
        for e in entries {
            inputs.push(match e {
                Entry::File(f) => Input::File(f),
                Entry::Member(_, m) => Input::Memory {
                    name: m.name,
                    bytes: m.bytes,
                },
            });
        }
        return crate::netcdf::read_arm_netcdf_inputs(&inputs, opts).map_err(OpenError::from);
    }
    let mut staged = archives.iter().map(|a| Staged::new(a)).collect::<Result<Vec<_>, _>>()?;
    let result = {
        let mut paths = Vec::with_capacity(entries.len());
        for e in entries {
            paths.push(match e {
                Entry::File(f) => f,
                Entry::Member(a, m) => staged[a].add(&m)?,
            });
        }
        read_all(&paths, opts)
    };
    result.map_err(|e| unstaged(e, &staged))
}

/// The HDF5 signature that starts every netCDF-4 file.
const HDF5_MAGIC: &[u8] = b"\x89HDF\r\n\x1a\n";

/// An error about a staged member, told with the member's archive/member name instead of its
/// temporary file.
fn unstaged(e: OpenError, staged: &[crate::archive_stage::Staged]) -> OpenError {
    let msg = e.to_string();
    for s in staged {
        if let Some((reason, member)) = s.rename(&msg) {
            return crate::archive::ArchiveError {
                archive: s.archive().to_path_buf(),
                member: Some(member),
                reason,
            }
            .into();
        }
    }
    e
}

fn read_all(files: &[PathBuf], opts: &crate::netcdf::ReadOptions) -> Result<Dataset, OpenError> {
    let kinds = files.iter().map(|f| kind(f)).collect::<Result<Vec<_>, _>>()?;
    let first = kinds[0];
    if let Some(i) = kinds.iter().position(|k| *k != first) {
        let what = |k: Kind| match k {
            Kind::NetCdf => "netCDF",
            Kind::RawMpl => "raw MPL",
            Kind::Other => "text",
        };
        return Err(OpenError::Mixed {
            path: files[i].clone(),
            first: what(first),
            other: what(kinds[i]),
        });
    }
    let mut ds = match first {
        Kind::NetCdf => return Ok(crate::netcdf::read_arm_netcdf(files, opts)?),
        Kind::RawMpl => crate::mpl::read_sigma_mplv5(files)?,
        Kind::Other => {
            let mut parts = Vec::with_capacity(files.len());
            for f in files {
                parts.push(crate::text::open(f)?.ok_or_else(|| OpenError::Unrecognised(f.clone()))?);
            }
            if parts.len() == 1 {
                parts.pop().ok_or(OpenError::NoInput)?
            } else {
                Dataset::concat(&parts, "time").map_err(|source| OpenError::Data {
                    context: "joining files along time".into(),
                    source,
                })?
            }
        }
    };
    if let Some(keep) = &opts.keep_variables {
        let names: Vec<&str> = keep.iter().map(String::as_str).collect();
        ds.keep(&names).map_err(|source| OpenError::Data {
            context: format!("{}: keep_variables", files[0].display()),
            source,
        })?;
    }
    let unknown: Vec<&str> = opts
        .drop_variables
        .iter()
        .map(String::as_str)
        .filter(|d| !ds.contains(d))
        .collect();
    if let Some(first) = unknown.first() {
        return Err(OpenError::Data {
            context: format!("{}: drop_variables", files[0].display()),
            source: crate::core::Error::not_found(*first),
        });
    }
    for d in &opts.drop_variables {
        ds.remove(d);
    }
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)
    }

    #[test]
    fn globs_read_as_the_files_they_match() {
        let plain: Vec<PathBuf> = ["19", "20", "21"]
            .iter()
            .map(|d| data(&format!("atkmetS1.b1.202506{d}.000000.cdf")))
            .collect();
        // Expansion itself is tested in `paths`; here the read of a pattern equals the files'.
        let pattern = data("atkmetS1.b1.202506*.cdf");
        let opts = crate::netcdf::ReadOptions::default();
        let a = open_paths(&[&pattern], &opts).unwrap();
        let b = open_paths(&plain, &opts).unwrap();
        assert_eq!(a.time().unwrap(), b.time().unwrap());
        assert_eq!(a.names().collect::<Vec<_>>(), b.names().collect::<Vec<_>>());
        // Unknown drop names are an error naming them (netCDF files say so through the reader).
        let e = open_paths(&[&plain[0]], &opts.clone().drop(&["nope"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'nope'"), "{e}");
    }
}
