//! ASOS/AWOS surface observations through the Iowa Environmental Mesonet (IEM), as ACT 2.3.4's
//! `act.discovery.get_asos_data` asks for them: stations found in IEM's network GeoJSON
//! (`{base}geojson/network/{NETWORK}.geojson`, one network `AWOS` plus `{REGION}_ASOS` per
//! region), then per station the CSV of `{base}cgi-bin/request/asos.py` with `data=all`,
//! `tz=Etc/UTC`, `format=comma`, `latlon=yes` and the time window as
//! `year1/month1/day1/hour1/minute1` … `year2/…/minute2`.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::arm::base_url;
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::{encode, fetch_all, file_name};
use crate::report::{DownloadReport, Progress};

/// The IEM root used when no base URL is given.
pub const IEM_BASE_URL: &str = "https://mesonet.agron.iastate.edu/";

/// Longest network GeoJSON accepted, in bytes.
const GEOJSON_LIMIT: u64 = 64 * 1024 * 1024;

/// ACT's default regions: US states and Canadian provinces (`IA`, `CA_AB`) and countries
/// (two letters and `_`, e.g. `FR_`, which IEM names `FR__ASOS`).
pub const ASOS_DEFAULT_REGIONS: &str = "AF AL_ AI_ AQ_ AG_ AR_ AK AL AM_ AO_ AS_ AR AW_ AU_ AT_ \
AZ_ BA_ BE_ BB_ BG_ BO_ BR_ BF_ BT_ BS_ BI_ BM_ BB_ BY_ BZ_ BJ_ BW_ AZ CA CA_AB \
CA_BC CD_ CK_ CF_ CG_ CL_ CM_ CO CO_ CN_ CR_ CT CU_ CV_ CY_ CZ_ DE DK_ DJ_ DM_ DO_ \
DZ EE_ ET_ FK_ FM_ FJ_ FI_ FR_ GF_ PF_ GA_ GM_ GE_ DE_ GH_ GI_ KY_ GB_ GR_ GL_ GD_ \
GU_ GT_ GN_ GW_ GY_ HT_ HN_ HK_ HU_ IS_ IN_ ID_ IR_ IQ_ IE_ IL_ IT_ CI_ JM_ JP_ \
JO_ KZ_ KE_ KI_ KW_ LA_ LV_ LB_ LS_ LR_ LY_ LT_ LU_ MK_ MG_ MW_ MY_ MV_ ML_ CA_MB \
MH_ MR_ MU_ YT_ MX_ MD_ MC_ MA_ MZ_ MM_ NA_ NP_ AN_ NL_ CA_NB NC_ CA_NF NF_ NI_ \
NE_ NG_ MP_ KP_ CA_NT NO_ CA_NS CA_NU OM_ CA_ON PK_ PA_ PG_ PY_ PE_ PH_ PN_ PL_ \
PT_ CA_PE PR_ QA_ CA_QC RO_ RU_RW_ SH_ KN_ LC_ VC_ WS_ ST_ CA_SK SA_ SN_ RS_ SC_ \
SL_ SG_ SK_ SI_ SB_ SO_ ZA_ KR_ ES_ LK_ SD_ SR_ SZ_ SE_ CH_ SY_ TW_ TJ_ TZ_ TH_ \
TG_ TO_ TT_ TU TN_ TR_ TM_ UG_ UA_ AE_ UN_ UY_ UZ_ VU_ VE_ VN_ VI_ YE_ CA_YT ZM_ ZW_ \
EC_ EG_ FL GA GQ_ HI HR_ IA ID IL IO_ IN KS KH_ KY KM_ LA MA MD ME \
MI MN MO MS MT NC ND NE NH NJ NM NV NY OH OK OR PA RI SC SV_ SD TD_ TN TX UT VA VT VG_ \
WA WI WV WY";

/// Which stations to fetch.
#[derive(Debug, Clone, PartialEq)]
pub enum AsosSelection {
    /// These station identifiers (IEM's `sid`, e.g. `ORD`).
    Stations(Vec<String>),
    /// Every station of the regions' networks inside this box (degrees, bounds included).
    Box {
        /// Southern and northern latitude.
        lat: (f64, f64),
        /// Western and eastern longitude.
        lon: (f64, f64),
    },
}

