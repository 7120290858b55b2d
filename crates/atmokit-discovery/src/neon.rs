//! NEON data products (<https://data.neonscience.org/data-api/>), as ACT 2.3.4's
//! `act.discovery.download_neon_data` fetches them: for each month
//! `{base}data/{product}/{site}/{YYYY-MM}` lists the files (`data.files[]` with `name`, `url`
//! and `size`), each then fetched from its `url`.

use std::path::Path;

use chrono::NaiveDate;

use crate::arm::{base_url, is_plain_file_name};
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::fetch::{FileJob, Rules, fetch_one};
use crate::report::{DownloadReport, Progress};

/// The NEON API root used when no base URL is given (ACT's).
pub const NEON_BASE_URL: &str = "http://data.neonscience.org/api/v0/";

/// Longest month listing accepted, in bytes.
const LISTING_LIMIT: u64 = 64 * 1024 * 1024;

/// One file of a NEON month listing.
struct NeonFile {
    name: String,
    url: String,
    size: Option<u64>,
}

/// The months from `start` to `end` (`YYYY-MM`, inclusive; `end` defaults to `start`).
fn months(start: &str, end: Option<&str>) -> Result<Vec<String>, DiscoveryError> {
    let parse = |m: &str| {
        NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
            .map_err(|_| DiscoveryError::Invalid(format!("month {m:?}: expected YYYY-MM")))
    };
    let s = parse(start)?;
    let e = parse(end.unwrap_or(start))?;
    if e < s {
        return Err(DiscoveryError::Invalid(format!(
            "end month {} is before {start}",
            end.unwrap_or(start)
        )));
    }
    let mut out = Vec::new();
    let mut m = s;
    while m <= e {
        out.push(m.format("%Y-%m").to_string());
        m = m
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| DiscoveryError::Invalid("month out of range".into()))?;
    }
    Ok(out)
}

/// The files of a month listing; names must be plain, URLs http(s).
fn listing(body: &[u8]) -> Result<Vec<NeonFile>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let files = v
        .pointer("/data/files")
        .and_then(|f| f.as_array())
        .ok_or("no `data.files` list")?;
    files
        .iter()
        .map(|f| {
            let text = |k: &str| f.get(k).and_then(|x| x.as_str()).map(str::to_string);
            let name = text("name").ok_or("a file without `name`")?;
            let url = text("url").ok_or_else(|| format!("{name}: no `url`"))?;
            if !is_plain_file_name(&name) {
                return Err(format!("file name {name:?} is not a plain file name"));
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!("{name}: url is not http(s)"));
            }
            let size = match f.get("size") {
                Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
                Some(serde_json::Value::Number(n)) => n.as_u64(),
                _ => None,
            };
            Ok(NeonFile { name, url, size })
        })
        .collect()
}

/// Fetch every file of NEON data product `product` (e.g. `DP1.00002.001`) at `site` (e.g.
/// `HARV`) for each month from `start` to `end` (`YYYY-MM`) into `output`. A file present
/// with the size the listing gives (or, without a size, non-empty) is kept unless
/// `overwrite`; one of another size is fetched again.
#[allow(clippy::too_many_arguments)]
pub fn download_neon_data(
    client: &Client,
    site: &str,
    product: &str,
    start: &str,
    end: Option<&str>,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    for (what, v) in [("site", site), ("product", product)] {
        if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
            return Err(DiscoveryError::Invalid(format!(
                "NEON {what} {v:?} must be letters, digits and '.'"
            )));
        }
    }
    let base = base_url(Some(base.unwrap_or(NEON_BASE_URL)))?;
    let months = months(start, end)?;
    std::fs::create_dir_all(output).map_err(|source| DiscoveryError::Folder {
        path: output.to_path_buf(),
        source,
    })?;
    let mut report = DownloadReport::default();
    let rules = Rules {
        overwrite,
        missing_ok: false,
        accept: &|_| true,
    };
    for month in months {
        let url = format!("{base}data/{product}/{site}/{month}");
        let body = client.get_bytes(&url, LISTING_LIMIT)?;
        let files = listing(&body).map_err(|message| DiscoveryError::BadAnswer {
            url: client.redact(&url),
            message,
        })?;
        progress(&Progress::Listed { files: files.len() });
        let of = files.len();
        for (i, f) in files.iter().enumerate() {
            let job = FileJob {
                name: &f.name,
                url: &f.url,
                index: i + 1,
                of,
                size: f.size,
            };
            fetch_one(client, output, &job, &rules, &mut report, progress)?;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ranges() {
        assert_eq!(
            months("2022-11", Some("2023-02")).unwrap(),
            ["2022-11", "2022-12", "2023-01", "2023-02"]
        );
        assert_eq!(months("2023-05", None).unwrap(), ["2023-05"]);
        assert!(months("2023-13", None).is_err());
        assert!(months("2023-05", Some("2023-04")).is_err());
    }
}
