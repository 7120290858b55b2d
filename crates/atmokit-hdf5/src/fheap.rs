//! Fractal heaps (HDF5 File Format Specification Version 3.0, section III.G), where dense
//! groups keep their link messages and dense attribute storage its attribute messages.
//! Managed, tiny and huge objects are resolved (huge objects through the heap's version-2
//! B-tree, record types 1 and 3); filtered heaps are refused.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::btree2;
use crate::checksum::lookup3;
use crate::cursor::{Cursor, UNDEF};
use crate::error::{Res, invalid, unsupported};
use crate::source::Source;

/// Most direct blocks of one heap.
const MAX_BLOCKS: usize = 1 << 16;

/// A decoded fractal heap: its direct blocks, read into memory.
pub(crate) struct FractalHeap {
    /// Length of heap IDs in bytes.
    pub(crate) id_len: usize,
    off_size: usize,
    len_size: usize,
    /// (heap offset, block bytes) of every direct block.
    blocks: Vec<(u64, Vec<u8>)>,
    /// Whether huge object IDs hold the object's address and length themselves.
    huge_direct: bool,
    /// (ID, address, length) of every huge object, from the huge-object B-tree.
    huge: Vec<(u64, u64, u64)>,
    so: usize,
    sl: usize,
}

fn log2(n: u64) -> u32 {
    63 - n.max(1).leading_zeros()
}

pub(crate) fn limit_enc_size(n: u64) -> usize {
    (log2(n) / 8 + 1) as usize
}

struct Table {
    width: u64,
    start: u64,
    max_direct: u64,
    off_size: usize,
    checksummed: bool,
    header: u64,
}

impl Table {
    fn row_size(&self, row: u64) -> u64 {
        if row == 0 {
            self.start
        } else {
            self.start << (row - 1).min(62)
        }
    }
    fn max_direct_rows(&self) -> u64 {
        u64::from(log2(self.max_direct)) - u64::from(log2(self.start)) + 2
    }
}

