//! GML halocarbon files (`brw_CCl4_Day.dat`, CATS / RITS / flask programmes): ACT's
//! `read_gml_halo`.
//!
//! `#` comment lines, then a header naming the columns `<gas><programme><STN><field>` with
//! field `yr`, `mon`, `day`, optional `hour`/`hr` and `min`, `m` (median), `msd`/`sd` (standard
//! deviation) and `n` (number of samples). Output: `<gas>` and `<gas>_std_dev` (float32, ppt),
//! `number_of_samples` (int16); `CH3CCl3` / `MC` are named `methyl_chloroform`.

use crate::error::Result;
use crate::util::{Ctx, add_file_attrs, read_text, split_ws};
use atmokit_core::{Dataset, Variable};
use std::path::Path;

/// The field of a header name after the gas/programme/station prefix, and the gas.
fn split_name(name: &str) -> (String, String) {
    let lower = name.to_ascii_lowercase();
    for prog in ["cats", "rits", "otto", "flask", "pr1"] {
        if let Some(pos) = lower.find(prog).filter(|&p| p > 0) {
            let gas = &name[..pos];
            // station code: three upper-case letters after the programme
            let rest = &name[pos + prog.len()..];
            let field = rest.get(3..).filter(|f| !f.is_empty()).unwrap_or(rest);
            return (gas.to_string(), field.to_string());
        }
    }
    (String::new(), name.to_string())
}

fn gas_info(gas: &str) -> (String, String) {
    match gas.to_ascii_lowercase().as_str() {
        "ccl4" => ("CCl4".into(), "Carbon Tetrachloride (CCl4)".into()),
        "mc" | "ch3ccl3" => ("methyl_chloroform".into(), "Methyl Chloroform (CH3CCl3)".into()),
        _ => (gas.to_string(), gas.to_string()),
    }
}

/// Read a GML halocarbon file.
pub fn read_gml_halo(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut rows: Vec<(usize, Vec<&str>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if header.is_none() {
            header = Some((i + 1, split_ws(t).into_iter().map(str::to_string).collect()));
        } else {
            rows.push((i + 1, split_ws(t)));
        }
    }
    let (hl, names) = header.ok_or_else(|| ctx.err(0, "no column header line"))?;
    let fields: Vec<(String, String)> = names.iter().map(|n| split_name(n)).collect();
    let find = |keys: &[&str]| {
        fields
            .iter()
            .position(|(_, f)| keys.iter().any(|k| f.eq_ignore_ascii_case(k)))
    };
    let iy = find(&["yr", "year"]).ok_or_else(|| ctx.err(hl, "no year column"))?;
    let imo = find(&["mon", "month"]).ok_or_else(|| ctx.err(hl, "no month column"))?;
    let id = find(&["day"]);
    let ih = find(&["hour", "hr"]);
    let imi = find(&["min"]);
    let im = find(&["m", "median", "mean"]).ok_or_else(|| ctx.err(hl, "no median ('m') column"))?;
    let isd = find(&["msd", "sd"]);
    let inn = find(&["n"]);
    let (gas, long) = gas_info(&fields[im].0);
    let period = if crate::util::file_name(path).contains("Day") {
        "daily median"
    } else {
        "median"
    };

    let mut time = Vec::new();
    let (mut med, mut sd, mut n): (Vec<f32>, Vec<f32>, Vec<i16>) = (Vec::new(), Vec::new(), Vec::new());
    for (ln, t) in &rows {
        let ln = *ln;
        if t.len() != names.len() {
            return Err(ctx.err(ln, format!("{} fields, expected {}", t.len(), names.len())));
        }
        let int = |k: Option<usize>, w: &str| k.map_or(Ok(0), |k| ctx.i64(ln, t[k], w));
        let d = match id {
            Some(k) => ctx.i64(ln, t[k], "day")?,
            None => 1,
        };
        time.push(ctx.civil(
            ln,
            int(Some(iy), "year")?,
            int(Some(imo), "month")?,
            d,
            int(ih, "hour")?,
            int(imi, "minute")?,
            0.0,
        )?);
        let f = |k: usize, w: &str| -> Result<f32> {
            t[k].parse::<f32>()
                .map_err(|_| ctx.err(ln, format!("field '{w}': '{}' is not a number", t[k])))
        };
        med.push(f(im, &names[im])?);
        if let Some(k) = isd {
            sd.push(f(k, &names[k])?);
        }
        if let Some(k) = inn {
            let v = ctx.i64(ln, t[k], &names[k])?;
            n.push(i16::try_from(v).map_err(|_| ctx.err(ln, format!("field '{}': {v} out of int16 range", names[k])))?);
        }
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    let v = Variable::new(["time"], med)
        .map_err(|e| ctx.ds(e))?
        .with_attr("long_name", format!("{long} {period}"))
        .with_attr("units", "ppt")
        .with_attr("_FillValue", f32::NAN);
    ds.insert(&gas, v).map_err(|e| ctx.ds(e))?;
    if isd.is_some() {
        let v = Variable::new(["time"], sd)
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", format!("{long} standard deviation"))
            .with_attr("units", "ppt")
            .with_attr("_FillValue", f32::NAN);
        ds.insert(&format!("{gas}_std_dev"), v).map_err(|e| ctx.ds(e))?;
    }
    if inn.is_some() {
        let v = Variable::new(["time"], n)
            .map_err(|e| ctx.ds(e))?
            .with_attr("long_name", "Number of samples")
            .with_attr("units", "count");
        ds.insert("number_of_samples", v).map_err(|e| ctx.ds(e))?;
    }
    add_file_attrs(&mut ds, path);
    crate::util::require_values(path, ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_split() {
        assert_eq!(split_name("CCl4catsBRWmsd"), ("CCl4".to_string(), "msd".to_string()));
        assert_eq!(split_name("CCl4catsBRWyr"), ("CCl4".to_string(), "yr".to_string()));
        assert_eq!(split_name("MCcatsSPOn"), ("MC".to_string(), "n".to_string()));
    }
}
