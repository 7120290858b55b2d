//! Global heap collections, where variable-length values live (HDF5 File Format Specification
//! Version 3.0, section III.E "Disk Format: Level 1E - Global Heap").
//!
//! A collection is a header (signature `GCOL`, version 1, three reserved bytes, the size of the
//! whole collection) followed by its objects laid end to end. Each object is a header (index,
//! reference count, four reserved bytes, object size) and its data, padded to a multiple of
//! eight bytes. Object 0 is the collection's free space: its size counts its own header. Space
//! at the end too small for an object header is free space without a header.
//!
//! A reader finds an object by walking the collection from its start, object by object. A size
//! that does not move that walk forward (a free-space object of size 0, as one changed byte in a
//! neighbour's size can expose) or that wraps around makes the walk never end: libhdf5 1.10 then
//! loops forever while reading a variable-length attribute such as netCDF-4's `DIMENSION_LIST`.
//! So each collection is walked here the same way and refused unless every step moves forward
//! and stays inside the collection, and every object index appears once.

use std::collections::HashMap;

use crate::cursor::Cursor;
use crate::error::{Res, invalid};
use crate::source::Source;

/// A collection's bytes and its objects (index → start and length of the data in those bytes).
type Collection = (Vec<u8>, HashMap<u16, (usize, usize)>);

/// Objects of the collections read so far: collection address → (object index → size).
#[derive(Default)]
pub(crate) struct GlobalHeaps {
    collections: HashMap<u64, Collection>,
}

impl GlobalHeaps {
    /// The data of object `index` of the collection at `addr` (the whole collection is checked
    /// the first time it is reached).
    pub(crate) fn object(&mut self, src: &mut Source, addr: u64, index: u32) -> Res<&[u8]> {
        let (bytes, objects) = match self.collections.entry(addr) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(read_collection(src, addr)?),
        };
        match u16::try_from(index)
            .ok()
            .filter(|&i| i > 0)
            .and_then(|i| objects.get(&i))
        {
            Some(&(start, len)) => Ok(&bytes[start..start + len]),
            None => invalid(format!("global heap collection at {addr} has no object {index}")),
        }
    }
}

/// Read and check the collection at `addr`.
fn read_collection(src: &mut Source, addr: u64) -> Res<Collection> {
    let sl = src.sl;
    let head = src.read(addr, 8 + sl as u64, "global heap collection")?;
    let mut c = Cursor::new(&head, "global heap collection");
    if c.bytes(4)? != b"GCOL" || c.u8()? != 1 {
        return invalid(format!("global heap collection at {addr}: bad signature or version"));
    }
    c.skip(3)?;
    let size = c.uint(sl)?;
    // The collection header is padded to eight bytes like the objects after it (16 bytes with
    // the 8-byte lengths every netCDF-4 file uses).
    let head_len = (8 + sl).div_ceil(8) * 8;
    if size < head_len as u64 {
        return invalid(format!("global heap collection at {addr}: size {size}"));
    }
    let buf = src.read(addr, size, "global heap collection")?;
    let objects =
        walk_objects(&buf, head_len, sl).map_err(|e| e.context(&format!("global heap collection at {addr}")))?;
    Ok((buf, objects))
}

