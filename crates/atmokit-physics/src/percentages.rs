//! ACT `act.utils.calculate_percentages`: each field's share (%) of the sum of the fields'
//! time means, e.g. the fraction of aerosol mass in each chemical species of an ACSM, or of
//! precipitation in each type. The plots' pie chart (`atmokit plot --kind pie`) uses it.

use atmokit_core::{Dataset, Error, Result};

/// Options of [`calculate_percentages`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PercentOptions {
    /// Use only the samples with index in this half-open range of the time dimension (ACT's
    /// `time` / `time_slice`, after the caller has looked the times up); `None` uses all.
    pub index_range: Option<(usize, usize)>,
    /// Replace values that are not above this threshold (and NaN) by [`Self::fill_value`]
    /// before averaging (ACT's `threshold`; xarray's `where(ds > threshold, fill_value)`).
    pub threshold: Option<f64>,
    /// The replacement value of [`Self::threshold`] (ACT default 0).
    pub fill_value: f64,
}

impl Default for PercentOptions {
    fn default() -> Self {
        PercentOptions {
            index_range: None,
            threshold: None,
            fill_value: 0.0,
        }
    }
}

/// The percentage of each field: `100 · mean(field) / Σ_fields mean(field)`, means over the
/// selected samples skipping NaN (xarray's default `skipna`), in the order of `fields`.
///
/// A field whose values are all NaN has mean NaN, so every percentage is NaN, as in ACT.
///
/// # Errors
/// No fields; an unknown or non-numeric field; `index_range` beyond a field's first dimension;
/// fields that are all zero (the total is 0, so no share exists).
pub fn calculate_percentages(ds: &Dataset, fields: &[&str], opts: &PercentOptions) -> Result<Vec<(String, f64)>> {
    if fields.is_empty() {
        return Err(Error::invalid("calculate_percentages: no fields given"));
    }
    let mut means = Vec::with_capacity(fields.len());
    for &f in fields {
        let v = ds.values_f64(f)?;
        let var = ds.get(f)?;
        let rows = var.shape().first().copied().unwrap_or(1).max(1);
        let per_row = v.len() / rows;
        let sel = match opts.index_range {
            Some((a, b)) if a > b || b > rows => {
                return Err(Error::parameter(
                    "index_range",
                    format!("{a}..{b}"),
                    format!("calculate_percentages: '{f}' has {rows} samples"),
                ));
            }
            Some((a, b)) => &v[a * per_row..b * per_row],
            None => &v[..],
        };
        let (mut s, mut n) = (0.0, 0usize);
        for &x in sel {
            let x = match opts.threshold {
                // Not above the threshold, NaN included (xarray's `where(x > t, fill)`).
                Some(t) if x.partial_cmp(&t) != Some(std::cmp::Ordering::Greater) => opts.fill_value,
                _ => x,
            };
            if !x.is_nan() {
                s += x;
                n += 1;
            }
        }
        means.push(if n > 0 { s / n as f64 } else { f64::NAN });
    }
    let total: f64 = means.iter().sum();
    if total == 0.0 {
        return Err(Error::invalid(format!(
            "calculate_percentages: the means of {} sum to 0; no percentages exist",
            fields.join(", ")
        )));
    }
    Ok(fields
        .iter()
        .zip(means)
        .map(|(f, m)| (f.to_string(), 100.0 * m / total))
        .collect())
}
