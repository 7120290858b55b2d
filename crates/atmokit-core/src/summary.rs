//! Summary statistics of a variable (what `atmokit info --json` prints and the oracle records).
//!
//! Statistics are computed in f64 from the stored values, ignoring NaN, with numpy's pairwise
//! summation so that `sum`, `mean` and `std` (ddof 0) agree with numpy to the last bit.

use crate::{Data, Numeric, Variable, time::NAT, with_numeric};

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
            other => {
                with_numeric!(other, a => Summary::Numeric(numeric(a, shape, size)), _o => Summary::Text { shape, size })
            }
        }
    }

    /// Summarise many variables at once, in parallel over variables (one thread per core, largest
    /// variables first); the result is in the order given and equals [`Summary::of`] of each.
    pub fn of_all(vars: &[&Variable]) -> Vec<Summary> {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(vars.len());
        if threads <= 1 {
            return vars.iter().map(|v| Summary::of(v)).collect();
        }
        let mut order: Vec<usize> = (0..vars.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(vars[i].data().len()));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut out: Vec<Option<Summary>> = vec![None; vars.len()];
        let done: Vec<Vec<(usize, Summary)>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&i) = order.get(k) else { break };
                            mine.push((i, Summary::of(vars[i])));
                        }
                        mine
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for (i, s) in done.into_iter().flatten() {
            out[i] = Some(s);
        }
        out.into_iter()
            .zip(vars)
            .map(|(s, v)| s.unwrap_or_else(|| Summary::of(v)))
            .collect()
    }
}

/// Statistics of numeric data in three passes over the values and no copy unless some are
/// missing: min, max and counts; the pairwise sum; the pairwise sum of squared deviations. The
/// values summed are the finite ones in logical order, converted to f64, so the results are those
/// of numpy's `sum`, `mean` and `std` on `values[np.isfinite(values)]`.
fn numeric<T: Numeric>(a: &ndarray::ArrayD<T>, shape: Vec<usize>, size: usize) -> NumericSummary {
    let contiguous;
    let values: &[T] = match a.as_slice() {
        Some(s) => s,
        None => {
            contiguous = a.iter().copied().collect::<Vec<T>>();
            &contiguous
        }
    };
    let (mut n_nan, mut n_inf) = (0usize, 0usize);
    let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
    for &x in values {
        let v = x.to_f64();
        if v.is_finite() {
            min = f64::min(min, v);
            max = f64::max(max, v);
        } else if v.is_nan() {
            n_nan += 1;
        } else {
            n_inf += 1;
        }
    }
    let compacted;
    let finite: &[T] = if n_nan + n_inf == 0 {
        values
    } else {
        compacted = values
            .iter()
            .copied()
            .filter(|x| x.to_f64().is_finite())
            .collect::<Vec<T>>();
        &compacted
    };
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
    let sum = pairwise_sum_by(finite, |x| x.to_f64());
    let mean = sum / n as f64;
    let std = (pairwise_sum_by(finite, |x| {
        let d = x.to_f64() - mean;
        d * d
    }) / n as f64)
        .sqrt();
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
    pairwise_sum_by(a, |v| v)
}

/// [`pairwise_sum`] of `f(x)` for every `x` of `a`, without collecting the mapped values: the
/// same additions in the same order, so the same result to the last bit.
pub fn pairwise_sum_by<T: Copy>(a: &[T], f: impl Fn(T) -> f64 + Copy) -> f64 {
    const BLOCK: usize = 128;
    let n = a.len();
    if n < 8 {
        let mut res = -0.0;
        for &v in a {
            res += f(v);
        }
        res
    } else if n <= BLOCK {
        let mut r = [f(a[0]), f(a[1]), f(a[2]), f(a[3]), f(a[4]), f(a[5]), f(a[6]), f(a[7])];
        let mut i = 8;
        while i < n - (n % 8) {
            for k in 0..8 {
                r[k] += f(a[i + k]);
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += f(a[i]);
            i += 1;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum_by(&a[..n2], f) + pairwise_sum_by(&a[n2..], f)
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

    /// The statistics the plain way: collect the finite values as f64, then sum them and their
    /// squared deviations.
    fn reference(data: &Data) -> (usize, Option<f64>, Option<f64>, Option<f64>, Option<f64>) {
        let finite: Vec<f64> = data.iter_f64().unwrap().filter(|v| v.is_finite()).collect();
        if finite.is_empty() {
            return (0, None, None, None, None);
        }
        let n = finite.len() as f64;
        let sum = pairwise_sum(&finite);
        let mean = sum / n;
        let sq: Vec<f64> = finite.iter().map(|v| (v - mean) * (v - mean)).collect();
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (
            finite.len(),
            Some(min),
            Some(max),
            Some(sum),
            Some((pairwise_sum(&sq) / n).sqrt()),
        )
    }

    #[test]
    fn one_pass_equals_the_plain_way_bit_for_bit() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let vals: Vec<f32> = (0..100_003)
            .map(|i| match next() % 97 {
                0 => f32::NAN,
                1 if i % 2 == 0 => f32::INFINITY,
                _ => (next() % 100_000) as f32 / 7.0 - 5000.0,
            })
            .collect();
        let f32s = Data::F32(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[100_003]), vals.clone()).unwrap());
        let clean: Vec<i16> = (0..5000).map(|_| (next() % 60_000) as i16).collect();
        let i16s = Data::I16(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[50, 100]), clean).unwrap());
        // A transposed (non-contiguous) view: the logical order is what counts.
        let grid = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[301, 331]), vals[..301 * 331].to_vec()).unwrap();
        let t = Data::F32(grid.reversed_axes());
        for data in [&f32s, &i16s, &t] {
            let Summary::Numeric(s) = Summary::of_data(data) else {
                panic!("numeric")
            };
            let (n, min, max, sum, std) = reference(data);
            assert_eq!(s.n_finite, n);
            assert_eq!((s.min, s.max), (min, max));
            assert_eq!(s.sum.map(f64::to_bits), sum.map(f64::to_bits));
            assert_eq!(s.mean.map(f64::to_bits), sum.map(|x| (x / n as f64).to_bits()));
            assert_eq!(s.std.map(f64::to_bits), std.map(f64::to_bits));
        }
        let vars: Vec<Variable> = [f32s, i16s, t]
            .into_iter()
            .map(|d| {
                let dims: Vec<String> = (0..d.shape().len()).map(|k| format!("d{k}_{}", d.len())).collect();
                Variable::from_parts(dims, d, Default::default(), Default::default()).unwrap()
            })
            .collect();
        let refs: Vec<&Variable> = vars.iter().collect();
        let all = Summary::of_all(&refs);
        let one: Vec<Summary> = vars.iter().map(Summary::of).collect();
        assert_eq!(format!("{all:?}"), format!("{one:?}"));
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
