//! ACT's QC methods (`ds.qcfilter.add_*_test`, `ds.clean.cleanup`, `get_qc_test_mask`) by name,
//! with ACT's argument names, on a dataset dict.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::qc::{self, TestOptions, TestResult};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every QC test reachable from Python, by ACT's method name.
pub const TESTS: &[&str] = &[
    "add_missing_value_test",
    "add_less_test",
    "add_greater_test",
    "add_less_equal_test",
    "add_greater_equal_test",
    "add_equal_to_test",
    "add_not_equal_to_test",
    "add_outside_test",
    "add_inside_test",
    "add_delta_test",
    "add_persistence_test",
    "add_difference_test",
    "add_iqr_test",
    "add_gesd_test",
    "add_atmospheric_pressure_test",
    "add_step_change_test",
];

/// Read ACT's common test arguments (`test_meaning`, `test_assessment`, `test_number`,
/// `flag_value`, `prepend_text`, `limit_attr_name(s)`, `recycle`, `qc_var_name`), plus atmokit's
/// `act_compat` (reproduce ACT where atmokit deliberately differs).
pub(crate) fn common(kw: &mut Kwargs<'_, '_>) -> PyResult<TestOptions> {
    let mut o = TestOptions {
        test_meaning: kw.get("test_meaning")?,
        test_assessment: kw.get("test_assessment")?,
        test_number: kw.get("test_number")?,
        flag_value: kw.get_or("flag_value", false)?,
        prepend_text: kw.get("prepend_text")?,
        limit_attr_names: kw.get("limit_attr_names")?,
        recycle: kw.get_or("recycle", false)?,
        qc_var_name: kw.get("qc_var_name")?,
        act_compat: kw.get_or("act_compat", false)?,
    };
    if let Some(one) = kw.get::<String>("limit_attr_name")? {
        o.limit_attr_names = Some(vec![one]);
    }
    kw.ignore("use_dask");
    Ok(o)
}

