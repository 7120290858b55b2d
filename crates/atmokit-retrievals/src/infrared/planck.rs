//! Planck's law in wavenumber (ACT `planck_converter`): the implementation lives in
//! `atmokit_physics::planck`, shared with the utilities; this module re-exports it for the
//! infrared retrievals.

pub use atmokit_physics::planck::{
    C1_CM, C2_CM, WavenumberUnits as WnumUnits, planck_converter, planck_radiance, planck_temperature,
};
