//! `atmokit.utils.arm_site_location_search`: ACT's `act.utils.arm_site_location_search` online
//! ([`atmokit::discovery::arm_site_location_search`], feature `discovery`) and offline
//! ([`atmokit::physics::arm_sites`]: the shipped table and tables saved earlier).

use atmokit::physics::arm_sites::{ArmFacility, arm_site_location, parse_facility_table};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

/// `(site facility, latitude, longitude)` rows, ACT's dict keys and values.
type Rows = Vec<(String, Option<f64>, Option<f64>)>;

/// The locations of `site_code`'s facilities (all, or those in the comma-separated
/// `facility_code`): offline from the shipped table and `tables`, else from the ARM Data Center.
#[pyfunction]
#[pyo3(signature = (site_code, facility_code=None, offline=false, tables=None, base_url=None))]
pub fn arm_site_location_search(
    py: Python<'_>,
    site_code: String,
    facility_code: Option<String>,
    offline: bool,
    tables: Option<Vec<String>>,
    base_url: Option<String>,
) -> PyResult<Rows> {
    if offline {
        let mut extra: Vec<ArmFacility> = Vec::new();
        for t in tables.unwrap_or_default() {
            let text = std::fs::read_to_string(&t).map_err(|e| PyOSError::new_err(format!("{t}: {e}")))?;
            extra.extend(parse_facility_table(&text, &t).map_err(|e| PyValueError::new_err(e.to_string()))?);
        }
        let wanted: Option<Vec<&str>> = facility_code.as_deref().map(|f| f.split(',').map(str::trim).collect());
        return Ok(arm_site_location(&site_code, wanted.as_deref(), &extra)
            .into_iter()
            .map(|f| {
                (
                    format!("{} {}", f.site, f.facility),
                    Some(f.latitude),
                    Some(f.longitude),
                )
            })
            .collect());
    }
    online(py, &site_code, facility_code.as_deref(), base_url.as_deref())
}

#[cfg(feature = "discovery")]
fn online(py: Python<'_>, site: &str, facility: Option<&str>, base: Option<&str>) -> PyResult<Rows> {
    use atmokit::discovery::{Client, ClientOptions};
    let client = Client::new(ClientOptions::default());
    let found = py
        .detach(|| atmokit::discovery::arm_site_location_search(&client, base, site, facility))
        .map_err(crate::discovery::py_err)?;
    Ok(found.into_iter().map(|(k, l)| (k, l.latitude, l.longitude)).collect())
}

#[cfg(not(feature = "discovery"))]
fn online(_py: Python<'_>, _site: &str, _facility: Option<&str>, _base: Option<&str>) -> PyResult<Rows> {
    Err(PyValueError::new_err(
        "arm_site_location_search: this build has no network access (feature `discovery`); use offline=True",
    ))
}
