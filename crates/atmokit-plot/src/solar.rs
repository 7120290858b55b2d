//! Sunrise, sunset and solar noon for the day/night background.
//!
//! NOAA Solar Calculator equations (after Meeus, *Astronomical Algorithms*, 1991): solar
//! declination and equation of time from the fractional Julian century, sunrise/sunset where the
//! solar zenith is 90.833° (refraction and the solar disc's radius included), evaluated once at
//! the day's noon and then again at the event time for ~1-minute accuracy. ACT uses Skyfield with
//! the DE421 ephemeris (`act.utils.geo_utils.get_sunrise_sunset_noon`); the two agree within
//! about a minute at mid-latitudes (tested against the ACT oracle). This private copy exists
//! because atmokit-physics' solar module was not yet available when the plot crate was written.

/// Sun events of one UTC day at a site, in seconds since 1970 (UTC).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SunDay {
    /// The sun rises and sets on this day.
    RiseSet {
        /// Sunrise.
        sunrise: f64,
        /// Sunset (may fall on the next UTC day).
        sunset: f64,
        /// Solar noon.
        noon: f64,
    },
    /// Polar day: the sun stays up.
    AlwaysUp {
        /// Solar noon.
        noon: f64,
    },
    /// Polar night: the sun stays down.
    AlwaysDown,
}

/// Declination (radians) and equation of time (minutes) at `t` seconds since 1970.
fn declination_eqtime(t: f64) -> (f64, f64) {
    let jd = t / 86400.0 + 2_440_587.5;
    let jc = (jd - 2_451_545.0) / 36525.0;
    let l0 = (280.46646 + jc * (36000.76983 + jc * 0.0003032)).rem_euclid(360.0);
    let m = 357.52911 + jc * (35999.05029 - 0.0001537 * jc);
    let e = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc);
    let mr = m.to_radians();
    let c = mr.sin() * (1.914602 - jc * (0.004817 + 0.000014 * jc))
        + (2.0 * mr).sin() * (0.019993 - 0.000101 * jc)
        + (3.0 * mr).sin() * 0.000289;
    let true_long = l0 + c;
    let omega = 125.04 - 1934.136 * jc;
    let app_long = true_long - 0.00569 - 0.00478 * omega.to_radians().sin();
    let obliq0 = 23.0 + (26.0 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60.0) / 60.0;
    let obliq = obliq0 + 0.00256 * omega.to_radians().cos();
    let decl = (obliq.to_radians().sin() * app_long.to_radians().sin()).asin();
    let y = (obliq.to_radians() / 2.0).tan().powi(2);
    let l0r = l0.to_radians();
    let eqtime = 4.0
        * (y * (2.0 * l0r).sin() - 2.0 * e * mr.sin() + 4.0 * e * y * mr.sin() * (2.0 * l0r).cos()
            - 0.5 * y * y * (4.0 * l0r).sin()
            - 1.25 * e * e * (2.0 * mr).sin())
        .to_degrees();
    (decl, eqtime)
}

/// Solar noon (s) of the UTC day starting at `day_start` (s, a multiple of 86400) at `lon_deg` (east +).
fn noon(day_start: f64, lon_deg: f64) -> f64 {
    let mut t = day_start + 43200.0 - lon_deg * 240.0;
    for _ in 0..2 {
        let (_, eq) = declination_eqtime(t);
        t = day_start + (720.0 - 4.0 * lon_deg - eq) * 60.0;
    }
    t
}

/// Hour angle (degrees) of the 90.833° zenith at time `t`; `Err(true)` polar day, `Err(false)` polar night.
fn hour_angle(t: f64, lat_deg: f64) -> Result<f64, bool> {
    let (decl, _) = declination_eqtime(t);
    let lat = lat_deg.to_radians();
    let cos_h = (90.833f64.to_radians().cos() - lat.sin() * decl.sin()) / (lat.cos() * decl.cos());
    if cos_h < -1.0 {
        Err(true)
    } else if cos_h > 1.0 {
        Err(false)
    } else {
        Ok(cos_h.acos().to_degrees())
    }
}

