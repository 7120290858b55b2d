//! Small pieces every query-string client shares: percent-encoding of query values, the
//! output folder, and a download of one answer into one named file.

use std::path::Path;

use crate::client::Client;
use crate::error::DiscoveryError;
use crate::fetch::{FileJob, Rules, fetch_one};
use crate::report::{DownloadReport, Progress};

/// `value` percent-encoded for a URL query (RFC 3986: letters, digits and `-._~` kept,
/// every other byte of its UTF-8 as `%XX`).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Create the output folder (and its parents) if missing.
pub(crate) fn ensure_dir(output: &Path) -> Result<(), DiscoveryError> {
    std::fs::create_dir_all(output).map_err(|source| DiscoveryError::Folder {
        path: output.to_path_buf(),
        source,
    })
}

/// A file name made of `parts` joined by `_`, every character outside letters, digits, `.`, `_`
/// and `-` replaced by `-` (so query values never make a path).
pub(crate) fn file_name(parts: &[&str], ext: &str) -> String {
    let clean = |p: &str| -> String {
        p.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    let stem: Vec<String> = parts.iter().filter(|p| !p.is_empty()).map(|p| clean(p)).collect();
    let name = format!("{}.{ext}", stem.join("_"));
    match name.strip_prefix('.') {
        Some(rest) => format!("-{rest}"),
        None => name,
    }
}

/// The answers of `jobs` (`(file name, URL)`) written into `output`, each kept when already
/// present and not empty unless `overwrite`; `accept` judges each answer's first bytes
/// (refused answers are reported unavailable, nothing written).
pub(crate) fn fetch_all(
    client: &Client,
    output: &Path,
    jobs: &[(String, String)],
    overwrite: bool,
    accept: &dyn Fn(&[u8]) -> bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    ensure_dir(output)?;
    progress(&Progress::Listed { files: jobs.len() });
    let mut report = DownloadReport::default();
    let rules = Rules {
        overwrite,
        missing_ok: false,
        accept,
    };
    for (i, (name, url)) in jobs.iter().enumerate() {
        let job = FileJob {
            name,
            url,
            index: i + 1,
            of: jobs.len(),
            size: None,
        };
        fetch_one(client, output, &job, &rules, &mut report, progress)?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_and_names() {
        assert_eq!(encode("1/31/2022"), "1%2F31%2F2022");
        assert_eq!(encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(encode("-96.5,35"), "-96.5%2C35");
        assert_eq!(
            file_name(&["airnow", "-98,33,-97,34", ""], "csv"),
            "airnow_-98-33--97-34.csv"
        );
        assert_eq!(file_name(&["../x", "y/z"], "csv"), "-.-x_y-z.csv");
    }
}
