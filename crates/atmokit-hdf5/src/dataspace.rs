//! Dataspace messages (HDF5 File Format Specification Version 3.0, section IV.A.2.b).

use crate::cursor::{Cursor, UNDEF};
use crate::error::{Res, invalid, unsupported};

/// Most dimensions of a dataspace (HDF5's `H5S_MAX_RANK`).
const MAX_RANK: u8 = 32;

/// A decoded dataspace.
pub(crate) struct Dataspace {
    /// Current dimension sizes (empty for a scalar).
    pub(crate) dims: Vec<u64>,
    /// Maximum dimension sizes ([`UNDEF`] for unlimited); the current sizes if not given.
    pub(crate) maxdims: Vec<u64>,
    /// Number of elements (0 for the null dataspace), `None` if the product overflows.
    pub(crate) elements: Option<u64>,
}

/// Decode a dataspace message; `sl` is the file's length size.
pub(crate) fn decode(buf: &[u8], sl: usize) -> Res<Dataspace> {
    let mut c = Cursor::new(buf, "dataspace message");
    let version = c.u8()?;
    let rank = c.u8()?;
    let flags = c.u8()?;
    let mut null = false;
    match version {
        1 => c.skip(5)?,
        2 => match c.u8()? {
            0 | 1 => {}
            2 => null = true,
            t => return invalid(format!("dataspace type {t}")),
        },
        v => return unsupported(format!("dataspace version {v}")),
    }
    if rank > MAX_RANK {
        return invalid(format!("dataspace of rank {rank} (more than {MAX_RANK})"));
    }
    if flags & 0x02 != 0 {
        return unsupported("dataspace with a permutation index");
    }
    let dims: Vec<u64> = (0..rank).map(|_| c.uint(sl)).collect::<Res<_>>()?;
    let mut maxdims = dims.clone();
    if flags & 0x01 != 0 {
        for (&d, m) in dims.iter().zip(maxdims.iter_mut()) {
            let max = c.uint(sl)?;
            let max = if sl < 8 && max == (1u64 << (8 * sl)) - 1 {
                UNDEF
            } else {
                max
            };
            if max != UNDEF && d > max {
                return invalid(format!("dataspace dimension {d} exceeds its maximum {max}"));
            }
            *m = max;
        }
    }
    let elements = if null {
        Some(0)
    } else {
        dims.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d))
    };
    Ok(Dataspace {
        dims,
        maxdims,
        elements,
    })
}
