//! AirNow answers into Datasets, as ACT 2.3.4's `get_airnow_forecast`, `get_airnow_obs` and
//! `get_airnow_bounded_obs` return them.
//!
//! Forecasts and observations (`format=text/csv` with a header) are pandas'
//! `read_csv(url).to_xarray()`: one variable per column on the dim `index` (with its `index`
//! coordinate 0…n−1), numbers as int64 / float64, `True`/`False` as uint8 1/0 (xarray: bool),
//! text kept, empty text `""`.
//!
//! Bounded observations (`verbose=1`, `includerawconcentrations=1`, no header; ACT's 13 column
//! names) become a grid on (`time`, `sites`): `latitude`, `longitude`, `aqs_id` per site, one
//! variable per parameter (its concentration, `units` the service's unit), and `AQI`,
//! `category`. ACT's slips, fixed unless `act_compat` (checked against ACT 2.3.4 on the same
//! answer, `tests/act_reference/airnow.py`):
//!
//! | | ACT 2.3.4 (`act_compat`) | default |
//! |---|---|---|
//! | `AQI`, `category` | of whichever parameter's row comes first at that site and hour | the highest AQI of the parameters (EPA's reported AQI) and its category |
//! | `raw_concentration` | of the first row, whatever its parameter | one `{PARAMETER}_raw_concentration` per parameter, with its unit; also `{PARAMETER}_AQI` |
//! | `-999` (AirNow's missing value) | kept as a value | NaN |
//! | `aqs_id` | read as a number: `060370002` → 60370002 | the text as sent |

use std::path::{Path, PathBuf};

use atmokit_core::{Data, Dataset, Variable};
use chrono::NaiveDateTime;
use ndarray::Array2;

use crate::airnow::{AirNowLocation, get_airnow_bounded_obs, get_airnow_forecast, get_airnow_obs};
use crate::answer_table::{answer_error, numbers, read_table, texts, typed};
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::report::Progress;

/// ACT's column names of a bounded-observation answer.
pub const AIRNOW_BOUNDED_COLUMNS: [&str; 13] = [
    "latitude",
    "longitude",
    "time",
    "parameter",
    "concentration",
    "unit",
    "raw_concentration",
    "AQI",
    "category",
    "site_name",
    "site_agency",
    "aqs_id",
    "full_aqs_id",
];

/// AirNow's missing value.
const MISSING: f64 = -999.0;

/// A saved AirNow forecast or observation CSV as ACT's `pd.read_csv(url).to_xarray()`.
pub fn read_airnow_csv(path: &Path) -> Result<Dataset, DiscoveryError> {
    let table = read_table(path, 0, None)?;
    let n = table.dim_len("index").unwrap_or(0);
    let mut ds = Dataset::new();
    for (name, var) in table.variables() {
        ds.insert(name, Variable::new(["index"], typed(var.data(), &[]))?)?;
    }
    ds.insert("index", Variable::new(["index"], (0..n as i64).collect::<Vec<i64>>())?)?;
    Ok(ds)
}

