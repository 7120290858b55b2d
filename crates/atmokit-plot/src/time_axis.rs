//! The shared time axis: x coordinates are UTC seconds since 1970 (f64), ticks fall on round UTC
//! times, and labels follow ACT's `TimeSeriesDisplay` formats (`%H:%M` within a day, `%b %d` for
//! dates) with three changes: days that start inside the span are labelled with their date (ACT
//! shows `00:00 12:00 00:00` on 2–3-day spans), no label repeats (ACT's 4-day axes read
//! `Jan 01 Jan 01 Jan 02`), and the dates with their year go in the axis description.

use chrono::{DateTime, Utc};

/// Nanoseconds since 1970 to seconds (f64); `None` for NaT (`i64::MIN`).
pub fn ns_to_s(ns: i64) -> Option<f64> {
    (ns != atmokit_core::NAT).then_some(ns as f64 * 1e-9)
}

/// First and last valid time (seconds) of a time coordinate, `None` if all are NaT.
pub fn span(times: &[i64]) -> Option<(f64, f64)> {
    let mut it = times.iter().filter_map(|&t| ns_to_s(t));
    let first = it.next()?;
    let (lo, hi) = it.fold((first, first), |(lo, hi), t| (lo.min(t), hi.max(t)));
    Some((lo, hi))
}

const STEPS: [f64; 17] = [
    1.0,
    10.0,
    30.0,
    60.0,
    300.0,
    600.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    10800.0,
    21600.0,
    43200.0,
    86400.0,
    172800.0,
    604800.0,
    2_592_000.0,
];

/// Round tick positions within [t0, t1] (seconds), at most `max_ticks` of them (at least 2 allowed).
pub fn ticks(t0: f64, t1: f64, max_ticks: usize) -> Vec<f64> {
    let span = (t1 - t0).max(1.0);
    let max_ticks = max_ticks.max(2) as f64;
    let step = STEPS
        .iter()
        .copied()
        .find(|s| span / s <= max_ticks)
        .unwrap_or_else(|| {
            let days = (span / max_ticks / 86400.0).ceil();
            days * 86400.0
        });
    let mut t = (t0 / step).ceil() * step;
    let mut out = Vec::new();
    while t <= t1 + 1e-6 {
        out.push(t);
        t += step;
    }
    out
}

/// Label of a tick at `t` seconds for an axis spanning [t0, t1]: `%H:%M` within a day
/// (`%H:%M:%S` under 10 minutes, where ACT's `%H:%M` would repeat labels), the date `%b %d` on a
/// tick at 00:00 UTC that starts a new day inside the span or when the span is longer than a day
/// (so 2–3-day axes show their dates and 4-day axes read `Jan 01 12:00 Jan 02 …` instead of
/// ACT's repeated `Jan 01 Jan 01`, as matplotlib's `ConciseDateFormatter` does), and `%Y-%m-%d`
/// on spans beyond a year.
pub fn label(t: f64, t0: f64, t1: f64) -> String {
    label_with(t, t0, t1, false)
}

/// [`label`], or with `act_compat` ACT 2.3.4's `%H:%M` also on spans under 10 minutes (where
/// neighbouring ticks then read the same).
pub fn label_with(t: f64, t0: f64, t1: f64, act_compat: bool) -> String {
    let Some(dt) = DateTime::<Utc>::from_timestamp(t.floor() as i64, 0) else {
        return String::new();
    };
    let span = t1 - t0;
    let midnight = t.rem_euclid(86400.0) == 0.0;
    if span > 366.0 * 86400.0 {
        dt.format("%Y-%m-%d").to_string()
    } else if span < 600.0 && !act_compat {
        dt.format("%H:%M:%S").to_string()
    } else if midnight && (span > 86400.0 || t > t0) {
        dt.format("%b %d").to_string()
    } else {
        dt.format("%H:%M").to_string()
    }
}

/// Last instant that belongs to a range ending at `t1` (an end exactly at 00:00 UTC belongs to
/// the day before).
fn last_day(t0: f64, t1: f64) -> f64 {
    if t1 > t0 && t1.rem_euclid(86400.0) == 0.0 {
        t1 - 1.0
    } else {
        t1
    }
}

/// The axis description under a time axis: `Time [UTC], 2019-01-01` for a span within one UTC
/// day, `Time [UTC], 2019-01-01 to 2019-01-03` otherwise (tick labels carry no year).
pub fn axis_desc(t0: f64, t1: f64) -> String {
    let d0 = iso_date(t0);
    let d1 = iso_date(last_day(t0, t1));
    if d0 == d1 {
        format!("Time [UTC], {d0}")
    } else {
        format!("Time [UTC], {d0} to {d1}")
    }
}

/// The dates of a plot title: `on 20190101` for one UTC day (ACT's form), `from 20190101 to
/// 20190107` for longer spans.
pub fn title_dates(t0: f64, t1: f64) -> String {
    let d0 = yyyymmdd(t0);
    let d1 = yyyymmdd(last_day(t0, t1));
    if d0 == d1 {
        format!("on {d0}")
    } else {
        format!("from {d0} to {d1}")
    }
}

