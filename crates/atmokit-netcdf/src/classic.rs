//! A size check for netCDF classic files (CDF-1, CDF-2, CDF-5).
//!
//! libnetcdf reads a truncated classic file without complaint and returns fill values for the
//! missing bytes, which would silently lose data. The header says where every variable starts
//! and how long it is; this module parses it (format: Unidata, "The NetCDF Classic Format
//! Specification", NetCDF Users Guide appendix) and computes the length the file must have.

use std::io::Read;
use std::path::Path;

/// The number of bytes a classic file must hold, from its header; None when the header itself
/// is cut short or malformed (libnetcdf then reports the error).
pub(crate) fn required_len(path: &Path) -> std::io::Result<Option<(u64, u64)>> {
    let mut f = std::fs::File::open(path)?;
    let actual = f.metadata()?.len();
    let mut head = Vec::new();
    // Headers are small; 64 MiB is far beyond any real one.
    f.by_ref().take(64 << 20).read_to_end(&mut head)?;
    Ok(Header {
        b: &head,
        pos: 0,
        version: 0,
    }
    .parse()
    .map(|need| (need, actual)))
}

struct Header<'a> {
    b: &'a [u8],
    pos: usize,
    version: u8,
}

impl Header<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.b.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u64> {
        Some(u64::from(u32::from_be_bytes(self.bytes(4)?.try_into().ok()?)))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_be_bytes(self.bytes(8)?.try_into().ok()?))
    }
    /// NON_NEG: 4 bytes, 8 in CDF-5.
    fn count(&mut self) -> Option<u64> {
        if self.version == 5 { self.u64() } else { self.u32() }
    }
    /// OFFSET: 4 bytes in CDF-1, 8 in CDF-2 and CDF-5.
    fn offset(&mut self) -> Option<u64> {
        if self.version == 1 { self.u32() } else { self.u64() }
    }
    fn padded(&mut self, n: u64) -> Option<()> {
        let n = usize::try_from(n.checked_add(3)? / 4 * 4).ok()?;
        self.bytes(n).map(|_| ())
    }
    fn name(&mut self) -> Option<()> {
        let n = self.count()?;
        self.padded(n)
    }
    fn list_header(&mut self, tag: u32) -> Option<u64> {
        let t = self.u32()?;
        let n = self.count()?;
        (t == u64::from(tag) || (t == 0 && n == 0)).then_some(n)
    }
    fn attrs(&mut self) -> Option<()> {
        let n = self.list_header(0x0C)?;
        for _ in 0..n {
            self.name()?;
            let ty = self.u32()?;
            let len = self.count()?;
            self.padded(len.checked_mul(type_size(ty)?)?)?;
        }
        Some(())
    }
    fn parse(mut self) -> Option<u64> {
        let magic = self.bytes(4)?;
        if &magic[..3] != b"CDF" {
            return None;
        }
        self.version = magic[3];
        if !matches!(self.version, 1 | 2 | 5) {
            return None;
        }
        let numrecs = self.count()?;
        let ndims = self.list_header(0x0A)?;
        let mut dims = Vec::new();
        for _ in 0..ndims {
            self.name()?;
            dims.push(self.count()?);
        }
        self.attrs()?;
        let nvars = self.list_header(0x0B)?;
        struct V {
            record: bool,
            bytes: u64,
            vsize: u64,
            begin: u64,
        }
        let mut vars = Vec::new();
        for _ in 0..nvars {
            self.name()?;
            let nd = self.count()?;
            let mut ids = Vec::new();
            for _ in 0..nd {
                ids.push(self.count()?);
            }
            self.attrs()?;
            let ty = self.u32()?;
            let vsize = self.count()?;
            let begin = self.offset()?;
            let record = ids.first().is_some_and(|&d| dims.get(d as usize) == Some(&0));
            let mut elems: u64 = 1;
            for (i, &d) in ids.iter().enumerate() {
                if record && i == 0 {
                    continue;
                }
                elems = elems.checked_mul(*dims.get(d as usize)?)?;
            }
            vars.push(V {
                record,
                bytes: elems.checked_mul(type_size(ty)?)?,
                vsize,
                begin,
            });
        }
        // Streaming files (numrecs = all ones) have no count to check against.
        let numrecs = if numrecs == u64::from(u32::MAX) || numrecs == u64::MAX {
            0
        } else {
            numrecs
        };
        let n_record_vars = vars.iter().filter(|v| v.record).count();
        let recsize: u64 = vars
            .iter()
            .filter(|v| v.record)
            .map(|v| if n_record_vars == 1 { v.bytes } else { v.vsize })
            .sum();
        let mut need = self.pos as u64;
        for v in &vars {
            let end = if v.record {
                if numrecs == 0 {
                    continue;
                }
                v.begin + (numrecs - 1) * recsize + v.bytes
            } else {
                v.begin + v.bytes
            };
            need = need.max(end);
        }
        Some(need)
    }
}

fn type_size(ty: u64) -> Option<u64> {
    Some(match ty {
        1 | 2 | 7 => 1,
        3 | 8 => 2,
        4 | 5 | 9 => 4,
        6 | 10 | 11 => 8,
        _ => return None,
    })
}
