//! QC-aware averaging to a coarser time step — what ACT still lacks (ARM-DOE/ACT issue #703).
//!
//! Each variable is averaged over fixed bins of `period_ns` (bin `k` covers
//! `[start + k·period, start + (k+1)·period)`, `start` = the first time floored to a multiple of
//! the period since 1970 ([`atmokit_core::time_groups::TimeBins`]), labels are the bin starts, every bin from the first to the last sample is
//! present). Samples where a test with an assessment in `rm_assessments` or a number in `rm_tests`
//! is set, and NaN, are left out; a bin with fewer than `min_count` kept samples is NaN. The QC
//! variable is carried to the new step: the bits of all samples of a bin are OR-ed (a test is set
//! on the average when it was set on any of its samples; `flag_values` QC keeps the largest value),
//! with the same `flag_*` and limit attributes, so the averaged file keeps its QC history.
//! Returns a new dataset.

use crate::masked::qc_mask;
use crate::model::{FlagKind, QcFlags, find_qc_variable};
use crate::qcint::values_i128;
use crate::values::not_numeric;
use atmokit_core::time_groups::TimeBins;
use atmokit_core::{Data, Dataset, Error, Result, Variable};

/// Options of [`qc_average`].
#[derive(Clone, Debug)]
pub struct AverageOptions {
    /// Bin width in nanoseconds (e.g. `300 * NS_PER_S` for 5 minutes).
    pub period_ns: i64,
    /// Assessments whose samples are left out (case-insensitive), e.g. `["Bad"]`.
    pub rm_assessments: Vec<String>,
    /// Test numbers whose samples are left out.
    pub rm_tests: Vec<u32>,
    /// Fewest kept samples for a bin to get a value (at least 1).
    pub min_count: usize,
}

impl Default for AverageOptions {
    fn default() -> Self {
        AverageOptions {
            period_ns: 60_000_000_000,
            rm_assessments: vec!["Bad".into()],
            rm_tests: vec![],
            min_count: 1,
        }
    }
}

