//! Where the raw data of each dataset lies: the chunk maps the validator collects while it
//! walks the file, for readers that decode chunks themselves.

use std::collections::BTreeMap;

/// One filter of a dataset's filter pipeline (HDF5 File Format Specification Version 3.0,
/// section IV.A.2.l).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Filter identification: 1 deflate, 2 shuffle, 3 Fletcher-32, 4 szip, 5 nbit,
    /// 6 scale-offset, 256 and above registered third-party filters.
    pub id: u16,
    /// The filter's client data values.
    pub values: Vec<u32>,
}

/// One stored chunk of a dataset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Element offset of the chunk's first element in each dimension.
    pub offset: Vec<u64>,
    /// File address of the stored (filtered) chunk.
    pub addr: u64,
    /// Stored size in bytes (checked to lie inside the file).
    pub size: u64,
    /// Filters skipped for this chunk: bit `i` set means filter `i` of the pipeline was not
    /// applied.
    pub filter_mask: u32,
}

/// A dataset of fixed-size numbers whose every stored chunk is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedDataset {
    /// Current dimension sizes.
    pub dims: Vec<u64>,
    /// Chunk dimensions in elements (the dimension sizes for contiguous data).
    pub chunk_dims: Vec<u64>,
    /// Bytes per element.
    pub elem_size: u64,
    /// Whether elements are floating-point (else integers).
    pub float: bool,
    /// Whether elements are stored big-endian.
    pub big_endian: bool,
    /// The filter pipeline, in the order the filters were applied when writing.
    pub filters: Vec<Filter>,
    /// The stored chunks, in index order (chunks never written are absent).
    pub chunks: Vec<Chunk>,
}

/// What a layout walk found of a dataset's chunk positions.
pub(crate) struct Mapping {
    /// Chunk dimensions in elements.
    pub(crate) chunk_dims: Vec<u64>,
    /// The chunks, or `None` if their positions cannot be given (compact or implicit storage,
    /// extensible arrays).
    pub(crate) chunks: Option<Vec<Chunk>>,
}

/// Datasets of the file by path ("/temp"), for [`crate::chunked_datasets`].
pub type ChunkMaps = BTreeMap<String, ChunkedDataset>;
