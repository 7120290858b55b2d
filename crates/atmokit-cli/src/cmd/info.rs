//! `atmokit info FILE...`: a readable (or `--json`) summary of a dataset.

use anyhow::Result;
use atmokit_core::summary::Summary;
use atmokit_core::time::format_ns;
use atmokit_core::{AttrValue, Dataset, Variable};
use serde_json::{Map, Value, json};
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
    /// Headerless delimited text.
    #[command(flatten)]
    pub text: crate::open::TextArgs,
}

/// Run `atmokit info` (the readable form is the Dataset's `Display`).
pub fn run(args: &Args) -> Result<()> {
    let ds = crate::open::open_with(&args.files, &Default::default(), &args.text)?;
    let text = if args.json {
        serde_json::to_string_pretty(&to_json(&ds))?
    } else {
        ds.to_string()
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
pub fn summary_json(v: &Variable) -> Value {
    stats_json(Summary::of(v))
}

/// A computed summary as the oracle writes it.
fn stats_json(s: Summary) -> Value {
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

/// The `--json` document.
pub fn to_json(ds: &Dataset) -> Value {
    // Summaries once, in parallel over variables.
    let (names, all): (Vec<&str>, Vec<&Variable>) = ds.variables().unzip();
    let mut stats: std::collections::HashMap<&str, Summary> = names.into_iter().zip(Summary::of_all(&all)).collect();
    let mut vars = Map::new();
    for (name, v) in ds.variables() {
        vars.insert(
            name.to_string(),
            json!({
                "dims": v.dims(),
                "dtype": v.dtype().name(),
                "attrs": attrs_json(v.attrs()),
                "summary": stats.remove(name).map_or_else(|| summary_json(v), stats_json),
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
