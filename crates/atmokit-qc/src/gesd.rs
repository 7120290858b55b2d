//! Generalized Extreme Studentized Deviate (GESD) outlier test (Rosner 1983, "Percentage points
//! for a generalized ESD many-outlier procedure", Technometrics 25(2), 165–172). Port of ACT
//! `add_gesd_test`, which calls scikit-posthocs `outliers_gesd(..., hypo=True)` (ACT API
//! reference, `act.qc.qctests.QCTests`) with the scikit-posthocs ≥ 0.11.3 semantics (removed samples tracked in input order).

use crate::TestOptions;
use crate::limits::finish;
use crate::model::TestResult;
use crate::values::{not_numeric, py_float};
use atmokit_core::{Dataset, Error, Result};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Rosner's statistics for `k` = 1..=`max_outliers`: `(R_k, λ_k, removed_k)`.
///
/// At step k (1-based) on the `n − k + 1` remaining values with mean x̄ and sample standard
/// deviation s (ddof 1): `R_k = max |x − x̄| / s`, and the value reaching the maximum (the first
/// one in input order on ties) is removed (`removed_k`, an index into `x`). The critical value is
/// `λ_k = (n − k)·t_{p, n−k−1} / sqrt((n − k − 1 + t²)(n − k + 1))` with
/// `p = 1 − α / (2(n − k + 1))` and `t` the Student-t quantile. Steps that would leave fewer than
/// three values are not computed (λ needs ≥ 1 degree of freedom).
pub fn gesd_statistics(x: &[f64], max_outliers: usize, alpha: f64) -> Result<Vec<(f64, f64, usize)>> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(Error::parameter("alpha", alpha, "GESD test: must lie in (0, 1)"));
    }
    let n = x.len();
    let steps = max_outliers.min(n.saturating_sub(2));
    let mut active = vec![true; n];
    // A running sum gives the mean; one scan per step finds the arg-max and the variance.
    let mut sum: f64 = x.iter().sum();
    let mut out = Vec::with_capacity(steps);
    for k in 1..=steps {
        let m = (n - k + 1) as f64;
        let mean = sum / m;
        // Two-pass variance over the active values for accuracy (avoids sum2 cancellation).
        let mut ss = 0.0;
        let mut best = (f64::NEG_INFINITY, 0usize);
        for (i, &v) in x.iter().enumerate() {
            if active[i] {
                let d = (v - mean).abs();
                ss += d * d;
                if d > best.0 {
                    best = (d, i);
                }
            }
        }
        let sd = (ss / (m - 1.0)).sqrt();
        let r = best.0 / sd;
        let df = m - 2.0;
        let p = 1.0 - alpha / (2.0 * m);
        let t = StudentsT::new(0.0, 1.0, df)
            .map_err(|e| Error::invalid(format!("GESD test: Student t with {df} degrees of freedom: {e}")))?
            .inverse_cdf(p);
        let lambda = (m - 1.0) * t / ((df + t * t) * m).sqrt();
        out.push((r, lambda, best.1));
        active[best.1] = false;
        sum -= x[best.1];
    }
    Ok(out)
}

/// Indices (into `x`) of the GESD outliers: the values removed in the first `k` steps, with `k`
/// the largest step whose `R_k > λ_k` (none if no step rejects).
pub fn gesd_outliers(x: &[f64], max_outliers: usize, alpha: f64) -> Result<Vec<usize>> {
    let st = gesd_statistics(x, max_outliers, alpha)?;
    let k = st.iter().rposition(|&(r, l, _)| r > l).map_or(0, |i| i + 1);
    Ok(st[..k].iter().map(|s| s.2).collect())
}

/// The parameters of [`add_gesd_test`], with ACT's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GesdOptions {
    /// The maximum number of outliers tested for (ACT `outliers=5`); a value below 1 is a
    /// fraction of the variable's size (NaN included, capped at 0.9, rounded up), as in ACT.
    pub outliers: f64,
    /// The significance level (ACT `alpha=0.05`).
    pub alpha: f64,
}

impl Default for GesdOptions {
    fn default() -> Self {
        GesdOptions {
            outliers: 5.0,
            alpha: 0.05,
        }
    }
}

