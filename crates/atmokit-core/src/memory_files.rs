//! Inputs held in memory under a file name: archive members and downloaded files are read by
//! the same readers as files on disk, without being written anywhere.
//!
//! A [`MemoryFiles`] guard registers bytes under a path such as `met.tar.gz/brw21001.dat`
//! (an archive's path joined with the member's name, so it can never be a real file: the
//! archive is a file, not a folder). While the guard lives, [`read`] and [`lookup`] give those
//! bytes for that path, and readers that parse the file name see the member's own name.
//! Dropping the guard removes its entries. Every reader reads its input through [`read`]
//! (or [`lookup`] before touching the disk), which falls back to the file system.
//!
//! ```
//! use atmokit_core::memory_files::{MemoryFiles, read};
//! use std::path::Path;
//! let name = Path::new("data.tar.gz/notes.txt");
//! {
//!     let mut files = MemoryFiles::new();
//!     files.register(name, b"hello".to_vec());
//!     assert_eq!(&*read(name)?, b"hello");
//! }
//! assert!(read(name).is_err()); // gone with the guard (and no such file on disk)
//! # Ok::<(), std::io::Error>(())
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The registered inputs: each path's bytes, the newest registration last.
static FILES: Mutex<BTreeMap<PathBuf, Vec<Arc<[u8]>>>> = Mutex::new(BTreeMap::new());

fn files() -> MutexGuard<'static, BTreeMap<PathBuf, Vec<Arc<[u8]>>>> {
    // A panic while holding the lock leaves the map consistent (every change is one call).
    FILES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Inputs registered in memory for as long as this guard lives.
#[derive(Debug, Default)]
pub struct MemoryFiles {
    entries: Vec<(PathBuf, Arc<[u8]>)>,
}

impl MemoryFiles {
    /// A guard with nothing registered yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Make `bytes` readable under `path` until the guard is dropped.
    pub fn register(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Arc<[u8]>>) {
        let (path, bytes) = (path.into(), bytes.into());
        files().entry(path.clone()).or_default().push(bytes.clone());
        self.entries.push((path, bytes));
    }
}

impl Drop for MemoryFiles {
    fn drop(&mut self) {
        let mut map = files();
        for (path, bytes) in self.entries.drain(..) {
            if let Some(list) = map.get_mut(&path) {
                if let Some(i) = list.iter().rposition(|b| Arc::ptr_eq(b, &bytes)) {
                    list.remove(i);
                }
                if list.is_empty() {
                    map.remove(&path);
                }
            }
        }
    }
}

/// The bytes registered under `path`, if any.
pub fn lookup(path: &Path) -> Option<Arc<[u8]>> {
    files().get(path).and_then(|l| l.last().cloned())
}

/// The contents of `path`: the registered bytes, else the file on disk.
pub fn read(path: &Path) -> std::io::Result<Bytes> {
    match lookup(path) {
        Some(b) => Ok(Bytes::Memory(b)),
        None => std::fs::read(path).map(Bytes::Disk),
    }
}

/// Input bytes from memory or from disk.
#[derive(Debug)]
pub enum Bytes {
    /// Registered with [`MemoryFiles`].
    Memory(Arc<[u8]>),
    /// Read from the file system.
    Disk(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Memory(b) => b,
            Bytes::Disk(v) => v,
        }
    }
}

impl Bytes {
    /// The bytes as an owned vector (no copy when they came from disk).
    pub fn into_vec(self) -> Vec<u8> {
        match self {
            Bytes::Memory(b) => b.to_vec(),
            Bytes::Disk(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_guards_and_equal_names() {
        let p = Path::new("x.zip/a.csv");
        let mut outer = MemoryFiles::new();
        outer.register(p, b"outer".to_vec());
        {
            let mut inner = MemoryFiles::new();
            inner.register(p, b"inner".to_vec());
            assert_eq!(&*read(p).unwrap(), b"inner");
        }
        assert_eq!(&*read(p).unwrap(), b"outer");
        drop(outer);
        assert!(lookup(p).is_none());
    }
}