/// Average `variables` (1-D along `time`) of `ds` to `opts.period_ns`, leaving out flagged
/// samples, and carry their QC variables (see the module docs). Float32 data stay float32 (sums
/// in float64); integer data become float64. Errors: unknown variable, non-numeric or non-time
/// data, a period ≤ 0.
pub fn qc_average(ds: &Dataset, variables: &[&str], opts: &AverageOptions) -> Result<Dataset> {
    if opts.period_ns <= 0 {
        return Err(Error::parameter(
            "period_ns",
            opts.period_ns,
            "averaging period must be positive",
        ));
    }
    let t = ds.time()?.to_vec();
    let TimeBins { index: idx, starts } = TimeBins::new(&t, opts.period_ns)?;
    let nb = starts.len();
    let mut out = Dataset::new();
    out.attrs_mut().extend(ds.attrs().clone());
    let mut tv = Variable::time("time", starts);
    tv.attrs_mut().extend(ds.get("time")?.attrs().clone());
    out.insert("time", tv)?;
    let rm: Vec<&str> = opts.rm_assessments.iter().map(String::as_str).collect();
    for &var in variables {
        let v = ds.get(var)?;
        if v.dims() != ["time"] {
            return Err(Error::data(
                var,
                format!("qc_average: dims {:?}, expected [\"time\"]", v.dims()),
            ));
        }
        let x = v.data().to_f64().ok_or_else(|| not_numeric(var, v.data()))?;
        let qc = find_qc_variable(ds, var)?;
        let drop = match &qc {
            Some(q) if !rm.is_empty() || !opts.rm_tests.is_empty() => qc_mask(ds, q, &rm, &opts.rm_tests)?,
            _ => vec![false; x.len()],
        };
        let (mut sum, mut cnt) = (vec![0.0f64; nb], vec![0usize; nb]);
        for ((&val, &d), b) in x.iter().zip(&drop).zip(&idx) {
            if let Some(b) = *b
                && !d
                && val.is_finite()
            {
                sum[b] += val;
                cnt[b] += 1;
            }
        }
        let mean: Vec<f64> = sum
            .iter()
            .zip(&cnt)
            .map(|(s, &c)| {
                if c >= opts.min_count.max(1) {
                    s / c as f64
                } else {
                    f64::NAN
                }
            })
            .collect();
        let data: Data = if v.dtype() == atmokit_core::DType::F32 {
            mean.iter().map(|&m| m as f32).collect::<Vec<f32>>().into()
        } else {
            mean.into()
        };
        let mut nv = Variable::new(["time"], data)?;
        nv.attrs_mut().extend(v.attrs().clone());
        out.insert(var, nv)?;
        if let Some(q) = qc {
            let flags = QcFlags::read(ds, &q)?;
            let vals = values_i128(&q, ds.get(&q)?.data())?;
            let mut agg = vec![0i128; nb];
            for (&val, b) in vals.iter().zip(&idx) {
                if let Some(b) = *b {
                    agg[b] = if flags.kind == FlagKind::Masks {
                        agg[b] | val.max(0)
                    } else {
                        agg[b].max(val)
                    };
                }
            }
            let data: Data = if agg.iter().all(|&a| i32::try_from(a).is_ok()) {
                agg.iter().map(|&a| a as i32).collect::<Vec<i32>>().into()
            } else {
                agg.iter().map(|&a| a as i64).collect::<Vec<i64>>().into()
            };
            let mut qv = Variable::new(["time"], data)?;
            qv.attrs_mut().extend(ds.get(&q)?.attrs().clone());
            out.insert(&q, qv)?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::{TestOptions, add_greater_test, add_less_test};

    #[test]
    fn flagged_samples_are_left_out_and_qc_is_carried() {
        let s = 1_000_000_000i64;
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", (0..6).map(|i| i * 30 * s).collect()))
            .unwrap();
        ds.insert(
            "x",
            Variable::new(["time"], vec![1.0f32, 2.0, 100.0, 4.0, f32::NAN, -50.0]).unwrap(),
        )
        .unwrap();
        add_greater_test(&mut ds, "x", 50.0, &TestOptions::default()).unwrap();
        add_less_test(
            &mut ds,
            "x",
            -10.0,
            &TestOptions::default().assessment(Assessment::Suspect),
        )
        .unwrap();
        let o = AverageOptions {
            period_ns: 60 * s,
            ..Default::default()
        };
        let a = qc_average(&ds, &["x"], &o).unwrap();
        let x = a.view::<f32>("x").unwrap();
        // bins: [1,2] → 1.5; [100 (Bad), 4] → 4; [NaN, -50 (Suspect, kept)] → -50.
        assert_eq!(x.iter().copied().collect::<Vec<_>>(), vec![1.5, 4.0, -50.0]);
        assert_eq!(
            a.view::<i32>("qc_x").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        assert_eq!(
            a.get("qc_x").unwrap().attrs()["flag_masks"],
            ds.get("qc_x").unwrap().attrs()["flag_masks"]
        );
        assert_eq!(a.time().unwrap().to_vec(), vec![0, 60 * s, 120 * s]);
        let o2 = AverageOptions {
            period_ns: 60 * s,
            rm_assessments: vec!["Bad".into(), "Suspect".into()],
            min_count: 2,
            ..Default::default()
        };
        let b = qc_average(&ds, &["x"], &o2).unwrap();
        let x = b.view::<f32>("x").unwrap();
        assert!(x[[0]] == 1.5 && x[[1]].is_nan() && x[[2]].is_nan());
        assert!(qc_average(&ds, &["nope"], &o).is_err());
        assert!(
            qc_average(
                &ds,
                &["x"],
                &AverageOptions {
                    period_ns: 0,
                    ..Default::default()
                }
            )
            .is_err()
        );
    }
}
