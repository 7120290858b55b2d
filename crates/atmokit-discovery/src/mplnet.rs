//! NASA Micro-Pulse Lidar Network (MPLNET) data and site metadata
//! (<https://mplnet.gsfc.nasa.gov/mplnet_web_services.cgi>), as ACT 2.3.4's
//! `act.discovery.download_mplnet_data` and `get_mplnet_meta` ask for them.

use std::path::{Path, PathBuf};

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::{encode, ensure_dir};

/// The MPLNET root used when no base URL is given.
pub const MPLNET_BASE_URL: &str = "https://mplnet.gsfc.nasa.gov/";

/// The name MPLNET gives its answer when no file matches the request.
const FAIL_NAME: &str = "MPLNET_download_fail.txt";

/// Longest metadata answer accepted, in bytes.
const META_LIMIT: u64 = 64 * 1024 * 1024;

/// What to download from MPLNET.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MplnetRequest {
    /// Data version (2 or 3).
    pub version: u8,
    /// Product level: 1, 15 (1.5) or 2.
    pub level: u8,
    /// Product: `NRB`, `CLD`, `PBL` or `AER`.
    pub product: String,
    /// Site name as MPLNET spells it (e.g. `GSFC`).
    pub site: String,
    /// Year, `YYYY`.
    pub year: String,
    /// Month, `MM`.
    pub month: String,
    /// Day, `DD`; without it the whole month comes as one zip file.
    pub day: Option<String>,
}

fn digits(what: &str, v: &str, n: usize) -> Result<(), DiscoveryError> {
    if v.len() == n && v.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(DiscoveryError::Invalid(format!(
            "MPLNET {what} {v:?}: expected {n} digits"
        )))
    }
}

fn plain(what: &str, v: &str) -> Result<(), DiscoveryError> {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')) {
        Ok(())
    } else {
        Err(DiscoveryError::Invalid(format!(
            "MPLNET {what} {v:?} must be letters, digits, '_' or '-'"
        )))
    }
}

/// The download request, as ACT writes it:
/// `{base}download?version=V{v}&level=L{l}&product=…&site=…&year=…&month=…[&day=…]`.
pub fn mplnet_url(base: &str, req: &MplnetRequest) -> Result<String, DiscoveryError> {
    if !matches!(req.version, 2 | 3) || !matches!(req.level, 1 | 15 | 2) {
        return Err(DiscoveryError::Invalid(format!(
            "MPLNET version {} / level {}: expected 2 or 3 / 1, 15 or 2",
            req.version, req.level
        )));
    }
    if !matches!(req.product.as_str(), "NRB" | "CLD" | "PBL" | "AER") {
        return Err(DiscoveryError::Invalid(format!(
            "MPLNET product {:?}: expected NRB, CLD, PBL or AER",
            req.product
        )));
    }
    plain("site", &req.site)?;
    digits("year", &req.year, 4)?;
    digits("month", &req.month, 2)?;
    let day = match &req.day {
        Some(d) => {
            digits("day", d, 2)?;
            format!("&day={d}")
        }
        None => String::new(),
    };
    Ok(format!(
        "{base}download?version=V{}&level=L{}&product={}&site={}&year={}&month={}{day}",
        req.version, req.level, req.product, req.site, req.year, req.month
    ))
}

/// Download the file MPLNET answers `req` with into `output`, under the name its
/// `Content-Disposition` gives (a netCDF-4 file, or a zip for a whole month); MPLNET's
/// `MPLNET_download_fail.txt` answer (no such data) is an error and nothing is written. The
/// file is written whole or not at all. The file name is known only from the answer, so the
/// request is always made; unless `overwrite`, a file of that name already in `output` with
/// the answer's `Content-Length` is kept and the body is not read (a rerun resumes). Returns
/// the file.
pub fn download_mplnet_data(
    client: &Client,
    req: &MplnetRequest,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(u64),
) -> Result<PathBuf, DiscoveryError> {
    let base = base_url(Some(base.unwrap_or(MPLNET_BASE_URL)))?;
    let url = mplnet_url(&base, req)?;
    ensure_dir(output)?;
    let check = |name: &str| {
        if name == FAIL_NAME {
            Err("MPLNET has no file for these version, level, product, site and date".to_string())
        } else {
            Ok(())
        }
    };
    let (path, _, _) = client.download_named(&url, output, &check, !overwrite, progress)?;
    Ok(path)
}

/// MPLNET site metadata in the GALION JSON format:
/// `{base}operations/sites?api&format=galion&sites=…[&method=…][&year=…][&month=…][&day=…]`.
/// `sites` is `all`, `active`, `inactive`, `planned`, a site name or a collection; `method`
/// `station` or `data`. Returns the parsed JSON (a list of sites, each with an `id`).
#[allow(clippy::too_many_arguments)]
pub fn get_mplnet_meta(
    client: &Client,
    sites: &str,
    method: Option<&str>,
    year: Option<&str>,
    month: Option<&str>,
    day: Option<&str>,
    base: Option<&str>,
) -> Result<serde_json::Value, DiscoveryError> {
    plain("sites", sites)?;
    let base = base_url(Some(base.unwrap_or(MPLNET_BASE_URL)))?;
    let mut url = format!("{base}operations/sites?api&format=galion&sites={}", encode(sites));
    if let Some(m) = method {
        plain("method", m)?;
        url.push_str(&format!("&method={m}"));
    }
    for (what, v, n) in [("year", year, 4), ("month", month, 2), ("day", day, 2)] {
        if let Some(v) = v {
            digits(what, v, n)?;
            url.push_str(&format!("&{what}={v}"));
        }
    }
    let body = client.get_bytes(&url, META_LIMIT)?;
    serde_json::from_slice(&body).map_err(|e| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message: format!("not JSON: {e}"),
    })
}
