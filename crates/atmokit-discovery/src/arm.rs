//! ARM Live Data Webservice: list a datastream's files for a date range, then fetch each one,
//! as ACT 2.3.4's `act.discovery.download_arm_data` calls the service
//! (<https://adc.arm.gov/armlive/>).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::client::{Client, ClientOptions};
use crate::credentials::ArmCredentials;
use crate::error::DiscoveryError;
use crate::fetch::{FileJob, Rules, fetch_one};
use crate::report::{DownloadReport, Progress};

/// The ARM Live service root used when no base URL is given.
pub const ARM_LIVE_BASE_URL: &str = "https://adc.arm.gov/armlive/";

/// Longest query answer (the JSON list of files) accepted, in bytes.
const QUERY_LIMIT: u64 = 64 * 1024 * 1024;

/// What to download from ARM Live.
#[derive(Debug, Clone)]
pub struct ArmRequest {
    /// The datastream, e.g. `sgpmetE13.b1`.
    pub datastream: String,
    /// First date (ACT's formats: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`, `DD.MM.YYYY`,
    /// `DD/MM/YYYY`, each optionally followed by `THH:MM:SS`).
    pub start: String,
    /// Last date, same formats; equal to `start`, the whole day is asked for.
    pub end: String,
    /// Only files whose name contains this `HHMMSS` time (ACT's `time`).
    pub time: Option<String>,
    /// Folder the files go into (created if missing).
    pub output: PathBuf,
    /// Service root ending in `armlive/` (default [`ARM_LIVE_BASE_URL`]).
    pub base_url: Option<String>,
    /// Fetch files again even when present (default: a file present under its final name is
    /// complete, since every file is written whole or not at all, and is skipped).
    pub overwrite: bool,
}

/// Download a datastream's files from ARM Live with ACT's arguments, a default client and
/// no progress display. `base_url` replaces [`ARM_LIVE_BASE_URL`].
pub fn download_arm_data(
    username: &str,
    token: &str,
    datastream: &str,
    startdate: &str,
    enddate: &str,
    output: impl AsRef<Path>,
    base_url: Option<&str>,
) -> Result<DownloadReport, DiscoveryError> {
    let creds = ArmCredentials::new(username, token)?;
    let req = ArmRequest {
        datastream: datastream.to_string(),
        start: startdate.to_string(),
        end: enddate.to_string(),
        time: None,
        output: output.as_ref().to_path_buf(),
        base_url: base_url.map(str::to_string),
        overwrite: false,
    };
    download_arm_data_with(&Client::new(ClientOptions::default()), &creds, &req, &mut |_| {})
}

/// Download with a configured client and a progress callback: query
/// `{base}data/query?user=USER:TOKEN&ds=DS&start=…&end=…&wt=json`, then fetch each listed
/// file from `{base}data/saveData?user=USER:TOKEN&file=NAME` into `req.output`.
pub fn download_arm_data_with(
    client: &Client,
    creds: &ArmCredentials,
    req: &ArmRequest,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    let client = client.clone().with_secret(creds.token.clone());
    let base = base_url(req.base_url.as_deref())?;
    check_datastream(&req.datastream)?;
    let (start, end) = query_range(&req.start, &req.end)?;
    let user = creds.user_param();
    let query = format!(
        "{base}data/query?user={user}&ds={}&start={}&end={}&wt=json",
        req.datastream,
        iso_ms(start),
        iso_ms(end)
    );
    let body = client.get_bytes(&query, QUERY_LIMIT)?;
    let mut names = list_files(&body).map_err(|message| DiscoveryError::BadAnswer {
        url: client.redact(&query),
        message,
    })?;
    if let Some(t) = &req.time {
        names.retain(|n| n.contains(t.as_str()));
    }
    progress(&Progress::Listed { files: names.len() });
    std::fs::create_dir_all(&req.output).map_err(|source| DiscoveryError::Folder {
        path: req.output.clone(),
        source,
    })?;
    let mut report = DownloadReport::default();
    let rules = Rules {
        overwrite: req.overwrite,
        missing_ok: false,
        accept: &is_available,
    };
    for (i, name) in names.iter().enumerate() {
        let url = format!("{base}data/saveData?user={user}&file={name}");
        let job = FileJob {
            name,
            url: &url,
            index: i + 1,
            of: names.len(),
            size: None,
        };
        fetch_one(&client, &req.output, &job, &rules, &mut report, progress)?;
    }
    Ok(report)
}

/// The service root with a trailing `/`; only `http://` and `https://` are taken.
pub(crate) fn base_url(given: Option<&str>) -> Result<String, DiscoveryError> {
    let b = given.unwrap_or(ARM_LIVE_BASE_URL);
    if !(b.starts_with("https://") || b.starts_with("http://")) {
        return Err(DiscoveryError::Invalid(format!("base URL {b:?} is not http(s)://")));
    }
    Ok(if b.ends_with('/') {
        b.to_string()
    } else {
        format!("{b}/")
    })
}

