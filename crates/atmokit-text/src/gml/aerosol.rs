//! GML aerosol files in EBAS NASA-Ames 1001 format (`*.nas`): ACT's `read_gml_aerosol`.
//!
//! Layout (NASA Ames FFI 1001, Gaines & Hipskind 1998, as written by EBAS), blank-separated:
//! line 1 `NLHEAD 1001`; originator, organisation, source, mission; `IVOL NVOL`; the reference
//! date and the revision date (`YYYY MM DD YYYY MM DD`); the interval; the independent variable
//! name (EBAS: start time in days from the reference date); `NV`; NV scale factors; NV missing
//! values; NV variable descriptions; the special comments (count, lines); the normal comments
//! (count, lines), whose `key: value` lines hold the station metadata and whose last line names
//! the columns (`start_time end_time <var>...`). Each data row is the start time then NV values
//! (the first of them `end_time`).
//!
//! Output on `time` = reference date + (start + end) / 2 days, rounded to 10 s (as ACT does):
//! every other column as float64 named by the column header, missing values → NaN, scaled;
//! attrs `long_name` (the description line), `units` (text in its last brackets or after its
//! first comma, when present), `missing_value`, `scale_factor`; scalars `lat`, `lon`, `alt` from
//! the `Measurement latitude/longitude/altitude` comments (EBAS), else the `Station …` ones
//! (`11.0m` and `11.0 m` alike); other `key: value` comments as global
//! attrs.

use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, civil_ns, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

fn units_of(desc: &str) -> Option<String> {
    if let (Some(a), Some(b)) = (desc.rfind('['), desc.rfind(']'))
        && a < b
    {
        return Some(desc[a + 1..b].trim().to_string());
    }
    desc.split_once(',')
        .map(|(_, u)| u.trim().to_string())
        .filter(|u| !u.is_empty())
}

/// Read an EBAS NASA-Ames aerosol file.
pub fn read_gml_aerosol(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let line = |i: usize| {
        lines
            .get(i)
            .copied()
            .ok_or_else(|| ctx.err(i + 1, "file ends inside the header"))
    };
    let count = |i: usize, what: &str| -> Result<usize> {
        let t = split_ws(line(i)?);
        let n = ctx.i64(i + 1, ctx.tok(i + 1, &t, 0, what)?, what)?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= 100_000)
            .ok_or_else(|| ctx.err(i + 1, format!("{what}: {n} out of range")))
    };
    let l1 = split_ws(line(0)?);
    let n_header = count(0, "number of header lines")?;
    if ctx.tok(1, &l1, 1, "file format index")? != "1001" {
        return Err(ctx.err(1, "only NASA-Ames FFI 1001 is supported"));
    }
    let dates = split_ws(line(6)?);
    let d = |k: usize, w: &str| ctx.i64(7, ctx.tok(7, &dates, k, w)?, w);
    let t_ref = civil_ns(d(0, "year")?, d(1, "month")?, d(2, "day")?, 0, 0, 0.0)
        .ok_or_else(|| ctx.err(7, "invalid reference date"))?;
    let nv = count(9, "number of variables")?;
    let nums = |i: usize, what: &str| -> Result<Vec<f64>> {
        let t = split_ws(line(i)?);
        if t.len() < nv {
            return Err(ctx.err(i + 1, format!("{what}: {} values, expected {nv}", t.len())));
        }
        t[..nv].iter().map(|x| ctx.f64(i + 1, x, what)).collect()
    };
    let scale = nums(10, "scale factors")?;
    let missing = nums(11, "missing values")?;
    let mut descs = Vec::with_capacity(nv);
    for k in 0..nv {
        descs.push(line(12 + k)?.trim().to_string());
    }
    let mut i = 12 + nv;
    let ns = count(i, "number of special comment lines")?;
    i += 1 + ns;
    let nn = count(i, "number of normal comment lines")?;
    let first_comment = i + 1;
    i += 1 + nn;
    if i != n_header || nn == 0 {
        return Err(ctx.err(
            1,
            format!("line 1 announces {n_header} header lines, the header has {i}"),
        ));
    }
    let names: Vec<String> = split_ws(line(i - 1)?).into_iter().map(str::to_string).collect();
    if names.len() != nv + 1 {
        return Err(ctx.err(
            i,
            format!("column header names {} columns, expected {}", names.len(), nv + 1),
        ));
    }
    let mut attrs: Vec<(String, AttrValue)> = Vec::new();
    // The measurement's position when the file gives it (EBAS), else the station's; EBAS
    // writes altitudes with the unit attached (`11.0m`).
    let (mut station, mut measured) = ([None; 3], [None; 3]);
    for l in &lines[first_comment..i - 1] {
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            let num = split_ws(v)
                .first()
                .and_then(|t| t.trim_end_matches('m').parse::<f64>().ok());
            let slot = |which: &str| match which {
                "latitude" => Some(0),
                "longitude" => Some(1),
                "altitude" => Some(2),
                _ => None,
            };
            match k.split_once(' ') {
                Some(("Station", w)) if slot(w).is_some() => station[slot(w).unwrap_or(0)] = num,
                Some(("Measurement", w)) if slot(w).is_some() => measured[slot(w).unwrap_or(0)] = num,
                _ if !k.is_empty() => attrs.push((k.to_string(), v.into())),
                _ => {}
            }
        }
    }
    let [lat, lon, alt] = [0, 1, 2].map(|j| measured[j].or(station[j]));
    let mut time = Vec::new();
    let mut cols: Vec<Vec<f64>> = vec![Vec::new(); nv];
    for (k, l) in lines.iter().enumerate().skip(n_header) {
        let t = split_ws(l);
        if t.is_empty() {
            continue;
        }
        let ln = k + 1;
        if t.len() != nv + 1 {
            return Err(ctx.err(ln, format!("{} fields, expected {}", t.len(), nv + 1)));
        }
        let start = ctx.f64(ln, t[0], &names[0])?;
        let end = ctx.f64(ln, t[1], &names[1])?;
        let mid_s = ((start + end) / 2.0 * 86_400.0 / 10.0).round() * 10.0;
        if !(mid_s.is_finite() && mid_s.abs() < 1e10) {
            return Err(ctx.err(ln, format!("start/end time {start} / {end} out of range")));
        }
        time.push(t_ref + (mid_s as i64) * 1_000_000_000);
        for (j, col) in cols.iter_mut().enumerate() {
            let v = ctx.f64(ln, t[1 + j], &names[1 + j])?;
            col.push(if v == missing[j] { f64::NAN } else { v * scale[j] });
        }
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    for (j, col) in cols.into_iter().enumerate() {
        let mut v = Variable::new(["time"], col)
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", descs[j].as_str());
        if let Some(u) = units_of(&descs[j]) {
            v = v.with_attr("units", u);
        }
        v = v
            .with_attr("missing_value", missing[j])
            .with_attr("scale_factor", scale[j]);
        ds.insert(&names[1 + j], v).map_err(|e| ctx.ds(e))?;
    }
    for (n, val, units) in [("lat", lat, "degree_N"), ("lon", lon, "degree_E"), ("alt", alt, "m")] {
        if let Some(x) = val {
            ds.insert(n, Variable::scalar(x).with_attr("units", units))
                .map_err(|e| ctx.ds(e))?;
        }
    }
    add_file_attrs(&mut ds, path);
    for (k, v) in attrs {
        ds.attrs_mut().insert(k, v);
    }
    crate::util::require_values(path, ds)
}
