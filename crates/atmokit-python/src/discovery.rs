//! ACT's `act.discovery` download clients and `act.qc.arm.add_dqr_to_qc`, on atmokit's HTTPS
//! clients (every download atomic per file, resumable, retried; errors name the URL without the
//! token). Every function takes `base_url`, so tests and mirrors can point it elsewhere.

use crate::convert;
use crate::errors::{Failure, to_py};
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::discovery::{self as disc, ArmCredentials, ArmRequest, Client, ClientOptions, DiscoveryError};
use atmokit::qc::dqr::{DqrOptions, add_dqr_to_qc, dataset_datastream, parse_dqr_text};
use chrono::NaiveDate;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyPermissionError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// A download client's failure as the Python exception a user expects.
pub(crate) fn py_err(e: DiscoveryError) -> PyErr {
    let text = e.to_string();
    match e {
        DiscoveryError::Invalid(_) | DiscoveryError::Data(_) => PyValueError::new_err(text),
        DiscoveryError::Status { status: 404, .. } => PyFileNotFoundError::new_err(text),
        DiscoveryError::Status { status: 401 | 403, .. } => PyPermissionError::new_err(text),
        _ => PyOSError::new_err(text),
    }
}

fn date(text: &str, what: &str) -> PyResult<NaiveDate> {
    disc::parse_date(text)
        .map(|d| d.date())
        .map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
}

fn client(attempts: Option<u32>) -> Client {
    let mut o = ClientOptions::default();
    if let Some(n) = attempts {
        o.max_attempts = n.max(1);
    }
    Client::new(o)
}

fn files(report: disc::DownloadReport) -> Vec<String> {
    report.files.iter().map(|p| p.display().to_string()).collect()
}

/// ACT's `download_arm_data(username, token, datastream, startdate, enddate, time, output)`:
/// the files written (or kept), in the service's order.
#[pyfunction]
#[pyo3(signature = (username, token, datastream, startdate, enddate, time=None, output=None, base_url=None, overwrite=false, attempts=None))]
#[allow(clippy::too_many_arguments)]
pub fn download_arm_data(
    py: Python<'_>,
    username: Option<String>,
    token: Option<String>,
    datastream: String,
    startdate: String,
    enddate: String,
    time: Option<String>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
    attempts: Option<u32>,
) -> PyResult<Vec<String>> {
    let creds = match (username, token) {
        (Some(u), Some(t)) => ArmCredentials::new(u, t),
        (None, None) => ArmCredentials::resolve(None),
        _ => {
            return Err(PyValueError::new_err(
                "download_arm_data: give both username and token, or neither (ARM_USERNAME, ARM_TOKEN)",
            ));
        }
    }
    .map_err(py_err)?;
    let output = output.unwrap_or_else(|| PathBuf::from(&datastream));
    let req = ArmRequest {
        datastream,
        start: startdate,
        end: enddate,
        time,
        output,
        base_url,
        overwrite,
    };
    let c = client(attempts).with_secret(creds.token.clone());
    py.detach(|| disc::download_arm_data_with(&c, &creds, &req, &mut |_| {}))
        .map(files)
        .map_err(py_err)
}

/// ACT's `get_arm_doi(datastream, startdate, enddate)`: the citation, or "No DOI Found".
#[pyfunction]
#[pyo3(signature = (datastream, startdate, enddate, base_url=None))]
pub fn get_arm_doi(
    py: Python<'_>,
    datastream: String,
    startdate: String,
    enddate: String,
    base_url: Option<String>,
) -> PyResult<String> {
    let (s, e) = (date(&startdate, "startdate")?, date(&enddate, "enddate")?);
    let c = client(None);
    let doi = py
        .detach(|| disc::get_arm_doi(&c, base_url.as_deref(), &datastream, s, e))
        .map_err(py_err)?;
    Ok(doi.unwrap_or_else(|| "No DOI Found".to_string()))
}

