//! Sunrise, sunset and solar noon (ACT `get_sunrise_sunset_noon`), polar day and night included.
//!
//! Definitions follow Skyfield's `almanac`, which ACT uses:
//! - **sunrise / sunset**: the Sun's centre crosses a geometric (unrefracted) apparent elevation of
//!   −0.8333°, i.e. the top limb (16′ semi-diameter) touches the horizon under 34′ of standard
//!   refraction;
//! - **noon**: the upper meridian transit (topocentric hour angle 0) on the UTC date, listed only
//!   when the Sun is up then (so polar night gives no noon);
//! - sunrise is the last rise within 12 h before noon, sunset the first set within 12 h after;
//!   in polar day there is none, and, as ACT does, the last sunrise before (up to 200 days back)
//!   and the next sunset after (up to 200 days ahead) are reported instead. Polar night gives
//!   empty lists.
//!
//! Crossings are bracketed on a 5-minute grid and refined by bisection to 1 ms.

use super::position::{check_site, for_each_position, position_exact};
use atmokit_core::{Error, Result};
use chrono::NaiveDate;

/// Geometric solar-centre elevation (degrees) at sunrise and sunset.
pub const SUNRISE_ELEVATION: f64 = -0.8333;
const MINUTE: i64 = 60_000_000_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const GRID: i64 = 5 * MINUTE;

/// Sunrise, sunset and noon times (ns since 1970, UTC), one list each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SunEvents {
    /// Sunrise times.
    pub sunrise: Vec<i64>,
    /// Sunset times.
    pub sunset: Vec<i64>,
    /// Solar-noon (upper transit) times.
    pub noon: Vec<i64>,
}

/// Midnight UTC of a date in ns since 1970.
fn midnight(date: NaiveDate) -> Result<i64> {
    date.and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_utc().timestamp_nanos_opt())
        .ok_or_else(|| Error::invalid(format!("sunrise/sunset: date {date} is out of range")))
}

/// (geometric elevation, hour angle) on a grid `start + k·step`, k = 0..n.
fn grid(lat: f64, lon: f64, start: i64, step: i64, n: usize) -> Result<(Vec<i64>, Vec<f64>, Vec<f64>)> {
    let times: Vec<i64> = (0..n as i64).map(|k| start + k * step).collect();
    let mut elev = vec![0.0; n];
    let mut ha = vec![0.0; n];
    for_each_position(&times, lat, lon, true, |i, e, _, _, h| {
        elev[i] = e;
        ha[i] = h;
    })?;
    Ok((times, elev, ha))
}

/// Bisection to 1 ms for a sign change of `f` between `a` (f(a) < 0) and `b` (f(b) ≥ 0) or the
/// reverse; returns the time of the crossing.
fn bisect(mut a: i64, mut b: i64, f: impl Fn(i64) -> Result<f64>) -> Result<i64> {
    let fa_neg = f(a)? < 0.0;
    while b - a > 1_000_000 {
        let m = a + (b - a) / 2;
        if (f(m)? < 0.0) == fa_neg {
            a = m;
        } else {
            b = m;
        }
    }
    Ok(a + (b - a) / 2)
}

/// Rising (`rising = true`) or setting crossings of the sunrise elevation in [start, end].
fn crossings(lat: f64, lon: f64, start: i64, end: i64, rising: bool) -> Result<Vec<i64>> {
    let n = ((end - start) / GRID + 1) as usize;
    let (t, e, _) = grid(lat, lon, start, GRID, n)?;
    let f = |ns: i64| position_exact(ns, lat, lon).map(|p| p.0 - SUNRISE_ELEVATION);
    let mut out = Vec::new();
    for k in 0..n.saturating_sub(1) {
        let (a, b) = (e[k] - SUNRISE_ELEVATION, e[k + 1] - SUNRISE_ELEVATION);
        if (rising && a < 0.0 && b >= 0.0) || (!rising && a >= 0.0 && b < 0.0) {
            out.push(bisect(t[k], t[k + 1], f)?);
        }
    }
    Ok(out)
}

