//! SURFRAD daily files in ACT 2.3.4's form (`act.io.noaagml.read_surfrad`), for
//! [`crate::surfrad::SurfradOptions::act_compat`]: all 48 columns under ACT's names (`year`, `jday`,
//! …, `downwelling_global`, `qc_downwelling_global`, …), values as in the file (−9999.9 is kept),
//! integer columns int64 and the others float64 (as pandas infers them), ACT's attributes, and one
//! global attribute, `datastream = "SURFRAD Site: <first three letters of the file name>"`.
//!
//! ACT's names are kept as ACT has them, including `net_radiation` for the net *solar* column
//! (its long name says so); atmokit's default form calls it `net_solar`.

use crate::error::{Result, TextError};
use crate::util::{Ctx, read_text, split_ws};
use atmokit_core::{Dataset, Variable};
use std::path::Path;

/// ACT's (name, long_name, units, standard_name) of the 20 value columns, in file order; each is
/// followed in the file by its `qc_<name>` column.
const ACT_COLUMNS: [(&str, &str, &str, &str); 20] = [
    (
        "downwelling_global",
        "Downwelling global solar",
        "W m^-2",
        "surface_downwelling_shortwave_flux_in_air",
    ),
    (
        "upwelling_global",
        "Upwelling global solar",
        "W m^-2",
        "surface_upwelling_shortwave_flux_in_air",
    ),
    (
        "direct_normal",
        "Direct normal solar",
        "W m^-2",
        "surface_direct_downwelling_shortwave_flux_in_air",
    ),
    (
        "downwelling_diffuse",
        "Downwelling diffuse solar",
        "W m^-2",
        "diffuse_downwelling_shortwave_flux_in_air",
    ),
    (
        "downwelling_ir",
        "Downwelling thermal infrared",
        "W m^-2",
        "net_downward_longwave_flux_in_air",
    ),
    (
        "downwelling_ir_casetemp",
        "Downwelling thermal infrared case temperature",
        "K",
        "",
    ),
    (
        "downwelling_ir_dometemp",
        "Downwelling thermal infrared dome temperature",
        "K",
        "",
    ),
    (
        "upwelling_ir",
        "Upwelling thermal infrared",
        "W m^-2",
        "net_upward_longwave_flux_in_air",
    ),
    (
        "upwelling_ir_casetemp",
        "Upwelling thermal infrared case temperature",
        "K",
        "",
    ),
    (
        "upwelling_ir_dometemp",
        "Upwelling thermal infrared dome temperature",
        "K",
        "",
    ),
    ("global_uvb", "Global UVB", "milliWatts m^-2", ""),
    (
        "par",
        "Photosynthetically active radiation",
        "W m^-2",
        "surface_downwelling_photosynthetic_radiative_flux_in_air",
    ),
    (
        "net_radiation",
        "Net solar (downwelling_global-upwelling_global)",
        "W m^-2",
        "surface_net_downward_shortwave_flux",
    ),
    (
        "net_ir",
        "Net infrared (downwelling_ir-upwelling_ir)",
        "W m^-2",
        "surface_net_downward_longwave_flux",
    ),
    (
        "total_net",
        "Total Net radiation (net_radiation + net_ir)",
        "W m^-2",
        "",
    ),
    ("temperature", "10-meter air temperature", "degC", "air_temperature"),
    ("relative_humidity", "Relative humidity", "%", "relative_humidity"),
    ("wind_speed", "Wind speed", "ms^-1", "wind_speed"),
    (
        "wind_direction",
        "Wind direction, clockwise from North",
        "deg",
        "wind_from_direction",
    ),
    ("pressure", "Station pressure", "mb", "air_pressure"),
];

/// ACT's (name, long_name, units) of the 8 leading columns.
const ACT_TIME_COLUMNS: [(&str, &str, &str); 8] = [
    ("year", "Year", "unitless"),
    ("jday", "Julian day", "unitless"),
    ("month", "Month", "unitless"),
    ("day", "Day of the month", "unitless"),
    ("hour", "Hour", "unitless"),
    ("minute", "Minutes", "unitless"),
    ("dec_time", "Decimal time", "unitless"),
    ("solar_zenith_angle", "Solar zenith angle", "deg"),
];

/// ACT's description of every SURFRAD QC column.
const QC_DESCRIPTION: &str = "A QC flag of zero indicates that the corresponding data point is good, having passed all QC checks.  A value greater than 0 indicates that the data failed one level of QC.  For example, a QC value of 1 means that the recorded value is beyond a physically possible range, or it has been affected adversely in some manner to produce a knowingly bad value. A value of 2 indicates that the data value failed the second level QC check, indicating that the data value may be physically possible but should be used with scrutiny, and so on.";

