//! Object headers, versions 1 and 2, with their continuation blocks (HDF5 File Format
//! Specification Version 3.0, section IV.A).

use std::collections::HashSet;

use crate::checksum::lookup3;
use crate::cursor::Cursor;
use crate::error::{Res, invalid};
use crate::source::Source;

/// Continuation message type.
const CONTINUATION: u16 = 0x10;
/// Most header chunks (first + continuations) one object may have.
const MAX_CHUNKS: usize = 4096;

/// One header message.
pub(crate) struct Message {
    /// Message type.
    pub(crate) kind: u16,
    /// Message body.
    pub(crate) data: Vec<u8>,
    /// Whether the body is a reference to a shared message (not decoded by the validator).
    pub(crate) shared: bool,
}

/// Read all messages of the object header at `addr`.
pub(crate) fn read(src: &mut Source, addr: u64) -> Res<Vec<Message>> {
    let head = src.read_upto(addr, 64, "object header")?;
    let sz = (src.so, src.sl);
    let mut msgs = Vec::new();
    let mut pending = Vec::new();
    let v2 = head.starts_with(b"OHDR");
    let mut flags = 0u8;
    if v2 {
        let mut c = Cursor::new(&head, "object header");
        c.skip(4)?;
        let version = c.u8()?;
        if version != 2 {
            return invalid(format!("object header at {addr}: version {version} after OHDR"));
        }
        flags = c.u8()?;
        if flags & 0x20 != 0 {
            c.skip(16)?;
        }
        if flags & 0x10 != 0 {
            c.skip(4)?;
        }
        let size = c.uint(1 << (flags & 3))?;
        let prefix = c.pos() as u64;
        let total = prefix
            .checked_add(size)
            .and_then(|t| t.checked_add(4))
            .ok_or_else(|| crate::error::Fault::Invalid(format!("object header at {addr}: size {size}")))?;
        let block = src.read(addr, total, "object header")?;
        checksum(&block, "object header", addr)?;
        let body = &block[prefix as usize..block.len() - 4];
        parse_v2(body, flags, sz, &mut msgs, &mut pending)?;
    } else {
        let mut c = Cursor::new(&head, "object header");
        let version = c.u8()?;
        if version != 1 {
            return invalid(format!("object header at {addr}: unknown version {version}"));
        }
        c.skip(1)?;
        let _nmsgs = c.u16()?;
        let _refcount = c.u32()?;
        let size = u64::from(c.u32()?);
        let block = src.read(addr + 16, size, "object header")?;
        parse_v1(&block, sz, &mut msgs, &mut pending)?;
    }
    let mut seen = HashSet::new();
    let mut chunks = 1;
    while let Some((caddr, clen)) = pending.pop() {
        chunks += 1;
        if chunks > MAX_CHUNKS || !seen.insert(caddr) {
            return invalid(format!(
                "object header at {addr}: continuation blocks loop or exceed {MAX_CHUNKS}"
            ));
        }
        let block = src.read(caddr, clen, "object header continuation")?;
        if v2 {
            if !block.starts_with(b"OCHK") || block.len() < 8 {
                return invalid(format!("object header continuation at {caddr}: no OCHK signature"));
            }
            checksum(&block, "object header continuation", caddr)?;
            parse_v2(&block[4..block.len() - 4], flags, sz, &mut msgs, &mut pending)?;
        } else {
            parse_v1(&block, sz, &mut msgs, &mut pending)?;
        }
    }
    Ok(msgs)
}

fn checksum(block: &[u8], what: &str, addr: u64) -> Res<()> {
    let n = block.len() - 4;
    let stored = u32::from_le_bytes([block[n], block[n + 1], block[n + 2], block[n + 3]]);
    if lookup3(&block[..n]) != stored {
        return invalid(format!("{what} at {addr}: checksum mismatch"));
    }
    Ok(())
}

fn parse_v1(block: &[u8], sz: (usize, usize), msgs: &mut Vec<Message>, pending: &mut Vec<(u64, u64)>) -> Res<()> {
    let mut c = Cursor::new(block, "object header message");
    while c.remaining() >= 8 {
        let kind = c.u16()?;
        let size = usize::from(c.u16()?);
        let flags = c.u8()?;
        c.skip(3)?;
        let data = c.bytes(size)?;
        push(kind, flags, data, sz, msgs, pending)?;
    }
    Ok(())
}

fn parse_v2(
    body: &[u8],
    hflags: u8,
    sz: (usize, usize),
    msgs: &mut Vec<Message>,
    pending: &mut Vec<(u64, u64)>,
) -> Res<()> {
    let hdr = if hflags & 0x04 != 0 { 6 } else { 4 };
    let mut c = Cursor::new(body, "object header message");
    while c.remaining() >= hdr {
        let kind = u16::from(c.u8()?);
        let size = usize::from(c.u16()?);
        let flags = c.u8()?;
        if hflags & 0x04 != 0 {
            c.skip(2)?;
        }
        let data = c.bytes(size)?;
        push(kind, flags, data, sz, msgs, pending)?;
    }
    Ok(())
}

fn push(
    kind: u16,
    flags: u8,
    data: &[u8],
    sz: (usize, usize),
    msgs: &mut Vec<Message>,
    pending: &mut Vec<(u64, u64)>,
) -> Res<()> {
    if kind == CONTINUATION {
        let mut c = Cursor::new(data, "continuation message");
        let a = c.addr(sz.0)?;
        let l = c.uint(sz.1)?;
        pending.push((a, l));
        return Ok(());
    }
    msgs.push(Message {
        kind,
        data: data.to_vec(),
        shared: flags & 0x02 != 0 && kind != 0,
    });
    Ok(())
}
