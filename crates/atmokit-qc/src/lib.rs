//! # atmokit-qc: ARM's bit-packed quality control
//!
//! QC variables `qc_<var>` with `flag_masks` / `flag_meanings` / `flag_assessments`, every ACT QC
//! test, ARM → CF cleanup and its inverse, summaries and QC-aware averaging. Everything works in
//! place on an [`atmokit_core::Dataset`] (ACT API reference, `act.qc`).
//!
//! | ACT (`ds.qcfilter.*`, `ds.clean.*`, `act.qc.*`) | atmokit |
//! |---|---|
//! | `set_bit`, `unset_bit`, `parse_bit` | [`bits::set_bit`], [`bits::unset_bit`], [`bits::parse_bit`] |
//! | `check_for_ancillary_qc`, `create_qc_variable`, `update_ancillary_variable` | [`model`] |
//! | `add_test`, `available_bit`, `set_test`, `unset_test`, `remove_test`, `get_qc_test_mask` | [`model`] |
//! | int8 → … → int64 promotion | [`qcint::ensure_bit_capacity`] |
//! | `get_masked_data`, `datafilter` | [`masked`] |
//! | `merge_qc_variables` | [`merge::merge_qc_variables`] |
//! | `add_missing_value_test`, `add_less_test`, …, `add_outside_test`, `add_inside_test` | [`limits`] |
//! | `add_persistence_test`, `add_delta_test` | [`rolling`] |
//! | `add_difference_test` (`dataset2_dict`, `set_test_regardless`, `apply_assessment_to_dataset2`, `apply_tests_to_dataset2`) | [`difference::add_difference_test`] with [`DifferenceOptions`] |
//! | `add_atmospheric_pressure_test` | [`pressure`] |
//! | `add_iqr_test` | [`outliers`] |
//! | `add_gesd_test` (scikit-posthocs `outliers_gesd`) | [`gesd::add_gesd_test`] |
//! | `add_step_change_test` (CUSUM) | [`step`] |
//! | `add_relative_variability_test` | [`variability`] |
//! | `bsrn_limits_test` (solar zenith supplied by the caller) | [`bsrn::bsrn_limits_test`] |
//! | `bsrn_comparison_tests` | [`bsrn_compare::bsrn_comparison_tests`] |
//! | `normalized_rradiance_test` | [`bsrn_normalized::normalized_irradiance_test`] (alias `normalized_rradiance_test`) |
//! | `radiometer_tests.fft_shading_test` (sun-up flags supplied by the caller), `fft_shading_test_process` (one window) | [`radiometer::fft_shading_test`], [`radiometer::fft_shading_test_process`] |
//! | `clean_seri_qc` (SIRS SERI QC codes) | [`seri::clean_seri_qc`] |
//! | `compare_time_series_trends` | [`trends::compare_time_series_trends`] |
//! | `ds.clean.cleanup()` | [`cleanup::cleanup`]; inverse for writing: [`to_arm::to_arm_qc`] |
//! | `ds.clean.clean_arm_state_variables(variables, override_cf_flag, clean_units_string, integer_flag, replace_in_flag_meanings)` | [`state_vars::clean_arm_state_variables`] |
//! | summary of per-test counts (`atmokit qc-summary`) | [`summary`] |
//! | `create_qc_summary` | [`create_summary::create_qc_summary`] |
//! | `read_yaml_supplemental_qc`, `apply_supplemental_qc` | [`supplemental`] |
//! | `act.qc.arm.add_dqr_to_qc`, `print_dqr` (on fetched or saved DQR JSON) | [`dqr::add_dqr_to_qc`], [`dqr::format_dqr`] |
//! | `act.utils.calculate_dqr_times` | [`dqr_times::calculate_dqr_times`] |
//! | `act.utils.convert_2d_to_1d` (QC variables split with their variable) | [`split::convert_2d_to_1d`] |
//! | QC-aware averaging (missing in ACT, issue #703) | [`average::qc_average`] |
//! | `--test VAR:TEST:ARGS:ASSESSMENT` (text form of a test; `--config qc.toml` is parsed by the CLI) | [`spec`] |
//! | a series tested file by file, flags as on the whole (`atmokit qc --out-dir`; not in ACT) | [`stream::QcStream`]; with reads and writes on their own threads, [`pipeline::qc_parts`] |
//!
//! ## Where atmokit differs from ACT 2.3.4 (on purpose)
//! - Missing-value test also flags raw `missing_value` / `_FillValue` codes, not only NaN.
//! - Delta test on directions uses the circular difference (359° → 3° is 4°); ACT's
//!   `mod(|d|, 360)` flags every crossing of north (SGP met day, 10° limit: 396 flags against
//!   201). [`TestOptions::act_compat`] reproduces ACT.
//! - The QC integer widens before the sign bit: test 32 on int32 (test 8 on int8) works.
//! - Integer-style ARM QC (`flag_method = "integer"`) becomes `flag_values`, keeping the codes'
//!   meaning; ACT writes `flag_masks` over unconverted codes.
//! - `check_for_ancillary_qc` uses or creates `qc_<var>` when `ancillary_variables` lists no QC
//!   variable (ACT returns None); raw ARM QC without `flag_masks` is refused with a hint to clean
//!   up instead of mixing conventions; a QC variable whose dims differ is an error.
//! - BSRN "Closure" test: global / (diffuse + DNI·μ0), flagged on both sides of 1; ACT uses
//!   diffuse / (global + DNI·μ0) − 1 ≥ limit (ACT 2.3.4 source, `bsrn_comparison_tests`);
//!   [`TestOptions::act_compat`] reproduces ACT.
//! - SERI QC: `qc_down_short_diffuse_hemisp` gets the shortwave code table (ACT only matches
//!   `qc_down_short_diffuse` and gives it the previous variable's longwave table).
//! - GESD on multi-dimensional data flags element-wise (ACT mixes the `nonzero()` axes).
//! - The difference test leaves the comparison dataset unchanged (ACT writes NaN into the
//!   comparison variable when it applies that variable's QC).
//! - `clean_arm_state_variables(override_cf_flag=False)` keeps existing CF attributes and adds
//!   the missing ones (ACT writes none and deletes the ARM descriptions).
//! - `compare_time_series_trends` without a comparison dataset compares with the same dataset
//!   (ACT raises a TypeError).

