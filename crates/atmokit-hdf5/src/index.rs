//! The chunk indexes of data layout message version 4, written by HDF5 ≥ 1.10 (h5py and
//! netCDF4-python with the newest file format): the fixed array, the extensible array and the
//! version-2 B-tree of chunk records (HDF5 File Format Specification Version 3.0, sections
//! III.H "Fixed Array", III.I "Extensible Array" and III.A.2 record types 10 and 11).
//!
//! Every block is read within the file and the metadata budget, its signature, version, client
//! and header back-pointer and its checksum are checked, and every chunk address and size is
//! checked against the file's length and counted against [`crate::Limits::max_chunks`].

use crate::btree2;
use crate::checksum::lookup3;
use crate::cursor::{Cursor, UNDEF};
use crate::error::{Fault, Res, invalid};
use crate::storage::{ChunkShape, Found};
use crate::walk::Walker;

/// Signature, version, client ID and checksum of an array block ("metadata prefix").
const PREFIX: u64 = 4 + 1 + 1 + 4;

/// Decode the block at the start of `buf`: signature, version 0, `client` and (if `back` is
/// given) the header address it points back to; the checksum is the last 4 bytes of `buf`.
fn block_head(
    buf: &[u8],
    sig: &[u8; 4],
    client: u8,
    back: Option<u64>,
    so: usize,
    what: &str,
    addr: u64,
) -> Res<usize> {
    let mut c = Cursor::new(buf, "chunk index block");
    let name = String::from_utf8_lossy(sig);
    if c.bytes(4)? != sig || c.u8()? != 0 {
        return invalid(format!("{what}: {name} block at {addr}: bad signature or version"));
    }
    if c.u8()? != client {
        return invalid(format!(
            "{what}: {name} block at {addr}: client ID is not {client} ({})",
            if client == 0 {
                "unfiltered chunks"
            } else {
                "filtered chunks"
            }
        ));
    }
    if let Some(h) = back
        && c.addr(so)? != h
    {
        return invalid(format!("{what}: {name} block at {addr}: wrong header address"));
    }
    verify(buf, what, &name, addr)?;
    Ok(c.pos())
}

/// Check the lookup3 checksum in the last 4 bytes of `buf`.
fn verify(buf: &[u8], what: &str, name: &str, addr: u64) -> Res<()> {
    let Some(n) = buf.len().checked_sub(4) else {
        return invalid(format!("{what}: {name} block at {addr} is truncated"));
    };
    let stored = u32::from_le_bytes([buf[n], buf[n + 1], buf[n + 2], buf[n + 3]]);
    if lookup3(&buf[..n]) != stored {
        return invalid(format!("{what}: {name} block at {addr}: checksum mismatch"));
    }
    Ok(())
}

/// Element size of a chunk entry: the address alone, or address, filtered size and filter mask.
fn check_entry_size(esize: u64, shape: &ChunkShape, so: usize, what: &str) -> Res<()> {
    let ok = if shape.filtered {
        esize > so as u64 + 4 && esize <= so as u64 + 4 + 8
    } else {
        esize == so as u64
    };
    if !ok {
        return invalid(format!(
            "{what}: chunk index entry of {esize} bytes for {} chunks",
            if shape.filtered { "filtered" } else { "unfiltered" }
        ));
    }
    Ok(())
}

/// Decode `n` chunk entries of `esize` bytes from `c`, checking and recording each chunk.
/// With `pos` (the linear index of the first entry and the number of chunks along each
/// dimension of a fixed array), the chunks' element offsets are recorded too.
#[allow(clippy::too_many_arguments)]
fn entries(
    w: &mut Walker,
    c: &mut Cursor<'_>,
    n: u64,
    esize: u64,
    shape: &ChunkShape,
    found: &mut Found<'_>,
    pos: Option<(u64, &[u64])>,
    what: &str,
) -> Res<()> {
    let so = w.src.so;
    for i in 0..n {
        let addr = c.addr(so)?;
        let (size, mask) = if shape.filtered {
            let s = c.uint(esize as usize - so - 4)?;
            (s, c.u32()?)
        } else {
            (shape.bytes, 0)
        };
        if addr != UNDEF {
            let offset = match pos {
                Some((first, grid)) if found.mapping() => {
                    // Row-major position in the chunk grid, times the chunk dimensions.
                    let mut lin = first + i;
                    let mut off = vec![0; grid.len()];
                    for d in (0..grid.len()).rev() {
                        off[d] = (lin % grid[d]) * shape.dims[d];
                        lin /= grid[d];
                    }
                    Some(off)
                }
                _ => None,
            };
            found.chunk_at(w, addr, size, offset, mask, what)?;
        }
    }
    Ok(())
}

