//! Per-day availability and QC statistics of each variable: how many samples a day should hold,
//! how many are valid (finite: not fill, not NaN), how many are flagged Bad or Suspect by their
//! QC variable, and the daily minimum, mean and maximum of the valid values.
//!
//! Definitions (shown on the site's pages too):
//! - *records*: time steps in the day's files; *expected*: the records a full day holds at the
//!   day's median time step (`round(86400 s / step)`, never fewer than the records), so a logger
//!   gap with no records counts as missing data;
//! - *valid fraction* = valid elements / (expected × elements per time step);
//! - *flagged fraction* = elements where a QC test assessed Bad, Incorrect, Suspect or
//!   Indeterminate is set / elements present (records × elements per time step). The QC
//!   variables are read after ARM → CF cleanup (`atmokit_qc::cleanup`), through
//!   [`atmokit_qc::masked::qc_mask`].

use atmokit_core::Dataset;
use atmokit_plot::quicklook::plottable_variables;
use serde::{Deserialize, Serialize};

/// Assessments that count as flagged on the site (ARM's Bad/Suspect and their CF spellings).
pub const FLAG_ASSESSMENTS: &[&str] = &["Bad", "Incorrect", "Suspect", "Indeterminate"];

/// Seconds in a day.
const DAY_S: f64 = 86_400.0;

/// One variable on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VarDay {
    /// Variable name.
    pub name: String,
    /// `units` attribute ("" when absent).
    pub units: String,
    /// `long_name` attribute ("" when absent).
    pub long_name: String,
    /// Elements per time step (1 for a time series, the gate count for a time-height field).
    pub per_time: u64,
    /// Valid (finite) elements.
    pub valid: u64,
    /// Elements flagged by a Bad/Suspect test (0 without a QC variable).
    pub flagged: u64,
    /// Whether the variable has a QC variable with tests.
    pub has_qc: bool,
    /// Smallest valid value.
    pub min: Option<f64>,
    /// Mean of the valid values.
    pub mean: Option<f64>,
    /// Largest valid value.
    pub max: Option<f64>,
}

/// One datastream on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayStats {
    /// Time steps present.
    pub records: u64,
    /// Time steps a full day holds at the median step.
    pub expected: u64,
    /// Per variable, in the dataset's order.
    pub vars: Vec<VarDay>,
}

impl VarDay {
    /// Valid elements / expected elements (0 when nothing was expected).
    pub fn valid_fraction(&self, day: &DayStats) -> f64 {
        ratio(self.valid, day.expected.saturating_mul(self.per_time))
    }

    /// Flagged elements / elements present (0 when none are present).
    pub fn flagged_fraction(&self, day: &DayStats) -> f64 {
        ratio(self.flagged, day.records.saturating_mul(self.per_time))
    }
}

impl DayStats {
    /// Valid fraction over every variable (valid elements / expected elements, summed).
    pub fn valid_fraction(&self) -> f64 {
        let valid = self.vars.iter().map(|v| v.valid).sum();
        let expected = self.vars.iter().map(|v| self.expected.saturating_mul(v.per_time)).sum();
        ratio(valid, expected)
    }

    /// Flagged fraction over every variable that has QC (flagged / present elements, summed);
    /// `None` when no variable has QC.
    pub fn flagged_fraction(&self) -> Option<f64> {
        let with_qc: Vec<&VarDay> = self.vars.iter().filter(|v| v.has_qc).collect();
        if with_qc.is_empty() {
            return None;
        }
        let flagged = with_qc.iter().map(|v| v.flagged).sum();
        let present = with_qc.iter().map(|v| self.records.saturating_mul(v.per_time)).sum();
        Some(ratio(flagged, present))
    }

