//! The header of a classic netCDF file, parsed and checked against the file length.
//!
//! Layout: Unidata, "NetCDF Classic and 64-bit Offset Format" (CDF-1, CDF-2) and "CDF-5 Format
//! Specification" (Parallel-NetCDF). Every count, length and offset is checked against the bytes
//! the file has before anything is sized from it, so a damaged header is an error, never a large
//! allocation, an overflow or a panic.

/// Longest name the format allows (libnetcdf's `NC_MAX_NAME`).
pub(crate) const NC_MAX_NAME: u64 = 256;
/// Most dimensions one variable may have (libnetcdf's `NC_MAX_VAR_DIMS`).
const NC_MAX_VAR_DIMS: u64 = 1024;
const NC_DIMENSION: u64 = 0x0A;
const NC_VARIABLE: u64 = 0x0B;
const NC_ATTRIBUTE: u64 = 0x0C;

/// An external type of the classic formats (`NC_BYTE` … `NC_UINT64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NcType {
    Byte,
    Char,
    Short,
    Int,
    Float,
    Double,
    UByte,
    UShort,
    UInt,
    Int64,
    UInt64,
}

impl NcType {
    /// The type with this code; the five unsigned and 64-bit types exist only in CDF-5.
    fn from_code(code: u64, version: u8) -> Option<Self> {
        use NcType::*;
        let t = match code {
            1 => Byte,
            2 => Char,
            3 => Short,
            4 => Int,
            5 => Float,
            6 => Double,
            7 => UByte,
            8 => UShort,
            9 => UInt,
            10 => Int64,
            11 => UInt64,
            _ => return None,
        };
        (version == 5 || code <= 6).then_some(t)
    }

    /// Bytes per element.
    pub(crate) fn size(self) -> u64 {
        use NcType::*;
        match self {
            Byte | Char | UByte => 1,
            Short | UShort => 2,
            Int | Float | UInt => 4,
            Double | Int64 | UInt64 => 8,
        }
    }
}

/// One dimension; the unlimited one has the header's record count as length.
#[derive(Debug)]
pub(crate) struct Dim {
    pub name: String,
    pub len: u64,
}

/// One attribute: its type and its values as stored (big-endian, padding removed).
#[derive(Debug)]
pub(crate) struct Attr {
    pub name: String,
    pub ty: NcType,
    pub raw: Vec<u8>,
}

/// One variable of the header.
#[derive(Debug)]
pub(crate) struct Var {
    pub name: String,
    pub dims: Vec<usize>,
    pub attrs: Vec<Attr>,
    pub ty: NcType,
    /// File offset of the data (of the first record, for a record variable).
    pub begin: u64,
    /// True when the first dimension is the unlimited one.
    pub record: bool,
    /// Bytes of the whole variable, or of one record of it.
    pub bytes: u64,
}

/// A parsed, checked classic header.
#[derive(Debug)]
pub(crate) struct Header {
    pub dims: Vec<Dim>,
    pub unlimited: Option<usize>,
    pub attrs: Vec<Attr>,
    pub vars: Vec<Var>,
    /// Records present (derived from the file length for a streaming file).
    pub numrecs: u64,
    /// Bytes from one record to the next.
    pub recsize: u64,
    /// Offset of the first record.
    pub begin_rec: u64,
}

/// Why parsing stopped.
#[derive(Debug)]
pub(crate) enum Fault {
    /// The buffer ended; the caller may retry with more of the file.
    More,
    /// The header is malformed at `item`.
    Bad { item: String, reason: String },
    /// The header is fine but the file is shorter than it says.
    Short { expected: u64 },
}

type P<T> = Result<T, Fault>;

