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

#[cfg(test)]
mod tests {
    use super::*;

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