    /// The statistics of `name`, if the day has that variable.
    pub fn var(&self, name: &str) -> Option<&VarDay> {
        self.vars.iter().find(|v| v.name == name)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Time steps a full day holds at the median positive step of `times_ns` (never fewer than the
/// records present).
pub fn expected_records(times_ns: &[i64]) -> u64 {
    let records = times_ns.len() as u64;
    let mut steps: Vec<i64> = times_ns
        .windows(2)
        .filter(|w| w[0] != atmokit_core::NAT && w[1] != atmokit_core::NAT)
        .map(|w| w[1].saturating_sub(w[0]))
        .filter(|d| *d > 0)
        .collect();
    if steps.is_empty() {
        return records;
    }
    let mid = steps.len() / 2;
    let (_, step, _) = steps.select_nth_unstable(mid);
    let full = (DAY_S / (*step as f64 * 1e-9)).round();
    let full = if full.is_finite() && full < u64::MAX as f64 {
        full as u64
    } else {
        records
    };
    full.max(records)
}

/// The statistics of every plottable variable of `ds` (one day of one datastream, QC already
/// cleaned up). Variables that are not numeric are left out.
pub fn day_stats(ds: &Dataset) -> DayStats {
    let times: Vec<i64> = ds.time().map(|t| t.to_vec()).unwrap_or_default();
    let records = times.len() as u64;
    let expected = expected_records(&times);
    let vars = plottable_variables(ds)
        .into_iter()
        .filter_map(|name| var_day(ds, &name, times.len()))
        .collect();
    DayStats {
        records,
        expected,
        vars,
    }
}

fn var_day(ds: &Dataset, name: &str, n_times: usize) -> Option<VarDay> {
    let v = ds.var(name)?;
    let data = v.data().to_f64()?;
    let per_time = data.len().checked_div(n_times).unwrap_or(0) as u64;
    let (mut valid, mut sum, mut lo, mut hi) = (0u64, 0.0f64, f64::INFINITY, f64::NEG_INFINITY);
    for &x in data.iter() {
        if x.is_finite() {
            valid += 1;
            sum += x;
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    let qc = atmokit_qc::model::find_qc_variable(ds, name).ok().flatten();
    let (has_qc, flagged) = match qc {
        Some(qc) => match atmokit_qc::masked::qc_mask(ds, &qc, FLAG_ASSESSMENTS, &[]) {
            Ok(mask) if mask.len() == data.len() => (true, mask.iter().filter(|&&m| m).count() as u64),
            _ => (false, 0),
        },
        None => (false, 0),
    };
    let some = |x: f64| (valid > 0).then_some(x);
    Some(VarDay {
        name: name.to_string(),
        units: v.attr_str("units").unwrap_or("").to_string(),
        long_name: v.attr_str("long_name").unwrap_or("").to_string(),
        per_time,
        valid,
        flagged,
        has_qc,
        min: some(lo),
        mean: some(sum / valid.max(1) as f64),
        max: some(hi),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    const MIN: i64 = 60_000_000_000;

    #[test]
    fn a_gap_without_records_counts_as_missing() {
        // One-minute data with minutes 10..20 absent: 1430 records of 1440 expected.
        let t: Vec<i64> = (0..1440).filter(|m| !(10..20).contains(m)).map(|m| m * MIN).collect();
        assert_eq!(expected_records(&t), 1440);
        assert_eq!(expected_records(&t[..1]), 1);
        assert_eq!(expected_records(&[]), 0);
        // More records than a day at the step (a file spilling over) never gives fewer.
        let t2: Vec<i64> = (0..1500).map(|m| m * MIN).collect();
        assert_eq!(expected_records(&t2), 1500);
    }

    #[test]
    fn counts_valid_flagged_and_extremes() {
        let mut ds = Dataset::new();
        ds.insert(
            "time",
            Variable::time("time", (0..4).map(|i| i * 21_600_000_000_000).collect()),
        )
        .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![1.0f32, f32::NAN, 3.0, 5.0])
                .unwrap()
                .with_attr("units", "degC")
                .with_attr("ancillary_variables", "qc_temp"),
        )
        .unwrap();
        ds.insert(
            "qc_temp",
            Variable::new(["time"], vec![0i32, 1, 2, 4])
                .unwrap()
                .with_attr("flag_masks", vec![1i32, 2, 4])
                .with_attr("flag_meanings", "missing high odd")
                .with_attr("flag_assessments", "Bad Suspect Acceptable"),
        )
        .unwrap();
        let s = day_stats(&ds);
        assert_eq!((s.records, s.expected), (4, 4));
        let v = s.var("temp").unwrap();
        assert_eq!((v.valid, v.flagged, v.has_qc), (3, 2, true));
        assert_eq!((v.min, v.max), (Some(1.0), Some(5.0)));
        assert_eq!(v.mean, Some(3.0));
        assert_eq!(v.valid_fraction(&s), 0.75);
        assert_eq!(s.flagged_fraction(), Some(0.5));
    }
}
