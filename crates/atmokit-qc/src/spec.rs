//! Test specifications: the tests as data ([`TestSpec`], [`TestKind`]), their compact text form
//! `VAR:TEST[:ARG[,ARG...]][:ASSESSMENT]` (also `atmokit qc --test`), checked against a dataset
//! before anything is changed ([`apply_all`]). The CLI's TOML config file is parsed in the CLI.
//!
//! TEST is ACT's method name without `add_` / `_test`:
//!
//! | TEST | ARGs | ACT method |
//! |---|---|---|
//! | `missing_value` | `[code]` | `add_missing_value_test` |
//! | `less`, `greater`, `less_equal`, `greater_equal`, `equal_to`, `not_equal_to` | `limit` | `add_<name>_test` |
//! | `outside`, `inside` | `lower,upper` | `add_outside_test`, `add_inside_test` |
//! | `delta` | `diff_limit` | `add_delta_test` |
//! | `persistence` | `[window[,test_limit[,min_periods[,ignore_lo,ignore_hi]]]]` (10, 0.0001, 1) | `add_persistence_test` |
//! | `difference` | `other_var,diff_limit[,tolerance_s]` (60 s) | `add_difference_test` (same dataset) |
//! | `iqr` | `[coef]` (1.5) | `add_iqr_test` |
//! | `gesd` | `[outliers[,alpha]]` (5, 0.05; outliers < 1 = fraction) | `add_gesd_test` |
//! | `step_change` | `[k[,n_flagged]]` (1.0, 2) | `add_step_change_test` (detrended) |
//! | `atmospheric_pressure` | `[test_limit[,bias]]` (3.5, 0.35 kPa; altitude from `alt`) | `add_atmospheric_pressure_test` |

use crate::model::TestResult;
use atmokit_core::{Dataset, Error, Result};

/// One test to run.
#[derive(Clone, Debug, PartialEq)]
pub struct TestSpec {
    /// Data variable.
    pub variable: String,
    /// The test and its parameters.
    pub kind: TestKind,
    /// Assessment (the test's default when `None`).
    pub assessment: Option<String>,
    /// Meaning (the test's default when `None`).
    pub meaning: Option<String>,
    /// Reproduce ACT 2.3.4's numbers ([`crate::TestOptions::act_compat`]); `atmokit qc --act-compat`.
    pub act_compat: bool,
}

/// A test with its parameters (units: those of the data variable).
#[derive(Clone, Debug, PartialEq)]
pub enum TestKind {
    /// Missing-value test with an optional explicit code.
    MissingValue(Option<f64>),
    /// `x < limit`.
    Less(f64),
    /// `x > limit`.
    Greater(f64),
    /// `x <= limit`.
    LessEqual(f64),
    /// `x >= limit`.
    GreaterEqual(f64),
    /// `x == limit`.
    EqualTo(f64),
    /// `x != limit`.
    NotEqualTo(f64),
    /// `x < lower or x > upper`.
    Outside(f64, f64),
    /// `lower <= x <= upper`.
    Inside(f64, f64),
    /// `|Δx| >= limit` between neighbours.
    Delta(f64),
    /// Rolling std over `window` samples `<= limit`.
    Persistence {
        /// Window in samples.
        window: usize,
        /// Standard-deviation limit.
        limit: f64,
        /// Minimum finite values in the window.
        min_periods: usize,
        /// Values in this range are never flagged.
        ignore_range: Option<(f64, f64)>,
    },
    /// Outside `coef` interquartile ranges.
    Iqr(f64),
    /// Generalized ESD with at most `outliers` outliers (fraction if < 1) at level `alpha`.
    Gesd(f64, f64),
    /// CUSUM shift with `k`, flagging `n_flagged` samples.
    StepChange(f64, i64),
    /// Outside the standard-atmosphere pressure at `alt` ± `test_limit` (kPa), with `bias`.
    AtmosphericPressure(f64, f64),
    /// `|x - other| > limit` at the nearest time within `tolerance_s`.
    Difference {
        /// The other variable (same dataset).
        other: String,
        /// Difference limit.
        limit: f64,
        /// Time tolerance in seconds.
        tolerance_s: f64,
    },
}

