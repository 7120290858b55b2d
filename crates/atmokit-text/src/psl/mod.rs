//! NOAA Physical Sciences Laboratory (PSL) text products: ACT's `act.io.noaapsl`.
//!
//! | ACT | here |
//! |---|---|
//! | `read_psl_wind_profiler(filepath, transpose=True)` | [`wind_profiler::read_psl_wind_profiler`], [`wind_profiler::read_psl_wind_profiler_with`] |
//! | `read_psl_wind_profiler_temperature(filepath, transpose=True)` | [`wind_profiler::read_psl_wind_profiler_temperature`] |
//! | `read_psl_surface_met(filenames)` | [`surface_met::read_psl_surface_met`] |
//! | `read_psl_parsivel(files)` | [`parsivel::read_psl_parsivel`] (ACT's end times and labels: [`parsivel::ParsivelOptions::act_compat`]) |
//! | `read_psl_radar_fmcw_moment(files)` | [`radar_moment::read_psl_radar_fmcw_moment`] |
//! | `read_psl_radar_sband_moment(files)` | [`radar_moment::read_psl_radar_sband_moment`] |
//! | ACT's labels of both (text header values, "ms", "Range") | `read_psl_radar_*_moment_with` + [`radar_moment::RadarMomentOptions::act_compat`] ([`radar_moment_act`]) |
//!
//! The profiler readers return variables on (time, HT), ACT's `transpose=False` layout.

mod numeric;
pub mod parsivel;
pub mod radar_moment;
pub mod radar_moment_act;
pub mod surface_met;
pub mod wind_profiler;