/// Flag generalized-ESD outliers of `var`, in place ([`GesdOptions`]: how many outliers at
/// most, at which significance level).
///
/// The test runs on the finite values (flattened); every sample whose value equals an outlier
/// value is flagged, NaN never. Default meaning "Value
/// failed generalized Extreme Studentized Deviate test with an alpha of {alpha}", assessment
/// Indeterminate. See [`gesd_statistics`] for the formula.
///
/// Differs from ACT: on a multi-dimensional variable ACT appends the flattened `nonzero()` tuple
/// (row and column indices mixed) and flags those whole rows; here the flags are set
/// element-wise. [`TestOptions::act_compat`] reproduces ACT.
pub fn add_gesd_test(ds: &mut Dataset, var: &str, p: &GesdOptions, opts: &TestOptions) -> Result<TestResult> {
    let GesdOptions { outliers, alpha } = *p;
    let v = ds.get(var)?;
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    if outliers.is_nan() || outliers <= 0.0 {
        return Err(Error::parameter(
            "outliers",
            outliers,
            format!("GESD test on '{var}': must be positive"),
        ));
    }
    let max_out = if outliers < 1.0 {
        (outliers.min(0.9) * a.len() as f64).ceil() as usize
    } else {
        outliers as usize
    };
    let fin: Vec<f64> = a.iter().copied().filter(|x| x.is_finite()).collect();
    let mut bad: Vec<f64> = gesd_outliers(&fin, max_out, alpha)?
        .into_iter()
        .map(|i| fin[i])
        .collect();
    bad.sort_by(f64::total_cmp);
    bad.dedup();
    let mut mask: Vec<bool> = a
        .iter()
        .map(|x| bad.binary_search_by(|b| b.total_cmp(x)).is_ok())
        .collect();
    if opts.act_compat && a.ndim() > 1 {
        mask = act_rows(var, &a, &bad)?;
    }
    let meaning = opts.meaning_or(&format!(
        "Value failed generalized Extreme Studentized Deviate test with an alpha of {}",
        py_float(alpha)
    ));
    let assessment = opts.assessment_or("Indeterminate");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![])
}

