//! Time-based grouping without polars: fixed time bins ([`TimeBins`], xarray's
//! `ds.groupby_bins` / `ds.resample(time=...)` windows), [`Dataset::resample`] with a NaN-skipping
//! statistic, and a trailing time-window [`rolling_time`] (pandas' `Series.rolling("10min")`).
//!
//! Bins are `[start + k·period, start + (k+1)·period)` (closed left, labelled by their start),
//! `start` = the earliest time floored to a multiple of the period since 1970-01-01 (pandas'
//! `origin="start_day"` agrees for periods dividing a day). Every bin from the first to the last
//! sample is present, empty ones included, as xarray's `resample` keeps them. Times need not be
//! sorted; NaT samples belong to no bin.

use crate::{Data, Dataset, Error, NAT, Result, Variable};

/// More bins than this is refused (a 1 ns period over years would allocate without bound).
pub const MAX_BINS: usize = 50_000_000;

/// The time bin of every sample of a time axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeBins {
    /// Bin of each sample (`None` for NaT), in sample order.
    pub index: Vec<Option<usize>>,
    /// Start of each bin (ns since 1970), increasing.
    pub starts: Vec<i64>,
}

impl TimeBins {
    /// Bins of `period_ns` over `times` (ns since 1970, [`NAT`] allowed, any order).
    ///
    /// Errors when `period_ns <= 0` or the span needs more than [`MAX_BINS`] bins.
    ///
    /// ```
    /// use atmokit_core::{NAT, time_groups::TimeBins};
    /// let s = 1_000_000_000; // 1 s in ns
    /// let b = TimeBins::new(&[130 * s, 10 * s, NAT, 70 * s], 60 * s)?;
    /// assert_eq!(b.starts, vec![0, 60 * s, 120 * s]);
    /// assert_eq!(b.index, vec![Some(2), Some(0), None, Some(1)]);
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn new(times: &[i64], period_ns: i64) -> Result<TimeBins> {
        if period_ns <= 0 {
            return Err(Error::parameter("period_ns", period_ns, "time bins: must be positive"));
        }
        let valid = times.iter().copied().filter(|&x| x != NAT);
        let (Some(lo), Some(hi)) = (valid.clone().min(), valid.max()) else {
            return Ok(TimeBins {
                index: vec![None; times.len()],
                starts: vec![],
            });
        };
        let start = lo.div_euclid(period_ns) * period_ns;
        let span = (i128::from(hi) - i128::from(start)) / i128::from(period_ns) + 1;
        if span > MAX_BINS as i128 {
            return Err(Error::parameter(
                "period_ns",
                period_ns,
                format!("time bins: the data's span needs {span} bins (at most {MAX_BINS})"),
            ));
        }
        let index = times
            .iter()
            .map(|&x| (x != NAT).then(|| ((x - start) / period_ns) as usize))
            .collect();
        let starts = (0..span as i64).map(|k| start + k * period_ns).collect();
        Ok(TimeBins { index, starts })
    }

    /// Number of bins.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when there are no bins (no valid time).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The sample indices of each bin, in sample order (xarray's `groupby(...).groups`).
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let mut g = vec![Vec::new(); self.starts.len()];
        for (i, b) in self.index.iter().enumerate() {
            if let Some(b) = b {
                g[*b].push(i);
            }
        }
        g
    }
}

/// A NaN-skipping statistic over a group of samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stat {
    /// Mean of the finite values; NaN when there are none.
    Mean,
    /// Minimum of the non-NaN values; NaN when there are none.
    Min,
    /// Maximum of the non-NaN values; NaN when there are none.
    Max,
    /// Sum of the non-NaN values; 0 when there are none (as xarray's `sum`).
    Sum,
    /// Number of non-NaN values.
    Count,
}