/// Number of chunks covering `dims` (the maximum dimensions for a fixed array).
fn chunk_count(dims: &[u64], shape: &ChunkShape) -> u64 {
    dims.iter()
        .zip(&shape.dims)
        .try_fold(1u64, |a, (&d, &c)| a.checked_mul(d.div_ceil(c)))
        .unwrap_or(u64::MAX)
}

fn too_many(w: &Walker, n: u64, what: &str) -> Res<()> {
    if n > w.limits.max_chunks {
        return Err(Fault::TooLarge {
            what: format!("{what}: chunk index of {n} entries"),
            bytes: n,
            limit: w.limits.max_chunks,
        });
    }
    Ok(())
}

/// Whether bit `i` of an HDF5 bitmap (most significant bit first) is set.
fn bit(map: &[u8], i: u64) -> bool {
    map.get((i / 8) as usize).is_some_and(|b| b & (0x80 >> (i % 8)) != 0)
}

/// Walk a fixed array of chunks (header "FAHD", data block "FADB", optionally paged).
pub(crate) fn fixed_array(
    w: &mut Walker,
    addr: u64,
    page_bits: u8,
    maxdims: &[u64],
    shape: &ChunkShape,
    found: &mut Found<'_>,
    what: &str,
) -> Res<()> {
    let (so, sl) = (w.src.so, w.src.sl);
    let client = u8::from(shape.filtered);
    let hdr = w
        .src
        .read(addr, PREFIX + 2 + sl as u64 + so as u64, "fixed array header")?;
    block_head(&hdr, b"FAHD", client, None, so, what, addr)?;
    let mut c = Cursor::new(&hdr[6..], "fixed array header");
    let esize = u64::from(c.u8()?);
    let bits = c.u8()?;
    let n = c.uint(sl)?;
    let dblk = c.addr(so)?;
    check_entry_size(esize, shape, so, what)?;
    if bits != page_bits || bits > 32 {
        return invalid(format!(
            "{what}: fixed array page bits {bits}, the layout message says {page_bits}"
        ));
    }
    let want = chunk_count(maxdims, shape);
    if n != want {
        return invalid(format!("{what}: fixed array of {n} entries for {want} chunks"));
    }
    too_many(w, n, what)?;
    if dblk == UNDEF {
        return Ok(());
    }
    let page = 1u64 << bits;
    let grid: Vec<u64> = maxdims
        .iter()
        .zip(&shape.dims)
        .map(|(&d, &c)| d.div_ceil(c).max(1))
        .collect();
    if n <= page {
        let len = PREFIX + so as u64 + n * esize;
        let buf = w.src.read(dblk, len, "fixed array data block")?;
        let at = block_head(&buf, b"FADB", client, Some(addr), so, what, dblk)?;
        let mut c = Cursor::new(&buf[at..buf.len() - 4], "fixed array data block");
        return entries(w, &mut c, n, esize, shape, found, Some((0, &grid)), what);
    }
    let npages = n.div_ceil(page);
    let map_len = npages.div_ceil(8);
    let head_len = PREFIX + so as u64 + map_len;
    let buf = w.src.read(dblk, head_len, "fixed array data block")?;
    let at = block_head(&buf, b"FADB", client, Some(addr), so, what, dblk)?;
    let map = buf[at..buf.len() - 4].to_vec();
    let page_len = page * esize + 4;
    for p in 0..npages {
        if !bit(&map, p) {
            continue;
        }
        let count = page.min(n - p * page);
        let paddr = dblk
            .checked_add(head_len)
            .and_then(|a| a.checked_add(p.checked_mul(page_len)?))
            .ok_or_else(|| Fault::Invalid(format!("{what}: fixed array page {p} address overflows")))?;
        let buf = w.src.read(paddr, count * esize + 4, "fixed array data block page")?;
        verify(&buf, what, "fixed array page", paddr)?;
        let mut c = Cursor::new(&buf[..buf.len() - 4], "fixed array data block page");
        entries(w, &mut c, count, esize, shape, found, Some((p * page, &grid)), what)?;
    }
    Ok(())
}

