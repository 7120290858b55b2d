//! ARM's single-particle soot photometer (SP2): particle statistics, diameters and masses, as
//! PySP2 computes them (ACT 2.3.4 delegates `act.retrievals.sp2.*` and `act.qc.sp2.*` to it).
//!
//! The instrument and its calibration: Schwarz et al. (2006), "Single-particle measurements of
//! midlatitude black carbon and light-scattering aerosols from the boundary layer to the lower
//! stratosphere", J. Geophys. Res. 111, D16207. Each particle crossing the laser gives a
//! scattering wave (channels 0 high gain, 4 low gain), a split-detector wave (3, 7) and, when it
//! holds black carbon, broad- and narrow-band incandescence waves (1, 2 high gain; 5, 6 low gain).
//!
//! | PySP2 / ACT | atmokit |
//! |---|---|
//! | `DMTGlobals` (`act.qc.sp2.SP2ParticleCriteria`) | [`globals::Sp2Globals`] |
//! | `gaussian_fit` (`act.qc.sp2.get_waveform_statistics`) | [`stats::gaussian_fit`]: [`stats::scatter_fits`] ([`gauss`]) and [`stats::peak_statistics`] ([`peaks`], [`stats::incandescence_ratio`]) |
//! | `calc_diams_masses` (`act.retrievals.sp2.calc_sp2_diams_masses`) | [`diams::calc_sp2_diams_masses`] |
//! | `process_psds` (`act.retrievals.sp2.process_sp2_psds`) | [`psds::process_sp2_psds`] |
//! | `beam_shape`, `leo_fit` (`calc_sp2_diams_masses(leo_fits=True)`) | [`leo::leo_fit`], [`leo::leo_scat_dia_so4`] |
//! | `gaussian_fit`'s `ScatRejectKey`, `IncanRejectKey`, `DeadtimeRelativeBias` (PySP2 `deadtime`) | [`reject::reject_keys`], [`reject::deadtime_relative_bias`] |

pub mod diams;
pub mod gauss;
pub mod globals;
pub mod leo;
pub mod peaks;
pub mod psds;
pub mod reject;
pub mod stats;