/// `YYYY-MM-DD` of a time in seconds.
pub fn iso_date(t: f64) -> String {
    DateTime::<Utc>::from_timestamp(t.floor() as i64, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM-DD HH:MM UTC` of a time in seconds (launch times in sounding titles).
pub fn iso_minute(t: f64) -> String {
    DateTime::<Utc>::from_timestamp(t.floor() as i64, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// `YYYYMMDD` of a time in seconds (the date in ACT's titles).
pub fn yyyymmdd(t: f64) -> String {
    DateTime::<Utc>::from_timestamp(t.floor() as i64, 0)
        .map(|d| d.format("%Y%m%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY0: f64 = 1_546_300_800.0; // 2019-01-01T00:00:00Z

    #[test]
    fn one_day_gets_hour_ticks_labelled_hh_mm() {
        let t = ticks(DAY0, DAY0 + 86340.0, 10);
        assert_eq!(t[0], DAY0);
        assert_eq!(t[1] - t[0], 3.0 * 3600.0, "24 h over ≤10 ticks → 3 h step");
        assert_eq!(label(t[1], DAY0, DAY0 + 86340.0), "03:00");
    }

    #[test]
    fn seven_days_get_dates() {
        let t1 = DAY0 + 7.0 * 86400.0 - 60.0;
        let t = ticks(DAY0, t1, 10);
        assert_eq!(t[1] - t[0], 86400.0);
        assert_eq!(label(t[2], DAY0, t1), "Jan 03");
        assert_eq!(
            label(DAY0 + 30.0, DAY0, DAY0 + 120.0),
            "00:00:30",
            "short spans show seconds"
        );
    }

    #[test]
    fn span_skips_nat_and_title_date() {
        let ns = [atmokit_core::NAT, 1_546_300_860_000_000_000, 1_546_300_800_000_000_000];
        assert_eq!(span(&ns), Some((DAY0, DAY0 + 60.0)));
        assert_eq!(span(&[atmokit_core::NAT]), None);
        assert_eq!(yyyymmdd(DAY0 + 100.0), "20190101");
    }

    /// Tick labels of an axis the way `panel::build` computes them.
    fn labels(t0: f64, t1: f64, max_ticks: usize) -> Vec<String> {
        ticks(t0, t1, max_ticks).iter().map(|&t| label(t, t0, t1)).collect()
    }

    #[test]
    fn two_and_three_day_axes_show_their_dates() {
        let l = labels(DAY0, DAY0 + 2.0 * 86400.0 - 60.0, 10);
        assert_eq!(
            l,
            ["Jan 01", "06:00", "12:00", "18:00", "Jan 02", "06:00", "12:00", "18:00"]
        );
        let l = labels(DAY0, DAY0 + 3.0 * 86400.0 - 60.0, 10);
        assert!(
            l.contains(&"Jan 02".to_string()) && l.contains(&"Jan 03".to_string()),
            "{l:?}"
        );
        // A day that does not start at midnight shows the date where the new day begins.
        let l = labels(DAY0 + 18.0 * 3600.0, DAY0 + 30.0 * 3600.0, 8);
        assert!(
            l.contains(&"Jan 02".to_string()) && l.contains(&"18:00".to_string()),
            "{l:?}"
        );
        // One whole day keeps ACT's 00:00 first label.
        assert_eq!(labels(DAY0, DAY0 + 86340.0, 10)[0], "00:00");
    }

    #[test]
    fn no_date_label_repeats_on_any_span() {
        for days in [1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 10.0, 31.0, 90.0, 400.0, 800.0] {
            for max_ticks in [4, 8, 11, 12] {
                let all = labels(DAY0, DAY0 + days * 86400.0 - 60.0, max_ticks);
                let l: Vec<&String> = all.iter().filter(|s| !s.contains(':')).collect();
                if days > 1.0 {
                    assert!(!l.is_empty(), "{days} days: no date among {all:?}");
                }
                let mut u = l.clone();
                u.sort();
                u.dedup();
                assert_eq!(u.len(), l.len(), "{days} days, {max_ticks} ticks: {all:?}");
            }
        }
        let l = labels(DAY0, DAY0 + 4.0 * 86400.0 - 60.0, 11);
        assert_eq!(&l[..3], ["Jan 01", "12:00", "Jan 02"]);
    }

    #[test]
    fn axis_descriptions_and_titles_carry_the_dates_with_year() {
        assert_eq!(axis_desc(DAY0, DAY0 + 86340.0), "Time [UTC], 2019-01-01");
        assert_eq!(
            axis_desc(DAY0, DAY0 + 86400.0),
            "Time [UTC], 2019-01-01",
            "end at 00:00"
        );
        assert_eq!(
            axis_desc(DAY0, DAY0 + 7.0 * 86400.0 - 60.0),
            "Time [UTC], 2019-01-01 to 2019-01-07"
        );
        assert_eq!(title_dates(DAY0, DAY0 + 86340.0), "on 20190101");
        assert_eq!(
            title_dates(DAY0, DAY0 + 7.0 * 86400.0 - 60.0),
            "from 20190101 to 20190107"
        );
        assert_eq!(iso_minute(DAY0 + 5.0 * 3600.0 + 1800.0), "2019-01-01 05:30 UTC");
    }
}
