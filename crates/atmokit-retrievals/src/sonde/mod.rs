//! Radiosonde retrievals: precipitable water, stability indices, PBL height (Liu-Liang, Heffter).

pub mod heffter;
pub mod liu_liang;
pub mod parcel;
pub mod preprocess;
pub mod pwv;
pub mod stability;
pub mod thermo;
