//! Bounds-checked little-endian decoding of a metadata block.

use crate::error::{Res, invalid};

/// The "undefined address" of HDF5: all bits set.
pub(crate) const UNDEF: u64 = u64::MAX;

/// A read position in a byte slice; every read checks the remaining length.
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `buf`; `what` names the block in errors.
    pub(crate) fn new(buf: &'a [u8], what: &'static str) -> Self {
        Cursor { buf, pos: 0, what }
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes left.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// The next `n` bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Res<&'a [u8]> {
        if n > self.remaining() {
            return invalid(format!(
                "{} is truncated: needs {n} more bytes at offset {}, has {}",
                self.what,
                self.pos,
                self.remaining()
            ));
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// The unread bytes, without consuming them.
    pub(crate) fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// Skip `n` bytes.
    pub(crate) fn skip(&mut self, n: usize) -> Res<()> {
        self.bytes(n).map(|_| ())
    }

    /// One byte.
    pub(crate) fn u8(&mut self) -> Res<u8> {
        Ok(self.bytes(1)?[0])
    }

    /// A little-endian u16.
    pub(crate) fn u16(&mut self) -> Res<u16> {
        Ok(self.uint(2)? as u16)
    }

    /// A little-endian u32.
    pub(crate) fn u32(&mut self) -> Res<u32> {
        Ok(self.uint(4)? as u32)
    }

    /// A little-endian unsigned integer of `n` (1..=8) bytes.
    pub(crate) fn uint(&mut self, n: usize) -> Res<u64> {
        let b = self.bytes(n)?;
        Ok(b.iter().rev().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
    }

    /// An address of `n` bytes, widened so that all-ones stays [`UNDEF`].
    pub(crate) fn addr(&mut self, n: usize) -> Res<u64> {
        let v = self.uint(n)?;
        if n < 8 && v == (1u64 << (8 * n)) - 1 {
            Ok(UNDEF)
        } else {
            Ok(v)
        }
    }
}