pub mod assessment;
pub mod average;
pub mod bits;
pub mod bsrn;
pub mod bsrn_compare;
pub mod bsrn_normalized;
pub mod cleanup;
pub mod create_summary;
pub mod difference;
pub mod dqr;
pub mod dqr_times;
mod fused;
pub mod gesd;
pub mod limits;
pub mod masked;
pub mod merge;
pub mod model;
mod options;
pub mod outliers;
mod parallel;
pub mod pipeline;
pub mod pressure;
pub mod qcint;
pub mod radiometer;
pub mod rolling;
pub mod seri;
pub mod spec;
pub mod split;
pub mod state_vars;
pub mod step;
pub mod stream;
pub mod summary;
pub mod supplemental;
pub mod to_arm;
pub mod trends;
mod values;
pub mod variability;

pub use assessment::Assessment;
pub use bits::{parse_bit, set_bit, unset_bit};
pub use difference::{DifferenceOptions, add_difference_test};
pub use gesd::{GesdOptions, add_gesd_test};
pub use limits::{
    add_equal_to_test, add_greater_equal_test, add_greater_test, add_inside_test, add_less_equal_test, add_less_test,
    add_missing_value_test, add_not_equal_to_test, add_outside_test,
};
pub use masked::{datafilter, get_masked_mask, get_nan_filled};
pub use model::{
    FlagKind, QcFlags, TestResult, add_test, available_bit, check_for_ancillary_qc, create_qc_variable,
    get_qc_test_index, get_qc_test_mask, remove_test, set_test, unset_test, update_ancillary_variable,
};
pub use options::TestOptions;
pub use outliers::{IqrOptions, add_iqr_test};
pub use pressure::{PressureOptions, add_atmospheric_pressure_test};
pub use rolling::{PersistenceOptions, add_delta_test, add_persistence_test};
pub use step::{StepChangeOptions, add_step_change_test};
pub use values::py_float;
pub use variability::add_relative_variability_test;
