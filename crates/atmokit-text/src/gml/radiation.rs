//! GML radiation (SURFRAD-format daily files, `[stn][yy][doy].dat`): ACT's `read_gml_radiation`.
//!
//! Layout: line 1 station name; line 2 latitude, longitude, altitude and its unit; then one row
//! per minute: year, day of year, month, day, hour, minute, decimal hour, solar zenith angle,
//! then 20 (value, qc) pairs ([`RADIATION_COLUMNS`]) and, for the SPN1-equipped sites, two more
//! pairs (`spn1_total_solar`, `spn1_diffuse_solar`, names of atmokit's own). Missing: −9999.9.
//!
//! Each `qc_<name>` is int64 with CF `flag_values = [0, 1, 2]` ("Not failing any tests",
//! "Knowingly bad value", "Should be used with scrutiny"; assessments Good, Bad, Indeterminate)
//! and linked through `ancillary_variables`. `lat`, `lon`, `alt` are scalars.

use super::is_fill;
use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, f64_var, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// (name, units, long_name) of the 20 value columns, in file order (each followed by its QC).
pub const RADIATION_COLUMNS: [(&str, &str, &str); 20] = [
    ("downwelling_global_solar", "W/m^2", "Downwelling global solar"),
    ("upwelling_global_solar", "W/m^2", "Upwelling global solar"),
    ("direct_normal_solar", "W/m^2", "Direct-normal solar"),
    ("downwelling_diffuse_solar", "W/m^2", "Downwelling diffuse solar"),
    ("downwelling_thermal_infrared", "W/m^2", "Downwelling thermal infrared"),
    (
        "downwelling_infrared_case_temp",
        "degK",
        "Downwelling infrared case temp",
    ),
    (
        "downwelling_infrared_dome_temp",
        "degK",
        "downwelling infrared dome temp",
    ),
    ("upwelling_thermal_infrared", "W/m^2", "Upwelling thermal infrared"),
    ("upwelling_infrared_case_temp", "degK", "Upwelling infrared case temp"),
    ("upwelling_infrared_dome_temp", "degK", "Upwelling infrared dome temp"),
    ("global_UVB", "mW/m^2", "global ultraviolet-B"),
    ("par", "W/m^2", "Photosynthetically active radiation"),
    (
        "net_solar",
        "W/m^2",
        "Net solar (downwelling_global_solar - upwelling_global_solar)",
    ),
    (
        "net_infrared",
        "W/m^2",
        "Net infrared (downwelling_thermal_infrared - upwelling_thermal_infrared)",
    ),
    ("net_radiation", "W/m^2", "Net radiation (net_solar + net_infrared)"),
    ("air_temperature_10m", "degC", "10-meter air temperature"),
    ("relative_humidity", "%", "Relative humidity"),
    ("wind_speed", "m/s", "Wind speed"),
    ("wind_direction", "degree", "Wind direction (clockwise from north)"),
    ("station_pressure", "millibar", "Station atmospheric pressure"),
];

const SPN1: [(&str, &str, &str); 2] = [
    ("spn1_total_solar", "W/m^2", "SPN1 total solar"),
    ("spn1_diffuse_solar", "W/m^2", "SPN1 diffuse solar"),
];

/// Missing-value code of every value column.
pub const RADIATION_FILL: f64 = -9999.9;

/// The CF attrs of a radiation QC variable for the data variable described by `long_name`.
pub fn qc_attrs(long_name: &str) -> Vec<(&'static str, AttrValue)> {
    vec![
        (
            "long_name",
            AttrValue::from(format!("Quality control variable for: {long_name}")),
        ),
        ("units", "1".into()),
        ("standard_name", "quality_flag".into()),
        ("flag_values", AttrValue::I32(vec![0, 1, 2])),
        (
            "flag_meanings",
            AttrValue::Strs(vec![
                "Not failing any tests".into(),
                "Knowingly bad value".into(),
                "Should be used with scrutiny".into(),
            ]),
        ),
        (
            "flag_assessments",
            AttrValue::Strs(vec!["Good".into(), "Bad".into(), "Indeterminate".into()]),
        ),
    ]
}

