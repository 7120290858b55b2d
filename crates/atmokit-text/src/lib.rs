//! # atmokit-text: text-format readers into the atmokit [`Dataset`]
//!
//! One module per source; every reader returns the shared Dataset with ACT's variable names,
//! units and attrs (differences, where ACT is wrong, are listed in each module). Errors name
//! the file and, for a malformed line, its 1-based number ([`TextError`]).
//!
//! | ACT (act-atmos 2.3.4) | atmokit |
//! |---|---|
//! | `act.io.text.read_csv` | [`csv::read_csv`] |
//! | `act.io.noaagml.read_gml` | [`gml::read_gml`] |
//! | `act.io.noaagml.read_gml_met` | [`gml::met::read_gml_met`] |
//! | `act.io.noaagml.read_gml_radiation` | [`gml::radiation::read_gml_radiation`] |
//! | `act.io.noaagml.read_gml_ozone` | [`gml::ozone::read_gml_ozone`] |
//! | `act.io.noaagml.read_gml_co2` | [`gml::co2::read_gml_co2`] |
//! | `act.io.noaagml.read_gml_halo` | [`gml::halo::read_gml_halo`] |
//! | `act.io.noaagml.read_gml_aerosol` | [`gml::aerosol::read_gml_aerosol`] |
//! | `act.io.noaapsl.read_psl_wind_profiler` | [`psl::wind_profiler::read_psl_wind_profiler`] (ACT's pair: [`psl::wind_profiler::read_psl_wind_profiler_with`]) |
//! | `act.io.noaapsl.read_psl_wind_profiler_temperature` | [`psl::wind_profiler::read_psl_wind_profiler_temperature`] |
//! | `act.io.noaapsl.read_psl_surface_met` | [`psl::surface_met::read_psl_surface_met`] |
//! | `act.io.noaapsl.read_psl_parsivel` | [`psl::parsivel::read_psl_parsivel`] |
//! | `act.io.noaapsl.read_psl_radar_fmcw_moment` | [`psl::radar_moment::read_psl_radar_fmcw_moment`] |
//! | `act.io.noaapsl.read_psl_radar_sband_moment` | [`psl::radar_moment::read_psl_radar_sband_moment`] |
//! | `act.io.sodar.read_mfas_sodar` | [`sodar::read_mfas_sodar`] |
//! | `act.io.hysplit.read_hysplit` | [`hysplit::read_hysplit`] |
//! | `act.io.icartt.read_icartt` | [`icartt::read_icartt`] |
//! | `act.io.neon.read_neon_csv` | [`neon::read_neon_csv`] |
//! | `act.io.ameriflux.read_ameriflux` | [`ameriflux::read_ameriflux`]; ACT's `data_type`, `rename_vars_dict`, `variable_units_dict`: [`ameriflux_options::read_ameriflux_with`] |
//! | `act.io.noaagml.read_surfrad` | [`surfrad::read_surfrad`]; ACT's names and raw values: [`surfrad::read_surfrad_with`] (`act_compat`, [`surfrad_act`]) |
//! | `act.io.read_sp2`, `act.io.read_hk_file`, `act.io.read_sp2_dat`, PySP2 `read_config` | [`sp2::sp2b::read_sp2`], [`sp2::hk::read_hk_file`], [`sp2::dat::read_sp2_dat`], [`sp2::ini::read_config`] |
//! | `act.io.arm.create_ds_from_arm_dod` | [`dod::read_arm_dod`] (a saved DOD), [`dod::parse_arm_dod`] (JSON text; the web service is `atmokit_discovery::create_ds_from_arm_dod`) |
//! | `ds.resample(time=...).mean()` etc. | [`resample::resample`] |
//! | any of the above by file name / content | [`open()`] |
//!
//! Dataset ↔ polars DataFrame conversion: [`dataframe`] (`to_dataframe`, `from_dataframe`).

pub mod ameriflux;
pub mod ameriflux_badm;
pub mod ameriflux_options;
pub mod csv;
pub mod dataframe;
pub mod dod;
pub mod error;
pub mod gml;
pub mod hysplit;
pub mod icartt;
pub mod neon;
pub mod open;
pub mod psl;
pub mod resample;
pub mod sodar;
pub mod sp2;
pub mod surfrad;
pub mod surfrad_act;
mod util;

pub use atmokit_core::Dataset;
pub use error::{Result, TextError};
pub use open::{TextFormat, open, sniff};
