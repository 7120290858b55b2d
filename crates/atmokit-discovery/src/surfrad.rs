//! NOAA SURFRAD daily files (<https://gml.noaa.gov/grad/surfrad/>), as ACT 2.3.4's
//! `act.discovery.download_surfrad_data` fetches them:
//! `{base}{Site_Name}/{YYYY}/{site}{YY}{DOY}.dat`.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::fetch::{FileJob, Rules, fetch_one};
use crate::report::{DownloadReport, Progress};

/// The SURFRAD archive root used when no base URL is given.
pub const SURFRAD_BASE_URL: &str = "https://gml.noaa.gov/aftp/data/radiation/surfrad/";

/// The archive folder of a SURFRAD station's three-letter code (any case).
pub fn surfrad_site_name(site: &str) -> Option<&'static str> {
    Some(match site.to_ascii_lowercase().as_str() {
        "bnd" => "Bondville_IL",
        "tbl" => "Boulder_CO",
        "dra" => "Desert_Rock_NV",
        "fpk" => "Fort_Peck_MT",
        "gwn" => "Goodwin_Creek_MS",
        "psu" => "Penn_State_PA",
        "sxf" => "Sioux_Falls_SD",
        _ => return None,
    })
}

/// Fetch the daily files of `site` from `start` to `end` (inclusive) into `output`. A day the
/// archive does not have (404) is listed in [`DownloadReport::unavailable`]; files present
/// are kept unless `overwrite`. Unlike ACT the day of year is zero-padded (`bnd19001.dat`),
/// as the archive names files, and ranges may span several years.
#[allow(clippy::too_many_arguments)]
pub fn download_surfrad_data(
    client: &Client,
    site: &str,
    start: NaiveDate,
    end: NaiveDate,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    let folder = surfrad_site_name(site).ok_or_else(|| {
        DiscoveryError::Invalid(format!(
            "SURFRAD site {site:?}: expected one of bnd, tbl, dra, fpk, gwn, psu, sxf"
        ))
    })?;
    if end < start {
        return Err(DiscoveryError::Invalid(format!("end {end} is before start {start}")));
    }
    let base = base_url(Some(base.unwrap_or(SURFRAD_BASE_URL)))?;
    let site = site.to_ascii_lowercase();
    let days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d <= end).collect();
    progress(&Progress::Listed { files: days.len() });
    std::fs::create_dir_all(output).map_err(|source| DiscoveryError::Folder {
        path: output.to_path_buf(),
        source,
    })?;
    let mut report = DownloadReport::default();
    let rules = Rules {
        overwrite,
        missing_ok: true,
        accept: &|_| true,
    };
    for (i, d) in days.iter().enumerate() {
        let name = format!("{site}{:02}{:03}.dat", d.year() % 100, d.ordinal());
        let url = format!("{base}{folder}/{}/{name}", d.year());
        let job = FileJob {
            name: &name,
            url: &url,
            index: i + 1,
            of: days.len(),
            size: None,
        };
        fetch_one(client, output, &job, &rules, &mut report, progress)?;
    }
    Ok(report)
}
