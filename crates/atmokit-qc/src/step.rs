//! Step-change test with the CUSUM control chart. Port of ACT `add_step_change_test`
//! (ACT API reference, `act.qc.qctests.QCTests`; checked against ACT 2.3.4's
//! step-change unit test).

use crate::TestOptions;
use crate::limits::finish;
use crate::model::TestResult;
use crate::values::{not_numeric, py_float};
use atmokit_core::{Dataset, Error, NAT, Result};
use atmokit_physics::time_utils::modal_step_ns;

/// Round to the nearest IEEE half-precision value (ACT keeps the CUSUM sums in float16).
pub fn round_f16(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    if a >= 65520.0 {
        return f64::INFINITY.copysign(x);
    }
    let e = a.log2().floor().max(-14.0);
    let q = 2f64.powf(e - 10.0);
    let r = (a / q).round_ties_even() * q;
    r.copysign(x)
}

/// Indices where a CUSUM shift starts: with `m` the mean of the finite values,
/// `Cl[i] = max(0, Cl[i-1] - (x[i] - m + k))`, `Cu[i] = max(0, Cu[i-1] + (x[i] - m - k))`
/// (float16 sums; NaN leaves both unchanged), `C = max(Cu, Cl)`; every `i` with
/// `C[i+1] > C[i]` is returned.
pub fn cusum_starts(x: &[f64], k: f64) -> Vec<usize> {
    let fin: Vec<f64> = x.iter().copied().filter(|v| v.is_finite()).collect();
    if fin.is_empty() {
        return vec![];
    }
    let m = fin.iter().sum::<f64>() / fin.len() as f64;
    let (mut cl, mut cu) = (0.0f64, 0.0f64);
    let c: Vec<f64> = x
        .iter()
        .map(|&v| {
            if v.is_finite() {
                cl = round_f16((cl - round_f16(v - m + k)).max(0.0));
                cu = round_f16((cu + round_f16(v - m - k)).max(0.0));
            }
            cl.max(cu)
        })
        .collect();
    c.windows(2)
        .enumerate()
        .filter(|(_, w)| w[1] > w[0])
        .map(|(i, _)| i)
        .collect()
}

/// The parameters of [`add_step_change_test`], with ACT's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepChangeOptions {
    /// CUSUM allowance in the variable's units. ACT `k=1.0`.
    pub k: f64,
    /// Test the first differences (NaN first) instead of the data. ACT `detrend=True`.
    pub detrend: bool,
    /// Samples flagged from each detected start (`-1`: to the end). ACT `n_flagged=2`.
    pub n_flagged: i64,
    /// Ignore a step across a time gap longer than twice the most common time step (ACT inserts
    /// NaN rows there). ACT `add_nan=False`.
    pub add_nan: bool,
}

impl Default for StepChangeOptions {
    fn default() -> Self {
        StepChangeOptions {
            k: 1.0,
            detrend: true,
            n_flagged: 2,
            add_nan: false,
        }
    }
}

/// Flag shifts in a 1-D time series: runs of `p.n_flagged` samples starting at each
/// [`cusum_starts`] index of the data (see [`StepChangeOptions`]). Default meaning "Shift in
/// data detected with CUSUM algorithm: k={k}", assessment Indeterminate.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_qc::step::{StepChangeOptions, add_step_change_test};
/// use atmokit_qc::TestOptions;
/// let mut ds = Dataset::new();
/// ds.insert("t", Variable::new(["time"], vec![1.0, 1.0, 1.0, 9.0, 9.0, 9.0])?)?;
/// let r = add_step_change_test(&mut ds, "t", &StepChangeOptions::default(), &TestOptions::default())?;
/// assert_eq!(r.test_number, 1);
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn add_step_change_test(
    ds: &mut Dataset,
    var: &str,
    p: &StepChangeOptions,
    opts: &TestOptions,
) -> Result<TestResult> {
    let StepChangeOptions {
        k,
        detrend,
        n_flagged,
        add_nan,
    } = *p;
    let v = ds.get(var)?;
    let a = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
    if a.ndim() != 1 {
        return Err(Error::data(var, "step change test: must be a 1-D time series"));
    }
    let x: Vec<f64> = a.iter().copied().collect();
    let n = x.len();
    let mut gap = vec![false; n];
    if add_nan && n > 2 {
        let t = ds.time_of(&v.dims()[0])?.to_vec();
        let mode = modal_step_ns(&t).unwrap_or(0);
        for i in 1..n {
            gap[i] = t[i] != NAT && t[i - 1] != NAT && t[i] - t[i - 1] > 2 * mode;
        }
    }
    let series: Vec<f64> = if detrend {
        (0..n)
            .map(|i| if i == 0 || gap[i] { f64::NAN } else { x[i] - x[i - 1] })
            .collect()
    } else {
        x.clone()
    };
    let mut mask = vec![false; n];
    for s in cusum_starts(&series, k) {
        let end = if n_flagged < 0 {
            n
        } else {
            (s + n_flagged as usize).min(n)
        };
        mask[s..end].iter_mut().for_each(|m| *m = true);
    }
    let meaning = opts.meaning_or(&format!(
        "Shift in data detected with CUSUM algorithm: k={}",
        py_float(k)
    ));
    let assessment = opts.assessment_or("Indeterminate");
    finish(ds, var, &mask, &meaning, &assessment, opts, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_precision_rounding() {
        assert_eq!(round_f16(1.0), 1.0);
        assert_eq!(round_f16(0.1), 0.0999755859375); // nearest binary16 to 0.1
        assert_eq!(round_f16(2049.0), 2048.0); // spacing 2 above 2048, ties to even
        assert_eq!(round_f16(70000.0), f64::INFINITY);
    }

    #[test]
    fn finds_steps() {
        let mut x = [0.0; 20];
        x[10..].iter_mut().for_each(|v| *v = 5.0);
        let d: Vec<f64> = (0..20)
            .map(|i| if i == 0 { f64::NAN } else { x[i] - x[i - 1] })
            .collect();
        assert_eq!(cusum_starts(&d, 1.0), vec![9]);
        assert!(cusum_starts(&d, 6.0).is_empty());
    }
}