/// ACT's `download_surfrad_data(site, startdate, enddate, output)`.
#[pyfunction]
#[pyo3(signature = (site, startdate, enddate, output=None, base_url=None, overwrite=false))]
pub fn download_surfrad_data(
    py: Python<'_>,
    site: String,
    startdate: String,
    enddate: String,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<Vec<String>> {
    let (s, e) = (date(&startdate, "startdate")?, date(&enddate, "enddate")?);
    let out = output.unwrap_or_else(|| PathBuf::from(&site));
    let c = client(None);
    py.detach(|| disc::download_surfrad_data(&c, &site, s, e, &out, base_url.as_deref(), overwrite, &mut |_| {}))
        .map(files)
        .map_err(py_err)
}

/// ACT's `download_noaa_psl_data(site, instrument, startdate, enddate, hour, output)`.
#[pyfunction]
#[pyo3(signature = (site, instrument, startdate, enddate=None, hour=None, output=None, base_url=None, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn download_noaa_psl_data(
    py: Python<'_>,
    site: String,
    instrument: String,
    startdate: String,
    enddate: Option<String>,
    hour: Option<String>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<Vec<String>> {
    let s = date(&startdate, "startdate")?;
    let e = match &enddate {
        Some(t) => date(t, "enddate")?,
        None => s,
    };
    let out = output.unwrap_or_else(|| PathBuf::from(format!("{site}_{instrument}")));
    let c = client(None);
    py.detach(|| {
        disc::download_noaa_psl_data(
            &c,
            &site,
            &instrument,
            s,
            e,
            hour.as_deref(),
            &out,
            base_url.as_deref(),
            overwrite,
            &mut |_| {},
        )
    })
    .map(files)
    .map_err(py_err)
}

/// ACT's `download_neon_data(site, product_code, begin_date, end_date, output_dir)`.
#[pyfunction]
#[pyo3(signature = (site, product_code, begin_date, end_date=None, output_dir=None, base_url=None, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn download_neon_data(
    py: Python<'_>,
    site: String,
    product_code: String,
    begin_date: String,
    end_date: Option<String>,
    output_dir: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<Vec<String>> {
    let out = output_dir.unwrap_or_else(|| PathBuf::from(format!("{site}_{product_code}")));
    let c = client(None);
    py.detach(|| {
        disc::download_neon_data(
            &c,
            &site,
            &product_code,
            &begin_date,
            end_date.as_deref(),
            &out,
            base_url.as_deref(),
            overwrite,
            &mut |_| {},
        )
    })
    .map(files)
    .map_err(py_err)
}

/// ACT's `add_dqr_to_qc` on a dataset dict: the DQRs come from `dqr_text` (a saved answer of the
/// DQR web service) when given, else from the service at `base_url`. Returns the new dataset.
#[pyfunction]
#[pyo3(signature = (ds, kwargs=None))]
pub fn add_dqr<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut ds: Dataset = convert::dataset_from_py(ds)?;
    let mut kw = Kwargs::new(kwargs, "add_dqr_to_qc");
    let d = DqrOptions::default();
    let opts = DqrOptions {
        variables: kw.get_names("variable")?,
        exclude: kw.get_names("exclude")?,
        include: kw.get_names("include")?,
        normalize_assessment: kw.get_or("normalize_assessment", d.normalize_assessment)?,
        cleanup_qc: kw.get_or("cleanup_qc", d.cleanup_qc)?,
        skip_location_vars: kw.get_or("skip_location_vars", d.skip_location_vars)?,
        create_missing_qc_variables: kw.get_or("create_missing_qc_variables", d.create_missing_qc_variables)?,
    };
    let assessment: String = kw.get_or("assessment", "incorrect,suspect".to_string())?;
    let text: Option<String> = kw.get("dqr_text")?;
    let base_url: Option<String> = kw.get("base_url")?;
    kw.ignore("dqr_link");
    kw.finish()?;
    let reports = match text {
        Some(t) => {
            let stream = dataset_datastream(&ds).map_err(|e| to_py(Failure::from(e)))?;
            let mut r = parse_dqr_text(&t, &stream).map_err(|e| to_py(e.into()))?;
            // The service filters by assessment; a saved answer may hold every category.
            r.retain(|d| {
                assessment
                    .split(',')
                    .any(|a| a.trim().eq_ignore_ascii_case(&d.category))
            });
            r
        }
        None => {
            let c = client(None);
            py.detach(|| disc::fetch_dqr_for(&c, base_url.as_deref(), &ds, &assessment))
                .map_err(py_err)?
        }
    };
    add_dqr_to_qc(&mut ds, &reports, &opts).map_err(|e| to_py(e.into()))?;
    convert::dataset_to_py(py, ds)
}

