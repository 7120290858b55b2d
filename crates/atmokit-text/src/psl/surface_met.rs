//! PSL surface meteorology (`<site><yy><doy>.<hh>m`, comma-separated): ACT's
//! `read_psl_surface_met`.
//!
//! The files carry no header: the column layout depends on the site and the date, and is
//! shipped with the crate as data (`data/psl_surface_met.json`, the per-site table of NOAA PSL
//! column names, attrs, float32 type, missing-value codes and site position that ACT keeps in
//! `noaapsl_SurfaceMet.yaml`). The site is the first three letters of the file name; the layout
//! is the one whose operational date range holds the file's first time. Time comes from the
//! `Year`, `J_day` and `HoursMinutes` (HHMM) columns; columns marked `delete` are dropped.
//!
//! Output on `time`: float32 variables with the table's attrs (missing codes → NaN), scalars
//! `lat`, `lon`, `alt`; global attrs `_datastream`, `_site`, `_arm_standards_flag` (from the
//! first file) and `location_description`. Several files are concatenated on time.

use crate::error::{Result, TextError};
use crate::util::{Ctx, add_file_attrs, civil_ns, file_name, read_text};
use atmokit_core::{AttrValue, Dataset, Variable};
use serde::Deserialize;
use std::path::Path;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Table {
    sites: Vec<Site>,
}

#[derive(Deserialize)]
struct Site {
    code: String,
    name: String,
    lat: Position,
    lon: Position,
    alt: Position,
    ranges: Vec<Range>,
}

#[derive(Deserialize)]
struct Position {
    value: f64,
    attrs: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Range {
    start: String,
    end: String,
    columns: Vec<Column>,
}

#[derive(Deserialize)]
struct Column {
    name: String,
    #[serde(default)]
    delete: bool,
    #[serde(default)]
    missing: Option<f64>,
    attrs: Vec<(String, String)>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        serde_json::from_str(include_str!("../../data/psl_surface_met.json")).expect("bundled table is valid JSON")
    })
}

/// The site codes the bundled table knows.
pub fn known_sites() -> Vec<&'static str> {
    table().sites.iter().map(|s| s.code.as_str()).collect()
}

/// Read one or more PSL surface met files of one site, concatenated on time.
pub fn read_psl_surface_met<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    let first = paths
        .first()
        .ok_or_else(|| TextError::Invalid("read_psl_surface_met: no files given".into()))?
        .as_ref();
    let mut parts = Vec::new();
    for p in paths {
        parts.push(read_one(p.as_ref())?);
    }
    let scalars: Vec<(String, Variable)> = parts[0]
        .variables()
        .filter(|(_, v)| v.dims().is_empty())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let attrs = parts[0].attrs().clone();
    let mut ds = if parts.len() == 1 {
        parts.pop().expect("one part")
    } else {
        for p in &mut parts {
            for (k, _) in &scalars {
                p.remove(k);
            }
        }
        let mut ds = Dataset::concat(&parts, "time").map_err(|e| TextError::dataset(first, e))?;
        for (k, v) in scalars {
            ds.insert(&k, v).map_err(|e| TextError::dataset(first, e))?;
        }
        ds
    };
    *ds.attrs_mut() = attrs;
    Ok(ds)
}

fn read_one(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let name = file_name(path);
    let code: String = name.chars().take(3).collect::<String>().to_ascii_lowercase();
    let site = table().sites.iter().find(|s| s.code == code).ok_or_else(|| {
        ctx.err(
            0,
            format!(
                "site '{code}' is not in the PSL surface met table (known: {:?})",
                known_sites()
            ),
        )
    })?;
    let text = read_text(path)?;
    let rows: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
        .collect();
    let (fl, frow) = rows.first().ok_or_else(|| ctx.err(0, "empty file"))?;
    // Time columns are 2, 3, 4 in every layout (Datalogger_ID, Year, J_day, HoursMinutes).
    let time_of = |ln: usize, r: &[&str]| -> Result<i64> {
        let y = ctx.i64(ln, ctx.tok(ln, r, 1, "Year")?, "Year")?;
        let doy = ctx.i64(ln, ctx.tok(ln, r, 2, "J_day")?, "J_day")?;
        let hm = ctx.i64(ln, ctx.tok(ln, r, 3, "HoursMinutes")?, "HoursMinutes")?;
        let jan1 = civil_ns(y, 1, 1, 0, 0, 0.0).ok_or_else(|| ctx.err(ln, format!("year {y} out of range")))?;
        if !(1..=366).contains(&doy) || !(0..=2400).contains(&hm) || hm % 100 >= 60 {
            return Err(ctx.err(ln, format!("invalid day {doy} / time {hm:04}")));
        }
        Ok(jan1 + ((doy - 1) * 86_400 + (hm / 100) * 3600 + (hm % 100) * 60) * 1_000_000_000)
    };
    let t0 = time_of(*fl, frow)?;
    let range = site
        .ranges
        .iter()
        .find(|r| {
            let s = atmokit_core::time::parse_datetime(&r.start).unwrap_or(i64::MIN);
            let e = atmokit_core::time::parse_datetime(&r.end).unwrap_or(i64::MAX);
            (s..e).contains(&t0)
        })
        .ok_or_else(|| {
            ctx.err(
                *fl,
                format!(
                    "no column layout of site '{code}' covers {}",
                    atmokit_core::time::format_ns(t0)
                ),
            )
        })?;
    let ncol = range.columns.len();
    let mut time = Vec::with_capacity(rows.len());
    let mut cols: Vec<Vec<f32>> = vec![Vec::with_capacity(rows.len()); ncol];
    for (ln, r) in &rows {
        if r.len() != ncol {
            return Err(ctx.err(*ln, format!("{} fields, expected {ncol} for site '{code}'", r.len())));
        }
        time.push(time_of(*ln, r)?);
        for (k, c) in range.columns.iter().enumerate() {
            if c.delete {
                continue;
            }
            let v = ctx.f64(*ln, r[k], &c.name)?;
            cols[k].push(if c.missing == Some(v) { f32::NAN } else { v as f32 });
        }
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    for (k, c) in range.columns.iter().enumerate() {
        if c.delete {
            continue;
        }
        let mut v = Variable::new(["time"], std::mem::take(&mut cols[k])).map_err(|e| ctx.ds(e))?;
        for (a, val) in &c.attrs {
            v = v.with_attr(a, val.as_str());
        }
        ds.insert(&c.name, v).map_err(|e| ctx.ds(e))?;
    }
    for (n, p) in [("lat", &site.lat), ("lon", &site.lon), ("alt", &site.alt)] {
        let mut v = Variable::scalar(p.value);
        for (a, val) in &p.attrs {
            v = v.with_attr(a, val.as_str());
        }
        ds.insert(n, v).map_err(|e| ctx.ds(e))?;
    }
    add_file_attrs(&mut ds, path);
    ds.attrs_mut()
        .insert("location_description".into(), AttrValue::Str(site.name.clone()));
    crate::util::require_values(path, ds)
}