/// Run the test `name` on `var` of `ds` (in place) and return its result.
pub fn run_test(ds: &mut Dataset, name: &str, var: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<TestResult> {
    let mut kw = Kwargs::new(kwargs, name);
    let r = match name {
        "add_missing_value_test" => {
            let mv: Option<f64> = kw.get("missing_value")?;
            kw.ignore("missing_value_att_name");
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_missing_value_test(ds, var, mv, &o)
        }
        "add_less_test"
        | "add_greater_test"
        | "add_less_equal_test"
        | "add_greater_equal_test"
        | "add_equal_to_test"
        | "add_not_equal_to_test" => {
            let limit: f64 = kw.require("limit_value")?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let f = match name {
                "add_less_test" => qc::add_less_test,
                "add_greater_test" => qc::add_greater_test,
                "add_less_equal_test" => qc::add_less_equal_test,
                "add_greater_equal_test" => qc::add_greater_equal_test,
                "add_equal_to_test" => qc::add_equal_to_test,
                _ => qc::add_not_equal_to_test,
            };
            f(ds, var, limit, &o)
        }
        "add_outside_test" | "add_inside_test" => {
            let lo: f64 = kw.require("limit_value_lower")?;
            let hi: f64 = kw.require("limit_value_upper")?;
            let o = common(&mut kw)?;
            kw.finish()?;
            if name == "add_outside_test" {
                qc::add_outside_test(ds, var, lo, hi, &o)
            } else {
                qc::add_inside_test(ds, var, lo, hi, &o)
            }
        }
        "add_delta_test" => {
            let limit: f64 = kw.get_or("diff_limit", 1.0)?;
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_delta_test(ds, var, limit, &o)
        }
        "add_persistence_test" => {
            let window: usize = kw.get_or("window", 10)?;
            let limit: f64 = kw.get_or("test_limit", 0.0001)?;
            let min_periods: usize = kw.get_or("min_periods", 1)?;
            kw.ignore("center");
            let ignore: Option<Vec<f64>> = kw.get("ignore_range")?;
            let ignore = match ignore.as_deref() {
                None => None,
                Some([a, b]) => Some((*a, *b)),
                Some(_) => {
                    return Err(PyValueError::new_err(
                        "add_persistence_test: ignore_range must hold two values",
                    ));
                }
            };
            let o = common(&mut kw)?;
            kw.finish()?;
            let p = qc::PersistenceOptions {
                window,
                test_limit: limit,
                min_periods,
                ignore_range: ignore,
            };
            qc::add_persistence_test(ds, var, &p, &o)
        }
        "add_difference_test" => {
            let other: String = kw.require("ds2_var_name")?;
            let limit: f64 = kw.require("diff_limit")?;
            let tol_s: f64 = kw.get_or("tolerance_seconds", 60.0)?;
            if !(tol_s.is_finite() && tol_s >= 0.0) {
                return Err(PyValueError::new_err(
                    "add_difference_test: tolerance must be a finite, non-negative time",
                ));
            }
            let ds2 = match kw.get::<Bound<'_, PyAny>>("dataset2")? {
                Some(d) => Some(crate::convert::dataset_from_py(&d)?),
                None => None,
            };
            let ds2_name: Option<String> = kw.get("ds2_name")?;
            let regardless: bool = kw.get_or("set_test_regardless", true)?;
            let assessments: Vec<String> = kw.get_or("apply_assessment_to_dataset2", vec![])?;
            let tests: Vec<u32> = kw.get_or("apply_tests_to_dataset2", vec![])?;
            let assessments = assessments
                .iter()
                .map(|a| a.parse::<qc::Assessment>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| to_py(e.into()))?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let mut d = qc::DifferenceOptions::new(other, limit)
                .tolerance_s(tol_s)
                .set_test_regardless(regardless)
                .mask_assessments(assessments)
                .mask_tests(tests);
            if let Some(ds2) = ds2.as_ref() {
                d = d.dataset2(ds2_name.as_deref(), ds2);
            }
            let added = qc::add_difference_test(ds, var, &d, &o).map_err(|e| to_py(e.into()))?;
            return added.ok_or_else(|| {
                PyValueError::new_err(
                    "add_difference_test: no comparison dataset and set_test_regardless=False (no test added)",
                )
            });
        }
        "add_iqr_test" => {
            let p = qc::IqrOptions {
                coef: kw.get_or("coef", qc::IqrOptions::default().coef)?,
            };
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_iqr_test(ds, var, &p, &o)
        }
        "add_gesd_test" => {
            let d = qc::GesdOptions::default();
            let p = qc::GesdOptions {
                outliers: kw.get_or("outliers", d.outliers)?,
                alpha: kw.get_or("alpha", d.alpha)?,
            };
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_gesd_test(ds, var, &p, &o)
        }
        "add_atmospheric_pressure_test" => {
            let d = qc::PressureOptions::default();
            let p = qc::PressureOptions {
                alt_name: kw.get_or("alt_name", d.alt_name)?,
                test_limit: kw.get_or("test_limit", d.test_limit)?,
                sea_level_pressure: kw.get_or("sea_level_pressure", d.sea_level_pressure)?,
                bias: kw.get_or("bias", d.bias)?,
            };
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_atmospheric_pressure_test(ds, var, &p, &o)
        }
        "add_step_change_test" => {
            let d = qc::step::StepChangeOptions::default();
            let p = qc::step::StepChangeOptions {
                k: kw.get_or("k", d.k)?,
                detrend: kw.get_or("detrend", d.detrend)?,
                n_flagged: kw.get_or("n_flagged", d.n_flagged)?,
                add_nan: kw.get_or("add_nan", d.add_nan)?,
            };
            let o = common(&mut kw)?;
            kw.finish()?;
            qc::add_step_change_test(ds, var, &p, &o)
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown QC test '{other}' (one of: {})",
                TESTS.join(", ")
            )));
        }
    };
    r.map_err(|e| to_py(e.into()))
}

/// Run ACT's `ds.clean.cleanup()` (ARM QC → CF) with its arguments.
pub fn cleanup(ds: &mut Dataset, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    let mut kw = Kwargs::new(kwargs, "cleanup");
    let mut o = qc::cleanup::CleanupOptions::default();
    o.cleanup_arm_qc = kw.get_or("cleanup_arm_qc", o.cleanup_arm_qc)?;
    o.clean_arm_state_vars = kw.get_or("clean_arm_state_vars", o.clean_arm_state_vars)?;
    o.handle_missing_value = kw.get_or("handle_missing_value", o.handle_missing_value)?;
    o.link_qc_variables = kw.get_or("link_qc_variables", o.link_qc_variables)?;
    o.normalize_assessment = kw.get_or("normalize_assessment", o.normalize_assessment)?;
    o.cleanup_cf_qc = kw.get_or("cleanup_cf_qc", o.cleanup_cf_qc)?;
    kw.finish()?;
    qc::cleanup::cleanup(ds, &o).map(|_| ()).map_err(|e| to_py(e.into()))
}
