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
fn py_err(e: DiscoveryError) -> PyErr {
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

/// Register the functions of this module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(download_arm_data, m)?)?;
    m.add_function(wrap_pyfunction!(get_arm_doi, m)?)?;
    m.add_function(wrap_pyfunction!(download_surfrad_data, m)?)?;
    m.add_function(wrap_pyfunction!(download_noaa_psl_data, m)?)?;
    m.add_function(wrap_pyfunction!(download_neon_data, m)?)?;
    m.add_function(wrap_pyfunction!(add_dqr, m)?)?;
    Ok(())
}