/// A saved AirNow bounded-observation CSV as ACT's `get_airnow_bounded_obs` builds it (see the
/// module docs for the differences `act_compat` restores). Sites, times and parameters keep
/// the order of their first appearance; a site/hour without a value is NaN.
pub fn read_airnow_bounded_csv(path: &Path, act_compat: bool) -> Result<Dataset, DiscoveryError> {
    let table = read_table(path, 0, Some(&AIRNOW_BOUNDED_COLUMNS))?;
    let col = |name: &str| table.get(name).map(|v| v.data().clone());
    let site = texts(&col("site_name")?);
    let time_text = texts(&col("time")?);
    let param = texts(&col("parameter")?);
    let unit = texts(&col("unit")?);
    let lat = numbers(&col("latitude")?);
    let lon = numbers(&col("longitude")?);
    // An AQS site id is 9 digits (state 2, county 3, site 4); the CSV engine reads the quoted
    // field as a number, so the leading zeros are written back.
    let aqs_col = col("aqs_id")?;
    let aqs_text: Vec<String> = match &aqs_col {
        Data::Str(_) => texts(&aqs_col),
        other => numbers(other).iter().map(|x| format!("{x:09.0}")).collect(),
    };
    let conc = numbers(&col("concentration")?);
    let raw = numbers(&col("raw_concentration")?);
    let aqi = numbers(&col("AQI")?);
    let category = numbers(&col("category")?);
    let first_order = |v: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for x in v {
            if !out.contains(x) {
                out.push(x.clone());
            }
        }
        out
    };
    let (sites, times, params) = (first_order(&site), first_order(&time_text), first_order(&param));
    let site_ix: Vec<usize> = site
        .iter()
        .map(|s| sites.iter().position(|x| x == s).unwrap_or(0))
        .collect();
    let time_ix: Vec<usize> = time_text
        .iter()
        .map(|t| times.iter().position(|x| x == t).unwrap_or(0))
        .collect();
    let first_row = |s: usize| site_ix.iter().position(|&i| i == s).unwrap_or(0);
    let ns: Vec<i64> = times
        .iter()
        .map(|t| {
            NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%dT%H:%M")
                .ok()
                .and_then(|d| d.and_utc().timestamp_nanos_opt())
                .ok_or_else(|| answer_error(path, format!("time {t:?} is not YYYY-MM-DDTHH:MM")))
        })
        .collect::<Result<_, _>>()?;
    let clean = |x: f64| if !act_compat && x == MISSING { f64::NAN } else { x };

    let mut ds = Dataset::new();
    let per_site = |v: &[f64]| (0..sites.len()).map(|s| v[first_row(s)]).collect::<Vec<f64>>();
    ds.insert("latitude", Variable::new(["sites"], per_site(&lat))?)?;
    ds.insert("longitude", Variable::new(["sites"], per_site(&lon))?)?;
    let aqs: Vec<String> = (0..sites.len()).map(|s| aqs_text[first_row(s)].clone()).collect();
    let aqs_data = if act_compat {
        typed(&Data::from(aqs), &[])
    } else {
        Data::from(aqs)
    };
    ds.insert("aqs_id", Variable::new(["sites"], aqs_data)?)?;
    ds.insert("time", Variable::time("time", ns))?;
    ds.insert("sites", Variable::new(["sites"], sites.clone())?)?;

    let (nt, nsite) = (times.len(), sites.len());
    let grid = || Array2::<f64>::from_elem((nt, nsite), f64::NAN);
    let put = |ds: &mut Dataset, name: &str, g: Array2<f64>, units: &str| -> Result<(), DiscoveryError> {
        ds.insert(
            name,
            Variable::new(["time", "sites"], g.into_dyn())?.with_attr("units", units),
        )?;
        Ok(())
    };
    // The first row of each (time, site, parameter).
    let rows = site.len();
    for p in &params {
        let mut g = grid();
        let (mut graw, mut gaqi) = (grid(), grid());
        for r in (0..rows).rev().filter(|&r| &param[r] == p) {
            g[[time_ix[r], site_ix[r]]] = clean(conc[r]);
            graw[[time_ix[r], site_ix[r]]] = clean(raw[r]);
            gaqi[[time_ix[r], site_ix[r]]] = clean(aqi[r]);
        }
        let of_p = (0..rows).filter(|&r| &param[r] == p);
        let unit_row = if act_compat {
            // ACT's units: those of the last hour/site, in its loop order, holding a value.
            of_p.max_by_key(|&r| (time_ix[r], site_ix[r], usize::MAX - r))
        } else {
            of_p.min()
        };
        let units = unit_row.map(|r| unit[r].clone()).unwrap_or_default();
        put(&mut ds, p, g, &units)?;
        if !act_compat {
            put(&mut ds, &format!("{p}_AQI"), gaqi, "")?;
            put(&mut ds, &format!("{p}_raw_concentration"), graw, &units)?;
        }
    }
    let (mut gaqi, mut gcat, mut graw) = (grid(), grid(), grid());
    for r in (0..rows).rev() {
        let at = [time_ix[r], site_ix[r]];
        if act_compat {
            // The first row at this site and hour, whatever its parameter.
            gaqi[at] = aqi[r];
            gcat[at] = category[r];
            graw[at] = raw[r];
        } else {
            let a = clean(aqi[r]);
            if !a.is_nan() && (gaqi[at].is_nan() || a >= gaqi[at]) {
                gaqi[at] = a;
                gcat[at] = category[r];
            }
        }
    }
    put(&mut ds, "AQI", gaqi, "")?;
    put(&mut ds, "category", gcat, "")?;
    if act_compat {
        put(&mut ds, "raw_concentration", graw, "")?;
    }
    Ok(ds)
}

/// [`get_airnow_forecast`], then [`read_airnow_csv`] of the saved answer.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_forecast_dataset(
    client: &Client,
    key: &str,
    date: &str,
    loc: &AirNowLocation,
    distance: u32,
    output: &Path,
    base: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(PathBuf, Dataset), DiscoveryError> {
    let file = get_airnow_forecast(client, key, date, loc, distance, output, base, progress)?;
    let ds = read_airnow_csv(&file)?;
    Ok((file, ds))
}

/// [`get_airnow_obs`], then [`read_airnow_csv`] of the saved answer.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_obs_dataset(
    client: &Client,
    key: &str,
    date: Option<&str>,
    loc: &AirNowLocation,
    distance: u32,
    output: &Path,
    base: Option<&str>,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(PathBuf, Dataset), DiscoveryError> {
    let file = get_airnow_obs(client, key, date, loc, distance, output, base, progress)?;
    let ds = read_airnow_csv(&file)?;
    Ok((file, ds))
}

/// [`get_airnow_bounded_obs`], then [`read_airnow_bounded_csv`] of the saved answer.
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_bounded_obs_dataset(
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
    act_compat: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(PathBuf, Dataset), DiscoveryError> {
    let file = get_airnow_bounded_obs(
        client,
        key,
        start,
        end,
        bbox,
        parameters,
        data_type,
        monitor_type,
        output,
        base,
        progress,
    )?;
    let ds = read_airnow_bounded_csv(&file, act_compat)?;
    Ok((file, ds))
}
