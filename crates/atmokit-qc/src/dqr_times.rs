//! Time ranges to report in a DQR submission: ACT 2.3.4's `act.utils.calculate_dqr_times`.
//! Flagged samples (missing values, or a QC test) are grouped into runs, a new run starting
//! where the index gap exceeds `threshold`; runs of a single sample are left out.

use atmokit_core::time::format_ns;
use atmokit_core::{Dataset, Error, Result};

use crate::model::{find_qc_variable, get_qc_test_mask};

/// Which samples count as flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DqrTimesOf {
    /// Samples whose value is NaN (missing values are NaN once decoded).
    Missing,
    /// Samples failing this test of the variable's QC variable (ACT's `qc_bit`; run the
    /// ARM → CF cleanup first).
    QcTest(u32),
}

/// Start and end times (ns since 1970) of each run of flagged samples of `var` along time.
/// For data with more dims a time step is flagged when any of its values is.
///
/// Differs from ACT: a QC test is read as a bit (`qc & 2^(n-1) != 0`), so a sample failing
/// that test and another one still counts (ACT compares `qc == 2^(n-1)`); every variable is
/// handled (ACT returns after the first).
pub fn calculate_dqr_times(ds: &Dataset, var: &str, threshold: usize, of: DqrTimesOf) -> Result<Vec<(i64, i64)>> {
    let v = ds.get(var)?;
    if v.dims().first().map(String::as_str) != Some("time") {
        return Err(Error::data(var, "first dimension is not time"));
    }
    let rows = v.shape()[0];
    let inner: usize = v.shape()[1..].iter().product::<usize>().max(1);
    let flat: Vec<bool> = match of {
        DqrTimesOf::Missing => {
            let x = v.data().to_f64().ok_or_else(|| Error::data(var, "not numeric"))?;
            x.iter().map(|x| x.is_nan()).collect()
        }
        DqrTimesOf::QcTest(n) => {
            let qc = find_qc_variable(ds, var)?.ok_or_else(|| Error::not_found(format!("qc_{var}")))?;
            get_qc_test_mask(ds, &qc, n)?
        }
    };
    let flagged: Vec<usize> = (0..rows)
        .filter(|r| flat[r * inner..(r + 1) * inner].iter().any(|b| *b))
        .collect();
    let time = ds.time()?;
    let mut out = Vec::new();
    let mut run_start = 0;
    for i in 1..=flagged.len() {
        if i == flagged.len() || flagged[i] - flagged[i - 1] > threshold {
            if i - run_start >= 2 {
                out.push((time[flagged[run_start]], time[flagged[i - 1]]));
            }
            run_start = i;
        }
    }
    Ok(out)
}

/// A time as the DQR submission tool reads it: `YYYY-MM-DD HH:MM:SS`.
pub fn format_dqr_time(ns: i64) -> String {
    format_ns(ns).replacen('T', " ", 1).chars().take(19).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    const MIN: i64 = 60_000_000_000;

    fn ds(values: Vec<f64>) -> Dataset {
        let t0 = 1_546_300_800_000_000_000i64; // 2019-01-01 00:00
        let mut ds = Dataset::new();
        let n = values.len() as i64;
        ds.insert("time", Variable::time("time", (0..n).map(|i| t0 + i * MIN).collect()))
            .unwrap();
        ds.insert("x", Variable::new(["time"], values).unwrap()).unwrap();
        ds
    }

    #[test]
    fn runs_split_on_gaps_larger_than_the_threshold() {
        // NaN at 1,2,3 (run), 5 (gap 2 <= 2: same run), 20 alone (dropped), 30,31 (run).
        let mut v = vec![0.0; 40];
        for i in [1, 2, 3, 5, 20, 30, 31] {
            v[i] = f64::NAN;
        }
        let d = ds(v);
        let t0 = 1_546_300_800_000_000_000i64;
        let got = calculate_dqr_times(&d, "x", 2, DqrTimesOf::Missing).unwrap();
        assert_eq!(got, [(t0 + MIN, t0 + 5 * MIN), (t0 + 30 * MIN, t0 + 31 * MIN)]);
        assert_eq!(format_dqr_time(got[0].1), "2019-01-01 00:05:00");
        let got = calculate_dqr_times(&d, "x", 1, DqrTimesOf::Missing).unwrap();
        assert_eq!(got, [(t0 + MIN, t0 + 3 * MIN), (t0 + 30 * MIN, t0 + 31 * MIN)]);
    }

    #[test]
    fn qc_test_runs() {
        let mut d = ds(vec![1.0; 10]);
        let mask: Vec<bool> = (0..10).map(|i| (4..=7).contains(&i)).collect();
        crate::model::add_test(&mut d, "x", Some(&mask), "m", "Bad", &Default::default()).unwrap();
        let t0 = 1_546_300_800_000_000_000i64;
        assert_eq!(
            calculate_dqr_times(&d, "x", 1, DqrTimesOf::QcTest(1)).unwrap(),
            [(t0 + 4 * MIN, t0 + 7 * MIN)]
        );
        assert!(
            calculate_dqr_times(&d, "x", 1, DqrTimesOf::QcTest(2))
                .unwrap()
                .is_empty()
        );
    }
}
