//! Time resampling of 1-D series with polars' dynamic group-by: xarray's
//! `ds.resample(time="30min").mean()` (and `min`, `max`, `sum`, `count`) as ACT users write it.
//!
//! Windows are `[start, start + every)` (closed left, labelled left) starting at the first time
//! floored to a multiple of `every` since 1970-01-01 (pandas' default `origin="start_day"` agrees
//! for intervals dividing a day). As in xarray, NaN is skipped (`mean` of an all-NaN window is
//! NaN, `sum` is 0, `count` is 0) and empty windows between the first and the last are kept
//! (NaN, or 0 for `count`/`sum`). Only variables on `time` alone take part; `min`/`max`/`sum`
//! keep float32 as float32, `mean` gives float64 (polars' choice); `count` is int64.

use crate::error::{Result, TextError};
use atmokit_core::{Data, Dataset, NAT, Variable};
use polars::prelude::{
    ClosedWindow, Column, DataFrame, Duration, DynamicGroupOptions, IntoColumn, IntoLazy, Label, NamedFrom, Series,
    StartBy, TimeUnit, col,
};

/// The statistic computed per window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agg {
    /// NaN-ignoring mean.
    Mean,
    /// NaN-ignoring minimum.
    Min,
    /// NaN-ignoring maximum.
    Max,
    /// NaN-ignoring sum (0 for an empty window).
    Sum,
    /// Number of non-NaN values.
    Count,
}

impl Agg {
    /// Parse `mean`, `min`, `max`, `sum`, `count`.
    pub fn from_name(s: &str) -> Option<Agg> {
        match s {
            "mean" => Some(Agg::Mean),
            "min" => Some(Agg::Min),
            "max" => Some(Agg::Max),
            "sum" => Some(Agg::Sum),
            "count" => Some(Agg::Count),
            _ => None,
        }
    }
}

fn err(msg: impl std::fmt::Display) -> TextError {
    TextError::Invalid(format!("resample: {msg}"))
}

/// A numeric variable as a column with NaN as null (so polars' aggregations skip it).
fn numeric_column(name: &str, data: &Data) -> Option<Column> {
    let s = match data {
        Data::F32(a) => Series::new(
            name.into(),
            a.iter().map(|v| (!v.is_nan()).then_some(*v)).collect::<Vec<_>>(),
        ),
        Data::F64(a) => Series::new(
            name.into(),
            a.iter().map(|v| (!v.is_nan()).then_some(*v)).collect::<Vec<_>>(),
        ),
        Data::Time(_) | Data::Str(_) | Data::Char(_) => return None,
        other => Series::new(name.into(), other.to_f64()?.iter().copied().collect::<Vec<f64>>()),
    };
    Some(s.into_column())
}