/// Creation parameters of an extensible array, as the layout message and the header give them.
#[derive(PartialEq, Eq, Debug, Clone, Copy)]
pub(crate) struct EaParams {
    pub(crate) max_bits: u8,
    pub(crate) idx_elmts: u8,
    pub(crate) min_elmts: u8,
    pub(crate) min_ptrs: u8,
    pub(crate) page_bits: u8,
}

/// Walk an extensible array of chunks: header "EAHD", index block "EAIB", secondary blocks
/// "EASB", data blocks "EADB" and their pages.
pub(crate) fn extensible_array(
    w: &mut Walker,
    addr: u64,
    params: EaParams,
    shape: &ChunkShape,
    found: &mut Found<'_>,
    what: &str,
) -> Res<()> {
    let (so, sl) = (w.src.so, w.src.sl);
    let client = u8::from(shape.filtered);
    let hdr = w
        .src
        .read(addr, PREFIX + 6 + 6 * sl as u64 + so as u64, "extensible array header")?;
    block_head(&hdr, b"EAHD", client, None, so, what, addr)?;
    let mut c = Cursor::new(&hdr[6..], "extensible array header");
    let esize = u64::from(c.u8()?);
    let p = EaParams {
        max_bits: c.u8()?,
        idx_elmts: c.u8()?,
        min_elmts: c.u8()?,
        min_ptrs: c.u8()?,
        page_bits: c.u8()?,
    };
    c.skip(5 * sl)?;
    let realized = c.uint(sl)?;
    let iblock = c.addr(so)?;
    check_entry_size(esize, shape, so, what)?;
    if p != params {
        return invalid(format!(
            "{what}: extensible array header parameters {p:?} differ from the layout message's {params:?}"
        ));
    }
    let (min_elmts, min_ptrs) = (u64::from(p.min_elmts), u64::from(p.min_ptrs));
    if !(1..=64).contains(&p.max_bits)
        || !min_elmts.is_power_of_two()
        || !min_ptrs.is_power_of_two()
        || min_ptrs < 2
        || min_elmts.trailing_zeros() > u32::from(p.max_bits)
        || p.page_bits > p.max_bits
        || p.page_bits > 32
    {
        return invalid(format!("{what}: impossible extensible array parameters {p:?}"));
    }
    if p.max_bits < 64 && realized > 1u64 << p.max_bits {
        return invalid(format!(
            "{what}: extensible array of {realized} elements, more than its {} bits address",
            p.max_bits
        ));
    }
    if iblock == UNDEF {
        return Ok(());
    }
    // The super block table: super block `u` has 2^(u/2) data blocks of 2^((u+1)/2) * min_elmts
    // elements each.
    let nsblks = 1 + u32::from(p.max_bits) - min_elmts.trailing_zeros();
    let mut info = Vec::with_capacity(nsblks as usize);
    let (mut start_idx, mut start_dblk) = (0u64, 0u64);
    for u in 0..nsblks {
        let ndblks = 1u64.checked_shl(u / 2).unwrap_or(u64::MAX);
        let nelmts = 1u64
            .checked_shl(u.div_ceil(2))
            .map_or(u64::MAX, |x| x.saturating_mul(min_elmts));
        info.push((ndblks, nelmts, start_idx, start_dblk));
        start_idx = start_idx.saturating_add(ndblks.saturating_mul(nelmts));
        start_dblk = start_dblk.saturating_add(ndblks);
    }
    let ib_sblks = 2 * min_ptrs.trailing_zeros();
    if ib_sblks > nsblks {
        return invalid(format!(
            "{what}: extensible array parameters {p:?} leave no super blocks"
        ));
    }
    let ndblk_addrs = 2 * (min_ptrs - 1);
    let nsblk_addrs = u64::from(nsblks - ib_sblks);
    let idx_elmts = u64::from(p.idx_elmts);
    let arr_off = usize::from(p.max_bits).div_ceil(8);
    let page_nelmts = 1u64 << p.page_bits;
    let len = PREFIX + so as u64 + idx_elmts * esize + (ndblk_addrs + nsblk_addrs) * so as u64;
    let buf = w.src.read(iblock, len, "extensible array index block")?;
    let at = block_head(&buf, b"EAIB", client, Some(addr), so, what, iblock)?;
    let mut c = Cursor::new(&buf[at..buf.len() - 4], "extensible array index block");
    entries(w, &mut c, idx_elmts, esize, shape, found, None, what)?;
    let dblks: Vec<u64> = (0..ndblk_addrs).map(|_| c.addr(so)).collect::<Res<_>>()?;
    let sblks: Vec<u64> = (0..nsblk_addrs).map(|_| c.addr(so)).collect::<Res<_>>()?;
    let ea = Ea {
        hdr: addr,
        client,
        esize,
        arr_off,
        page_nelmts,
        shape,
    };
    // Data blocks of the super blocks held in the index block.
    let mut u = 0usize;
    for (k, &d) in dblks.iter().enumerate() {
        let k = k as u64;
        while u + 1 < ib_sblks as usize && info[u + 1].3 <= k {
            u += 1;
        }
        let (_, nelmts, sidx, sdblk) = info[u];
        if d != UNDEF {
            if nelmts > page_nelmts {
                return Err(Fault::Unsupported(format!(
                    "{what}: paged extensible array data block in the index block"
                )));
            }
            // HDF5 records the offset of these blocks as the super block's start plus the
            // block's index among all index-block data blocks (not within its super block)
            // times its size; the offset is informational, and checked as written.
            let _ = sdblk;
            ea.data_block(w, d, sidx + k * nelmts, nelmts, None, found, what)?;
        }
    }
    for (j, &s) in sblks.iter().enumerate() {
        if s == UNDEF {
            continue;
        }
        let (ndblks, nelmts, sidx, _) = info[ib_sblks as usize + j];
        let paged = nelmts > page_nelmts;
        let init = if paged { (nelmts / page_nelmts).div_ceil(8) } else { 0 };
        // One bitmap of ndblks * init bytes, the pages of all data blocks as consecutive bits.
        let len = ndblks
            .checked_mul(init + so as u64)
            .and_then(|x| x.checked_add(PREFIX + so as u64 + arr_off as u64))
            .ok_or_else(|| Fault::Invalid(format!("{what}: extensible array super block size overflows")))?;
        let buf = w.src.read(s, len, "extensible array super block")?;
        let at = block_head(&buf, b"EASB", client, Some(addr), so, what, s)?;
        let mut c = Cursor::new(&buf[at..buf.len() - 4], "extensible array super block");
        if c.uint(arr_off)? != sidx {
            return invalid(format!(
                "{what}: extensible array super block at {s}: wrong block offset"
            ));
        }
        let maps = c.bytes((ndblks * init) as usize)?.to_vec();
        for k in 0..ndblks {
            let d = c.addr(so)?;
            if d != UNDEF {
                // The pages of data block k are bits k * npages.. of the super block's map.
                let map = paged.then(|| (maps.as_slice(), k * (nelmts / page_nelmts)));
                ea.data_block(w, d, sidx + k * nelmts, nelmts, map, found, what)?;
            }
        }
    }
    Ok(())
}