impl FractalHeap {
    /// Read the heap whose header is at `addr`.
    pub(crate) fn read(src: &mut Source, addr: u64) -> Res<FractalHeap> {
        let (so, sl) = (src.so, src.sl);
        let len = 4 + 1 + 2 + 2 + 1 + 4 + sl + so + sl + so + 8 * sl + 2 + sl + sl + 2 + 2 + so + 2;
        let buf = src.read(addr, len as u64 + 4, "fractal heap header")?;
        let mut c = Cursor::new(&buf, "fractal heap header");
        if c.bytes(4)? != b"FRHP" || c.u8()? != 0 {
            return invalid(format!("fractal heap header at {addr}: bad signature or version"));
        }
        let id_len = usize::from(c.u16()?);
        let filters = c.u16()?;
        if filters != 0 {
            // The header of a filtered heap also holds the root block's filtered size, its
            // filter mask and the filter pipeline before its checksum. The heap is refused as
            // unsupported only if that checksum holds; otherwise the filters' length is damage.
            let full = len + sl + 4 + usize::from(filters);
            let buf = src.read(addr, full as u64 + 4, "fractal heap header")?;
            let sum = u32::from_le_bytes([buf[full], buf[full + 1], buf[full + 2], buf[full + 3]]);
            if lookup3(&buf[..full]) != sum {
                return invalid(format!("fractal heap header at {addr}: checksum mismatch"));
            }
            return unsupported("filtered fractal heap");
        }
        let flags = c.u8()?;
        let max_man = u64::from(c.u32()?);
        c.skip(sl)?;
        let huge_btree = c.addr(so)?;
        c.skip(sl)?;
        let _free_mgr = c.addr(so)?;
        c.skip(8 * sl)?;
        let width = u64::from(c.u16()?);
        let start = c.uint(sl)?;
        let max_direct = c.uint(sl)?;
        let max_heap_bits = c.u16()?;
        let _start_rows = c.u16()?;
        let root = c.addr(so)?;
        let rows = u64::from(c.u16()?);
        let end = c.pos();
        if lookup3(&buf[..end]) != c.u32()? {
            return invalid(format!("fractal heap header at {addr}: checksum mismatch"));
        }
        if !(1..=1024).contains(&width)
            || !width.is_power_of_two()
            || !start.is_power_of_two()
            || !max_direct.is_power_of_two()
            || max_direct < start
            || !(1..=64).contains(&max_heap_bits)
            || !(1..=64).contains(&id_len)
        {
            return invalid(format!("fractal heap header at {addr}: impossible doubling table"));
        }
        let off_size = usize::from(max_heap_bits).div_ceil(8);
        let len_size = (log2(max_direct) as usize).div_ceil(8).min(limit_enc_size(max_man));
        let t = Table {
            width,
            start,
            max_direct,
            off_size,
            checksummed: flags & 0x02 != 0,
            header: addr,
        };
        // Huge objects of an unfiltered heap: the ID holds address and length if it is long
        // enough (B-tree record type 3), else a key into the B-tree (record type 1).
        let huge_direct = id_len > so + sl;
        let mut huge = Vec::new();
        if huge_btree != UNDEF {
            let kind = if huge_direct { 3 } else { 1 };
            let recs = btree2::records(src, huge_btree, kind, MAX_BLOCKS as u64)
                .map_err(|e| e.context("huge fractal heap objects"))?;
            for r in recs {
                let want = so + sl + if huge_direct { 0 } else { sl };
                if r.len() != want {
                    return invalid(format!(
                        "fractal heap at {addr}: huge object record of {} bytes, expected {want}",
                        r.len()
                    ));
                }
                let mut c = Cursor::new(&r, "huge object record");
                let (a, l) = (c.addr(so)?, c.uint(sl)?);
                let key = if huge_direct { 0 } else { c.uint(sl)? };
                src.check_range(a, l, "huge fractal heap object")?;
                huge.push((key, a, l));
            }
        }
        let mut heap = FractalHeap {
            id_len,
            off_size,
            len_size,
            blocks: Vec::new(),
            huge_direct,
            huge,
            so,
            sl,
        };
        if root != UNDEF {
            let mut seen = HashSet::new();
            if rows == 0 {
                heap.direct(src, &t, root, 0, start)?;
            } else {
                heap.indirect(src, &t, root, 0, rows, &mut seen, 0)?;
            }
        }
        Ok(heap)
    }

