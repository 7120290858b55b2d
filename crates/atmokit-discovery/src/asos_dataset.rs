//! IEM ASOS answers into Datasets, as ACT 2.3.4's `act.discovery.get_asos_data` returns them:
//! one Dataset per station on `time` (from IEM's `valid`, UTC), `station` and `valid` dropped,
//! IEM's `M` read as missing (NaN in numbers, `""` in text columns), ACT's units and long
//! names, the derived `temp`, `dwpc`, `spdms`, `u`, `v`, `vsbykm`, `u_peak`, `v_peak`, gusts in
//! m/s, sky levels in metres, ice accretion in cm, and the station's IEM properties as global
//! attrs (`site_latitude`, `site_longitude`, `sid`, `sname`, `elevation`, …, `_datastream`).
//!
//! ACT's slips are fixed unless `act_compat` (each checked against ACT 2.3.4 on the same
//! answer, see `tests/act_reference/asos.py`):
//!
//! | | ACT 2.3.4 (`act_compat`) | default |
//! |---|---|---|
//! | `temp` | `5/9·tmpf − 32` | `5/9·(tmpf − 32)` |
//! | `dwpc` | `5/9·tmpf − 32` (the air temperature) | `5/9·(dwpf − 32)` |
//! | `ice_accretion_6hr` | the 3-hour column, already in cm, × 2.54 again | the 6-hour column × 2.54 |
//! | `skyl1`…`skyl4` | `long_name` "meter", no `units` | `units` "meter", `long_name` "Sky level N altitude" |
//! | `drct` `long_name` | "Wind speed in degrees" | "Wind direction" |
//! | `peak_wind_drct` | its unit under the key `drct` (also on `u_peak`, `v_peak`) | `units` "degree" |
//! | factors | knot 0.514444, mile 1.60934 km | 1852/3600 m/s, 1.609344 km (the unit table of `atmokit_physics::units`) |
//! | box search | `site_longitude` holds the latitude | the longitude |
//!
//! Wind components follow the meteorological convention (direction the wind comes from,
//! degrees clockwise from north): `u = −s·sin(d)`, `v = −s·cos(d)`.

use std::collections::BTreeMap;
use std::path::Path;

use atmokit_core::{AttrValue, Data, Dataset, Variable};
use chrono::NaiveDateTime;

use crate::answer_table::{read_table, typed};
use crate::arm::base_url;
use crate::asos::{AsosSelection, AsosStation, IEM_BASE_URL, asos_networks, fetch_station_csvs, get_asos_stations};
use crate::client::Client;
use crate::error::DiscoveryError;
use crate::query::encode;
use crate::report::Progress;

/// Longest answer of IEM's station lookup accepted, in bytes.
const LOOKUP_LIMIT: u64 = 1024 * 1024;

/// How a station was chosen, which decides the form of its metadata attrs (as in ACT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsosPick {
    /// Asked for by identifier: `elevation` becomes the text `"{:.6} meter"`.
    ById,
    /// Found inside a latitude/longitude box: properties kept as IEM gives them.
    InBox,
}

