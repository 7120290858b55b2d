//! # atmokit-corrections: instrument corrections
//!
//! Lidar corrections (MPL, ceilometer, Doppler, Raman) and the ship-motion wind correction,
//! ported from ACT's `act.corrections` (act-atmos 2.3.4). **Every correction works in place** on
//! a `&mut Dataset`, as ACT's do (ACT mutates the dataset passed in and returns it; here that is
//! explicit in the signature). Run a correction on a clone to keep the original.
//!
//! | ACT | atmokit |
//! |---|---|
//! | `act.corrections.correct_mpl` (`mpl.py`) | [`correct_mpl`] with [`MplOptions`] (`mpl.rs`); dead time and energy normalisation ACT lacks: [`DeadTime`], [`DeadTimeModel`] (`deadtime.rs`) |
//! | `act.corrections.correct_ceil` (`ceil.py`) | [`correct_ceil`] (`ceil.rs`) |
//! | `act.corrections.correct_dl` (`doppler_lidar.py`) | [`correct_dl`] (`doppler.rs`) |
//! | `act.corrections.correct_rl` (`raman_lidar.py`) | [`correct_rl`] (`raman.rs`); ACT's height rebuild and float64: [`correct_rl_with`] + [`RlOptions::act_compat`] |
//! | `act.corrections.ship.correct_wind_for_ship_motion` | [`correct_wind_for_ship_motion`] (`ship.rs`) |
//! | `act.utils.ship_utils.calc_cog_sog` | [`calc_cog_sog`] (`cog_sog.rs`) |
//! | `xr.merge([nav, met], join='outer', compat='override')` (as ACT's ship example does) | [`merge_outer_on_time`] (`merge.rs`) |
//! | `act.io.mpl.read_sigma_mplv5` (raw binaries via the external `mpl2nc`) | crate `atmokit-mpl` |
//!
//! Differences from ACT are documented on each function (and in `docs/for-act-users.md`).

mod ceil;
mod cog_sog;
pub mod deadtime;
mod doppler;
mod merge;
mod mpl;
mod raman;
mod ship;
mod util;

pub use ceil::{CeilOptions, correct_ceil};
pub use cog_sog::calc_cog_sog;
pub use deadtime::{DeadTimeModel, DeadTimeTable};
pub use doppler::{DlOptions, correct_dl};
pub use merge::merge_outer_on_time;
pub use mpl::{DeadTime, MplNames, MplOptions, correct_mpl};
pub use raman::{RlOptions, correct_rl, correct_rl_with};
pub use ship::{ShipNames, correct_wind_for_ship_motion};
