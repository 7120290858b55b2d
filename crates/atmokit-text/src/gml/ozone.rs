//! GML surface ozone hourly files (`brw_12_2020_hour.dat`): ACT's `read_gml_ozone`.
//!
//! A free-text header ends at the line `STN YEAR MON DAY HR O3(PPB)`; each row is station,
//! year, month, day, hour, ozone (ppb). Output: `ozone` (float32, ppb) on `time`; global attr
//! `station` (lower-case code).

use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// Read a GML ozone file.
pub fn read_gml_ozone(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut in_data = false;
    let mut station = String::new();
    let mut time = Vec::new();
    let mut ozone: Vec<f32> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let ln = i + 1;
        let t = split_ws(line);
        if !in_data {
            in_data = t.len() == 6 && t[0] == "STN";
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if t.len() != 6 {
            return Err(ctx.err(ln, format!("{} fields, expected 6 (STN YEAR MON DAY HR O3)", t.len())));
        }
        if station.is_empty() {
            station = t[0].to_ascii_lowercase();
        }
        let y = ctx.i64(ln, t[1], "YEAR")?;
        let mo = ctx.i64(ln, t[2], "MON")?;
        let d = ctx.i64(ln, t[3], "DAY")?;
        let h = ctx.i64(ln, t[4], "HR")?;
        time.push(ctx.civil(ln, y, mo, d, h, 0, 0.0)?);
        ozone.push(
            t[5].parse::<f32>()
                .map_err(|_| ctx.err(ln, format!("field 'O3': '{}' is not a number", t[5])))?,
        );
    }
    if !in_data {
        return Err(ctx.err(0, "no 'STN YEAR MON DAY HR O3(PPB)' header line"));
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    let v = Variable::new(["time"], ozone)
        .map_err(|e| ctx.ds(e))?
        .with_attr("long_name", "Ozone")
        .with_attr("units", "ppb")
        .with_attr("_FillValue", f32::NAN);
    ds.insert("ozone", v).map_err(|e| ctx.ds(e))?;
    add_file_attrs(&mut ds, path);
    ds.attrs_mut().insert("station".into(), AttrValue::Str(station));
    crate::util::require_values(path, ds)
}
