//! Options shared by [`crate::add_test`] and every QC test (ACT's common keyword arguments).

use crate::assessment::Assessment;
use crate::model::FlagKind;

/// Common options of the QC tests (ACT's `test_meaning`, `test_assessment`, `test_number`,
/// `flag_value`, `prepend_text`, `limit_attr_name(s)`, `recycle`, `qc_var_name`).
///
/// ```
/// use atmokit_qc::{Assessment, TestOptions};
/// let o = TestOptions::default().assessment(Assessment::Suspect).prepend("arm");
/// assert_eq!(o.test_assessment.as_deref(), Some("Suspect"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TestOptions {
    /// Meaning to store instead of the test's default.
    pub test_meaning: Option<String>,
    /// Assessment instead of the test's default (capitalised when stored). Kept as text for
    /// ACT's keyword (any name is stored); [`TestOptions::assessment`] sets it from the typed
    /// [`Assessment`].
    pub test_assessment: Option<String>,
    /// Explicit test number instead of the next free one.
    pub test_number: Option<u32>,
    /// Integer-state QC (`flag_values`) instead of bits.
    pub flag_value: bool,
    /// Prefix: the meaning becomes `"<prepend>: <meaning>"`.
    pub prepend_text: Option<String>,
    /// Names of the limit attributes instead of `fail_*` / `warn_*`.
    pub limit_attr_names: Option<Vec<String>>,
    /// Reuse the lowest free test number.
    pub recycle: bool,
    /// Use this QC variable instead of the linked / `qc_<var>` one.
    pub qc_var_name: Option<String>,
    /// Reproduce ACT 2.3.4 where atmokit deliberately differs (default false): the delta test on
    /// directions takes `|d| mod 360` (flagging every crossing of north), the BSRN "Closure"
    /// test uses ACT's diffuse / (global + DNI·μ0) − 1 ≥ limit, and a limit attribute that an
    /// existing test describes (`fail_min`) is overwritten instead of taking a new name.
    pub act_compat: bool,
}

impl TestOptions {
    /// Set the assessment (typed: a misspelt name cannot get in; parse user text with
    /// `"suspect".parse::<Assessment>()?`, or use [`Assessment::Other`] for a site-specific one).
    pub fn assessment(mut self, a: Assessment) -> Self {
        self.test_assessment = Some(a.as_str().to_string());
        self
    }
    /// Set the meaning.
    pub fn meaning(mut self, m: &str) -> Self {
        self.test_meaning = Some(m.to_string());
        self
    }
    /// Set the prepend text.
    pub fn prepend(mut self, p: &str) -> Self {
        self.prepend_text = Some(p.to_string());
        self
    }
    /// Set the limit attribute names.
    pub fn limit_names(mut self, names: &[&str]) -> Self {
        self.limit_attr_names = Some(names.iter().map(|s| s.to_string()).collect());
        self
    }
    /// Use integer-state QC.
    pub fn flag_value(mut self) -> Self {
        self.flag_value = true;
        self
    }
    /// The QC encoding these options ask for: [`FlagKind::Values`] when `flag_value`, else
    /// [`FlagKind::Masks`].
    pub fn flag_kind(&self) -> FlagKind {
        if self.flag_value {
            FlagKind::Values
        } else {
            FlagKind::Masks
        }
    }
    /// Use this test number.
    pub fn number(mut self, n: u32) -> Self {
        self.test_number = Some(n);
        self
    }
    /// Reproduce ACT 2.3.4's numbers (see [`TestOptions::act_compat`]).
    pub fn act_compatible(mut self, on: bool) -> Self {
        self.act_compat = on;
        self
    }
    /// Recycle freed test numbers.
    pub fn recycle(mut self) -> Self {
        self.recycle = true;
        self
    }
    /// The assessment to store: the option or the test's default.
    pub fn assessment_or(&self, default: &str) -> String {
        self.test_assessment.clone().unwrap_or_else(|| default.to_string())
    }
    /// The meaning to store: the option or `default`, with the prepend text.
    pub fn meaning_or(&self, default: &str) -> String {
        let m = self.test_meaning.clone().unwrap_or_else(|| default.to_string());
        match &self.prepend_text {
            Some(p) => format!("{p}: {m}"),
            None => m,
        }
    }
}
