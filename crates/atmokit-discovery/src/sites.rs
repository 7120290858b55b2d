//! ARM site and facility coordinates from the ARM Data Center's metadata search, as ACT 2.3.4's
//! `act.utils.arm_site_location_search(site_code, facility_code)` asks for them: a POST of an
//! Elasticsearch query (`site_code:SGP AND facility_code:E13`, one hit per distinct facility) to
//! `{base}elastic/metadata/_search`, answered with
//! `aggregations.distinct_facility_code.buckets[].hits.hits.hits[0]._source` holding
//! `site_code`, `facility_code` and `location` (`"lat,lon"` or null).

use std::collections::BTreeMap;

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;

/// The ARM Data Center root used when no base URL is given.
pub const ARM_METADATA_BASE_URL: &str = "https://adc.arm.gov/";

/// Longest answer accepted, in bytes (all facilities of all sites are a few hundred kB).
const SITES_LIMIT: u64 = 16 * 1024 * 1024;

/// Coordinates of one facility, in degrees north and east; `None` where the Data Center has
/// no location for it (ACT's `{'latitude': None, 'longitude': None}`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SiteLocation {
    /// Latitude, degrees north.
    pub latitude: Option<f64>,
    /// Longitude, degrees east.
    pub longitude: Option<f64>,
}

/// Site and facility codes are letters and digits (they go into the search query).
fn check_code(kind: &str, code: &str) -> Result<(), DiscoveryError> {
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(DiscoveryError::Invalid(format!(
            "{kind} code {code:?} must be letters and digits"
        )));
    }
    Ok(())
}

/// The query body ACT sends: facilities of `site_code` (and `facility_code`, which may list
/// several as `"A4,I5"`), one hit each, sorted by facility code.
pub fn site_query(site_code: &str, facility_code: Option<&str>) -> Result<String, DiscoveryError> {
    check_code("site", site_code)?;
    let mut query = format!("site_code:{site_code}");
    if let Some(f) = facility_code {
        f.split(',').try_for_each(|c| check_code("facility", c.trim()))?;
        query.push_str(&format!(" AND facility_code:{f}"));
    }
    let body = serde_json::json!({
        "aggs": {"distinct_facility_code": {
            "terms": {"field": "facility_code.keyword", "order": {"_key": "asc"}, "size": 7000},
            "aggs": {"hits": {"top_hits": {
                "_source": ["site_type", "site_code", "facility_code", "location"], "size": 1}}}
        }},
        "size": 0,
        "query": {"query_string": {"query": query}},
    });
    Ok(body.to_string())
}

/// Coordinates of the facilities of `site_code` (all, or those of `facility_code`), keyed
/// `"<site> <facility>"` as in ACT (`"sgp E13"`).
///
/// # Errors
/// Codes that are not letters and digits, the service's refusal or failure, or an answer that
/// is not the documented JSON (named with the URL).
pub fn arm_site_location_search(
    client: &Client,
    base: Option<&str>,
    site_code: &str,
    facility_code: Option<&str>,
) -> Result<BTreeMap<String, SiteLocation>, DiscoveryError> {
    let body = site_query(site_code, facility_code)?;
    let url = format!(
        "{}elastic/metadata/_search",
        base_url(Some(base.unwrap_or(ARM_METADATA_BASE_URL)))?
    );
    let answer = client.post_json(&url, body.as_bytes(), SITES_LIMIT)?;
    parse_sites(&answer).map_err(|message| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    })
}

/// The facilities of a search answer.
pub fn parse_sites(answer: &[u8]) -> Result<BTreeMap<String, SiteLocation>, String> {
    let v: serde_json::Value = serde_json::from_slice(answer).map_err(|e| format!("not JSON: {e}"))?;
    let buckets = v
        .pointer("/aggregations/distinct_facility_code/buckets")
        .and_then(|b| b.as_array())
        .ok_or("no aggregations.distinct_facility_code.buckets")?;
    let mut out = BTreeMap::new();
    for (i, b) in buckets.iter().enumerate() {
        let src = b
            .pointer("/hits/hits/hits/0/_source")
            .ok_or_else(|| format!("bucket {i} has no hits.hits.hits[0]._source"))?;
        let field = |k: &str| {
            src.get(k)
                .and_then(|x| x.as_str())
                .ok_or_else(|| format!("bucket {i}: no {k}"))
        };
        let (site, facility) = (field("site_code")?, field("facility_code")?);
        let loc = match src.get("location") {
            None | Some(serde_json::Value::Null) => SiteLocation {
                latitude: None,
                longitude: None,
            },
            Some(l) => {
                let text = l.as_str().ok_or_else(|| format!("bucket {i}: location is not text"))?;
                let num = |s: &str| s.trim().parse::<f64>().ok().filter(|x| x.is_finite());
                match text.split_once(',').and_then(|(a, b)| Some((num(a)?, num(b)?))) {
                    Some((lat, lon)) if lat.abs() <= 90.0 && lon.abs() <= 360.0 => SiteLocation {
                        latitude: Some(lat),
                        longitude: Some(lon),
                    },
                    _ => return Err(format!("bucket {i}: location {text:?} is not \"lat,lon\"")),
                }
            }
        };
        // ACT keeps the first entry of a repeated key.
        out.entry(format!("{site} {facility}")).or_insert(loc);
    }
    Ok(out)
}
