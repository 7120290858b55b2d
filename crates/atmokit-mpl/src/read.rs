//! Parse raw MPL bytes into a Dataset shaped as ACT's `read_sigma_mplv5` returns it.

use crate::error::{MplError, Result};
use crate::header::{self, EXCLUDED, FIELDS, FieldType};
use atmokit_core::{DType, Data, Dataset, Variable};
use ndarray::{Array1, Array2};
use std::path::{Path, PathBuf};

/// Speed of light used by mpl2nc and ACT for the range, m/s.
pub const C: f64 = 299_792_458.0;

/// Options of [`read_sigma_mplv5_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MplOptions {
    /// Label `energy_monitor` "mJ" as mpl2nc (and so ACT 2.3.4) does, instead of "nJ" (its
    /// values are µJ·1000). Default off.
    pub act_compat: bool,
}

/// Read one or more raw MPL files (`.mpl`, `.bi`) and concatenate them along `time`, in the
/// order given (as ACT's `read_sigma_mplv5`).
pub fn read_sigma_mplv5<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    read_sigma_mplv5_with(paths, &MplOptions::default())
}

/// [`read_sigma_mplv5`] with options.
pub fn read_sigma_mplv5_with<P: AsRef<Path>>(paths: &[P], opts: &MplOptions) -> Result<Dataset> {
    let mut ds = read_parts(paths)?;
    if opts.act_compat
        && let Ok(v) = ds.get_mut("energy_monitor")
    {
        v.attrs_mut().insert("units".into(), "mJ".into());
    }
    Ok(ds)
}

fn read_parts<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    let mut parts = Vec::with_capacity(paths.len());
    for p in paths {
        let path = p.as_ref();
        let bytes = atmokit_core::memory_files::read(path).map_err(|source| MplError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        parts.push(parse_mpl(&bytes, path)?);
    }
    match parts.len() {
        0 => Err(MplError::NotMpl {
            path: PathBuf::new(),
            record: 0,
            reason: "no file given".into(),
        }),
        1 => Ok(parts.pop().unwrap_or_default()),
        _ => Dataset::concat(&parts, "time").map_err(|source| MplError::Data {
            path: paths[0].as_ref().to_path_buf(),
            source,
        }),
    }
}

/// One decoded record.
struct Record {
    header: Vec<f64>,
    time_ns: i64,
    offset: usize,
}

