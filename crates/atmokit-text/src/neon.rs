//! NEON (National Ecological Observatory Network) instrument CSV files, with the optional
//! variables and sensor-positions files of the same download: ACT's
//! `act.io.neon.read_neon_csv(files, variable_files=None, position_files=None)`.
//!
//! Data files are named `NEON.<domain>.<SITE>.<product>.<revision>.<HOR>.<VER>.<TMI>.<desc>_<avg>.
//! <YYYY-MM>.<package>[.<time>].csv` (NEON file-naming convention); their columns include
//! `startDateTime` (ISO 8601, UTC), `endDateTime` and the measurements. The variables file maps
//! `fieldName` of a `table` (the data file's `<desc>_<avg>`, e.g. `SAAT_1min`) → `description`,
//! `units`, `pubFormat`; the positions file gives, per `HOR.VER`, the sensor's `xOffset`,
//! `yOffset`, `zOffset`, `eastOffset`, `northOffset`, `pitch`, `roll`, `azimuth`, `xAzimuth`,
//! `yAzimuth` and the reference latitude / longitude / elevation (`referenceLatitude` …, or
//! `locationReferenceLatitude` … in NEON's newer files).
//!
//! Output on `time` (= `startDateTime`): integer columns without gaps as int64, other numeric
//! columns as float64 (empty → NaN), text columns as strings, `endDateTime` as time; attrs
//! `long_name`, `units` (left out for NEON's `NA`) and `format` from the variables file's row of
//! the file's table; scalars `lat`, `lon`, `alt` and the offsets and angles from the positions
//! file; global attrs `_sites`, `averaging_interval`, `HOR.VER`. Several files are concatenated
//! on time.

use crate::error::{Result, TextError};
use crate::util::{Ctx, file_name, read_text};
use atmokit_core::{AttrValue, Data, Dataset, Variable};
use std::path::Path;

/// Split one CSV line, honouring double quotes (`""` inside quotes is a quote).
pub(crate) fn split_quoted(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

/// Rows of a table with their 1-based line numbers.
type Rows = Vec<(usize, Vec<String>)>;

/// Header and rows of a quoted CSV file.
fn table_rows(path: &Path) -> Result<(Vec<String>, Rows)> {
    let text = read_text(path)?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, head) = lines.next().ok_or_else(|| TextError::parse(path, 0, "empty file"))?;
    let header = split_quoted(head);
    let mut rows = Vec::new();
    for (i, l) in lines {
        let r = split_quoted(l);
        if r.len() != header.len() {
            return Err(TextError::parse(
                path,
                i + 1,
                format!("{} fields, expected {}", r.len(), header.len()),
            ));
        }
        rows.push((i + 1, r));
    }
    Ok((header, rows))
}

/// Parts of a NEON data file name: (site, HOR.VER, averaging interval).
pub fn name_parts(name: &str) -> Option<(String, String, String)> {
    let p: Vec<&str> = name.split('.').collect();
    if p.len() < 11 || p[0] != "NEON" {
        return None;
    }
    let avg = p[9].rsplit_once('_').map_or("", |(_, a)| a).to_string();
    Some((p[2].to_string(), format!("{}.{}", p[6], p[7]), avg))
}

/// One row of a variables file.
struct FieldInfo {
    table: Option<String>,
    field: String,
    description: String,
    units: String,
    format: Option<String>,
}

