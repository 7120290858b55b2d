//! ARM Data Quality Reports (DQRs) as QC tests: ACT 2.3.4's `act.qc.arm.add_dqr_to_qc` and
//! `print_dqr`, on the JSON of ARM's DQR web service (<https://adc.arm.gov/dqrws/>) already
//! fetched or saved to a file. No network here: `atmokit-discovery` fetches the JSON.
//!
//! The JSON is `{datastream: {category: {dqr_id: {dates: [{start_date, end_date}],
//! description, subject, suggestions, variables}}}}`. For each DQR, the samples whose time
//! lies within one of its date ranges (both ends included) get one QC test per listed
//! variable, meaning `"<DQR id> : <description>"`, assessment the capitalised category.

use std::fmt::Write as _;

use atmokit_core::time::parse_datetime;
use atmokit_core::{Dataset, Error, Result};
use serde_json::Value;

use crate::cleanup::{CleanupOptions, cleanup, normalize_assessments_of};
use crate::model::{TestResult, add_test, find_qc_variable};
use crate::options::TestOptions;

/// One Data Quality Report.
#[derive(Clone, Debug, PartialEq)]
pub struct DqrReport {
    /// The DQR id, e.g. `D190101.1`.
    pub id: String,
    /// The category (the service's assessment), e.g. `Incorrect`, `Suspect`.
    pub category: String,
    /// Short subject line.
    pub subject: String,
    /// Description (part of the QC test's meaning).
    pub description: String,
    /// Suggestions to data users, if any.
    pub suggestions: Option<String>,
    /// Variables the DQR covers.
    pub variables: Vec<String>,
    /// Date ranges as given (`start_date`, `end_date`; `None` when absent or null).
    pub dates: Vec<(Option<String>, Option<String>)>,
}

/// Options of [`add_dqr_to_qc`] (ACT's keyword arguments of the same names).
#[derive(Clone, Debug)]
pub struct DqrOptions {
    /// Only these variables (ACT `variable`); `None`: every variable a DQR lists.
    pub variables: Option<Vec<String>>,
    /// DQR ids left out.
    pub exclude: Option<Vec<String>>,
    /// Only these DQR ids.
    pub include: Option<Vec<String>>,
    /// Map Bad → Incorrect and Indeterminate → Suspect on each QC variable a DQR was added to.
    pub normalize_assessment: bool,
    /// Run the ARM → CF QC cleanup first.
    pub cleanup_qc: bool,
    /// Skip `lat`, `lon`, `alt`, `latitude`, `longitude`, `altitude`.
    pub skip_location_vars: bool,
    /// Create a QC variable for a variable that has none (else skip that variable).
    pub create_missing_qc_variables: bool,
}

impl Default for DqrOptions {
    /// ACT's defaults.
    fn default() -> Self {
        DqrOptions {
            variables: None,
            exclude: None,
            include: None,
            normalize_assessment: true,
            cleanup_qc: true,
            skip_location_vars: false,
            create_missing_qc_variables: true,
        }
    }
}

/// The DQRs of `datastream` in the text of a DQR answer saved earlier (a file a mentor kept, or a
/// body fetched elsewhere). Errors say when the text is not JSON.
pub fn parse_dqr_text(text: &str, datastream: &str) -> Result<Vec<DqrReport>> {
    let json: Value = serde_json::from_str(text).map_err(|e| Error::invalid(format!("DQR answer is not JSON: {e}")))?;
    parse_dqr_json(&json, datastream)
}

/// The DQRs of `datastream` in the service's JSON, in the answer's order (category, then id).
/// An answer without that datastream holds no DQR (ACT returns the dataset unchanged).
pub fn parse_dqr_json(json: &Value, datastream: &str) -> Result<Vec<DqrReport>> {
    let bad = |what: String| Error::invalid(format!("DQR answer for {datastream}: {what}"));
    let Some(cats) = json.get(datastream) else {
        return Ok(vec![]);
    };
    let cats = cats
        .as_object()
        .ok_or_else(|| bad("not an object of categories".into()))?;
    let mut out = Vec::new();
    for (category, dqrs) in cats {
        let dqrs = dqrs
            .as_object()
            .ok_or_else(|| bad(format!("category {category:?} is not an object of DQRs")))?;
        for (id, d) in dqrs {
            let text = |k: &str| d.get(k).and_then(Value::as_str).map(str::to_string);
            let description = text("description").ok_or_else(|| bad(format!("DQR {id}: no text `description`")))?;
            let variables = match d.get("variables") {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad(format!("DQR {id}: a `variables` entry is not text")))?,
                _ => return Err(bad(format!("DQR {id}: `variables` is not a list"))),
            };
            let dates = match d.get("dates") {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|r| {
                        let s = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
                        (s("start_date"), s("end_date"))
                    })
                    .collect(),
                _ => return Err(bad(format!("DQR {id}: `dates` is not a list"))),
            };
            out.push(DqrReport {
                id: id.clone(),
                category: category.clone(),
                subject: text("subject").unwrap_or_default(),
                description,
                suggestions: text("suggestions"),
                variables,
                dates,
            });
        }
    }
    Ok(out)
}