/// The test names accepted.
pub const TEST_NAMES: &[&str] = &[
    "missing_value",
    "less",
    "greater",
    "less_equal",
    "greater_equal",
    "equal_to",
    "not_equal_to",
    "outside",
    "inside",
    "delta",
    "persistence",
    "difference",
    "iqr",
    "gesd",
    "step_change",
    "atmospheric_pressure",
];

/// A finite number (NaN and infinities are refused: a limit of NaN flags nothing).
fn num(var: &str, test: &str, s: &str) -> Result<f64> {
    let x = s
        .trim()
        .parse::<f64>()
        .map_err(|_| Error::invalid(format!("test '{test}' on '{var}': argument '{s}' is not a number")))?;
    if !x.is_finite() {
        return Err(Error::invalid(format!(
            "test '{test}' on '{var}': argument '{s}' must be a finite number"
        )));
    }
    Ok(x)
}

/// The message of an [`Error::InvalidArgument`] without its prefix (for wrapping).
fn msg(e: Error) -> String {
    match e {
        Error::InvalidArgument(m) => m,
        other => other.to_string(),
    }
}

/// `lower <= upper`, naming the test and both limits.
fn ordered(var: &str, test: &str, what: &str, lo: f64, hi: f64) -> Result<()> {
    if lo > hi {
        return Err(Error::invalid(format!(
            "test '{test}' on '{var}': {what} is reversed ({lo} > {hi}); give the lower limit first"
        )));
    }
    Ok(())
}

/// `x >= 0` (or `x > 0` when `strict`), naming the test and the parameter.
fn non_negative(var: &str, test: &str, what: &str, x: f64, strict: bool) -> Result<f64> {
    if x < 0.0 || (strict && x == 0.0) {
        let want = if strict { "positive" } else { "non-negative" };
        return Err(Error::invalid(format!(
            "test '{test}' on '{var}': {what} must be {want}, got {x}"
        )));
    }
    Ok(x)
}

fn count(var: &str, test: &str, args: &[String], lo: usize, hi: usize) -> Result<()> {
    if args.len() < lo || args.len() > hi {
        let want = if lo == hi {
            format!("{lo}")
        } else {
            format!("{lo} to {hi}")
        };
        return Err(Error::invalid(format!(
            "test '{test}' on '{var}' takes {want} argument(s), got {}",
            args.len()
        )));
    }
    Ok(())
}

