//! Time: i64 nanoseconds since 1970-01-01 UTC, and CF "UNITS since DATE" strings.
//!
//! ARM files write units such as `seconds since 2019-01-01 00:00:00 0:00` and
//! `seconds since 1970-1-1 0:00:00 0:00`: one-digit fields and a bare `0:00` zone offset, which
//! most CF parsers refuse. [`TimeUnits::parse`] accepts them along with ISO forms
//! (`2019-01-01T00:00:00Z`, `+05:30`, `UTC`). Calendars `standard`, `gregorian` and
//! `proleptic_gregorian` are supported (they agree for every date after 1582-10-15); others are
//! refused with a clear error.
//!
//! Decoding rounds to the nearest nanosecond, splitting whole and fractional units so that
//! large offsets (`seconds since 1970` ≈ 1.5e9) keep full precision.
//!
//! ```
//! use atmokit_core::time::{TimeUnits, format_ns};
//! let u = TimeUnits::parse("seconds since 2019-01-01 00:00:00 0:00").unwrap();
//! assert_eq!(format_ns(u.decode_f64(600.0).unwrap()), "2019-01-01T00:10:00.000000000");
//! ```

use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::fmt;

/// The missing-time marker ("not a time"), as in numpy.
pub const NAT: i64 = i64::MIN;

/// Nanoseconds per second.
pub const NS_PER_S: i64 = 1_000_000_000;

/// The step of a CF time unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeStep {
    /// nanoseconds
    Nanoseconds,
    /// microseconds
    Microseconds,
    /// milliseconds
    Milliseconds,
    /// seconds
    Seconds,
    /// minutes
    Minutes,
    /// hours
    Hours,
    /// days (86400 s; CF has no leap seconds)
    Days,
}

impl TimeStep {
    /// Length of one step in nanoseconds.
    pub fn ns(self) -> i64 {
        match self {
            TimeStep::Nanoseconds => 1,
            TimeStep::Microseconds => 1_000,
            TimeStep::Milliseconds => 1_000_000,
            TimeStep::Seconds => NS_PER_S,
            TimeStep::Minutes => 60 * NS_PER_S,
            TimeStep::Hours => 3600 * NS_PER_S,
            TimeStep::Days => 86_400 * NS_PER_S,
        }
    }

    /// Parse a unit word (`s`, `sec`, `seconds`, `min`, `hours`, `days`, `ms`, `us`, …; any case).
    pub fn parse(word: &str) -> Option<TimeStep> {
        Some(match word.to_ascii_lowercase().as_str() {
            "ns" | "nsec" | "nsecs" | "nanosecond" | "nanoseconds" => TimeStep::Nanoseconds,
            "us" | "µs" | "usec" | "usecs" | "microsecond" | "microseconds" => TimeStep::Microseconds,
            "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => TimeStep::Milliseconds,
            "s" | "sec" | "secs" | "second" | "seconds" => TimeStep::Seconds,
            "min" | "mins" | "minute" | "minutes" => TimeStep::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => TimeStep::Hours,
            "d" | "day" | "days" => TimeStep::Days,
            _ => return None,
        })
    }

    /// The canonical CF word (`"seconds"`, …).
    pub fn name(self) -> &'static str {
        match self {
            TimeStep::Nanoseconds => "nanoseconds",
            TimeStep::Microseconds => "microseconds",
            TimeStep::Milliseconds => "milliseconds",
            TimeStep::Seconds => "seconds",
            TimeStep::Minutes => "minutes",
            TimeStep::Hours => "hours",
            TimeStep::Days => "days",
        }
    }
}

/// A parsed CF time unit: a step and an epoch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeUnits {
    /// Length of one unit.
    pub step: TimeStep,
    /// The reference time, ns since 1970 UTC (the zone offset already applied).
    pub epoch_ns: i64,
}

impl TimeUnits {
    /// Parse `"<unit> since <date>[ <time>][ <zone>]"`.
    pub fn parse(units: &str) -> Result<TimeUnits> {
        let err = |reason: &str| Error::TimeParse {
            text: units.to_string(),
            reason: reason.to_string(),
        };
        let text = units.trim();
        let lower = text.to_ascii_lowercase();
        let pos = lower
            .find(" since ")
            .ok_or_else(|| err("expected '<unit> since <date>'"))?;
        let step = TimeStep::parse(text[..pos].trim()).ok_or_else(|| err("unknown time unit"))?;
        let epoch_ns = parse_datetime(text[pos + 7..].trim()).map_err(|e| match e {
            Error::TimeParse { reason, .. } => err(&reason),
            other => other,
        })?;
        Ok(TimeUnits { step, epoch_ns })
    }

