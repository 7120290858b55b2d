//! Time helpers (ACT `act.utils.datetime_utils`): dates between, ARM date strings, modal time
//! step, contiguous ranges and timestamp alignment. Times are ns since 1970 UTC.

use atmokit_core::{Data, Dataset, Error, NAT, Result, Variable};
use chrono::{DateTime, NaiveDate, NaiveDateTime};

const NS_PER_S: f64 = 1e9;

/// Every date from `start` to `end` inclusive, both `'YYYYMMDD'` — ACT `dates_between`.
/// Empty when `end` is before `start`.
///
/// # Errors
/// A date that is not `YYYYMMDD`.
pub fn dates_between(start: &str, end: &str) -> Result<Vec<NaiveDate>> {
    let parse = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y%m%d")
            .map_err(|e| Error::invalid(format!("dates_between: '{s}' is not YYYYMMDD: {e}")))
    };
    let (a, b) = (parse(start)?, parse(end)?);
    Ok(a.iter_days().take_while(|d| *d <= b).collect())
}

/// `'YYYYMMDD'` (or `'HHMMSS'` with `return_time`) of a time — ACT `numpy_to_arm_date`.
/// `None` for `NAT`.
pub fn numpy_to_arm_date(ns: i64, return_time: bool) -> Option<String> {
    if ns == NAT {
        return None;
    }
    let dt = DateTime::from_timestamp_nanos(ns);
    Some(dt.format(if return_time { "%H%M%S" } else { "%Y%m%d" }).to_string())
}

/// The input formats [`date_parser`] accepts, tried in order (ACT's list; its
/// `'%Y%m%dT%%H:%M:%S'` typo is written as meant, `%Y%m%dT%H:%M:%S`).
pub const DATE_FORMATS: [&str; 10] = [
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%Y%m%d",
    "%Y/%m/%d",
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%YT%H:%M:%S",
    "%d/%m/%YT%H:%M:%S",
    "%Y%m%dT%H:%M:%S",
    "%Y/%m/%dT%H:%M:%S",
];

/// Parses a date in any of [`DATE_FORMATS`] — ACT `date_parser(..., return_datetime=True)`.
///
/// # Errors
/// The text matches none of the formats (the error lists them).
pub fn parse_date(text: &str) -> Result<NaiveDateTime> {
    let s = text.trim();
    for fmt in DATE_FORMATS {
        if fmt.contains("%H") {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Ok(dt);
            }
        } else if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Ok(d.and_time(chrono::NaiveTime::MIN));
        }
    }
    Err(Error::invalid(format!(
        "date_parser: '{text}' matches none of {}",
        DATE_FORMATS.join(", ")
    )))
}

/// Reformats a date string — ACT `date_parser(date_string, output_format='%Y%m%d')`.
///
/// # Errors
/// As [`parse_date`].
pub fn date_parser(text: &str, output_format: &str) -> Result<String> {
    Ok(parse_date(text)?.format(output_format).to_string())
}

/// Most common step between consecutive times, in seconds — ACT `determine_time_delta`.
///
/// Ties go to the smaller step (numpy `unique` + `argmax`). Fewer than two times, or no valid
/// step, give `default`. **Differs from ACT**, which truncates the step to whole seconds
/// (`astype('timedelta64[s]')`): a 0.5 s step is 0.5 here, 0 in ACT.
pub fn determine_time_delta(times_ns: &[i64], default: f64) -> f64 {
    modal_step_ns(times_ns).map_or(default, |ns| ns as f64 / NS_PER_S)
}

/// ACT 2.3.4's [`determine_time_delta`] (`act_compat`): the modal step truncated to whole
/// seconds, as ACT's `astype('timedelta64[s]')` does (a 0.5 s step gives 0, 16.6 s gives 16).
pub fn determine_time_delta_act_compat(times_ns: &[i64], default: f64) -> f64 {
    modal_step_ns(times_ns).map_or(default, |ns| (ns / 1_000_000_000) as f64)
}

/// The most common step between consecutive times in ns (smallest on ties), ignoring pairs with
/// `NAT`; `None` for fewer than two valid times. The one "most common time step" of atmokit
/// (QC tests, precipitation accumulation, [`determine_time_delta`]).
///
/// ```
/// use atmokit_physics::time_utils::modal_step_ns;
/// assert_eq!(modal_step_ns(&[0, 60, 120, 130, 190]), Some(60));
/// assert_eq!(modal_step_ns(&[0, atmokit_core::NAT, 5]), None);
/// ```
pub fn modal_step_ns(times_ns: &[i64]) -> Option<i64> {
    let mut diffs: Vec<i64> = times_ns
        .windows(2)
        .filter(|w| w[0] != NAT && w[1] != NAT)
        .map(|w| w[1].wrapping_sub(w[0]))
        .collect();
    diffs.sort_unstable();
    let mut best: Option<(i64, usize)> = None;
    let mut i = 0;
    while i < diffs.len() {
        let j = diffs[i..]
            .iter()
            .position(|&d| d != diffs[i])
            .map_or(diffs.len(), |k| i + k);
        if best.is_none_or(|(_, c)| j - i > c) {
            best = Some((diffs[i], j - i));
        }
        i = j;
    }
    best.map(|(d, _)| d)
}