/// What reading an extensible array's data blocks needs.
struct Ea<'a> {
    hdr: u64,
    client: u8,
    esize: u64,
    arr_off: usize,
    page_nelmts: u64,
    shape: &'a ChunkShape,
}

impl Ea<'_> {
    /// A data block of `nelmts` entries starting at array offset `off`; paged if `map` (the
    /// initialised-pages bitmap of its super block, and the bit of its first page) is given.
    #[allow(clippy::too_many_arguments)]
    fn data_block(
        &self,
        w: &mut Walker,
        addr: u64,
        off: u64,
        nelmts: u64,
        map: Option<(&[u8], u64)>,
        found: &mut Found<'_>,
        what: &str,
    ) -> Res<()> {
        let so = w.src.so;
        let head = PREFIX + so as u64 + self.arr_off as u64;
        let body = if map.is_some() {
            0
        } else {
            nelmts.saturating_mul(self.esize)
        };
        let buf = w
            .src
            .read(addr, head.saturating_add(body), "extensible array data block")?;
        let at = block_head(&buf, b"EADB", self.client, Some(self.hdr), so, what, addr)?;
        let mut c = Cursor::new(&buf[at..buf.len() - 4], "extensible array data block");
        let got = c.uint(self.arr_off)?;
        if got != off {
            return invalid(format!(
                "{what}: extensible array data block at {addr}: block offset {got}, expected {off}"
            ));
        }
        let Some((map, first)) = map else {
            return entries(w, &mut c, nelmts, self.esize, self.shape, found, None, what);
        };
        let page_len = self.page_nelmts * self.esize + 4;
        for p in 0..nelmts / self.page_nelmts {
            if !bit(map, first + p) {
                continue;
            }
            let paddr = addr
                .checked_add(head)
                .and_then(|a| a.checked_add(p.checked_mul(page_len)?))
                .ok_or_else(|| Fault::Invalid(format!("{what}: extensible array page address overflows")))?;
            let buf = w.src.read(paddr, page_len, "extensible array data block page")?;
            verify(&buf, what, "extensible array page", paddr)?;
            let mut c = Cursor::new(&buf[..buf.len() - 4], "extensible array data block page");
            entries(w, &mut c, self.page_nelmts, self.esize, self.shape, found, None, what)?;
        }
        Ok(())
    }
}

