//! Interquartile-range outlier test. Port of ACT `add_iqr_test`, which uses scikit-posthocs'
//! `outliers_iqr` (ACT API reference, `act.qc.qctests.QCTests`).

use crate::TestOptions;
use crate::limits::finish;
use crate::model::TestResult;
use crate::values::{not_numeric, py_float};
use atmokit_core::{Dataset, Result};

/// numpy's default (linear) percentile of sorted data (shared with the rest of atmokit).
pub use atmokit_core::summary::percentile_sorted;

/// The parameter of [`add_iqr_test`], with ACT's name and default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IqrOptions {
    /// Multiple of the interquartile range beyond the quartiles (ACT `coef=1.5`).
    pub coef: f64,
}

impl Default for IqrOptions {
    fn default() -> Self {
        IqrOptions { coef: 1.5 }
    }
}

/// Flag values outside `[Q1 − coef·IQR, Q3 + coef·IQR]`, quartiles of the finite values (numpy
/// linear percentiles); every sample equal to an outlier value is flagged, NaN never.
/// Default meaning "Value outside of interquartile range test range with a coefficient of
/// {coef}", assessment Indeterminate.
pub fn add_iqr_test(ds: &mut Dataset, var: &str, p: &IqrOptions, opts: &TestOptions) -> Result<TestResult> {
    let coef = p.coef;
    let v = ds.get(var)?;
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    let mut fin: Vec<f64> = a.iter().copied().filter(|x| x.is_finite()).collect();
    fin.sort_by(f64::total_cmp);
    let (q1, q3) = (percentile_sorted(&fin, 25.0), percentile_sorted(&fin, 75.0));
    let iqr = q3 - q1;
    let (lo, hi) = (q1 - iqr * coef, q3 + iqr * coef);
    let mask: Vec<bool> = a.iter().map(|&x| x.is_finite() && (x < lo || x > hi)).collect();
    let meaning = opts.meaning_or(&format!(
        "Value outside of interquartile range test range with a coefficient of {}",
        py_float(coef)
    ));
    let assessment = opts.assessment_or("Indeterminate");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn quartiles_and_outliers_by_hand() {
        // 1..=8: Q1 = 2.75, Q3 = 6.25 (numpy linear), IQR 3.5, fences -2.5 and 11.5.
        let s: Vec<f64> = (1..=8).map(f64::from).collect();
        assert_eq!((percentile_sorted(&s, 25.0), percentile_sorted(&s, 75.0)), (2.75, 6.25));
        let mut x: Vec<f32> = (1..=8).map(|v| v as f32).collect();
        x.extend([12.0, f32::NAN, -3.0]);
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], x).unwrap()).unwrap();
        let r = add_iqr_test(&mut ds, "x", &IqrOptions::default(), &TestOptions::default()).unwrap();
        // With 12 and -3 included: sorted [-3,1..8,12], Q1 = 2.25, Q3 = 6.75, fences -4.5 / 13.5.
        assert!(crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap().is_empty());
        let r = add_iqr_test(&mut ds, "x", &IqrOptions { coef: 0.5 }, &TestOptions::default()).unwrap();
        // Fences 2.25 - 2.25 = 0 and 6.75 + 2.25 = 9 → 12 (index 8) and -3 (index 10).
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap(),
            vec![8, 10]
        );
        assert_eq!(
            r.test_meaning,
            "Value outside of interquartile range test range with a coefficient of 0.5"
        );
        assert_eq!(r.test_assessment, "Indeterminate");
    }
}
