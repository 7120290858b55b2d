//! Output files, written whole or not at all: the one writer every atmokit output goes through.
//!
//! [`write_atomic`] and [`write_atomic_with`] write to a temporary file in the target's folder
//! (named `.<name>.<pid>.<counter>.tmp`, created exclusively, the name shortened so that it
//! stays under the 255-byte `NAME_MAX` of common filesystems), flush it to disk (`fsync`),
//! rename it over the target and flush the folder. A crash, a full disk or a failed encoder
//! leaves the old target as it was (a `kill -9` can leave a temporary file behind, never a
//! partial target); concurrent writers of one target each rename a complete file, so the last
//! one wins whole.
//!
//! Targets that renaming would damage are refused ([`check_target`]): symbolic links (the link
//! would be replaced by a file), device nodes, fifos and sockets ([`OutputError::Special`]),
//! folders, and any file that is one of the inputs (same device and inode, so `./a`, `a` and a
//! hard link to `a` are the same file). [`OutputOptions::allow_special`] writes through a
//! symbolic link to the file it names and straight into a device or fifo (`/dev/stdout`),
//! without the rename; an input is never overwritten.
//!
//! ```
//! use atmokit_core::output::{write_atomic, OutputOptions};
//! let dir = std::env::temp_dir().join(format!("atmokit-doc-output-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let target = dir.join("table.csv");
//! write_atomic(&target, b"time,temp\n", &OutputOptions::default())?;
//! assert_eq!(std::fs::read(&target)?, b"time,temp\n");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// How outputs may be written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// Write through a symbolic link to the file it names, and straight into a device node,
    /// fifo or socket (not atomically: such targets cannot be renamed over). Off by default,
    /// when those targets are refused. The command line's `--force`.
    pub allow_special: bool,
}

/// Why an output was not written. Every variant names the target.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// The target is refused: a symbolic link, a folder, one of the inputs, or a path whose
    /// folder does not exist.
    #[error("{}: refusing to write: {reason}", path.display())]
    Refused {
        /// The target as given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The target is a device node, fifo or socket, which renaming would replace.
    #[error(
        "{}: refusing to write: not a regular file (device, fifo or socket); allow special files (--force) to write into it",
        path.display()
    )]
    Special {
        /// The target as given.
        path: PathBuf,
    },
    /// Creating, writing, syncing or renaming failed (the target is unchanged); the OS error
    /// is the [`std::error::Error::source`].
    #[error("{}: cannot write", path.display())]
    Io {
        /// The target, or the folder that holds it.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: io::Error,
    },
}

/// Longest part of the target's name kept in the temporary name: with the dot, the process id,
/// a counter and `.tmp` the temporary name stays below 255 bytes.
const TEMP_NAME_KEEP: usize = 200;

/// Distinguishes the temporary files of one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Where the bytes go once the target is checked.
#[derive(Debug)]
enum Plan {
    /// A temporary file renamed over this path (absent or a regular file).
    Replace(PathBuf),
    /// Straight into this existing special file (only with `allow_special`).
    Direct(PathBuf),
}

