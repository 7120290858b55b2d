//! IMPROVE aerosol network data from the FED data service of CIRA
//! (<https://views.cira.colostate.edu/fed/>), as ACT 2.3.4's `act.discovery.get_improve_data`
//! asks it: `{base}DataSvc.aspx?action=getqueryresults&cmdfileid=ServiceSqlCommandFile&cmdid=BasicDataQuery1_Codes&dsidse=10001&siidse={site}&paidse={parameters}&sd={start}&ed={end}`,
//! which answers an HTML table; the answer is saved as it comes.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::{encode, fetch_all, file_name};
use crate::report::Progress;

/// The FED data service root used when no base URL is given.
pub const IMPROVE_BASE_URL: &str = "https://views.cira.colostate.edu/fed/svc/";

/// ACT's default parameter ids (every IMPROVE species and derived value it maps).
pub const IMPROVE_DEFAULT_PARAMETERS: &str = "101,136,907,900,102,104,105,115,116,117,114,3778,142,143,144,145,3016,146,3699,141,3779,3217,108,109,112,113,301,304,303,3716,3717,3718,3719,3720,3721,3722,3730,3731,3732,3733,3734,3735,3736,3694,121,3723,3724,3725,3726,3727,3728,3729,3737,3738,3739,3740,3741,3742,3743,118,148,128,130,132,941,127,903,910,3744,3745,3746,3747,3748,3749,3750,3751,3752,3753,3754,3755,3756,3757,131,138,139,133,3704,3705,3706,3707,3708,3709,3710,3711,3712,3713,3714,3715,147,124,150,3695,3014,153,154,134,911,158,156,151,202,159,160,162,163";

/// A date in ACT's `M/D/YYYY` form (e.g. `1/31/2022`).
fn mdy(d: &str) -> Result<NaiveDate, DiscoveryError> {
    NaiveDate::parse_from_str(d, "%m/%d/%Y")
        .map_err(|_| DiscoveryError::Invalid(format!("IMPROVE date {d:?}: expected M/D/YYYY")))
}

/// The request of `site` (FED site id, e.g. `244`), `parameters` (ids; `None`: ACT's
/// default list) from `start` to `end` (`M/D/YYYY`).
pub fn improve_url(
    base: &str,
    site: &str,
    parameters: Option<&[String]>,
    start: &str,
    end: &str,
) -> Result<String, DiscoveryError> {
    if site.is_empty() || !site.chars().all(|c| c.is_ascii_digit()) {
        return Err(DiscoveryError::Invalid(format!(
            "IMPROVE site id {site:?} must be digits"
        )));
    }
    let params = match parameters {
        None => IMPROVE_DEFAULT_PARAMETERS.to_string(),
        Some(p) => {
            if p.is_empty() || p.iter().any(|x| x.is_empty() || !x.chars().all(|c| c.is_ascii_digit())) {
                return Err(DiscoveryError::Invalid(format!(
                    "IMPROVE parameter ids {p:?} must be digits"
                )));
            }
            p.join(",")
        }
    };
    let (s, e) = (mdy(start)?, mdy(end)?);
    if e < s {
        return Err(DiscoveryError::Invalid(format!("end {end} is before start {start}")));
    }
    Ok(format!(
        "{base}DataSvc.aspx?action=getqueryresults&cmdfileid=ServiceSqlCommandFile&cmdid=BasicDataQuery1_Codes\
         &dsidse=10001&siidse={site}&paidse={params}&sd={}&ed={}",
        encode(start),
        encode(end)
    ))
}

/// Fetch the IMPROVE data of `site` into `output` as `improve_{site}_{YYYYMMDD}_{YYYYMMDD}.html`
/// (the service's HTML table; kept when present unless `overwrite`). Returns the file.
#[allow(clippy::too_many_arguments)]
pub fn get_improve_data(
    client: &Client,
    site: &str,
    parameters: Option<&[String]>,
    start: &str,
    end: &str,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PathBuf, DiscoveryError> {
    let root = base_url(Some(base.unwrap_or(IMPROVE_BASE_URL)))?;
    let url = improve_url(&root, site, parameters, start, end)?;
    let (s, e) = (
        mdy(start)?.format("%Y%m%d").to_string(),
        mdy(end)?.format("%Y%m%d").to_string(),
    );
    let name = file_name(&["improve", site, &s, &e], "html");
    let report = fetch_all(client, output, &[(name, url)], overwrite, &|_| true, progress)?;
    report
        .files
        .into_iter()
        .next()
        .ok_or_else(|| DiscoveryError::Invalid("IMPROVE answer not written".into()))
}