const N_COLUMNS: usize = 48;

/// The rows of one or more files: times, every column's values, and whether each column holds
/// integers only (pandas then gives int64).
struct Rows {
    time: Vec<i64>,
    columns: Vec<Vec<f64>>,
    integer: Vec<bool>,
}

impl Rows {
    fn new() -> Self {
        Rows {
            time: Vec::new(),
            columns: vec![Vec::new(); N_COLUMNS],
            integer: vec![true; N_COLUMNS],
        }
    }
}

fn read_rows(path: &Path, rows: &mut Rows) -> Result<()> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let names: Vec<String> = (0..N_COLUMNS).map(name).collect();
    for (i, line) in text.lines().enumerate().skip(2) {
        let ln = i + 1;
        let t = split_ws(line);
        if t.is_empty() {
            continue;
        }
        if t.len() != N_COLUMNS {
            return Err(ctx.err(
                ln,
                format!(
                    "{} fields; ACT's SURFRAD form (act_compat) reads files of exactly {N_COLUMNS} (no SPN1 columns)",
                    t.len()
                ),
            ));
        }
        let n = |k: usize, what: &str| ctx.i64(ln, t[k], what);
        let time = ctx.civil(
            ln,
            n(0, "year")?,
            n(2, "month")?,
            n(3, "day")?,
            n(4, "hour")?,
            n(5, "minute")?,
            0.0,
        )?;
        rows.time.push(time);
        for (k, tok) in t.iter().enumerate() {
            rows.integer[k] &= tok.parse::<i64>().is_ok_and(|v| v.unsigned_abs() < 1 << 53);
            rows.columns[k].push(ctx.f64(ln, tok, &names[k])?);
        }
    }
    Ok(())
}

fn name(k: usize) -> String {
    if k < 8 {
        ACT_TIME_COLUMNS[k].0.to_string()
    } else if (k - 8).is_multiple_of(2) {
        ACT_COLUMNS[(k - 8) / 2].0.to_string()
    } else {
        format!("qc_{}", ACT_COLUMNS[(k - 8) / 2].0)
    }
}

/// Column `k` as pandas infers it: int64 when every value was an integer, else float64.
fn column(ctx: &Ctx<'_>, k: usize, values: &[f64], integer: bool) -> Result<Variable> {
    let var = if integer {
        Variable::new(["time"], values.iter().map(|&v| v as i64).collect::<Vec<i64>>())
    } else {
        Variable::new(["time"], values.to_vec())
    };
    let mut var = var.map_err(|e| ctx.ds(e))?;
    let attrs: Vec<(&str, String)> = if k < 8 {
        let (_, long, units) = ACT_TIME_COLUMNS[k];
        vec![("long_name", long.into()), ("units", units.into())]
    } else if (k - 8).is_multiple_of(2) {
        let (_, long, units, std) = ACT_COLUMNS[(k - 8) / 2];
        let mut a = vec![("long_name", long.to_string()), ("units", units.to_string())];
        if !std.is_empty() {
            a.push(("standard_name", std.to_string()));
        }
        a
    } else {
        let data = ACT_COLUMNS[(k - 8) / 2].0;
        vec![
            ("long_name", format!("Quality check results on variable: {data}")),
            ("units", "1".into()),
            ("description", QC_DESCRIPTION.into()),
        ]
    };
    for (key, value) in attrs {
        var = var.with_attr(key, value.as_str());
    }
    Ok(var)
}

/// Read SURFRAD daily files in ACT's form (see the module docs), concatenated in the order given.
pub fn read_surfrad_act<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    let first = paths
        .first()
        .ok_or_else(|| TextError::Invalid("read_surfrad: no files given".into()))?
        .as_ref();
    let mut all = Rows::new();
    for p in paths {
        read_rows(p.as_ref(), &mut all)?;
    }
    if all.time.is_empty() {
        return Err(TextError::parse(
            first,
            0,
            "no data: the file is empty, header-only or truncated",
        ));
    }
    let ctx = Ctx::new(first);
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", all.time))
        .map_err(|e| ctx.ds(e))?;
    for (k, values) in all.columns.iter().enumerate() {
        ds.insert(&name(k), column(&ctx, k, values, all.integer[k])?)
            .map_err(|e| ctx.ds(e))?;
    }
    let file = first.file_name().and_then(|f| f.to_str()).unwrap_or("");
    let site: String = file.chars().take(3).collect();
    ds.attrs_mut()
        .insert("datastream".into(), format!("SURFRAD Site: {site}").into());
    Ok(ds)
}