/// Searches day-sized windows away from `from` (backwards or forwards) up to 200 days for the
/// nearest rising or setting crossing.
fn search_far(lat: f64, lon: f64, from: i64, rising: bool, backwards: bool) -> Result<Option<i64>> {
    const CHUNK: i64 = 10 * DAY;
    for k in 0..20 {
        let (a, b) = if backwards {
            (from - (k + 1) * CHUNK, from - k * CHUNK)
        } else {
            (from + k * CHUNK, from + (k + 1) * CHUNK)
        };
        let found = crossings(lat, lon, a, b, rising)?;
        let pick = if backwards { found.last() } else { found.first() };
        if let Some(&t) = pick {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Sunrise, sunset and solar noon for each UTC date at a site — ACT
/// `geo_utils.get_sunrise_sunset_noon(latitude, longitude, date)`.
///
/// `latitude`/`longitude` in degrees (north/east); `dates` are UTC calendar dates. See the
/// module docs for the definitions, polar day and polar night. Times are ns since 1970 UTC.
///
/// # Errors
/// An invalid site or a date outside 1678–2262.
pub fn get_sunrise_sunset_noon(latitude: f64, longitude: f64, dates: &[NaiveDate]) -> Result<SunEvents> {
    check_site(latitude, longitude)?;
    let mut ev = SunEvents::default();
    for &date in dates {
        let t0 = midnight(date)?;
        let n = (DAY / GRID + 1) as usize;
        let (t, _, ha) = grid(latitude, longitude, t0, GRID, n)?;
        for k in 0..n - 1 {
            // Upper transit: the hour angle passes 0 from negative to positive (not the ±180° wrap).
            if ha[k] < 0.0 && ha[k + 1] >= 0.0 && ha[k + 1] - ha[k] < 90.0 {
                let noon = bisect(t[k], t[k + 1], |ns| {
                    position_exact(ns, latitude, longitude).map(|p| p.3)
                })?;
                if position_exact(noon, latitude, longitude)?.0 <= SUNRISE_ELEVATION {
                    continue; // polar night: the Sun stays down
                }
                ev.noon.push(noon);
                let rise = crossings(latitude, longitude, noon - 12 * HOUR, noon, true)?
                    .last()
                    .copied();
                let rise = match rise {
                    Some(r) => Some(r),
                    None => search_far(latitude, longitude, noon - 12 * HOUR, true, true)?,
                };
                let set = crossings(latitude, longitude, noon, noon + 12 * HOUR, false)?
                    .first()
                    .copied();
                let set = match set {
                    Some(s) => Some(s),
                    None => search_far(latitude, longitude, noon + 12 * HOUR, false, false)?,
                };
                ev.sunrise.extend(rise);
                ev.sunset.extend(set);
            }
        }
    }
    Ok(ev)
}

/// Parses ACT's `'YYYYMMDD'` date strings.
///
/// # Errors
/// [`Error::InvalidArgument`] naming the text.
pub fn parse_yyyymmdd(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y%m%d")
        .map_err(|e| Error::invalid(format!("date '{text}' is not YYYYMMDD: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equator_equinox_day_is_about_twelve_hours() {
        // At the equator, day length ≈ 12 h + ~7 min (refraction + semi-diameter, Meeus ch. 15).
        let d = NaiveDate::from_ymd_opt(2019, 3, 20).unwrap();
        let ev = get_sunrise_sunset_noon(0.0, 0.0, &[d]).unwrap();
        let len_min = (ev.sunset[0] - ev.sunrise[0]) as f64 / 60e9;
        assert!((len_min - 727.0).abs() < 3.0, "{len_min}");
        // Noon near 12:00 UTC minus the equation of time (+7.5 min on 20 March → ~12:07:30).
        let noon_min = (ev.noon[0] - midnight(d).unwrap()) as f64 / 60e9;
        assert!((noon_min - 727.5).abs() < 1.0, "{noon_min}");
    }

    #[test]
    fn polar_night_is_empty_and_bad_input_errors() {
        let d = NaiveDate::from_ymd_opt(2019, 12, 21).unwrap();
        assert_eq!(get_sunrise_sunset_noon(80.0, 0.0, &[d]).unwrap(), SunEvents::default());
        assert!(get_sunrise_sunset_noon(91.0, 0.0, &[d]).is_err());
        assert!(parse_yyyymmdd("2019-01-01").is_err());
        assert_eq!(
            parse_yyyymmdd("20190101").unwrap(),
            NaiveDate::from_ymd_opt(2019, 1, 1).unwrap()
        );
    }
}