    fn direct(&mut self, src: &mut Source, t: &Table, addr: u64, offset: u64, size: u64) -> Res<()> {
        if self.blocks.len() >= MAX_BLOCKS {
            return invalid(format!("fractal heap with more than {MAX_BLOCKS} direct blocks"));
        }
        let buf = src.read(addr, size, "fractal heap direct block")?;
        let so = src.so;
        let mut c = Cursor::new(&buf, "fractal heap direct block");
        if c.bytes(4)? != b"FHDB" || c.u8()? != 0 {
            return invalid(format!("fractal heap direct block at {addr}: bad signature or version"));
        }
        if c.addr(so)? != t.header {
            return invalid(format!(
                "fractal heap direct block at {addr}: wrong heap header address"
            ));
        }
        if c.uint(t.off_size)? != offset {
            return invalid(format!("fractal heap direct block at {addr}: wrong block offset"));
        }
        if t.checksummed {
            let at = c.pos();
            let stored = c.u32()?;
            let mut copy = buf.clone();
            copy[at..at + 4].fill(0);
            if lookup3(&copy) != stored {
                return invalid(format!("fractal heap direct block at {addr}: checksum mismatch"));
            }
        }
        self.blocks.push((offset, buf));
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn indirect(
        &mut self,
        src: &mut Source,
        t: &Table,
        addr: u64,
        offset: u64,
        rows: u64,
        seen: &mut HashSet<u64>,
        depth: u32,
    ) -> Res<()> {
        if depth > 16 || !seen.insert(addr) || rows > 64 {
            return invalid(format!(
                "fractal heap indirect block at {addr}: loop, depth or rows out of range"
            ));
        }
        let so = src.so;
        let direct_rows = rows.min(t.max_direct_rows());
        let n = rows * t.width;
        let len = 4 + 1 + so as u64 + t.off_size as u64 + n * so as u64 + 4;
        let buf = src.read(addr, len, "fractal heap indirect block")?;
        let mut c = Cursor::new(&buf, "fractal heap indirect block");
        if c.bytes(4)? != b"FHIB" || c.u8()? != 0 {
            return invalid(format!(
                "fractal heap indirect block at {addr}: bad signature or version"
            ));
        }
        if c.addr(so)? != t.header || c.uint(t.off_size)? != offset {
            return invalid(format!(
                "fractal heap indirect block at {addr}: wrong header address or offset"
            ));
        }
        let mut children = Vec::new();
        for row in 0..rows {
            for _ in 0..t.width {
                children.push((row, c.addr(so)?));
            }
        }
        let end = c.pos();
        if lookup3(&buf[..end]) != c.u32()? {
            return invalid(format!("fractal heap indirect block at {addr}: checksum mismatch"));
        }
        let mut off = offset;
        for (row, child) in children {
            let size = t.row_size(row);
            if child != UNDEF {
                if row < direct_rows {
                    self.direct(src, t, child, off, size)?;
                } else {
                    let child_rows = u64::from(log2(size)) - u64::from(log2(t.start * t.width)) + 1;
                    self.indirect(src, t, child, off, child_rows, seen, depth + 1)?;
                }
            }
            off = off.saturating_add(size);
        }
        Ok(())
    }

    /// The bytes of the object with heap ID `id` (a huge object is read from `src`, within the
    /// metadata budget).
    pub(crate) fn object<'a>(&'a self, src: &mut Source, id: &'a [u8]) -> Res<Cow<'a, [u8]>> {
        if id.len() != self.id_len || id.is_empty() {
            return invalid("fractal heap ID of the wrong length");
        }
        match (id[0] >> 4) & 0x03 {
            0 => {
                let mut c = Cursor::new(&id[1..], "fractal heap ID");
                let off = c.uint(self.off_size)?;
                let len = c.uint(self.len_size)?;
                let block = self
                    .blocks
                    .iter()
                    .find(|(start, b)| off >= *start && off - start < b.len() as u64);
                let Some((start, b)) = block else {
                    return invalid(format!("fractal heap object at offset {off} is in no direct block"));
                };
                let rel = (off - start) as usize;
                let end = rel.checked_add(usize::try_from(len).unwrap_or(usize::MAX));
                match end {
                    Some(e) if e <= b.len() && len > 0 => Ok(Cow::Borrowed(&b[rel..e])),
                    _ => invalid(format!(
                        "fractal heap object of {len} bytes at offset {off} overruns its block"
                    )),
                }
            }
            2 => {
                let len = usize::from(id[0] & 0x0f) + 1;
                id.get(1..1 + len)
                    .map(Cow::Borrowed)
                    .ok_or_else(|| crate::error::Fault::Invalid("tiny fractal heap object overruns its ID".into()))
            }
            1 => {
                let mut c = Cursor::new(&id[1..], "huge fractal heap ID");
                let (addr, len) = if self.huge_direct {
                    let (a, l) = (c.addr(self.so)?, c.uint(self.sl)?);
                    if !self.huge.iter().any(|&(_, ha, hl)| (ha, hl) == (a, l)) {
                        return invalid(format!(
                            "huge fractal heap object of {l} bytes at {a} is not in the heap's B-tree"
                        ));
                    }
                    (a, l)
                } else {
                    let key = c.uint((self.id_len - 1).min(8))?;
                    match self.huge.iter().find(|h| h.0 == key) {
                        Some(&(_, a, l)) => (a, l),
                        None => return invalid(format!("huge fractal heap object {key} is not in the heap's B-tree")),
                    }
                };
                if len == 0 {
                    return invalid("huge fractal heap object of 0 bytes");
                }
                src.read(addr, len, "huge fractal heap object").map(Cow::Owned)
            }
            _ => invalid("fractal heap ID of unknown type"),
        }
    }
}
