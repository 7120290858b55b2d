//! `atmokit info FILE...`: a readable (or `--json`) summary of a dataset.

use crate::open::open;
use anyhow::Result;
use atmokit_core::summary::Summary;
use atmokit_core::time::format_ns;
use atmokit_core::{AttrValue, Dataset, Variable};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Arguments of `atmokit info`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders; several are read as one dataset (concatenated along time).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print JSON: dims, attrs, and per variable dims, dtype, attrs and summary statistics.
    #[arg(long)]
    pub json: bool,
}

/// Run `atmokit info`.
pub fn run(args: &Args) -> Result<()> {
    let ds = open(&args.files, &Default::default())?;
    let text = if args.json {
        serde_json::to_string_pretty(&to_json(&ds))?
    } else {
        to_text(&ds)
    };
    println!("{text}");
    Ok(())
}

fn num(v: f64) -> Value {
    if v.is_nan() {
        Value::Null
    } else if v.is_infinite() {
        Value::String(if v > 0.0 { "inf" } else { "-inf" }.into())
    } else {
        json!(v)
    }
}

/// An attribute as JSON: text, a number, or a list (one-element lists become scalars).
pub fn attr_json(a: &AttrValue) -> Value {
    match a {
        AttrValue::Str(s) => Value::String(s.clone()),
        AttrValue::Strs(v) => json!(v),
        AttrValue::F32(_) | AttrValue::F64(_) => {
            let v: Vec<Value> = a.as_f64_vec().unwrap_or_default().into_iter().map(num).collect();
            if v.len() == 1 {
                v.into_iter().next().unwrap_or(Value::Null)
            } else {
                Value::Array(v)
            }
        }
        _ => {
            let v: Vec<Value> = a
                .as_i128_vec()
                .unwrap_or_default()
                .into_iter()
                .map(|x| json!(x as i64))
                .collect();
            if v.len() == 1 {
                v.into_iter().next().unwrap_or(Value::Null)
            } else {
                Value::Array(v)
            }
        }
    }
}

fn attrs_json(attrs: &atmokit_core::Attrs) -> Value {
    Value::Object(attrs.iter().map(|(k, v)| (k.clone(), attr_json(v))).collect())
}

/// Summary statistics of a variable as the oracle writes them.
fn summary_value(s: Summary) -> Value {
    match s {
        Summary::Numeric(s) => json!({
            "shape": s.shape, "size": s.size, "n_nan": s.n_nan, "n_finite": s.n_finite,
            "min": s.min.map_or(Value::Null, num), "max": s.max.map_or(Value::Null, num),
            "mean": s.mean.map_or(Value::Null, num), "sum": s.sum.map_or(Value::Null, num),
            "std": s.std.map_or(Value::Null, num),
        }),
        Summary::Time(s) => json!({
            "shape": s.shape, "size": s.size, "n_nat": s.n_nat,
            "min": s.min.map(format_ns), "max": s.max.map(format_ns),
        }),
        Summary::Text { shape, size } => json!({ "shape": shape, "size": size }),
    }
}

/// Every variable's summary, computed in parallel over variables.
fn summaries(ds: &Dataset) -> HashMap<&str, Summary> {
    let (names, vars): (Vec<&str>, Vec<&Variable>) = ds.variables().unzip();
    names.into_iter().zip(Summary::of_all(&vars)).collect()
}

/// The `--json` document.
pub fn to_json(ds: &Dataset) -> Value {
    let mut stats = summaries(ds);
    let mut vars = Map::new();
    for (name, v) in ds.variables() {
        let s = stats.remove(name).unwrap_or_else(|| Summary::of(v));
        vars.insert(
            name.to_string(),
            json!({
                "dims": v.dims(),
                "dtype": v.dtype().name(),
                "attrs": attrs_json(v.attrs()),
                "summary": summary_value(s),
            }),
        );
    }
    json!({
        "dims": ds.dims().iter().map(|(k, &n)| (k.clone(), json!(n))).collect::<Map<_, _>>(),
        "coords": ds.coord_names(),
        "attrs": attrs_json(ds.attrs()),
        "variables": Value::Object(vars),
    })
}

/// A value in its own dtype's shortest form (f32 shown as f32, integers without a fraction).
fn show(v: f64, dtype: atmokit_core::DType) -> String {
    match dtype {
        atmokit_core::DType::F32 => format!("{}", v as f32),
        d if d.is_integer() => format!("{}", v as i64),
        _ => format!("{v}"),
    }
}

fn describe(v: &Variable, s: Summary) -> String {
    match s {
        Summary::Numeric(s) => match (s.min, s.max) {
            (Some(lo), Some(hi)) => {
                let range = if lo == hi {
                    show(lo, v.dtype())
                } else {
                    format!("{} .. {}", show(lo, v.dtype()), show(hi, v.dtype()))
                };
                format!(
                    "{range}{}",
                    if s.n_nan > 0 {
                        format!(" ({} NaN)", s.n_nan)
                    } else {
                        String::new()
                    }
                )
            }
            _ => format!("all NaN ({})", s.size),
        },
        Summary::Time(s) => match (s.min, s.max) {
            (Some(lo), Some(hi)) if lo == hi => format_ns(lo)[..19].to_string(),
            (Some(lo), Some(hi)) => format!("{} .. {}", &format_ns(lo)[..19], &format_ns(hi)[..19]),
            _ => "all NaT".into(),
        },
        Summary::Text { size, .. } => format!("{size} strings"),
    }
}

/// The readable summary (xarray's repr, plus units and ranges).
pub fn to_text(ds: &Dataset) -> String {
    let mut s = String::new();
    let name = ds.attr_str("_datastream").unwrap_or("dataset");
    let dims: Vec<String> = ds.dims().iter().map(|(k, n)| format!("{k}: {n}")).collect();
    let _ = writeln!(s, "<atmokit.Dataset> {name}");
    let _ = writeln!(s, "Dimensions:  ({})", dims.join(", "));
    let width = ds.names().map(str::len).max().unwrap_or(4).max(4);
    let mut stats = summaries(ds);
    let mut row = |s: &mut String, mark: &str, k: &str, v: &Variable| {
        let stat = stats.remove(k).unwrap_or_else(|| Summary::of(v));
        let units = v.units().map(|u| format!(" [{u}]")).unwrap_or_default();
        let long = v.long_name().map(|l| format!("  {l}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {mark} {k:<width$} ({}) {}{units}  {}{long}",
            v.dims().join(", "),
            v.dtype(),
            describe(v, stat)
        );
    };
    let coords = ds.coord_names();
    let _ = writeln!(s, "Coordinates:");
    for k in &coords {
        row(&mut s, "*", k, ds.get(k).expect("listed"));
    }
    let data = ds.data_var_names();
    let _ = writeln!(s, "Data variables: ({})", data.len());
    for k in &data {
        row(&mut s, " ", k, ds.get(k).expect("listed"));
    }
    let _ = writeln!(s, "Attributes: ({})", ds.attrs().len());
    for (k, v) in ds.attrs() {
        let mut text = v.to_string().replace('\n', " ");
        if text.chars().count() > 100 {
            text = text.chars().take(97).collect::<String>() + "...";
        }
        let _ = writeln!(s, "    {k}: {text}");
    }
    s.trim_end().to_string()
}
