//! Bounded reads of metadata blocks from the file: a file on disk or a file's bytes in memory
//! (one positioned-read source, so the validator has a single code path for both).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use crate::cursor::UNDEF;
use crate::error::{Fault, Res, invalid};

/// Where the bytes are read from.
pub(crate) enum Origin {
    /// An open file, read by seeking.
    File(File),
    /// The whole file in memory.
    Bytes(Arc<[u8]>),
}

/// The open file, its length and the running metadata budget.
pub(crate) struct Source {
    origin: Origin,
    /// Length of the file in bytes.
    pub(crate) len: u64,
    /// Base address that file addresses are relative to.
    pub(crate) base: u64,
    /// Bytes of metadata read so far.
    pub(crate) read_bytes: u64,
    /// Limit on `read_bytes`.
    pub(crate) max_read: u64,
    /// Size of addresses ("offsets") in bytes.
    pub(crate) so: usize,
    /// Size of lengths in bytes.
    pub(crate) sl: usize,
}

impl Source {
    /// Wrap an open file or a file's bytes of length `len`.
    pub(crate) fn new(origin: Origin, len: u64, max_read: u64) -> Self {
        Source {
            origin,
            len,
            base: 0,
            read_bytes: 0,
            max_read,
            so: 8,
            sl: 8,
        }
    }

    /// Check that `len` bytes at file address `addr` lie inside the file; return the absolute
    /// offset.
    pub(crate) fn check_range(&self, addr: u64, len: u64, what: &str) -> Res<u64> {
        if addr == UNDEF {
            return invalid(format!("{what}: undefined address"));
        }
        let start = self.base.checked_add(addr);
        let end = start.and_then(|s| s.checked_add(len));
        match (start, end) {
            (Some(s), Some(e)) if e <= self.len => Ok(s),
            _ => invalid(format!(
                "{what}: {len} bytes at address {addr} run past the end of the file ({} bytes)",
                self.len
            )),
        }
    }

    /// Read `len` bytes at file address `addr`, counting them against the metadata budget.
    pub(crate) fn read(&mut self, addr: u64, len: u64, what: &str) -> Res<Vec<u8>> {
        let start = self.check_range(addr, len, what)?;
        let total = self.read_bytes.saturating_add(len);
        if total > self.max_read {
            return Err(Fault::TooLarge {
                what: format!("metadata (at {what})"),
                bytes: total,
                limit: self.max_read,
            });
        }
        self.read_bytes = total;
        // len <= file length, which fits in memory only if the platform can address it.
        let n = usize::try_from(len).map_err(|_| Fault::Invalid(format!("{what}: size {len} too large")))?;
        match &mut self.origin {
            Origin::File(file) => {
                let mut buf = vec![0u8; n];
                file.seek(SeekFrom::Start(start)).map_err(Fault::Io)?;
                file.read_exact(&mut buf).map_err(Fault::Io)?;
                Ok(buf)
            }
            Origin::Bytes(bytes) => {
                // check_range kept start + len <= self.len == bytes.len().
                let s =
                    usize::try_from(start).map_err(|_| Fault::Invalid(format!("{what}: address {addr} too large")))?;
                let slice = s.checked_add(n).and_then(|e| bytes.get(s..e));
                slice.map(<[u8]>::to_vec).ok_or_else(|| {
                    Fault::Invalid(format!(
                        "{what}: {len} bytes at address {addr} run past the end of the file"
                    ))
                })
            }
        }
    }

    /// Read up to `len` bytes at `addr`, fewer if the file ends first (for blocks whose length
    /// is only known after their prefix is decoded).
    pub(crate) fn read_upto(&mut self, addr: u64, len: u64, what: &str) -> Res<Vec<u8>> {
        let start = self.check_range(addr, 0, what)?;
        let avail = self.len - start;
        self.read(addr, len.min(avail), what)
    }
}
