//! # atmokit-mpl: native reader of raw SigmaSpace MPL binaries
//!
//! Reads SigmaSpace Micro Pulse Lidar data files (`.mpl`, `.bi`; data file version 5) without the
//! external `mpl2nc` tool that ACT shells out to. Record layout: a packed 163-byte little-endian
//! header per profile followed by `number_bins` float32 values of channel 1 and then channel 2
//! (see [`header`] for the field table and its public source, mpl2nc's `HEADER_MPL`).
//!
//! | ACT | atmokit |
//! |---|---|
//! | `act.io.mpl.read_sigma_mplv5(filename)` (via `mpl2nc`) | [`read_sigma_mplv5`] (`read.rs`); mpl2nc's labels: [`read_sigma_mplv5_with`] + [`MplOptions::act_compat`] |
//! | (mpl2nc's `read_mpl`, bytes → fields) | [`parse_mpl`] |
//!
//! The Dataset matches ACT's: `channel_1`/`channel_2` on (time, range), `range` in metres, the
//! header fields on `time`. Correction files (`-a/-d/-o` of mpl2nc) are not read here; the
//! dead-time correction lives in `atmokit-corrections` (`correct_mpl` and `DeadTimeModel`).
//!
//! ```no_run
//! let ds = atmokit_mpl::read_sigma_mplv5(&["201509021500.bi"])?;
//! assert_eq!(ds.get("channel_1")?.shape(), &[102, 1000]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod error;
pub mod header;
mod read;

pub use error::{MplError, Result};
pub use read::{C, MplOptions, parse_mpl, read_sigma_mplv5, read_sigma_mplv5_with};
