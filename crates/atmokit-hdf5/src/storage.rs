//! Data layout, filter pipeline and fill value messages, and the version-1 B-tree of chunks
//! (HDF5 File Format Specification Version 3.0, sections III.A.1, IV.A.2.i, IV.A.2.l).

use std::collections::HashSet;

use crate::chunks::{Chunk, Mapping};
use crate::cursor::{Cursor, UNDEF};
use crate::dataspace::Dataspace;
use crate::error::{Fault, Res, invalid, unsupported};
use crate::index;
use crate::walk::Walker;

/// Deepest B-tree accepted.
const MAX_BTREE_DEPTH: u8 = 32;

/// Where a dataset's raw data is: inside the layout message (compact) or at a file address.
pub(crate) enum Extent {
    /// Compact data, copied from the message.
    Inline(Vec<u8>),
    /// `size` bytes at file address `addr` (contiguous data or one chunk).
    At(u64, u64),
}

#[allow(clippy::too_many_arguments)]
/// Check a data layout message of a dataset with `dims` and element size `elem`. With
/// `extents`, the places of the raw data are collected into it (an index this module does not
/// walk, the implicit one, is then unsupported).
pub(crate) fn layout(
    w: &mut Walker,
    buf: &[u8],
    space: &Dataspace,
    elem: u64,
    filtered: bool,
    what: &str,
    mut extents: Option<&mut Vec<Extent>>,
    mut mapping: Option<&mut Mapping>,
) -> Res<()> {
    let dims = space.dims.as_slice();
    // Storage whose chunk positions are not collected leaves the dataset unmapped.
    let unmapped = |m: &mut Option<&mut Mapping>| {
        if let Some(m) = m.as_mut() {
            m.chunks = None;
        }
    };
    let (so, sl) = (w.src.so, w.src.sl);
    let mut c = Cursor::new(buf, "data layout message");
    let version = c.u8()?;
    // Version 5 (HDF5 2.0) has the same structure as version 4; only the width of filtered
    // chunk sizes inside the chunk index differs, which the index walk takes from the entry
    // and record sizes.
    if !(3..=5).contains(&version) {
        return unsupported(format!("data layout version {version}"));
    }
    match c.u8()? {
        0 => {
            let size = u64::from(c.u16()?);
            let data = c.bytes(size as usize)?;
            if let Some(e) = extents {
                e.push(Extent::Inline(data.to_vec()));
            }
            unmapped(&mut mapping);
            Ok(())
        }
        1 => {
            let addr = c.addr(so)?;
            let size = c.uint(sl)?;
            if addr != UNDEF {
                w.src.check_range(addr, size, &format!("{what}: contiguous data"))?;
                if let Some(e) = extents {
                    e.push(Extent::At(addr, size));
                }
                if let Some(m) = mapping.as_mut() {
                    m.chunk_dims = dims.to_vec();
                    if let Some(list) = m.chunks.as_mut() {
                        list.push(Chunk {
                            offset: vec![0; dims.len()],
                            addr,
                            size,
                            filter_mask: 0,
                        });
                    }
                }
            }
            Ok(())
        }
        2 if version == 3 => {
            let rank = c.u8()?;
            let addr = c.addr(so)?;
            let cdims: Vec<u64> = (0..rank).map(|_| c.u32().map(u64::from)).collect::<Res<_>>()?;
            check_chunk_dims(w, &cdims, dims, elem, what)?;
            if addr != UNDEF {
                if let Some(m) = mapping.as_mut() {
                    m.chunk_dims = cdims[..cdims.len() - 1].to_vec();
                }
                w.report.chunk_indexes[0] += 1;
                let mut found = Found {
                    seen: HashSet::new(),
                    extents: extents.as_deref_mut(),
                    map: mapping.as_mut().map(|m| &mut m.chunks),
                };
                chunk_btree(w, addr, usize::from(rank), dims, None, &mut found, what)?;
            }
            Ok(())
        }
        2 => {
            let flags = c.u8()?;
            let rank = c.u8()?;
            let width = usize::from(c.u8()?);
            if !(1..=8).contains(&width) {
                return invalid(format!("{what}: chunk dimension width {width}"));
            }
            // As in version 3, the dimensionality counts the datatype's size as a last dimension.
            let cdims: Vec<u64> = (0..rank).map(|_| c.uint(width)).collect::<Res<_>>()?;
            check_chunk_dims(w, &cdims, dims, elem, what)?;
            let index = c.u8()?;
            if (1..=5).contains(&index) {
                w.report.chunk_indexes[usize::from(index)] += 1;
            }
            if let Some(m) = mapping.as_mut() {
                m.chunk_dims = cdims[..cdims.len() - 1].to_vec();
            }
            match index {
                1 => {
                    let (size, mask) = if flags & 0x02 != 0 {
                        let s = c.uint(sl)?;
                        (Some(s), c.u32()?)
                    } else {
                        (None, 0)
                    };
                    let addr = c.addr(so)?;
                    if addr != UNDEF {
                        let size = size.unwrap_or_else(|| cdims.iter().product());
                        w.src.check_range(addr, size, &format!("{what}: single chunk"))?;
                        if let Some(e) = extents.as_mut() {
                            e.push(Extent::At(addr, size));
                        }
                        if let Some(list) = mapping.as_mut().and_then(|m| m.chunks.as_mut()) {
                            list.push(Chunk {
                                offset: vec![0; dims.len()],
                                addr,
                                size,
                                filter_mask: mask,
                            });
                        }
                    }
                    Ok(())
                }
                2 => {
                    unmapped(&mut mapping);
                    let addr = c.addr(so)?;
                    if addr != UNDEF {
                        let n: u64 = dims.iter().try_fold(1u64, |a, &d| a.checked_mul(d)).unwrap_or(u64::MAX);
                        w.src
                            .check_range(addr, n.saturating_mul(elem), &format!("{what}: implicit chunks"))?;
                        if extents.is_some() {
                            return unsupported(format!("{what}: variable-length data in implicit chunks"));
                        }
                    }
                    Ok(())
                }
                3..=5 => {
                    let shape = ChunkShape {
                        dims: cdims[..cdims.len() - 1].to_vec(),
                        bytes: cdims.iter().product(),
                        filtered,
                    };
                    let mut found = Found {
                        seen: HashSet::new(),
                        extents,
                        map: mapping.as_mut().map(|m| &mut m.chunks),
                    };
                    let what = format!("{what}: chunk index");
                    match index {
                        3 => {
                            let bits = c.u8()?;
                            let addr = c.addr(so)?;
                            if addr != UNDEF {
                                index::fixed_array(w, addr, bits, &space.maxdims, &shape, &mut found, &what)?;
                            }
                        }
                        4 => {
                            let params = index::EaParams {
                                max_bits: c.u8()?,
                                idx_elmts: c.u8()?,
                                min_ptrs: c.u8()?,
                                min_elmts: c.u8()?,
                                page_bits: c.u8()?,
                            };
                            let addr = c.addr(so)?;
                            if addr != UNDEF {
                                index::extensible_array(w, addr, params, &shape, &mut found, &what)?;
                            }
                        }
                        _ => {
                            let _node_size = c.u32()?;
                            let _split = c.u8()?;
                            let _merge = c.u8()?;
                            let addr = c.addr(so)?;
                            if addr != UNDEF {
                                index::btree2_chunks(w, addr, &space.maxdims, &shape, &mut found, &what)?;
                            }
                        }
                    }
                    Ok(())
                }
                k => invalid(format!("{what}: chunk index type {k}")),
            }
        }
        3 => unsupported(format!("{what}: virtual dataset")),
        k => invalid(format!("{what}: data layout class {k}")),
    }
}

