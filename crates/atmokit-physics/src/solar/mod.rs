//! Solar geometry: position, sunrise/sunset/noon, day/night flags (ACT `act.utils.geo_utils`).
//!
//! | ACT | here |
//! |---|---|
//! | `get_solar_azimuth_elevation` | [`get_solar_azimuth_elevation`] ([`solar_position`]) |
//! | (distance output) | [`SolarGeometry::distance_au`] (topocentric), [`earth_sun_distance`] (geocentric) |
//! | `get_sunrise_sunset_noon` | [`get_sunrise_sunset_noon`] |
//! | `is_sun_visible` | [`is_sun_visible`], [`dark_twilight_day`] (`dawn_dusk=True`) |
//! | `add_solar_variable` | [`add_solar_variable`], [`sun_indicator`]; ACT's dawn/dusk labels: [`add_solar_variable_with`] + [`SolarVariableOptions::act_compat`] ([`sun_indicator_act`]) |
//!
//! ```
//! use atmokit_physics::solar::{Refraction, get_solar_azimuth_elevation};
//! // 2019-06-21 18:30 UTC at the ARM SGP site: the Sun is high in the south.
//! let t = 1_561_141_800_000_000_000i64;
//! let g = get_solar_azimuth_elevation(36.605, -97.485, &[t], Refraction::Standard)?;
//! assert!(g.elevation[0] > 75.0 && (g.azimuth[0] - 180.0).abs() < 10.0);
//! # Ok::<(), atmokit_core::Error>(())
//! ```

pub mod daylight;
pub mod events;
pub mod position;

pub use daylight::{
    SolarVariableOptions, add_solar_variable, add_solar_variable_with, dark_twilight_day, is_sun_visible,
    sun_indicator, sun_indicator_act, twilight_class,
};
pub use events::{SUNRISE_ELEVATION, SunEvents, get_sunrise_sunset_noon, parse_yyyymmdd};
pub use position::{
    Refraction, SolarGeometry, earth_sun_distance, get_solar_azimuth_elevation, refract, refraction_degrees,
    solar_position,
};
