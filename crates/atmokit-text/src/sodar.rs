//! Scintec MFAS flat-array sodar `.mnd` files: ACT's `act.io.sodar.read_mfas_sodar`.
//!
//! Layout (Scintec "FORMAT-1"): line 1 the format, line 2 the file time, line 3 the instrument
//! type, line 4 `<n_comment_lines> <n_variables> <n_heights>`; a metadata block of `#` sections
//! with `key : value` file information and the variable definitions
//! `name # symbol # unit # type # error mask # fill`; then, per time stamp, a line
//! `YYYY-MM-DD hh:mm:ss hh:mm:ss` (end of the averaging interval and its length), a `#` column
//! header and one row per height.
//!
//! Output: dims (time, height); `height` (m) from the `z` column; every other column a float64
//! (time, height) variable with attrs `variable_name, symbol, units, type, error_mask,
//! _FillValue` and its fill code turned into NaN; `error` (the error-code column) and `PGz`
//! (Pasquill–Gifford class) are int64. Global attrs: the file-information keys (numbers parsed),
//! `format`, `instrument_type`.
//!
//! Difference from ACT: ACT turns the PGz fill code 99 into 0, which reads as a class; atmokit
//! keeps 99 with `_FillValue = 99`. [`SodarOptions::act_compat`] writes 0 as ACT does.