/// Walk a version-2 B-tree of chunk records (type 10 unfiltered, 11 filtered).
pub(crate) fn btree2_chunks(
    w: &mut Walker,
    addr: u64,
    maxdims: &[u64],
    shape: &ChunkShape,
    found: &mut Found<'_>,
    what: &str,
) -> Res<()> {
    let so = w.src.so;
    let kind = if shape.filtered { 11 } else { 10 };
    let rank = shape.dims.len();
    let recs = btree2::records(&mut w.src, addr, kind, w.limits.max_chunks)
        .map_err(|e| e.context(&format!("{what}: chunk B-tree v2")))?;
    for r in &recs {
        let fixed = so + 8 * rank + if shape.filtered { 4 } else { 0 };
        let size_len = r.len().checked_sub(fixed).unwrap_or(usize::MAX);
        let bad = if shape.filtered {
            !(1..=8).contains(&size_len)
        } else {
            size_len != 0
        };
        if bad {
            return invalid(format!(
                "{what}: chunk B-tree v2 record of {} bytes for rank {rank}",
                r.len()
            ));
        }
        let mut c = Cursor::new(r, "chunk B-tree v2 record");
        let caddr = c.addr(so)?;
        let (size, mask) = if shape.filtered {
            let s = c.uint(size_len)?;
            (s, c.u32()?)
        } else {
            (shape.bytes, 0)
        };
        let mut offset = Vec::with_capacity(rank);
        for (i, &m) in maxdims.iter().enumerate() {
            let scaled = c.uint(8)?;
            offset.push(scaled.saturating_mul(shape.dims[i]));
            if m != UNDEF && scaled.checked_mul(shape.dims[i]).is_none_or(|o| o >= m.max(1)) {
                return invalid(format!(
                    "{what}: chunk at scaled offset {scaled} is beyond maximum dimension {m}"
                ));
            }
        }
        found.chunk_at(w, caddr, size, Some(offset), mask, what)?;
    }
    Ok(())
}
