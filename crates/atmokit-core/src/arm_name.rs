//! ARM datastream and file names: one grammar for every crate.
//!
//! An ARM file name is `(sss)(class)(Fn).(level).(yyyymmdd).(hhmmss).(ext)`, for example
//! `sgpmetE13.b1.20190101.000000.cdf`: site `sgp` (three lower-case letters), datastream class
//! `met`, facility `E13` (an upper-case letter and one or two digits), data level `b1` (ARM's
//! "Data Stream Naming Conventions" in the ARM Standards for datastreams).
//!
//! - [`parse_arm_file_name`]: the lenient split used when files are read (`_datastream`,
//!   `_file_dates`, `_file_times`); any `<name>.<level>.<date>.<time>.<ext>` name passes.
//! - [`DatastreamParserARM`]: ACT's `data_utils.DatastreamParserARM`, every part named and the
//!   site/class/facility grammar checked.

use crate::{Error, Result};

/// A file name's base name (directories dropped, `/` or `\\`) and its dot-separated parts.
fn base_and_parts(name: &str) -> (&str, Vec<&str>) {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    (base, base.split('.').collect())
}

/// The parts of an ARM file name `<site><class><facility>.<level>.<YYYYMMDD>.<hhmmss>.<ext>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmFileName {
    /// `sgpmetE13.b1`
    pub datastream: String,
    /// `20190101`
    pub date: String,
    /// `000000`
    pub time: String,
}

/// Parse an ARM file name (`sgpmetE13.b1.20190101.000000.cdf`,
/// `twpsondewnpnC3.b1.20060121.051500.custom.cdf`); None when the name does not follow it.
///
/// ```
/// let p = atmokit_core::arm_name::parse_arm_file_name("sgpmetE13.b1.20190101.000000.cdf").unwrap();
/// assert_eq!((p.datastream.as_str(), p.date.as_str(), p.time.as_str()), ("sgpmetE13.b1", "20190101", "000000"));
/// assert!(atmokit_core::arm_name::parse_arm_file_name("met_lcl.nc").is_none());
/// ```
pub fn parse_arm_file_name(name: &str) -> Option<ArmFileName> {
    let (_, parts) = base_and_parts(name);
    if parts.len() < 5 {
        return None;
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let level_ok = parts[1].len() == 2 && parts[1].bytes().all(|b| b.is_ascii_alphanumeric());
    if !level_ok || !digits(parts[2], 8) || !digits(parts[3], 6) || parts[0].is_empty() {
        return None;
    }
    Some(ArmFileName {
        datastream: format!("{}.{}", parts[0], parts[1]),
        date: parts[2].to_string(),
        time: parts[3].to_string(),
    })
}

/// The parts of an ARM datastream or file name; a part not present is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatastreamParserARM {
    /// Site code, three lower-case letters (`sgp`).
    pub site: Option<String>,
    /// Datastream class (`met`, `mplpolfs`).
    pub datastream_class: Option<String>,
    /// Facility, upper case (`E13`, `C1`).
    pub facility: Option<String>,
    /// Data level: a letter of `abcs0` and a digit (`b1`).
    pub level: Option<String>,
    /// Date `yyyymmdd` as written in the name.
    pub date: Option<String>,
    /// Time `hhmmss` as written in the name.
    pub time: Option<String>,
    /// File extension (`cdf`, `nc`).
    pub ext: Option<String>,
}