/// ACT 2.3.4's flags on a multi-dimensional variable: for each outlier value (ascending), the
/// `nonzero()` index arrays of its elements (one per axis, appended one after the other) become
/// indices along the first axis, and those whole rows are flagged. An index past the first
/// axis is ACT's `IndexError`, an error here.
fn act_rows(var: &str, a: &ndarray::ArrayD<f64>, bad: &[f64]) -> Result<Vec<bool>> {
    let shape = a.shape();
    let rows = shape[0];
    let row_len: usize = shape[1..].iter().product();
    let mut flagged = vec![false; rows];
    for &b in bad {
        // Positions of the elements equal to b, in row-major order, one list per axis.
        let mut per_axis: Vec<Vec<usize>> = vec![Vec::new(); shape.len()];
        for (idx, x) in a.indexed_iter() {
            if *x == b {
                for (k, &i) in ndarray::Dimension::slice(&idx).iter().enumerate() {
                    per_axis[k].push(i);
                }
            }
        }
        for i in per_axis.into_iter().flatten() {
            let row = flagged.get_mut(i).ok_or_else(|| {
                Error::invalid(format!(
                    "GESD test on '{var}' (act_compat): index {i} is out of bounds for the first axis of size {rows}, as in ACT 2.3.4"
                ))
            })?;
            *row = true;
        }
    }
    Ok(flagged.iter().flat_map(|&f| std::iter::repeat_n(f, row_len)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    /// Rosner's 54 values (NIST/SEMATECH e-Handbook 1.3.5.17.3, also the scikit-posthocs example).
    const ROSNER: [f64; 54] = [
        -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7,
        1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4, 2.47,
        2.54, 2.62, 2.64, 2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3, 4.64, 5.34, 5.42, 6.01,
    ];

    /// ACT 2.3.4 on this 6 × 4 field (outliers 100 at row 1, column 3 and -80 at row 4,
    /// column 0; `ds.qcfilter.add_gesd_test('v')` printed qc_v) flags rows 0, 1, 3 and 4 whole:
    /// its index list is [4, 0, 1, 3]. Without act_compat only the two outliers are flagged.
    #[test]
    fn multi_dimensional_act_compat() {
        let mut x: Vec<f64> = (0..24).map(|k| 10.0 + k as f64 * 0.01).collect();
        x[4 + 3] = 100.0;
        x[4 * 4] = -80.0;
        let make = || {
            let mut ds = Dataset::new();
            let a = ndarray::ArrayD::from_shape_vec(vec![6, 4], x.clone()).unwrap();
            ds.insert("v", Variable::new(["time", "height"], a).unwrap()).unwrap();
            ds
        };
        let flags = |ds: &Dataset| -> Vec<i32> { ds.view::<i32>("qc_v").unwrap().iter().copied().collect() };
        let mut ds = make();
        let o = TestOptions {
            act_compat: true,
            ..Default::default()
        };
        add_gesd_test(&mut ds, "v", &GesdOptions::default(), &o).unwrap();
        let want_rows = [1, 1, 0, 1, 1, 0];
        let want: Vec<i32> = want_rows.iter().flat_map(|&r| [r; 4]).collect();
        assert_eq!(flags(&ds), want);
        let mut ds = make();
        add_gesd_test(&mut ds, "v", &GesdOptions::default(), &TestOptions::default()).unwrap();
        let plain = flags(&ds);
        assert_eq!(plain.iter().filter(|&&f| f != 0).count(), 2);
        assert!(plain[7] != 0 && plain[16] != 0);
    }

    #[test]
    fn published_rosner_table() {
        // NIST handbook table: R = 3.118 2.942 3.179 2.810 2.815; λ(5 %) = 3.158 3.151 3.143 3.136 3.128.
        let st = gesd_statistics(&ROSNER, 5, 0.05).unwrap();
        let r = [3.118, 2.942, 3.179, 2.810, 2.815];
        let l = [3.158, 3.151, 3.143, 3.136, 3.128];
        for (k, s) in st.iter().enumerate() {
            assert!((s.0 - r[k]).abs() < 1.5e-3, "R_{}: {} vs {}", k + 1, s.0, r[k]);
            assert!((s.1 - l[k]).abs() < 1.5e-3, "λ_{}: {} vs {}", k + 1, s.1, l[k]);
        }
        // Step 3 is the last rejection → the three largest values are outliers.
        let mut o = gesd_outliers(&ROSNER, 5, 0.05).unwrap();
        o.sort_unstable();
        assert_eq!(o, vec![51, 52, 53]);
    }

    #[test]
    fn flags_every_sample_equal_to_an_outlier() {
        let mut x: Vec<f32> = ROSNER.iter().map(|&v| v as f32).collect();
        x.extend([6.01, f32::NAN]);
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], x).unwrap()).unwrap();
        let r = add_gesd_test(&mut ds, "x", &GesdOptions::default(), &TestOptions::default()).unwrap();
        let idx = crate::get_qc_test_index(&ds, "qc_x", r.test_number).unwrap();
        // With a second 6.01 the data change, so check only structure: both 6.01 share a flag,
        // NaN is not flagged.
        assert!(!idx.contains(&55));
        assert_eq!(idx.contains(&53), idx.contains(&54));
        assert_eq!(
            r.test_meaning,
            "Value failed generalized Extreme Studentized Deviate test with an alpha of 0.05"
        );
        assert_eq!(r.test_assessment, "Indeterminate");
    }

    #[test]
    fn no_outliers_in_constant_steps_and_bad_input() {
        // Evenly spaced values: R_1 = max dev / s is small, nothing rejected.
        let x: Vec<f64> = (0..100).map(f64::from).collect();
        assert!(gesd_outliers(&x, 5, 0.05).unwrap().is_empty());
        assert!(gesd_outliers(&[1.0, 2.0], 5, 0.05).unwrap().is_empty());
        assert!(gesd_outliers(&x, 5, 1.5).is_err());
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![1.0f32; 4]).unwrap())
            .unwrap();
        assert!(
            add_gesd_test(
                &mut ds,
                "x",
                &GesdOptions {
                    outliers: 0.0,
                    ..Default::default()
                },
                &TestOptions::default()
            )
            .is_err()
        );
        assert!(add_gesd_test(&mut ds, "nope", &GesdOptions::default(), &TestOptions::default()).is_err());
    }
}
