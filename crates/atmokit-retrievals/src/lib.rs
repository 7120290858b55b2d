//! # atmokit-retrievals: sonde indices and PBL, cloud base, IRT/AERI, radiation, lidar winds
//!
//! Retrievals read a [`atmokit_core::Dataset`] and **return a new Dataset** holding only the
//! derived variables, under ACT's variable names (merge them into the input with
//! `Dataset::insert` if wanted); scalars (precipitable water) are returned as numbers. Inputs are
//! converted from their `units` attribute; an unknown units string is an error naming the
//! variable. Each function documents units, formula, reference and where it deliberately
//! differs from ACT 2.3.4.
//!
//! ## Where ACT's functions live
//! | ACT (`act.retrievals…`) | atmokit |
//! |---|---|
//! | `sonde.calculate_precipitable_water` | [`sonde::pwv::calculate_precipitable_water`] |
//! | `sonde.calculate_stability_indicies` | [`sonde::stability::calculate_stability_indices`] (alias [`sonde::stability::calculate_stability_indicies`]) |
//! | MetPy `parcel_profile`, `lcl`, `lfc`, `el`, `cape_cin`, `surface_based_cape_cin`, `most_unstable_cape_cin` | [`sonde::parcel`], [`sonde::thermo`] |
//! | `sonde.preprocess_sonde_data` | [`sonde::preprocess::preprocess_sonde_data`] |
//! | `sonde.calculate_pbl_liu_liang` | [`sonde::liu_liang::calculate_pbl_liu_liang`] |
//! | `sonde.calculate_pbl_heffter` | [`sonde::heffter::calculate_pbl_heffter`] |
//! | `cbh.generic_sobel_cbh` | [`lidar::sobel_cbh::generic_sobel_cbh`] |
//! | `pbl_lidar.calculate_gradient_pbl` | [`lidar::gradient_pbl::calculate_gradient_pbl`] |
//! | `pbl_lidar.calculate_modified_gradient_pbl` | [`lidar::gradient_pbl::calculate_modified_gradient_pbl`] |
//! | `scipy.signal.find_peaks` (distance, prominence) | [`lidar::find_peaks::find_peaks`] |
//! | `aeri.aeri2irt` | [`infrared::aeri2irt::aeri2irt`] |
//! | `irt.sst_from_irt` | [`infrared::sst::sst_from_irt`] |
//! | `irt.irt_response_function` | [`infrared::response::IRT_RESPONSE`] |
//! | `utils.radiance_utils.planck_converter` | [`infrared::planck::planck_converter`] |
//! | `scipy.optimize.brentq` | [`roots::brentq`] |
//! | `scipy.optimize.leastsq` / `curve_fit(method="lm")` (MINPACK `lmdif`) | [`least_squares::lmdif`] |
//! | `radiation.calculate_dsh_from_dsdh_sdn` | [`radiation::irradiance::calculate_dsh_from_dsdh_sdn`] |
//! | `radiation.calculate_ghi_from_dni_dhi` | [`radiation::irradiance::calculate_ghi_from_dni_dhi`] |
//! | `radiation.calculate_dni_from_dhi_ghi` | [`radiation::irradiance::calculate_dni_from_dhi_ghi`] |
//! | `radiation.calculate_dhi_from_dni_ghi` | [`radiation::irradiance::calculate_dhi_from_dni_ghi`] |
//! | `radiation.calculate_irradiance_stats` | [`radiation::irradiance::calculate_irradiance_stats`] |
//! | `radiation.calculate_net_radiation` | [`radiation::net::calculate_net_radiation`] |
//! | `radiation.calculate_longwave_radiation` | [`radiation::longwave::calculate_longwave_radiation`] |
//! | `doppler_lidar.compute_winds_from_ppi` | [`doppler::vad::compute_winds_from_ppi`] |
//! | `sp2.calc_sp2_diams_masses` (PySP2 `calc_diams_masses`) | [`sp2::diams::calc_sp2_diams_masses`] |
//! | PySP2 `gaussian_fit` (`act.qc.sp2.get_waveform_statistics`) | [`sp2::stats::gaussian_fit`] |
//! | PySP2 `DMTGlobals` (`act.qc.sp2.SP2ParticleCriteria`) | [`sp2::globals::Sp2Globals`] |
//! | `sp2.process_sp2_psds` (PySP2 `process_psds`) | [`sp2::psds::process_sp2_psds`] |
//! | PySP2 `gaussian_fit`'s reject keys and dead-time bias | [`sp2::reject`] |
//! | PySP2 `beam_shape`, `leo_fit` (`calc_sp2_diams_masses(leo_fits=True)`) | [`sp2::leo`] |
//! | (command line) `atmokit retrieve NAME` | the `atmokit` CLI (command-line syntax lives there) |

pub mod doppler;
pub mod infrared;
pub(crate) mod input;
pub mod least_squares;
pub mod lidar;
pub mod radiation;
pub mod roots;
pub(crate) mod smooth;
pub mod sonde;
pub mod sp2;