impl DatastreamParserARM {
    /// Parses a datastream name or a file name (a path's directories are ignored) — ACT
    /// `DatastreamParserARM(name)`.
    ///
    /// # Errors
    /// The first dot-separated part is not `site` + `class` + optional `facility`, or a lone
    /// three-letter site, as ACT raises `ValueError`.
    pub fn parse(name: &str) -> Result<Self> {
        let (file, parts) = base_and_parts(name);
        let get = |i: usize| parts.get(i).map(|s| (*s).to_string());
        let mut out = DatastreamParserARM {
            ext: get(4),
            time: get(3),
            date: get(2),
            ..Default::default()
        };
        if let Some(l) = parts.get(1) {
            let b = l.as_bytes();
            if b.len() >= 2 && b"abcs0".contains(&b[0]) && b[1].is_ascii_digit() {
                out.level = Some(l[..2].to_string());
            }
        }
        let head = parts[0];
        let site_ok = head.len() >= 3 && head.as_bytes()[..3].iter().all(u8::is_ascii_lowercase);
        if !site_ok {
            return Err(Error::invalid(format!(
                "'{file}' is not an ARM datastream name: no three-letter lower-case site"
            )));
        }
        let rest = &head[3..];
        let word = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
        // Facility: the last upper-case letter followed by one or two digits at the end.
        let facility = rest.char_indices().rev().find(|&(i, c)| {
            let tail = &rest[i + c.len_utf8()..];
            c.is_ascii_uppercase() && (1..=2).contains(&tail.len()) && tail.bytes().all(|b| b.is_ascii_digit())
        });
        out.site = Some(head[..3].to_string());
        match facility {
            Some((i, _)) if word(&rest[..i]) => {
                out.datastream_class = Some(rest[..i].to_string());
                out.facility = Some(rest[i..].to_uppercase());
            }
            _ if !rest.is_empty() && !rest.chars().any(|c| c.is_ascii_uppercase()) => {
                out.datastream_class = Some(rest.to_string());
            }
            _ if rest.is_empty() => {}
            _ => return Err(Error::invalid(format!("'{file}' is not an ARM datastream name"))),
        }
        Ok(out)
    }

    /// `site + class + facility + "." + level` (`sgpmetE13.b1`), `None` when a part is missing.
    pub fn datastream(&self) -> Option<String> {
        Some(format!(
            "{}{}{}.{}",
            self.site.as_ref()?,
            self.datastream_class.as_ref()?,
            self.facility.as_ref()?,
            self.level.as_ref()?
        ))
    }

    /// Same as [`Self::datastream`]: ARM's standard form has the facility in upper case, which
    /// [`Self::parse`] already ensures.
    pub fn datastream_standard(&self) -> Option<String> {
        self.datastream()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_file_name() {
        let p = DatastreamParserARM::parse("/data/sgpmetE13.b1.20190101.000000.cdf").unwrap();
        assert_eq!(p.site.as_deref(), Some("sgp"));
        assert_eq!(p.datastream_class.as_deref(), Some("met"));
        assert_eq!(p.facility.as_deref(), Some("E13"));
        assert_eq!(p.level.as_deref(), Some("b1"));
        assert_eq!(
            (p.date.as_deref(), p.time.as_deref(), p.ext.as_deref()),
            (Some("20190101"), Some("000000"), Some("cdf"))
        );
        assert_eq!(p.datastream().as_deref(), Some("sgpmetE13.b1"));
    }

    #[test]
    fn partial_names_and_errors() {
        let p = DatastreamParserARM::parse("sgpmplpolfsC1.b1").unwrap();
        assert_eq!(
            (p.datastream_class.as_deref(), p.facility.as_deref()),
            (Some("mplpolfs"), Some("C1"))
        );
        assert_eq!(p.date, None);
        let p = DatastreamParserARM::parse("sgpmet").unwrap();
        assert_eq!(
            (p.datastream_class.as_deref(), p.facility.as_deref()),
            (Some("met"), None)
        );
        assert_eq!(p.datastream(), None);
        let p = DatastreamParserARM::parse("sgp").unwrap();
        assert_eq!((p.site.as_deref(), p.datastream_class.clone()), (Some("sgp"), None));
        assert_eq!(DatastreamParserARM::parse("sgpmetE13.x1").unwrap().level, None);
        assert!(DatastreamParserARM::parse("SGPmetE13.b1").is_err());
        assert!(DatastreamParserARM::parse("sgpMetE133.b1").is_err());
        assert!(DatastreamParserARM::parse("").is_err());
    }
}
