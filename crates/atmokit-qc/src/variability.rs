//! Relative variability test: is one variable much more variable than its siblings (e.g. the
//! filters of an MFRSR)? Port of ACT `add_relative_variability_test` (ACT API reference, `act.qc.qctests.QCTests`).

use crate::TestOptions;
use crate::limits::finish;
use crate::model::TestResult;
use crate::values::not_numeric;
use atmokit_core::rolling::{Align, rolling_std};
use atmokit_core::{Dataset, Error, Result};

/// Trailing rolling population standard deviation (ddof 0) over `window` samples ending at `i`,
/// finite values only; NaN with fewer than `min_periods` finite values (xarray's
/// `rolling(time=window, min_periods).std()`). The implementation is
/// [`atmokit_core::rolling::rolling_std`].
pub fn rolling_std_trailing(x: &[f64], window: usize, min_periods: usize) -> Vec<f64> {
    rolling_std(x, window, Align::Trailing, min_periods)
}

/// For each of `variables` (1-D, same length, at least two), flag where
/// `|std_v − mean(std of the other variables)| > threshold`, the standard deviations being
/// trailing rolling ones over `window` samples ([`rolling_std_trailing`]). Adds one test per
/// variable. Default meaning "Standard deviation of variable is greater than the mean standard
/// deviation of other like variables", assessment Suspect.
pub fn add_relative_variability_test(
    ds: &mut Dataset,
    variables: &[&str],
    threshold: f64,
    window: usize,
    min_periods: usize,
    opts: &TestOptions,
) -> Result<Vec<TestResult>> {
    if variables.len() < 2 {
        return Err(Error::invalid("relative variability test needs at least two variables"));
    }
    let mut stds = vec![];
    for v in variables {
        let var = ds.get(v)?;
        let a = var.data().to_f64().ok_or_else(|| not_numeric(v, var.data()))?;
        if a.ndim() != 1 {
            return Err(Error::rank(*v, 1, a.ndim()));
        }
        stds.push(rolling_std_trailing(
            a.as_slice().unwrap_or(&a.iter().copied().collect::<Vec<_>>()),
            window,
            min_periods,
        ));
    }
    let n = stds[0].len();
    if stds.iter().any(|s| s.len() != n) {
        return Err(Error::invalid("relative variability test: variables differ in length"));
    }
    let meaning = opts.meaning_or(
        "Standard deviation of variable is greater than the mean standard deviation of other like variables",
    );
    let assessment = opts.assessment_or("Suspect");
    let mut out = vec![];
    for (j, v) in variables.iter().enumerate() {
        let mask: Vec<bool> = (0..n)
            .map(|i| {
                let others: Vec<f64> = stds
                    .iter()
                    .enumerate()
                    .filter(|(k, s)| *k != j && s[i].is_finite())
                    .map(|(_, s)| s[i])
                    .collect();
                if others.is_empty() {
                    return false;
                }
                let m = others.iter().sum::<f64>() / others.len() as f64;
                (stds[j][i] - m).abs() > threshold
            })
            .collect();
        out.push(finish(ds, v, &mask, &meaning, &assessment, opts, vec![])?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn one_noisy_variable() {
        let mut ds = Dataset::new();
        let quiet: Vec<f32> = (0..20).map(|i| (i % 2) as f32 * 0.1).collect();
        let mut noisy = quiet.clone();
        noisy[10] += 20.0;
        ds.insert("a", Variable::new(["time"], noisy).unwrap()).unwrap();
        ds.insert("b", Variable::new(["time"], quiet.clone()).unwrap()).unwrap();
        ds.insert("c", Variable::new(["time"], quiet).unwrap()).unwrap();
        let r = add_relative_variability_test(&mut ds, &["a", "b", "c"], 1.0, 3, 1, &TestOptions::default()).unwrap();
        // The spike at 10 is inside the trailing 3-sample windows ending at 10, 11, 12.
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_a", r[0].test_number).unwrap(),
            vec![10, 11, 12]
        );
        // b's siblings are a and c: their mean std (~4.7) is far from b's there too, as in ACT.
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_b", r[1].test_number).unwrap(),
            vec![10, 11, 12]
        );
        assert!(
            crate::get_qc_test_index(&ds, "qc_a", r[0].test_number)
                .unwrap()
                .iter()
                .all(|&i| (10..13).contains(&i))
        );
        let s = rolling_std_trailing(&[0.0, 2.0, 4.0], 2, 1);
        assert_eq!(s, vec![0.0, 1.0, 1.0]);
        assert!(add_relative_variability_test(&mut ds, &["a"], 1.0, 3, 1, &TestOptions::default()).is_err());
    }
}
