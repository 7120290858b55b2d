//! ICARTT files (`.ict`), File Format Indices 1001 and 2110: ACT's `act.io.icartt.read_icartt`
//! (which needs the `icartt` package; atmokit parses the format itself).
//!
//! Layout (ICARTT File Format Standards V2.0, NASA Ames FFI 1001 / 2110 as in Gaines &
//! Hipskind 1998), comma-separated:
//!
//! | line | content |
//! |---|---|
//! | 1 | number of header lines, FFI (`1001` or `2110`) [, version] |
//! | 2–5 | PI, organisation, data source, mission |
//! | 6 | volume, number of volumes |
//! | 7 | date of the data `YYYY, MM, DD`, revision date `YYYY, MM, DD` |
//! | 8 | data interval(s) |
//! | 9 | 1001: independent variable `name, units`; 2110: the *bounded* independent variable |
//! | (10) | 2110 only: the unbounded independent variable (time) |
//! | next | number of dependent variables NV, NV scale factors, NV missing values, NV lines `name, units[, long name]` |
//! | 2110 | number of auxiliary variables NA, NA scale factors, NA missing values, NA names (the first is the number of bounded points per record) |
//! | next | number of special comment lines, those lines; number of normal comment lines, those lines (the last names the columns) |
//!
//! Data: 1001 one record per line (`time, v1..vNV`); 2110 a line `time, aux1..auxNA` followed by
//! `aux1` lines `bound, v1..vNV`.
//!
//! Output: `time` (date of line 7 + seconds of the independent variable); 1001 variables on
//! `time`; 2110 auxiliary variables on `time`, the bounded variable and the primary variables
//! on (`time`, `<bounded name>_index`), NaN-padded where a record has fewer points. Values equal
//! to the missing value become NaN, then are multiplied by the scale factor. Attrs: `units`,
//! `long_name` (when given), `missing_value`, `scale_factor`; `ULOD_FLAG` / `LLOD_FLAG` values
//! from the normal comments are kept as attrs `ulod_flag` / `llod_flag` (data left as is).
//! Global attrs: `PI`, `institution`, `source`, `mission`, `volume`, `revision_date`,
//! `data_interval`, `format_index`, and every `KEY: value` normal comment.

use crate::error::Result;
use crate::util::{Ctx, civil_ns, read_text};
use atmokit_core::{AttrValue, Dataset, Variable};
use ndarray::Array2;
use std::path::Path;

struct VarInfo {
    name: String,
    units: String,
    long_name: Option<String>,
    scale: f64,
    missing: f64,
}

fn fields(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).filter(|s| !s.is_empty()).collect()
}

struct Header<'a> {
    ctx: Ctx<'a>,
    lines: Vec<&'a str>,
    pos: usize,
}

impl<'a> Header<'a> {
    fn next(&mut self, what: &str) -> Result<(usize, &'a str)> {
        let l = self
            .lines
            .get(self.pos)
            .copied()
            .ok_or_else(|| self.ctx.err(self.pos + 1, format!("file ends before {what}")))?;
        self.pos += 1;
        Ok((self.pos, l))
    }
    fn nums(&mut self, n: usize, what: &str) -> Result<Vec<f64>> {
        let (ln, l) = self.next(what)?;
        let f = fields(l);
        if f.len() < n {
            return Err(self.ctx.err(ln, format!("{what}: {} values, expected {n}", f.len())));
        }
        f[..n].iter().map(|t| self.ctx.f64(ln, t, what)).collect()
    }
    fn count(&mut self, what: &str) -> Result<usize> {
        let (ln, l) = self.next(what)?;
        let t = fields(l).first().copied().unwrap_or("");
        let n = self.ctx.i64(ln, t, what)?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= 100_000)
            .ok_or_else(|| self.ctx.err(ln, format!("{what}: {n} out of range")))
    }
    fn var_infos(&mut self, n: usize, with_units: bool) -> Result<Vec<VarInfo>> {
        let scales = self.nums(n, "scale factors")?;
        let missing = self.nums(n, "missing values")?;
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            let (_, l) = self.next("a variable name line")?;
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            out.push(VarInfo {
                name: f[0].to_string(),
                units: if with_units {
                    f.get(1).map_or("", |u| u).to_string()
                } else {
                    String::new()
                },
                long_name: f.get(2).filter(|s| !s.is_empty()).map(|s| s.to_string()),
                scale: scales[k],
                missing: missing[k],
            });
        }
        Ok(out)
    }
}

