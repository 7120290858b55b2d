//! EPA AirNow API (<https://docs.airnowapi.org/>), as ACT 2.3.4's `get_airnow_forecast`,
//! `get_airnow_obs` and `get_airnow_bounded_obs` ask it, each answer saved as the CSV the
//! service returns (`format=text/csv`). The API key comes from an option or the environment
//! variable `AIRNOW_API_KEY` and never appears in errors or progress (it is `***`).

use std::path::{Path, PathBuf};

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::{encode, fetch_all, file_name};
use crate::report::Progress;

/// The AirNow API root (ending in `aq/`) used when no base URL is given.
pub const AIRNOW_BASE_URL: &str = "https://www.airnowapi.org/aq/";

/// Where a forecast or an observation is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum AirNowLocation {
    /// A US ZIP code.
    Zip(String),
    /// Latitude and longitude in degrees.
    LatLon(f64, f64),
}

/// The API key: `given` if any, else `AIRNOW_API_KEY`; it must not be empty nor hold `&`,
/// `#`, spaces or newlines.
pub fn airnow_api_key(given: Option<&str>) -> Result<String, DiscoveryError> {
    let key = match given {
        Some(k) => k.to_string(),
        None => std::env::var("AIRNOW_API_KEY").unwrap_or_default(),
    };
    if key.is_empty() {
        return Err(DiscoveryError::Invalid(
            "no AirNow API key: pass one or set AIRNOW_API_KEY".into(),
        ));
    }
    if key.contains(['&', '#', ' ', '\n', '?', '/']) {
        return Err(DiscoveryError::Invalid(
            "the AirNow API key holds one of '&', '#', '?', '/', space or newline".into(),
        ));
    }
    Ok(key)
}

/// The query part naming the location, and its piece of the file name.
fn location(loc: &AirNowLocation) -> Result<(&'static str, String, String), DiscoveryError> {
    match loc {
        AirNowLocation::Zip(z) => {
            if z.is_empty() || !z.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(DiscoveryError::Invalid(format!(
                    "ZIP code {z:?} must be letters and digits"
                )));
            }
            Ok(("zipCode", format!("zipCode={}", encode(z)), format!("zip{z}")))
        }
        AirNowLocation::LatLon(lat, lon) => {
            if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 360.0) {
                return Err(DiscoveryError::Invalid(format!(
                    "latitude {lat} / longitude {lon} out of range"
                )));
            }
            Ok((
                "latLong",
                format!("latitude={lat}&longitude={lon}"),
                format!("{lat}_{lon}"),
            ))
        }
    }
}

/// A `YYYY-MM-DD` date (or `YYYY-MM-DDTHH` when `hour`), checked.
fn check_date(d: &str, hour: bool) -> Result<(), DiscoveryError> {
    let ok = if hour {
        chrono::NaiveDateTime::parse_from_str(&format!("{d}:00"), "%Y-%m-%dT%H:%M").is_ok()
    } else {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
    };
    if ok {
        Ok(())
    } else {
        Err(DiscoveryError::Invalid(format!(
            "date {d:?}: expected {}",
            if hour { "YYYY-MM-DDTHH" } else { "YYYY-MM-DD" }
        )))
    }
}

