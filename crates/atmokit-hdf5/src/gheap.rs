//! Global heap collections, where variable-length attribute values live (HDF5 File Format
//! Specification Version 3.0, section III.E).

use std::collections::HashMap;

use crate::cursor::Cursor;
use crate::error::{Res, invalid};
use crate::source::Source;

/// A collection's bytes and its objects (index → start and length in those bytes).
type Collection = (Vec<u8>, HashMap<u16, (usize, usize)>);

/// Objects of the collections read so far: collection address → (object index → size).
#[derive(Default)]
pub(crate) struct GlobalHeaps {
    collections: HashMap<u64, Collection>,
}

impl GlobalHeaps {
    /// The bytes of object `index` of the collection at `addr`.
    pub(crate) fn object(&mut self, src: &mut Source, addr: u64, index: u32) -> Res<&[u8]> {
        let (bytes, objects) = match self.collections.entry(addr) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(read_collection(src, addr)?),
        };
        match u16::try_from(index).ok().and_then(|i| objects.get(&i)) {
            Some(&(start, len)) => Ok(&bytes[start..start + len]),
            None => invalid(format!("global heap collection at {addr} has no object {index}")),
        }
    }
}

fn read_collection(src: &mut Source, addr: u64) -> Res<Collection> {
    let sl = src.sl;
    let head = src.read(addr, 8 + sl as u64, "global heap collection")?;
    let mut c = Cursor::new(&head, "global heap collection");
    if c.bytes(4)? != b"GCOL" || c.u8()? != 1 {
        return invalid(format!("global heap collection at {addr}: bad signature or version"));
    }
    c.skip(3)?;
    let size = c.uint(sl)?;
    if size < head.len() as u64 {
        return invalid(format!("global heap collection at {addr}: size {size}"));
    }
    let buf = src.read(addr, size, "global heap collection")?;
    let mut c = Cursor::new(&buf, "global heap collection");
    c.skip(head.len())?;
    let mut objects = HashMap::new();
    while c.remaining() >= 8 + sl {
        let index = c.u16()?;
        c.skip(6)?;
        let osize = c.uint(sl)?;
        if index == 0 {
            break;
        }
        let start = c.pos();
        let len = usize::try_from(osize).unwrap_or(usize::MAX);
        c.skip(len)?;
        c.skip((8 - len % 8) % 8).or_else(|_| c.skip(c.remaining()))?;
        objects.insert(index, (start, len));
    }
    Ok((buf, objects))
}
