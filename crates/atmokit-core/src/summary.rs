//! Summary statistics of a variable (what `atmokit info --json` prints and the oracle records).
//!
//! Statistics are computed in f64 from the stored values, ignoring NaN, with numpy's pairwise
//! summation so that `sum`, `mean` and `std` (ddof 0) agree with numpy to the last bit.

use crate::{Data, Variable, time::NAT};

/// Statistics of one variable.
#[derive(Clone, Debug, PartialEq)]
pub enum Summary {
    /// Numeric data.
    Numeric(NumericSummary),
    /// Time data.
    Time(TimeSummary),
    /// Strings or characters: shape and size only.
    Text {
        /// Shape.
        shape: Vec<usize>,
        /// Number of elements.
        size: usize,
    },
}

/// Statistics of numeric data, ignoring NaN (and ±inf, which count in neither).
#[derive(Clone, Debug, PartialEq)]
pub struct NumericSummary {
    /// Shape.
    pub shape: Vec<usize>,
    /// Number of elements.
    pub size: usize,
    /// Number of NaN values.
    pub n_nan: usize,
    /// Number of finite values.
    pub n_finite: usize,
    /// Minimum finite value (None when there is none).
    pub min: Option<f64>,
    /// Maximum finite value.
    pub max: Option<f64>,
    /// Mean of finite values.
    pub mean: Option<f64>,
    /// Sum of finite values.
    pub sum: Option<f64>,
    /// Population standard deviation (ddof 0) of finite values.
    pub std: Option<f64>,
}

/// Statistics of time data.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeSummary {
    /// Shape.
    pub shape: Vec<usize>,
    /// Number of elements.
    pub size: usize,
    /// Number of missing times.
    pub n_nat: usize,
    /// Earliest time (ns since 1970).
    pub min: Option<i64>,
    /// Latest time (ns since 1970).
    pub max: Option<i64>,
}

impl Summary {
    /// Summarise a variable's data.
    pub fn of(var: &Variable) -> Summary {
        Summary::of_data(var.data())
    }

    /// Summarise data.
    pub fn of_data(data: &Data) -> Summary {
        let shape = data.shape().to_vec();
        let size = data.len();
        match data {
            Data::Time(t) => {
                let good = t.iter().copied().filter(|&v| v != NAT);
                let (mut min, mut max, mut n) = (None::<i64>, None::<i64>, 0usize);
                for v in good {
                    n += 1;
                    min = Some(min.map_or(v, |m| m.min(v)));
                    max = Some(max.map_or(v, |m| m.max(v)));
                }
                Summary::Time(TimeSummary {
                    shape,
                    size,
                    n_nat: size - n,
                    min,
                    max,
                })
            }
            Data::Str(_) | Data::Char(_) => Summary::Text { shape, size },
            _ => {
                let iter = data.iter_f64().expect("numeric data");
                let mut finite = Vec::with_capacity(size);
                let mut n_nan = 0;
                for v in iter {
                    if v.is_nan() {
                        n_nan += 1;
                    } else if v.is_finite() {
                        finite.push(v);
                    }
                }
                Summary::Numeric(numeric_summary(shape, size, n_nan, &finite))
            }
        }
    }
}

fn numeric_summary(shape: Vec<usize>, size: usize, n_nan: usize, finite: &[f64]) -> NumericSummary {
    let n = finite.len();
    if n == 0 {
        return NumericSummary {
            shape,
            size,
            n_nan,
            n_finite: 0,
            min: None,
            max: None,
            mean: None,
            sum: None,
            std: None,
        };
    }
    let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum = pairwise_sum(finite);
    let mean = sum / n as f64;
    let sq: Vec<f64> = finite.iter().map(|&v| (v - mean) * (v - mean)).collect();
    let std = (pairwise_sum(&sq) / n as f64).sqrt();
    NumericSummary {
        shape,
        size,
        n_nan,
        n_finite: n,
        min: Some(min),
        max: Some(max),
        mean: Some(mean),
        sum: Some(sum),
        std: Some(std),
    }
}

