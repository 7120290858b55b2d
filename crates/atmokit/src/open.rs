//! One entry point that turns file names into a [`Dataset`], whatever the format.
//!
//! Recognition: netCDF classic / netCDF-4 by their magic bytes (`CDF\x01|\x02|\x05`,
//! `\x89HDF\r\n\x1a\n`) → [`crate::netcdf::read_arm_netcdf`] (all files joined along time);
//! raw SigmaSpace MPL by extension (`.mpl`, `.bi`) → [`crate::mpl::read_sigma_mplv5`];
//! every text format by content → [`crate::text::open()`] (several joined along time).
//! The keep / drop lists of [`crate::netcdf::ReadOptions`] apply to every format. Inputs may
//! be files, folders (their files, sorted), glob patterns (`data/sgpmetE13.b1.2019*.cdf`),
//! archives (`.tar`, `.tar.gz`, `.tgz`, `.gz`, `.zip`, read in memory) and, with the
//! `discovery` feature, `http://` / `https://` URLs (fetched into memory).
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
    /// A URL input could not be fetched (the message names the URL, without its query).
    #[error("{0}")]
    Url(String),
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
    if let Some(bytes) = crate::core::memory_files::lookup(path) {
        return Ok(kind_of(path, &bytes[..bytes.len().min(8)]));
    }
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
    Ok(kind_of(path, &magic[..n]))
}

/// The kind of a file from its first bytes `magic` and its name.
fn kind_of(path: &Path, magic: &[u8]) -> Kind {
    if magic.starts_with(b"CDF") || magic.starts_with(HDF5_MAGIC) {
        Kind::NetCdf
    } else if is_raw_mpl(path) {
        Kind::RawMpl
    } else {
        Kind::Other
    }
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

/// The files `inputs` stand for ([`expand`]), with `http://` / `https://` URLs fetched into
/// memory and named by their URL without the query; the guard keeps the fetched bytes
/// readable by every atmokit reader (`crate::core::memory_files`) until it is dropped. For
/// readers that take paths, so they take URLs too.
///
/// ```no_run
/// let (_keep, files) = atmokit::open::resolve_inputs(&["https://example.org/bon19001.dat"])?;
/// let ds = atmokit::text::surfrad::read_surfrad(&files)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resolve_inputs<P: AsRef<Path>>(
    inputs: &[P],
) -> Result<(crate::core::memory_files::MemoryFiles, Vec<PathBuf>), OpenError> {
    let mut memory = crate::core::memory_files::MemoryFiles::new();
    if !inputs.iter().any(|p| crate::url_input::as_url(p.as_ref()).is_some()) {
        return Ok((memory, expand(inputs)?));
    }
    let mut files = Vec::new();
    for p in inputs {
        match crate::url_input::as_url(p.as_ref()) {
            Some(url) => files.push(crate::url_input::fetch(url, &mut memory)?),
            None => match expand(std::slice::from_ref(p)) {
                Err(OpenError::NoInput) => {}
                other => files.extend(other?),
            },
        }
    }
    Ok((memory, files))
}

/// Read one or many files (or folders of them) as one Dataset; see the module docs.
///
/// A file that gives no values (empty, header-only, truncated) is [`OpenError::Empty`]. With a
/// keep or drop list the selection may rightly hold only scalars (`keep lat`); it must still hold
/// something, and a `time` dim, if any, must not be empty.
pub fn open_paths<P: AsRef<Path>>(inputs: &[P], opts: &crate::netcdf::ReadOptions) -> Result<Dataset, OpenError> {
    // URL inputs are fetched into memory, read under their URL, and forgotten when this returns.
    let (_memory, files) = resolve_inputs(inputs)?;
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
    Member(crate::archive::Member),
}

/// Files and archives (their members read into memory, see [`crate::archive`]) as one
/// Dataset; nothing is written to disk. netCDF members go to the netCDF reader as bytes; text
/// and raw MPL members are registered in [`crate::core::memory_files`] under their
/// `archive/member` names, which the text and MPL readers read like files (so errors and
/// file-name parsing see those names). All inputs must be netCDF, or none.
fn read_with_archives(files: &[PathBuf], opts: &crate::netcdf::ReadOptions) -> Result<Dataset, OpenError> {
    use crate::netcdf::Input;
    let mut entries = Vec::new();
    for f in files {
        if crate::archive::format(f).is_none() {
            entries.push(Entry::File(f.clone()));
            continue;
        }
        let members = crate::archive::read_members(f, &crate::archive::Limits::default())?;
        if members.is_empty() {
            return Err(OpenError::Empty(vec![f.clone()]));
        }
        entries.extend(members.into_iter().map(Entry::Member));
    }
    let is_netcdf = |e: &Entry| -> Result<bool, OpenError> {
        Ok(match e {
            Entry::File(f) => kind(f)? == Kind::NetCdf,
            Entry::Member(m) => m.bytes.starts_with(b"CDF") || m.bytes.starts_with(HDF5_MAGIC),
        })
    };
    let name = |e: &Entry| match e {
        Entry::File(f) => f.clone(),
        Entry::Member(m) => m.name.clone(),
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
                Entry::Member(m) => Input::Memory {
                    name: m.name,
                    bytes: m.bytes,
                },
            });
        }
        return crate::netcdf::read_arm_netcdf_inputs(&inputs, opts).map_err(OpenError::from);
    }
    let mut memory = crate::core::memory_files::MemoryFiles::new();
    let mut paths = Vec::with_capacity(entries.len());
    for e in entries {
        paths.push(match e {
            Entry::File(f) => f,
            Entry::Member(m) => {
                memory.register(m.name.clone(), m.bytes);
                m.name
            }
        });
    }
    read_all(&paths, opts)
}

/// The HDF5 signature that starts every netCDF-4 file.
const HDF5_MAGIC: &[u8] = b"\x89HDF\r\n\x1a\n";

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
        Kind::NetCdf => {
            let inputs: Vec<crate::netcdf::Input> = files
                .iter()
                .map(|f| match crate::core::memory_files::lookup(f) {
                    Some(bytes) => crate::netcdf::Input::Memory { name: f.clone(), bytes },
                    None => crate::netcdf::Input::File(f.clone()),
                })
                .collect();
            return Ok(crate::netcdf::read_arm_netcdf_inputs(&inputs, opts)?);
        }
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
