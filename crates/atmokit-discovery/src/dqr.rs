//! ARM Data Quality Reports from the DQR web service, fetched as ACT 2.3.4's
//! `act.qc.arm.add_dqr_to_qc` and `print_dqr` do (<https://adc.arm.gov/dqrws/>).

use atmokit_core::Dataset;
use atmokit_qc::dqr::{DqrReport, dataset_datastream, parse_dqr_json};
use chrono::{DateTime, NaiveDate};

use crate::arm::check_datastream;
use crate::client::Client;
use crate::error::DiscoveryError;

/// The DQR service root used when no base URL is given.
pub const DQR_BASE_URL: &str = "https://dqr-web-service.arm.gov/";

/// Longest DQR answer accepted, in bytes.
const DQR_LIMIT: u64 = 64 * 1024 * 1024;

/// `{base}dqr_full/{datastream}/{YYYYMMDD}/{YYYYMMDD}/{assessment}`, the assessment lower-cased
/// without spaces (e.g. `incorrect,suspect`).
pub fn dqr_url(
    base_url: Option<&str>,
    datastream: &str,
    start: NaiveDate,
    end: NaiveDate,
    assessment: &str,
) -> Result<String, DiscoveryError> {
    check_datastream(datastream)?;
    let base = crate::arm::base_url(Some(base_url.unwrap_or(DQR_BASE_URL)))?;
    let assessment: String = assessment
        .chars()
        .filter(|c| *c != ' ')
        .collect::<String>()
        .to_lowercase();
    if assessment.is_empty() || !assessment.chars().all(|c| c.is_ascii_lowercase() || c == ',') {
        return Err(DiscoveryError::Invalid(format!(
            "assessment {assessment:?} must be words separated by commas (e.g. incorrect,suspect)"
        )));
    }
    Ok(format!(
        "{base}dqr_full/{datastream}/{}/{}/{assessment}",
        start.format("%Y%m%d"),
        end.format("%Y%m%d")
    ))
}

/// Fetch the DQRs of `datastream` between two dates as the service's JSON
/// (`{datastream: {category: {dqr_id: {dates, description, subject, suggestions, variables}}}}`).
pub fn fetch_dqr(
    client: &Client,
    base_url: Option<&str>,
    datastream: &str,
    start: NaiveDate,
    end: NaiveDate,
    assessment: &str,
) -> Result<serde_json::Value, DiscoveryError> {
    let url = dqr_url(base_url, datastream, start, end, assessment)?;
    let body = client.get_bytes(&url, DQR_LIMIT)?;
    serde_json::from_slice(&body).map_err(|e| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message: format!("not JSON: {e}"),
    })
}

/// The DQRs covering a dataset, as ACT's `add_dqr_to_qc` asks for them: its datastream
/// (`datastream` / `_datastream` attribute) from the date of its first time to the date of
/// its last, with `assessment` (e.g. `incorrect,suspect`). Apply them with
/// [`atmokit_qc::dqr::add_dqr_to_qc`].
pub fn fetch_dqr_for(
    client: &Client,
    base_url: Option<&str>,
    ds: &Dataset,
    assessment: &str,
) -> Result<Vec<DqrReport>, DiscoveryError> {
    let datastream = dataset_datastream(ds)?;
    let time = ds.time()?;
    let day = |ns: i64| DateTime::from_timestamp_nanos(ns).date_naive();
    let (Some(&first), Some(&last)) = (time.first(), time.last()) else {
        return Err(DiscoveryError::Invalid("the dataset has no time samples".into()));
    };
    let json = fetch_dqr(client, base_url, &datastream, day(first), day(last), assessment)?;
    Ok(parse_dqr_json(&json, &datastream)?)
}