/// A time of ACT's `time_window` given as text: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or
/// `YYYY-MM-DDTHH:MM:SS` (a space instead of `T` too).
fn when(text: &str, what: &str) -> PyResult<chrono::NaiveDateTime> {
    let t = text.trim().replace(' ', "T");
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(v) = chrono::NaiveDateTime::parse_from_str(&t, f) {
            return Ok(v);
        }
    }
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN))
        .map_err(|_| PyValueError::new_err(format!("{what} {text:?}: expected YYYY-MM-DD[THH:MM[:SS]]")))
}

/// ACT's station or box selection.
fn asos_selection(
    lat_range: Option<(f64, f64)>,
    lon_range: Option<(f64, f64)>,
    station: Option<Vec<String>>,
) -> PyResult<disc::AsosSelection> {
    match (lat_range, lon_range, station) {
        (Some(lat), Some(lon), None) => Ok(disc::AsosSelection::Box { lat, lon }),
        (None, None, Some(s)) => Ok(disc::AsosSelection::Stations(s)),
        _ => Err(PyValueError::new_err(
            "Either both lat_range and lon_range or station must be specified",
        )),
    }
}

/// ACT's `get_asos_data(time_window, lat_range, lon_range, station, regions)`: the IEM CSV of
/// each station, one file per station in `output`; returns the files.
#[pyfunction]
#[pyo3(signature = (start, end, lat_range=None, lon_range=None, station=None, regions=None, output=None, base_url=None, overwrite=false, act_compat=false))]
#[allow(clippy::too_many_arguments)]
pub fn get_asos_data(
    py: Python<'_>,
    start: String,
    end: String,
    lat_range: Option<(f64, f64)>,
    lon_range: Option<(f64, f64)>,
    station: Option<Vec<String>>,
    regions: Option<String>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
    act_compat: bool,
) -> PyResult<Vec<String>> {
    let (s, e) = (when(&start, "start")?, when(&end, "end")?);
    let sel = asos_selection(lat_range, lon_range, station)?;
    let out = output.unwrap_or_else(|| PathBuf::from("asos"));
    let c = client(None);
    py.detach(|| {
        disc::get_asos_data(
            &c,
            s,
            e,
            &sel,
            regions.as_deref(),
            &out,
            base_url.as_deref(),
            overwrite,
            act_compat,
            &mut |_| {},
        )
    })
    .map(files)
    .map_err(py_err)
}

/// ACT's `get_asos_data` returning its datasets: `{station: dataset dict}` (the IEM CSVs are
/// kept in `output`); ACT's formula and metadata slips reproduced only with `act_compat`.
#[pyfunction]
#[pyo3(signature = (start, end, lat_range=None, lon_range=None, station=None, regions=None, output=None, base_url=None, overwrite=false, act_compat=false))]
#[allow(clippy::too_many_arguments)]
pub fn get_asos_datasets<'py>(
    py: Python<'py>,
    start: String,
    end: String,
    lat_range: Option<(f64, f64)>,
    lon_range: Option<(f64, f64)>,
    station: Option<Vec<String>>,
    regions: Option<String>,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
    act_compat: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let (s, e) = (when(&start, "start")?, when(&end, "end")?);
    let sel = asos_selection(lat_range, lon_range, station)?;
    let out = output.unwrap_or_else(|| PathBuf::from("asos"));
    let c = client(None);
    let sets = py
        .detach(|| {
            disc::get_asos_datasets(
                &c,
                s,
                e,
                &sel,
                regions.as_deref(),
                &out,
                base_url.as_deref(),
                overwrite,
                act_compat,
                &mut |_| {},
            )
        })
        .map_err(py_err)?;
    let d = PyDict::new(py);
    for (id, ds) in sets {
        d.set_item(id, convert::dataset_to_py(py, ds)?)?;
    }
    Ok(d)
}