/// Contiguous runs of times: a run ends where the step exceeds `time_delta_s` — ACT
/// `reduce_time_ranges(time, time_delta=60, broken_barh=False)`.
///
/// Returns `(start, end)` pairs, or `(start, duration)` with `broken_barh` (ns). One time gives
/// one zero-length range; no times give no ranges (ACT raises).
pub fn reduce_time_ranges(times_ns: &[i64], time_delta_s: f64, broken_barh: bool) -> Vec<(i64, i64)> {
    // ACT rounds the threshold to whole milliseconds.
    let limit = (time_delta_s * 1000.0) as i64 * 1_000_000;
    let mut out = Vec::new();
    let Some(&first) = times_ns.first() else { return out };
    let mut start = first;
    for w in times_ns.windows(2) {
        if w[1] - w[0] > limit {
            out.push((start, w[0]));
            start = w[1];
        }
    }
    out.push((start, times_ns[times_ns.len() - 1]));
    if broken_barh {
        out.iter_mut().for_each(|r| r.1 -= r.0);
    }
    out
}

/// Where to put each timestamp within its `time_bounds` interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// The start bound.
    Left,
    /// The true midpoint (t₀ + t₁) / 2.
    Center,
    /// The end bound.
    Right,
    /// ACT 2.3.4's `align='center'` (its act_compat form): t₀ + (t₀ − t₁)/2, half a bin before
    /// the start bound. Use it only to reproduce ACT's numbers.
    ActCenter,
}

/// Replaces the `time` coordinate in place from its bounds — ACT
/// `adjust_timestamp(ds, time_bounds='time_bounds', align, offset)`.
///
/// With `offset_s`, every time is shifted by that many seconds (bounds ignored, as ACT).
/// Otherwise `time_bounds(time, 2)` (decoded times, or numbers in the `time` variable's
/// encoded units) gives the new times per [`Align`].
///
/// **Fixes ACT**: ACT's `'center'` computes t₀ + (t₀ − t₁)/2, half a bin *before* the interval
/// (8 s before the left bound for 16 s ceilometer bins); here it is the midpoint (t₀ + t₁)/2.
/// [`Align::ActCenter`] reproduces ACT.
///
/// # Errors
/// No `time`, no bounds variable (without `offset_s`), bounds of the wrong shape or type.
pub fn adjust_timestamp(ds: &mut Dataset, time_bounds: &str, align: Align, offset_s: Option<f64>) -> Result<()> {
    let time = ds.time()?.to_vec();
    let new: Vec<i64> = if let Some(off) = offset_s {
        let d = (off * NS_PER_S).round() as i64;
        time.iter().map(|&t| if t == NAT { NAT } else { t + d }).collect()
    } else {
        let b = ds.get(time_bounds)?;
        if b.shape().len() != 2 || b.shape()[1] != 2 || b.shape()[0] != time.len() {
            return Err(Error::data(
                time_bounds,
                format!("adjust_timestamp: shape {:?}, expected ({}, 2)", b.shape(), time.len()),
            ));
        }
        let bounds_ns = bounds_as_ns(ds, time_bounds)?;
        bounds_ns
            .chunks_exact(2)
            .map(|p| {
                if p[0] == NAT || p[1] == NAT {
                    return NAT;
                }
                match align {
                    Align::Left => p[0],
                    Align::Right => p[1],
                    Align::Center => p[0] + (p[1] - p[0]) / 2,
                    Align::ActCenter => p[0] + (p[0] - p[1]) / 2,
                }
            })
            .collect()
    };
    let old = ds.get("time")?;
    let data = Data::Time(ndarray::Array1::from(new).into_dyn());
    let var = Variable::from_parts(old.dims().to_vec(), data, old.attrs().clone(), old.encoding().clone())?;
    ds.insert("time", var)?;
    Ok(())
}