/// Walk the objects of collection `buf` from offset `start`, as a reader does.
fn walk_objects(buf: &[u8], start: usize, sl: usize) -> Res<HashMap<u16, (usize, usize)>> {
    let obj_head = 8 + sl;
    let mut objects = HashMap::new();
    let mut free_space = false;
    let mut pos = start;
    while pos < buf.len() {
        let left = buf.len() - pos;
        if left < obj_head {
            break;
        }
        let mut c = Cursor::new(&buf[pos..], "global heap object");
        let index = c.u16()?;
        c.skip(6)?;
        let size = c.uint(sl)?;
        let step = if index == 0 {
            if size < obj_head as u64 {
                return invalid(format!(
                    "free-space object at offset {pos} has size {size}, less than its own \
                     {obj_head}-byte header"
                ));
            }
            Some(size)
        } else {
            size.checked_add(7)
                .map(|s| s / 8 * 8)
                .and_then(|s| s.checked_add(obj_head as u64))
        };
        let step = match step {
            Some(s) if s <= left as u64 => s as usize,
            _ => {
                return invalid(format!(
                    "object {index} at offset {pos} ({size} bytes) runs past the end of the \
                     {}-byte collection",
                    buf.len()
                ));
            }
        };
        if index == 0 {
            if free_space {
                return invalid(format!("a second free-space object at offset {pos}"));
            }
            free_space = true;
        } else if objects.insert(index, (pos + obj_head, size as usize)).is_some() {
            return invalid(format!("object index {index} appears twice"));
        }
        pos += step;
    }
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4096-byte collection body (after the 16-byte header) holding `objs` then free space.
    fn collection(objs: &[(u16, &[u8])]) -> Vec<u8> {
        let mut b = b"GCOL\x01\0\0\0".to_vec();
        b.extend(4096u64.to_le_bytes());
        for (i, data) in objs {
            b.extend(i.to_le_bytes());
            b.extend([0u8; 6]);
            b.extend((data.len() as u64).to_le_bytes());
            b.extend(*data);
            b.resize(b.len().div_ceil(8) * 8, 0);
        }
        let free = 4096 - b.len() as u64;
        b.extend([0u8; 8]);
        b.extend(free.to_le_bytes());
        b.resize(4096, 0);
        b
    }

    #[test]
    fn objects_are_found_with_their_sizes() {
        let b = collection(&[(1, b"abc"), (2, &[7u8; 16]), (3, b"")]);
        let o = walk_objects(&b, 16, 8).unwrap();
        assert_eq!(o.len(), 3);
        assert_eq!(o[&1], (32, 3));
        assert_eq!(o[&2], (56, 16));
        assert_eq!(o[&3], (88, 0));
    }

    #[test]
    fn a_free_space_object_of_size_zero_is_refused() {
        // Object 1's size grown from 8 to 264 makes the walk land on zero bytes: an object 0
        // of size 0, where a walk that trusts sizes would stay forever.
        let mut b = collection(&[(1, &[1u8; 8])]);
        b[24..32].copy_from_slice(&264u64.to_le_bytes());
        let e = walk_objects(&b, 16, 8).unwrap_err();
        assert!(
            matches!(e, crate::error::Fault::Invalid(ref r) if r.contains("size 0")),
            "{e:?}"
        );
    }

    #[test]
    fn sizes_that_wrap_or_overrun_are_refused() {
        for size in [u64::MAX, u64::MAX - 15, u64::MAX - 7, 4096, 4081] {
            let mut b = collection(&[(1, &[1u8; 8])]);
            b[24..32].copy_from_slice(&size.to_le_bytes());
            assert!(walk_objects(&b, 16, 8).is_err(), "size {size}");
        }
    }

    #[test]
    fn repeated_indexes_are_refused() {
        let b = collection(&[(1, b"a"), (1, b"b")]);
        assert!(walk_objects(&b, 16, 8).is_err());
        let mut b = collection(&[(1, b"a")]);
        // A second free-space object: turn object 1 into index 0 of size 24.
        b[16..18].copy_from_slice(&0u16.to_le_bytes());
        b[24..32].copy_from_slice(&24u64.to_le_bytes());
        assert!(walk_objects(&b, 16, 8).is_err());
    }

    #[test]
    fn a_tail_too_small_for_a_header_is_free_space() {
        let mut b = collection(&[(1, b"a")]);
        // Object 1 takes all but the last 8 bytes: 4096 - 16 - 16 - 8 = 4056 bytes of data.
        b[24..32].copy_from_slice(&4056u64.to_le_bytes());
        let o = walk_objects(&b, 16, 8).unwrap();
        assert_eq!(o[&1], (32, 4056));
    }
}
