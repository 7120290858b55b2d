//! The superblock, versions 0 to 3 (HDF5 File Format Specification Version 3.0, section II.A).

use crate::checksum::lookup3;
use crate::cursor::{Cursor, UNDEF};
use crate::error::{Res, invalid, unsupported};
use crate::source::Source;

/// HDF5's format signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'H', b'D', b'F', b'\r', b'\n', 0x1a, b'\n'];

/// What the walk needs from the superblock.
pub(crate) struct Superblock {
    /// Superblock version (0..=3).
    pub(crate) version: u8,
    /// Address of the root group's object header.
    pub(crate) root: u64,
}

/// Decode and check the superblock at offset 0, setting the address and length sizes of `src`.
pub(crate) fn read(src: &mut Source) -> Res<Superblock> {
    let buf = src.read_upto(0, 256, "superblock")?;
    let mut c = Cursor::new(&buf, "superblock");
    if c.bytes(8)? != SIGNATURE {
        return unsupported("no HDF5 signature at offset 0 (a user block is not supported)");
    }
    let version = c.u8()?;
    let (so, sl);
    let (base, eof, root);
    match version {
        0 | 1 => {
            let _free_space = c.u8()?;
            let _root_symtab = c.u8()?;
            c.skip(1)?;
            let _shared_hdr = c.u8()?;
            so = usize::from(c.u8()?);
            sl = usize::from(c.u8()?);
            check_sizes(so, sl)?;
            c.skip(1)?;
            let leaf_k = c.u16()?;
            let internal_k = c.u16()?;
            if leaf_k == 0 || internal_k == 0 {
                return invalid("superblock: group B-tree K of 0");
            }
            c.skip(4)?;
            if version == 1 {
                c.skip(4)?;
            }
            base = c.addr(so)?;
            let _free_space_addr = c.addr(so)?;
            eof = c.addr(so)?;
            let _driver = c.addr(so)?;
            // Root group symbol table entry.
            let _name_off = c.uint(so)?;
            root = c.addr(so)?;
            c.skip(24)?;
        }
        2 | 3 => {
            so = usize::from(c.u8()?);
            sl = usize::from(c.u8()?);
            check_sizes(so, sl)?;
            let _flags = c.u8()?;
            base = c.addr(so)?;
            let ext = c.addr(so)?;
            eof = c.addr(so)?;
            root = c.addr(so)?;
            let end = c.pos();
            let stored = c.u32()?;
            if lookup3(&buf[..end]) != stored {
                return invalid("superblock: checksum mismatch");
            }
            if ext != UNDEF {
                return unsupported("superblock extension");
            }
        }
        v => return unsupported(format!("superblock version {v}")),
    }
    // The base address is the superblock's own address (HDF5 File Format Specification 3.0,
    // "Base Address"), and the superblock was found at offset 0 (a user block is refused above).
    if base != 0 {
        return invalid(format!(
            "superblock: base address {base}, but the superblock is at address 0"
        ));
    }
    if eof == UNDEF || eof > src.len {
        return invalid(format!(
            "superblock: end-of-file address {eof} is past the file's length {} (truncated file)",
            src.len
        ));
    }
    src.so = so;
    src.sl = sl;
    src.check_range(root, 1, "root group object header")?;
    Ok(Superblock { version, root })
}

fn check_sizes(so: usize, sl: usize) -> Res<()> {
    if !matches!(so, 2 | 4 | 8) || !matches!(sl, 2 | 4 | 8) {
        return invalid(format!(
            "superblock: address size {so} or length size {sl} is not 2, 4 or 8"
        ));
    }
    Ok(())
}