/// Sun events of the UTC day containing `t` (s since 1970) at latitude/longitude in degrees
/// (north/east positive). Non-finite or out-of-range coordinates give `None`.
pub fn sun_day(t: f64, lat_deg: f64, lon_deg: f64) -> Option<SunDay> {
    if !(lat_deg.is_finite() && lon_deg.is_finite() && lat_deg.abs() <= 90.0 && lon_deg.abs() <= 360.0) {
        return None;
    }
    let day_start = (t / 86400.0).floor() * 86400.0;
    let noon_t = noon(day_start, lon_deg);
    let ha = match hour_angle(noon_t, lat_deg) {
        Ok(h) => h,
        Err(true) => return Some(SunDay::AlwaysUp { noon: noon_t }),
        Err(false) => return Some(SunDay::AlwaysDown),
    };
    // Refine each event with the declination at the event itself.
    let rise0 = noon_t - ha * 240.0;
    let set0 = noon_t + ha * 240.0;
    let sunrise = hour_angle(rise0, lat_deg).map(|h| noon_t - h * 240.0).unwrap_or(rise0);
    let sunset = hour_angle(set0, lat_deg).map(|h| noon_t + h * 240.0).unwrap_or(set0);
    Some(SunDay::RiseSet {
        sunrise,
        sunset,
        noon: noon_t,
    })
}

/// Daylight intervals `(start, end)` and solar noons, seconds since 1970.
pub type Daylight = (Vec<(f64, f64)>, Vec<f64>);

/// Daylight intervals `(start, end)` and noons (seconds) overlapping [t0, t1]; `None` when the
/// coordinates are invalid.
pub fn daylight_spans(t0: f64, t1: f64, lat_deg: f64, lon_deg: f64) -> Option<Daylight> {
    let mut spans = Vec::new();
    let mut noons = Vec::new();
    let first = (t0 / 86400.0).floor() - 1.0;
    let last = (t1 / 86400.0).floor() + 1.0;
    let mut d = first;
    while d <= last {
        let start = d * 86400.0;
        match sun_day(start, lat_deg, lon_deg)? {
            SunDay::RiseSet { sunrise, sunset, noon } => {
                spans.push((sunrise, sunset));
                noons.push(noon);
            }
            SunDay::AlwaysUp { noon } => {
                spans.push((start, start + 86400.0));
                noons.push(noon);
            }
            SunDay::AlwaysDown => {}
        }
        d += 1.0;
    }
    spans.retain(|(a, b)| *b > t0 && *a < t1);
    noons.retain(|n| *n >= t0 && *n <= t1);
    Some((spans, noons))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN1: f64 = 1_546_300_800.0; // 2019-01-01T00:00Z

    fn hms(h: f64, m: f64, s: f64) -> f64 {
        h * 3600.0 + m * 60.0 + s
    }

    #[test]
    fn sgp_jan_1_matches_act_oracle_within_a_minute() {
        // ACT oracle utils_solar.json (Skyfield/DE421): sunrise 13:42:10.6, sunset 23:24:57.5, noon 18:33:30.4 UTC.
        let Some(SunDay::RiseSet { sunrise, sunset, noon }) = sun_day(JAN1 + 10.0, 36.605, -97.485) else {
            panic!("expected rise and set")
        };
        assert!(
            (sunrise - (JAN1 + hms(13.0, 42.0, 10.6))).abs() < 60.0,
            "sunrise {}",
            sunrise - JAN1
        );
        assert!(
            (sunset - (JAN1 + hms(23.0, 24.0, 57.5))).abs() < 60.0,
            "sunset {}",
            sunset - JAN1
        );
        assert!(
            (noon - (JAN1 + hms(18.0, 33.0, 30.4))).abs() < 30.0,
            "noon {}",
            noon - JAN1
        );
    }

    #[test]
    fn polar_day_and_night_at_nsa() {
        // Oracle: Utqiaġvik 2019-06-01 is polar day, 2019-12-15 polar night.
        let jun1 = JAN1 + 151.0 * 86400.0;
        assert!(matches!(sun_day(jun1, 71.323, -156.609), Some(SunDay::AlwaysUp { .. })));
        let dec15 = JAN1 + 348.0 * 86400.0;
        assert_eq!(sun_day(dec15, 71.323, -156.609), Some(SunDay::AlwaysDown));
        assert_eq!(sun_day(JAN1, f64::NAN, 0.0), None);
    }

    #[test]
    fn spans_cover_three_days() {
        let (spans, noons) = daylight_spans(JAN1, JAN1 + 3.0 * 86400.0, 36.605, -97.485).unwrap();
        assert_eq!(spans.len(), 3);
        assert_eq!(noons.len(), 3);
    }
}