/// Parse the bytes of one raw MPL file; `path` is only used in messages and the datastream name.
///
/// The Dataset has dims `time` (one per profile) × `range` (bins):
/// - `time` (datetime, UTC, from the year…seconds fields), `time_utc` (ISO text);
/// - `range` (m) = `0.5·bin_time·c·(k + 0.5)` from the first profile's bin time (as ACT computes it
///   from mpl2nc's output; `bin_time` is float32, so `0.5·bin_time` is taken in float32);
/// - `channel_1`, `channel_2` (float32, count/µs) on (time, range): cross-pol and co-pol returns on
///   POL-FS systems;
/// - every other header field on `time` with mpl2nc's name and dtype; a value equal to mpl2nc's
///   fill value reads as missing (NaN; integer fields holding one become float64), as ACT sees them;
/// - `c` (m/s); `nrb_copol` / `nrb_crosspol` as mpl2nc computes them without correction files:
///   `(x − background)·r²/E` with r in km and `E = energy_monitor·1e-3` µJ (float64).
///
/// Difference from mpl2nc: `energy_monitor` is labelled "nJ" (the value is µJ·1000, which is what
/// mpl2nc's own NRB uses), where mpl2nc writes "mJ" ([`MplOptions::act_compat`] keeps "mJ").
pub fn parse_mpl(bytes: &[u8], path: &Path) -> Result<Dataset> {
    let hs = header::header_size();
    let p = || path.to_path_buf();
    if bytes.is_empty() {
        return Err(MplError::NotMpl {
            path: p(),
            record: 0,
            reason: "the file is empty".into(),
        });
    }
    let i_nbins = header::index("number_bins").unwrap_or(0);
    let i_nch = header::index("number_channels").unwrap_or(0);
    let i_hsize = header::index("header_size").unwrap_or(0);
    let mut records = Vec::new();
    let mut off = 0;
    let mut nbins0 = None;
    while off < bytes.len() {
        let r = records.len();
        if bytes.len() - off < hs {
            return Err(MplError::Truncated {
                path: p(),
                record: r,
                what: "header",
                offset: off,
                needed: hs,
                available: bytes.len() - off,
            });
        }
        let h = header::decode(&bytes[off..off + hs]);
        let bad = |reason: String| MplError::NotMpl {
            path: p(),
            record: r,
            reason,
        };
        if h[i_hsize] as usize != hs {
            return Err(bad(format!("header_size field is {} (expected {hs})", h[i_hsize])));
        }
        let nch = h[i_nch];
        if !(1.0..=2.0).contains(&nch) {
            return Err(bad(format!("number_channels is {nch} (expected 1 or 2)")));
        }
        let nbins = h[i_nbins] as usize;
        if nbins == 0 || nbins > 1 << 20 {
            return Err(bad(format!("number_bins is {nbins}")));
        }
        if *nbins0.get_or_insert(nbins) != nbins {
            return Err(bad(format!(
                "number_bins changes from {} to {nbins}; profiles must have the same length",
                nbins0.unwrap_or(0)
            )));
        }
        let time_ns = record_time(&h).ok_or_else(|| bad(format!("invalid date/time fields {:?}", &h[2..8])))?;
        for (k, what) in [(0, "channel_1"), (1, "channel_2")] {
            let start = off + hs + k * 4 * nbins;
            if bytes.len() < start + 4 * nbins {
                return Err(MplError::Truncated {
                    path: p(),
                    record: r,
                    what,
                    offset: start,
                    needed: 4 * nbins,
                    available: bytes.len().saturating_sub(start),
                });
            }
        }
        records.push(Record {
            header: h,
            time_ns,
            offset: off + hs,
        });
        off += hs + 8 * nbins;
    }
    build(bytes, &records, nbins0.unwrap_or(0), path).map_err(|source| MplError::Data { path: p(), source })
}

/// UTC ns since 1970 from the year … seconds fields.
fn record_time(h: &[f64]) -> Option<i64> {
    let d = chrono::NaiveDate::from_ymd_opt(h[2] as i32, h[3] as u32, h[4] as u32)?;
    let t = d.and_hms_opt(h[5] as u32, h[6] as u32, h[7] as u32)?;
    t.and_utc().timestamp_nanos_opt()
}

