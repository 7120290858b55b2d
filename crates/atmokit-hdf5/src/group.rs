//! Group members: symbol tables (version-1 B-tree of type 0, symbol table nodes, local heap)
//! and link messages (HDF5 File Format Specification Version 3.0, sections III.A.1, III.B,
//! III.D, IV.A.2.g, IV.A.2.r).

use std::collections::HashSet;

use crate::cursor::{Cursor, UNDEF};
use crate::error::{Fault, Res, invalid, unsupported};
use crate::names::check_name;
use crate::source::Source;

/// Deepest group B-tree accepted.
const MAX_BTREE_DEPTH: u8 = 32;

/// A hard link: name and object header address.
pub(crate) type Member = (String, u64);

/// Members of a symbol-table group, from its symbol table message.
pub(crate) fn symbol_table(src: &mut Source, msg: &[u8], max_members: u64) -> Res<Vec<Member>> {
    let (so, sl) = (src.so, src.sl);
    let mut c = Cursor::new(msg, "symbol table message");
    let btree = c.addr(so)?;
    let heap_addr = c.addr(so)?;
    let heap = local_heap(src, heap_addr)?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    group_btree(src, btree, None, &heap, &mut seen, &mut out, max_members)?;
    let _ = sl;
    Ok(out)
}

/// The data segment of a local heap.
fn local_heap(src: &mut Source, addr: u64) -> Res<Vec<u8>> {
    let (so, sl) = (src.so, src.sl);
    let head = src.read(addr, 8 + 2 * sl as u64 + so as u64, "local heap")?;
    let mut c = Cursor::new(&head, "local heap");
    if c.bytes(4)? != b"HEAP" || c.u8()? != 0 {
        return invalid(format!("local heap at {addr}: bad signature or version"));
    }
    c.skip(3)?;
    let size = c.uint(sl)?;
    let _free = c.uint(sl)?;
    let data = c.addr(so)?;
    src.read(data, size, "local heap data segment")
}

fn heap_name(heap: &[u8], off: u64) -> Res<String> {
    let start = usize::try_from(off).ok().filter(|&s| s < heap.len());
    let Some(start) = start else {
        return invalid(format!(
            "link name offset {off} outside the local heap of {} bytes",
            heap.len()
        ));
    };
    let Some(len) = heap[start..].iter().position(|&b| b == 0) else {
        return invalid("link name in the local heap is not NUL-terminated");
    };
    Ok(check_name(&heap[start..start + len], "link")?.to_string())
}

fn group_btree(
    src: &mut Source,
    addr: u64,
    level: Option<u8>,
    heap: &[u8],
    seen: &mut HashSet<u64>,
    out: &mut Vec<Member>,
    max_members: u64,
) -> Res<()> {
    let (so, sl) = (src.so, src.sl);
    if !seen.insert(addr) {
        return invalid(format!("group B-tree node {addr} reached twice"));
    }
    let head = src.read(addr, 8 + 2 * so as u64, "group B-tree node")?;
    let mut c = Cursor::new(&head, "group B-tree node");
    if c.bytes(4)? != b"TREE" || c.u8()? != 0 {
        return invalid(format!("group B-tree node at {addr}: bad signature or node type"));
    }
    let lvl = c.u8()?;
    if lvl > MAX_BTREE_DEPTH || level.is_some_and(|l| l != lvl) {
        return invalid(format!(
            "group B-tree node at {addr} has level {lvl}, expected {level:?}"
        ));
    }
    let used = u64::from(c.u16()?);
    let body = src.read(
        addr + head.len() as u64,
        used * (sl + so) as u64 + sl as u64,
        "group B-tree node",
    )?;
    let mut c = Cursor::new(&body, "group B-tree node");
    c.skip(sl)?;
    for _ in 0..used {
        let child = c.addr(so)?;
        c.skip(sl)?;
        if lvl == 0 {
            symbol_node(src, child, heap, out, max_members)?;
        } else {
            group_btree(src, child, Some(lvl - 1), heap, seen, out, max_members)?;
        }
    }
    Ok(())
}

fn symbol_node(src: &mut Source, addr: u64, heap: &[u8], out: &mut Vec<Member>, max_members: u64) -> Res<()> {
    let so = src.so;
    let head = src.read(addr, 8, "symbol table node")?;
    let mut c = Cursor::new(&head, "symbol table node");
    if c.bytes(4)? != b"SNOD" || c.u8()? != 1 {
        return invalid(format!("symbol table node at {addr}: bad signature or version"));
    }
    c.skip(1)?;
    let n = u64::from(c.u16()?);
    let entry = 2 * so as u64 + 24;
    let body = src.read(addr + 8, n * entry, "symbol table node")?;
    let mut c = Cursor::new(&body, "symbol table node");
    for _ in 0..n {
        let name_off = c.uint(so)?;
        let obj = c.addr(so)?;
        c.skip(24)?;
        let name = heap_name(heap, name_off)?;
        push(out, name, obj, max_members)?;
    }
    Ok(())
}

fn push(out: &mut Vec<Member>, name: String, addr: u64, max_members: u64) -> Res<()> {
    if addr == UNDEF {
        return invalid(format!("link '{name}' has an undefined address"));
    }
    if out.len() as u64 >= max_members {
        return Err(Fault::TooLarge {
            what: "members of one group".into(),
            bytes: out.len() as u64 + 1,
            limit: max_members,
        });
    }
    out.push((name, addr));
    Ok(())
}

/// Decode a link message into a member; soft and external links are refused.
pub(crate) fn link(msg: &[u8], so: usize, out: &mut Vec<Member>, max_members: u64) -> Res<()> {
    let mut c = Cursor::new(msg, "link message");
    let version = c.u8()?;
    if version != 1 {
        return unsupported(format!("link message version {version}"));
    }
    let flags = c.u8()?;
    let kind = if flags & 0x08 != 0 { c.u8()? } else { 0 };
    if flags & 0x04 != 0 {
        c.skip(8)?;
    }
    if flags & 0x10 != 0 {
        let cs = c.u8()?;
        if cs > 1 {
            return invalid(format!("link name character set {cs}"));
        }
    }
    let len = c.uint(1 << (flags & 3))?;
    let raw = c.bytes(usize::try_from(len).unwrap_or(usize::MAX))?;
    let name = check_name(raw, "link")?.to_string();
    match kind {
        0 => {
            let addr = c.addr(so)?;
            push(out, name, addr, max_members)
        }
        1 => unsupported(format!("soft link '{name}'")),
        _ => unsupported(format!("external or user-defined link '{name}'")),
    }
}
