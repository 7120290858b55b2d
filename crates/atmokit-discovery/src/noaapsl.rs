//! NOAA PSL real-time files (<https://downloads.psl.noaa.gov/psd2/data/realtime/>), as ACT
//! 2.3.4's `act.discovery.download_noaa_psl_data` fetches them: for each day the folder
//! `{base}{Instrument path}/{site}/{YYYY}/{DOY}/` is listed and its files fetched.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::arm::{base_url, is_plain_file_name};
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::fetch::{FileJob, Rules, fetch_one};
use crate::report::{DownloadReport, Progress};

/// The PSL archive root used when no base URL is given.
pub const NOAA_PSL_BASE_URL: &str = "https://downloads.psl.noaa.gov/psd2/data/realtime/";

/// Longest folder listing accepted, in bytes.
const LISTING_LIMIT: u64 = 16 * 1024 * 1024;

/// The archive path of an instrument name, matched as ACT does (first rule whose words the
/// name contains): e.g. `Parsivel` → `DisdrometerParsivel/Stats/`, `Temp/RH` →
/// `CsiDatalogger/SurfaceMet/`, `915RWP Wind` → `Radar915/WwWind/`.
pub fn noaa_psl_instrument_path(instrument: &str) -> Option<&'static str> {
    const MET: [&str; 10] = [
        "Pressure",
        "Datalogger",
        "Net Radiation",
        "Temp/RH",
        "Solar Radiation",
        "Tipping Bucket",
        "TBRG",
        "Wind Speed",
        "Wind Direction",
        "Wind Speed and Direction",
    ];
    if instrument.contains("Parsivel") {
        return Some("DisdrometerParsivel/Stats/");
    }
    if MET.iter().any(|m| instrument.contains(m)) {
        return Some("CsiDatalogger/SurfaceMet/");
    }
    const RULES: [(&str, &str); 13] = [
        ("GpsTrimble", "GpsTrimble/WaterVapor/"),
        ("Radar S-band Moment", "Radar3000/PopMoments/"),
        ("Radar S-band Bright Band", "Radar3000/BrightBand/"),
        ("449RWP Bright Band", "Radar449/BrightBand/"),
        ("449RWP Wind", "Radar449/WwWind/"),
        ("449RWP Sub-Hour Wind", "Radar449/WwWindSubHourly/"),
        ("449RWP Sub-Hour Temp", "Radar449/WwTempSubHourly/"),
        ("915RWP Wind", "Radar915/WwWind/"),
        ("915RWP Temp", "Radar915/WwTemp/"),
        ("915RWP Sub-Hour Wind", "Radar915/WwWindSubHourly/"),
        ("915RWP Sub-Hour Temp", "Radar915/WwTempSubHourly/"),
        ("Radar FMCW Moment", "RadarFMCW/PopMoments/"),
        ("Radar FMCW Bright Band", "RadarFMCW/BrightBand/"),
    ];
    RULES.iter().find(|(k, _)| instrument.contains(k)).map(|(_, p)| *p)
}

/// The plain file names linked from an HTML folder listing (`href="NAME"`), in page order,
/// each once; sorting links, parent folders and sub-folders are left out.
pub fn listed_files(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in html.split("href=").skip(1) {
        let q = part.chars().next();
        let name = match q {
            Some(c @ ('"' | '\'')) => part[1..].split(c).next().unwrap_or(""),
            _ => part.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        if is_plain_file_name(name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Fetch the files of `instrument` at `site` for each day from `start` to `end` (inclusive)
/// into `output`. `hour` (e.g. `"12"`) keeps only files whose name holds `DOY` + hour or
/// `DOY.` + hour, as ACT filters. A day whose folder is missing (404) is listed in
/// [`DownloadReport::unavailable`]; files present are kept unless `overwrite`.
#[allow(clippy::too_many_arguments)]
pub fn download_noaa_psl_data(
    client: &Client,
    site: &str,
    instrument: &str,
    start: NaiveDate,
    end: NaiveDate,
    hour: Option<&str>,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    let path = noaa_psl_instrument_path(instrument)
        .ok_or_else(|| DiscoveryError::Invalid(format!("NOAA PSL instrument {instrument:?} is not supported")))?;
    if site.is_empty() || !site.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(DiscoveryError::Invalid(format!(
            "NOAA PSL site {site:?} must be letters and digits"
        )));
    }
    if end < start {
        return Err(DiscoveryError::Invalid(format!("end {end} is before start {start}")));
    }
    let base = base_url(Some(base.unwrap_or(NOAA_PSL_BASE_URL)))?;
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
    for d in start.iter_days().take_while(|d| *d <= end) {
        let doy = format!("{:03}", d.ordinal());
        let folder = format!("{base}{path}{site}/{}/{doy}/", d.year());
        let html = match client.get_bytes(&folder, LISTING_LIMIT) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(DiscoveryError::Status { status: 404, .. }) => {
                let name = format!("{site}/{}/{doy}/", d.year());
                progress(&Progress::Unavailable { name: name.clone() });
                report.unavailable.push(name);
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut names = listed_files(&html);
        if let Some(h) = hour {
            names.retain(|f| f.contains(&format!("{doy}{h}")) || f.contains(&format!("{doy}.{h}")));
        }
        progress(&Progress::Listed { files: names.len() });
        let of = names.len();
        for (i, name) in names.iter().enumerate() {
            let url = format!("{folder}{name}");
            let job = FileJob {
                name,
                url: &url,
                index: i + 1,
                of,
                size: None,
            };
            fetch_one(client, output, &job, &rules, &mut report, progress)?;
        }
    }
    Ok(report)
}
