//! Thresholds and the binary exceedance mask.
//!
//! A cell is an *event cell* when its value is at or above the threshold
//! (`value >= threshold`, as in Ocetrac's `threshold_features`, `anom.where(anom >= threshold)`)
//! and it is valid: not NaN and not land. The threshold is either one fixed value (in the units of
//! the field) or, per grid point, a percentile of that point's values over time.

use crate::Real;
use atmokit_core::{Error, Result};
use ndarray::{Array2, Array3, ArrayView2, ArrayView3, Axis};
use rayon::prelude::*;

/// How the threshold is chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// Per grid point, this percentile (0–100) of the point's values over time (numpy's
    /// default linear interpolation, NaN ignored).
    Percentile(f64),
    /// One value for every cell, in the units of the field.
    Fixed(f64),
}

/// numpy `nanpercentile(values, q)` with linear interpolation, by partial selection (shared
/// with the rest of atmokit).
pub use atmokit_core::summary::nanpercentile_in_place as percentile_in_place;

/// Per-point percentile `q` (0–100) over time of `field` (time, lat, lon), shape (lat, lon),
/// same units as the field; NaN where a point has no valid value.
pub fn percentile_map<T: Real>(field: ArrayView3<'_, T>, q: f64) -> Result<Array2<f64>> {
    if !(0.0..=100.0).contains(&q) {
        return Err(Error::parameter("percentile", q, "must lie in 0..=100"));
    }
    let (nt, ny, nx) = field.dim();
    let rows: Vec<Vec<f64>> = (0..ny)
        .into_par_iter()
        .map(|y| {
            // Transpose the row's series once (contiguous reads), then select per point.
            let mut series = vec![0.0f64; nt * nx];
            for t in 0..nt {
                for (x, v) in field.slice(ndarray::s![t, y, ..]).iter().enumerate() {
                    series[x * nt + t] = v.to_f64();
                }
            }
            let mut buf = Vec::with_capacity(nt);
            (0..nx)
                .map(|x| {
                    buf.clear();
                    buf.extend_from_slice(&series[x * nt..(x + 1) * nt]);
                    percentile_in_place(&mut buf, q)
                })
                .collect()
        })
        .collect();
    let mut out = Array2::<f64>::zeros((ny, nx));
    for (y, r) in rows.into_iter().enumerate() {
        for (x, v) in r.into_iter().enumerate() {
            out[[y, x]] = v;
        }
    }
    Ok(out)
}

/// The binary mask `field >= threshold` (false for NaN cells, for cells whose threshold is NaN,
/// and where `ocean` is false). `ocean`, when given, has shape (lat, lon) and is true for cells
/// to track.
pub fn exceedance_mask<T: Real>(
    field: ArrayView3<'_, T>,
    threshold: Threshold,
    ocean: Option<ArrayView2<'_, bool>>,
) -> Result<Array3<bool>> {
    let (_, ny, nx) = field.dim();
    if let Some(o) = &ocean
        && o.dim() != (ny, nx)
    {
        return Err(Error::invalid(format!(
            "ocean mask has shape {:?}, the field's grid is ({ny}, {nx})",
            o.dim()
        )));
    }
    let thr = match threshold {
        Threshold::Percentile(q) => percentile_map(field, q)?,
        Threshold::Fixed(v) => {
            if v.is_nan() {
                return Err(Error::parameter("threshold", "NaN", "must be a number"));
            }
            Array2::from_elem((ny, nx), v)
        }
    };
    mask_at_or_above(field, &thr, ocean)
}

/// The binary mask `field >= thr[y, x]` for a per-point threshold map `thr` (lat, lon), false
/// for NaN cells, NaN thresholds and where `ocean` is false.
pub fn mask_at_or_above<T: Real>(
    field: ArrayView3<'_, T>,
    thr: &Array2<f64>,
    ocean: Option<ArrayView2<'_, bool>>,
) -> Result<Array3<bool>> {
    let (nt, ny, nx) = field.dim();
    if thr.dim() != (ny, nx) || ocean.as_ref().is_some_and(|o| o.dim() != (ny, nx)) {
        return Err(Error::invalid(format!(
            "threshold map {:?} or ocean mask does not match the field's grid ({ny}, {nx})",
            thr.dim()
        )));
    }
    let mut mask = Array3::from_elem((nt, ny, nx), false);
    mask.axis_iter_mut(Axis(0))
        .into_par_iter()
        .enumerate()
        .for_each(|(t, mut slab)| {
            for ((y, x), m) in slab.indexed_iter_mut() {
                let v = field[[t, y, x]].to_f64();
                let ok = ocean.as_ref().is_none_or(|o| o[[y, x]]);
                *m = ok && !v.is_nan() && v >= thr[[y, x]];
            }
        });
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_matches_numpy_linear() {
        // np.percentile([1,2,3,4,5,6,7,8,9,10], 90) = 9.1 ; np.percentile([3,1,2], 50) = 2
        let mut v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert!((percentile_in_place(&mut v, 90.0) - 9.1).abs() < 1e-12);
        let mut v = vec![3.0, f64::NAN, 1.0, 2.0];
        assert_eq!(percentile_in_place(&mut v, 50.0), 2.0);
        let mut v = vec![f64::NAN];
        assert!(percentile_in_place(&mut v, 50.0).is_nan());
    }

    #[test]
    fn mask_with_percentile_and_land() {
        // 10 steps, values 1..=10 at both points; 90th pct = 9.1, so only t = 9 (value 10) is in.
        let mut f = Array3::<f32>::zeros((10, 1, 2));
        for t in 0..10 {
            f[[t, 0, 0]] = (t + 1) as f32;
            f[[t, 0, 1]] = (t + 1) as f32;
        }
        let ocean = Array2::from_shape_vec((1, 2), vec![true, false]).unwrap();
        let m = exceedance_mask(f.view(), Threshold::Percentile(90.0), Some(ocean.view())).unwrap();
        let on: Vec<(usize, usize, usize)> = m.indexed_iter().filter(|(_, v)| **v).map(|(i, _)| i).collect();
        assert_eq!(on, vec![(9, 0, 0)]);
        let m = exceedance_mask(f.view(), Threshold::Fixed(8.0), None).unwrap();
        assert_eq!(m.iter().filter(|v| **v).count(), 6); // 8, 9, 10 at two points
        assert!(exceedance_mask(f.view(), Threshold::Percentile(120.0), None).is_err());
        let bad = Array2::from_elem((2, 2), true);
        assert!(exceedance_mask(f.view(), Threshold::Fixed(1.0), Some(bad.view())).is_err());
    }
}
