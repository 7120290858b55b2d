//! The walk of the object graph from the root group: every object header, message, member and
//! attribute is checked once; a group reached again on its own path is a cycle.

use std::collections::HashSet;

use crate::btree2;
use crate::cursor::{Cursor, UNDEF};
use crate::dataspace::{self, Dataspace};
use crate::datatype::{self, Datatype};
use crate::error::{Fault, Res, invalid, unsupported};
use crate::fheap::FractalHeap;
use crate::gheap::GlobalHeaps;
use crate::group::{self, Member};
use crate::header;
use crate::names::check_name;
use crate::source::Source;
use crate::{Limits, Report, storage};

/// State of one check.
pub(crate) struct Walker {
    pub(crate) src: Source,
    pub(crate) limits: Limits,
    pub(crate) report: Report,
    on_path: Vec<u64>,
    visited: HashSet<u64>,
    pub(crate) heaps: GlobalHeaps,
    /// Addresses named by object references in attribute values.
    pub(crate) refs: Vec<u64>,
    /// The first feature met that the validator does not check (the walk goes on past it, so
    /// that everything else in the file is still checked).
    pub(crate) unsupported: Option<String>,
    /// Chunk maps of the datasets of fixed-size numbers, when asked for.
    pub(crate) maps: Option<crate::chunks::ChunkMaps>,
}

impl Walker {
    /// A walker over `src`.
    pub(crate) fn new(src: Source, limits: Limits) -> Self {
        Walker {
            src,
            limits,
            report: Report::default(),
            on_path: Vec::new(),
            visited: HashSet::new(),
            heaps: GlobalHeaps::default(),
            refs: Vec::new(),
            unsupported: None,
            maps: None,
        }
    }