/// The dataset's datastream (`datastream` or `_datastream` global attribute), needed to query
/// the DQR service and to pick its part of the answer.
pub fn dataset_datastream(ds: &Dataset) -> Result<String> {
    ds.attr_str("datastream")
        .or_else(|| ds.attr_str("_datastream"))
        .map(str::to_string)
        .ok_or_else(|| Error::MissingAttribute {
            var: "(global)".into(),
            attr: "datastream".into(),
        })
}

/// Indices of `times` (ns) within any of the report's ranges, both ends included, ascending and
/// unique. A range with a missing end flags nothing (ACT compares with NaT).
pub fn dqr_time_indices(times: &[i64], report: &DqrReport) -> Result<Vec<usize>> {
    let mut hit = vec![false; times.len()];
    for (s, e) in &report.dates {
        let (Some(s), Some(e)) = (s, e) else { continue };
        let parse =
            |t: &str| parse_datetime(t).map_err(|err| Error::invalid(format!("DQR {} date {t:?}: {err}", report.id)));
        let (s, e) = (parse(s)?, parse(e)?);
        for (h, &t) in hit.iter_mut().zip(times) {
            *h |= s <= t && t <= e;
        }
    }
    Ok(hit.iter().enumerate().filter(|(_, h)| **h).map(|(i, _)| i).collect())
}

const LOCATION_VARS: [&str; 6] = ["lat", "lon", "alt", "latitude", "longitude", "altitude"];

/// Add each DQR covering some sample as a QC test on each variable it lists (ACT's
/// `add_dqr_to_qc`). Skipped as in ACT: `time`, `time_offset`, `time_bounds`, QC variables,
/// variables not in the dataset, variables not in `opts.variables`, and variables whose first
/// dimension is not time (ACT's index error). Returns the tests added.
pub fn add_dqr_to_qc(ds: &mut Dataset, reports: &[DqrReport], opts: &DqrOptions) -> Result<Vec<TestResult>> {
    if opts.cleanup_qc {
        cleanup(ds, &CleanupOptions::default())?;
    }
    let times: Vec<i64> = ds.time()?.to_vec();
    let mut added = Vec::new();
    for r in reports {
        if opts.exclude.as_ref().is_some_and(|x| x.contains(&r.id))
            || opts.include.as_ref().is_some_and(|x| !x.contains(&r.id))
        {
            continue;
        }
        let rows = dqr_time_indices(&times, r)?;
        if rows.is_empty() {
            continue;
        }
        let meaning = format!("{} : {}", r.id, r.description);
        let assessment = crate::model::capitalize(&r.category);
        for var in &r.variables {
            if (opts.skip_location_vars && LOCATION_VARS.contains(&var.as_str()))
                || matches!(var.as_str(), "time" | "time_offset" | "time_bounds")
                || opts.variables.as_ref().is_some_and(|v| !v.contains(var))
            {
                continue;
            }
            let Some(v) = ds.var(var) else { continue };
            if v.attr_str("standard_name") == Some("quality_flag") {
                continue;
            }
            if v.dims().first().map(String::as_str) != Some("time") {
                continue;
            }
            if !opts.create_missing_qc_variables && find_qc_variable(ds, var)?.is_none() {
                continue;
            }
            let inner: usize = v.shape()[1..].iter().product();
            let mut mask = vec![false; v.shape().iter().product()];
            for &i in &rows {
                mask[i * inner..(i + 1) * inner].fill(true);
            }
            let t = add_test(ds, var, Some(&mask), &meaning, &assessment, &TestOptions::default())?;
            if opts.normalize_assessment {
                normalize_assessments_of(ds.get_mut(&t.qc_variable_name)?);
            }
            added.push(t);
        }
    }
    Ok(added)
}

/// The DQRs as text, one block each (ACT's `print_dqr`, without terminal styling): id,
/// datastream, category, subject, link, description, suggestions, variables, date ranges.
/// With `variable`, only DQRs listing it.
pub fn format_dqr(reports: &[DqrReport], datastream: &str, variable: Option<&str>) -> String {
    let mut s = String::new();
    for r in reports {
        if variable.is_some_and(|v| !r.variables.iter().any(|x| x == v)) {
            continue;
        }
        let _ = writeln!(s, "{}\t{datastream}\t{}\t{}", r.id, r.category, r.subject);
        let _ = writeln!(s, "https://adc.arm.gov/ArchiveServices/DQRService?dqrid={}", r.id);
        let _ = writeln!(s, "Description: {}", r.description);
        if let Some(g) = &r.suggestions {
            let _ = writeln!(s, "Suggestions: {g}");
        }
        let _ = writeln!(s, "Variables: {}", r.variables.join(", "));
        for (a, b) in &r.dates {
            let _ = writeln!(
                s,
                "Dates: {} to {}",
                a.as_deref().unwrap_or("?"),
                b.as_deref().unwrap_or("?")
            );
        }
        s.push('\n');
    }
    s
}
