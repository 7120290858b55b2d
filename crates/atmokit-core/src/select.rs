//! Selection: `isel` by index along a dim and `sel_time` by a time range.

use crate::{Dataset, Error, Result, time::NAT};

impl Dataset {
    /// Select indices along a dim in every variable that has it (xarray's `isel` with a list).
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable};
    /// let mut ds = Dataset::new();
    /// ds.insert("x", Variable::new(["time"], vec![1.0f32, 2.0, 3.0])?)?;
    /// let s = ds.isel("time", &[2, 0])?;
    /// assert_eq!(s.view::<f32>("x")?.as_slice().unwrap(), &[3.0, 1.0]);
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn isel(&self, dim: &str, indices: &[usize]) -> Result<Dataset> {
        let n = self
            .dim_len(dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.to_string() })?;
        if let Some(&bad) = indices.iter().find(|&&i| i >= n) {
            return Err(Error::parameter(
                "index",
                bad,
                format!("out of bounds for dim '{dim}' of length {n}"),
            ));
        }
        self.try_map_ref(|_, v| match v.axis_of(dim) {
            Some(ax) => with_data(v, v.data().select(ax, indices)?),
            None => Ok(v.clone()),
        })
    }

    /// A contiguous range of indices along a dim.
    pub fn isel_range(&self, dim: &str, range: std::ops::Range<usize>) -> Result<Dataset> {
        let n = self
            .dim_len(dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.to_string() })?;
        if range.start > range.end || range.end > n {
            return Err(Error::parameter(
                "range",
                format!("{range:?}"),
                format!("out of bounds for dim '{dim}' of length {n}"),
            ));
        }
        self.try_map_ref(|_, v| match v.axis_of(dim) {
            Some(ax) => with_data(v, v.data().slice_axis(ax, range.clone())?),
            None => Ok(v.clone()),
        })
    }

    /// Select the times `start <= t <= end` (ns since 1970, both inclusive, like xarray's
    /// `sel(time=slice(start, end))`). Uses a binary search when time is sorted.
    ///
    /// ```
    /// use atmokit_core::{Dataset, Variable, time::parse_datetime};
    /// let mut ds = Dataset::new();
    /// let t0 = parse_datetime("2019-01-01")?;
    /// ds.insert("time", Variable::time("time", (0..10).map(|i| t0 + i * 60_000_000_000).collect()))?;
    /// let s = ds.sel_time(parse_datetime("2019-01-01 00:02")?, parse_datetime("2019-01-01 00:04")?)?;
    /// assert_eq!(s.dim_len("time"), Some(3));
    /// # Ok::<(), atmokit_core::Error>(())
    /// ```
    pub fn sel_time(&self, start: i64, end: i64) -> Result<Dataset> {
        let t = self.time()?;
        let sorted = t.windows(2).into_iter().all(|w| w[0] <= w[1]) && !t.iter().any(|&v| v == NAT);
        if sorted {
            let s = t.as_slice().map(|s| s.partition_point(|&v| v < start));
            let e = t.as_slice().map(|s| s.partition_point(|&v| v <= end));
            if let (Some(s), Some(e)) = (s, e) {
                return self.isel_range("time", s..e.max(s));
            }
        }
        let idx: Vec<usize> = t
            .iter()
            .enumerate()
            .filter(|&(_, &v)| v != NAT && v >= start && v <= end)
            .map(|(i, _)| i)
            .collect();
        self.isel("time", &idx)
    }
}

/// `v`'s dims, attrs and encoding with new data (the old data are not copied).
fn with_data(v: &crate::Variable, data: crate::Data) -> crate::Result<crate::Variable> {
    crate::Variable::from_parts(v.dims().to_vec(), data, v.attrs().clone(), v.encoding().clone())
}
