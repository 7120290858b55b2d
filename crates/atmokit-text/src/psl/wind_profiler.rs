//! PSL 915/449 MHz wind profiler winds (`.NNw`) and RASS virtual temperature (`.NNt`) files.
//!
//! A file is a sequence of sections, each ending with a `$` line. A section has a 10-line header
//! (site; data type and revision; latitude, longitude, elevation; `yy mm dd hh mm ss offset`;
//! consensus averaging time, number of beams, number of range gates; per-beam consensus
//! summaries; the pulse parameters; the gate parameters; beam azimuth/elevation pairs), the
//! column names, then one row per gate. 999999 marks a missing value (→ NaN).
//!
//! Winds alternate between two operating modes (short and long pulse) with different gates;
//! [`read_psl_wind_profiler`] returns one Dataset per mode, in order of first appearance
//! (ACT returns the pair `(mode_one, mode_two)` of odd and even sections, which mixes modes in a
//! file of three: [`WindProfilerOptions::act_compat`]). Repeated column names get the suffixes
//! 1, 2, 3 (winds: RAD1..3) or `_<first three column names>` (RASS: CNT_T, CNT_Tc, CNT_W).

use crate::error::Result;
use crate::util::{Ctx, read_text, split_ws};
use atmokit_core::{AttrValue, Dataset, Variable};
use ndarray::Array2;
use std::path::Path;

const MISSING: f64 = 999_999.0;

struct Section {
    line: usize,
    header: Vec<Vec<String>>,
    time: i64,
    columns: Vec<String>,
    rows: Vec<Vec<f64>>,
}

fn parse_sections(ctx: &Ctx<'_>, text: &str) -> Result<Vec<Section>> {
    let mut out = Vec::new();
    let mut cur: Vec<(usize, &str)> = Vec::new();
    let mut flush = |cur: &mut Vec<(usize, &str)>| -> Result<()> {
        let lines: Vec<(usize, &str)> = std::mem::take(cur)
            .into_iter()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        if lines.is_empty() {
            return Ok(());
        }
        let first = lines[0].0;
        if lines.len() < 10 {
            return Err(ctx.err(
                first,
                format!("section has {} lines, expected at least 10", lines.len()),
            ));
        }
        let header: Vec<Vec<String>> = lines[..9]
            .iter()
            .map(|(_, l)| split_ws(l).into_iter().map(str::to_string).collect())
            .collect();
        let (dl, _) = lines[3];
        let d = &header[3];
        if d.len() < 6 {
            return Err(ctx.err(dl, "date line needs 'yy mm dd hh mm ss'"));
        }
        let g = |k: usize, w: &str| ctx.i64(dl, &d[k], w);
        let time = ctx.civil(
            dl,
            2000 + g(0, "year")?,
            g(1, "month")?,
            g(2, "day")?,
            g(3, "hour")?,
            g(4, "minute")?,
            g(5, "second")? as f64,
        )?;
        let (cl, cols) = lines[9];
        let columns = rename(&split_ws(cols));
        if columns.first().map(String::as_str) != Some("HT") {
            return Err(ctx.err(cl, "expected the column header starting with 'HT'"));
        }
        let mut rows = Vec::new();
        for (ln, l) in &lines[10..] {
            let t = split_ws(l);
            if t.len() != columns.len() {
                return Err(ctx.err(*ln, format!("{} fields, expected {}", t.len(), columns.len())));
            }
            let row: Result<Vec<f64>> = t
                .iter()
                .zip(&columns)
                .map(|(tok, c)| ctx.f64(*ln, tok, c).map(|v| if v == MISSING { f64::NAN } else { v }))
                .collect();
            rows.push(row?);
        }
        out.push(Section {
            line: first,
            header,
            time,
            columns,
            rows,
        });
        Ok(())
    };
    for (i, l) in text.lines().enumerate() {
        if l.trim() == "$" {
            flush(&mut cur)?;
        } else {
            cur.push((i + 1, l));
        }
    }
    flush(&mut cur)?;
    if out.is_empty() {
        return Err(ctx.err(0, "no data section"));
    }
    Ok(out)
}