fn bad<T>(item: impl Into<String>, reason: impl Into<String>) -> P<T> {
    Err(Fault::Bad {
        item: item.into(),
        reason: reason.into(),
    })
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    version: u8,
    file_len: u64,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: u64) -> P<&'a [u8]> {
        let n = usize::try_from(n).map_err(|_| Fault::More)?;
        let end = self.pos.checked_add(n).ok_or(Fault::More)?;
        let s = self.b.get(self.pos..end).ok_or(Fault::More)?;
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self) -> P<u64> {
        let b = self.take(4)?;
        Ok(u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
    }
    fn u64(&mut self) -> P<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }
    /// NON_NEG: 4 bytes, 8 in CDF-5.
    fn count(&mut self) -> P<u64> {
        if self.version == 5 { self.u64() } else { self.u32() }
    }
    /// OFFSET: 4 bytes in CDF-1, 8 in CDF-2 and CDF-5.
    fn offset(&mut self) -> P<u64> {
        if self.version == 1 { self.u32() } else { self.u64() }
    }
    /// Bytes of the file after the cursor.
    fn left(&self) -> u64 {
        self.file_len.saturating_sub(self.pos as u64)
    }
    /// Skip the padding after `n` bytes of values.
    fn pad(&mut self, n: u64) -> P<()> {
        self.take((4 - n % 4) % 4).map(|_| ())
    }
    fn name(&mut self, item: &dyn Fn() -> String) -> P<String> {
        let n = self.count()?;
        if n == 0 {
            return bad(item(), "empty name");
        }
        if n > NC_MAX_NAME {
            return bad(
                item(),
                format!("name of {n} bytes is longer than NC_MAX_NAME ({NC_MAX_NAME})"),
            );
        }
        let b = self.take(n)?;
        self.pad(n)?;
        match std::str::from_utf8(b) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => bad(
                item(),
                format!("name is not valid UTF-8 ({})", String::from_utf8_lossy(b)),
            ),
        }
    }
    /// A list header (tag, count); ABSENT is two zeros. `min_entry` bytes per entry bound the count.
    fn list(&mut self, tag: u64, what: &str, min_entry: u64) -> P<u64> {
        let t = self.u32()?;
        let n = self.count()?;
        if !(t == tag || (t == 0 && n == 0)) {
            return bad("header", format!("expected the {what} list (tag {tag}), found tag {t}"));
        }
        if n.saturating_mul(min_entry) > self.left() {
            return bad(
                "header",
                format!(
                    "{n} {what} entries cannot fit in the {} bytes left in the file",
                    self.left()
                ),
            );
        }
        Ok(n)
    }
    fn attrs(&mut self, owner: &str) -> P<Vec<Attr>> {
        let n = self.list(NC_ATTRIBUTE, "attribute", 12)?;
        let mut out = Vec::new();
        for i in 0..n {
            let name = self.name(&|| format!("attribute {i} of {owner}"))?;
            let item = || format!("attribute '{name}' of {owner}");
            let code = self.u32()?;
            let ty = NcType::from_code(code, self.version).ok_or_else(|| Fault::Bad {
                item: item(),
                reason: format!("unknown type code {code} for CDF-{}", self.version),
            })?;
            let len = self.count()?;
            let bytes = match len.checked_mul(ty.size()) {
                Some(b) if b <= self.left() => b,
                _ => {
                    return bad(
                        item(),
                        format!("{len} values cannot fit in the {} bytes left in the file", self.left()),
                    );
                }
            };
            let raw = self.take(bytes)?.to_vec();
            self.pad(bytes)?;
            out.push(Attr { name, ty, raw });
        }
        Ok(out)
    }
}

/// Parse `b` (the first bytes of a file of `file_len` bytes).
pub(crate) fn parse(b: &[u8], file_len: u64) -> P<Header> {
    let mut c = Cursor {
        b,
        pos: 0,
        version: 0,
        file_len,
    };
    let magic = c.take(4)?;
    if &magic[..3] != b"CDF" {
        return bad("header", "no CDF magic number");
    }
    c.version = magic[3];
    if !matches!(c.version, 1 | 2 | 5) {
        return bad("header", format!("unknown classic format version {}", c.version));
    }
    let numrecs = c.count()?;
    // STREAMING (all ones) marks a file written without its final record count. The count is a
    // 32-bit field in CDF-1 and CDF-2 only; in CDF-5 every value is taken literally.
    let streaming = c.version != 5 && numrecs == u64::from(u32::MAX);
    let n_dims = c.list(NC_DIMENSION, "dimension", 8)?;
    let mut dims = Vec::new();
    let mut unlimited = None;
    for i in 0..n_dims {
        let name = c.name(&|| format!("dimension {i}"))?;
        let len = c.count()?;
        if len == 0 {
            if unlimited.is_some() {
                return bad(format!("dimension '{name}'"), "a second unlimited dimension");
            }
            unlimited = Some(dims.len());
        }
        dims.push(Dim { name, len });
    }
    let attrs = c.attrs("the file")?;
    let n_vars = c.list(NC_VARIABLE, "variable", 28)?;
    let mut vars = Vec::new();
    for i in 0..n_vars {
        let name = c.name(&|| format!("variable {i}"))?;
        let item = format!("variable '{name}'");
        let nd = c.count()?;
        if nd > NC_MAX_VAR_DIMS || nd.saturating_mul(4) > c.left() {
            return bad(
                item,
                format!("{nd} dimensions (at most {NC_MAX_VAR_DIMS}, and the file must hold them)"),
            );
        }
        let mut ids = Vec::new();
        for _ in 0..nd {
            let id = c.count()?;
            match usize::try_from(id).ok().filter(|&d| d < dims.len()) {
                Some(d) => ids.push(d),
                None => {
                    return bad(
                        item,
                        format!("dimension id {id} does not exist ({} dimensions)", dims.len()),
                    );
                }
            }
        }
        let vattrs = c.attrs(&item)?;
        let code = c.u32()?;
        let ty = NcType::from_code(code, c.version).ok_or_else(|| Fault::Bad {
            item: item.clone(),
            reason: format!("unknown type code {code} for CDF-{}", c.version),
        })?;
        let _vsize = c.count()?; // redundant, and wrong for large variables: recomputed below
        let begin = c.offset()?;
        let record = unlimited.is_some() && ids.first() == unlimited.as_ref();
        if ids.iter().skip(1).any(|&d| Some(d) == unlimited) {
            return bad(item, "the unlimited dimension is not the first one");
        }
        let mut elems: u64 = 1;
        for &d in ids.iter().skip(usize::from(record)) {
            elems = match elems.checked_mul(dims[d].len) {
                Some(e) => e,
                None => return bad(item, "the product of the dimension lengths overflows"),
            };
        }
        let Some(bytes) = elems.checked_mul(ty.size()) else {
            return bad(item, "the variable's size overflows");
        };
        vars.push(Var {
            name,
            dims: ids,
            attrs: vattrs,
            ty,
            begin,
            record,
            bytes,
        });
    }
    let header_len = c.pos as u64;
    layout(dims, unlimited, attrs, vars, numrecs, streaming, header_len, file_len)
}