fn check_chunk_dims(w: &Walker, cdims: &[u64], dims: &[u64], elem: u64, what: &str) -> Res<()> {
    if cdims.len() != dims.len() + 1 {
        return invalid(format!(
            "{what}: chunk rank {} for a dataset of rank {}",
            cdims.len() - 1,
            dims.len()
        ));
    }
    if cdims.last() != Some(&elem) {
        return invalid(format!(
            "{what}: chunk element size {:?} differs from the datatype's {elem}",
            cdims.last()
        ));
    }
    if cdims.contains(&0) {
        return invalid(format!("{what}: chunk dimension of 0"));
    }
    let bytes = cdims
        .iter()
        .try_fold(1u64, |a, &d| a.checked_mul(d))
        .unwrap_or(u64::MAX);
    if bytes > w.limits.max_decoded_bytes {
        return Err(Fault::TooLarge {
            what: format!("{what}: one chunk"),
            bytes,
            limit: w.limits.max_decoded_bytes,
        });
    }
    Ok(())
}

/// The shape of a dataset's chunks, as the chunk indexes need it.
pub(crate) struct ChunkShape {
    /// Chunk dimensions in elements (without the element-size dimension).
    pub(crate) dims: Vec<u64>,
    /// Bytes of one unfiltered chunk.
    pub(crate) bytes: u64,
    /// Whether the dataset has a filter pipeline (chunk entries then carry sizes and masks).
    pub(crate) filtered: bool,
}

/// What a chunk index walk has met: its B-tree nodes, and the chunks if they are collected.
pub(crate) struct Found<'a> {
    seen: HashSet<u64>,
    extents: Option<&'a mut Vec<Extent>>,
    /// Chunks with their positions, when mapped; `None` inside once a position is unknown.
    pub(crate) map: Option<&'a mut Option<Vec<crate::chunks::Chunk>>>,
}

