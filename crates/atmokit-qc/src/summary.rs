//! Per QC variable: each test's number, meaning, assessment and flagged count
//! (`atmokit qc-summary`).

use crate::model::{FlagKind, QcFlags, get_qc_test_mask};
use atmokit_core::{Dataset, Result};
use std::fmt;

/// One test of a QC variable.
#[derive(Clone, Debug, PartialEq)]
pub struct TestSummary {
    /// Test number.
    pub number: u32,
    /// `flag_meanings` entry.
    pub meaning: String,
    /// `flag_assessments` entry.
    pub assessment: String,
    /// Samples where the test is set.
    pub count: usize,
}

/// The tests of one QC variable.
#[derive(Clone, Debug, PartialEq)]
pub struct QcVarSummary {
    /// QC variable name.
    pub qc_variable: String,
    /// Bits or integer states.
    pub kind: FlagKind,
    /// Number of samples.
    pub size: usize,
    /// The tests in attribute order.
    pub tests: Vec<TestSummary>,
}

/// Summaries of every variable with `flag_masks` or `flag_values` whose name starts `qc_` or
/// whose `standard_name` is `quality_flag` (run [`crate::cleanup`] first on raw ARM files).
pub fn qc_summary(ds: &Dataset) -> Result<Vec<QcVarSummary>> {
    let names: Vec<String> = ds
        .variables()
        .filter(|(n, v)| {
            (n.starts_with("qc_") || v.attr_str("standard_name") == Some("quality_flag"))
                && (v.attrs().contains_key("flag_masks") || v.attrs().contains_key("flag_values"))
        })
        .map(|(n, _)| n.to_string())
        .collect();
    names
        .into_iter()
        .map(|q| {
            let f = QcFlags::read(ds, &q)?;
            let tests = f
                .numbers
                .iter()
                .enumerate()
                .map(|(i, &n)| {
                    Ok(TestSummary {
                        number: n,
                        meaning: f.meanings[i].clone(),
                        assessment: f.assessments[i].clone(),
                        count: get_qc_test_mask(ds, &q, n)?.iter().filter(|&&b| b).count(),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(QcVarSummary {
                size: ds.get(&q)?.len(),
                qc_variable: q,
                kind: f.kind,
                tests,
            })
        })
        .collect()
}

impl fmt::Display for QcVarSummary {
    /// `qc_x (N samples, bit tests)` then one line per test: number, assessment, count, meaning.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.kind == FlagKind::Masks {
            "bit tests"
        } else {
            "flag values"
        };
        writeln!(f, "{} ({} samples, {kind})", self.qc_variable, self.size)?;
        for t in &self.tests {
            writeln!(
                f,
                "  {:>3}  {:<13} {:>8}  {}",
                t.number, t.assessment, t.count, t.meaning
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::{TestOptions, add_less_test};
    use atmokit_core::Variable;

    #[test]
    fn counts_per_test() {
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![1.0f32, 5.0, 7.0]).unwrap())
            .unwrap();
        add_less_test(&mut ds, "x", 6.0, &TestOptions::default()).unwrap();
        add_less_test(
            &mut ds,
            "x",
            2.0,
            &TestOptions::default().assessment(Assessment::Suspect),
        )
        .unwrap();
        let s = qc_summary(&ds).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].tests.iter().map(|t| t.count).collect::<Vec<_>>(), vec![2, 1]);
        let text = s[0].to_string();
        assert!(
            text.starts_with("qc_x (3 samples, bit tests)") && text.contains("Suspect"),
            "{text}"
        );
    }
}
