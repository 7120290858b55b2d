//! GML hourly / minute meteorology (`met_<stn>_insitu_1_obop_<hour|minute>_<year>.txt`):
//! ACT's `read_gml_met`.
//!
//! Columns: station, year, month, day, hour, `[minute]`, then nine values with their missing-value
//! codes (GML MET README): wind_direction (degree, −999), wind_speed (m/s, −999.9),
//! wind_steadiness_factor (1, −9), barometric_pressure (hPa, −999.90), temperature_2m /
//! temperature_10m / temperature_tower_top (degC, −999.9), relative_humidity (percent, −99),
//! precipitation_intensity (mm/hour, −99).
//!
//! Differences from ACT: the minute column is recognised from the number of fields rather than
//! from `_hour_` in the file name, and ACT's misspelt `realitive_humidity` and
//! `preciptation_intensity` are spelt `relative_humidity` and `precipitation_intensity`.

use super::is_fill;
use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// (name, units, long_name, missing value) of the nine value columns, in file order.
pub const MET_COLUMNS: [(&str, &str, &str, f64); 9] = [
    (
        "wind_direction",
        "degree",
        "Average wind direction from which the wind is blowing",
        -999.0,
    ),
    ("wind_speed", "m/s", "Average wind speed", -999.9),
    (
        "wind_steadiness_factor",
        "1",
        "100 times the ratio of the vector wind speed to the average wind speed for the hour",
        -9.0,
    ),
    ("barometric_pressure", "hPa", "Station barometric pressure", -999.90),
    (
        "temperature_2m",
        "degC",
        "Temperature at 2 meters above ground level",
        -999.9,
    ),
    (
        "temperature_10m",
        "degC",
        "Temperature at 10 meters above ground level",
        -999.9,
    ),
    (
        "temperature_tower_top",
        "degC",
        "Temperature at top of instrument tower",
        -999.9,
    ),
    ("relative_humidity", "percent", "Relative humidity", -99.0),
    (
        "precipitation_intensity",
        "mm/hour",
        "Amount of precipitation per hour",
        -99.0,
    ),
];

/// Read a GML MET file. With `convert_missing` each column's code becomes NaN and `_FillValue`
/// is NaN; otherwise the codes stay and `_FillValue` is the code.
pub fn read_gml_met(path: &Path, convert_missing: bool) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut time = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); MET_COLUMNS.len()];
    for (i, line) in text.lines().enumerate() {
        let ln = i + 1;
        let t = split_ws(line);
        if t.is_empty() {
            continue;
        }
        let with_minute = match t.len() {
            15 => true,
            14 => false,
            n => return Err(ctx.err(ln, format!("{n} fields, expected 14 (hourly) or 15 (minute)"))),
        };
        let y = ctx.i64(ln, t[1], "year")?;
        let mo = ctx.i64(ln, t[2], "month")?;
        let d = ctx.i64(ln, t[3], "day")?;
        let h = ctx.i64(ln, t[4], "hour")?;
        let mi = if with_minute { ctx.i64(ln, t[5], "minute")? } else { 0 };
        time.push(ctx.civil(ln, y, mo, d, h, mi, 0.0)?);
        let first = if with_minute { 6 } else { 5 };
        for (k, col) in cols.iter_mut().enumerate() {
            let (name, _, _, fill) = MET_COLUMNS[k];
            let v = ctx.f64(ln, t[first + k], name)?;
            col.push(if convert_missing && is_fill(v, fill) {
                f64::NAN
            } else {
                v
            });
        }
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    for (k, col) in cols.into_iter().enumerate() {
        let (name, units, long_name, fill) = MET_COLUMNS[k];
        let mut v = crate::util::f64_var("time", col, units, long_name)
            .with_attr("_FillValue", if convert_missing { f64::NAN } else { fill });
        if name == "precipitation_intensity" {
            v = v.with_attr(
                "comment",
                AttrValue::from("The precipitation amount is measured with an unheated tipping bucket rain gauge."),
            );
        }
        ds.insert(name, v).map_err(|e| ctx.ds(e))?;
    }
    add_file_attrs(&mut ds, path);
    crate::util::require_values(path, ds)
}
