//! One file of a download: kept when already complete, else fetched through the client, with
//! its progress events and its line in the [`DownloadReport`]. Every service uses it.

use std::path::Path;

use crate::client::Client;
use crate::error::DiscoveryError;
use crate::report::{DownloadReport, Progress};

/// A file to fetch.
pub(crate) struct FileJob<'a> {
    /// Its name in the output folder (already checked to be a plain file name).
    pub name: &'a str,
    /// Where it comes from.
    pub url: &'a str,
    /// 1-based position among `of` files.
    pub index: usize,
    /// Number of files of this listing.
    pub of: usize,
    /// Its size when the service lists it.
    pub size: Option<u64>,
}

/// How a service's answers are judged.
pub(crate) struct Rules<'a> {
    /// Fetch again even when complete.
    pub overwrite: bool,
    /// A 404 means "the service has no such file" (reported), not an error.
    pub missing_ok: bool,
    /// Judges the first bytes; false means "not available" (reported, nothing written).
    pub accept: &'a dyn Fn(&[u8]) -> bool,
}

/// Keep or fetch one file into `output`. A file present under its final name is complete
/// (every file is written whole or not at all) when its size is the listed one, or, without
/// a listed size, when it is not empty.
pub(crate) fn fetch_one(
    client: &Client,
    output: &Path,
    job: &FileJob<'_>,
    rules: &Rules<'_>,
    report: &mut DownloadReport,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(), DiscoveryError> {
    let dest = output.join(job.name);
    let have = std::fs::metadata(&dest).ok().filter(|m| m.is_file()).map(|m| m.len());
    let complete = match (have, job.size) {
        (Some(h), Some(s)) => h == s,
        (Some(h), None) => h > 0,
        (None, _) => false,
    };
    let name = job.name.to_string();
    if complete && !rules.overwrite {
        progress(&Progress::Skipped { name });
        report.skipped += 1;
        report.files.push(dest);
        return Ok(());
    }
    progress(&Progress::Started {
        name: name.clone(),
        index: job.index,
        of: job.of,
    });
    match client.download(job.url, &dest, rules.accept, &mut |n| progress(&Progress::Bytes(n))) {
        Ok(Some(bytes)) => {
            progress(&Progress::Done { name, bytes });
            report.downloaded += 1;
            report.bytes += bytes;
            report.files.push(dest);
            Ok(())
        }
        Ok(None) => {
            progress(&Progress::Unavailable { name: name.clone() });
            report.unavailable.push(name);
            Ok(())
        }
        Err(DiscoveryError::Status { status: 404, .. }) if rules.missing_ok => {
            progress(&Progress::Unavailable { name: name.clone() });
            report.unavailable.push(name);
            Ok(())
        }
        Err(e) => Err(e),
    }
}