/// A saved AirNow forecast or observation CSV as ACT's dataset (a dataset dict on `index`).
#[pyfunction]
pub fn read_airnow_csv<'py>(py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
    let ds = disc::read_airnow_csv(&path).map_err(py_err)?;
    convert::dataset_to_py(py, ds)
}

/// A saved AirNow bounded-observation CSV as ACT's dataset (on `time`, `sites`).
#[pyfunction]
#[pyo3(signature = (path, act_compat=false))]
pub fn read_airnow_bounded_csv<'py>(py: Python<'py>, path: PathBuf, act_compat: bool) -> PyResult<Bound<'py, PyDict>> {
    let ds = disc::read_airnow_bounded_csv(&path, act_compat).map_err(py_err)?;
    convert::dataset_to_py(py, ds)
}

/// ACT's `get_improve_data` returning its dataset: the data table and the site summary page
/// (both kept in `output`) read into a dataset dict.
#[pyfunction]
#[pyo3(signature = (site_id, parameter_id, start_date, end_date, output=None, base_url=None, site_base_url=None, overwrite=false, act_compat=false))]
#[allow(clippy::too_many_arguments)]
pub fn get_improve_dataset<'py>(
    py: Python<'py>,
    site_id: String,
    parameter_id: Option<Vec<String>>,
    start_date: String,
    end_date: String,
    output: Option<PathBuf>,
    base_url: Option<String>,
    site_base_url: Option<String>,
    overwrite: bool,
    act_compat: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let out = output.unwrap_or_else(|| PathBuf::from("improve"));
    let c = client(None);
    let (_, ds) = py
        .detach(|| {
            disc::get_improve_dataset(
                &c,
                &site_id,
                parameter_id.as_deref(),
                &start_date,
                &end_date,
                &out,
                base_url.as_deref(),
                site_base_url.as_deref(),
                overwrite,
                act_compat,
                &mut |_| {},
            )
        })
        .map_err(py_err)?;
    convert::dataset_to_py(py, ds)
}

/// IEM station lookup: `(id, network, latitude, longitude, properties as JSON)` of the stations
/// of the regions' networks that the selection picks.
#[pyfunction]
#[pyo3(signature = (lat_range=None, lon_range=None, station=None, regions=None, base_url=None, act_compat=false))]
#[allow(clippy::type_complexity)]
pub fn get_asos_stations(
    py: Python<'_>,
    lat_range: Option<(f64, f64)>,
    lon_range: Option<(f64, f64)>,
    station: Option<Vec<String>>,
    regions: Option<String>,
    base_url: Option<String>,
    act_compat: bool,
) -> PyResult<Vec<(String, String, f64, f64, String)>> {
    let sel = asos_selection(lat_range, lon_range, station)?;
    let nets = disc::asos_networks(regions.as_deref(), act_compat);
    let c = client(None);
    let st = py
        .detach(|| disc::get_asos_stations(&c, &nets, &sel, base_url.as_deref()))
        .map_err(py_err)?;
    Ok(st
        .into_iter()
        .map(|s| {
            let props = serde_json::Value::Object(s.properties).to_string();
            (s.id, s.network, s.latitude, s.longitude, props)
        })
        .collect())
}

fn airnow_location(zipcode: Option<String>, latlon: Option<(f64, f64)>) -> PyResult<disc::AirNowLocation> {
    match (zipcode, latlon) {
        (Some(z), None) => Ok(disc::AirNowLocation::Zip(z)),
        (None, Some((a, b))) => Ok(disc::AirNowLocation::LatLon(a, b)),
        _ => Err(PyValueError::new_err("Zipcode or latlon must be defined (one of them)")),
    }
}

/// ACT's `get_airnow_forecast(token, date, zipcode, latlon, distance)`: the CSV file written.
#[pyfunction]
#[pyo3(signature = (token, date, zipcode=None, latlon=None, distance=25, output=None, base_url=None))]
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_forecast(
    py: Python<'_>,
    token: Option<String>,
    date: String,
    zipcode: Option<String>,
    latlon: Option<(f64, f64)>,
    distance: u32,
    output: Option<PathBuf>,
    base_url: Option<String>,
) -> PyResult<String> {
    let key = disc::airnow_api_key(token.as_deref()).map_err(py_err)?;
    let loc = airnow_location(zipcode, latlon)?;
    let out = output.unwrap_or_else(|| PathBuf::from("airnow"));
    let c = client(None);
    py.detach(|| disc::get_airnow_forecast(&c, &key, &date, &loc, distance, &out, base_url.as_deref(), &mut |_| {}))
        .map(|p| p.display().to_string())
        .map_err(py_err)
}

