//! Integration tests: retrievals, against the ACT oracle (`ret_*.json`) on real ARM files.

mod doppler;
mod infrared;
mod lidar;
mod radiation;
mod sonde;