/// Give repeated column names distinct suffixes (see the module docs).
fn rename(cols: &[&str]) -> Vec<String> {
    let rass = cols.get(1) == Some(&"T");
    let mut out = Vec::with_capacity(cols.len());
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in cols {
        let n = cols.iter().filter(|x| *x == c).count();
        if n == 1 {
            out.push(c.to_string());
            continue;
        }
        let k = seen.entry(c).or_insert(0);
        *k += 1;
        if rass && *c != "QC" {
            out.push(format!("{c}_{}", cols.get(*k).unwrap_or(&"")));
        } else {
            out.push(format!("{c}{k}"));
        }
    }
    out
}

fn num(ctx: &Ctx<'_>, s: &Section, row: usize, col: usize, what: &str) -> Result<f64> {
    let tok = s
        .header
        .get(row)
        .and_then(|r| r.get(col))
        .ok_or_else(|| ctx.err(s.line + row, format!("missing '{what}'")))?;
    ctx.f64(s.line + row, tok, what)
}

fn int(ctx: &Ctx<'_>, s: &Section, row: usize, col: usize, what: &str) -> Result<AttrValue> {
    Ok(AttrValue::I64(vec![num(ctx, s, row, col, what)? as i64]))
}

fn common_attrs(ctx: &Ctx<'_>, s: &Section) -> Result<Vec<(String, AttrValue)>> {
    let site = s.header[0].first().cloned().unwrap_or_default();
    Ok(vec![
        ("site_identifier".into(), site.clone().into()),
        (
            "data_type".into(),
            s.header[1].first().cloned().unwrap_or_default().into(),
        ),
        ("latitude".into(), num(ctx, s, 2, 0, "latitude")?.into()),
        ("longitude".into(), num(ctx, s, 2, 1, "longitude")?.into()),
        ("elevation".into(), num(ctx, s, 2, 2, "elevation")?.into()),
    ])
}

fn description(site: &str) -> AttrValue {
    AttrValue::Str(format!(
        "https://psl.noaa.gov/data/obs/data/view_data_type_info.php?SiteID={}&DataOperationalID=5855&OperationalID=2371",
        site.to_ascii_lowercase()
    ))
}

/// The heights of a mode: the first section's, or with `union` the sorted union of every
/// section's heights (xarray's outer join, as ACT's `xr.concat` of mismatched sections gives).
fn mode_heights(sections: &[&Section], union: bool) -> Vec<f64> {
    let first: Vec<f64> = sections[0].rows.iter().map(|r| r[0]).collect();
    if !union {
        return first;
    }
    let mut all: Vec<f64> = sections.iter().flat_map(|s| s.rows.iter().map(|r| r[0])).collect();
    all.sort_by(f64::total_cmp);
    all.dedup_by(|a, b| a.total_cmp(b).is_eq());
    all
}

/// One Dataset from the sections of a mode. With `union` (ACT's pairing of sections by
/// position), sections may differ in their heights: the heights are the union and a section's
/// missing heights are NaN; without it every section must have the first one's gates.
fn build(
    ctx: &Ctx<'_>,
    sections: &[&Section],
    attrs: Vec<(String, AttrValue)>,
    var_attrs: &[(&str, &str, &str)],
    union: bool,
) -> Result<Dataset> {
    let s0 = sections[0];
    let n_t = sections.len();
    let mut ds = Dataset::new();
    ds.insert(
        "time",
        Variable::time("time", sections.iter().map(|s| s.time).collect()),
    )
    .map_err(|e| ctx.ds(e))?;
    let ht = mode_heights(sections, union);
    let n_ht = ht.len();
    ds.insert(
        "HT",
        Variable::new(["HT"], ht.clone())
            .map_err(|e| ctx.ds(e))?
            .with_attr("units", "km")
            .with_attr("long_name", "height above ground"),
    )
    .map_err(|e| ctx.ds(e))?;
    for s in sections {
        if (!union && s.rows.len() != n_ht) || s.columns != s0.columns {
            return Err(ctx.err(
                s.line,
                format!(
                    "section has {} gates / other columns than the first of its mode ({n_ht})",
                    s.rows.len()
                ),
            ));
        }
    }
    // Each section's row of each gate in `ht` (the identity unless `union`).
    let slots: Vec<Vec<usize>> = sections
        .iter()
        .map(|s| {
            s.rows
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    if union {
                        ht.binary_search_by(|h| h.total_cmp(&r[0])).unwrap_or(j)
                    } else {
                        j
                    }
                })
                .collect()
        })
        .collect();
    for (k, name) in s0.columns.iter().enumerate().skip(1) {
        let mut a = Array2::<f64>::from_elem((n_t, n_ht), f64::NAN);
        for (i, s) in sections.iter().enumerate() {
            for (r, &j) in s.rows.iter().zip(&slots[i]) {
                a[[i, j]] = r[k];
            }
        }
        let mut v = Variable::new(["time", "HT"], a.into_dyn()).map_err(|e| ctx.ds(e))?;
        if let Some((_, long, units)) = var_attrs.iter().find(|(n, _, _)| n == name) {
            v = v.with_attr("long_name", *long).with_attr("units", *units);
        }
        ds.insert(name, v).map_err(|e| ctx.ds(e))?;
    }
    for (k, v) in attrs {
        ds.attrs_mut().insert(k, v);
    }
    Ok(ds)
}

