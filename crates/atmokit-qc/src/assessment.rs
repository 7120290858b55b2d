//! Test assessments as ARM names them (ARM Data Quality Office, "QC flag conventions"; ACT's
//! `QCFilter.add_test` documents the same set): checked and normalized where a user types one
//! (`atmokit qc --test VAR:TEST:ARGS:ASSESSMENT`, the `[[test]]` entries of a QC config).

use atmokit_core::{Error, Result};

/// ARM's assessments, in their canonical spelling.
pub const ARM_ASSESSMENTS: &[&str] = &[
    "Bad",
    "Indeterminate",
    "Suspect",
    "Incorrect",
    "Not failing",
    "Missing",
    "Reprocessed",
    "Acceptable",
    "Good",
];

/// The canonical spelling of `text` when it names one of [`ARM_ASSESSMENTS`] (case and
/// surrounding space ignored, `_`/`-` read as a space: `not_failing` → `Not failing`); the text
/// after `custom:` as given for any other assessment a user means on purpose.
///
/// ```
/// use atmokit_qc::assessment::parse_assessment;
/// assert_eq!(parse_assessment(" bad ")?, "Bad");
/// assert_eq!(parse_assessment("NOT_FAILING")?, "Not failing");
/// assert_eq!(parse_assessment("custom:Odd")?, "Odd");
/// assert!(parse_assessment("Baad").is_err());
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn parse_assessment(text: &str) -> Result<String> {
    let t = text.trim();
    if let Some(custom) = t.strip_prefix("custom:") {
        let custom = custom.trim();
        if custom.is_empty() {
            return Err(Error::invalid("assessment 'custom:' needs a name after the colon"));
        }
        return Ok(custom.to_string());
    }
    let key: String = t
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    ARM_ASSESSMENTS
        .iter()
        .find(|a| a.eq_ignore_ascii_case(&key))
        .map(|a| a.to_string())
        .ok_or_else(|| {
            Error::invalid(format!(
                "assessment '{t}' is not one of ARM's ({}); write custom:{t} to use it anyway",
                ARM_ASSESSMENTS.join(", ")
            ))
        })
}

/// A test's assessment, typed: ARM's names, or [`Assessment::Other`] for a site-specific one.
///
/// Parsing accepts ARM's names in any case (`"suspect"`, `"NOT_FAILING"`) and `custom:NAME` for
/// any other; a misspelling such as `"Bda"` is an error, so it cannot reach a file.
///
/// ```
/// use atmokit_qc::assessment::Assessment;
/// use atmokit_qc::TestOptions;
/// assert_eq!("not_failing".parse::<Assessment>()?, Assessment::NotFailing);
/// assert_eq!("custom:Odd".parse::<Assessment>()?, Assessment::Other("Odd".into()));
/// assert!("Bda".parse::<Assessment>().is_err());
/// let opts = TestOptions::default().assessment(Assessment::Suspect);
/// assert_eq!(opts.test_assessment.as_deref(), Some("Suspect"));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Assessment {
    /// `Bad`: the data are wrong.
    Bad,
    /// `Indeterminate`: the data may be wrong.
    Indeterminate,
    /// `Suspect`: the data should be looked at.
    Suspect,
    /// `Incorrect`: the data are known to be incorrect.
    Incorrect,
    /// `Not failing`.
    NotFailing,
    /// `Missing`.
    Missing,
    /// `Reprocessed`.
    Reprocessed,
    /// `Acceptable`.
    Acceptable,
    /// `Good`.
    Good,
    /// Any other name, stored as given (site-specific assessments).
    Other(String),
}

impl Assessment {
    /// The name stored in `flag_assessments`.
    pub fn as_str(&self) -> &str {
        match self {
            Assessment::Bad => "Bad",
            Assessment::Indeterminate => "Indeterminate",
            Assessment::Suspect => "Suspect",
            Assessment::Incorrect => "Incorrect",
            Assessment::NotFailing => "Not failing",
            Assessment::Missing => "Missing",
            Assessment::Reprocessed => "Reprocessed",
            Assessment::Acceptable => "Acceptable",
            Assessment::Good => "Good",
            Assessment::Other(s) => s,
        }
    }
}

impl std::fmt::Display for Assessment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Assessment {
    type Err = Error;
    /// ARM's names in any case, or `custom:NAME`; see [`parse_assessment`].
    fn from_str(text: &str) -> Result<Self> {
        let custom = text.trim().starts_with("custom:");
        let name = parse_assessment(text)?;
        let known = [
            Assessment::Bad,
            Assessment::Indeterminate,
            Assessment::Suspect,
            Assessment::Incorrect,
            Assessment::NotFailing,
            Assessment::Missing,
            Assessment::Reprocessed,
            Assessment::Acceptable,
            Assessment::Good,
        ];
        Ok(match known.into_iter().find(|a| !custom && a.as_str() == name) {
            Some(a) => a,
            None => Assessment::Other(name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_assessments_round_trip_through_their_names() {
        for name in ARM_ASSESSMENTS {
            let a: Assessment = name.parse().unwrap();
            assert!(!matches!(a, Assessment::Other(_)), "{name}");
            assert_eq!(a.as_str(), *name);
            assert_eq!(a.to_string().to_lowercase().parse::<Assessment>().unwrap(), a);
        }
        assert_eq!(
            "custom:Bad".parse::<Assessment>().unwrap(),
            Assessment::Other("Bad".into())
        );
        let e = "Bda".parse::<Assessment>().unwrap_err().to_string();
        assert!(e.contains("'Bda'") && e.contains("custom:Bda"), "{e}");
    }

    #[test]
    fn every_arm_name_in_any_case_and_nothing_else() {
        for a in ARM_ASSESSMENTS {
            assert_eq!(parse_assessment(&a.to_uppercase()).unwrap(), *a);
            assert_eq!(parse_assessment(&a.to_lowercase()).unwrap(), *a);
        }
        assert_eq!(parse_assessment("not-failing").unwrap(), "Not failing");
        for bad in ["", "Bda", "Badd", "good enough", "custom:", "custom:  "] {
            let e = parse_assessment(bad).unwrap_err().to_string();
            assert!(e.contains("assessment"), "{bad}: {e}");
        }
        assert_eq!(parse_assessment("custom: Very odd ").unwrap(), "Very odd");
    }
}
