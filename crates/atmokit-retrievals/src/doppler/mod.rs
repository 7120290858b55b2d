//! Doppler lidar winds from PPI scans by velocity-azimuth display (VAD) least squares.

pub mod vad;