/// Save one answer, its key kept secret; `fresh` answers (current observations) are always
/// fetched again.
fn save(
    client: &Client,
    key: &str,
    name: String,
    url: String,
    output: &Path,
    fresh: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PathBuf, DiscoveryError> {
    let client = client.clone().with_secret(key);
    let report = fetch_all(&client, output, &[(name, url)], fresh, &|_| true, progress)?;
    report
        .files
        .into_iter()
        .next()
        .ok_or_else(|| DiscoveryError::Invalid("AirNow answer not written".into()))
}

/// The AQI forecast for `date` (`YYYY-MM-DD`) at `loc`, a reporting area within `distance`
/// miles (ACT's default 25): `{base}forecast/zipCode/?format=text/csv&zipCode=…&date=…&distance=…&API_KEY=…`
/// (or `latLong/` with `latitude`/`longitude`), saved as
/// `airnow_forecast_{location}_{date}.csv` in `output`. Returns the file.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_forecast(
    client: &Client,
    key: &str,
    date: &str,
    loc: &AirNowLocation,
    distance: u32,
    output: &Path,
    base: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PathBuf, DiscoveryError> {
    check_date(date, false)?;
    let base = base_url(Some(base.unwrap_or(AIRNOW_BASE_URL)))?;
    let (kind, q, tag) = location(loc)?;
    let url = format!("{base}forecast/{kind}/?format=text/csv&{q}&date={date}&distance={distance}&API_KEY={key}");
    let name = file_name(&["airnow_forecast", &tag, date], "csv");
    save(client, key, name, url, output, false, progress)
}

/// Observed AQI at `loc`: the current hour when `date` is `None`
/// (`{base}observation/zipCode/current/?format=text/csv&zipCode=…&distance=…&API_KEY=…`,
/// always fetched again), else the day `date` (`…/historical/?…&date={date}T00-0000&…`).
/// Saved as `airnow_obs_{location}_{date|current}.csv` in `output`. Returns the file.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_obs(
    client: &Client,
    key: &str,
    date: Option<&str>,
    loc: &AirNowLocation,
    distance: u32,
    output: &Path,
    base: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PathBuf, DiscoveryError> {
    let base = base_url(Some(base.unwrap_or(AIRNOW_BASE_URL)))?;
    let (kind, q, tag) = location(loc)?;
    let (url, when) = match date {
        None => (
            format!("{base}observation/{kind}/current/?format=text/csv&{q}&distance={distance}&API_KEY={key}"),
            "current".to_string(),
        ),
        Some(d) => {
            check_date(d, false)?;
            (
                format!(
                    "{base}observation/{kind}/historical/?format=text/csv&{q}&date={d}T00-0000&distance={distance}&API_KEY={key}"
                ),
                d.to_string(),
            )
        }
    };
    let name = file_name(&["airnow_obs", &tag, &when], "csv");
    save(client, key, name, url, output, date.is_none(), progress)
}

/// Observations of every monitor in the box `bbox` (`minX,minY,maxX,maxY`, degrees) from
/// `start` to `end` (`YYYY-MM-DDTHH`, UTC) for `parameters` (e.g. `OZONE,PM25`), `data_type`
/// `A` (AQI), `C` (concentrations) or `B` (both) and `monitor_type` 0 (permanent), 1 (mobile)
/// or 2 (both), with ACT's `verbose=1` and `includerawconcentrations=1`:
/// `{base}data/?startDate=…&endDate=…&parameters=…&BBOX=…&dataType=…&format=text/csv&verbose=1&monitorType=…&includerawconcentrations=1&API_KEY=…`.
/// Saved as `airnow_data_{start}_{end}_{bbox}.csv` in `output`. Returns the file.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_bounded_obs(
    client: &Client,
    key: &str,
    start: &str,
    end: &str,
    bbox: &str,
    parameters: &str,
    data_type: char,
    monitor_type: u8,
    output: &Path,
    base: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PathBuf, DiscoveryError> {
    check_date(start, true)?;
    check_date(end, true)?;
    let corners: Vec<f64> = bbox.split(',').filter_map(|v| v.parse().ok()).collect();
    if corners.len() != 4 || bbox.split(',').count() != 4 || corners[0] > corners[2] || corners[1] > corners[3] {
        return Err(DiscoveryError::Invalid(format!(
            "bounding box {bbox:?}: expected minX,minY,maxX,maxY"
        )));
    }
    if !matches!(data_type, 'A' | 'B' | 'C') || monitor_type > 2 {
        return Err(DiscoveryError::Invalid(format!(
            "data type {data_type:?} / monitor type {monitor_type}: expected A, B or C / 0, 1 or 2"
        )));
    }
    if parameters.is_empty() || !parameters.chars().all(|c| c.is_ascii_alphanumeric() || c == ',') {
        return Err(DiscoveryError::Invalid(format!(
            "parameters {parameters:?}: expected names like OZONE,PM25"
        )));
    }
    let base = base_url(Some(base.unwrap_or(AIRNOW_BASE_URL)))?;
    let url = format!(
        "{base}data/?startDate={start}&endDate={end}&parameters={parameters}&BBOX={bbox}&dataType={data_type}\
         &format=text/csv&verbose=1&monitorType={monitor_type}&includerawconcentrations=1&API_KEY={key}"
    );
    let name = file_name(&["airnow_data", start, end, bbox], "csv");
    save(client, key, name, url, output, false, progress)
}
