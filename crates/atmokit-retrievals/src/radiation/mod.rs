//! Radiation retrievals: shortwave component closure (GHI/DNI/DHI), irradiance statistics, net
//! radiation, and clear/cloudy-sky longwave estimates.

pub mod irradiance;
pub mod longwave;
pub mod net;
