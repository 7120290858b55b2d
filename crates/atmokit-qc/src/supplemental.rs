//! Supplemental QC from ACT's YAML format: time ranges a scientist marked by hand ("the
//! instrument was being serviced"). Port of ACT `read_yaml_supplemental_qc` and
//! `apply_supplemental_qc` (ACT API reference, `act.qc.add_supplemental_qc`).
//!
//! ```yaml
//! temp_mean:                       # a variable, or _all for every time-series variable
//!   Bad:                           # the assessment
//!     Values are bad for all:      # the meaning of one test
//!       - 2019-01-01 00:01:00, 2019-01-01 00:03:00   # start, end (inclusive); ; | or tab also
//! ```

use crate::model::{TestResult, add_test};
use crate::options::TestOptions;
use atmokit_core::time::parse_datetime;
use atmokit_core::{Dataset, Error, NAT, Result};

/// One test from the file: meaning, assessment and inclusive `(start, end)` times in ns.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplementalTest {
    /// Variable name, or `_all`.
    pub variable: String,
    /// Assessment (capitalised when stored).
    pub assessment: String,
    /// Meaning.
    pub meaning: String,
    /// Inclusive time ranges, ns since 1970.
    pub ranges: Vec<(i64, i64)>,
}

use serde_yaml_ng::{Mapping, Value};

fn mapping<'a>(v: &'a Value, what: &str) -> Result<&'a Mapping> {
    v.as_mapping()
        .ok_or_else(|| Error::invalid(format!("supplemental QC YAML: {what} is not a mapping")))
}

fn key(k: &Value, what: &str) -> Result<String> {
    match k {
        Value::String(s) => Ok(s.clone()),
        other => Err(Error::invalid(format!(
            "supplemental QC YAML: {what} key {other:?} is not text"
        ))),
    }
}

