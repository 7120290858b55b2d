//! NEON site metadata (<https://data.neonscience.org/data-api/>, `sites/` endpoint), as ACT
//! 2.3.4's `act.discovery.get_neon_site_products` and `get_neon_product_avail` read it:
//! `{base}sites/{SITE}` answers `data.dataProducts[]` with `dataProductCode`,
//! `dataProductTitle` and `availableMonths` (`YYYY-MM`).

use std::collections::BTreeMap;

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::neon::NEON_BASE_URL;

/// Longest site answer accepted, in bytes.
const SITE_LIMIT: u64 = 16 * 1024 * 1024;

/// One data product of a NEON site.
#[derive(Clone, Debug, PartialEq)]
pub struct NeonProduct {
    /// Product code, e.g. `DP1.00002.001`.
    pub code: String,
    /// Product title.
    pub title: String,
    /// Months with data at the site (`YYYY-MM`).
    pub available_months: Vec<String>,
}

/// The data products of a NEON site (`site` e.g. `BARR`), in the answer's order.
///
/// # Errors
/// A site code that is not letters and digits, the service's refusal or failure, or an answer
/// that is not the documented JSON (named with the URL).
pub fn neon_site_products_full(
    client: &Client,
    site: &str,
    base: Option<&str>,
) -> Result<Vec<NeonProduct>, DiscoveryError> {
    if site.is_empty() || !site.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(DiscoveryError::Invalid(format!(
            "NEON site {site:?} must be letters and digits"
        )));
    }
    let url = format!("{}sites/{site}", base_url(Some(base.unwrap_or(NEON_BASE_URL)))?);
    let body = client.get_bytes(&url, SITE_LIMIT)?;
    parse_site_products(&body).map_err(|message| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message,
    })
}

/// ACT's `get_neon_site_products(site_code)`: product code → title.
///
/// # Errors
/// As [`neon_site_products_full`].
pub fn get_neon_site_products(
    client: &Client,
    site: &str,
    base: Option<&str>,
) -> Result<BTreeMap<String, String>, DiscoveryError> {
    Ok(neon_site_products_full(client, site, base)?
        .into_iter()
        .map(|p| (p.code, p.title))
        .collect())
}

/// ACT's `get_neon_product_avail(site_code, product_code)`: the months with data, or `None`
/// when the site does not have the product (ACT then fails with an unbound variable).
///
/// # Errors
/// As [`neon_site_products_full`].
pub fn get_neon_product_avail(
    client: &Client,
    site: &str,
    product: &str,
    base: Option<&str>,
) -> Result<Option<Vec<String>>, DiscoveryError> {
    Ok(neon_site_products_full(client, site, base)?
        .into_iter()
        .find(|p| p.code == product)
        .map(|p| p.available_months))
}

/// The products of a `sites/` answer.
pub fn parse_site_products(body: &[u8]) -> Result<Vec<NeonProduct>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let list = v
        .pointer("/data/dataProducts")
        .and_then(|p| p.as_array())
        .ok_or("no data.dataProducts list")?;
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            let text = |k: &str| {
                p.get(k)
                    .and_then(|x| x.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("dataProducts[{i}] has no {k}"))
            };
            let months = match p.get("availableMonths") {
                None | Some(serde_json::Value::Null) => Vec::new(),
                Some(m) => m
                    .as_array()
                    .ok_or_else(|| format!("dataProducts[{i}].availableMonths is not a list"))?
                    .iter()
                    .map(|x| {
                        x.as_str()
                            .map(str::to_string)
                            .ok_or_else(|| format!("dataProducts[{i}]: a month is not text"))
                    })
                    .collect::<Result<_, _>>()?,
            };
            Ok(NeonProduct {
                code: text("dataProductCode")?,
                title: text("dataProductTitle")?,
                available_months: months,
            })
        })
        .collect()
}