/// numpy's pairwise summation (`pairwise_sum` in `loops_utils.h`): 8 accumulators in blocks of
/// up to 128 values, halves summed recursively. Matches `numpy.sum` on contiguous f64 data.
pub fn pairwise_sum(a: &[f64]) -> f64 {
    const BLOCK: usize = 128;
    let n = a.len();
    if n < 8 {
        let mut res = -0.0;
        for &v in a {
            res += v;
        }
        res
    } else if n <= BLOCK {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let mut i = 8;
        while i < n - (n % 8) {
            for k in 0..8 {
                r[k] += a[i + k];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += a[i];
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&a[..n2]) + pairwise_sum(&a[n2..])
    }
}

/// numpy's default (linear) percentile of sorted, NaN-free data, `q` in 0..=100; NaN when empty.
/// Sort once and call this for several quantiles.
pub fn percentile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = (sorted.len() - 1) as f64 * q / 100.0;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// numpy `nanpercentile(values, q)` with linear interpolation (`q` in 0–100); NaN when no value
/// is finite. Reorders `values` and drops its NaNs (a partial selection, no full sort): the fast
/// way to take one quantile.
pub fn nanpercentile_in_place(values: &mut Vec<f64>, q: f64) -> f64 {
    values.retain(|v| !v.is_nan());
    if values.is_empty() {
        return f64::NAN;
    }
    let rank = q / 100.0 * (values.len() - 1) as f64;
    let lo = rank.floor() as usize;
    let frac = rank - lo as f64;
    // The lo-th value, then the smallest value above it.
    let (_, &mut vlo, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    if frac == 0.0 || above.is_empty() {
        return vlo;
    }
    let vhi = above.iter().copied().fold(f64::INFINITY, f64::min);
    vlo + (vhi - vlo) * frac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_nan_and_counts() {
        let v = Variable::new(["t"], vec![1.0f32, f32::NAN, 3.0, f32::INFINITY]).unwrap();
        let Summary::Numeric(s) = Summary::of(&v) else {
            panic!("numeric")
        };
        assert_eq!((s.n_nan, s.n_finite, s.size), (1, 2, 4));
        assert_eq!(
            (s.min, s.max, s.mean, s.sum),
            (Some(1.0), Some(3.0), Some(2.0), Some(4.0))
        );
        assert_eq!(s.std, Some(1.0));
        let e = Variable::new(["t"], Vec::<f64>::new()).unwrap();
        let Summary::Numeric(s) = Summary::of(&e) else {
            panic!("numeric")
        };
        assert_eq!(s.mean, None);
    }

    #[test]
    fn pairwise_matches_exact_integers() {
        let v: Vec<f64> = (0..1000).map(f64::from).collect();
        assert_eq!(pairwise_sum(&v), 499_500.0);
        assert_eq!(pairwise_sum(&[]), 0.0);
    }

    #[test]
    fn percentiles_agree_with_numpy_linear() {
        // numpy.percentile([1, 2, 3, 4], 25) = 1.75; 50 → 2.5; 100 → 4
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile_sorted(&sorted, 25.0), 1.75);
        assert_eq!(percentile_sorted(&sorted, 50.0), 2.5);
        let mut v = vec![4.0, f64::NAN, 1.0, 3.0, 2.0];
        assert_eq!(nanpercentile_in_place(&mut v, 25.0), 1.75);
        assert_eq!(nanpercentile_in_place(&mut vec![3.0, 1.0, 2.0], 100.0), 3.0);
        assert!(nanpercentile_in_place(&mut vec![f64::NAN], 50.0).is_nan());
        assert!(percentile_sorted(&[], 50.0).is_nan());
    }

    #[test]
    fn time_summary() {
        let v = Variable::time("time", vec![5, NAT, 1]);
        let Summary::Time(s) = Summary::of(&v) else {
            panic!("time")
        };
        assert_eq!((s.n_nat, s.min, s.max), (1, Some(1), Some(5)));
    }
}
