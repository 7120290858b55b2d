//! Variable-length values (HDF5 File Format Specification Version 3.0, datatype class 9): each
//! element is stored as a sequence length, a global heap collection address and an object
//! index, and must name an existing heap object of exactly that many base elements. libhdf5
//! copies the whole heap object into a buffer sized from the length, and walks the collection
//! to find it (see `gheap`), so both are checked before it reads such a value.

use crate::cursor::{Cursor, UNDEF};
use crate::datatype::Datatype;
use crate::error::{Res, invalid, unsupported};
use crate::storage::Extent;
use crate::walk::{Walker, read_addr};

impl Walker {
    /// Check the first `n` variable-length elements of type `dtype` stored in `data`.
    pub(crate) fn vlen_elements(&mut self, data: &[u8], n: u64, dtype: &Datatype) -> Res<()> {
        let so = self.src.so;
        let mut c = Cursor::new(data, "variable-length value");
        for _ in 0..n {
            let len = u64::from(c.u32()?);
            let addr = c.addr(so)?;
            let index = c.u32()?;
            if len == 0 && (addr == 0 || addr == UNDEF) {
                continue;
            }
            let obj = self.heaps.object(&mut self.src, addr, index)?;
            // libhdf5 copies the whole object into a buffer sized from the element count, so
            // the two must agree exactly.
            let need = len.saturating_mul(dtype.base_size);
            if need != obj.len() as u64 {
                return invalid(format!(
                    "{len} elements of {} bytes need {need} bytes, the global heap object holds {}",
                    dtype.base_size,
                    obj.len()
                ));
            }
            let refs: Vec<u64> = (0..len)
                .flat_map(|i| dtype.refs.iter().map(move |&r| (i * dtype.base_size + r) as usize))
                .map(|at| read_addr(&obj[at..], so))
                .collect();
            self.refs.extend(refs);
        }
        Ok(())
    }

    /// Check every element of a variable-length dataset whose raw data lies in `extents`
    /// (compact data, contiguous data or unfiltered chunks; filtered chunks are unsupported).
    pub(crate) fn vlen_dataset(&mut self, extents: &[Extent], filtered: bool, dtype: &Datatype) -> Res<()> {
        if filtered && !extents.is_empty() {
            return unsupported("variable-length dataset with filters");
        }
        let stored = 8 + self.src.so as u64;
        for e in extents {
            let bytes = match e {
                Extent::Inline(b) => b.clone(),
                Extent::At(addr, size) => {
                    if self.src.read_bytes.saturating_add(*size) > self.src.max_read {
                        // Too much to check within the metadata budget; not a sign of damage.
                        return unsupported("variable-length dataset larger than the metadata budget");
                    }
                    self.src.read(*addr, *size, "variable-length data")?
                }
            };
            self.vlen_elements(&bytes, bytes.len() as u64 / stored, dtype)
                .map_err(|f| f.context("variable-length data"))?;
        }
        Ok(())
    }
}
