//! ARM's citation service: the APA citation (with DOI) of a datastream over a date range, as
//! ACT 2.3.4's `act.discovery.get_arm_doi` asks for it.

use chrono::NaiveDate;

use crate::arm::{base_url, check_datastream};
use crate::client::Client;
use crate::error::DiscoveryError;

/// The citation service's root used when no base URL is given.
pub const ARM_CITATION_BASE_URL: &str = "https://adc.arm.gov/";

/// Longest citation answer accepted, in bytes.
const CITATION_LIMIT: u64 = 1024 * 1024;

/// The citation of `datastream` between two dates from
/// `{base}citationservice/citation/datastream?id=DS&citationType=apa&startDate=YYYY-MM-DD&endDate=YYYY-MM-DD`;
/// `None` when the service answers nothing (ACT: "No DOI Found").
pub fn get_arm_doi(
    client: &Client,
    base: Option<&str>,
    datastream: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Option<String>, DiscoveryError> {
    check_datastream(datastream)?;
    let base = base_url(Some(base.unwrap_or(ARM_CITATION_BASE_URL)))?;
    let url = format!(
        "{base}citationservice/citation/datastream?id={datastream}&citationType=apa&startDate={}&endDate={}",
        start.format("%Y-%m-%d"),
        end.format("%Y-%m-%d")
    );
    let body = client.get_bytes(&url, CITATION_LIMIT)?;
    if body.trim_ascii().is_empty() {
        return Ok(None);
    }
    let bad = |message: String| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    };
    let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| bad(format!("not JSON: {e}")))?;
    match v.get("citation") {
        Some(serde_json::Value::String(c)) => Ok(Some(c.clone())),
        _ => Err(bad("no text `citation`".into())),
    }
}