/// Parse the YAML text, keeping the file's order (tests are numbered in that order). Errors name
/// the variable, assessment and the range that does not parse.
pub fn read_yaml_supplemental_qc(text: &str) -> Result<Vec<SupplementalTest>> {
    let raw: Value = serde_yaml_ng::from_str(text).map_err(|e| Error::invalid(format!("supplemental QC YAML: {e}")))?;
    let mut out = vec![];
    for (vk, by_assessment) in mapping(&raw, "the document")? {
        let variable = key(vk, "variable")?;
        for (ak, by_meaning) in mapping(by_assessment, &variable)? {
            let assessment = key(ak, &variable)?;
            for (mk, ranges) in mapping(by_meaning, &format!("{variable}/{assessment}"))? {
                let meaning = key(mk, &assessment)?;
                let ranges: Vec<String> = match ranges {
                    Value::Sequence(items) => items
                        .iter()
                        .map(|i| i.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or_else(|| {
                            Error::invalid(format!(
                                "supplemental QC YAML: {variable}/{assessment}: ranges must be text"
                            ))
                        })?,
                    Value::String(s) => vec![s.clone()],
                    _ => {
                        return Err(Error::invalid(format!(
                            "supplemental QC YAML: {variable}/{assessment}: expected a list of ranges"
                        )));
                    }
                };
                let ranges = ranges
                    .iter()
                    .map(|r| {
                        let parts: Vec<&str> = r.split([',', ';', '|', '\t']).map(str::trim).collect();
                        match parts.as_slice() {
                            [a, b] => Ok((parse_datetime(a)?, parse_datetime(b)?)),
                            _ => Err(Error::invalid(format!(
                                "supplemental QC YAML: {variable}/{assessment}: '{r}' is not 'start, end'"
                            ))),
                        }
                    })
                    .collect::<Result<Vec<_>>>()?;
                out.push(SupplementalTest {
                    variable: variable.clone(),
                    assessment: assessment.clone(),
                    meaning,
                    ranges,
                });
            }
        }
    }
    Ok(out)
}

/// Add one test per entry (and per variable for `_all`, when `apply_all`): set where the time is
/// inside any range (inclusive). `variables` / `assessments` restrict what is applied
/// (case-insensitive assessments); `_all` skips `exclude`, QC variables, `time`, `base_time`,
/// `time_offset` and variables without the `time` dim. In place.
pub fn apply_supplemental_qc(
    ds: &mut Dataset,
    tests: &[SupplementalTest],
    variables: Option<&[&str]>,
    assessments: Option<&[&str]>,
    apply_all: bool,
    exclude: &[&str],
) -> Result<Vec<TestResult>> {
    let t = ds.time()?.to_vec();
    let all_vars: Vec<String> = ds
        .variables()
        .filter(|(n, v)| {
            v.dims().first().map(String::as_str) == Some("time")
                && !n.starts_with("qc_")
                && !["time", "base_time", "time_offset"].contains(n)
                && !exclude.contains(n)
                && v.dtype().is_numeric()
        })
        .map(|(n, _)| n.to_string())
        .collect();
    let mut out = vec![];
    for st in tests {
        if assessments.is_some_and(|a| !a.iter().any(|x| x.eq_ignore_ascii_case(&st.assessment))) {
            continue;
        }
        let targets: Vec<String> = if st.variable == "_all" {
            if !apply_all {
                continue;
            }
            all_vars.clone()
        } else {
            vec![st.variable.clone()]
        };
        let in_time: Vec<bool> = t
            .iter()
            .map(|&x| x != NAT && st.ranges.iter().any(|&(a, b)| a <= x && x <= b))
            .collect();
        for var in targets {
            if variables.is_some_and(|v| !v.contains(&var.as_str())) {
                continue;
            }
            let v = ds.get(&var)?;
            if v.dims().first().map(String::as_str) != Some("time") {
                return Err(Error::data(var, "supplemental QC: no leading time dim"));
            }
            let per_time = v.len() / t.len().max(1);
            let mask: Vec<bool> = in_time.iter().flat_map(|&b| std::iter::repeat_n(b, per_time)).collect();
            out.push(add_test(
                ds,
                &var,
                Some(&mask),
                &st.meaning,
                &st.assessment,
                &TestOptions::default(),
            )?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    const YAML: &str = "temp_mean:\n  Bad:\n    Values are bad:\n      - 2019-01-01 00:01:00, 2019-01-01 00:02:00\n  Suspect:\n    Odd:\n      - 2019-01-01 00:04:00 | 2019-01-01 00:04:00\n_all:\n  Bad:\n    Serviced:\n      - 2019-01-01 00:00:00; 2019-01-01 00:00:00\n";

    fn ds() -> Dataset {
        let mut ds = Dataset::new();
        let t0 = parse_datetime("2019-01-01").unwrap();
        ds.insert(
            "time",
            Variable::time("time", (0..5).map(|i| t0 + i * 60_000_000_000).collect()),
        )
        .unwrap();
        ds.insert("temp_mean", Variable::new(["time"], vec![1.0f32; 5]).unwrap())
            .unwrap();
        ds.insert("rh_mean", Variable::new(["time"], vec![1.0f32; 5]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn ranges_are_inclusive_and_all_applies_everywhere() {
        let tests = read_yaml_supplemental_qc(YAML).unwrap();
        assert_eq!(tests.len(), 3);
        let mut d = ds();
        let r = apply_supplemental_qc(&mut d, &tests, None, None, true, &[]).unwrap();
        assert_eq!(r.len(), 4);
        // File order: temp_mean Bad (1), temp_mean Suspect (2), then _all.
        assert_eq!((r[0].test_meaning.as_str(), r[0].test_number), ("Values are bad", 1));
        assert_eq!((r[1].test_meaning.as_str(), r[1].test_number), ("Odd", 2));
        let idx =
            |d: &Dataset, r: &TestResult| crate::get_qc_test_index(d, &r.qc_variable_name, r.test_number).unwrap();
        let bad = r.iter().find(|x| x.test_meaning == "Values are bad").unwrap();
        assert_eq!(idx(&d, bad), vec![1, 2]);
        let odd = r.iter().find(|x| x.test_meaning == "Odd").unwrap();
        assert_eq!((idx(&d, odd), odd.test_assessment.as_str()), (vec![4], "Suspect"));
        assert_eq!(r.iter().filter(|x| x.test_meaning == "Serviced").count(), 2);
        let mut d = ds();
        let r = apply_supplemental_qc(&mut d, &tests, None, Some(&["bad"]), false, &[]).unwrap();
        assert_eq!(r.len(), 1);
        assert!(read_yaml_supplemental_qc("x:\n  Bad:\n    m:\n      - 2019-01-01\n").is_err());
        assert!(read_yaml_supplemental_qc("x: [").is_err());
    }
}
