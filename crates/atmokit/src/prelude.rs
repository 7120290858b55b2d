//! Everything a QC, correction or retrieval script needs, in one `use`:
//!
//! ```
//! use atmokit::prelude::*;
//! let mut ds = Dataset::new();
//! ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))?;
//! ds.insert("temp", Variable::new(["time"], array![1.0f32, 60.0, 2.0])?.with_attr("units", "degC"))?;
//! add_outside_test(&mut ds, "temp", -40.0, 50.0, &TestOptions::default())?;
//! assert_eq!(get_qc_test_mask(&ds, "qc_temp", 1)?, vec![false, true, false]);
//! # Ok::<(), atmokit::Error>(())
//! ```
//!
//! It holds the data model ([`Dataset`], [`Variable`], [`Data`], [`DType`], attrs, [`NAT`],
//! merge options, resample / rolling statistics), the facade's [`Error`] and [`Result`], ndarray's array types and macros,
//! and, with their features, the readers and writer, the QC tests and cleanup, the corrections
//! and the retrievals with their option structs, and the time-series and skew-T displays.

pub use crate::{Error, Result};
pub use atmokit_core::merge::{CombineAttrs, Compat, Join, MergeOptions};
pub use atmokit_core::rolling::{Align, rolling_mean, rolling_std};
pub use atmokit_core::time_groups::{Stat, TimeBins, rolling_time};
pub use atmokit_core::{AttrValue, Attrs, DType, Data, Dataset, Element, NAT, Numeric, Variable};
pub use ndarray::{self, Array1, Array2, ArrayD, ArrayView1, ArrayViewD, ArrayViewMutD, Axis, array, s};

#[cfg(feature = "open")]
pub use crate::open;
#[cfg(feature = "netcdf")]
pub use crate::read_arm_netcdf;
#[cfg(feature = "netcdf")]
pub use atmokit_netcdf::{ReadOptions, WriteOptions, write_netcdf};

#[cfg(feature = "qc")]
pub use atmokit_qc::{
    DifferenceOptions, FlagKind, TestOptions, TestResult, add_delta_test, add_difference_test, add_equal_to_test,
    add_greater_equal_test, add_greater_test, add_inside_test, add_iqr_test, add_less_equal_test, add_less_test,
    add_missing_value_test, add_not_equal_to_test, add_outside_test, add_persistence_test, add_step_change_test,
    average::{AverageOptions, qc_average},
    cleanup::{CleanupOptions, cleanup},
    datafilter, get_masked_mask, get_nan_filled, get_qc_test_mask,
    summary::qc_summary,
};

#[cfg(feature = "plot")]
pub use atmokit_plot::{Panel, PanelKind, TimeSeriesDisplay, save, skewt::SkewT};

#[cfg(feature = "corrections")]
pub use atmokit_corrections::{CeilOptions, DlOptions, MplOptions, correct_ceil, correct_dl, correct_mpl, correct_rl};

#[cfg(feature = "retrievals")]
pub use atmokit_retrievals::{
    doppler::vad::{PpiOptions, compute_winds_from_ppi},
    lidar::gradient_pbl::{GradientPblOptions, calculate_gradient_pbl},
    lidar::sobel_cbh::{SobelOptions, generic_sobel_cbh},
    sonde::pwv::calculate_precipitable_water,
    sonde::stability::{StabilityOptions, calculate_stability_indices},
};