impl TestKind {
    /// Build from a test name and its arguments as text. Errors name the variable and test:
    /// unknown test, wrong argument count, an argument that is not a number.
    pub fn parse(var: &str, test: &str, args: &[String]) -> Result<TestKind> {
        let n = |i: usize| num(var, test, &args[i]);
        let one = |f: fn(f64) -> TestKind| -> Result<TestKind> {
            count(var, test, args, 1, 1)?;
            Ok(f(n(0)?))
        };
        match test {
            "missing_value" => {
                count(var, test, args, 0, 1)?;
                // The one argument that may be NaN: the code that marks a missing value.
                let code = |a: &str| {
                    a.trim().parse::<f64>().map_err(|_| {
                        Error::invalid(format!("test '{test}' on '{var}': argument '{a}' is not a number"))
                    })
                };
                Ok(TestKind::MissingValue(if args.is_empty() {
                    None
                } else {
                    Some(code(&args[0])?)
                }))
            }
            "less" => one(TestKind::Less),
            "greater" => one(TestKind::Greater),
            "less_equal" => one(TestKind::LessEqual),
            "greater_equal" => one(TestKind::GreaterEqual),
            "equal_to" => one(TestKind::EqualTo),
            "not_equal_to" => one(TestKind::NotEqualTo),
            "delta" => {
                count(var, test, args, 1, 1)?;
                Ok(TestKind::Delta(non_negative(var, test, "limit", n(0)?, false)?))
            }
            "outside" | "inside" => {
                count(var, test, args, 2, 2)?;
                let (a, b) = (n(0)?, n(1)?);
                ordered(var, test, "range", a, b)?;
                Ok(if test == "outside" {
                    TestKind::Outside(a, b)
                } else {
                    TestKind::Inside(a, b)
                })
            }
            "persistence" => {
                count(var, test, args, 0, 5)?;
                if args.len() == 4 {
                    return Err(Error::invalid(format!(
                        "test 'persistence' on '{var}': ignore range needs two values"
                    )));
                }
                let window = if args.is_empty() { 10.0 } else { n(0)? };
                if window < 1.0 || window.fract() != 0.0 {
                    return Err(Error::invalid(format!(
                        "test 'persistence' on '{var}': window '{}' is not a positive integer",
                        args[0]
                    )));
                }
                let min_periods = if args.len() > 2 { n(2)? } else { 1.0 };
                if min_periods < 0.0 || min_periods.fract() != 0.0 {
                    return Err(Error::invalid(format!(
                        "test 'persistence' on '{var}': min_periods '{}' is not an integer",
                        args[2]
                    )));
                }
                let limit = if args.len() > 1 { n(1)? } else { 0.0001 };
                non_negative(var, test, "limit", limit, false)?;
                let ignore_range = if args.len() == 5 {
                    let (a, b) = (n(3)?, n(4)?);
                    ordered(var, test, "ignore range", a, b)?;
                    Some((a, b))
                } else {
                    None
                };
                if min_periods > window {
                    return Err(Error::invalid(format!(
                        "test 'persistence' on '{var}': min_periods {min_periods} exceeds the window {window}"
                    )));
                }
                Ok(TestKind::Persistence {
                    window: window as usize,
                    limit,
                    min_periods: min_periods as usize,
                    ignore_range,
                })
            }
            "iqr" => {
                count(var, test, args, 0, 1)?;
                let coef = if args.is_empty() { 1.5 } else { n(0)? };
                Ok(TestKind::Iqr(non_negative(var, test, "coef", coef, true)?))
            }
            "gesd" => {
                count(var, test, args, 0, 2)?;
                let outliers = if args.is_empty() { 5.0 } else { n(0)? };
                let alpha = if args.len() > 1 { n(1)? } else { 0.05 };
                if outliers.is_nan() || outliers <= 0.0 || alpha.is_nan() || alpha <= 0.0 || alpha >= 1.0 {
                    return Err(Error::invalid(format!(
                        "test '{var}:gesd': outliers must be > 0 and alpha in (0, 1), got {outliers}, {alpha}"
                    )));
                }
                Ok(TestKind::Gesd(outliers, alpha))
            }
            "step_change" => {
                count(var, test, args, 0, 2)?;
                let nf = if args.len() > 1 { n(1)? } else { 2.0 };
                if nf.fract() != 0.0 {
                    return Err(Error::invalid(format!(
                        "test 'step_change' on '{var}': n_flagged '{}' is not an integer",
                        args[1]
                    )));
                }
                Ok(TestKind::StepChange(
                    if args.is_empty() { 1.0 } else { n(0)? },
                    nf as i64,
                ))
            }
            "atmospheric_pressure" => {
                count(var, test, args, 0, 2)?;
                let limit = if args.is_empty() { 3.5 } else { n(0)? };
                Ok(TestKind::AtmosphericPressure(
                    non_negative(var, test, "test_limit", limit, true)?,
                    if args.len() > 1 { n(1)? } else { 0.35 },
                ))
            }
            "difference" => {
                count(var, test, args, 2, 3)?;
                let tolerance_s = if args.len() == 3 { n(2)? } else { 60.0 };
                Ok(TestKind::Difference {
                    other: args[0].trim().to_string(),
                    limit: non_negative(var, test, "limit", n(1)?, false)?,
                    tolerance_s: non_negative(var, test, "time tolerance", tolerance_s, false)?,
                })
            }
            other => Err(Error::invalid(format!(
                "unknown test '{other}' for '{var}'; known tests: {}",
                TEST_NAMES.join(", ")
            ))),
        }
    }
}