    /// Check that a CF `calendar` attribute is one this library decodes.
    pub fn check_calendar(calendar: &str) -> Result<()> {
        match calendar.trim().to_ascii_lowercase().as_str() {
            "" | "standard" | "gregorian" | "proleptic_gregorian" => Ok(()),
            other => Err(Error::TimeParse {
                text: calendar.to_string(),
                reason: format!(
                    "calendar '{other}' is not supported (standard, gregorian and proleptic_gregorian are)"
                ),
            }),
        }
    }

    /// Decode a value in these units to ns since 1970, rounding to the nearest ns.
    /// NaN and ±inf give [`NAT`]; a value outside 1678–2262 gives `None`.
    pub fn decode_f64(&self, value: f64) -> Option<i64> {
        if !value.is_finite() {
            return Some(NAT);
        }
        let step = self.step.ns();
        let whole = value.trunc();
        if whole.abs() > (i64::MAX / step) as f64 {
            return None;
        }
        let frac_ns = ((value - whole) * step as f64).round() as i64;
        (whole as i64)
            .checked_mul(step)?
            .checked_add(frac_ns)?
            .checked_add(self.epoch_ns)
            .filter(|&v| v != NAT)
    }

    /// Decode an integer value exactly.
    pub fn decode_i64(&self, value: i64) -> Option<i64> {
        value
            .checked_mul(self.step.ns())?
            .checked_add(self.epoch_ns)
            .filter(|&v| v != NAT)
    }

    /// Encode ns since 1970 as a value in these units (NaT → NaN).
    pub fn encode_f64(&self, ns: i64) -> f64 {
        if ns == NAT {
            return f64::NAN;
        }
        let d = ns as i128 - self.epoch_ns as i128;
        let step = self.step.ns() as i128;
        let whole = d.div_euclid(step);
        let rem = d.rem_euclid(step);
        whole as f64 + rem as f64 / step as f64
    }

    /// Encode as a whole number of units when exact, else None.
    pub fn encode_i64(&self, ns: i64) -> Option<i64> {
        if ns == NAT {
            return None;
        }
        let d = ns as i128 - self.epoch_ns as i128;
        let step = self.step.ns() as i128;
        (d % step == 0).then(|| i64::try_from(d / step).ok()).flatten()
    }
}

impl fmt::Display for TimeUnits {
    /// `"seconds since 2019-01-01 00:00:00 0:00"`, the ARM form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dt = to_chrono(self.epoch_ns).unwrap_or_default();
        write!(f, "{} since {} 0:00", self.step.name(), dt.format("%Y-%m-%d %H:%M:%S"))
    }
}

/// A decoded time (ns since 1970) as cftime 1.6 decodes the same value, for ACT 2.3.4
/// compatibility: the offset from the units' reference date rounded to the nearest microsecond
/// (half to even), then, for units of seconds and longer, snapped to the whole second when it is
/// one microsecond off it (cftime rounds down from `…000001` and up from `…999999`). NaT stays
/// NaT. Reference: cftime's `num2date` documentation ("microsecond accuracy").
///
/// ```
/// use atmokit_core::time::{TimeUnits, cftime_microseconds};
/// let tu = TimeUnits::parse("seconds since 2019-01-01 00:00:00")?;
/// // 2.0000006 s: 2000001 µs to the nearest, one µs past a second → 2 s.
/// let ns = tu.decode_f64(2.0000006).unwrap();
/// assert_eq!(cftime_microseconds(ns, &tu) - tu.epoch_ns, 2_000_000_000);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn cftime_microseconds(ns: i64, units: &TimeUnits) -> i64 {
    if ns == NAT {
        return NAT;
    }
    let rel = i128::from(ns) - i128::from(units.epoch_ns);
    let (q, r) = (rel.div_euclid(1000), rel.rem_euclid(1000));
    let nearest = match r.cmp(&500) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    };
    let us = if matches!(
        units.step,
        TimeStep::Microseconds | TimeStep::Milliseconds | TimeStep::Nanoseconds
    ) {
        nearest
    } else {
        match nearest.rem_euclid(1_000_000) {
            1 => q,
            999_999 => q + i128::from(r > 0),
            _ => nearest,
        }
    };
    i64::try_from(us * 1000 + i128::from(units.epoch_ns)).unwrap_or(ns)
}