/// Resample every numeric variable on `time` of `ds` into windows of `every_ns` nanoseconds.
///
/// Errors when `every_ns` is not positive, `time` is missing or holds NaT, or polars fails.
pub fn resample(ds: &Dataset, every_ns: i64, agg: Agg) -> Result<Dataset> {
    if every_ns <= 0 {
        return Err(err(format!("interval must be positive, got {every_ns} ns")));
    }
    let time = ds.time().map_err(err)?;
    if time.iter().any(|&t| t == NAT) {
        return Err(err("time holds NaT"));
    }
    let mut cols = vec![
        Series::new("time".into(), time.to_vec())
            .into_datetime(TimeUnit::Nanoseconds, None)
            .into_column(),
    ];
    let mut names = Vec::new();
    for (name, v) in ds.variables() {
        if name != "time"
            && v.dims() == ["time"]
            && let Some(c) = numeric_column(name, v.data())
        {
            cols.push(c);
            names.push(name.to_string());
        }
    }
    let n = time.len();
    let df = DataFrame::new(n, cols)
        .map_err(err)?
        .sort(["time"], Default::default())
        .map_err(err)?;
    let every = Duration::try_parse(&format!("{every_ns}ns")).map_err(err)?;
    let opts = DynamicGroupOptions {
        every,
        period: every,
        offset: Duration::try_parse("0ns").map_err(err)?,
        label: Label::Left,
        include_boundaries: false,
        closed_window: ClosedWindow::Left,
        start_by: StartBy::WindowBound,
        ..Default::default()
    };
    let exprs: Vec<_> = names
        .iter()
        .map(|n| {
            let c = col(n.as_str());
            match agg {
                Agg::Mean => c.mean(),
                Agg::Min => c.min(),
                Agg::Max => c.max(),
                Agg::Sum => c.sum(),
                Agg::Count => c.count(),
            }
        })
        .collect();
    let out = df
        .lazy()
        .group_by_dynamic(col("time"), [], opts)
        .agg(exprs)
        .collect()
        .map_err(err)?;
    let got = crate::dataframe::from_dataframe(&out, "time").map_err(err)?;
    // Reindex onto the full grid of windows, as xarray keeps empty ones.
    let labels = got.time().map_err(err)?.to_vec();
    let (first, last) = match (labels.first(), labels.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return Ok(Dataset::new()),
    };
    let n_out = usize::try_from((last - first) / every_ns + 1).map_err(err)?;
    let slot: Vec<usize> = labels.iter().map(|&t| ((t - first) / every_ns) as usize).collect();
    let mut res = Dataset::new();
    res.insert(
        "time",
        Variable::time("time", (0..n_out as i64).map(|k| first + k * every_ns).collect()),
    )
    .map_err(err)?;
    for name in &names {
        let src = got.get(name).map_err(err)?;
        let empty = if matches!(agg, Agg::Count | Agg::Sum) {
            0.0
        } else {
            f64::NAN
        };
        let data = match src.data() {
            Data::F32(a) => {
                let mut v = vec![empty as f32; n_out];
                for (i, &s) in slot.iter().enumerate() {
                    v[s] = a[[i]];
                }
                Data::from(v)
            }
            Data::I64(a) if agg == Agg::Count => {
                let mut v = vec![0i64; n_out];
                for (i, &s) in slot.iter().enumerate() {
                    v[s] = a[[i]];
                }
                Data::from(v)
            }
            other => {
                let a = other.to_f64().ok_or_else(|| err(format!("'{name}' is not numeric")))?;
                let mut v = vec![empty; n_out];
                for (i, &s) in slot.iter().enumerate() {
                    v[s] = a[[i]];
                }
                Data::from(v)
            }
        };
        let mut var = Variable::new(["time"], data).map_err(err)?;
        if let Some(orig) = ds.var(name) {
            for (k, a) in orig.attrs() {
                if agg != Agg::Count || k == "long_name" {
                    var.attrs_mut().insert(k.clone(), a.clone());
                }
            }
        }
        res.insert(name, var).map_err(err)?;
    }
    *res.attrs_mut() = ds.attrs().clone();
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    const MIN: i64 = 60_000_000_000;

    fn sample() -> Dataset {
        // 0, 1, 2 min in window 0; 5 min in window 1 (5-min windows); 15 min in window 3.
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, MIN, 2 * MIN, 5 * MIN, 15 * MIN]))
            .unwrap();
        ds.insert(
            "x",
            Variable::new(["time"], vec![1.0f32, f32::NAN, 3.0, 4.0, 7.0])
                .unwrap()
                .with_attr("units", "K"),
        )
        .unwrap();
        ds.insert("q", Variable::new(["time"], vec![1i32, 2, 3, 4, 5]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn mean_skips_nan_and_keeps_empty_windows() {
        let r = resample(&sample(), 5 * MIN, Agg::Mean).unwrap();
        assert_eq!(
            r.time().unwrap().iter().copied().collect::<Vec<_>>(),
            vec![0, 5 * MIN, 10 * MIN, 15 * MIN]
        );
        let x = r.get("x").unwrap().data().to_f64().unwrap();
        assert_eq!(x[[0]], 2.0, "(1+3)/2, NaN skipped");
        assert_eq!(x[[1]], 4.0);
        assert!(x[[2]].is_nan(), "empty window");
        assert_eq!(x[[3]], 7.0);
        assert_eq!(r.get("x").unwrap().units(), Some("K"));
        let q = r.get("q").unwrap().data().to_f64().unwrap();
        assert_eq!(q[[0]], 2.0, "(1+2+3)/3");
    }

    /// `name` of `ds` as float64 values.
    fn values(ds: &Dataset, name: &str) -> Vec<f64> {
        ds.get(name).unwrap().data().to_f64().unwrap().iter().copied().collect()
    }

    #[test]
    fn count_sum_min_max() {
        let ds = sample();
        let c = resample(&ds, 5 * MIN, Agg::Count).unwrap();
        assert_eq!(values(&c, "x"), vec![2.0, 1.0, 0.0, 1.0]);
        let s = resample(&ds, 5 * MIN, Agg::Sum).unwrap();
        assert_eq!(values(&s, "q"), vec![6.0, 4.0, 0.0, 5.0]);
        let mx = resample(&ds, 10 * MIN, Agg::Max).unwrap();
        assert_eq!(values(&mx, "x"), vec![4.0, 7.0]);
        let mn = resample(&ds, 10 * MIN, Agg::Min).unwrap();
        assert_eq!(values(&mn, "x"), vec![1.0, 7.0]);
        assert!(resample(&ds, 0, Agg::Mean).is_err());
    }
}
