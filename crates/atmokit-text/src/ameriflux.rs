//! AmeriFlux BASE and FLUXNET CSV files: ACT's `act.io.ameriflux.read_ameriflux`.
//!
//! BASE (AmeriFlux "BASE" data product, e.g. `AMF_US-CU1_BASE_HH_1-5.csv`): two metadata lines
//! `# Site: US-CU1` and `# Version: 1-5`, a header line, then rows with `TIMESTAMP_START` and
//! `TIMESTAMP_END` as `YYYYMMDDHHMM`. FLUXNET (`..._FLUXNET_..._HH_...csv` and the `DD`, `WW`,
//! `MM`, `YY` aggregates): no metadata lines; half-hourly files have `TIMESTAMP_START`, the
//! aggregates a `TIMESTAMP` of `YYYYMMDD` (daily and weekly), `YYYYMM` or `YYYY`.
//!
//! Output on `time` (the start of each interval): every other column as float64, −9999 → NaN,
//! attrs `units` (from [`UNITS`] by the variable's base name, qualifiers such as `_1_1_1`, `_F`,
//! `_PI` stripped), `_FILL_VALUE = -9999`. Global attrs `site`, `version` (BASE) and `data_type`
//! (`base` or `fluxnet`).

use crate::error::Result;
use crate::util::{Ctx, civil_ns, read_text};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// AmeriFlux base variable names and units (AmeriFlux "Data Variables" table, FP-Standard).
pub const UNITS: &[(&str, &str)] = &[
    ("CO2", "µmolCO2 mol-1"),
    ("H2O", "mmolH2O mol-1"),
    ("CH4", "nmolCH4 mol-1"),
    ("FC", "µmolCO2 m-2 s-1"),
    ("SC", "µmolCO2 m-2 s-1"),
    ("FCH4", "nmolCH4 m-2 s-1"),
    ("NEE", "µmolCO2 m-2 s-1"),
    ("GPP", "µmolCO2 m-2 s-1"),
    ("RECO", "µmolCO2 m-2 s-1"),
    ("H", "W m-2"),
    ("LE", "W m-2"),
    ("G", "W m-2"),
    ("SH", "W m-2"),
    ("SLE", "W m-2"),
    ("NETRAD", "W m-2"),
    ("SW_IN", "W m-2"),
    ("SW_OUT", "W m-2"),
    ("LW_IN", "W m-2"),
    ("LW_OUT", "W m-2"),
    ("PPFD_IN", "µmolPhoton m-2 s-1"),
    ("PPFD_OUT", "µmolPhoton m-2 s-1"),
    ("TA", "deg C"),
    ("TS", "deg C"),
    ("T_SONIC", "deg C"),
    ("RH", "%"),
    ("SWC", "%"),
    ("VPD", "hPa"),
    ("PA", "kPa"),
    ("P", "mm"),
    ("WS", "m s-1"),
    ("WD", "Decimal degrees"),
    ("USTAR", "m s-1"),
    ("TAU", "kg m-1 s-2"),
    ("ZL", "nondimensional"),
    ("MO_LENGTH", "m"),
    ("U_SIGMA", "m s-1"),
    ("V_SIGMA", "m s-1"),
    ("W_SIGMA", "m s-1"),
    ("FETCH_MAX", "m"),
];

/// The fill value of AmeriFlux files.
pub const FILL: f64 = -9999.0;

/// Units of an AmeriFlux column by the longest matching base name (`TS_1_05_1` → `TS`).
pub fn units_of(column: &str) -> Option<&'static str> {
    UNITS
        .iter()
        .filter(|(base, _)| column == *base || column.strip_prefix(base).is_some_and(|r| r.starts_with('_')))
        .max_by_key(|(base, _)| base.len())
        .map(|(_, u)| *u)
}

fn stamp(ctx: &Ctx<'_>, ln: usize, s: &str) -> Result<i64> {
    let d = |a: usize, b: usize| s.get(a..b).and_then(|x| x.parse::<i64>().ok());
    let bad = || ctx.err(ln, format!("timestamp '{s}' is not YYYY[MM[DD[HHMM]]]"));
    if !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let (y, mo, day, h, mi) = match s.len() {
        12 => (d(0, 4), d(4, 6), d(6, 8), d(8, 10), d(10, 12)),
        8 => (d(0, 4), d(4, 6), d(6, 8), Some(0), Some(0)),
        6 => (d(0, 4), d(4, 6), Some(1), Some(0), Some(0)),
        4 => (d(0, 4), Some(1), Some(1), Some(0), Some(0)),
        _ => return Err(bad()),
    };
    match (y, mo, day, h, mi) {
        (Some(y), Some(mo), Some(day), Some(h), Some(mi)) => civil_ns(y, mo, day, h, mi, 0.0).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// Read an AmeriFlux BASE or FLUXNET CSV file.
pub fn read_ameriflux(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut meta: Vec<(String, String)> = Vec::new();
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut time = Vec::new();
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mut time_col = 0;
    for (i, line) in text.lines().enumerate() {
        let ln = i + 1;
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(m) = l.strip_prefix('#') {
            if let Some((k, v)) = m.split_once(':') {
                meta.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
            continue;
        }
        let f: Vec<&str> = l.split(',').map(str::trim).collect();
        let Some((_, names)) = &header else {
            let names: Vec<String> = f.iter().map(|s| s.to_string()).collect();
            time_col = names
                .iter()
                .position(|n| n == "TIMESTAMP_START" || n == "TIMESTAMP")
                .ok_or_else(|| ctx.err(ln, "no TIMESTAMP_START or TIMESTAMP column"))?;
            cols = vec![Vec::new(); names.len()];
            header = Some((ln, names));
            continue;
        };
        if f.len() != names.len() {
            return Err(ctx.err(ln, format!("{} fields, expected {}", f.len(), names.len())));
        }
        time.push(stamp(&ctx, ln, f[time_col])?);
        for (k, tok) in f.iter().enumerate() {
            if k == time_col || names[k].starts_with("TIMESTAMP") {
                continue;
            }
            let v = ctx.f64(ln, tok, &names[k])?;
            cols[k].push(if v == FILL { f64::NAN } else { v });
        }
    }
    let (_, names) = header.ok_or_else(|| ctx.err(0, "no header line"))?;
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    for (k, name) in names.iter().enumerate() {
        if k == time_col || name.starts_with("TIMESTAMP") {
            continue;
        }
        let mut v = Variable::new(["time"], std::mem::take(&mut cols[k])).map_err(|e| ctx.ds(e))?;
        if let Some(u) = units_of(name) {
            v = v.with_attr("units", u);
        }
        ds.insert(name, v.with_attr("_FILL_VALUE", FILL))
            .map_err(|e| ctx.ds(e))?;
    }
    let fluxnet = crate::util::file_name(path).contains("FLUXNET") || !meta.iter().any(|(k, _)| k == "site");
    for (k, v) in meta {
        ds.attrs_mut().insert(k, AttrValue::Str(v));
    }
    ds.attrs_mut()
        .insert("data_type".into(), if fluxnet { "fluxnet" } else { "base" }.into());
    crate::util::require_values(path, ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_by_base_name() {
        assert_eq!(units_of("TS_1_05_1"), Some("deg C"));
        assert_eq!(units_of("SW_IN_1_1_1"), Some("W m-2"));
        assert_eq!(units_of("SWC_1_1_1"), Some("%"));
        assert_eq!(units_of("FCH4_F"), Some("nmolCH4 m-2 s-1"));
        assert_eq!(units_of("H"), Some("W m-2"));
        assert_eq!(units_of("HX"), None);
    }
}
