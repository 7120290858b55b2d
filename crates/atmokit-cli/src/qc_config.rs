//! The `atmokit qc --config qc.toml` file: command-line syntax, so it lives in the CLI (the QC
//! library knows the tests as [`TestSpec`]s, not TOML).
//!
//! ```toml
//! cleanup = true          # optional: run the ARM → CF cleanup first
//! [[test]]
//! variable = "temp_mean"
//! test = "outside"
//! args = [-40, 50]
//! assessment = "Bad"      # optional
//! meaning = "Too cold or too hot"   # optional
//! ```
//!
//! `test` and `args` are those of `--test VAR:TEST:ARGS` (see `atmokit_qc::spec`).

use atmokit_core::{Error, Result};
use atmokit_qc::spec::{TestKind, TestSpec};
use serde::Deserialize;

/// A parsed `qc.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QcConfig {
    /// Run the ARM → CF cleanup first.
    pub cleanup: bool,
    /// Tests in order.
    pub tests: Vec<TestSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    cleanup: bool,
    #[serde(default)]
    test: Vec<RawTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    variable: String,
    test: String,
    #[serde(default)]
    args: Vec<toml::Value>,
    assessment: Option<String>,
    meaning: Option<String>,
}

/// The message of an [`Error::InvalidArgument`] without its prefix (for wrapping).
fn msg(e: Error) -> String {
    match e {
        Error::InvalidArgument(m) => m,
        other => other.to_string(),
    }
}

impl QcConfig {
    /// Parse the TOML text of a config; errors name the `[[test]]` entry (1-based) and the problem.
    pub fn parse(text: &str) -> Result<QcConfig> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| Error::invalid(format!("QC config: {e}")))?;
        let tests = raw
            .test
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let args: Vec<String> = t
                    .args
                    .iter()
                    .map(|a| match a {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                let entry = |e: Error| Error::invalid(format!("QC config [[test]] #{}: {}", i + 1, msg(e)));
                let kind = TestKind::parse(&t.variable, &t.test, &args).map_err(entry)?;
                let assessment = t
                    .assessment
                    .as_deref()
                    .map(|a| atmokit_qc::assessment::parse_assessment(a).map_err(entry))
                    .transpose()?;
                Ok(TestSpec {
                    variable: t.variable,
                    kind,
                    assessment,
                    meaning: t.meaning,
                    act_compat: false,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(QcConfig {
            cleanup: raw.cleanup,
            tests,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_config_and_errors() {
        let c = QcConfig::parse(
            "cleanup = true\n[[test]]\nvariable = \"t\"\ntest = \"outside\"\nargs = [-40, 50.5]\nassessment = \"Bad\"\n\
             [[test]]\nvariable = \"t\"\ntest = \"difference\"\nargs = [\"u\", 3]\n",
        )
        .unwrap();
        assert!(c.cleanup);
        assert_eq!(c.tests[0].kind, TestKind::Outside(-40.0, 50.5));
        assert_eq!(c.tests[0].assessment.as_deref(), Some("Bad"));
        assert_eq!(
            c.tests[1].kind,
            TestKind::Difference {
                other: "u".into(),
                limit: 3.0,
                tolerance_s: 60.0
            }
        );
        let e = QcConfig::parse("[[test]]\nvariable = \"t\"\ntest = \"nope\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("#1") && e.contains("unknown test 'nope'"), "{e}");
        let e = QcConfig::parse("[[test]]\nvariable = \"t\"\ntest = \"less\"\nargs = [\"cold\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("'cold' is not a number"), "{e}");
        assert!(QcConfig::parse("[[test]]\nvariable = \"t\"\ntest = \"less\"\nlimit = 3\n").is_err());
        let e = QcConfig::parse("[[test]]\nvariable = \"temp_mean\"\ntest = \"too_warm\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("too_warm"), "{e}");
    }

    /// The config file goes through the same checks as `--test` (issue 17).
    #[test]
    fn reversed_ranges_and_unknown_assessments_are_refused() {
        let cfg = "[[test]]\nvariable = \"t\"\ntest = \"outside\"\nargs = [50, -40]\n";
        assert!(QcConfig::parse(cfg).unwrap_err().to_string().contains("reversed"));
        let cfg = "[[test]]\nvariable = \"t\"\ntest = \"less\"\nargs = [1]\nassessment = \"meh\"\n";
        let e = QcConfig::parse(cfg).unwrap_err().to_string();
        assert!(e.contains("#1") && e.contains("'meh'"), "{e}");
    }
}