fn build(bytes: &[u8], recs: &[Record], nbins: usize, path: &Path) -> atmokit_core::Result<Dataset> {
    let n = recs.len();
    let mut ds = Dataset::new();
    ds.insert(
        "time",
        Variable::time("time", recs.iter().map(|r| r.time_ns).collect()).with_attr("long_name", "time"),
    )?;
    let bt_idx = header::index("bin_time").unwrap_or(0);
    let half_bt = (0.5f32 * recs[0].header[bt_idx] as f32) as f64;
    let range: Vec<f64> = (0..nbins).map(|k| half_bt * C * (k as f64 + 0.5)).collect();
    ds.insert(
        "range",
        Variable::new(["range"], range.clone())?
            .with_attr("long_name", "range")
            .with_attr("units", "m"),
    )?;
    let mut chans = [Array2::<f32>::zeros((n, nbins)), Array2::<f32>::zeros((n, nbins))];
    for (i, r) in recs.iter().enumerate() {
        for (k, ch) in chans.iter_mut().enumerate() {
            let start = r.offset + k * 4 * nbins;
            for (j, c) in bytes[start..start + 4 * nbins].chunks_exact(4).enumerate() {
                ch[[i, j]] = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
        }
    }
    for (idx, field) in FIELDS.iter().enumerate() {
        if EXCLUDED.contains(&field.name) {
            continue;
        }
        let vals: Vec<f64> = recs.iter().map(|r| r.header[idx]).collect();
        let fill = field.ty.fill();
        let has_fill = vals.contains(&fill);
        let masked: Vec<f64> = vals.iter().map(|&v| if v == fill { f64::NAN } else { v }).collect();
        let data = Data::from(Array1::from(masked).into_dyn());
        let data = match (field.ty, has_fill) {
            (FieldType::F32, _) => data.cast(DType::F32)?,
            (_, true) => data,
            (FieldType::U8, false) => data.cast(DType::U8)?,
            (FieldType::U16, false) => data.cast(DType::U16)?,
            (FieldType::I16, false) => data.cast(DType::I16)?,
            (FieldType::U32, false) => data.cast(DType::U32)?,
            (FieldType::I32, false) => data.cast(DType::I32)?,
        };
        let mut v = Variable::new(["time"], data)?.with_attr("long_name", field.long_name);
        if !field.units.is_empty() {
            v = v.with_attr("units", field.units);
        }
        ds.insert(field.name, v)?;
    }
    let utc: Vec<String> = recs
        .iter()
        .map(|r| atmokit_core::time::format_ns(r.time_ns)[..19].to_string())
        .collect();
    ds.insert(
        "time_utc",
        Variable::new(["time"], Array1::from(utc).into_dyn())?.with_attr("long_name", "UTC time"),
    )?;
    ds.insert(
        "c",
        Variable::scalar(C)
            .with_attr("long_name", "speed of light")
            .with_attr("units", "m s-1"),
    )?;
    // mpl2nc's NRB without correction files, per profile with its own bin time.
    let e_idx = header::index("energy_monitor").unwrap_or(0);
    for (name, k, bg_field, long) in [
        (
            "nrb_copol",
            1usize,
            "background_average_2",
            "copol normalized relative backscatter",
        ),
        (
            "nrb_crosspol",
            0usize,
            "background_average",
            "crosspol normalized relative backscatter",
        ),
    ] {
        let bg_idx = header::index(bg_field).unwrap_or(0);
        let mut nrb = Array2::<f64>::zeros((n, nbins));
        for (i, r) in recs.iter().enumerate() {
            let e = r.header[e_idx] * 1e-3;
            let bt = r.header[bt_idx] as f32 as f64;
            for j in 0..nbins {
                let rk = 0.5 * bt * C * (j as f64 + 0.5) * 1e-3;
                nrb[[i, j]] = (f64::from(chans[k][[i, j]]) - r.header[bg_idx]) * rk * rk / e;
            }
        }
        ds.insert(
            name,
            Variable::new(["time", "range"], nrb.into_dyn())?
                .with_attr("long_name", long)
                .with_attr("units", "count us-1 uJ-1 km2"),
        )?;
    }
    let [c1, c2] = chans;
    ds.insert(
        "channel_1",
        Variable::new(["time", "range"], c1.into_dyn())?
            .with_attr("long_name", "channel #1 data")
            .with_attr("units", "count us-1")
            .with_attr(
                "comment",
                "Cross-polarized return on POL-FS systems, the only return otherwise.",
            ),
    )?;
    ds.insert(
        "channel_2",
        Variable::new(["time", "range"], c2.into_dyn())?
            .with_attr("long_name", "channel #2 data")
            .with_attr("units", "count us-1")
            .with_attr("comment", "Co-polarized return (POL-FS option only)."),
    )?;
    let stem = path.file_name().and_then(|s| s.to_str()).unwrap_or("");
    let datastream: Vec<&str> = stem.split('.').take(2).collect();
    ds.attrs_mut().insert("_datastream".into(), datastream.join(".").into());
    ds.attrs_mut().insert("_arm_standards_flag".into(), 0i32.into());
    ds.attrs_mut().insert(
        "source".into(),
        "SigmaSpace MPL data file version 5, read by atmokit-mpl".into(),
    );
    Ok(ds)
}
