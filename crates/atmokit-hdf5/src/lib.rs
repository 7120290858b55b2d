//! Structural validator of HDF5 files as netCDF-4, h5py and netCDF4-python write them.
//!
//! A few flipped bytes in an HDF5 header can crash libhdf5 inside `nc_open`, and a tiny file
//! can declare a dataset of many gigabytes. [`check_file`] decodes the file's metadata itself,
//! from the "HDF5 File Format Specification Version 3.0" (The HDF Group), with every read
//! bounds-checked, and refuses anything it cannot verify, so that the C libraries only ever see
//! files whose structure has been checked. [`check_bytes`] does the same for a file's bytes in
//! memory (an archive member, before libnetcdf's `nc_open_mem` sees them); both read through
//! one bounded positioned-read source. What is checked:
//!
//! - the superblock (versions 0 to 3) and object headers (versions 1 and 2, with their Jenkins
//!   lookup3 checksums) and continuation blocks;
//! - symbol-table groups (version-1 B-tree, symbol table nodes, local heap) and link messages;
//! - dataspace, datatype, data layout, filter pipeline, fill value and attribute messages, and
//!   the global heap objects of variable-length attribute values;
//! - chunk indexes: version-1 B-trees, single-chunk and implicit indexes, and those of data
//!   layout messages versions 4 and 5 (HDF5 ≥ 1.10, h5py and netCDF4-python with the newest
//!   file format): fixed arrays (paged or not), extensible arrays (index, secondary and data
//!   blocks, paged data blocks) and version-2 B-trees of chunk records (types 10 and 11) — every
//!   block's signature, version, client, back-pointer and checksum, the entry count against
//!   the dataset's chunk grid, and every chunk against the file's length and
//!   [`Limits::max_chunks`];
//! - fractal heaps of dense links and attributes, with their managed, tiny and huge objects
//!   (huge objects through the heap's version-2 B-tree, record types 1 and 3);
//! - every address and size against the file's length, every name (≤ 256 bytes, UTF-8), every
//!   dataset's and attribute's decoded size (checked multiplication) against
//!   [`Limits::max_decoded_bytes`], cycles in the group graph.
//!
//! Filtered fractal heaps (whose huge objects would use B-tree record types 2 and 4), paged
//! extensible-array data blocks held in the index block (not written with HDF5's default
//! parameters), shared messages, soft and external links, virtual datasets and datatype classes
//! netCDF-4 does not write are not checked: the walk notes the first of them, checks everything
//! else, and then answers [`Error::Unsupported`].

mod btree2;
mod checksum;
mod chunks;
mod cursor;
mod dataspace;
mod datatype;
mod error;
mod fheap;
mod gheap;
mod group;
mod header;
mod index;
mod names;
mod source;
mod storage;
mod superblock;
mod vlen;
mod walk;

use std::path::Path;
use std::sync::Arc;

pub use checksum::lookup3;
pub use chunks::{Chunk, ChunkMaps, ChunkedDataset, Filter};
pub use error::Error;
pub use names::MAX_NAME;
pub use superblock::SIGNATURE;

/// Bounds on what a file may ask for.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest decoded size of one dataset, attribute or chunk, in bytes.
    pub max_decoded_bytes: u64,
    /// Most metadata bytes read while checking.
    pub max_metadata_bytes: u64,
    /// Most objects (groups and datasets) in the file, and members of one group.
    pub max_objects: u64,
    /// Most raw data chunks in the file.
    pub max_chunks: u64,
    /// Deepest group nesting.
    pub max_depth: u64,
}

impl Default for Limits {
    /// 16 GiB decoded per object, 256 MiB of metadata, a million objects and ten million
    /// chunks, 64 levels of groups.
    fn default() -> Self {
        Limits {
            max_decoded_bytes: 16 << 30,
            max_metadata_bytes: 256 << 20,
            max_objects: 1_000_000,
            max_chunks: 10_000_000,
            max_depth: 64,
        }
    }
}