/// ACT's `get_airnow_obs(token, date, zipcode, latlon, distance)`: the CSV file written.
#[pyfunction]
#[pyo3(signature = (token, date=None, zipcode=None, latlon=None, distance=25, output=None, base_url=None))]
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_obs(
    py: Python<'_>,
    token: Option<String>,
    date: Option<String>,
    zipcode: Option<String>,
    latlon: Option<(f64, f64)>,
    distance: u32,
    output: Option<PathBuf>,
    base_url: Option<String>,
) -> PyResult<String> {
    let key = disc::airnow_api_key(token.as_deref()).map_err(py_err)?;
    let loc = airnow_location(zipcode, latlon)?;
    let out = output.unwrap_or_else(|| PathBuf::from("airnow"));
    let c = client(None);
    py.detach(|| {
        disc::get_airnow_obs(
            &c,
            &key,
            date.as_deref(),
            &loc,
            distance,
            &out,
            base_url.as_deref(),
            &mut |_| {},
        )
    })
    .map(|p| p.display().to_string())
    .map_err(py_err)
}

/// ACT's `get_airnow_bounded_obs(token, start_date, end_date, latlon_bnds, parameters,
/// data_type, mon_type)`: the CSV file written.
#[pyfunction]
#[pyo3(signature = (token, start_date, end_date, latlon_bnds, parameters="OZONE,PM25".to_string(), data_type='B', mon_type=0, output=None, base_url=None))]
#[allow(clippy::too_many_arguments)]
pub fn get_airnow_bounded_obs(
    py: Python<'_>,
    token: Option<String>,
    start_date: String,
    end_date: String,
    latlon_bnds: String,
    parameters: String,
    data_type: char,
    mon_type: u8,
    output: Option<PathBuf>,
    base_url: Option<String>,
) -> PyResult<String> {
    let key = disc::airnow_api_key(token.as_deref()).map_err(py_err)?;
    let out = output.unwrap_or_else(|| PathBuf::from("airnow"));
    let c = client(None);
    py.detach(|| {
        disc::get_airnow_bounded_obs(
            &c,
            &key,
            &start_date,
            &end_date,
            &latlon_bnds,
            &parameters,
            data_type,
            mon_type,
            &out,
            base_url.as_deref(),
            &mut |_| {},
        )
    })
    .map(|p| p.display().to_string())
    .map_err(py_err)
}

/// ACT's `download_mplnet_data(version, level, product, site, year, month, day, outdir)`.
#[pyfunction]
#[pyo3(signature = (version, level, product, site, year, month, day=None, outdir=None, base_url=None, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn download_mplnet_data(
    py: Python<'_>,
    version: u8,
    level: u8,
    product: String,
    site: String,
    year: String,
    month: String,
    day: Option<String>,
    outdir: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<Vec<String>> {
    let req = disc::MplnetRequest {
        version,
        level,
        product,
        site,
        year,
        month,
        day,
    };
    let out = outdir.unwrap_or_else(|| PathBuf::from("MPLNET"));
    let c = client(None);
    py.detach(|| disc::download_mplnet_data(&c, &req, &out, base_url.as_deref(), overwrite, &mut |_| {}))
        .map(|p| vec![p.display().to_string()])
        .map_err(py_err)
}

/// ACT's `get_mplnet_meta(sites, method, year, month, day)`: the GALION JSON as text.
#[pyfunction]
#[pyo3(signature = (sites, method=None, year=None, month=None, day=None, base_url=None))]
pub fn get_mplnet_meta(
    py: Python<'_>,
    sites: String,
    method: Option<String>,
    year: Option<String>,
    month: Option<String>,
    day: Option<String>,
    base_url: Option<String>,
) -> PyResult<String> {
    let c = client(None);
    py.detach(|| {
        disc::get_mplnet_meta(
            &c,
            &sites,
            method.as_deref(),
            year.as_deref(),
            month.as_deref(),
            day.as_deref(),
            base_url.as_deref(),
        )
    })
    .map(|v| v.to_string())
    .map_err(py_err)
}