fn read_one(path: &Path, variables: &[FieldInfo], positions: &[Vec<(String, String)>]) -> Result<Dataset> {
    let ctx = Ctx::new(path);
    // The file's table in the variables file: `<desc>_<avg>` of its name (`SAAT_1min`).
    let table = file_name(path).split('.').nth(9).map(str::to_string);
    let (header, rows) = table_rows(path)?;
    let it = header
        .iter()
        .position(|h| h == "startDateTime")
        .ok_or_else(|| ctx.err(1, "no startDateTime column"))?;
    let mut time = Vec::with_capacity(rows.len());
    for (ln, r) in &rows {
        time.push(crate::util::parse_datetime(&r[it]).map_err(|e| ctx.err(*ln, format!("startDateTime: {e}")))?);
    }
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", time)).map_err(|e| ctx.ds(e))?;
    for (k, name) in header.iter().enumerate() {
        if k == it {
            continue;
        }
        let data = if name.ends_with("DateTime") {
            let v: Result<Vec<i64>> = rows
                .iter()
                .map(|(ln, r)| {
                    if r[k].is_empty() {
                        Ok(atmokit_core::NAT)
                    } else {
                        crate::util::parse_datetime(&r[k]).map_err(|e| ctx.err(*ln, format!("{name}: {e}")))
                    }
                })
                .collect();
            Data::Time(ndarray::Array1::from(v?).into_dyn())
        } else if rows.iter().all(|(_, r)| r[k].parse::<i64>().is_ok()) {
            Data::from(
                rows.iter()
                    .map(|(_, r)| r[k].parse::<i64>().unwrap_or_default())
                    .collect::<Vec<i64>>(),
            )
        } else if rows.iter().all(|(_, r)| r[k].is_empty() || r[k].parse::<f64>().is_ok()) {
            Data::from(
                rows.iter()
                    .map(|(_, r)| r[k].parse::<f64>().unwrap_or(f64::NAN))
                    .collect::<Vec<f64>>(),
            )
        } else {
            Data::from(rows.iter().map(|(_, r)| r[k].clone()).collect::<Vec<String>>())
        };
        let mut v = Variable::new(["time"], data).map_err(|e| ctx.ds(e))?;
        let info = variables
            .iter()
            .find(|f| &f.field == name && f.table.as_ref().is_none_or(|t| Some(t) == table.as_ref()));
        if let Some(f) = info {
            if f.units != "NA" && !f.units.is_empty() {
                v = v.with_attr("units", f.units.as_str());
            }
            v = v.with_attr("long_name", f.description.as_str());
            if let Some(fmt) = &f.format {
                v = v.with_attr("format", fmt.as_str());
            }
        }
        ds.insert(name, v).map_err(|e| ctx.ds(e))?;
    }
    let (site, horver, avg) = name_parts(&file_name(path)).unwrap_or_default();
    if let Some(pos) = positions
        .iter()
        .find(|row| row.iter().any(|(k, v)| k == "HOR.VER" && *v == horver))
    {
        // NEON's older files name the reference `referenceLatitude`, newer ones
        // `locationReferenceLatitude`.
        let get = |key: &str| {
            let newer = format!("location{}{}", key[..1].to_uppercase(), &key[1..]);
            [key, newer.as_str()].iter().find_map(|k| {
                pos.iter()
                    .find(|(c, _)| c == k)
                    .and_then(|(_, v)| v.parse::<f64>().ok())
            })
        };
        let scalars = [
            ("lat", "referenceLatitude", "degree_N", "North latitude"),
            ("lon", "referenceLongitude", "degree_E", "East longitude"),
            ("alt", "referenceElevation", "m", "Elevation above mean sea level"),
            ("xOffset", "xOffset", "m", "Sensor x offset from the reference location"),
            ("yOffset", "yOffset", "m", "Sensor y offset from the reference location"),
            ("zOffset", "zOffset", "m", "Sensor z offset from the reference location"),
            (
                "eastOffset",
                "eastOffset",
                "m",
                "Sensor offset east of the reference location",
            ),
            (
                "northOffset",
                "northOffset",
                "m",
                "Sensor offset north of the reference location",
            ),
            ("pitch", "pitch", "degree", "Sensor pitch"),
            ("roll", "roll", "degree", "Sensor roll"),
            ("azimuth", "azimuth", "degree", "Sensor azimuth"),
            ("xAzimuth", "xAzimuth", "degree", "Azimuth of the sensor's x axis"),
            ("yAzimuth", "yAzimuth", "degree", "Azimuth of the sensor's y axis"),
        ];
        for (name, key, units, long) in scalars {
            if let Some(x) = get(key) {
                let v = Variable::scalar(x)
                    .with_attr("units", units)
                    .with_attr("long_name", long);
                ds.insert(name, v).map_err(|e| ctx.ds(e))?;
            }
        }
    }
    let a = ds.attrs_mut();
    a.insert("_sites".into(), AttrValue::Str(site));
    a.insert("averaging_interval".into(), AttrValue::Str(avg));
    a.insert("HOR.VER".into(), AttrValue::Str(horver));
    crate::util::require_values(path, ds)
}

/// Read NEON data files (concatenated on time), with optional variables and positions files.
pub fn read_neon_csv<P: AsRef<Path>>(files: &[P], variable_files: &[P], position_files: &[P]) -> Result<Dataset> {
    let first = files
        .first()
        .ok_or_else(|| TextError::Invalid("read_neon_csv: no files given".into()))?
        .as_ref();
    let mut variables = Vec::new();
    for vf in variable_files {
        let vf = vf.as_ref();
        let (h, rows) = table_rows(vf)?;
        let find = |n: &str| h.iter().position(|x| x == n);
        let col = |n: &str| find(n).ok_or_else(|| TextError::parse(vf, 1, format!("no '{n}' column")));
        let (f, d, u) = (col("fieldName")?, col("description")?, col("units")?);
        let (t, fmt) = (find("table"), find("pubFormat"));
        variables.extend(rows.into_iter().map(|(_, r)| FieldInfo {
            table: t.map(|t| r[t].clone()),
            field: r[f].clone(),
            description: r[d].clone(),
            units: r[u].clone(),
            format: fmt.map(|k| r[k].clone()),
        }));
    }
    let mut positions = Vec::new();
    for pf in position_files {
        let (h, rows) = table_rows(pf.as_ref())?;
        positions.extend(
            rows.into_iter()
                .map(|(_, r)| h.iter().cloned().zip(r).collect::<Vec<_>>()),
        );
    }
    let mut parts = Vec::new();
    for f in files {
        parts.push(read_one(f.as_ref(), &variables, &positions)?);
    }
    if parts.len() == 1 {
        return Ok(parts.pop().expect("one part"));
    }
    let scalars: Vec<(String, Variable)> = parts[0]
        .variables()
        .filter(|(_, v)| v.dims().is_empty())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let attrs = parts[0].attrs().clone();
    for p in &mut parts {
        for (k, _) in &scalars {
            p.remove(k);
        }
    }
    let mut ds = Dataset::concat(&parts, "time").map_err(|e| TextError::dataset(first, e))?;
    for (k, v) in scalars {
        ds.insert(&k, v).map_err(|e| TextError::dataset(first, e))?;
    }
    *ds.attrs_mut() = attrs;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_names() {
        assert_eq!(split_quoted(r#""a,b","c""d",3"#), vec!["a,b", "c\"d", "3"]);
        let n = "NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.20221201T163924Z.csv";
        assert_eq!(name_parts(n), Some(("BARR".into(), "000.010".into(), "1min".into())));
        assert_eq!(name_parts("other.csv"), None);
    }
}