impl Stat {
    /// The statistic of `values` (NaN skipped).
    ///
    /// ```
    /// use atmokit_core::time_groups::Stat;
    /// assert_eq!(Stat::Mean.of([1.0, f64::NAN, 3.0]), 2.0);
    /// assert_eq!(Stat::Sum.of([f64::NAN]), 0.0);
    /// assert!(Stat::Max.of([]).is_nan());
    /// ```
    pub fn of(self, values: impl IntoIterator<Item = f64>) -> f64 {
        let (mut n, mut sum, mut lo, mut hi) = (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|v| !v.is_nan()) {
            n += 1;
            sum += v;
            lo = lo.min(v);
            hi = hi.max(v);
        }
        match self {
            Stat::Count => n as f64,
            Stat::Sum => sum,
            _ if n == 0 => f64::NAN,
            Stat::Mean => sum / n as f64,
            Stat::Min => lo,
            Stat::Max => hi,
        }
    }
}

/// Trailing time-window statistic at each sample: over the samples with time in
/// `(t_i - window_ns, t_i]` (pandas' `Series.rolling("10min", min_periods)`), NaN where fewer
/// than `min_periods` non-NaN values (`Count` and `Sum` too, as pandas). Times must be increasing
/// (equal times allowed) and free of NaT: an error names the first sample out of order.
///
/// ```
/// use atmokit_core::time_groups::{Stat, rolling_time};
/// let t = [0, 1, 2, 10];
/// let m = rolling_time(&t, &[1.0, 2.0, 3.0, 4.0], 3, 1, Stat::Mean)?;
/// assert_eq!(m, vec![1.0, 1.5, 2.0, 4.0]); // the gap before t = 10 empties the window
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn rolling_time(times: &[i64], values: &[f64], window_ns: i64, min_periods: usize, stat: Stat) -> Result<Vec<f64>> {
    if times.len() != values.len() {
        return Err(Error::invalid(format!(
            "rolling: {} times but {} values",
            times.len(),
            values.len()
        )));
    }
    if window_ns <= 0 {
        return Err(Error::parameter("window_ns", window_ns, "rolling: must be positive"));
    }
    if let Some(i) = times.iter().position(|&t| t == NAT) {
        return Err(Error::data("time", format!("rolling: time {i} is NaT")));
    }
    if let Some(i) = times.windows(2).position(|w| w[1] < w[0]) {
        return Err(Error::data(
            "time",
            format!("rolling: times must be increasing; time {} is before time {i}", i + 1),
        ));
    }
    let mut lo = 0;
    Ok((0..times.len())
        .map(|i| {
            while times[i].saturating_sub(times[lo]) >= window_ns {
                lo += 1;
            }
            let w = &values[lo..=i];
            if w.iter().filter(|v| !v.is_nan()).count() < min_periods.max(1) {
                f64::NAN
            } else {
                stat.of(w.iter().copied())
            }
        })
        .collect())
}