/// Options of [`read_psl_wind_profiler_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindProfilerOptions {
    /// Pair the sections as ACT 2.3.4 does: exactly two Datasets, the 1st, 3rd, 5th, …
    /// section and the 2nd, 4th, … whatever their gates (a file of three modes mixes them;
    /// heights that differ within a Dataset are joined, missing ones NaN; a file of one
    /// section is an error, where ACT fails concatenating nothing). Default: one Dataset per
    /// gate configuration.
    pub act_compat: bool,
}

/// Read a PSL wind profiler winds file; one Dataset per operating mode (order of appearance).
///
/// ```no_run
/// use atmokit_text::psl::wind_profiler::read_psl_wind_profiler;
/// let modes = read_psl_wind_profiler(std::path::Path::new("ctd21125.15w"))?;
/// for m in &modes {
///     println!("{} gates from {} km", m.get("HT")?.len(), m.values_f64("HT")?[0]);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_psl_wind_profiler(path: &Path) -> Result<Vec<Dataset>> {
    read_psl_wind_profiler_with(path, &WindProfilerOptions::default())
}

/// [`read_psl_wind_profiler`] with options: [`WindProfilerOptions::act_compat`] returns ACT's
/// pair of Datasets.
pub fn read_psl_wind_profiler_with(path: &Path, o: &WindProfilerOptions) -> Result<Vec<Dataset>> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let sections = parse_sections(&ctx, &text)?;
    let groups: Vec<Vec<&Section>> = if o.act_compat {
        if sections.len() < 2 {
            return Err(ctx.err(
                1,
                format!(
                    "ACT's pair of modes needs at least two sections, the file has {}",
                    sections.len()
                ),
            ));
        }
        (0..2).map(|p| sections.iter().skip(p).step_by(2).collect()).collect()
    } else {
        // Group by gate configuration (line 8 of the header).
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut groups: Vec<Vec<&Section>> = Vec::new();
        for s in &sections {
            let key = s.header[7].clone();
            match keys.iter().position(|k| *k == key) {
                Some(i) => groups[i].push(s),
                None => {
                    keys.push(key);
                    groups.push(vec![s]);
                }
            }
        }
        groups
    };
    let mut out = Vec::new();
    for g in groups {
        let s = g[0];
        let mut a = common_attrs(&ctx, s)?;
        let beams = &s.header[8];
        let pair = |i: usize| -> Result<(f32, f32)> {
            let az = beams
                .get(2 * i)
                .ok_or_else(|| ctx.err(s.line + 8, "missing beam azimuth"))?;
            let el = beams
                .get(2 * i + 1)
                .ok_or_else(|| ctx.err(s.line + 8, "missing beam elevation"))?;
            Ok((
                ctx.f64(s.line + 8, az, "beam azimuth")? as f32,
                ctx.f64(s.line + 8, el, "beam elevation")? as f32,
            ))
        };
        let n_beams = num(&ctx, s, 4, 1, "number of beams")? as usize;
        let pairs: Result<Vec<(f32, f32)>> = (0..n_beams.min(beams.len() / 2)).map(pair).collect();
        let pairs = pairs?;
        let site = s.header[0].first().cloned().unwrap_or_default();
        a.push((
            "beam_elevation".into(),
            AttrValue::F32(pairs.iter().map(|p| p.1).collect()),
        ));
        a.push((
            "beam_azimuth".into(),
            AttrValue::F32(pairs.iter().map(|p| p.0).collect()),
        ));
        a.push((
            "revision_number".into(),
            s.header[1].last().cloned().unwrap_or_default().into(),
        ));
        a.push(("data_description".into(), description(&site)));
        a.push((
            "consensus_average_time".into(),
            int(&ctx, s, 4, 0, "consensus average time")?,
        ));
        a.push((
            "oblique-beam_vertical_correction".into(),
            int(&ctx, s, 7, 2, "oblique-beam vertical correction")?,
        ));
        a.push(("number_of_beams".into(), int(&ctx, s, 4, 1, "number of beams")?));
        a.push((
            "number_of_range_gates".into(),
            int(&ctx, s, 4, 2, "number of range gates")?,
        ));
        let ov = [
            ("number_of_gates", 7, 5),
            ("number_spectral_averages", 6, 2),
            ("pulse_width", 6, 4),
            ("inner_pulse_period", 6, 6),
            ("full_scale_doppler_value", 7, 0),
            ("delay_to_first_gate", 7, 3),
            ("spacing_of_gates", 7, 7),
        ];
        for (name, row, col) in ov {
            for (k, suffix) in ["oblique", "vertical"].iter().enumerate() {
                let v = num(&ctx, s, row, col + k, name)?;
                let v = if name == "full_scale_doppler_value" {
                    AttrValue::from(v)
                } else {
                    AttrValue::I64(vec![v as i64])
                };
                a.push((format!("{name}_{suffix}"), v));
            }
        }
        out.push(build(&ctx, &g, a, &[], o.act_compat)?);
    }
    Ok(out)
}