use crate::error::Result;
use crate::util::{Ctx, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use ndarray::Array2;
use std::path::Path;

struct VarDef {
    name: String,
    symbol: String,
    units: String,
    kind: String,
    mask: String,
    fill: Option<f64>,
}

fn parse_time(ctx: &Ctx<'_>, ln: usize, date: &str, clock: &str) -> Result<i64> {
    crate::util::parse_datetime(&format!("{date} {clock}")).map_err(|e| ctx.err(ln, format!("time stamp: {e}")))
}

/// Options of [`read_mfas_sodar_with`].
#[derive(Debug, Clone, Default)]
pub struct SodarOptions {
    /// Reproduce ACT 2.3.4: the `PGz` fill code 99 becomes 0 (which reads as a stability class;
    /// `_FillValue` stays 99). Default off: 99 is kept.
    pub act_compat: bool,
}

/// Read an MFAS `.mnd` file (default [`SodarOptions`]).
pub fn read_mfas_sodar(path: &Path) -> Result<Dataset> {
    read_mfas_sodar_with(path, &SodarOptions::default())
}

/// Read an MFAS `.mnd` file with `opts`.
pub fn read_mfas_sodar_with(path: &Path, opts: &SodarOptions) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let lines: Vec<&str> = text.lines().collect();
    let get = |i: usize| {
        lines
            .get(i)
            .copied()
            .ok_or_else(|| ctx.err(i + 1, "file ends inside the header"))
    };
    let format = get(0)?.trim().to_string();
    let instrument = get(2)?.trim().to_string();
    let counts = split_ws(get(3)?);
    let n_vars = ctx.i64(4, ctx.tok(4, &counts, 1, "number of variables")?, "number of variables")?;
    let n_heights = ctx.i64(4, ctx.tok(4, &counts, 2, "number of heights")?, "number of heights")?;
    let (n_vars, n_heights) = (
        usize::try_from(n_vars).unwrap_or(0),
        usize::try_from(n_heights).unwrap_or(0),
    );
    if n_vars == 0 || n_heights == 0 {
        return Err(ctx.err(4, "number of variables and of heights must be positive"));
    }
    let mut attrs: Vec<(String, AttrValue)> = Vec::new();
    let mut defs: Vec<VarDef> = Vec::new();
    let mut section = String::new();
    let mut i = 4;
    while i < lines.len() {
        let l = lines[i].trim();
        if l.starts_with('#') {
            let title = l.trim_start_matches('#').trim();
            if !title.is_empty() {
                section = title.to_string();
            }
            if section == "beginning of data block" {
                i += 1;
                break;
            }
        } else if !l.is_empty() {
            if section == "file information" {
                if let Some((k, v)) = l.split_once(" : ").or_else(|| l.split_once(':')) {
                    let v = v.trim();
                    let val = v.parse::<f64>().map_or_else(|_| AttrValue::from(v), AttrValue::from);
                    attrs.push((k.trim().to_string(), val));
                }
            } else if section == "variable definitions" {
                let p: Vec<&str> = l.split('#').map(str::trim).collect();
                if p.len() < 5 {
                    return Err(ctx.err(
                        i + 1,
                        format!("variable definition has {} '#'-fields, expected 5 or 6", p.len()),
                    ));
                }
                defs.push(VarDef {
                    name: p[0].to_string(),
                    symbol: p[1].to_string(),
                    units: p[2].to_string(),
                    kind: p[3].to_string(),
                    mask: p[4].to_string(),
                    fill: p.get(5).and_then(|f| f.parse::<f64>().ok()),
                });
            }
        }
        i += 1;
    }
    // The count on line 4 leaves out the height column.
    if defs.len() != n_vars + 1 {
        return Err(ctx.err(
            4,
            format!(
                "header announces {n_vars} variables besides height, {} defined",
                defs.len()
            ),
        ));
    }
    let n_vars = defs.len();
    // Data blocks.
    let mut time = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    let mut heights: Vec<f64> = Vec::new();
    while i < lines.len() {
        let l = lines[i].trim();
        if l.is_empty() || l.starts_with('#') {
            i += 1;
            continue;
        }
        let t = split_ws(l);
        if t.len() < 2 {
            return Err(ctx.err(i + 1, "expected a time stamp 'YYYY-MM-DD hh:mm:ss ...'"));
        }
        time.push(parse_time(&ctx, i + 1, t[0], t[1])?);
        i += 1;
        let mut row = 0;
        while row < n_heights {
            let l = lines
                .get(i)
                .map(|l| l.trim())
                .ok_or_else(|| ctx.err(i + 1, "file ends inside a data block"))?;
            i += 1;
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let t = split_ws(l);
            if t.len() != n_vars {
                return Err(ctx.err(i, format!("{} fields, expected {n_vars}", t.len())));
            }
            for (k, tok) in t.iter().enumerate() {
                let v = ctx.f64(i, tok, &defs[k].symbol)?;
                if k == 0 && time.len() == 1 {
                    heights.push(v);
                }
                values.push(v);
            }
            row += 1;
        }
    }
    let nt = time.len();
    let all = Array2::from_shape_vec((nt * n_heights, n_vars), values).map_err(|e| ctx.err(0, e.to_string()))?;
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    let hz = &defs[0];
    let hv = Variable::new(["height"], heights)
        .map_err(|e| ctx.ds(e))?
        .with_attr("variable_name", hz.name.as_str())
        .with_attr("symbol", hz.symbol.as_str())
        .with_attr("units", hz.units.as_str());
    ds.insert("height", hv).map_err(|e| ctx.ds(e))?;
    for (k, d) in defs.iter().enumerate().skip(1) {
        let col = all.column(k);
        let name = if d.kind == "E" {
            "error".to_string()
        } else {
            d.symbol.clone()
        };
        let var = if d.kind == "E" {
            let a = col
                .mapv(|v| v as i64)
                .into_shape_with_order((nt, n_heights))
                .map_err(|e| ctx.err(0, e.to_string()))?;
            Variable::new(["time", "height"], a.into_dyn()).map_err(|e| ctx.ds(e))?
        } else {
            let v = if d.symbol == "PGz" {
                // ACT 2.3.4 replaces the literal 99 (not the declared fill) by 0.
                let a = col
                    .mapv(|v| if opts.act_compat && v == 99.0 { 0 } else { v as i64 })
                    .into_shape_with_order((nt, n_heights))
                    .map_err(|e| ctx.err(0, e.to_string()))?;
                Variable::new(["time", "height"], a.into_dyn())
                    .map_err(|e| ctx.ds(e))?
                    .with_attr("_FillValue", d.fill.map_or(99, |f| f as i64))
            } else {
                let a = col
                    .mapv(|v| if d.fill.is_some_and(|f| v == f) { f64::NAN } else { v })
                    .into_shape_with_order((nt, n_heights))
                    .map_err(|e| ctx.err(0, e.to_string()))?;
                Variable::new(["time", "height"], a.into_dyn())
                    .map_err(|e| ctx.ds(e))?
                    .with_attr("_FillValue", d.fill.unwrap_or(f64::NAN))
            };
            let mut v = v;
            let fill = v.attrs_mut().shift_remove("_FillValue");
            v = v
                .with_attr("variable_name", d.name.as_str())
                .with_attr("symbol", d.symbol.as_str())
                .with_attr("units", d.units.as_str())
                .with_attr("type", d.kind.as_str())
                .with_attr("error_mask", d.mask.as_str());
            if let Some(f) = fill {
                v = v.with_attr("_FillValue", f);
            }
            v
        };
        ds.insert(&name, var).map_err(|e| ctx.ds(e))?;
    }
    for (k, v) in attrs {
        ds.attrs_mut().insert(k, v);
    }
    ds.attrs_mut().insert("format".into(), format.into());
    ds.attrs_mut().insert("instrument_type".into(), instrument.into());
    crate::util::require_values(path, ds)
}