fn decode(v: f64, info: &VarInfo) -> f64 {
    if v == info.missing { f64::NAN } else { v * info.scale }
}

fn var_attrs(mut v: Variable, info: &VarInfo, flags: &[(String, AttrValue)]) -> Variable {
    v = v.with_attr("units", info.units.as_str());
    if let Some(l) = &info.long_name {
        v = v.with_attr("long_name", l.as_str());
    }
    v = v
        .with_attr("missing_value", info.missing)
        .with_attr("scale_factor", info.scale);
    for (k, a) in flags {
        v = v.with_attr(k, a.clone());
    }
    v
}

/// Read an ICARTT file (FFI 1001 or 2110).
pub fn read_icartt(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let mut h = Header { ctx, lines, pos: 0 };
    let (_, l1) = h.next("line 1")?;
    let f1 = fields(l1);
    let n_header = ctx.i64(
        1,
        ctx.tok(1, &f1, 0, "number of header lines")?,
        "number of header lines",
    )?;
    let ffi = ctx.tok(1, &f1, 1, "file format index")?.to_string();
    if ffi != "1001" && ffi != "2110" {
        return Err(ctx.err(1, format!("file format index {ffi} not supported (1001 and 2110 are)")));
    }
    let mut attrs: Vec<(String, AttrValue)> = Vec::new();
    for key in ["PI", "institution", "source", "mission"] {
        let (_, l) = h.next(key)?;
        attrs.push((key.into(), l.trim().into()));
    }
    let (_, vol) = h.next("volume")?;
    attrs.push(("volume".into(), vol.trim().into()));
    let dates = h.nums(6, "dates")?;
    let t0 = civil_ns(dates[0] as i64, dates[1] as i64, dates[2] as i64, 0, 0, 0.0)
        .ok_or_else(|| ctx.err(7, "invalid date of data collection"))?;
    attrs.push((
        "revision_date".into(),
        format!("{:04}-{:02}-{:02}", dates[3] as i64, dates[4] as i64, dates[5] as i64).into(),
    ));
    let (_, interval) = h.next("data interval")?;
    attrs.push(("data_interval".into(), interval.trim().into()));
    let bounded = if ffi == "2110" {
        let (_, l) = h.next("bounded independent variable")?;
        let f: Vec<&str> = l.split(',').map(str::trim).collect();
        Some(VarInfo {
            name: f[0].to_string(),
            units: f.get(1).map_or("", |u| u).to_string(),
            long_name: None,
            scale: 1.0,
            missing: f64::NAN,
        })
    } else {
        None
    };
    let (_, indep) = h.next("independent variable")?;
    let indep_name = fields(indep).first().map_or("Time_Start", |s| s).to_string();
    let nv = h.count("number of variables")?;
    let vars = h.var_infos(nv, true)?;
    let aux = if ffi == "2110" {
        let na = h.count("number of auxiliary variables")?;
        if na == 0 {
            return Err(ctx.err(
                h.pos,
                "FFI 2110 needs at least one auxiliary variable (the number of bounded points)",
            ));
        }
        h.var_infos(na, true)?
    } else {
        Vec::new()
    };
    let ns = h.count("number of special comment lines")?;
    for _ in 0..ns {
        h.next("a special comment line")?;
    }
    let nn = h.count("number of normal comment lines")?;
    let mut flags = Vec::new();
    for _ in 0..nn {
        let (_, l) = h.next("a normal comment line")?;
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim(), v.trim());
            if k.is_empty() || k.contains(' ') {
                continue;
            }
            match k {
                "ULOD_FLAG" | "LLOD_FLAG" => {
                    if let Ok(x) = v.parse::<f64>() {
                        flags.push((k.to_ascii_lowercase(), AttrValue::from(x)));
                    }
                }
                _ => attrs.push((k.to_string(), v.into())),
            }
        }
    }
    if h.pos as i64 != n_header {
        return Err(ctx.err(
            1,
            format!("line 1 announces {n_header} header lines, the header has {}", h.pos),
        ));
    }
    attrs.push(("format_index".into(), ffi.as_str().into()));

    // Data section.
    let rows: Vec<(usize, Vec<&str>)> = h
        .lines
        .iter()
        .enumerate()
        .skip(h.pos)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
        .collect();
    let mut ds = Dataset::new();
    let ins = |ds: &mut Dataset, n: &str, v: Variable| ds.insert(n, v).map(|_| ()).map_err(|e| ctx.ds(e));
    let time_of = |ln: usize, tok: &str| -> Result<i64> {
        let s = ctx.f64(ln, tok, &indep_name)?;
        if !(s.is_finite() && s.abs() < 1e9) {
            return Err(ctx.err(ln, format!("{indep_name} {s} out of range")));
        }
        t0.checked_add((s * 1e9).round() as i64)
            .ok_or_else(|| ctx.err(ln, format!("{indep_name} {s} out of range")))
    };
    if let Some(bounded) = bounded {
        let mut time = Vec::new();
        let mut aux_vals: Vec<Vec<f64>> = vec![Vec::new(); aux.len()];
        let mut blocks: Vec<Vec<Vec<f64>>> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let (ln, r) = &rows[i];
            if r.len() != 1 + aux.len() {
                return Err(ctx.err(
                    *ln,
                    format!("record line has {} fields, expected {}", r.len(), 1 + aux.len()),
                ));
            }
            time.push(time_of(*ln, r[0])?);
            for (k, a) in aux.iter().enumerate() {
                aux_vals[k].push(ctx.f64(*ln, r[1 + k], &a.name)?);
            }
            let n = aux_vals[0].last().copied().unwrap_or(0.0);
            if !(0.0..=100_000.0).contains(&n) || n.fract() != 0.0 {
                return Err(ctx.err(*ln, format!("number of bounded points {n} is not a count")));
            }
            let mut block = Vec::new();
            for _ in 0..n as usize {
                i += 1;
                let (ln, r) = rows.get(i).ok_or_else(|| ctx.err(*ln, "file ends inside a record"))?;
                if r.len() != 1 + vars.len() {
                    return Err(ctx.err(*ln, format!("{} fields, expected {}", r.len(), 1 + vars.len())));
                }
                let vals: Result<Vec<f64>> = r
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        let name = if k == 0 { &bounded.name } else { &vars[k - 1].name };
                        ctx.f64(*ln, t, name)
                    })
                    .collect();
                block.push(vals?);
            }
            blocks.push(block);
            i += 1;
        }
        let nt = time.len();
        let nb = blocks.iter().map(Vec::len).max().unwrap_or(0);
        let dim = format!("{}_index", bounded.name);
        ins(&mut ds, "time", Variable::time("time", time))?;
        for (k, a) in aux.iter().enumerate() {
            let v: Vec<f64> = aux_vals[k].iter().map(|&x| decode(x, a)).collect();
            ins(
                &mut ds,
                &a.name,
                var_attrs(Variable::new(["time"], v).expect("1-D"), a, &[]),
            )?;
        }
        for k in 0..=vars.len() {
            let mut arr = Array2::from_elem((nt, nb), f64::NAN);
            for (t, block) in blocks.iter().enumerate() {
                for (j, row) in block.iter().enumerate() {
                    arr[[t, j]] = if k == 0 { row[0] } else { decode(row[k], &vars[k - 1]) };
                }
            }
            let v = Variable::new(["time", dim.as_str()], arr.into_dyn()).map_err(|e| ctx.ds(e))?;
            if k == 0 {
                ins(&mut ds, &bounded.name, v.with_attr("units", bounded.units.as_str()))?;
            } else {
                ins(&mut ds, &vars[k - 1].name, var_attrs(v, &vars[k - 1], &flags))?;
            }
        }
    } else {
        let mut time = Vec::with_capacity(rows.len());
        let mut cols: Vec<Vec<f64>> = vec![Vec::with_capacity(rows.len()); vars.len()];
        for (ln, r) in &rows {
            if r.len() != 1 + vars.len() {
                return Err(ctx.err(*ln, format!("{} fields, expected {}", r.len(), 1 + vars.len())));
            }
            time.push(time_of(*ln, r[0])?);
            for (k, info) in vars.iter().enumerate() {
                cols[k].push(decode(ctx.f64(*ln, r[1 + k], &info.name)?, info));
            }
        }
        ins(&mut ds, "time", Variable::time("time", time))?;
        for (info, col) in vars.iter().zip(cols) {
            ins(
                &mut ds,
                &info.name,
                var_attrs(Variable::new(["time"], col).expect("1-D"), info, &flags),
            )?;
        }
    }
    for (k, v) in attrs {
        ds.attrs_mut().insert(k, v);
    }
    crate::util::require_values(path, ds)
}