    /// `r`'s value, or `None` after recording an unsupported feature; other faults pass on.
    fn soft<T>(&mut self, r: Res<T>) -> Res<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(Fault::Unsupported(reason)) => {
                self.unsupported.get_or_insert(reason);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Check that every object reference seen names an object header of the file.
    pub(crate) fn check_refs(&self) -> Res<()> {
        match self.refs.iter().find(|a| !self.visited.contains(a)) {
            Some(a) => invalid(format!(
                "an attribute references address {a}, which is not an object of the file"
            )),
            None => Ok(()),
        }
    }

    /// Check the object at `addr` and, for a group, its members.
    pub(crate) fn object(&mut self, addr: u64, path: &str) -> Res<()> {
        if self.on_path.contains(&addr) {
            return invalid(format!("'{path}' links back to a group that contains it (cycle)"));
        }
        if self.on_path.len() as u64 >= self.limits.max_depth {
            return invalid(format!("'{path}': groups nested deeper than {}", self.limits.max_depth));
        }
        if !self.visited.insert(addr) {
            return Ok(());
        }
        self.report.objects += 1;
        if self.report.objects > self.limits.max_objects {
            return Err(Fault::TooLarge {
                what: "object count".into(),
                bytes: self.report.objects,
                limit: self.limits.max_objects,
            });
        }
        let place = if path.is_empty() { "/" } else { path };
        let msgs = header::read(&mut self.src, addr).map_err(|e| e.context(&format!("object '{place}'")))?;
        let members = self
            .messages(&msgs, place)
            .map_err(|e| e.context(&format!("object '{place}'")))?;
        self.on_path.push(addr);
        for (name, child) in members {
            self.object(child, &format!("{path}/{name}"))?;
        }
        self.on_path.pop();
        Ok(())
    }

    fn messages(&mut self, msgs: &[header::Message], place: &str) -> Res<Vec<Member>> {
        let (so, sl) = (self.src.so, self.src.sl);
        let mut space: Option<Dataspace> = None;
        let mut dtype: Option<Datatype> = None;
        let mut layout: Option<&[u8]> = None;
        let mut members = Vec::new();
        // Set when a message of this object could not be checked: the dataset-level checks
        // that need it are then skipped.
        let mut incomplete = false;
        let mut filtered = false;
        let mut pipeline = Vec::new();
        for m in msgs {
            let d = m.data.as_slice();
            if m.shared {
                self.soft::<()>(unsupported(format!(
                    "shared object header message (type {:#x})",
                    m.kind
                )))?;
                incomplete = true;
                continue;
            }
            let done = match m.kind {
                0x01 => dataspace::decode(d, sl).map(|s| space = Some(s)),
                0x03 => datatype::decode(d).map(|t| dtype = Some(t.0)),
                0x08 => {
                    layout = Some(d);
                    Ok(())
                }
                0x0B => {
                    filtered = true;
                    storage::filters(d, "filter pipeline").map(|f| pipeline = f)
                }
                0x05 => storage::fill_value(d, "fill value"),
                0x04 => {
                    let mut c = Cursor::new(d, "old fill value message");
                    let n = c.u32()? as usize;
                    c.skip(n)
                }
                0x0C => self.attribute(d),
                0x11 => group::symbol_table(&mut self.src, d, self.limits.max_objects).map(|m| members.extend(m)),
                0x06 => group::link(d, so, &mut members, self.limits.max_objects),
                0x02 => {
                    let mut c = Cursor::new(d, "link info message");
                    c.skip(1)?;
                    let flags = c.u8()?;
                    if flags & 1 != 0 {
                        c.skip(8)?;
                    }
                    let heap = c.addr(so)?;
                    let names = c.addr(so)?;
                    let order = if flags & 2 != 0 { c.addr(so)? } else { UNDEF };
                    if heap != UNDEF {
                        self.dense(heap, names, order, true, &mut members)
                            .map_err(|e| e.context("dense links"))
                    } else {
                        Ok(())
                    }
                }
                0x15 => {
                    let mut c = Cursor::new(d, "attribute info message");
                    c.skip(1)?;
                    let flags = c.u8()?;
                    if flags & 1 != 0 {
                        c.skip(2)?;
                    }
                    let heap = c.addr(so)?;
                    let names = c.addr(so)?;
                    let order = if flags & 2 != 0 { c.addr(so)? } else { UNDEF };
                    if heap != UNDEF {
                        self.dense(heap, names, order, false, &mut members)
                            .map_err(|e| e.context("dense attributes"))
                    } else {
                        Ok(())
                    }
                }
                0x00 | 0x0A | 0x0D | 0x0E | 0x12 | 0x13 | 0x14 | 0x16 | 0x17 => Ok(()),
                0x07 => unsupported("external data files"),
                k => unsupported(format!("object header message type {k:#x}")),
            };
            if self.soft(done)?.is_none() {
                incomplete = true;
            }
        }
        if incomplete {
            // A dataset whose dataspace, datatype or layout could not be decoded: nothing
            // more is known of its size.
            if layout.is_some() {
                self.report.datasets += 1;
            } else {
                self.report.groups += 1;
            }
            return Ok(members);
        }
        if let Some(layout) = layout {
            let (Some(space), Some(dtype)) = (space, dtype) else {
                return invalid("dataset without a dataspace or datatype");
            };
            self.report.datasets += 1;
            let bytes = space
                .elements
                .and_then(|n| n.checked_mul(dtype.size))
                .unwrap_or(u64::MAX);
            if bytes > self.limits.max_decoded_bytes {
                return Err(Fault::TooLarge {
                    what: format!("dataset '{place}'"),
                    bytes,
                    limit: self.limits.max_decoded_bytes,
                });
            }
            self.report.largest_dataset = self.report.largest_dataset.max(bytes);
            let mut extents = Vec::new();
            let collect = dtype.vlen.then_some(&mut extents);
            let numeric = matches!(dtype.class, 0 | 1) && !dtype.vlen;
            let mut mapping = (self.maps.is_some() && numeric).then(|| crate::chunks::Mapping {
                chunk_dims: Vec::new(),
                chunks: Some(Vec::new()),
            });
            let checked = storage::layout(
                self,
                layout,
                &space,
                dtype.size,
                filtered,
                "data layout",
                collect,
                mapping.as_mut(),
            );
            if let (Ok(()), Some(maps), Some(m)) = (&checked, self.maps.as_mut(), mapping)
                && let (Some(chunks), true) = (m.chunks, m.chunk_dims.len() == space.dims.len())
            {
                maps.insert(
                    place.to_string(),
                    crate::chunks::ChunkedDataset {
                        dims: space.dims.clone(),
                        chunk_dims: m.chunk_dims,
                        elem_size: dtype.size,
                        float: dtype.class == 1,
                        big_endian: dtype.big_endian,
                        filters: pipeline,
                        chunks,
                    },
                );
            }
            if self.soft(checked)?.is_some() && dtype.vlen {
                let checked = self.vlen_dataset(&extents, filtered, &dtype);
                self.soft(checked)?;
            }
        } else {
            self.report.groups += 1;
        }
        Ok(members)
    }

    /// Links (`links`) or attributes kept in a fractal heap, indexed by name in a version-2
    /// B-tree and optionally by creation order in another.
    fn dense(&mut self, heap: u64, names: u64, order: u64, links: bool, members: &mut Vec<Member>) -> Res<()> {
        let so = self.src.so;
        let heap = FractalHeap::read(&mut self.src, heap)?;
        let max = self.limits.max_objects;
        let (name_kind, order_kind) = if links { (5, 6) } else { (8, 9) };
        let recs = btree2::records(&mut self.src, names, name_kind, max)?;
        for r in &recs {
            let id = if links { r.get(4..) } else { r.get(..heap.id_len) };
            let id = id.unwrap_or_default();
            if id.first().is_some_and(|b| (b >> 4) & 0x03 == 1) {
                self.report.huge_objects += 1;
            }
            let got = heap.object(&mut self.src, id);
            let Some(obj) = self.soft(got)? else {
                continue;
            };
            let done = if links {
                group::link(&obj, so, members, max)
            } else {
                self.attribute(&obj)
            };
            self.soft(done)?;
        }
        if order != UNDEF {
            let by_order = btree2::records(&mut self.src, order, order_kind, max)?;
            if by_order.len() != recs.len() {
                return invalid(format!(
                    "{} entries by name, {} by creation order",
                    recs.len(),
                    by_order.len()
                ));
            }
            for r in &by_order {
                let id = if links { r.get(8..) } else { r.get(..heap.id_len) };
                let got = heap.object(&mut self.src, id.unwrap_or_default()).map(|_| ());
                self.soft(got)?;
            }
        }
        Ok(())
    }

    fn attribute(&mut self, d: &[u8]) -> Res<()> {
        let so = self.src.so;
        let mut c = Cursor::new(d, "attribute message");
        let version = c.u8()?;
        let flags = c.u8()?;
        if !(1..=3).contains(&version) {
            return unsupported(format!("attribute message version {version}"));
        }
        if version > 1 && flags & 0x03 != 0 {
            return unsupported("attribute with a shared datatype or dataspace");
        }
        let name_len = usize::from(c.u16()?);
        let dt_len = usize::from(c.u16()?);
        let ds_len = usize::from(c.u16()?);
        if version == 3 {
            let _encoding = c.u8()?;
        }
        let pad = |n: usize| if version == 1 { n.div_ceil(8) * 8 } else { n };
        let raw = c.bytes(pad(name_len))?;
        if name_len == 0 || raw[name_len - 1] != 0 {
            return invalid("attribute name is not NUL-terminated");
        }
        let name = check_name(&raw[..name_len - 1], "attribute")?.to_string();
        let ctx = |e: Fault| e.context(&format!("attribute '{name}'"));
        let dt_raw = c.bytes(pad(dt_len)).map_err(ctx)?;
        let (dtype, used) = datatype::decode(&dt_raw[..dt_len]).map_err(ctx)?;
        if used > dt_len {
            return invalid(format!("attribute '{name}': datatype longer than its declared size"));
        }
        let ds_raw = c.bytes(pad(ds_len)).map_err(ctx)?;
        let space = dataspace::decode(&ds_raw[..ds_len], self.src.sl).map_err(ctx)?;
        let n = space.elements.unwrap_or(u64::MAX);
        let decoded = n.saturating_mul(dtype.size);
        if decoded > self.limits.max_decoded_bytes {
            return Err(Fault::TooLarge {
                what: format!("attribute '{name}'"),
                bytes: decoded,
                limit: self.limits.max_decoded_bytes,
            });
        }
        let stored = if dtype.vlen { 8 + so as u64 } else { dtype.size };
        let need = n.saturating_mul(stored);
        if need > c.remaining() as u64 {
            return invalid(format!(
                "attribute '{name}': value needs {need} bytes, the message holds {}",
                c.remaining()
            ));
        }
        if dtype.vlen {
            self.vlen_elements(c.rest(), n, &dtype).map_err(ctx)?;
        } else if !dtype.refs.is_empty() {
            let data = c.rest();
            for i in 0..n {
                for &r in &dtype.refs {
                    let at = (i * dtype.size + r) as usize;
                    self.refs.push(read_addr(&data[at..], so));
                }
            }
        }
        self.report.attributes += 1;
        Ok(())
    }
}

/// An address of `so` bytes at the start of `b` (callers have checked the length).
pub(crate) fn read_addr(b: &[u8], so: usize) -> u64 {
    b.iter().take(so).rev().fold(0u64, |a, &x| (a << 8) | u64::from(x))
}
