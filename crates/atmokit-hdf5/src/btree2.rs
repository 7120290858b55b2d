//! Version-2 B-trees (HDF5 File Format Specification Version 3.0, section III.A.2): the name and
//! creation-order indexes of dense links and attributes. Every node is checked (signature,
//! checksum, record counts) and the records are returned.

use std::collections::HashSet;

use crate::checksum::lookup3;
use crate::cursor::{Cursor, UNDEF};
use crate::error::{Res, invalid};
use crate::fheap::limit_enc_size;
use crate::source::Source;

/// Deepest tree accepted.
const MAX_DEPTH: u16 = 16;
/// Signature, version, type and checksum of a node.
const PREFIX: u64 = 10;

struct Info {
    max_nrec: u64,
    cum_max_nrec: u64,
    cum_size: usize,
}

/// All records of the tree whose header is at `addr`, which must be of record type `kind`.
pub(crate) fn records(src: &mut Source, addr: u64, kind: u8, max_records: u64) -> Res<Vec<Vec<u8>>> {
    let (so, sl) = (src.so, src.sl);
    let buf = src.read(
        addr,
        4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + so as u64 + 2 + sl as u64 + 4,
        "B-tree v2 header",
    )?;
    let mut c = Cursor::new(&buf, "B-tree v2 header");
    if c.bytes(4)? != b"BTHD" || c.u8()? != 0 {
        return invalid(format!("B-tree v2 header at {addr}: bad signature or version"));
    }
    if c.u8()? != kind {
        return invalid(format!("B-tree v2 header at {addr}: record type is not {kind}"));
    }
    let node_size = u64::from(c.u32()?);
    let rec = u64::from(c.u16()?);
    let depth = c.u16()?;
    c.skip(2)?;
    let root = c.addr(so)?;
    let root_n = u64::from(c.u16()?);
    let total = c.uint(sl)?;
    let end = c.pos();
    if lookup3(&buf[..end]) != c.u32()? {
        return invalid(format!("B-tree v2 header at {addr}: checksum mismatch"));
    }
    if depth > MAX_DEPTH || rec == 0 || node_size <= PREFIX + rec || node_size > 1 << 20 {
        return invalid(format!(
            "B-tree v2 header at {addr}: impossible node size {node_size}, record size {rec} or depth {depth}"
        ));
    }
    if total > max_records {
        return invalid(format!("B-tree v2 at {addr}: {total} records, more than {max_records}"));
    }
    let mut info = vec![Info {
        max_nrec: (node_size - PREFIX) / rec,
        cum_max_nrec: 0,
        cum_size: 0,
    }];
    info[0].cum_max_nrec = info[0].max_nrec;
    let nrec_size = limit_enc_size(info[0].max_nrec);
    for d in 1..=usize::from(depth) {
        let ptr = so as u64 + nrec_size as u64 + info[d - 1].cum_size as u64;
        let max_nrec = node_size.saturating_sub(PREFIX + ptr) / (rec + ptr);
        let cum = (max_nrec + 1)
            .saturating_mul(info[d - 1].cum_max_nrec)
            .saturating_add(max_nrec);
        info.push(Info {
            max_nrec,
            cum_max_nrec: cum,
            cum_size: limit_enc_size(cum),
        });
    }
    let mut out = Vec::new();
    if root != UNDEF && total > 0 {
        let t = Tree {
            kind,
            node_size,
            rec,
            nrec_size,
            info,
        };
        let mut seen = HashSet::new();
        t.node(src, root, depth, root_n, &mut seen, &mut out)?;
    }
    if out.len() as u64 != total {
        return invalid(format!(
            "B-tree v2 at {addr}: header counts {total} records, the nodes hold {}",
            out.len()
        ));
    }
    Ok(out)
}

struct Tree {
    kind: u8,
    node_size: u64,
    rec: u64,
    nrec_size: usize,
    info: Vec<Info>,
}

impl Tree {
    fn node(
        &self,
        src: &mut Source,
        addr: u64,
        depth: u16,
        n: u64,
        seen: &mut HashSet<u64>,
        out: &mut Vec<Vec<u8>>,
    ) -> Res<()> {
        let so = src.so;
        if !seen.insert(addr) {
            return invalid(format!("B-tree v2 node {addr} reached twice"));
        }
        if n > self.info[usize::from(depth)].max_nrec {
            return invalid(format!("B-tree v2 node at {addr}: {n} records, more than fit"));
        }
        let buf = src.read(addr, self.node_size, "B-tree v2 node")?;
        let mut c = Cursor::new(&buf, "B-tree v2 node");
        let sig: &[u8] = if depth == 0 { b"BTLF" } else { b"BTIN" };
        if c.bytes(4)? != sig || c.u8()? != 0 || c.u8()? != self.kind {
            return invalid(format!("B-tree v2 node at {addr}: bad signature, version or type"));
        }
        for _ in 0..n {
            out.push(c.bytes(self.rec as usize)?.to_vec());
        }
        let mut children = Vec::new();
        if depth > 0 {
            for _ in 0..=n {
                let child = c.addr(so)?;
                let cn = c.uint(self.nrec_size)?;
                if depth > 1 {
                    c.uint(self.info[usize::from(depth) - 1].cum_size)?;
                }
                children.push((child, cn));
            }
        }
        let end = c.pos();
        if lookup3(&buf[..end]) != c.u32()? {
            return invalid(format!("B-tree v2 node at {addr}: checksum mismatch"));
        }
        for (child, cn) in children {
            self.node(src, child, depth - 1, cn, seen, out)?;
        }
        Ok(())
    }
}