/// ACT's `download_ameriflux_data(...)`: the files written (or kept), and the site ids
/// AmeriFlux does not know.
#[pyfunction]
#[pyo3(signature = (user_id, user_email, site_ids, data_product, data_policy, data_variant, agree_policy, intended_use, description, out_dir, base_url=None, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn download_ameriflux_data(
    py: Python<'_>,
    user_id: String,
    user_email: String,
    site_ids: Vec<String>,
    data_product: String,
    data_policy: String,
    data_variant: String,
    agree_policy: bool,
    intended_use: String,
    description: String,
    out_dir: PathBuf,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<(Vec<String>, Vec<String>)> {
    let req = disc::AmerifluxRequest {
        user_id,
        user_email,
        site_ids,
        data_product,
        data_policy,
        data_variant,
        intended_use,
        description,
        agree_policy,
    };
    let c = client(None);
    py.detach(|| disc::download_ameriflux_data(&c, &req, &out_dir, base_url.as_deref(), overwrite, &mut |_| {}))
        .map(|(r, unknown)| (files(r), unknown))
        .map_err(py_err)
}

/// ACT's `get_improve_data(site_id, parameter_id, start_date, end_date)`: the HTML table saved.
#[pyfunction]
#[pyo3(signature = (site_id, parameter_id, start_date, end_date, output=None, base_url=None, overwrite=false))]
#[allow(clippy::too_many_arguments)]
pub fn get_improve_data(
    py: Python<'_>,
    site_id: String,
    parameter_id: Option<Vec<String>>,
    start_date: String,
    end_date: String,
    output: Option<PathBuf>,
    base_url: Option<String>,
    overwrite: bool,
) -> PyResult<String> {
    let out = output.unwrap_or_else(|| PathBuf::from("improve"));
    let c = client(None);
    py.detach(|| {
        disc::get_improve_data(
            &c,
            &site_id,
            parameter_id.as_deref(),
            &start_date,
            &end_date,
            &out,
            base_url.as_deref(),
            overwrite,
            &mut |_| {},
        )
    })
    .map(|p| p.display().to_string())
    .map_err(py_err)
}

/// ACT's `get_crop_type(lat, lon, year)`: the CDL category at the point.
#[pyfunction]
#[pyo3(signature = (lat, lon, year=None, base_url=None))]
pub fn get_crop_type(
    py: Python<'_>,
    lat: f64,
    lon: f64,
    year: Option<i32>,
    base_url: Option<String>,
) -> PyResult<String> {
    let c = client(None);
    py.detach(|| disc::get_crop_type(&c, lat, lon, year, base_url.as_deref()))
        .map(|t| t.category)
        .map_err(py_err)
}

/// Register the functions of this module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(download_arm_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_arm_doi, m)?)?;
    m.add_function(wrap_pyfunction!(download_surfrad_data, m)?)?;
    m.add_function(wrap_pyfunction!(download_noaa_psl_data, m)?)?;
    m.add_function(wrap_pyfunction!(download_neon_data, m)?)?;
    m.add_function(wrap_pyfunction!(add_dqr, m)?)?;
    m.add_function(wrap_pyfunction!(get_asos_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_asos_stations, m)?)?;
    m.add_function(wrap_pyfunction!(get_asos_datasets, m)?)?;
    m.add_function(wrap_pyfunction!(read_airnow_csv, m)?)?;
    m.add_function(wrap_pyfunction!(read_airnow_bounded_csv, m)?)?;
    m.add_function(wrap_pyfunction!(get_improve_dataset, m)?)?;
    m.add_function(wrap_pyfunction!(get_airnow_forecast, m)?)?;
    m.add_function(wrap_pyfunction!(get_airnow_obs, m)?)?;
    m.add_function(wrap_pyfunction!(get_airnow_bounded_obs, m)?)?;
    m.add_function(wrap_pyfunction!(download_mplnet_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_mplnet_meta, m)?)?;
    m.add_function(wrap_pyfunction!(download_ameriflux_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_improve_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_crop_type, m)?)?;
    Ok(())
}
