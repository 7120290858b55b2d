//! The shared time axis: x coordinates are UTC seconds since 1970 (f64), ticks fall on round UTC
//! times, and labels are formatted as ACT's `TimeSeriesDisplay` does: `%H:%M` when the plotted span
//! is at most 3 days, `%b %d` beyond; spans under 10 minutes get `%H:%M:%S` (ACT would repeat
//! identical `%H:%M` labels there).

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

/// True when the span (seconds) is longer than 3 days, so labels show dates.
pub fn shows_dates(t0: f64, t1: f64) -> bool {
    t1 - t0 > 3.0 * 86400.0
}

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

/// Label of a tick at `t` seconds for an axis spanning [t0, t1] (ACT's formats).
pub fn label(t: f64, t0: f64, t1: f64) -> String {
    let Some(dt) = DateTime::<Utc>::from_timestamp(t.floor() as i64, 0) else {
        return String::new();
    };
    if shows_dates(t0, t1) {
        dt.format("%b %d").to_string()
    } else if t1 - t0 < 600.0 {
        // Spans under 10 minutes tick every few seconds; ACT's %H:%M would repeat labels.
        dt.format("%H:%M:%S").to_string()
    } else {
        dt.format("%H:%M").to_string()
    }
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
        assert!(!shows_dates(DAY0, DAY0 + 3.0 * 86400.0), "exactly 3 days still %H:%M");
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
}