/// One saved IEM `asos.py` CSV (`data=all`, `format=comma`, `latlon=yes`: leading `#DEBUG`
/// lines, then a header) as the Dataset ACT's `get_asos_data` returns for the station.
/// `station` is the station's entry of its IEM network GeoJSON when known (its properties
/// become global attrs); without it `site_latitude` / `site_longitude` come from the CSV's
/// first `lat` / `lon`. `None` when the answer holds no observation (ACT warns and leaves the
/// station out). Columns IEM did not send are left out, with what is derived from them.
pub fn read_asos_csv(
    path: &Path,
    station_id: &str,
    station: Option<&AsosStation>,
    pick: AsosPick,
    act_compat: bool,
) -> Result<Option<Dataset>, DiscoveryError> {
    let bad = |message: String| DiscoveryError::Answer {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read(path).map_err(|e| bad(format!("cannot read: {e}")))?;
    let text = String::from_utf8_lossy(&text);
    let comments = text.lines().take_while(|l| l.starts_with('#')).count();
    let rows = text.lines().skip(comments).filter(|l| !l.trim().is_empty()).count();
    if rows < 2 {
        return Ok(None);
    }
    let table = read_table(path, comments, None)?;
    let valid = table.var("valid").ok_or_else(|| bad("no `valid` column".into()))?;
    let time = match valid.data() {
        Data::Str(a) => a
            .iter()
            .map(|s| {
                NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
                    .ok()
                    .and_then(|t| t.and_utc().timestamp_nanos_opt())
                    .ok_or_else(|| bad(format!("`valid` {s:?} is not YYYY-MM-DD HH:MM")))
            })
            .collect::<Result<Vec<i64>, _>>()?,
        Data::Time(a) => a.iter().copied().collect(),
        _ => return Err(bad("`valid` is not a date-time column".into())),
    };
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time))?;
    for (name, var) in table.variables() {
        if matches!(name, "station" | "valid" | "index") || var.dims() != ["index"] {
            continue;
        }
        ds.insert(name, Variable::new(["time"], typed(var.data(), &["M"]))?)?;
    }
    derive(&mut ds, act_compat)?;
    let first = |name: &str| ds.values_f64(name).ok().and_then(|v| v.first().copied());
    let (lat, lon) = match station {
        Some(s) => (s.latitude, s.longitude),
        None => (first("lat").unwrap_or(f64::NAN), first("lon").unwrap_or(f64::NAN)),
    };
    let attrs = ds.attrs_mut();
    attrs.insert("site_latitude".into(), lat.into());
    let site_lon = if act_compat && pick == AsosPick::InBox {
        lat
    } else {
        lon
    };
    attrs.insert("site_longitude".into(), site_lon.into());
    if let Some(s) = station {
        for (k, v) in &s.properties {
            let value = match (k.as_str(), v, pick) {
                ("elevation", serde_json::Value::Number(e), AsosPick::ById) => {
                    Some(AttrValue::from(format!("{:.6} meter", e.as_f64().unwrap_or(f64::NAN))))
                }
                _ => json_attr(v),
            };
            if let Some(value) = value {
                attrs.insert(k.clone(), value);
            }
        }
    }
    attrs.insert("_datastream".into(), station_id.into());
    Ok(Some(ds))
}

/// One IEM property as an attribute: text, integer, float, `0`/`1` for booleans, JSON text for
/// lists and objects; `null` has no netCDF form and is left out.
fn json_attr(v: &serde_json::Value) -> Option<AttrValue> {
    use serde_json::Value as J;
    match v {
        J::Null => None,
        J::String(s) => Some(s.as_str().into()),
        J::Bool(b) => Some(AttrValue::from(i64::from(*b))),
        J::Number(x) => Some(match x.as_i64() {
            Some(i) => AttrValue::from(i),
            None => AttrValue::from(x.as_f64().unwrap_or(f64::NAN)),
        }),
        other => Some(other.to_string().into()),
    }
}

/// The factor of a unit conversion from the project's unit table.
fn factor(from: &str, to: &str) -> f64 {
    atmokit_physics::units::conversion(from, to).map_or(f64::NAN, |(a, _)| a)
}

