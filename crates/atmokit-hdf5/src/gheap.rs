//! Global heap collections, where variable-length attribute values live (HDF5 File Format
//! Specification Version 3.0, section III.E).

use std::collections::HashMap;

use crate::cursor::Cursor;
use crate::error::{Res, invalid};
use crate::source::Source;

/// Objects of the collections read so far: collection address → (object index → size).
#[derive(Default)]
pub(crate) struct GlobalHeaps {
    collections: HashMap<u64, HashMap<u16, u64>>,
}

impl GlobalHeaps {
    /// Check that object `index` exists in the collection at `addr`.
    pub(crate) fn check(&mut self, src: &mut Source, addr: u64, index: u32) -> Res<()> {
        if !self.collections.contains_key(&addr) {
            let objects = read_collection(src, addr)?;
            self.collections.insert(addr, objects);
        }
        let found = u16::try_from(index).ok().and_then(|i| self.collections[&addr].get(&i));
        if found.is_none() {
            return invalid(format!("global heap collection at {addr} has no object {index}"));
        }
        Ok(())
    }
}

fn read_collection(src: &mut Source, addr: u64) -> Res<HashMap<u16, u64>> {
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
        let padded = osize.div_ceil(8).saturating_mul(8);
        c.skip(usize::try_from(padded).unwrap_or(usize::MAX))?;
        objects.insert(index, osize);
    }
    Ok(objects)
}
