//! GML CO2 files (`co2_<stn>_surface-insitu_1_ccgg_<MonthlyData|DailyData|HourlyData>.txt`):
//! ACT's `read_gml_co2`.
//!
//! The first line `# header_lines : N` gives the header length (the last header line names the
//! columns: site_code year month day hour minute second time_decimal value value_std_dev nvalue
//! latitude longitude altitude elevation intake_height qcflag). Missing codes: value −999.99,
//! value_std_dev −99.99, nvalue −9, position −999.999.
//!
//! `qcflag` is NOAA's 3-character flag: a character other than `.` in column 1 (rejection) sets
//! bit 1 (Bad), in column 2 (selection) bit 2 (Indeterminate) of the int32 `qc_co2`.
//!
//! Differences from ACT: ACT labels the variable "Carbon monoxide in dry air" and longitude
//! "Latitude at which air sample was collected"; atmokit says carbon dioxide and longitude,
//! and gives `elevation` units and a long_name (ACT leaves it without attrs).

use super::is_fill;
use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

const LONG: &str = "Carbon dioxide in dry air";

/// Read a GML CO2 file; with `convert_missing` the codes become NaN.
pub fn read_gml_co2(path: &Path, convert_missing: bool) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut lines = text.lines().enumerate();
    let (_, first) = lines.next().ok_or_else(|| ctx.err(1, "empty file"))?;
    let n_header = first
        .split_whitespace()
        .last()
        .and_then(|t| t.parse::<usize>().ok())
        .filter(|&n| n >= 1 && first.contains("header_lines"))
        .ok_or_else(|| ctx.err(1, "expected '# header_lines : N'"))?;
    let names = [
        "value",
        "value_std_dev",
        "nvalue",
        "latitude",
        "longitude",
        "altitude",
        "elevation",
        "intake_height",
    ];
    let fills = [-999.99, -99.99, -9.0, -999.999, -999.999, -999.999, f64::NAN, -999.999];
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut time = Vec::new();
    let mut qc: Vec<i32> = Vec::new();
    for (i, line) in lines {
        let ln = i + 1;
        if ln <= n_header {
            continue;
        }
        let t = split_ws(line);
        if t.is_empty() {
            continue;
        }
        if t.len() != 17 {
            return Err(ctx.err(ln, format!("{} fields, expected 17", t.len())));
        }
        let g = |k: usize, w: &str| ctx.i64(ln, t[k], w);
        time.push(ctx.civil(
            ln,
            g(1, "year")?,
            g(2, "month")?,
            g(3, "day")?,
            g(4, "hour")?,
            g(5, "minute")?,
            g(6, "second")? as f64,
        )?);
        for (k, col) in cols.iter_mut().enumerate() {
            let v = ctx.f64(ln, t[8 + k], names[k])?;
            col.push(if convert_missing && is_fill(v, fills[k]) {
                f64::NAN
            } else {
                v
            });
        }
        let f = t[16].as_bytes();
        let bit = |c: Option<&u8>| c.is_some_and(|&c| c != b'.');
        qc.push(i32::from(bit(f.first())) | (i32::from(bit(f.get(1))) << 1));
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    let fill_attr = |k: usize| if convert_missing { f64::NAN } else { fills[k] };
    let mut it = cols.into_iter();
    let mut next = || Variable::new(["time"], it.next().unwrap_or_default()).expect("1-D");
    let vars = [
        ("co2", next()
            .with_attr("long_name", LONG)
            .with_attr("units", "ppm")
            .with_attr("_FillValue", fill_attr(0))
            .with_attr("comment", "Mole fraction reported in units of micromol mol-1 (10-6 mol per mol of dry air); abbreviated as ppm (parts per million).")
            .with_attr("ancillary_variables", "qc_co2")),
        ("co2_std_dev", next()
            .with_attr("long_name", LONG)
            .with_attr("units", "ppm")
            .with_attr("_FillValue", fill_attr(1))
            .with_attr("comment", "This is the standard deviation of the reported mean value when nvalue is greater than 1. See provider_comment if available.")),
        ("number_of_measurements", next()
            .with_attr("long_name", "Number of measurements contributing to reported value")
            .with_attr("units", "1")
            .with_attr("_FillValue", fill_attr(2))),
        ("latitude", next()
            .with_attr("long_name", "Latitude at which air sample was collected")
            .with_attr("units", "degrees_north")
            .with_attr("_FillValue", fill_attr(3))
            .with_attr("standard_name", "latitude")),
        ("longitude", next()
            .with_attr("long_name", "Longitude at which air sample was collected")
            .with_attr("units", "degrees_east")
            .with_attr("_FillValue", fill_attr(4))
            .with_attr("standard_name", "longitude")),
        ("altitude", next()
            .with_attr("long_name", "Sample altitude")
            .with_attr("units", "m")
            .with_attr("_FillValue", fill_attr(5))
            .with_attr("standard_name", "altitude")
            .with_attr("comment", "Altitude for this dataset is the sum of surface elevation (masl) and sample intake height (magl)")),
        ("elevation", next()
            .with_attr("long_name", "Surface elevation")
            .with_attr("units", "m")),
        ("intake_height", next()
            .with_attr("long_name", "Sample intake height above ground level")
            .with_attr("units", "m")
            .with_attr("_FillValue", fill_attr(7))),
    ];
    for (name, v) in vars {
        ds.insert(name, v).map_err(|e| ctx.ds(e))?;
    }
    let qv = Variable::new(["time"], qc)
        .map_err(|e| ctx.ds(e))?
        .with_attr("long_name", format!("Quality check results on field: {LONG}"))
        .with_attr("units", "1")
        .with_attr("flag_masks", AttrValue::I32(vec![1, 2]))
        .with_attr("flag_meanings", AttrValue::Strs(vec![
            "Obvious problems during collection or analysis".into(),
            "Likely valid but does not meet selection criteria determined by the goals of a particular investigation".into(),
        ]))
        .with_attr("flag_assessments", AttrValue::Strs(vec!["Bad".into(), "Indeterminate".into()]))
        .with_attr("standard_name", "quality_flag")
        .with_attr("comment", "This quality control flag is provided by the contributing PIs");
    ds.insert("qc_co2", qv).map_err(|e| ctx.ds(e))?;
    add_file_attrs(&mut ds, path);
    crate::util::require_values(path, ds)
}
