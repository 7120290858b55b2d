//! The SP2's configuration file (`.ini`): PySP2's `pysp2.io.read_config`, which loads it with
//! Python's `configparser` (ACT 2.3.4 passes it through).
//!
//! Rules followed (`configparser` defaults): `[Section]` headers; `key = value` or
//! `key: value` split at the first `=` or `:`, both sides trimmed; keys are case-insensitive
//! (stored lower-cased, as `configparser` does); lines starting with `#` or `;` are comments;
//! an indented line continues the previous value (joined with a newline). A key or section
//! given twice, a key before any section, or a line without a separator is an error naming
//! the file and line (as `configparser`'s strict mode raises).

use crate::error::{Result, TextError};
use crate::util::read_text;
use std::path::Path;

/// An SP2 `.ini` file: sections in file order, each with its keys in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sp2Config {
    sections: Vec<(String, Vec<(String, String)>)>,
}

impl Sp2Config {
    /// Section names in file order (case kept).
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|(s, _)| s.as_str())
    }
    /// The (lower-cased key, value) pairs of `section`, if present.
    pub fn section(&self, section: &str) -> Option<&[(String, String)]> {
        self.sections
            .iter()
            .find(|(s, _)| s == section)
            .map(|(_, kv)| kv.as_slice())
    }
    /// The value of `key` (any case) in `section` (exact name), e.g.
    /// `get("Acquisition", "Pre-Trig Points")`.
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        let key = key.to_lowercase();
        self.section(section)?
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }
    /// [`Sp2Config::get`] parsed as a number; an error names the section and key when the value
    /// is missing or not a number.
    pub fn get_f64(&self, section: &str, key: &str) -> std::result::Result<f64, String> {
        let v = self
            .get(section, key)
            .ok_or_else(|| format!("SP2 config: no '{key}' in section [{section}]"))?;
        v.trim()
            .parse()
            .map_err(|_| format!("SP2 config: [{section}] '{key}' = '{v}' is not a number"))
    }
}

/// Read an SP2 `.ini` configuration file (see the [module docs](self)).
///
/// ```no_run
/// let cfg = atmokit_text::sp2::ini::read_config("mosaossp2M1.00.20191216.000601.raw.20191216000000.ini")?;
/// assert_eq!(cfg.get("Acquisition", "Pre-Trig Points"), Some("25"));
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_config(path: impl AsRef<Path>) -> Result<Sp2Config> {
    let path = path.as_ref();
    parse(path, &read_text(path)?)
}

fn parse(path: &Path, text: &str) -> Result<Sp2Config> {
    let mut cfg = Sp2Config::default();
    let mut last_key: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if indented && let (Some(k), Some((_, kv))) = (last_key, cfg.sections.last_mut()) {
            kv[k].1.push('\n');
            kv[k].1.push_str(trimmed);
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            if cfg.sections.iter().any(|(s, _)| s == name) {
                return Err(TextError::parse(path, line_no, format!("section [{name}] given twice")));
            }
            cfg.sections.push((name.to_string(), Vec::new()));
            last_key = None;
            continue;
        }
        let Some(at) = trimmed.find(['=', ':']) else {
            return Err(TextError::parse(
                path,
                line_no,
                format!("'{trimmed}' is not 'key = value'"),
            ));
        };
        let key = trimmed[..at].trim().to_lowercase();
        let value = trimmed[at + 1..].trim().to_string();
        let Some((section, kv)) = cfg.sections.last_mut() else {
            return Err(TextError::parse(path, line_no, "key before any [section] header"));
        };
        if kv.iter().any(|(k, _)| *k == key) {
            return Err(TextError::parse(
                path,
                line_no,
                format!("key '{key}' given twice in [{section}]"),
            ));
        }
        kv.push((key, value));
        last_key = Some(kv.len() - 1);
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_keys_and_continuations() {
        let text = "[Acquisition]\nPre-Trig Points=25\n1 of Every = 1\nColor=<8>0,1\n  2,3\n; c\n[Empty]\n";
        let cfg = parse(Path::new("x.ini"), text).unwrap();
        assert_eq!(cfg.sections().collect::<Vec<_>>(), ["Acquisition", "Empty"]);
        assert_eq!(cfg.get("Acquisition", "pre-trig points"), Some("25"));
        assert_eq!(cfg.get_f64("Acquisition", "1 of every"), Ok(1.0));
        assert_eq!(cfg.get("Acquisition", "Color"), Some("<8>0,1\n2,3"));
        assert!(cfg.get_f64("Acquisition", "Color").is_err());
        assert_eq!(cfg.section("Empty"), Some(&[][..]));
    }

    #[test]
    fn malformed_lines_name_the_line() {
        let e = parse(Path::new("x.ini"), "a=1\n").unwrap_err().to_string();
        assert!(e.contains("x.ini:1"), "{e}");
        let e = parse(Path::new("x.ini"), "[A]\nb=1\nB=2\n").unwrap_err().to_string();
        assert!(e.contains("x.ini:3") && e.contains("twice"), "{e}");
        let e = parse(Path::new("x.ini"), "[A]\nno separator\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("x.ini:2"), "{e}");
    }
}
