//! ACT's `day_night_background`: grey (0.85) night, `#FFFFCC` daylight from sunrise to sunset, and
//! a yellow line at solar noon, from the site's latitude and longitude.
//!
//! Sun times come from [`atmokit_physics::solar::get_sunrise_sunset_noon`] (Skyfield's
//! definitions, as ACT: the Sun's centre at −0.8333° geometric elevation; within 1 s of ACT),
//! evaluated for every UTC date of the plotted range and one day either side, as ACT does.

use crate::error::{Result, draw_err};
use crate::panel::TimeCoord;
use crate::style;
use atmokit_core::Dataset;
use atmokit_physics::solar::get_sunrise_sunset_noon;
use chrono::{DateTime, NaiveDate};
use plotters::prelude::*;

/// Daylight intervals `(start, end)` and solar noons, seconds since 1970 (UTC).
pub type Daylight = (Vec<(f64, f64)>, Vec<f64>);

/// Most UTC dates evaluated for one background; longer ranges draw no background (a day is then
/// narrower than a pixel).
const MAX_DAYS: i64 = 3700;

/// UTC date containing `t` seconds since 1970.
fn date_of(t: f64) -> Option<NaiveDate> {
    DateTime::from_timestamp(t.floor() as i64, 0).map(|d| d.date_naive())
}

/// Daylight intervals and solar noons (seconds since 1970) overlapping `[t0, t1]` at a site
/// (latitude, longitude in degrees north/east). Each UTC date from the day before `t0` to the
/// day after `t1` contributes its sunrise–sunset interval and noon; a polar day spans from the
/// last sunrise before to the next sunset after, a polar night contributes nothing (ACT/Skyfield
/// semantics). `None` for an invalid site or range (ACT warns and skips the background).
pub fn daylight_spans(t0: f64, t1: f64, lat: f64, lon: f64) -> Option<Daylight> {
    if !(t0.is_finite() && t1.is_finite() && t0 <= t1) {
        return None;
    }
    let first = date_of(t0)?.pred_opt()?;
    let last = date_of(t1)?.succ_opt()?;
    if (last - first).num_days() > MAX_DAYS {
        return None;
    }
    let (mut spans, mut noons) = (Vec::new(), Vec::new());
    for date in first.iter_days().take_while(|d| *d <= last) {
        // One date per call so that sunrise, sunset and noon of that date stay paired.
        let ev = get_sunrise_sunset_noon(lat, lon, &[date]).ok()?;
        let s = |ns: &i64| *ns as f64 * 1e-9;
        if let (Some(r), Some(e)) = (ev.sunrise.first(), ev.sunset.first()) {
            spans.push((s(r), s(e)));
        }
        noons.extend(ev.noon.iter().map(s));
    }
    spans.retain(|(a, b)| *b > t0 && *a < t1);
    noons.retain(|n| *n >= t0 && *n <= t1);
    Some((spans, noons))
}

/// First finite value of the first present variable among `names` (or one whose
/// `standard_name` is `standard`).
fn first_value(ds: &Dataset, names: &[&str], standard: &str) -> Option<f64> {
    let by_name = names.iter().find_map(|n| ds.var(n));
    let var = by_name.or_else(|| {
        ds.variables()
            .map(|(_, v)| v)
            .find(|v| v.attr_str("standard_name") == Some(standard))
    })?;
    var.data().to_f64()?.iter().copied().find(|v| v.is_finite())
}

/// Site latitude and longitude (degrees) from `lat`/`latitude` and `lon`/`longitude` (or the
/// CF standard names); `None` when absent or out of range (ACT warns and skips the background).
pub fn site_lat_lon(ds: &Dataset) -> Option<(f64, f64)> {
    let lat = first_value(ds, &["lat", "latitude"], "latitude")?;
    let lon = first_value(ds, &["lon", "longitude"], "longitude")?;
    (lat.abs() <= 90.0 && lon.abs() <= 360.0).then_some((lat, lon))
}

/// Paint the background of a time panel over its whole value range `y`.
pub fn draw<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, TimeCoord>,
    x: (f64, f64),
    y: (f64, f64),
    (lat, lon): (f64, f64),
) -> Result<()> {
    let Some((spans, noons)) = daylight_spans(x.0, x.1, lat, lon) else {
        return Ok(());
    };
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(x.0, y.0), (x.1, y.1)],
            style::NIGHT.filled(),
        )))
        .map_err(draw_err)?;
    chart
        .draw_series(
            spans
                .iter()
                .map(|&(a, b)| Rectangle::new([(a.max(x.0), y.0), (b.min(x.1), y.1)], style::DAY.filled())),
        )
        .map_err(draw_err)?;
    for n in noons {
        chart
            .draw_series(LineSeries::new([(n, y.0), (n, y.1)], style::NOON.stroke_width(1)))
            .map_err(draw_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN1: f64 = 1_546_300_800.0; // 2019-01-01T00:00Z

    #[test]
    fn sgp_jan_1_span_is_the_skyfield_sunrise_and_sunset() {
        // ACT oracle utils_solar.json (Skyfield/DE421) for SGP 2019-01-01: sunrise 13:42:10.6,
        // sunset 23:24:57.5, noon 18:33:30.4 UTC.
        let (spans, noons) = daylight_spans(JAN1, JAN1 + 86_399.0, 36.605, -97.485).unwrap();
        let hms = |h: f64, m: f64, s: f64| JAN1 + h * 3600.0 + m * 60.0 + s;
        let day = spans
            .iter()
            .find(|(a, _)| (a - hms(13.0, 42.0, 10.6)).abs() < 2.0)
            .unwrap_or_else(|| panic!("no span starting at the oracle sunrise: {spans:?}"));
        assert!((day.1 - hms(23.0, 24.0, 57.5)).abs() < 2.0, "{day:?}");
        assert_eq!(noons.len(), 1);
        assert!((noons[0] - hms(18.0, 33.0, 30.4)).abs() < 2.0);
        // The previous and next days' spans end/start outside the range (sunset 23:25 UTC).
        assert_eq!(spans.len(), 1, "{spans:?}");
    }

    #[test]
    fn polar_night_has_no_daylight_and_bad_sites_none() {
        let dec15 = JAN1 + 348.0 * 86400.0;
        let (spans, noons) = daylight_spans(dec15, dec15 + 86400.0, 71.323, -156.609).unwrap();
        assert!(spans.is_empty() && noons.is_empty());
        assert!(daylight_spans(JAN1, JAN1 + 10.0, 95.0, 0.0).is_none());
        assert!(daylight_spans(JAN1, f64::NAN, 36.6, -97.5).is_none());
    }

    #[test]
    fn polar_day_covers_the_whole_range() {
        let jun15 = JAN1 + 165.0 * 86400.0;
        let (spans, _) = daylight_spans(jun15, jun15 + 86400.0, 71.323, -156.609).unwrap();
        assert!(
            spans.iter().any(|(a, b)| *a <= jun15 && *b >= jun15 + 86400.0),
            "{spans:?}"
        );
    }
}