/// Parse a date-time such as `2019-01-01 00:00:00 0:00`, `1970-1-1 0:00:00`,
/// `2019-01-01T12:30:00.25Z`, `2019-01-01 06:00:00 -6:00`, `2019-01-01` into ns since 1970 UTC.
pub fn parse_datetime(text: &str) -> Result<i64> {
    let err = |reason: &str| Error::TimeParse {
        text: text.to_string(),
        reason: reason.to_string(),
    };
    let s = text.trim();
    if s.is_empty() {
        return Err(err("empty date"));
    }
    // Split date and time on 'T' or whitespace.
    let (date_part, rest) = match s.char_indices().find(|&(_, c)| c == 'T' || c.is_whitespace()) {
        Some((i, c)) => (&s[..i], s[i + c.len_utf8()..].trim()),
        None => (s, ""),
    };
    let date = parse_date(date_part).ok_or_else(|| err("expected a date as Y-M-D"))?;
    // The time may carry a zone glued on (Z, +hh:mm, -hh:mm) or after a space.
    let (time_text, zone_text) = split_time_zone(rest);
    let time = if time_text.is_empty() {
        NaiveTime::MIN
    } else {
        parse_time(time_text).ok_or_else(|| err("expected a time as h:m[:s[.f]]"))?
    };
    let offset_s = parse_zone(zone_text).ok_or_else(|| err("unrecognised time zone"))?;
    let naive = NaiveDateTime::new(date, time);
    let ns = naive
        .and_utc()
        .timestamp_nanos_opt()
        .ok_or_else(|| err("date outside the range 1678-2262"))?;
    ns.checked_sub(offset_s * NS_PER_S)
        .ok_or_else(|| err("date outside the range 1678-2262"))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut it = s.split('-');
    let (first, neg) = match it.next()? {
        "" => (it.next()?, true),
        f => (f, false),
    };
    let y: i32 = first.parse().ok()?;
    let m: u32 = it.next().map_or(Some(1), |v| v.parse().ok())?;
    let d: u32 = it.next().map_or(Some(1), |v| v.parse().ok())?;
    if it.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(if neg { -y } else { y }, m, d)
}

fn split_time_zone(rest: &str) -> (&str, &str) {
    let rest = rest.trim();
    if rest.is_empty() {
        return ("", "");
    }
    if let Some(i) = rest.find(char::is_whitespace) {
        return (rest[..i].trim(), rest[i..].trim());
    }
    // Glued zone: 12:00:00Z, 12:00:00+05:00, 12:00:00-0600
    if let Some(stripped) = rest.strip_suffix('Z').or_else(|| rest.strip_suffix('z')) {
        return (stripped, "Z");
    }
    // A sign after the first character starts a zone (char-boundary safe for any text).
    if let Some((i, _)) = rest.char_indices().skip(1).find(|&(_, c)| c == '+' || c == '-') {
        return (&rest[..i], &rest[i..]);
    }
    (rest, "")
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let mut it = s.split(':');
    let h: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next().map_or(Some(0), |v| v.parse().ok())?;
    let (sec, nano) = match it.next() {
        None => (0, 0),
        Some(v) => {
            let (w, f) = v.split_once('.').unwrap_or((v, ""));
            let sec: u32 = w.parse().ok()?;
            if !f.is_empty() && !f.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let mut digits: String = f.chars().take(9).collect();
            while digits.len() < 9 {
                digits.push('0');
            }
            (sec, digits.parse().ok()?)
        }
    };
    if it.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_nano_opt(h, m, sec, nano)
}