impl Dataset {
    /// Resample to bins of `period_ns` on `time` (see [`TimeBins`]): every numeric variable on
    /// `time` alone becomes `stat` of its samples per bin as float64 (NaN skipped; `Count` gives
    /// the number of non-NaN samples); `time` becomes the bin starts (its attrs kept); other
    /// variables not on `time` and the global attrs are kept, variables on `time` with other
    /// dims (or not numeric) are dropped. xarray's `ds.resample(time="5min").mean()`.
    ///
    /// Errors: no `time` coordinate, a period ≤ 0, too many bins.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable, time_groups::Stat};
    /// let mut ds = Dataset::new();
    /// let s = 1_000_000_000;
    /// ds.insert("time", Variable::time("time", vec![0, 30 * s, 60 * s]))?;
    /// ds.insert("x", Variable::new(["time"], vec![1.0f32, 3.0, 5.0])?)?;
    /// let r = ds.resample(60 * s, Stat::Mean)?;
    /// assert_eq!(r.values_f64("x")?, vec![2.0, 5.0]);
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn resample(&self, period_ns: i64, stat: Stat) -> Result<Dataset> {
        let bins = TimeBins::new(&self.time()?.to_vec(), period_ns)?;
        let groups = bins.groups();
        let mut out = Dataset::new();
        out.attrs_mut().extend(self.attrs().clone());
        let mut tv = Variable::time("time", bins.starts.clone());
        tv.attrs_mut().extend(self.get("time")?.attrs().clone());
        out.insert("time", tv)?;
        for (name, v) in self.variables() {
            if name == "time" {
                continue;
            }
            if !v.dims().iter().any(|d| d == "time") {
                out.insert(name, v.clone())?;
                continue;
            }
            if v.dims() != ["time"] || !v.dtype().is_numeric() || matches!(v.data(), Data::Time(_)) {
                continue;
            }
            let x = self.values_f64(name)?;
            let y: Vec<f64> = groups.iter().map(|g| stat.of(g.iter().map(|&i| x[i]))).collect();
            let mut nv = Variable::new(["time"], y)?;
            nv.attrs_mut().extend(v.attrs().clone());
            out.insert(name, nv)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    #[test]
    fn bins_unsorted_nat_gap_and_negative_times() {
        // Unsorted with NaT and a gap: the empty bin in the gap is kept.
        let b = TimeBins::new(&[250 * S, NAT, 5 * S, 70 * S], 60 * S).unwrap();
        assert_eq!(b.starts, vec![0, 60 * S, 120 * S, 180 * S, 240 * S]);
        assert_eq!(b.index, vec![Some(4), None, Some(0), Some(1)]);
        assert_eq!(b.groups(), vec![vec![2], vec![3], vec![], vec![], vec![0]]);
        // Before 1970: floored, not truncated.
        let b = TimeBins::new(&[-30 * S, 10 * S], 60 * S).unwrap();
        assert_eq!((b.starts, b.index), (vec![-60 * S, 0], vec![Some(0), Some(1)]));
    }

    #[test]
    fn bins_edge_cases() {
        assert!(TimeBins::new(&[], 60 * S).unwrap().is_empty());
        let b = TimeBins::new(&[NAT, NAT], 60 * S).unwrap();
        assert_eq!((b.len(), b.index), (0, vec![None, None]));
        let b = TimeBins::new(&[61 * S], 60 * S).unwrap();
        assert_eq!((b.starts, b.index), (vec![60 * S], vec![Some(0)]));
        assert!(TimeBins::new(&[0], 0).unwrap_err().to_string().contains("positive"));
        // One ns bins over a year: refused, not allocated.
        let e = TimeBins::new(&[0, 365 * 86_400 * S], 1).unwrap_err().to_string();
        assert!(e.contains("bins"), "{e}");
        // The extreme span does not overflow.
        assert!(TimeBins::new(&[i64::MIN + 1, i64::MAX], 1).is_err());
    }

    #[test]
    fn stats_by_hand() {
        let v = [4.0, f64::NAN, 1.0, 7.0];
        assert_eq!(Stat::Mean.of(v), 4.0);
        assert_eq!((Stat::Min.of(v), Stat::Max.of(v)), (1.0, 7.0));
        assert_eq!((Stat::Sum.of(v), Stat::Count.of(v)), (12.0, 3.0));
        assert!(Stat::Mean.of([f64::NAN]).is_nan());
        assert_eq!(Stat::Count.of([]), 0.0);
    }

    #[test]
    fn rolling_trailing_windows() {
        let t = [0, 60 * S, 120 * S, 180 * S, 600 * S];
        let x = [1.0, f64::NAN, 3.0, 5.0, 7.0];
        // 3-minute trailing window: (t - 180 s, t].
        let m = rolling_time(&t, &x, 180 * S, 1, Stat::Mean).unwrap();
        assert_eq!(m[..4], [1.0, 1.0, 2.0, 4.0]);
        assert_eq!(m[4], 7.0); // after the gap only itself
        let c = rolling_time(&t, &x, 180 * S, 2, Stat::Count).unwrap();
        assert!(c[0].is_nan() && c[1].is_nan());
        assert_eq!(c[2..4], [2.0, 2.0]);
        assert!(c[4].is_nan());
        // Equal times are one window; one sample; empty.
        assert_eq!(
            rolling_time(&[5, 5], &[1.0, 3.0], 1, 1, Stat::Sum).unwrap(),
            vec![1.0, 4.0]
        );
        assert_eq!(rolling_time(&[0], &[2.0], S, 1, Stat::Max).unwrap(), vec![2.0]);
        assert!(rolling_time(&[], &[], S, 1, Stat::Mean).unwrap().is_empty());
    }

    #[test]
    fn rolling_refuses_unsorted_nat_and_bad_arguments() {
        let e = rolling_time(&[0, 10, 5], &[1.0; 3], 3, 1, Stat::Mean)
            .unwrap_err()
            .to_string();
        assert!(e.contains("time 2 is before time 1"), "{e}");
        let e = rolling_time(&[0, NAT], &[1.0; 2], 3, 1, Stat::Mean)
            .unwrap_err()
            .to_string();
        assert!(e.contains("time 1 is NaT"), "{e}");
        assert!(rolling_time(&[0], &[1.0; 2], 3, 1, Stat::Mean).is_err());
        assert!(rolling_time(&[0], &[1.0], 0, 1, Stat::Mean).is_err());
    }

    fn met() -> Dataset {
        let mut ds = Dataset::new();
        ds.attrs_mut().insert("site".into(), "sgp".into());
        ds.insert(
            "time",
            Variable::time("time", vec![130 * S, 0, NAT, 30 * S, 250 * S]).with_attr("long_name", "Time"),
        )
        .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![9.0f32, 1.0, 100.0, f32::NAN, 7.0])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        ds.insert("n", Variable::new(["time"], vec![1i32, 2, 3, 4, 5]).unwrap())
            .unwrap();
        ds.insert("alt", Variable::scalar(315.0f64)).unwrap();
        ds.insert("name", Variable::new(["time"], vec!["a".to_string(); 5]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn resample_unsorted_nat_and_gap() {
        let r = met().resample(60 * S, Stat::Mean).unwrap();
        assert_eq!(r.time().unwrap().to_vec(), vec![0, 60 * S, 120 * S, 180 * S, 240 * S]);
        assert_eq!(r.get("time").unwrap().attr_str("long_name"), Some("Time"));
        let t = r.values_f64("temp").unwrap();
        // Bin 0: 1.0 and NaN → 1; bin 1 empty; bin 2: 9; bin 3 empty; bin 4: 7. NaT's 100 dropped.
        assert_eq!((t[0], t[2], t[4]), (1.0, 9.0, 7.0));
        assert!(t[1].is_nan() && t[3].is_nan());
        assert_eq!(r.get("temp").unwrap().units(), Some("degC"));
        assert_eq!(r.values_f64("n").unwrap()[0], 3.0);
        assert!(r.contains("alt") && !r.contains("name"));
        assert_eq!(r.attr_str("site"), Some("sgp"));
        let c = met().resample(60 * S, Stat::Count).unwrap();
        assert_eq!(c.values_f64("temp").unwrap(), vec![1.0, 0.0, 1.0, 0.0, 1.0]);
    }

    #[test]
    fn resample_empty_and_one_sample() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![])).unwrap();
        ds.insert("x", Variable::new(["time"], Vec::<f64>::new()).unwrap())
            .unwrap();
        let r = ds.resample(60 * S, Stat::Mean).unwrap();
        assert_eq!((r.dim_len("time"), r.values_f64("x").unwrap().len()), (Some(0), 0));
        let mut one = Dataset::new();
        one.insert("time", Variable::time("time", vec![90 * S])).unwrap();
        one.insert("x", Variable::new(["time"], vec![2.5f64]).unwrap()).unwrap();
        let r = one.resample(60 * S, Stat::Max).unwrap();
        assert_eq!(
            (r.time().unwrap().to_vec(), r.values_f64("x").unwrap()),
            (vec![60 * S], vec![2.5])
        );
        assert!(Dataset::new().resample(60 * S, Stat::Mean).is_err());
    }
}
