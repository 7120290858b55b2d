//! Datatype messages (HDF5 File Format Specification Version 3.0, section IV.A.2.d): the
//! classes netCDF-4 and h5py write are decoded and checked, the others refused.

use crate::cursor::Cursor;
use crate::error::{Res, invalid, unsupported};
use crate::names::check_name;

/// Deepest nesting of compound / variable-length / enum types accepted.
const MAX_NESTING: u32 = 8;

/// What the walk needs to know of a datatype.
#[derive(Clone, Debug)]
pub(crate) struct Datatype {
    /// Size of one element in memory as the message gives it.
    pub(crate) size: u64,
    /// Whether elements are variable-length (stored in the global heap).
    pub(crate) vlen: bool,
    /// Byte offsets of object references within one element (of the base type if `vlen`).
    pub(crate) refs: Vec<u64>,
    /// Size of one element of the base type of a variable-length type.
    pub(crate) base_size: u64,
    /// Datatype class (0 fixed-point, 1 floating-point, ...).
    pub(crate) class: u8,
    /// Whether a fixed- or floating-point type is big-endian.
    pub(crate) big_endian: bool,
}

/// Decode a datatype message; returns the type and the bytes it occupied.
pub(crate) fn decode(buf: &[u8]) -> Res<(Datatype, usize)> {
    let mut c = Cursor::new(buf, "datatype message");
    let t = decode_at(&mut c, 0)?;
    Ok((t, c.pos()))
}

fn decode_at(c: &mut Cursor<'_>, depth: u32) -> Res<Datatype> {
    if depth > MAX_NESTING {
        return invalid(format!("datatype nested more than {MAX_NESTING} levels"));
    }
    let cv = c.u8()?;
    let (class, version) = (cv & 0x0f, cv >> 4);
    if !(1..=3).contains(&version) {
        return unsupported(format!("datatype version {version}"));
    }
    let bits = c.bytes(3)?;
    let bits = u32::from(bits[0]) | u32::from(bits[1]) << 8 | u32::from(bits[2]) << 16;
    let size = u64::from(c.u32()?);
    let plain = Datatype {
        size,
        vlen: false,
        refs: Vec::new(),
        base_size: 0,
        class,
        big_endian: class <= 1 && bits & 1 != 0,
    };
    match class {
        0 => {
            if !matches!(size, 1 | 2 | 4 | 8) {
                return invalid(format!("integer datatype of size {size}"));
            }
            let _offset = c.u16()?;
            let precision = c.u16()?;
            if u64::from(precision) > size * 8 || precision == 0 {
                return invalid(format!("integer datatype: precision {precision} bits in {size} bytes"));
            }
            Ok(plain)
        }
        1 => {
            if !matches!(size, 2 | 4 | 8) {
                return invalid(format!("floating-point datatype of size {size}"));
            }
            let _offset = c.u16()?;
            let precision = c.u16()?;
            let (eloc, esize, mloc, msize) = (c.u8()?, c.u8()?, c.u8()?, c.u8()?);
            let _bias = c.u32()?;
            let nbits = size * 8;
            if u64::from(precision) > nbits
                || u64::from(eloc) + u64::from(esize) > nbits
                || u64::from(mloc) + u64::from(msize) > nbits
            {
                return invalid("floating-point datatype: bit fields outside the element");
            }
            Ok(plain)
        }
        3 => {
            if size == 0 {
                return invalid("string datatype of size 0");
            }
            Ok(plain)
        }
        6 => compound(c, version, bits, size, depth),
        7 => match bits & 0x0f {
            0 if size == 8 => Ok(Datatype { refs: vec![0], ..plain }),
            0 => invalid(format!("object reference datatype of size {size}")),
            r => unsupported(format!("reference datatype of kind {r}")),
        },
        8 => {
            let base = decode_at(c, depth + 1)?;
            if base.vlen {
                return invalid("enumeration of a variable-length base type");
            }
            let n = (bits & 0xffff) as usize;
            for _ in 0..n {
                name(c, version)?;
            }
            let values = (n as u64).saturating_mul(base.size);
            c.skip(usize::try_from(values).unwrap_or(usize::MAX))?;
            Ok(plain)
        }
        9 => {
            let base = decode_at(c, depth + 1)?;
            if base.vlen && bits & 0x0f == 1 {
                return invalid("variable-length string of a variable-length base type");
            }
            let string = bits & 0x0f == 1;
            let refs = if string { Vec::new() } else { base.refs };
            Ok(Datatype {
                size,
                vlen: true,
                refs,
                base_size: if string { 1 } else { base.size },
                class: 9,
                big_endian: false,
            })
        }
        k => unsupported(format!("datatype class {k} (not written by netCDF-4)")),
    }
}

/// A member or enumeration name: NUL-terminated, padded to 8 bytes before version 3.
fn name(c: &mut Cursor<'_>, version: u8) -> Res<()> {
    let rest = c.rest();
    let Some(end) = rest.iter().position(|&b| b == 0) else {
        return invalid("datatype member name is not NUL-terminated");
    };
    check_name(&rest[..end], "datatype member")?;
    let used = if version < 3 {
        (end + 1).div_ceil(8) * 8
    } else {
        end + 1
    };
    c.skip(used)
}

fn compound(c: &mut Cursor<'_>, version: u8, bits: u32, size: u64, depth: u32) -> Res<Datatype> {
    let n = bits & 0xffff;
    if n == 0 {
        return invalid("compound datatype without members");
    }
    let mut refs = Vec::new();
    for _ in 0..n {
        name(c, version)?;
        let offset = match version {
            3 => {
                let width = bytes_for(size);
                c.uint(width)?
            }
            _ => u64::from(c.u32()?),
        };
        if version == 1 {
            let dims = c.u8()?;
            c.skip(3 + 4 + 4 + 16)?;
            if dims != 0 {
                return unsupported("compound member with array dimensions");
            }
        }
        let member = decode_at(c, depth + 1)?;
        if member.vlen {
            return unsupported("compound member of a variable-length type");
        }
        refs.extend(member.refs.iter().map(|r| offset.saturating_add(*r)));
        if offset.checked_add(member.size).is_none_or(|end| end > size) {
            return invalid(format!(
                "compound member at offset {offset} of size {} overruns the {size}-byte type",
                member.size
            ));
        }
    }
    Ok(Datatype {
        size,
        vlen: false,
        refs,
        base_size: 0,
        class: 6,
        big_endian: false,
    })
}

/// Bytes needed to encode offsets within a compound of `size` bytes (version 3 encoding).
fn bytes_for(size: u64) -> usize {
    let mut n = 1;
    while n < 8 && size >> (8 * n) != 0 {
        n += 1;
    }
    n
}
