//! Builds classic netCDF files byte by byte, after Unidata's "NetCDF Classic and 64-bit Offset
//! Format" and the Parallel-NetCDF "CDF-5 Format Specification", so tests know the right answer.

/// An attribute: name bytes, type code (1 byte … 11 uint64), element count, big-endian values.
pub struct Att {
    pub name: Vec<u8>,
    pub ty: u32,
    pub n: u64,
    pub vals: Vec<u8>,
}

impl Att {
    /// A `char` attribute.
    pub fn text(name: &str, s: &str) -> Att {
        Att {
            name: name.into(),
            ty: 2,
            n: s.len() as u64,
            vals: s.as_bytes().to_vec(),
        }
    }
    /// A `double` attribute.
    pub fn f64s(name: &str, v: &[f64]) -> Att {
        Att {
            name: name.into(),
            ty: 6,
            n: v.len() as u64,
            vals: v.iter().flat_map(|x| x.to_be_bytes()).collect(),
        }
    }
}

/// A variable: dims are indexes into [`Cdf::dims`]; `data` is every value, big-endian (all
/// records one after another for a record variable).
pub struct V {
    pub name: Vec<u8>,
    pub dims: Vec<u64>,
    pub atts: Vec<Att>,
    pub ty: u32,
    pub data: Vec<u8>,
}

/// A whole file.
pub struct Cdf {
    pub version: u8,
    /// Written as is (all ones for a streaming file).
    pub numrecs: u64,
    /// Real record count, used to lay out record data.
    pub records: u64,
    pub dims: Vec<(Vec<u8>, u64)>,
    pub gatts: Vec<Att>,
    pub vars: Vec<V>,
}

fn pad(out: &mut Vec<u8>) {
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

impl Cdf {
    fn count(&self, out: &mut Vec<u8>, n: u64) {
        if self.version == 5 {
            out.extend(n.to_be_bytes());
        } else {
            out.extend((n as u32).to_be_bytes());
        }
    }
    fn name(&self, out: &mut Vec<u8>, s: &[u8]) {
        self.count(out, s.len() as u64);
        out.extend(s);
        pad(out);
    }
    fn atts(&self, out: &mut Vec<u8>, atts: &[Att]) {
        if atts.is_empty() {
            out.extend([0; 4]);
            self.count(out, 0);
            return;
        }
        out.extend(12u32.to_be_bytes());
        self.count(out, atts.len() as u64);
        for a in atts {
            self.name(out, &a.name);
            out.extend(a.ty.to_be_bytes());
            self.count(out, a.n);
            out.extend(&a.vals);
            pad(out);
        }
    }
    fn is_record(&self, v: &V) -> bool {
        v.dims
            .first()
            .is_some_and(|&d| self.dims.get(d as usize).is_some_and(|x| x.1 == 0))
    }
    fn header(&self, begins: &[u64]) -> Vec<u8> {
        let mut out = b"CDF".to_vec();
        out.push(self.version);
        self.count(&mut out, self.numrecs);
        if self.dims.is_empty() {
            out.extend([0; 4]);
            self.count(&mut out, 0);
        } else {
            out.extend(10u32.to_be_bytes());
            self.count(&mut out, self.dims.len() as u64);
            for (n, l) in &self.dims {
                self.name(&mut out, n);
                self.count(&mut out, *l);
            }
        }
        self.atts(&mut out, &self.gatts);
        if self.vars.is_empty() {
            out.extend([0; 4]);
            self.count(&mut out, 0);
        } else {
            out.extend(11u32.to_be_bytes());
            self.count(&mut out, self.vars.len() as u64);
            for (v, b) in self.vars.iter().zip(begins) {
                self.name(&mut out, &v.name);
                self.count(&mut out, v.dims.len() as u64);
                for d in &v.dims {
                    self.count(&mut out, *d);
                }
                self.atts(&mut out, &v.atts);
                out.extend(v.ty.to_be_bytes());
                self.count(&mut out, self.slab(v).div_ceil(4) * 4);
                if self.version == 1 {
                    out.extend((*b as u32).to_be_bytes());
                } else {
                    out.extend(b.to_be_bytes());
                }
            }
        }
        out
    }
    /// Bytes of one record of a record variable, or of a whole fixed variable.
    fn slab(&self, v: &V) -> u64 {
        if self.is_record(v) {
            (v.data.len() as u64).checked_div(self.records).unwrap_or(0)
        } else {
            v.data.len() as u64
        }
    }
    /// The file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut begins = vec![0u64; self.vars.len()];
        let head = self.header(&begins).len() as u64;
        let mut at = head;
        for (i, v) in self.vars.iter().enumerate() {
            if !self.is_record(v) {
                begins[i] = at;
                at += (v.data.len() as u64).div_ceil(4) * 4;
            }
        }
        let recs: Vec<usize> = (0..self.vars.len())
            .filter(|&i| self.is_record(&self.vars[i]))
            .collect();
        let one = recs.len() == 1;
        let rec_slab = |i: usize| {
            let s = self.slab(&self.vars[i]);
            if one { s } else { s.div_ceil(4) * 4 }
        };
        for &i in &recs {
            begins[i] = at;
            at += rec_slab(i);
        }
        let mut out = self.header(&begins);
        for v in self.vars.iter().filter(|v| !self.is_record(v)) {
            out.extend(&v.data);
            pad(&mut out);
        }
        for r in 0..self.records {
            for &i in &recs {
                let s = self.slab(&self.vars[i]) as usize;
                let start = out.len();
                out.extend(&self.vars[i].data[r as usize * s..(r as usize + 1) * s]);
                out.resize(start + rec_slab(i) as usize, 0);
            }
        }
        out
    }
}

/// Big-endian bytes of f32 values.
pub fn f32s(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_be_bytes()).collect()
}

/// Write `bytes` to `dir/name` and return the path.
pub fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}
