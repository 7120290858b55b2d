//! Outer join of datasets on `time` (what `xr.merge([a, b], join='outer', compat='override')` does
//! for ACT's ship-wind example): one call of the core's [`Dataset::merge`].

use atmokit_core::merge::{Compat, Join, MergeOptions};
use atmokit_core::{Dataset, Result};

/// Merge datasets on the union of their `time` values (sorted, duplicates removed); returns a new
/// dataset (the inputs are not changed). Equals [`Dataset::merge`] with [`Join::Outer`],
/// [`Compat::Override`] and the first dataset's global attributes: float variables keep their
/// dtype with NaN where a dataset has no sample, time variables get NaT, integer variables become
/// float64 with NaN when they need a fill (as xarray does); variables present in several datasets
/// are taken from the first.
pub fn merge_outer_on_time(parts: &[&Dataset]) -> Result<Dataset> {
    let opts = MergeOptions {
        join: Join::Outer,
        compat: Compat::Override,
        ..MergeOptions::default()
    };
    Dataset::merge(parts, &opts)
}
