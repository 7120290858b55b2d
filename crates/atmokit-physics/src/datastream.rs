//! ARM datastream and file-name parser (ACT `data_utils.DatastreamParserARM`).
//!
//! The grammar has one owner, [`atmokit_core::arm_name`]; this module re-exports it under the
//! path ACT users look for.
//!
//! ```
//! use atmokit_physics::datastream::DatastreamParserARM;
//! let p = DatastreamParserARM::parse("sgpmetE13.b1.20190101.000000.cdf")?;
//! assert_eq!(p.datastream().as_deref(), Some("sgpmetE13.b1"));
//! # Ok::<(), atmokit_core::Error>(())
//! ```

pub use atmokit_core::arm_name::DatastreamParserARM;
