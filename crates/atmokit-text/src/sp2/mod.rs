//! ARM's single-particle soot photometer (SP2): the files PySP2 reads, which ACT 2.3.4 exposes
//! as `act.io.read_sp2`, `act.io.read_hk_file` and (PySP2's) `read_config`.
//!
//! | PySP2 / ACT | atmokit |
//! |---|---|
//! | `pysp2.io.read_sp2` (`act.io.read_sp2`) | [`sp2b::read_sp2`] |
//! | `pysp2.io.read_hk_file` (`act.io.read_hk_file`) | [`hk::read_hk_file`] |
//! | `pysp2.io.read_config` | [`ini::read_config`] |
//! | `pysp2.io.read_dat` (`act.io.read_sp2_dat`) | [`dat::read_sp2_dat`] |
//!
//! The particle-by-particle processing (peak statistics, diameters and masses, size
//! distributions) is in `atmokit_retrievals::sp2`.

pub mod dat;
pub mod hk;
pub mod ini;
pub mod sp2b;
