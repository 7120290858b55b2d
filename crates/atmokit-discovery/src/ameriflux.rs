//! AmeriFlux data downloads through its data web service (`https://amfcdn.lbl.gov/api/v2/`),
//! as ACT 2.3.4's `act.discovery.download_ameriflux_data` (after the `amerifluxr` R package)
//! asks it: the site ids are checked against `{base}site_info_display/AmeriFlux`
//! (`values[].site_id`), the request is POSTed as JSON to `{base}data_download`, which
//! answers `data_urls[].url`, and each file is fetched from its URL.

use std::path::Path;

use crate::arm::{base_url, is_plain_file_name};
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::fetch_all;
use crate::report::{DownloadReport, Progress};

/// The AmeriFlux data service root used when no base URL is given.
pub const AMERIFLUX_BASE_URL: &str = "https://amfcdn.lbl.gov/api/v2/";

/// Longest JSON answer accepted, in bytes.
const JSON_LIMIT: u64 = 64 * 1024 * 1024;

/// The intended uses the service takes (ACT's short codes).
pub const AMERIFLUX_INTENDED_USES: [&str; 6] = [
    "synthesis",
    "remote_sensing",
    "model",
    "other_research",
    "education",
    "other",
];

/// What to ask AmeriFlux for (ACT's arguments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmerifluxRequest {
    /// The AmeriFlux account's user id.
    pub user_id: String,
    /// The account's e-mail address.
    pub user_email: String,
    /// Site ids such as `US-A37` (`AA-Flx`/`AA-Net` for network-wide files).
    pub site_ids: Vec<String>,
    /// `FLUXNET` (ACT's default), `BASE-BADM` or `BIF`.
    pub data_product: String,
    /// `CCBY4.0` or `LEGACY`.
    pub data_policy: String,
    /// `FULLSET` (default) or `SUBSET` for FLUXNET.
    pub data_variant: String,
    /// One of [`AMERIFLUX_INTENDED_USES`].
    pub intended_use: String,
    /// A short description of the intended use (recorded and mailed to the site PIs).
    pub description: String,
    /// The user read and agrees to the data policy (the request is refused without it).
    pub agree_policy: bool,
}

/// The ids of the sites AmeriFlux knows.
pub fn ameriflux_sites(client: &Client, base: Option<&str>) -> Result<Vec<String>, DiscoveryError> {
    let base = base_url(Some(base.unwrap_or(AMERIFLUX_BASE_URL)))?;
    let url = format!("{base}site_info_display/AmeriFlux");
    let body = client.get_bytes(&url, JSON_LIMIT)?;
    let bad = |message: String| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    };
    let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| bad(format!("not JSON: {e}")))?;
    let values = v
        .get("values")
        .and_then(|x| x.as_array())
        .ok_or_else(|| bad("no `values` list".into()))?;
    values
        .iter()
        .map(|s| {
            s.get("site_id")
                .and_then(|x| x.as_str())
                .map(str::to_string)
                .ok_or_else(|| bad("a `values` entry without `site_id`".into()))
        })
        .collect()
}

/// The request's JSON body, as ACT sends it (`description` tagged
/// ` [Atmospheric data Community Toolkit download]` is replaced by an atmokit tag).
pub fn ameriflux_request_json(req: &AmerifluxRequest, site_ids: &[String]) -> serde_json::Value {
    serde_json::json!({
        "user_id": req.user_id,
        "user_email": req.user_email,
        "data_policy": req.data_policy,
        "data_product": req.data_product,
        "data_variant": req.data_variant,
        "site_ids": site_ids,
        "intended_use": req.intended_use,
        "description": format!("{} [atmokit download]", req.description),
        "is_test": "",
    })
}

/// Check `req`, keep the site ids AmeriFlux knows (unknown ones are returned in the second
/// list), ask the data service for the files' URLs and fetch each into `output` under the
/// URL's last path segment (query removed). Files present are kept unless `overwrite`.
pub fn download_ameriflux_data(
    client: &Client,
    req: &AmerifluxRequest,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(DownloadReport, Vec<String>), DiscoveryError> {
    if req.user_id.is_empty() || !req.user_email.contains('@') {
        return Err(DiscoveryError::Invalid(
            "AmeriFlux needs a user id and a valid e-mail address".into(),
        ));
    }
    if !AMERIFLUX_INTENDED_USES.contains(&req.intended_use.as_str()) {
        return Err(DiscoveryError::Invalid(format!(
            "intended use {:?}: expected one of {}",
            req.intended_use,
            AMERIFLUX_INTENDED_USES.join(", ")
        )));
    }
    if !matches!(req.data_policy.as_str(), "CCBY4.0" | "LEGACY") {
        return Err(DiscoveryError::Invalid(format!(
            "data policy {:?}: expected CCBY4.0 or LEGACY",
            req.data_policy
        )));
    }
    if !req.agree_policy {
        return Err(DiscoveryError::Invalid(
            "acknowledge the AmeriFlux data policy (https://ameriflux.lbl.gov/data/data-policy/) first".into(),
        ));
    }
    let root = base_url(Some(base.unwrap_or(AMERIFLUX_BASE_URL)))?;
    let known = ameriflux_sites(client, Some(&root))?;
    let (valid, unknown): (Vec<String>, Vec<String>) = req
        .site_ids
        .iter()
        .cloned()
        .partition(|s| known.contains(s) || s == "AA-Flx" || s == "AA-Net");
    if valid.is_empty() {
        return Err(DiscoveryError::Invalid(format!(
            "no valid AmeriFlux site id in {:?}",
            req.site_ids
        )));
    }
    let url = format!("{root}data_download");
    let body =
        serde_json::to_vec(&ameriflux_request_json(req, &valid)).map_err(|e| DiscoveryError::Invalid(e.to_string()))?;
    let answer = client.post_json(&url, &body, JSON_LIMIT)?;
    let jobs = data_urls(&answer).map_err(|message| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    })?;
    if jobs.is_empty() {
        return Err(DiscoveryError::BadAnswer {
            url: client.redact(&url),
            message: format!("no data for {valid:?}"),
        });
    }
    let report = fetch_all(client, output, &jobs, overwrite, &|_| true, progress)?;
    Ok((report, unknown))
}

/// `(file name, URL)` of each `data_urls[].url` of the answer.
fn data_urls(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let list = match v.get("data_urls") {
        Some(serde_json::Value::Array(a)) => a.as_slice(),
        None | Some(serde_json::Value::Null) => &[],
        _ => return Err("`data_urls` is not a list".into()),
    };
    list.iter()
        .map(|d| {
            let url = d
                .get("url")
                .and_then(|u| u.as_str())
                .ok_or("a `data_urls` entry without `url`")?;
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("{url:?} is not http(s)"));
            }
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let name = path.rsplit('/').next().unwrap_or("");
            if !is_plain_file_name(name) {
                return Err(format!("file name {name:?} of {path} is not a plain file name"));
            }
            Ok((name.to_string(), url.to_string()))
        })
        .collect()
}