/// A station of an IEM network GeoJSON.
#[derive(Debug, Clone, PartialEq)]
pub struct AsosStation {
    /// IEM's station identifier (`sid`).
    pub id: String,
    /// The network it was listed in (e.g. `IL_ASOS`).
    pub network: String,
    /// Latitude, degrees north.
    pub latitude: f64,
    /// Longitude, degrees east.
    pub longitude: f64,
    /// Every property IEM gives (`sname`, `elevation` in metres, `time_domain`, …).
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// The IEM networks searched for `regions` (space-separated; `None`: ACT's default list):
/// `AWOS`, then `{REGION}_ASOS` for each. With `act_compat`, given regions are joined as ACT
/// 2.3.4 does (`'_ '.join`), which turns every region but the last into a country network
/// (`"IL IA"` searches `IL__ASOS`, Israel, instead of Illinois).
pub fn asos_networks(regions: Option<&str>, act_compat: bool) -> Vec<String> {
    let joined;
    let list = match regions {
        None => ASOS_DEFAULT_REGIONS,
        Some(r) if act_compat => {
            joined = r.split(' ').collect::<Vec<_>>().join("_ ");
            &joined
        }
        Some(r) => r,
    };
    std::iter::once("AWOS".to_string())
        .chain(list.split_whitespace().map(|r| format!("{r}_ASOS")))
        .collect()
}

/// The stations of `networks` (IEM GeoJSON) that `selection` picks, in network order, each
/// once. A network IEM does not know (404) is skipped.
pub fn get_asos_stations(
    client: &Client,
    networks: &[String],
    selection: &AsosSelection,
    base: Option<&str>,
) -> Result<Vec<AsosStation>, DiscoveryError> {
    let base = base_url(Some(base.unwrap_or(IEM_BASE_URL)))?;
    let mut out: Vec<AsosStation> = Vec::new();
    for net in networks {
        if net.is_empty() || !net.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(DiscoveryError::Invalid(format!(
                "IEM network {net:?} must be letters, digits and '_'"
            )));
        }
        let url = format!("{base}geojson/network/{net}.geojson");
        let body = match client.get_bytes(&url, GEOJSON_LIMIT) {
            Ok(b) => b,
            Err(DiscoveryError::Status { status: 404, .. }) => continue,
            Err(e) => return Err(e),
        };
        let stations = parse_network(&body, net).map_err(|message| DiscoveryError::BadAnswer {
            url: client.redact(&url),
            message,
        })?;
        for s in stations {
            let keep = match selection {
                AsosSelection::Stations(ids) => ids.contains(&s.id),
                AsosSelection::Box { lat, lon } => {
                    s.latitude >= lat.0 && s.latitude <= lat.1 && s.longitude >= lon.0 && s.longitude <= lon.1
                }
            };
            if keep && !out.iter().any(|o| o.id == s.id) {
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// The stations of one network GeoJSON (`features[]` with `geometry.coordinates` `[lon, lat]`
/// and `properties.sid`).
fn parse_network(body: &[u8], network: &str) -> Result<Vec<AsosStation>, String> {
    let v: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let features = v
        .get("features")
        .and_then(|f| f.as_array())
        .ok_or("no `features` list")?;
    features
        .iter()
        .map(|f| {
            let props = f
                .get("properties")
                .and_then(|p| p.as_object())
                .ok_or("a feature without `properties`")?;
            let id = props
                .get("sid")
                .and_then(|s| s.as_str())
                .ok_or("a feature without `properties.sid`")?
                .to_string();
            let c = f
                .pointer("/geometry/coordinates")
                .and_then(|c| c.as_array())
                .ok_or_else(|| format!("station {id}: no `geometry.coordinates`"))?;
            let num = |i: usize| c.get(i).and_then(|x| x.as_f64());
            let (Some(longitude), Some(latitude)) = (num(0), num(1)) else {
                return Err(format!("station {id}: coordinates are not [lon, lat] numbers"));
            };
            Ok(AsosStation {
                id,
                network: network.to_string(),
                latitude,
                longitude,
                properties: props.clone(),
            })
        })
        .collect()
}

/// The `asos.py` request of one station over `[start, end]`, as ACT writes it.
pub fn asos_url(base: &str, station: &str, start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "{base}cgi-bin/request/asos.py?data=all&tz=Etc/UTC&format=comma&latlon=yes&{}{}&station={}",
        start.format("year1=%Y&month1=%m&day1=%d&hour1=%H&minute1=%M&"),
        end.format("year2=%Y&month2=%m&day2=%d&hour2=%H&minute2=%M"),
        encode(station)
    )
}

/// Fetch the IEM CSV of each selected station over `[start, end]` (UTC) into `output`, one
/// file `{STATION}_{YYYYMMDDHHMM}_{YYYYMMDDHHMM}.csv` each. Stations given by identifier are
/// asked for directly (the CSV carries `lon` and `lat`; ACT also reads every network's
/// GeoJSON for metadata, use [`get_asos_stations`] for that); a box is resolved through
/// the networks of `regions` (see [`asos_networks`]). Files present are kept unless
/// `overwrite`; an answer starting with `ERROR` (IEM's refusal) is reported unavailable.
#[allow(clippy::too_many_arguments)]
pub fn get_asos_data(
    client: &Client,
    start: NaiveDateTime,
    end: NaiveDateTime,
    selection: &AsosSelection,
    regions: Option<&str>,
    output: &Path,
    base: Option<&str>,
    overwrite: bool,
    act_compat: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<DownloadReport, DiscoveryError> {
    if end < start {
        return Err(DiscoveryError::Invalid(format!("end {end} is before start {start}")));
    }
    let root = base_url(Some(base.unwrap_or(IEM_BASE_URL)))?;
    let ids: Vec<String> = match selection {
        AsosSelection::Stations(ids) => {
            if ids.is_empty() {
                return Err(DiscoveryError::Invalid("no ASOS station given".into()));
            }
            ids.clone()
        }
        AsosSelection::Box { lat, lon } => {
            if !(lat.0 <= lat.1 && lon.0 <= lon.1) {
                return Err(DiscoveryError::Invalid(format!(
                    "box latitudes {lat:?} / longitudes {lon:?} must be (min, max)"
                )));
            }
            let nets = asos_networks(regions, act_compat);
            get_asos_stations(client, &nets, selection, Some(&root))?
                .into_iter()
                .map(|s| s.id)
                .collect()
        }
    };
    Ok(fetch_station_csvs(client, &ids, start, end, &root, output, overwrite, progress)?.0)
}

/// Fetch the CSV of each station of `ids` into `output`; the report, and each station whose
/// file is now present with that file.
#[allow(clippy::too_many_arguments)]
pub(crate) fn fetch_station_csvs(
    client: &Client,
    ids: &[String],
    start: NaiveDateTime,
    end: NaiveDateTime,
    root: &str,
    output: &Path,
    overwrite: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<(DownloadReport, Vec<(String, PathBuf)>), DiscoveryError> {
    let (s, e) = (
        start.format("%Y%m%d%H%M").to_string(),
        end.format("%Y%m%d%H%M").to_string(),
    );
    let jobs: Vec<(String, String)> = ids
        .iter()
        .map(|id| (file_name(&[id, &s, &e], "csv"), asos_url(root, id, start, end)))
        .collect();
    let report = fetch_all(
        client,
        output,
        &jobs,
        overwrite,
        &|head| !head.starts_with(b"ERROR"),
        progress,
    )?;
    let present = ids
        .iter()
        .zip(&jobs)
        .map(|(id, (name, _))| (id.clone(), output.join(name)))
        .filter(|(_, path)| report.files.contains(path))
        .collect();
    Ok((report, present))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_as_act_and_as_meant() {
        assert_eq!(asos_networks(Some("IL IA"), false), ["AWOS", "IL_ASOS", "IA_ASOS"]);
        assert_eq!(asos_networks(Some("IL IA"), true), ["AWOS", "IL__ASOS", "IA_ASOS"]);
        let all = asos_networks(None, false);
        assert!(all.contains(&"FR__ASOS".to_string()) && all.contains(&"CA_AB_ASOS".to_string()));
    }

    #[test]
    fn request_url_as_act() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            asos_url("https://h/", "ORD", t("2020-02-04 02:00"), t("2020-02-10 10:00")),
            "https://h/cgi-bin/request/asos.py?data=all&tz=Etc/UTC&format=comma&latlon=yes&\
             year1=2020&month1=02&day1=04&hour1=02&minute1=00&year2=2020&month2=02&day2=10&hour2=10&minute2=00&station=ORD"
        );
    }
}