/// Units, long names and derived variables, in ACT's order.
fn derive(ds: &mut Dataset, act_compat: bool) -> Result<(), DiscoveryError> {
    let (knot, mile, foot, inch) = if act_compat {
        (0.514444, 1.60934, 0.3048, 2.54)
    } else {
        (
            factor("knot", "m s-1"),
            factor("mi", "km"),
            factor("ft", "m"),
            factor("in", "cm"),
        )
    };
    let vals = |ds: &Dataset, name: &str| -> Option<Vec<f64>> {
        ds.var(name)
            .filter(|v| v.data().to_f64().is_some())
            .and_then(|_| ds.values_f64(name).ok())
    };
    let label = |ds: &mut Dataset, name: &str, units: Option<&str>, long: &str| {
        if let Ok(v) = ds.get_mut(name) {
            if let Some(u) = units {
                v.attrs_mut().insert("units".into(), u.into());
            }
            v.attrs_mut().insert("long_name".into(), long.into());
        }
    };
    let put = |ds: &mut Dataset, name: &str, data: Vec<f64>, attrs: &[(&str, &str)]| -> Result<(), DiscoveryError> {
        let mut v = Variable::new(["time"], data)?;
        for (k, a) in attrs {
            v.attrs_mut().insert((*k).into(), (*a).into());
        }
        ds.insert(name, v)?;
        Ok(())
    };
    let scale = |x: &[f64], k: f64| x.iter().map(|v| v * k).collect::<Vec<f64>>();
    let c_of_f = |f: &[f64]| -> Vec<f64> {
        if act_compat {
            f.iter().map(|t| 5.0 / 9.0 * t - 32.0).collect()
        } else {
            let (a, b) = atmokit_physics::units::conversion("degF", "degC").unwrap_or((f64::NAN, f64::NAN));
            f.iter().map(|t| t * a + b).collect()
        }
    };

    label(ds, "lon", Some("degree"), "Longitude");
    label(ds, "lat", Some("degree"), "Latitude");
    label(
        ds,
        "tmpf",
        Some("degrees Fahrenheit"),
        "Temperature in degrees Fahrenheit",
    );
    let tmpf = vals(ds, "tmpf");
    if let Some(t) = &tmpf {
        let attrs = [
            ("units", "degrees Celsius"),
            ("long_name", "Temperature in degrees Celsius"),
        ];
        put(ds, "temp", c_of_f(t), &attrs)?;
    }
    label(
        ds,
        "dwpf",
        Some("degrees Fahrenheit"),
        "Dewpoint temperature in degrees Fahrenheit",
    );
    let dew_source = if act_compat { tmpf } else { vals(ds, "dwpf") };
    if let Some(t) = &dew_source {
        let attrs = [
            ("units", "degrees Celsius"),
            ("long_name", "Dewpoint temperature in degrees Celsius"),
        ];
        put(ds, "dwpc", c_of_f(t), &attrs)?;
    }
    label(ds, "relh", Some("percent"), "Relative humidity");
    let drct_name = if act_compat {
        "Wind speed in degrees"
    } else {
        "Wind direction"
    };
    label(ds, "drct", Some("degrees"), drct_name);
    label(ds, "sknt", Some("knots"), "Wind speed in knots");
    if let Some(s) = vals(ds, "sknt") {
        let spd = scale(&s, knot);
        put(
            ds,
            "spdms",
            spd.clone(),
            &[("units", "m s-1"), ("long_name", "Wind speed in meters per second")],
        )?;
        if let Some(d) = vals(ds, "drct") {
            let (u, v) = components(&spd, &d);
            put(
                ds,
                "u",
                u,
                &[("units", "m s-1"), ("long_name", "Zonal component of surface wind")],
            )?;
            put(
                ds,
                "v",
                v,
                &[
                    ("units", "m s-1"),
                    ("long_name", "Meridional component of surface wind"),
                ],
            )?;
        }
    }
    label(ds, "mslp", Some("mb"), "Mean Sea Level Pressure");
    label(ds, "alti", Some("in Hg"), "Atmospheric pressure in inches of Mercury");
    label(ds, "vsby", Some("mi"), "Visibility");
    if let Some(v) = vals(ds, "vsby") {
        put(
            ds,
            "vsbykm",
            scale(&v, mile),
            &[("units", "km"), ("long_name", "Visibility")],
        )?;
    }
    if let Some(g) = vals(ds, "gust") {
        put(
            ds,
            "gust",
            scale(&g, knot),
            &[("units", "m s-1"), ("long_name", "Wind gust speed")],
        )?;
    }
    for i in 1..=4 {
        label(ds, &format!("skyc{i}"), None, &format!("Sky level {i} coverage"));
    }
    for i in 1..=4 {
        let name = format!("skyl{i}");
        if let Some(h) = vals(ds, &name) {
            let long = format!("Sky level {i} altitude");
            let attrs: Vec<(&str, &str)> = if act_compat {
                vec![("long_name", "meter")]
            } else {
                vec![("units", "meter"), ("long_name", long.as_str())]
            };
            put(ds, &name, scale(&h, foot), &attrs)?;
        }
    }
    label(ds, "wxcodes", None, "Weather code");
    let ice3 = vals(ds, "ice_accretion_3hr");
    for (hours, name) in [
        (1, "ice_accretion_1hr"),
        (3, "ice_accretion_3hr"),
        (6, "ice_accretion_6hr"),
    ] {
        let source = if act_compat && hours == 6 {
            // ACT multiplies the 3-hour column, already in cm, by 2.54 once more.
            ice3.as_ref().map(|x| scale(&scale(x, inch), inch))
        } else {
            vals(ds, name).map(|x| scale(&x, inch))
        };
        if let Some(x) = source {
            let long = format!("{hours} hour ice accretion");
            put(ds, name, x, &[("units", "cm"), ("long_name", long.as_str())])?;
        }
    }
    let peak = vals(ds, "peak_wind_gust").map(|g| scale(&g, knot));
    if let Some(g) = &peak {
        let attrs = [("units", "m s-1"), ("long_name", "Peak wind gust speed")];
        put(ds, "peak_wind_gust", g.clone(), &attrs)?;
    }
    let unit_key = if act_compat { "drct" } else { "units" };
    if let Ok(v) = ds.get_mut("peak_wind_drct") {
        v.attrs_mut().insert(unit_key.into(), "degree".into());
        v.attrs_mut()
            .insert("long_name".into(), "Peak wind gust direction".into());
    }
    if let (Some(g), Some(d)) = (&peak, vals(ds, "peak_wind_drct")) {
        let (u, v) = components(g, &d);
        let mut attrs = vec![("units", "m s-1")];
        if act_compat {
            attrs.insert(0, ("drct", "degree"));
        }
        let mut au = attrs.clone();
        au.push(("long_name", "Zonal component of surface wind"));
        put(ds, "u_peak", u, &au)?;
        attrs.push(("long_name", "Meridional component of surface wind"));
        put(ds, "v_peak", v, &attrs)?;
    }
    label(ds, "metar", None, "Raw METAR code");
    Ok(())
}

