//! Interactive plots: per day one data file `plotdata.js` (`atmokitDay({...})`: times, and for
//! each time-series variable its values and QC integers with the tests' masks, meanings and
//! assessments), and one `plot.html` that draws the variable named by its `#fragment`
//! with uPlot (zoom, pan, hover read-out of time, value and QC tests; see `assets/plot.js`).
//! Script files rather than JSON, since browsers refuse to fetch JSON from `file://` pages.

use crate::error::Result;
use crate::html::{escape, href, page};
use atmokit_core::output::{OutputOptions, write_atomic};
use atmokit_core::{DType, Dataset};
use atmokit_plot::qc_flags::{FlagMatch, qc_info, qc_values};
use std::fmt::Write as _;
use std::path::Path;

/// Largest number of samples written per variable and day; longer series keep every k-th sample
/// (the page says so). 20,000 keeps 1-minute data whole and a day of 1 Hz data at every 5th
/// sample, so a day's data file stays a few MB even with many variables.
pub const MAX_SAMPLES: usize = 20_000;

/// Whether `var` gets an interactive plot: a 1-D numeric variable along the time dimension.
pub fn is_interactive(ds: &Dataset, var: &str) -> bool {
    ds.var(var).is_some_and(|v| {
        v.dims().len() == 1 && ds.time().is_ok_and(|t| t.len() == v.len()) && v.data().to_f64().is_some()
    })
}

fn push_num(out: &mut String, x: f64, single: bool) {
    if !x.is_finite() {
        out.push_str("null");
    } else if single {
        let _ = write!(out, "{}", x as f32);
    } else {
        let _ = write!(out, "{x}");
    }
}

/// The day's data file as text: `atmokitDay({...});` with the shared times (seconds from `t0`)
/// and, per variable, its values, QC integers and QC tests. A `null` sample is put in each gap
/// longer than twice the median step, so lines break there instead of joining across it. One
/// file per day (not per variable): each file written costs a sync, and a year has 365 days.
pub fn data_script(ds: &Dataset, vars: &[String], datastream: &str, date: &str) -> Option<String> {
    let t = ds.time().ok()?;
    if t.is_empty() {
        return None;
    }
    let stride = t.len().div_ceil(MAX_SAMPLES).max(1);
    let idx: Vec<usize> = (0..t.len())
        .step_by(stride)
        .filter(|&i| t[i] != atmokit_core::NAT)
        .collect();
    let t0 = *idx.first().map(|&i| &t[i])?;
    // Milliseconds from t0, written as seconds with at most 3 decimals.
    let ms = |i: usize| t[i].saturating_sub(t0) / 1_000_000;
    let mut steps: Vec<i64> = idx.windows(2).map(|w| ms(w[1]) - ms(w[0])).filter(|d| *d > 0).collect();
    steps.sort_unstable();
    let step = steps.get(steps.len() / 2).copied().unwrap_or(0);
    // Positions (in `idx`) before which a gap marker goes.
    let mut breaks = Vec::new();
    let mut ts = String::with_capacity(idx.len() * 7);
    for (k, &i) in idx.iter().enumerate() {
        let now = ms(i);
        if k > 0 && step > 0 {
            let prev = ms(idx[k - 1]);
            if now - prev > 2 * step {
                breaks.push(k);
                let _ = write!(ts, "{},", (prev + step) as f64 / 1000.0);
            }
        }
        let _ = write!(ts, "{},", now as f64 / 1000.0);
    }
    ts.pop();
    let mut body = Vec::new();
    for var in vars {
        if let Some(text) = var_json(ds, var, &idx, &breaks) {
            body.push(format!("{}:{text}", json_str(var)));
        }
    }
    if body.is_empty() {
        return None;
    }
    Some(format!(
        "atmokitDay({{\"datastream\":{},\"date\":{},\"stride\":{stride},\"t0\":{},\"t\":[{ts}],\"vars\":{{{}}}}});\n",
        json_str(datastream),
        json_str(date),
        t0 as f64 * 1e-9,
        body.join(",\n")
    ))
}

