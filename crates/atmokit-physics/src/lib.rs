//! # atmokit-physics: solar position, units, thermodynamics, time and data helpers
//!
//! Native replacements for the parts of ACT's `act.utils` that lean on Skyfield, pint and MetPy.
//! Depends on `atmokit-core` only; no IO, no network, no ephemeris files.
//!
//! ## API note for other crates (stable)
//! - [`solar::get_solar_azimuth_elevation`]`(lat_deg, lon_deg, &times_ns, Refraction::Standard)`
//!   → [`solar::SolarGeometry`] `{ elevation, azimuth, distance_au }` (degrees, degrees clockwise
//!   from north, AU; `Vec<f64>`, NaN where the time is `NAT`); `.zenith()`, `.cos_zenith()`.
//!   `Refraction::None` gives the airless geometric elevation. [`solar::earth_sun_distance`]
//!   `(&times_ns)` → geocentric distance in AU.
//! - [`units::convert_units`]`(&Data, "degC", "K")` → `Data` in the same dtype (float32 stays
//!   float32; integers cast back when every result is whole); [`units::convert_value`] for one
//!   number, [`units::convert_f64`] for a slice in place, [`units::conversion`] for the affine
//!   pair `(a, b)` with `y = a·x + b`; an unknown unit is `Error::Units` naming it.
//!
//! ## Where ACT's functions live
//! | ACT (`act.utils.…`) | atmokit |
//! |---|---|
//! | `geo_utils.get_solar_azimuth_elevation` | [`solar::get_solar_azimuth_elevation`] (alias [`solar::solar_position`]) |
//! | `geo_utils.get_sunrise_sunset_noon` | [`solar::get_sunrise_sunset_noon`] |
//! | `geo_utils.is_sun_visible` (`dawn_dusk=True`) | [`solar::is_sun_visible`] ([`solar::dark_twilight_day`]) |
//! | `geo_utils.add_solar_variable` | [`solar::add_solar_variable`] (per-sample dawn/dusk, see its docs) |
//! | `geo_utils.destination_azimuth_distance` | [`geo::destination_azimuth_distance`] |
//! | `data_utils.convert_units` | [`units::convert_units`] (pint's rounding bit for bit: [`units::convert_units_with`]) |
//! | `data_utils.ChangeUnits.change_units` (`ds.utils.change_units`) | [`units::change_units`] |
//! | `data_utils.assign_coordinates` | [`coords::assign_coordinates`] (keeps attributes and `time`) |
//! | `data_utils.convert_2d_to_1d` | `atmokit_qc::split::convert_2d_to_1d` (QC-aware, so in the QC crate) |
//! | `data_utils.convert_to_potential_temp` | [`thermo::convert_to_potential_temp`], [`thermo::potential_temperature`] |
//! | `data_utils.height_adjusted_temperature` | [`thermo::height_adjusted_temperature`] (`_ds` form for datasets) |
//! | `data_utils.height_adjusted_pressure` | [`thermo::height_adjusted_pressure`] (`_ds` form for datasets) |
//! | `data_utils.accumulate_precip` | [`precip::accumulate_precip`] |
//! | `data_utils.ts_weighted_average` | [`precip::ts_weighted_average`] |
//! | `data_utils.add_in_nan` | [`data_utils::add_in_nan`] |
//! | `data_utils.get_missing_value` | [`data_utils::get_missing_value`] |
//! | `data_utils.DatastreamParserARM` | [`datastream::DatastreamParserARM`] |
//! | `datetime_utils.dates_between` | [`time_utils::dates_between`] |
//! | `datetime_utils.numpy_to_arm_date` | [`time_utils::numpy_to_arm_date`] |
//! | `datetime_utils.date_parser` | [`time_utils::date_parser`], [`time_utils::parse_date`] |
//! | `datetime_utils.determine_time_delta` | [`time_utils::determine_time_delta`] |
//! | `datetime_utils.reduce_time_ranges` | [`time_utils::reduce_time_ranges`] |
//! | `datetime_utils.adjust_timestamp` | [`time_utils::adjust_timestamp`] ('center' is the true midpoint; `Align::ActCenter` is ACT's) |
//! | `radiance_utils.planck_converter` | [`planck::planck_converter`] |
//! | `inst_utils.decode_present_weather` | [`weather::decode_present_weather`] |
//! | wind components from speed and direction (MetPy `wind_components`, used by ACT's displays) | [`wind::wind_components`] |
//! | `data_utils.arm_site_location_search` (offline) | [`arm_sites::arm_site_location`] (a shipped table plus tables saved with `atmokit download arm-sites --save`; the online search is `atmokit_discovery::arm_site_location_search`) |
//! | `io_utils.arm_standards_validator` | [`validator::arm_standards_validator`] ([`validator::arm_standards_validator_with`] for ACT's failure on an orphan QC variable) |
//!
//! Functions that add a variable (`add_solar_variable`, `accumulate_precip`,
//! `decode_present_weather`, `adjust_timestamp`) work in place on `&mut Dataset`; the others
//! return new values.
#![doc(test(attr(deny(warnings))))]

pub mod arm_sites;
pub mod constants;
pub mod coords;
pub mod data_utils;
pub mod datastream;
pub mod geo;
pub mod percentages;
pub mod planck;
pub mod precip;
pub mod solar;
pub mod thermo;
pub mod time_utils;
pub mod units;
pub mod validator;
pub mod weather;
pub mod wind;