/// `(u, v)` of speeds `s` from directions `d` (degrees the wind comes from):
/// `u = −s·sin(d)`, `v = −s·cos(d)`.
fn components(s: &[f64], d: &[f64]) -> (Vec<f64>, Vec<f64>) {
    s.iter()
        .zip(d)
        .map(|(&s, &d)| atmokit_physics::wind::wind_components(s, d))
        .unzip()
}

/// The networks IEM lists `station` in (its station service `{base}api/1/station/{ID}.json`,
/// JSON table or GeoJSON), keeping ASOS and AWOS ones; empty when IEM does not know it.
fn station_networks(client: &Client, base: &str, station: &str) -> Result<Vec<String>, DiscoveryError> {
    let url = format!("{base}api/1/station/{}.json", encode(station));
    let body = match client.get_bytes(&url, LOOKUP_LIMIT) {
        Ok(b) => b,
        Err(DiscoveryError::Status { status: 404, .. }) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message: format!("not JSON: {e}"),
    })?;
    let rows = v
        .get("data")
        .or_else(|| v.get("features"))
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    for r in &rows {
        let net = r
            .get("network")
            .or_else(|| r.pointer("/properties/network"))
            .and_then(|n| n.as_str());
        if let Some(net) = net
            && (net == "AWOS" || net.ends_with("_ASOS"))
            && !out.iter().any(|o| o == net)
        {
            out.push(net.to_string());
        }
    }
    Ok(out)
}

/// ACT's `get_asos_data` returning Datasets: fetch the CSV of each selected station over
/// `[start, end]` (UTC) into `output` (as [`crate::get_asos_data`]) and read each with
/// [`read_asos_csv`], keyed by station id; stations without observations are left out.
///
/// Station metadata: a box is resolved through the networks of `regions` (as ACT). Stations by
/// identifier are looked up in the networks of `regions` when given, else each in the networks
/// IEM's station service lists for it (one or two requests per station); with `act_compat`, as
/// ACT does, every network of `regions` (by default ~270 GeoJSON files) is read.
#[allow(clippy::too_many_arguments)]
pub fn get_asos_datasets(
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
) -> Result<BTreeMap<String, Dataset>, DiscoveryError> {
    if end < start {
        return Err(DiscoveryError::Invalid(format!("end {end} is before start {start}")));
    }
    let root = base_url(Some(base.unwrap_or(IEM_BASE_URL)))?;
    let (stations, ids, pick): (Vec<AsosStation>, Vec<String>, AsosPick) = match selection {
        AsosSelection::Stations(ids) => {
            if ids.is_empty() {
                return Err(DiscoveryError::Invalid("no ASOS station given".into()));
            }
            let meta = if act_compat || regions.is_some() {
                get_asos_stations(client, &asos_networks(regions, act_compat), selection, Some(&root))?
            } else {
                let mut nets: Vec<String> = Vec::new();
                for id in ids {
                    for n in station_networks(client, &root, id)? {
                        if !nets.contains(&n) {
                            nets.push(n);
                        }
                    }
                }
                get_asos_stations(client, &nets, selection, Some(&root))?
            };
            (meta, ids.clone(), AsosPick::ById)
        }
        AsosSelection::Box { lat, lon } => {
            if !(lat.0 <= lat.1 && lon.0 <= lon.1) {
                return Err(DiscoveryError::Invalid(format!(
                    "box latitudes {lat:?} / longitudes {lon:?} must be (min, max)"
                )));
            }
            let found = get_asos_stations(client, &asos_networks(regions, act_compat), selection, Some(&root))?;
            let ids = found.iter().map(|s| s.id.clone()).collect();
            (found, ids, AsosPick::InBox)
        }
    };
    let files = fetch_station_csvs(client, &ids, start, end, &root, output, overwrite, progress)?.1;
    let mut out = BTreeMap::new();
    for (id, file) in &files {
        let meta = stations.iter().find(|s| &s.id == id);
        if let Some(ds) = read_asos_csv(file, id, meta, pick, act_compat)? {
            out.insert(id.clone(), ds);
        }
    }
    Ok(out)
}