/// Read a GML radiation file; with `convert_missing` −9999.9 becomes NaN.
pub fn read_gml_radiation(path: &Path, convert_missing: bool) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut lines = text.lines().enumerate();
    let station = lines
        .next()
        .map(|(_, l)| l.trim().to_string())
        .ok_or_else(|| ctx.err(1, "empty file"))?;
    let (_, loc) = lines
        .next()
        .ok_or_else(|| ctx.err(2, "missing the latitude/longitude/altitude line"))?;
    let lt = split_ws(loc);
    let lat = ctx.f64(2, ctx.tok(2, &lt, 0, "latitude")?, "latitude")?;
    let lon = ctx.f64(2, ctx.tok(2, &lt, 1, "longitude")?, "longitude")?;
    let alt = ctx.f64(2, ctx.tok(2, &lt, 2, "altitude")?, "altitude")?;
    let alt_units = lt.get(3).copied().unwrap_or("m").to_string();

    let mut time = Vec::new();
    let mut sza = Vec::new();
    let mut vals: Vec<Vec<f64>> = Vec::new();
    let mut qcs: Vec<Vec<i64>> = Vec::new();
    let mut n_pairs = 0usize;
    for (i, line) in lines {
        let ln = i + 1;
        let t = split_ws(line);
        if t.is_empty() {
            continue;
        }
        if n_pairs == 0 {
            n_pairs = match t.len() {
                48 => 20,
                52 => 22,
                n => return Err(ctx.err(ln, format!("{n} fields, expected 48 (or 52 with SPN1)"))),
            };
            vals = vec![Vec::new(); n_pairs];
            qcs = vec![Vec::new(); n_pairs];
        } else if t.len() != 8 + 2 * n_pairs {
            return Err(ctx.err(ln, format!("{} fields, expected {}", t.len(), 8 + 2 * n_pairs)));
        }
        let y = ctx.i64(ln, t[0], "year")?;
        let mo = ctx.i64(ln, t[2], "month")?;
        let d = ctx.i64(ln, t[3], "day")?;
        let h = ctx.i64(ln, t[4], "hour")?;
        let mi = ctx.i64(ln, t[5], "minute")?;
        time.push(ctx.civil(ln, y, mo, d, h, mi, 0.0)?);
        sza.push(ctx.f64(ln, t[7], "solar_zenith_angle")?);
        for k in 0..n_pairs {
            let name = column(k).0;
            let v = ctx.f64(ln, t[8 + 2 * k], name)?;
            vals[k].push(if convert_missing && is_fill(v, RADIATION_FILL) {
                f64::NAN
            } else {
                v
            });
            qcs[k].push(ctx.i64(ln, t[9 + 2 * k], &format!("qc_{name}"))?);
        }
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    let fill = if convert_missing { f64::NAN } else { RADIATION_FILL };
    ds.insert(
        "solar_zenith_angle",
        f64_var("time", sza, "degree", "Solar zenith angle").with_attr("_FillValue", fill),
    )
    .map_err(|e| ctx.ds(e))?;
    for (k, (v, q)) in vals.into_iter().zip(qcs).enumerate() {
        let (name, units, long_name) = column(k);
        let qc_name = format!("qc_{name}");
        let var = f64_var("time", v, units, long_name)
            .with_attr("_FillValue", fill)
            .with_attr("ancillary_variables", qc_name.as_str());
        ds.insert(name, var).map_err(|e| ctx.ds(e))?;
        let mut qv = Variable::new(["time"], q).map_err(|e| ctx.ds(e))?;
        for (k, a) in qc_attrs(long_name) {
            qv = qv.with_attr(k, a);
        }
        ds.insert(&qc_name, qv).map_err(|e| ctx.ds(e))?;
    }
    let scalar = |v: f64, units: &str, long: &str, std: &str| {
        Variable::scalar(v)
            .with_attr("long_name", long)
            .with_attr("units", units)
            .with_attr("standard_name", std)
    };
    ds.insert("lat", scalar(lat, "degree_N", "Latitude", "latitude"))
        .map_err(|e| ctx.ds(e))?;
    ds.insert("lon", scalar(lon, "degree_E", "Longitude", "longitude"))
        .map_err(|e| ctx.ds(e))?;
    ds.insert(
        "alt",
        scalar(alt, &alt_units, "Altitude above mean sea level", "altitude"),
    )
    .map_err(|e| ctx.ds(e))?;
    add_file_attrs(&mut ds, path);
    ds.attrs_mut().insert("location".into(), AttrValue::Str(station));
    crate::util::require_values(path, ds)
}

fn column(k: usize) -> (&'static str, &'static str, &'static str) {
    if k < 20 { RADIATION_COLUMNS[k] } else { SPN1[k - 20] }
}