/// Zone offset in seconds east of UTC.
fn parse_zone(z: &str) -> Option<i64> {
    let z = z.trim();
    match z.to_ascii_uppercase().as_str() {
        "" | "Z" | "UTC" | "GMT" => return Some(0),
        _ => {}
    }
    let (sign, body) = match z.as_bytes()[0] {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => (1, z),
    };
    let (h, m) = if let Some((h, m)) = body.split_once(':') {
        (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?)
    } else if body.len() == 4 && body.is_ascii() {
        (body[..2].parse().ok()?, body[2..].parse().ok()?)
    } else {
        (body.parse().ok()?, 0)
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

/// Format ns since 1970 as `2019-01-01T00:00:00.000000000` (numpy style; NaT as `"NaT"`).
pub fn format_ns(ns: i64) -> String {
    match to_chrono(ns) {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S%.9f").to_string(),
        None => "NaT".to_string(),
    }
}

/// Convert to a chrono date-time (None for NaT).
pub fn to_chrono(ns: i64) -> Option<DateTime<Utc>> {
    (ns != NAT).then(|| DateTime::from_timestamp_nanos(ns))
}

/// Convert from a chrono date-time (None outside 1678–2262).
pub fn from_chrono(dt: DateTime<Utc>) -> Option<i64> {
    dt.timestamp_nanos_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(s: &str) -> i64 {
        parse_datetime(s).unwrap()
    }

    #[test]
    fn arm_units() {
        let u = TimeUnits::parse("seconds since 2019-01-01 00:00:00 0:00").unwrap();
        assert_eq!(u.step, TimeStep::Seconds);
        assert_eq!(u.epoch_ns, 1_546_300_800 * NS_PER_S);
        let b = TimeUnits::parse("seconds since 1970-1-1 0:00:00 0:00").unwrap();
        assert_eq!(b.epoch_ns, 0);
        assert_eq!(b.decode_i64(1_546_300_800), Some(u.epoch_ns));
    }

    #[test]
    fn forms_and_zones() {
        assert_eq!(ns("2019-01-01T00:00:00Z"), ns("2019-01-01 00:00:00"));
        assert_eq!(ns("2019-01-01"), ns("2019-01-01 00:00"));
        assert_eq!(ns("2019-01-01 06:00:00 -6:00"), ns("2019-01-01 12:00:00"));
        assert_eq!(ns("2019-01-01T05:30:00+05:30"), ns("2019-01-01 00:00:00"));
        assert_eq!(ns("2019-01-01 00:00:00.5") - ns("2019-01-01"), NS_PER_S / 2);
        assert_eq!(ns("2019-01-01 00:00:00 UTC"), ns("2019-01-01"));
        for bad in [
            "",
            "yesterday",
            "2019-13-01",
            "2019-01-01 25:00:00",
            "2019-01-01 00:00:00 +99:00",
            "2021-04-01 ҂&ek", // non-ASCII right after the date (found by the text readers' fuzzer)
            "2021-04-01 é",
            "2021-04-01T1é+1",
            "2021-04-01 00:00 aéb",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
        for bad in ["seconds", "fortnights since 2019-01-01", "seconds since never"] {
            let e = TimeUnits::parse(bad).unwrap_err().to_string();
            assert!(e.contains(bad), "{e}");
        }
        assert!(TimeUnits::parse("Days Since 2000-01-01").is_ok());
        assert!(TimeUnits::check_calendar("noleap").is_err());
        assert!(TimeUnits::check_calendar("gregorian").is_ok());
    }

    #[test]
    fn decode_precision_and_range() {
        let u = TimeUnits::parse("seconds since 1970-01-01").unwrap();
        // 1.5e9 s plus a quarter second keeps the quarter exactly.
        assert_eq!(
            u.decode_f64(1_546_300_800.25),
            Some(1_546_300_800 * NS_PER_S + 250_000_000)
        );
        assert_eq!(u.decode_f64(f64::NAN), Some(NAT));
        assert_eq!(u.decode_f64(1e12), None);
        assert_eq!(u.encode_f64(1_546_300_800 * NS_PER_S + 250_000_000), 1_546_300_800.25);
        assert_eq!(format_ns(u.decode_f64(-0.5).unwrap()), "1969-12-31T23:59:59.500000000");
        assert_eq!(format_ns(NAT), "NaT");
        let d = TimeUnits::parse("days since 2000-01-01").unwrap();
        assert_eq!(d.encode_i64(ns("2000-01-03")), Some(2));
        assert_eq!(d.encode_i64(ns("2000-01-03 01:00")), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC*") {
            let _ = parse_datetime(&s);
            let _ = TimeUnits::parse(&s);
            let _ = TimeUnits::parse(&format!("seconds since {s}"));
        }

        #[test]
        fn encode_decode_roundtrip(v in -4.0e9f64..4.0e9) {
            let u = TimeUnits::parse("seconds since 1970-1-1 0:00:00 0:00").unwrap();
            let n = u.decode_f64(v).unwrap();
            let back = u.encode_f64(n);
            proptest::prop_assert!((back - v).abs() <= 1e-9 + v.abs() * 1e-15);
            proptest::prop_assert_eq!(u.decode_f64(back), Some(n));
        }
    }
}