/// One variable's entry of the day's data: units, long name, values, QC integers and tests.
fn var_json(ds: &Dataset, var: &str, idx: &[usize], breaks: &[usize]) -> Option<String> {
    let v = ds.var(var)?;
    let y = v.data().to_f64()?;
    let n = ds.time().ok()?.len();
    if v.dims().len() != 1 || y.len() != n {
        return None;
    }
    let single = matches!(v.dtype(), DType::F32 | DType::I8 | DType::U8 | DType::I16 | DType::U16);
    let info = qc_info(ds, var).ok().flatten().filter(|i| !i.tests.is_empty());
    let qc = info
        .as_ref()
        .and_then(|i| qc_values(ds, &i.qc_var).ok())
        .filter(|q| q.len() == n);
    let mut ys = String::with_capacity(idx.len() * 8);
    let mut qs = String::with_capacity(idx.len() * 2);
    let mut next_break = breaks.iter().peekable();
    for (k, &i) in idx.iter().enumerate() {
        if next_break.peek() == Some(&&k) {
            next_break.next();
            ys.push_str("null,");
            qs.push_str("null,");
        }
        push_num(&mut ys, y[i], single);
        ys.push(',');
        if let Some(q) = &qc {
            let _ = write!(qs, "{},", q[i]);
        }
    }
    ys.pop();
    qs.pop();
    let tests = info.as_ref().map_or_else(String::new, |i| {
        i.tests
            .iter()
            .map(|t| {
                let (mask, value) = match t.flag {
                    FlagMatch::Mask(m) => (m.to_string(), "null".to_string()),
                    FlagMatch::Value(x) => ("null".to_string(), x.to_string()),
                };
                format!(
                    "{{\"number\":{},\"mask\":{mask},\"value\":{value},\"meaning\":{},\"assessment\":{}}}",
                    t.number,
                    json_str(&t.meaning),
                    json_str(&t.assessment)
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    });
    Some(format!(
        "{{\"units\":{},\"long_name\":{},\"y\":[{ys}],\"qc\":{},\"tests\":[{tests}]}}",
        json_str(v.attr_str("units").unwrap_or("")),
        json_str(v.attr_str("long_name").unwrap_or("")),
        if qc.is_some() {
            format!("[{qs}]")
        } else {
            "null".to_string()
        },
    ))
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// File name of a day's data file.
pub const DATA_FILE: &str = "plotdata.js";

/// Write the day's data file into `dir` for those of `vars` that are interactive; returns them.
pub fn write_data(
    ds: &Dataset,
    vars: &[String],
    dir: &Path,
    datastream: &str,
    date: &str,
    o: &OutputOptions,
) -> Result<Vec<String>> {
    let vars: Vec<String> = vars.iter().filter(|v| is_interactive(ds, v)).cloned().collect();
    match data_script(ds, &vars, datastream, date) {
        Some(text) => {
            write_atomic(dir.join(DATA_FILE), text.as_bytes(), o)?;
            Ok(vars)
        }
        None => Ok(Vec::new()),
    }
}

/// The day's `plot.html` (written into `dir`, two levels below the output folder): the uPlot
/// canvas, a read-out, zoom and pan buttons, and links to every interactive variable of the day.
pub fn write_plot_page(dir: &Path, datastream: &str, date: &str, vars: &[String], o: &OutputOptions) -> Result<()> {
    let Some(first) = vars.first() else { return Ok(()) };
    let links: String = vars
        .iter()
        .map(|v| format!("<a href=\"plot.html#{}\">{}</a>", href(v), escape(v)))
        .collect::<Vec<_>>()
        .join(" ");
    let body = format!(
        "<nav><a href=\"../../index.html\">all datastreams</a><a href=\"../index.html\">{ds}</a><a href=\"index.html\">day {d}</a></nav>\n\
         <h1 id=\"title\">{ds} {d}</h1>\n<div class=\"plotnav\">{links}</div>\n\
         <div class=\"plotnav\">Drag to zoom, wheel to zoom at the cursor, arrows to pan: \
         <button id=\"left\" type=\"button\">&larr;</button><button id=\"right\" type=\"button\">&rarr;</button>\
         <button id=\"reset\" type=\"button\">reset</button></div>\n\
         <div id=\"plot\" data-first=\"{first}\"></div>\n<div id=\"readout\"></div>\n\
         <link rel=\"stylesheet\" href=\"../../assets/uPlot.min.css\">\n\
         <script src=\"../../assets/uPlot.iife.min.js\"></script>\n<script src=\"../../assets/plot.js\"></script>\n\
         <script src=\"{DATA_FILE}\"></script>",
        ds = escape(datastream),
        d = escape(date),
        first = escape(first),
    );
    let html = page(&format!("{datastream} {date} interactive"), "../../", &body);
    write_atomic(dir.join("plot.html"), html.as_bytes(), o)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn data_breaks_at_gaps_and_keeps_qc() {
        let mut ds = Dataset::new();
        let min = 60_000_000_000i64;
        ds.insert("time", Variable::time("time", vec![0, min, 2 * min, 10 * min]))
            .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![1.5f32, f32::NAN, 0.1, 4.0])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        ds.insert(
            "qc_temp",
            Variable::new(["time"], vec![0i32, 1, 0, 2])
                .unwrap()
                .with_attr("flag_masks", vec![1i32, 2])
                .with_attr("flag_meanings", "missing high")
                .with_attr("flag_assessments", "Bad Suspect"),
        )
        .unwrap();
        assert!(is_interactive(&ds, "temp"));
        let js = data_script(&ds, &["temp".to_string()], "x.b1", "19700101").unwrap();
        // The 8-minute gap gets a null sample one step after the last record.
        assert!(js.contains("\"t\":[0,60,120,180,600]"), "{js}");
        assert!(js.contains("\"y\":[1.5,null,0.1,null,4]"), "{js}");
        assert!(js.contains("\"qc\":[0,1,0,null,2]"), "{js}");
        assert!(js.contains("\"mask\":2,\"value\":null,\"meaning\":\"high\",\"assessment\":\"Suspect\""));
        assert!(js.starts_with("atmokitDay({") && js.ends_with("});\n"));
        let dir = tempfile::tempdir().unwrap();
        let vars = ["temp".to_string(), "nope".to_string()];
        assert_eq!(
            write_data(&ds, &vars, dir.path(), "x.b1", "19700101", &OutputOptions::default()).unwrap(),
            vec!["temp"]
        );
        assert!(dir.path().join(DATA_FILE).is_file());
    }

    #[test]
    fn long_series_keep_every_kth_sample() {
        let n = 50_000i64;
        let mut ds = Dataset::new();
        ds.insert(
            "time",
            Variable::time("time", (0..n).map(|i| i * 1_000_000_000).collect()),
        )
        .unwrap();
        ds.insert(
            "x",
            Variable::new(["time"], (0..n).map(|i| i as f64).collect::<Vec<_>>()).unwrap(),
        )
        .unwrap();
        let js = data_script(&ds, &["x".to_string()], "a", "b").unwrap();
        // ceil(50000 / 20000) = 3: samples 0, 3, 6, … (16,667 of them), no gap markers.
        assert!(js.contains("\"stride\":3,"));
        assert!(js.contains("\"t\":[0,3,6,9,"));
        assert!(js.contains("\"y\":[0,3,6,9,"));
        let t = &js[js.find("\"t\":[").unwrap()..];
        let t = &t[..t.find(']').unwrap()];
        assert_eq!(t.matches(',').count() + 1, 16_667);
        let y = &js[js.find("\"y\":[").unwrap()..];
        assert!(!y[..y.find(']').unwrap()].contains("null"));
        assert!(js.contains("\"qc\":null"));
    }
}