/// Bounds as ns since 1970 (row-major), from decoded time data or from numbers in the units
/// of the `time` variable's encoding.
fn bounds_as_ns(ds: &Dataset, name: &str) -> Result<Vec<i64>> {
    let b = ds.get(name)?;
    if let Some(t) = b.data().as_time() {
        return Ok(t.iter().copied().collect());
    }
    let units = ds
        .get("time")?
        .encoding()
        .units
        .clone()
        .ok_or_else(|| Error::MissingAttribute {
            var: "time".into(),
            attr: "units".into(),
        })?;
    let tu = atmokit_core::time::TimeUnits::parse(&units)?;
    let vals = b.data().to_f64().ok_or_else(|| Error::not_numeric(name, b.dtype()))?;
    Ok(vals.iter().map(|&v| tu.decode_f64(v).unwrap_or(NAT)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn dates_and_formats() {
        assert_eq!(dates_between("20191230", "20200102").unwrap().len(), 4);
        assert!(dates_between("20200102", "20191230").unwrap().is_empty());
        assert!(dates_between("2019-12-30", "20200102").is_err());
        assert_eq!(
            numpy_to_arm_date(86_400 * S + 3723 * S, true).as_deref(),
            Some("010203")
        );
        assert_eq!(numpy_to_arm_date(86_400 * S, false).as_deref(), Some("19700102"));
        assert_eq!(numpy_to_arm_date(NAT, false), None);
        assert_eq!(
            date_parser("2019/07/08T01:02:03", "%Y-%m-%d %H").unwrap(),
            "2019-07-08 01"
        );
        assert!(date_parser("July 8", "%Y").is_err());
    }

    #[test]
    fn modal_step_ties_and_edge_cases() {
        assert_eq!(determine_time_delta(&[0, 2 * S, 4 * S, 5 * S, 6 * S], 60.0), 1.0);
        assert_eq!(determine_time_delta(&[0], 60.0), 60.0);
        assert_eq!(determine_time_delta(&[0, S / 2, S], 60.0), 0.5);
    }

    #[test]
    fn ranges_split_on_gaps() {
        let t = [0, 60 * S, 120 * S, 400 * S, 460 * S];
        assert_eq!(
            reduce_time_ranges(&t, 60.0, false),
            vec![(0, 120 * S), (400 * S, 460 * S)]
        );
        assert_eq!(
            reduce_time_ranges(&t, 60.0, true),
            vec![(0, 120 * S), (400 * S, 60 * S)]
        );
        assert_eq!(reduce_time_ranges(&[5], 60.0, false), vec![(5, 5)]);
        assert!(reduce_time_ranges(&[], 60.0, false).is_empty());
    }

    #[test]
    fn center_is_the_midpoint() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![16 * S, 32 * S])).unwrap();
        let b = ndarray::Array2::from_shape_vec((2, 2), vec![0, 16 * S, 16 * S, 32 * S])
            .unwrap()
            .into_dyn();
        ds.insert("time_bounds", Variable::new(["time", "bound"], Data::Time(b)).unwrap())
            .unwrap();
        adjust_timestamp(&mut ds, "time_bounds", Align::Center, None).unwrap();
        assert_eq!(ds.time().unwrap().to_vec(), vec![8 * S, 24 * S]);
        adjust_timestamp(&mut ds, "time_bounds", Align::Left, Some(-1.0)).unwrap();
        assert_eq!(ds.time().unwrap().to_vec(), vec![7 * S, 23 * S]);
        assert!(adjust_timestamp(&mut ds, "nope", Align::Left, None).is_err());
    }

    /// ACT 2.3.4 on the SGP ceilometer day (oracle `utils_misc`, `adjust_timestamp_ceil`): the
    /// first bin [2018-12-31 23:59:44, 2019-01-01 00:00:00] gets the centre 23:59:36.
    fn ns(text: &str) -> i64 {
        atmokit_core::time::parse_datetime(text).unwrap()
    }

    #[test]
    fn act_center_reproduces_act() {
        let t0 = ns("2018-12-31T23:59:44");
        let t1 = ns("2019-01-01T00:00:00");
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![t1])).unwrap();
        let b = ndarray::Array2::from_shape_vec((1, 2), vec![t0, t1])
            .unwrap()
            .into_dyn();
        ds.insert("time_bounds", Variable::new(["time", "bound"], Data::Time(b)).unwrap())
            .unwrap();
        adjust_timestamp(&mut ds, "time_bounds", Align::ActCenter, None).unwrap();
        assert_eq!(ds.time().unwrap()[0], ns("2018-12-31T23:59:36"));
        adjust_timestamp(&mut ds, "time_bounds", Align::Center, None).unwrap();
        assert_eq!(ds.time().unwrap()[0], ns("2018-12-31T23:59:52"));
    }

    #[test]
    fn time_delta_act_compat_truncates_like_act() {
        // ACT 2.3.4 `act.utils.datetime_utils.determine_time_delta` on 10 times 0.5 s, 16.6 s
        // and 0.1 s apart gave 0.0, 16.0 and 0.0 (tests/physics/act_compat_values.py).
        let times = |step_ms: i64| (0..10).map(|i| i * step_ms * 1_000_000).collect::<Vec<i64>>();
        assert_eq!(determine_time_delta_act_compat(&times(500), 60.0), 0.0);
        assert_eq!(determine_time_delta_act_compat(&times(16_600), 60.0), 16.0);
        assert_eq!(determine_time_delta_act_compat(&times(100), 60.0), 0.0);
        assert_eq!(determine_time_delta(&times(16_600), 60.0), 16.6);
        assert_eq!(determine_time_delta_act_compat(&[0], 60.0), 60.0);
    }
}