/// Record layout, record count and the length the file needs, as libnetcdf computes them.
#[allow(clippy::too_many_arguments)]
fn layout(
    mut dims: Vec<Dim>,
    unlimited: Option<usize>,
    attrs: Vec<Attr>,
    vars: Vec<Var>,
    numrecs: u64,
    streaming: bool,
    header_len: u64,
    file_len: u64,
) -> P<Header> {
    let overflow = |v: &Var| Fault::Bad {
        item: format!("variable '{}'", v.name),
        reason: "its size or offset overflows".into(),
    };
    // Each record variable's slab is padded to 4 bytes, except with a single record variable.
    let mut recsize: u64 = 0;
    let mut first: Option<u64> = None;
    let mut begin_rec = u64::MAX;
    for v in vars.iter().filter(|v| v.record) {
        let padded = v.bytes.checked_add(3).ok_or_else(|| overflow(v))? / 4 * 4;
        recsize = recsize.checked_add(padded).ok_or_else(|| overflow(v))?;
        first.get_or_insert(v.bytes);
        begin_rec = begin_rec.min(v.begin);
    }
    if let Some(f) = first
        && recsize == f.div_ceil(4) * 4
    {
        recsize = f;
    }
    // Where a record's last byte falls, relative to the record's start.
    let mut rec_end: u64 = 0;
    for v in vars.iter().filter(|v| v.record) {
        rec_end = rec_end.max((v.begin - begin_rec).checked_add(v.bytes).ok_or_else(|| overflow(v))?);
    }
    let numrecs = if !streaming {
        numrecs
    } else if first.is_none() || recsize == 0 || file_len <= begin_rec {
        0
    } else {
        let avail = file_len - begin_rec;
        let n = if avail >= rec_end {
            (avail - rec_end) / recsize + 1
        } else {
            0
        };
        // Bytes after the last whole record that do not make another whole one: cut off.
        let whole = n.saturating_mul(recsize);
        if avail > whole {
            return Err(Fault::Short {
                expected: begin_rec.saturating_add(whole).saturating_add(rec_end),
            });
        }
        n
    };
    if let Some(u) = unlimited {
        dims[u].len = numrecs;
    }
    let mut need = header_len;
    for v in &vars {
        let end = if v.record {
            if numrecs == 0 || v.bytes == 0 {
                continue;
            }
            (numrecs - 1)
                .checked_mul(recsize)
                .and_then(|x| x.checked_add(v.begin))
                .and_then(|x| x.checked_add(v.bytes))
        } else {
            v.begin.checked_add(v.bytes)
        };
        need = need.max(end.ok_or_else(|| overflow(v))?);
    }
    if need > file_len {
        return Err(Fault::Short { expected: need });
    }
    Ok(Header {
        dims,
        unlimited,
        attrs,
        vars,
        numrecs,
        recsize,
        begin_rec: if first.is_some() { begin_rec } else { 0 },
    })
}