/// Read a PSL RASS temperature file (one mode) into one Dataset.
pub fn read_psl_wind_profiler_temperature(path: &Path) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    let text = read_text(path)?;
    let sections = parse_sections(&ctx, &text)?;
    let s = &sections[0];
    let site = s.header[0].first().cloned().unwrap_or_default();
    let mut a = common_attrs(&ctx, s)?;
    a.push(("beam_elevation".into(), num(&ctx, s, 8, 1, "beam elevation")?.into()));
    a.push(("beam_azimuth".into(), num(&ctx, s, 8, 0, "beam azimuth")?.into()));
    a.push((
        "revision_number".into(),
        s.header[1].last().cloned().unwrap_or_default().into(),
    ));
    a.push(("data_description".into(), description(&site)));
    a.push((
        "consensus_average_time".into(),
        int(&ctx, s, 4, 0, "consensus average time")?,
    ));
    a.push(("number_of_beams".into(), int(&ctx, s, 4, 1, "number of beams")?));
    a.push(("number_of_gates".into(), int(&ctx, s, 7, 2, "number of gates")?));
    a.push((
        "number_of_range_gates".into(),
        int(&ctx, s, 4, 2, "number of range gates")?,
    ));
    a.push((
        "number_spectral_averages".into(),
        int(&ctx, s, 6, 1, "number of spectral averages")?,
    ));
    a.push(("pulse_width".into(), int(&ctx, s, 6, 2, "pulse width")?));
    a.push(("inner_pulse_period".into(), int(&ctx, s, 6, 3, "inner pulse period")?));
    a.push((
        "full_scale_doppler_value".into(),
        num(&ctx, s, 7, 0, "full-scale Doppler value")?.into(),
    ));
    a.push((
        "spacing_of_gates".into(),
        num(&ctx, s, 7, 3, "spacing of gates")?.into(),
    ));
    let all: Vec<&Section> = sections.iter().collect();
    build(
        &ctx,
        &all,
        a,
        &[
            ("T", "average_uncorrected_RASS_temperature", "degC"),
            ("Tc", "average_corrected_RASS_temperature", "degC"),
            ("W", "average_vertical_wind", "m/s"),
        ],
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_columns_get_suffixes() {
        let w = rename(&["HT", "SPD", "RAD", "RAD", "QC", "QC"]);
        assert_eq!(w, ["HT", "SPD", "RAD1", "RAD2", "QC1", "QC2"]);
        let t = rename(&["HT", "T", "Tc", "W", "CNT", "CNT", "CNT"]);
        assert_eq!(t, ["HT", "T", "Tc", "W", "CNT_T", "CNT_Tc", "CNT_W"]);
    }
}