fn refused(path: &Path, reason: impl Into<String>) -> OutputError {
    OutputError::Refused {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn io_err(path: &Path, source: io::Error) -> OutputError {
    OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The folder holding `path` (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Decide how `path` is written, refusing targets renaming would damage.
fn plan(path: &Path, opts: &OutputOptions) -> Result<Plan, OutputError> {
    if path.file_name().is_none() {
        return Err(refused(path, "the path names no file"));
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let dir = folder_of(path);
            return match std::fs::metadata(&dir) {
                Ok(m) if m.is_dir() => Ok(Plan::Replace(path.to_path_buf())),
                Ok(_) => Err(refused(path, format!("{} is not a folder", dir.display()))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    Err(refused(path, format!("folder {} does not exist", dir.display())))
                }
                Err(source) => Err(io_err(&dir, source)),
            };
        }
        Err(source) => return Err(io_err(path, source)),
    };
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(Plan::Replace(path.to_path_buf()));
    }
    if ft.is_dir() {
        return Err(refused(path, "it is a folder"));
    }
    if ft.is_symlink() {
        if !opts.allow_special {
            return Err(refused(
                path,
                "it is a symbolic link (writing would replace the link; allow special files (--force) to write to the file it names)",
            ));
        }
        // `metadata` follows the link, also the kernel's links to pipes (`/dev/stdout`).
        return match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(refused(path, "it is a symbolic link to a folder")),
            Ok(m) if m.is_file() => std::fs::canonicalize(path)
                .map(Plan::Replace)
                .map_err(|e| io_err(path, e)),
            Ok(_) => Ok(Plan::Direct(path.to_path_buf())),
            Err(_) => Err(refused(path, "it is a symbolic link to a missing file")),
        };
    }
    if opts.allow_special {
        Ok(Plan::Direct(path.to_path_buf()))
    } else {
        Err(OutputError::Special {
            path: path.to_path_buf(),
        })
    }
}

/// Device and inode of a file (following links), the identity of "the same file".
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Canonical path of a file, the identity of "the same file" where inodes are not exposed.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Check that `path` may be written and is none of `inputs`, before anything is read.
///
/// Refuses what [`write_atomic`] refuses (symbolic links, folders, special files unless
/// [`OutputOptions::allow_special`]) and a target that is one of the inputs: the same file by
/// device and inode, so `./a` and `a`, or a hard link to an input, are refused too. An input
/// that is a folder stands for the files directly inside it. The target's folder must exist.
pub fn check_target(path: &Path, inputs: &[&Path], opts: &OutputOptions) -> Result<(), OutputError> {
    plan(path, opts)?;
    let Some(target) = identity(path) else {
        return Ok(()); // a new file is none of the inputs
    };
    for input in inputs {
        if identity(input).as_ref() == Some(&target) {
            return Err(refused(path, format!("it is the input {}", input.display())));
        }
        if input.is_dir()
            && let Ok(entries) = std::fs::read_dir(input)
        {
            for entry in entries.flatten() {
                if identity(&entry.path()).as_ref() == Some(&target) {
                    return Err(refused(
                        path,
                        format!("it is the input {} (in {})", entry.path().display(), input.display()),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The temporary name for a target named `name`: `.<name, at most 200 bytes>.<pid>.<n>.tmp`,
/// cut on a character boundary when the name is UTF-8.
fn temp_name(name: &OsStr, n: u64) -> OsString {
    let kept: OsString = match name.to_str() {
        Some(s) => {
            let mut end = s.len().min(TEMP_NAME_KEEP);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s[..end].into()
        }
        None => shorten_bytes(name),
    };
    let mut out = OsString::from(".");
    out.push(kept);
    out.push(format!(".{}.{n}.tmp", std::process::id()));
    out
}

#[cfg(unix)]
fn shorten_bytes(name: &OsStr) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    let b = name.as_bytes();
    OsStr::from_bytes(&b[..b.len().min(TEMP_NAME_KEEP)]).to_os_string()
}

#[cfg(not(unix))]
fn shorten_bytes(name: &OsStr) -> OsString {
    let s = name.to_string_lossy();
    let mut end = s.len().min(TEMP_NAME_KEEP);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].into()
}

/// A temporary file in the target's folder, removed on drop unless renamed into place.
struct TempFile {
    path: PathBuf,
    file: File,
    armed: bool,
}

impl TempFile {
    /// Create a new temporary file next to `target` (exclusively; a name left by a killed
    /// process with the same id is skipped).
    fn create(target: &Path, shown: &Path) -> Result<TempFile, OutputError> {
        let dir = folder_of(target);
        let name = target.file_name().unwrap_or_else(|| OsStr::new("output"));
        let mut last = None;
        for _ in 0..64 {
            let path = dir.join(temp_name(name, COUNTER.fetch_add(1, Ordering::Relaxed)));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        path,
                        file,
                        armed: true,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(source) => return Err(io_err(shown, source)),
            }
        }
        Err(io_err(
            shown,
            last.unwrap_or_else(|| io::Error::other("no free temporary name")),
        ))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Write `bytes` to `path` atomically (see the [module docs](self)).
pub fn write_atomic(path: impl AsRef<Path>, bytes: &[u8], opts: &OutputOptions) -> Result<(), OutputError> {
    write_atomic_with(path, opts, |w| w.write_all(bytes))
}

/// Write to `path` atomically what `write` produces (buffered); an error from `write` leaves
/// the target unchanged and no temporary file.
///
/// ```
/// use atmokit_core::output::{write_atomic_with, OutputOptions};
/// let dir = std::env::temp_dir().join(format!("atmokit-doc-with-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let target = dir.join("rows.csv");
/// write_atomic_with(&target, &OutputOptions::default(), |w| {
///     for i in 0..3 {
///         writeln!(w, "{i}")?;
///     }
///     Ok(())
/// })?;
/// assert_eq!(std::fs::read_to_string(&target)?, "0\n1\n2\n");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic_with<F>(path: impl AsRef<Path>, opts: &OutputOptions, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let shown = path.as_ref();
    match plan(shown, opts)? {
        Plan::Direct(real) => {
            let file = OpenOptions::new()
                .write(true)
                .open(&real)
                .map_err(|e| io_err(shown, e))?;
            let mut w = BufWriter::new(file);
            write(&mut w).and_then(|()| w.flush()).map_err(|e| io_err(shown, e))
        }
        Plan::Replace(target) => replace(&target, shown, write),
    }
}

fn replace<F>(target: &Path, shown: &Path, write: F) -> Result<(), OutputError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let mut tmp = TempFile::create(target, shown)?;
    {
        let mut w = BufWriter::new(&tmp.file);
        write(&mut w).and_then(|()| w.flush()).map_err(|e| io_err(shown, e))?;
    }
    if let Ok(old) = std::fs::metadata(target) {
        // Keep the permissions of the file being replaced.
        let _ = tmp.file.set_permissions(old.permissions());
    }
    tmp.file.sync_all().map_err(|e| io_err(shown, e))?;
    std::fs::rename(&tmp.path, target).map_err(|e| io_err(shown, e))?;
    tmp.armed = false;
    // Make the rename itself durable. Some filesystems cannot sync a folder; the file is in
    // place either way, so that failure is not reported.
    if let Ok(dir) = File::open(folder_of(target)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
#[path = "output_tests.rs"]
mod tests;
