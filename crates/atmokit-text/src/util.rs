//! Shared helpers of the readers: reading a file as text, parsing tokens with file/line errors,
//! civil-date → nanoseconds, and the `_datastream` / `_site` global attrs ACT adds.

use crate::error::{Result, TextError};
use atmokit_core::{AttrValue, Dataset, Variable};
use std::path::Path;

/// Read a whole file as text (invalid UTF-8 bytes become U+FFFD, as the formats are ASCII).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = atmokit_core::memory_files::read(path)
        .map_err(|e| TextError::io(path, e))?
        .into_vec();
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Token parser bound to one file: every failure names the file, the line and the field.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    /// The file being parsed.
    pub path: &'a Path,
}

impl<'a> Ctx<'a> {
    /// A context for `path`.
    pub fn new(path: &'a Path) -> Self {
        Ctx { path }
    }
    /// A parse error at 1-based `line`.
    pub fn err(&self, line: usize, msg: impl Into<String>) -> TextError {
        TextError::parse(self.path, line, msg)
    }
    /// Wrap a core error.
    pub fn ds(&self, e: atmokit_core::Error) -> TextError {
        TextError::dataset(self.path, e)
    }
    /// Parse a float field (`nan`, `NaN` accepted).
    pub fn f64(&self, line: usize, tok: &str, what: &str) -> Result<f64> {
        tok.parse::<f64>()
            .map_err(|_| self.err(line, format!("field '{what}': '{tok}' is not a number")))
    }
    /// Parse an integer field.
    pub fn i64(&self, line: usize, tok: &str, what: &str) -> Result<i64> {
        tok.parse::<i64>()
            .map_err(|_| self.err(line, format!("field '{what}': '{tok}' is not an integer")))
    }
    /// Token `i` of `toks`, or an error naming the field.
    pub fn tok<'t>(&self, line: usize, toks: &[&'t str], i: usize, what: &str) -> Result<&'t str> {
        toks.get(i)
            .copied()
            .ok_or_else(|| self.err(line, format!("missing field '{what}' (column {})", i + 1)))
    }
    /// Nanoseconds since 1970 of a civil UTC date-time, or an error.
    #[allow(clippy::too_many_arguments)]
    pub fn civil(&self, line: usize, y: i64, mo: i64, d: i64, h: i64, mi: i64, s: f64) -> Result<i64> {
        civil_ns(y, mo, d, h, mi, s)
            .ok_or_else(|| self.err(line, format!("invalid date {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s}")))
    }
}

/// Days from 1970-01-01 to the civil date (proleptic Gregorian; H. Hinnant's algorithm).
#[inline]
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[inline]
pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Nanoseconds since 1970 of a civil UTC date-time; `None` when a field is out of range (hour 24
/// is accepted as midnight of the next day, as in GML hourly files) or the result does not fit
/// datetime64[ns] (years 1678–2261).
pub(crate) fn civil_ns(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: f64) -> Option<i64> {
    if !(1678..=2261).contains(&y) || !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
        return None;
    }
    if !(0..=24).contains(&h) || !(0..60).contains(&mi) || !(0.0..61.0).contains(&s) {
        return None;
    }
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60;
    let ns = (secs as i128) * 1_000_000_000 + (s * 1e9).round() as i128;
    i64::try_from(ns).ok()
}

/// Nanoseconds since 1970 of 00:00 UTC on day `doy` (1-based) of `year`; `None` when the day
/// is not in that year (366 only in leap years) or the year is outside datetime64[ns].
pub(crate) fn day_of_year_ns(year: i64, doy: i64) -> Option<i64> {
    let days = if days_in_month(year, 2) == 29 { 366 } else { 365 };
    let jan1 = civil_ns(year, 1, 1, 0, 0, 0.0)?;
    (1..=days)
        .contains(&doy)
        .then(|| jan1 + (doy - 1) * 86_400 * 1_000_000_000)
}

/// Add ACT's file-derived global attrs: `_datastream` (the first two dot-separated parts of the
/// file name), `_site` (its first three characters) and `_arm_standards_flag` = 0.
pub(crate) fn add_file_attrs(ds: &mut Dataset, path: &Path) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stream: Vec<&str> = name.split('.').take(2).collect();
    let stream = stream.join(".");
    let site: String = stream.chars().take(3).collect();
    let a = ds.attrs_mut();
    a.insert("_datastream".into(), AttrValue::Str(stream));
    a.insert("_site".into(), AttrValue::Str(site));
    a.insert("_arm_standards_flag".into(), AttrValue::I32(vec![0]));
}

/// A 1-D float64 variable on `dim` with `units` and `long_name`.
pub(crate) fn f64_var(dim: &str, data: Vec<f64>, units: &str, long_name: &str) -> Variable {
    Variable::new([dim], data)
        .expect("1-D data on one dim")
        .with_attr("units", units)
        .with_attr("long_name", long_name)
}

/// [`atmokit_core::time::parse_datetime`] for text read from files: non-ASCII text is refused
/// up front (the core parser slices by byte and panics on a multi-byte first character of the
/// time part, found by this crate's fuzzing; reported to the core owner).
pub(crate) fn parse_datetime(text: &str) -> atmokit_core::Result<i64> {
    if !text.is_ascii() {
        return Err(atmokit_core::Error::TimeParse {
            text: text.to_string(),
            reason: "not ASCII".into(),
        });
    }
    atmokit_core::time::parse_datetime(text)
}

/// Split a line on ASCII whitespace.
pub(crate) fn split_ws(line: &str) -> Vec<&str> {
    line.split_ascii_whitespace().collect()
}

/// File name of `path` as text (empty when it has none).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `ds` when it holds values ([`Dataset::has_values`]); otherwise the error every reader gives for
/// an empty, header-only or truncated file, naming it.
pub(crate) fn require_values(path: &Path, ds: Dataset) -> Result<Dataset> {
    if ds.has_values() {
        Ok(ds)
    } else {
        Err(TextError::parse(
            path,
            0,
            "no data: the file is empty, header-only or truncated",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_by_hand() {
        // 2021-01-01 is 18628 days after 1970-01-01 (51 years incl. 13 leap days: 51*365+13).
        assert_eq!(days_from_civil(2021, 1, 1), 51 * 365 + 13);
        assert_eq!(civil_ns(1970, 1, 1, 0, 0, 0.0), Some(0));
        assert_eq!(
            civil_ns(1970, 1, 2, 1, 1, 1.5),
            Some((86_400 + 3661) * 1_000_000_000 + 500_000_000)
        );
        assert_eq!(civil_ns(2021, 2, 29, 0, 0, 0.0), None);
        assert_eq!(civil_ns(2020, 2, 29, 24, 0, 0.0), civil_ns(2020, 3, 1, 0, 0, 0.0));
        assert_eq!(civil_ns(1500, 1, 1, 0, 0, 0.0), None);
    }

    #[test]
    fn file_attrs_follow_act() {
        let mut ds = Dataset::new();
        add_file_attrs(&mut ds, Path::new("/x/sgpmetE13.b1.20210401.000000.csv"));
        assert_eq!(ds.attr_str("_datastream"), Some("sgpmetE13.b1"));
        assert_eq!(ds.attr_str("_site"), Some("sgp"));
    }
}