/// A datastream name is letters, digits, `.`, `_` and `-` (it goes into URLs and paths).
pub(crate) fn check_datastream(ds: &str) -> Result<(), DiscoveryError> {
    if ds.is_empty()
        || !ds
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err(DiscoveryError::Invalid(format!(
            "datastream {ds:?} must be letters, digits, '.', '_' or '-'"
        )));
    }
    Ok(())
}

/// ACT's query range: both dates parsed, the end pushed to 23:59:59 when equal to the start.
fn query_range(start: &str, end: &str) -> Result<(NaiveDateTime, NaiveDateTime), DiscoveryError> {
    let s = parse_date(start)?;
    let mut e = parse_date(end)?;
    if e < s {
        return Err(DiscoveryError::Invalid(format!(
            "end {end:?} is before start {start:?}"
        )));
    }
    if s == e {
        e += TimeDelta::seconds(23 * 3600 + 59 * 60 + 59);
    }
    Ok((s, e))
}

/// Parse one of the date formats ACT's `date_parser` takes.
pub fn parse_date(text: &str) -> Result<NaiveDateTime, DiscoveryError> {
    let t = text.trim();
    let (date, time) = match t.split_once('T') {
        Some((d, tm)) => (
            d,
            Some(NaiveTime::parse_from_str(tm, "%H:%M:%S").map_err(|_| bad_date(text))?),
        ),
        None => (t, None),
    };
    let d = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y%m%d", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(date, f).ok())
        .ok_or_else(|| bad_date(text))?;
    Ok(d.and_time(time.unwrap_or(NaiveTime::MIN)))
}

fn bad_date(text: &str) -> DiscoveryError {
    DiscoveryError::Invalid(format!(
        "date {text:?}: expected YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, DD.MM.YYYY or DD/MM/YYYY, optionally with THH:MM:SS"
    ))
}

/// `YYYY-MM-DDTHH:MM:SS.000Z`, as ACT sends the range.
fn iso_ms(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The `files` of a successful query answer, each a plain file name.
fn list_files(body: &[u8]) -> Result<Vec<String>, String> {
    if body.trim_ascii_start().starts_with(b"<!DOCTYPE html") || body.trim_ascii_start().starts_with(b"<html") {
        return Err("an HTML page instead of JSON: check the user name and token".into());
    }
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let status = v.get("status").and_then(|s| s.as_str()).unwrap_or("");
    let files = match v.get("files") {
        Some(serde_json::Value::Array(a)) => a,
        Some(serde_json::Value::Null) | None if status != "success" => {
            return Err(format!(
                "status {status:?} and no file list (check datastream and dates)"
            ));
        }
        _ => return Err("`files` is not a list".into()),
    };
    files
        .iter()
        .map(|f| {
            let name = f.as_str().ok_or("a `files` entry is not a string")?;
            if is_plain_file_name(name) {
                Ok(name.to_string())
            } else {
                Err(format!("file name {name:?} is not a plain file name"))
            }
        })
        .collect()
}

/// A file name safe to join to the output folder: letters, digits, `.`, `_`, `-`, not
/// starting with a dot (no separators, no `..`).
pub(crate) fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// ACT skips answers saying "This data file is not available".
fn is_available(head: &[u8]) -> bool {
    const NOT: &[u8] = b"This data file is not available";
    !head.windows(NOT.len()).any(|w| w == NOT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_range_formats() {
        let (s, e) = query_range("2019-01-01", "2019-01-01").unwrap();
        assert_eq!(iso_ms(s), "2019-01-01T00:00:00.000Z");
        assert_eq!(iso_ms(e), "2019-01-01T23:59:59.000Z");
        let (s, e) = query_range("20190101", "02.01.2019").unwrap();
        assert_eq!(
            (iso_ms(s).as_str(), iso_ms(e).as_str()),
            ("2019-01-01T00:00:00.000Z", "2019-01-02T00:00:00.000Z")
        );
        assert!(query_range("2019-13-01", "2019-01-01").is_err());
        assert!(query_range("2019-01-02", "2019-01-01").is_err());
    }

    #[test]
    fn file_lists() {
        assert_eq!(
            list_files(br#"{"status":"success","files":["a.cdf","b.cdf"]}"#).unwrap(),
            ["a.cdf", "b.cdf"]
        );
        assert!(list_files(br#"{"status":"success","files":["../x"]}"#).is_err());
        assert!(list_files(b"<!DOCTYPE html><html>").unwrap_err().contains("token"));
        assert!(list_files(b"{\"files\": [").is_err());
    }
}