impl TestSpec {
    /// Parse `VAR:TEST[:ARG[,ARG...]][:ASSESSMENT]`. With three fields the third is the argument
    /// list, except for the tests whose arguments are optional (`missing_value`, `persistence`,
    /// `iqr`, `step_change`, `atmospheric_pressure`),
    /// where text that does not start like a number is the assessment (`rh_mean:missing_value:Bad`).
    ///
    /// The assessment is one of ARM's ([`crate::assessment::ARM_ASSESSMENTS`], any case), or
    /// `custom:NAME` for any other name (`temp:outside:-40,50:custom:Odd`).
    pub fn parse(s: &str) -> Result<TestSpec> {
        let (body, custom) = match s.find(":custom:") {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        let parts: Vec<&str> = body.split(':').collect();
        let max_parts = if custom.is_some() { 3 } else { 4 };
        if parts.len() < 2 || parts.len() > max_parts || parts[0].trim().is_empty() {
            return Err(Error::invalid(format!(
                "test spec '{s}' is not VAR:TEST[:ARG[,ARG...]][:ASSESSMENT]"
            )));
        }
        let (var, test) = (parts[0].trim(), parts[1].trim());
        let looks_numeric = |p: &str| {
            p.trim()
                .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.')
        };
        let (args, assessment) = match parts.len() {
            _ if custom.is_some() => (parts.get(2).copied(), custom),
            2 => (None, None),
            3 if !matches!(
                test,
                "missing_value" | "persistence" | "iqr" | "gesd" | "step_change" | "atmospheric_pressure"
            ) || looks_numeric(parts[2]) =>
            {
                (Some(parts[2]), None)
            }
            3 => (None, Some(parts[2])),
            _ => (Some(parts[2]), Some(parts[3])),
        };
        let args: Vec<String> = args
            .map(|a| a.split(',').map(str::to_string).collect())
            .unwrap_or_default();
        Ok(TestSpec {
            variable: var.to_string(),
            kind: TestKind::parse(var, test, &args)?,
            assessment: assessment
                .map(|a| {
                    crate::assessment::parse_assessment(a)
                        .map_err(|e| Error::invalid(format!("test spec '{s}': {}", msg(e))))
                })
                .transpose()?,
            meaning: None,
            act_compat: false,
        })
    }

    /// Check the spec against a dataset without changing it: the variable (and a difference
    /// test's other variable) exists and is numeric; a persistence window is at most the
    /// number of samples along time.
    pub fn validate(&self, ds: &Dataset) -> Result<()> {
        let mut vars = vec![self.variable.as_str()];
        if let TestKind::Difference { other, .. } = &self.kind {
            vars.push(other);
        }
        for v in vars {
            let var = ds.get(v)?;
            if !var.dtype().is_numeric() {
                return Err(Error::DTypeMismatch {
                    var: v.into(),
                    expected: "numeric".into(),
                    found: var.dtype(),
                });
            }
        }
        // A window longer than the series is meaningless (and costs window × length work).
        if let TestKind::Persistence { window, .. } = &self.kind {
            let var = ds.get(&self.variable)?;
            let n = var
                .axis_of("time")
                .map_or_else(|| var.shape().first().copied().unwrap_or(1), |i| var.shape()[i]);
            if *window > n.max(1) {
                return Err(Error::invalid(format!(
                    "test 'persistence' on '{}': window {window} exceeds the {n} samples along time",
                    self.variable
                )));
            }
        }
        Ok(())
    }

    /// Run the test on `ds` (in place).
    pub fn apply(&self, ds: &mut Dataset) -> Result<TestResult> {
        let o = TestOptions {
            test_assessment: self.assessment.clone(),
            test_meaning: self.meaning.clone(),
            act_compat: self.act_compat,
            ..Default::default()
        };
        let v = self.variable.as_str();
        use crate::*;
        match &self.kind {
            TestKind::MissingValue(m) => add_missing_value_test(ds, v, *m, &o),
            TestKind::Less(l) => add_less_test(ds, v, *l, &o),
            TestKind::Greater(l) => add_greater_test(ds, v, *l, &o),
            TestKind::LessEqual(l) => add_less_equal_test(ds, v, *l, &o),
            TestKind::GreaterEqual(l) => add_greater_equal_test(ds, v, *l, &o),
            TestKind::EqualTo(l) => add_equal_to_test(ds, v, *l, &o),
            TestKind::NotEqualTo(l) => add_not_equal_to_test(ds, v, *l, &o),
            TestKind::Outside(a, b) => add_outside_test(ds, v, *a, *b, &o),
            TestKind::Inside(a, b) => add_inside_test(ds, v, *a, *b, &o),
            TestKind::Delta(l) => add_delta_test(ds, v, *l, &o),
            TestKind::Persistence {
                window,
                limit,
                min_periods,
                ignore_range,
            } => {
                let p = PersistenceOptions {
                    window: *window,
                    test_limit: *limit,
                    min_periods: *min_periods,
                    ignore_range: *ignore_range,
                };
                add_persistence_test(ds, v, &p, &o)
            }
            TestKind::Iqr(c) => add_iqr_test(ds, v, &crate::IqrOptions { coef: *c }, &o),
            TestKind::Gesd(k, a) => crate::gesd::add_gesd_test(
                ds,
                v,
                &crate::GesdOptions {
                    outliers: *k,
                    alpha: *a,
                },
                &o,
            ),
            TestKind::StepChange(k, nf) => add_step_change_test(
                ds,
                v,
                &crate::step::StepChangeOptions {
                    k: *k,
                    n_flagged: *nf,
                    ..Default::default()
                },
                &o,
            ),
            TestKind::AtmosphericPressure(l, b) => add_atmospheric_pressure_test(
                ds,
                v,
                &crate::PressureOptions {
                    test_limit: *l,
                    bias: *b,
                    ..Default::default()
                },
                &o,
            ),
            TestKind::Difference {
                other,
                limit,
                tolerance_s,
            } => {
                let d = DifferenceOptions::new(other.as_str(), *limit).tolerance_s(*tolerance_s);
                add_difference_test(ds, v, &d, &o)?
                    .ok_or_else(|| Error::invalid(format!("difference test on '{v}': no test added")))
            }
        }
    }
}

/// Validate every spec, then run them all in order (in place). On a validation error nothing is
/// changed; the CLI writes nothing when any test fails (e.g. more than 64 tests on a variable).
/// Tests of different variables run on several threads when they touch only their own variable
/// and its QC variable (the result is the same as in order; see `parallel.rs`).
pub fn apply_all(ds: &mut Dataset, specs: &[TestSpec]) -> Result<Vec<TestResult>> {
    for s in specs {
        s.validate(ds)?;
    }
    if let Some(results) = crate::parallel::apply_grouped(ds, specs) {
        return results;
    }
    specs.iter().map(|s| s.apply(ds)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn parse_cli_specs() {
        let s = TestSpec::parse("temp_mean:outside:-40,50:Bad").unwrap();
        assert_eq!(s.kind, TestKind::Outside(-40.0, 50.0));
        assert_eq!(s.assessment.as_deref(), Some("Bad"));
        let s = TestSpec::parse("rh_mean:persistence:10,0.0001").unwrap();
        assert_eq!(
            s.kind,
            TestKind::Persistence {
                window: 10,
                limit: 0.0001,
                min_periods: 1,
                ignore_range: None
            }
        );
        assert_eq!(
            TestSpec::parse("x:missing_value:Suspect")
                .unwrap()
                .assessment
                .as_deref(),
            Some("Suspect")
        );
        assert_eq!(
            TestSpec::parse("x:missing_value").unwrap().kind,
            TestKind::MissingValue(None)
        );
        let e = TestSpec::parse("x:less:abc").unwrap_err().to_string();
        assert!(e.contains("'abc' is not a number") && e.contains("'x'"), "{e}");
        assert!(
            TestSpec::parse("x:outside:1")
                .unwrap_err()
                .to_string()
                .contains("takes 2")
        );
        assert!(
            TestSpec::parse("x:bogus")
                .unwrap_err()
                .to_string()
                .contains("unknown test 'bogus'")
        );
        assert!(TestSpec::parse("x").is_err());
        assert!(TestSpec::parse("x:persistence:2.5").is_err());
        assert_eq!(TestSpec::parse("x:iqr:Suspect").unwrap().kind, TestKind::Iqr(1.5));
        assert_eq!(TestSpec::parse("x:gesd:Bad").unwrap().kind, TestKind::Gesd(5.0, 0.05));
        assert_eq!(
            TestSpec::parse("x:gesd:0.1,0.1").unwrap().kind,
            TestKind::Gesd(0.1, 0.1)
        );
        assert!(TestSpec::parse("x:gesd:5,2").is_err());
        assert_eq!(
            TestSpec::parse("x:step_change:4,-1").unwrap().kind,
            TestKind::StepChange(4.0, -1)
        );
        assert_eq!(
            TestSpec::parse("p:atmospheric_pressure").unwrap().kind,
            TestKind::AtmosphericPressure(3.5, 0.35)
        );
    }

    #[test]
    fn apply_validates_first_and_stops_at_65_tests() {
        let mut ds = Dataset::new();
        ds.insert("t", Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
            .unwrap();
        ds.insert("s", Variable::new(["time"], vec!["a".to_string(), "b".into()]).unwrap())
            .unwrap();
        let good = TestSpec::parse("t:less:1.5").unwrap();
        let bad = TestSpec::parse("nope:less:1").unwrap();
        let before = ds.clone();
        assert!(matches!(
            apply_all(&mut ds, &[good.clone(), bad]),
            Err(Error::VariableNotFound { .. })
        ));
        assert!(ds.identical(&before), "nothing changed");
        assert!(apply_all(&mut ds, &[TestSpec::parse("s:less:1").unwrap()]).is_err());
        let many: Vec<TestSpec> = (0..65).map(|_| good.clone()).collect();
        let e = apply_all(&mut ds, &many).unwrap_err().to_string();
        assert!(e.contains("64"), "{e}");
    }

    /// Issue 17 ("Unbounded parameters"): `outside:NaN,NaN`, reversed ranges and assessments of
    /// any spelling were accepted. Each is refused now, naming the test or the assessment.
    #[test]
    fn nan_reversed_and_unknown_assessments_are_refused() {
        for (spec, needle) in [
            ("t:outside:NaN,NaN", "finite"),
            ("t:inside:nan,1", "finite"),
            ("t:less:inf", "finite"),
            ("t:greater:1e400", "finite"),
            ("t:outside:50,-40", "reversed"),
            ("t:inside:2,1", "reversed"),
            ("t:persistence:10,0.1,1,5,1", "reversed"),
            ("t:persistence:10,-1", "limit"),
            ("t:persistence:3,0.1,4", "min_periods"),
            ("t:delta:-1", "limit"),
            ("t:iqr:0", "coef"),
            ("t:atmospheric_pressure:-1", "test_limit"),
            ("t:difference:u,-1", "limit"),
            ("t:difference:u,1,-5", "tolerance"),
            ("t:outside:-40,50:Baad", "assessment 'Baad'"),
            ("t:outside:-40,50:custom:", "custom"),
        ] {
            let e = TestSpec::parse(spec).unwrap_err().to_string();
            assert!(e.contains(needle), "{spec}: {e}");
        }
        // ARM's names in any case are normalized; custom: passes any other name through.
        let s = TestSpec::parse("t:outside:-40,50:SUSPECT").unwrap();
        assert_eq!(s.assessment.as_deref(), Some("Suspect"));
        let s = TestSpec::parse("t:missing_value:not failing").unwrap();
        assert_eq!(s.assessment.as_deref(), Some("Not failing"));
        let s = TestSpec::parse("t:outside:-40,50:custom:Odd").unwrap();
        assert_eq!(
            (s.kind, s.assessment.as_deref()),
            (TestKind::Outside(-40.0, 50.0), Some("Odd"))
        );
        let s = TestSpec::parse("t:missing_value:custom:Odd").unwrap();
        assert_eq!(
            (s.kind, s.assessment.as_deref()),
            (TestKind::MissingValue(None), Some("Odd"))
        );
        // The missing-value code is the one argument that may be NaN.
        assert!(
            matches!(TestSpec::parse("t:missing_value:NaN:Bad").unwrap().kind, TestKind::MissingValue(Some(x)) if x.is_nan())
        );
    }

    #[test]
    fn persistence_window_is_bound_by_the_series() {
        let mut ds = Dataset::new();
        ds.insert("t", Variable::new(["time"], vec![1.0f32, 2.0, 3.0]).unwrap())
            .unwrap();
        let e = TestSpec::parse("t:persistence:100000")
            .unwrap()
            .validate(&ds)
            .unwrap_err();
        assert!(e.to_string().contains("window 100000 exceeds the 3 samples"), "{e}");
        TestSpec::parse("t:persistence:3").unwrap().validate(&ds).unwrap();
    }
}