/// What a successful check saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Superblock version.
    pub superblock_version: u8,
    /// Object headers checked (groups and datasets).
    pub objects: u64,
    /// Groups.
    pub groups: u64,
    /// Datasets.
    pub datasets: u64,
    /// Attributes.
    pub attributes: u64,
    /// Raw data chunks indexed.
    pub chunks: u64,
    /// Chunk indexes of each kind walked: version-1 B-trees, single chunks, implicit, fixed
    /// arrays, extensible arrays, version-2 B-trees (HDF5's index types, with the version-1
    /// B-tree of data layout message version 3 first).
    pub chunk_indexes: [u64; 6],
    /// Huge fractal-heap objects read (large attributes in dense storage).
    pub huge_objects: u64,
    /// Largest decoded size of one dataset, in bytes.
    pub largest_dataset: u64,
    /// Metadata bytes read.
    pub metadata_bytes: u64,
}

/// Whether `path` starts with the HDF5 signature (a netCDF-4 file); false if it cannot be read.
pub fn is_hdf5(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == SIGNATURE
}

/// Check the structure of the HDF5 file at `path` within `limits`.
///
/// # Errors
/// [`Error::Io`] if the file cannot be read, [`Error::Invalid`] if its structure is damaged,
/// [`Error::Unsupported`] for a feature the validator does not check (returned only after the
/// rest of the file was walked and found sound: damage anywhere else is still
/// [`Error::Invalid`]), [`Error::TooLarge`] if it asks for more than `limits` allow.
pub fn check_file(path: &Path, limits: &Limits) -> Result<Report, Error> {
    walk_file(path, limits, false).map(|(r, _)| r)
}

/// [`check_file`], and where the raw data of each dataset of fixed-size integers or floats
/// lies: its chunks (or contiguous block) with their element offsets, stored sizes and filter
/// masks, and its filter pipeline. Datasets in compact or implicit storage or indexed by an
/// extensible array are left out (their chunk positions are not collected).
///
/// # Errors
/// As [`check_file`].
pub fn chunked_datasets(path: &Path, limits: &Limits) -> Result<(Report, ChunkMaps), Error> {
    walk_file(path, limits, true).map(|(r, m)| (r, m.unwrap_or_default()))
}

/// [`check_file`] for a file's bytes held in memory (an archive member); `name` is the name
/// used in messages (by convention `archive/member`). Nothing is written to disk.
///
/// # Errors
/// As [`check_file`] (never [`Error::Io`]).
pub fn check_bytes(name: &Path, bytes: Arc<[u8]>, limits: &Limits) -> Result<Report, Error> {
    walk_source(name, source::Origin::Bytes(bytes), limits, false).map(|(r, _)| r)
}

/// [`chunked_datasets`] for a file's bytes held in memory; `name` as in [`check_bytes`].
///
/// # Errors
/// As [`check_bytes`].
pub fn chunked_datasets_bytes(name: &Path, bytes: Arc<[u8]>, limits: &Limits) -> Result<(Report, ChunkMaps), Error> {
    walk_source(name, source::Origin::Bytes(bytes), limits, true).map(|(r, m)| (r, m.unwrap_or_default()))
}

fn walk_file(path: &Path, limits: &Limits, map: bool) -> Result<(Report, Option<ChunkMaps>), Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    walk_source(path, source::Origin::File(file), limits, map)
}

fn walk_source(
    path: &Path,
    origin: source::Origin,
    limits: &Limits,
    map: bool,
) -> Result<(Report, Option<ChunkMaps>), Error> {
    let len = match &origin {
        source::Origin::File(file) => file
            .metadata()
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?
            .len(),
        source::Origin::Bytes(b) => b.len() as u64,
    };
    let src = source::Source::new(origin, len, limits.max_metadata_bytes);
    let mut w = walk::Walker::new(src, *limits);
    if map {
        w.maps = Some(ChunkMaps::new());
    }
    let run = |w: &mut walk::Walker| -> error::Res<()> {
        let sb = superblock::read(&mut w.src)?;
        w.report.superblock_version = sb.version;
        w.object(sb.root, "")?;
        w.check_refs()?;
        match w.unsupported.take() {
            Some(reason) => Err(error::Fault::Unsupported(reason)),
            None => Ok(()),
        }
    };
    run(&mut w).map_err(|f| f.at(path.to_path_buf()))?;
    w.report.metadata_bytes = w.src.read_bytes;
    Ok((w.report, w.maps))
}