impl Found<'_> {
    /// Whether chunk positions are wanted.
    pub(crate) fn mapping(&self) -> bool {
        self.map.as_ref().is_some_and(|m| m.is_some())
    }

    /// Count a chunk of `size` bytes at `addr` against the limits, check it lies in the file,
    /// and collect it with its element offset (`None`: not known, the dataset is then not
    /// mapped) and filter mask.
    pub(crate) fn chunk_at(
        &mut self,
        w: &mut Walker,
        addr: u64,
        size: u64,
        offset: Option<Vec<u64>>,
        filter_mask: u32,
        what: &str,
    ) -> Res<()> {
        w.report.chunks += 1;
        if w.report.chunks > w.limits.max_chunks {
            return Err(Fault::TooLarge {
                what: "chunk count".into(),
                bytes: w.report.chunks,
                limit: w.limits.max_chunks,
            });
        }
        w.src.check_range(addr, size, &format!("{what}: chunk"))?;
        if let Some(e) = self.extents.as_mut() {
            e.push(Extent::At(addr, size));
        }
        if let Some(m) = self.map.as_mut() {
            match (offset, m.as_mut()) {
                (Some(offset), Some(list)) => list.push(crate::chunks::Chunk {
                    offset,
                    addr,
                    size,
                    filter_mask,
                }),
                _ => **m = None,
            }
        }
        Ok(())
    }
}

/// Walk a version-1 B-tree of raw data chunks (node type 1), checking every node and chunk.
fn chunk_btree(
    w: &mut Walker,
    addr: u64,
    rank: usize,
    dims: &[u64],
    level: Option<u8>,
    found: &mut Found<'_>,
    what: &str,
) -> Res<()> {
    let (so, _) = (w.src.so, w.src.sl);
    if !found.seen.insert(addr) {
        return invalid(format!("{what}: chunk B-tree node {addr} reached twice"));
    }
    let head = w.src.read(addr, 8 + 2 * so as u64, "chunk B-tree node")?;
    let mut c = Cursor::new(&head, "chunk B-tree node");
    if c.bytes(4)? != b"TREE" {
        return invalid(format!("{what}: chunk B-tree node at {addr} has no TREE signature"));
    }
    if c.u8()? != 1 {
        return invalid(format!("{what}: B-tree node at {addr} is not a chunk node"));
    }
    let lvl = c.u8()?;
    if lvl > MAX_BTREE_DEPTH || level.is_some_and(|l| l != lvl) {
        return invalid(format!(
            "{what}: chunk B-tree node at {addr} has level {lvl}, expected {level:?}"
        ));
    }
    let used = u64::from(c.u16()?);
    let key = 8 + 8 * rank as u64;
    let body_len = used * (key + so as u64) + key;
    let body = w.src.read(addr + head.len() as u64, body_len, "chunk B-tree node")?;
    let mut c = Cursor::new(&body, "chunk B-tree node");
    for _ in 0..used {
        let size = u64::from(c.u32()?);
        let mask = c.u32()?;
        let offs: Vec<u64> = (0..rank).map(|_| c.uint(8)).collect::<Res<_>>()?;
        for (o, d) in offs.iter().zip(dims) {
            if o > d && *d != 0 {
                return invalid(format!("{what}: chunk offset {o} beyond dimension {d}"));
            }
        }
        let child = c.addr(so)?;
        if lvl == 0 {
            let offset = offs[..rank.saturating_sub(1)].to_vec();
            found.chunk_at(w, child, size, Some(offset), mask, what)?;
        } else {
            chunk_btree(w, child, rank, dims, Some(lvl - 1), found, what)?;
        }
    }
    Ok(())
}

/// Check a filter pipeline message; returns its filters in order.
pub(crate) fn filters(buf: &[u8], what: &str) -> Res<Vec<crate::chunks::Filter>> {
    let mut c = Cursor::new(buf, "filter pipeline message");
    let version = c.u8()?;
    let n = c.u8()?;
    if n > 32 {
        return invalid(format!("{what}: {n} filters (more than 32)"));
    }
    match version {
        1 => c.skip(6)?,
        2 => {}
        v => return unsupported(format!("{what}: filter pipeline version {v}")),
    }
    let mut out = Vec::new();
    for _ in 0..n {
        let id = c.u16()?;
        let name_len = if version == 1 || id >= 256 {
            usize::from(c.u16()?)
        } else {
            0
        };
        let _flags = c.u16()?;
        let nvals = usize::from(c.u16()?);
        let padded = if version == 1 {
            name_len.div_ceil(8) * 8
        } else {
            name_len
        };
        c.skip(padded)?;
        let values = (0..nvals).map(|_| c.u32()).collect::<Res<Vec<u32>>>()?;
        if version == 1 && nvals % 2 == 1 {
            c.skip(4)?;
        }
        out.push(crate::chunks::Filter { id, values });
    }
    Ok(out)
}

/// Check a fill value message (type 5).
pub(crate) fn fill_value(buf: &[u8], what: &str) -> Res<()> {
    let mut c = Cursor::new(buf, "fill value message");
    let version = c.u8()?;
    let defined = match version {
        1 | 2 => {
            c.skip(2)?;
            let d = c.u8()?;
            version == 1 || d != 0
        }
        3 => {
            let flags = c.u8()?;
            flags & 0x20 != 0
        }
        v => return unsupported(format!("{what}: fill value version {v}")),
    };
    if defined {
        let size = c.u32()? as usize;
        c.skip(size)?;
    }
    Ok(())
}
