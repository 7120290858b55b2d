//! The whole method in one call: anomalies → threshold → morphology → area filter → 3-D labels
//! → statistics and merge/split history.

use crate::Real;
use crate::area::{AreaFilter, AreaReport, AreaWeighting, filter_area};
use crate::climatology::Climatology;
use crate::grid::Grid;
use crate::history::{Event, merge_split_history};
use crate::label::{Connectivity, label};
use crate::measures::{ObjectMeasures, object_measures};
use crate::morphology::{Disk, DiskShape, close_open};
use crate::stats::{ObjectStats, object_stats};
use crate::temporal::{Linking, label_temporal_neighbor};
use crate::threshold::{Threshold, exceedance_mask, mask_at_or_above, percentile_map};
use atmokit_core::{Data, Dataset, Error, Result};
use ndarray::{Array2, Array3, ArrayView2, ArrayView3, CowArray, Ix3};

/// Parameters of [`track`] (defaults: Ocetrac's tutorial settings with true areas).
#[derive(Clone, Debug, PartialEq)]
pub struct TrackOptions {
    /// Percentile of the anomalies (default 90) or a fixed value of the raw field; with
    /// [`Threshold::Fixed`] no climatology is fitted and intensities are raw values.
    pub threshold: Threshold,
    /// Harmonics of the seasonal cycle (default 2: annual and semi-annual).
    pub n_harmonics: usize,
    /// Disk radius in grid points for closing then opening (default 8; 0 = none).
    pub radius: usize,
    /// Disk boundary (default [`DiskShape::Closed`]).
    pub disk_shape: DiskShape,
    /// Quantile (0–1) of object areas below which 2-D objects are dropped (default 0.75).
    pub min_size_quantile: f64,
    /// Absolute area floor in the units of `area_weighting` (default 0).
    pub min_area: f64,
    /// Area measure (default km², cos-latitude weighted).
    pub area_weighting: AreaWeighting,
    /// Neighbourhood (default [`Connectivity::Full`], 26 neighbours).
    pub connectivity: Connectivity,
    /// Periodic longitude: `None` detects it from the longitudes (default).
    pub periodic: Option<bool>,
    /// `true` (default): warm events, cells at or above the threshold. `false`: cold events
    /// (Ocetrac's `positive=False`, marine cold spells), cells at or below it. For cold events
    /// [`Threshold::Percentile`]`(q)` selects anomalies at or below the `(100 − q)`th percentile
    /// (so the default 90 gives the 10th percentile, the cold-spell convention of Schlegel et
    /// al. 2017, *Front. Mar. Sci.* 4:323), and [`Threshold::Fixed`]`(v)` cells with value ≤ v.
    /// Both are the warm rule applied to the negated field (numpy's linear percentile satisfies
    /// `P_q(−a) = −P_(100−q)(a)`). Intensities keep their sign: for cold events
    /// `max_intensity` is the most negative value.
    pub positive: bool,
    /// How per-step blobs join into objects through time (default [`Linking::Volume`], 3-D
    /// connected components; [`Linking::TemporalNeighbor`] is Ocetrac's
    /// `method="temporal_neighbor"`).
    pub linking: Linking,
}

impl Default for TrackOptions {
    fn default() -> Self {
        TrackOptions {
            threshold: Threshold::Percentile(90.0),
            n_harmonics: 2,
            radius: 8,
            disk_shape: DiskShape::Closed,
            min_size_quantile: 0.75,
            min_area: 0.0,
            area_weighting: AreaWeighting::CosLat,
            connectivity: Connectivity::Full,
            periodic: None,
            positive: true,
            linking: Linking::Volume,
        }
    }
}

impl TrackOptions {
    /// Check the options against a grid of `(time, lat, lon)` = `shape` before any work: the
    /// percentile lies in 0–100 and a fixed threshold is finite; the disk radius is at most the
    /// larger horizontal grid size (a wider disk cannot fit anywhere and would only cost memory);
    /// the area quantile lies in 0–1 and the area floor is finite and non-negative. Errors name
    /// the option (and the `atmokit track` flag).
    pub fn validate(&self, shape: (usize, usize, usize)) -> Result<()> {
        let bad = |msg: String| Err(Error::invalid(msg));
        match self.threshold {
            Threshold::Percentile(q) if !(0.0..=100.0).contains(&q) => {
                return bad(format!("percentile (--percentile) must lie in 0–100, got {q}"));
            }
            Threshold::Fixed(v) if !v.is_finite() => {
                return bad(format!("threshold (--threshold) must be finite, got {v}"));
            }
            _ => {}
        }
        let (_, ny, nx) = shape;
        let max_radius = ny.max(nx);
        if self.radius > max_radius {
            return bad(format!(
                "radius (--radius) {} exceeds the grid ({ny} × {nx} points): at most {max_radius}",
                self.radius
            ));
        }
        if !(0.0..=1.0).contains(&self.min_size_quantile) {
            return bad(format!(
                "min_size_quantile (--min-size-quantile) must lie in 0–1, got {}",
                self.min_size_quantile
            ));
        }
        if let Linking::TemporalNeighbor(c) = self.linking
            && !(0.0..=1.0).contains(&c)
        {
            return bad(format!("contain_thresh (--contain-thresh) must lie in 0–1, got {c}"));
        }
        if !(self.min_area.is_finite() && self.min_area >= 0.0) {
            return bad(format!(
                "min_area (--min-area) must be finite and non-negative, got {}",
                self.min_area
            ));
        }
        Ok(())
    }
}

/// Everything [`track`] found.
#[derive(Clone, Debug)]
pub struct TrackResult {
    /// The grid (with the periodicity actually used).
    pub grid: Grid,
    /// Object labels (time, lat, lon): 0 = no object, `1..=n` by first appearance.
    pub labels: Array3<i32>,
    /// Per-object statistics, by label.
    pub objects: Vec<ObjectStats>,
    /// Merges and splits, in time order.
    pub events: Vec<Event>,
    /// Shape, motion and intensity measures per object and step (same order as `objects`).
    pub measures: Vec<ObjectMeasures>,
    /// What the area filter did.
    pub area: AreaReport,
    /// The per-point threshold (percentile mode), same units as the anomalies (for cold events
    /// the lower threshold, the `(100 − q)`th percentile).
    pub threshold_map: Option<Array2<f64>>,
    /// The options used.
    pub options: TrackOptions,
}

/// Run the method on `field` (time, lat, lon) on `grid`. `ocean`, when given, is true for the
/// cells to track (land false); NaN cells are never tracked.
pub fn track<T: Real>(
    field: ArrayView3<'_, T>,
    grid: &Grid,
    ocean: Option<ArrayView2<'_, bool>>,
    opts: &TrackOptions,
) -> Result<TrackResult> {
    if field.dim() != grid.shape() {
        return Err(Error::invalid(format!(
            "field shape {:?} differs from the grid {:?}",
            field.dim(),
            grid.shape()
        )));
    }
    opts.validate(grid.shape())?;
    let mut grid = grid.clone();
    if let Some(p) = opts.periodic {
        grid.periodic = p;
    }
    let time_s = grid.time_seconds();
    // The intensity is the raw field (fixed threshold) or the anomalies, in the field's dtype;
    // `sign` is -1 for cold events: the mask is the warm rule on the negated intensity.
    let sign = if opts.positive { 1.0 } else { -1.0 };
    let signed = |a: ArrayView3<'_, T>| a.mapv(|v| T::from_f64(sign * v.to_f64()));
    let (intensity, mut mask, threshold_map): (CowArray<'_, T, Ix3>, _, _) = match opts.threshold {
        Threshold::Fixed(v) => {
            let mask = if opts.positive {
                exceedance_mask(field, opts.threshold, ocean)?
            } else {
                exceedance_mask(signed(field).view(), Threshold::Fixed(-v), ocean)?
            };
            (CowArray::from(field), mask, None)
        }
        Threshold::Percentile(q) => {
            let anom = Climatology::fit(field, &time_s, opts.n_harmonics)?.anomalies(field, &time_s)?;
            let (thr, mask) = if opts.positive {
                let thr = percentile_map(anom.view(), q)?;
                let mask = mask_at_or_above(anom.view(), &thr, ocean)?;
                (thr, mask)
            } else {
                let neg = signed(anom.view());
                let thr = percentile_map(neg.view(), q)?;
                let mask = mask_at_or_above(neg.view(), &thr, ocean)?;
                (thr.mapv(|v| -v), mask)
            };
            (CowArray::from(anom), mask, Some(thr))
        }
    };
    close_open(
        &mut mask,
        Disk {
            radius: opts.radius,
            shape: opts.disk_shape,
        },
        grid.periodic,
    );
    // Land and missing cells stay out even if closing filled them (Ocetrac masks after cleaning).
    for ((t, y, x), m) in mask.indexed_iter_mut() {
        if *m && (intensity[[t, y, x]].to_f64().is_nan() || ocean.as_ref().is_some_and(|o| !o[[y, x]])) {
            *m = false;
        }
    }
    let filter = AreaFilter {
        quantile: opts.min_size_quantile,
        min_area: opts.min_area,
        weighting: opts.area_weighting,
    };
    let area = filter_area(&mut mask, &grid, opts.connectivity, &filter)?;
    let (labels, n) = match opts.linking {
        Linking::Volume => label(&mask, opts.connectivity, grid.periodic, true),
        Linking::TemporalNeighbor(c) => label_temporal_neighbor(&mask, opts.connectivity, grid.periodic, c)?,
    };
    let events = merge_split_history(&labels, &grid, opts.connectivity);
    let (objects, measures) = if opts.positive {
        (
            object_stats(&labels, n, intensity.view(), &grid),
            object_measures(&labels, n, intensity.view(), &grid, &events),
        )
    } else {
        // Statistics of the negated intensity (so "max" is the most extreme), signs restored.
        let neg = signed(intensity.view());
        let mut o = object_stats(&labels, n, neg.view(), &grid);
        for s in &mut o {
            s.max_intensity = -s.max_intensity;
            s.mean_intensity = -s.mean_intensity;
            for p in &mut s.track {
                p.max_intensity = -p.max_intensity;
            }
        }
        let mut m = object_measures(&labels, n, neg.view(), &grid, &events);
        for s in &mut m {
            s.max_intensity = -s.max_intensity;
            s.mean_intensity = -s.mean_intensity;
            s.cumulative_intensity = -s.cumulative_intensity;
            for p in &mut s.steps {
                p.max_intensity = -p.max_intensity;
                p.mean_intensity = -p.mean_intensity;
            }
        }
        (o, m)
    };
    Ok(TrackResult {
        grid,
        labels,
        objects,
        events,
        measures,
        area,
        threshold_map,
        options: opts.clone(),
    })
}

/// [`track`] on variable `var` of `ds` (dims time, lat, lon; f32 and f64 kept native, integers
/// converted to f64). `ocean_var`, when given, names a (lat, lon) variable that is non-zero on
/// cells to track.
pub fn track_dataset(ds: &Dataset, var: &str, ocean_var: Option<&str>, opts: &TrackOptions) -> Result<TrackResult> {
    track_dataset_on(ds, var, &Grid::from_dataset(ds, var)?, ocean_var, opts)
}

/// [`track_dataset`] on a grid already read, e.g. a curvilinear one with named coordinate and
/// cell-area variables ([`Grid::from_dataset_curvilinear`]).
pub fn track_dataset_on(
    ds: &Dataset,
    var: &str,
    grid: &Grid,
    ocean_var: Option<&str>,
    opts: &TrackOptions,
) -> Result<TrackResult> {
    let grid = grid.clone();
    let ocean = match ocean_var {
        Some(name) => {
            let v = ds.get(name)?;
            let vals = v.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
                var: name.into(),
                expected: "numeric".into(),
                found: v.dtype(),
            })?;
            let (_, ny, nx) = grid.shape();
            let m = vals
                .into_shape_with_order((ny, nx))
                .map_err(|_| Error::data(name, format!("an ocean mask must have shape ({ny}, {nx})")))?;
            Some(m.mapv(|v| v != 0.0 && !v.is_nan()))
        }
        None => None,
    };
    let data = ds.get(var)?.data();
    let ocean_view = ocean.as_ref().map(|o| o.view());
    let dim3 = |e: ndarray::ShapeError| Error::data(var, e.to_string());
    match data {
        Data::F32(a) => track(
            a.view().into_dimensionality::<Ix3>().map_err(dim3)?,
            &grid,
            ocean_view,
            opts,
        ),
        Data::F64(a) => track(
            a.view().into_dimensionality::<Ix3>().map_err(dim3)?,
            &grid,
            ocean_view,
            opts,
        ),
        other => {
            let a = other.to_f64().ok_or_else(|| Error::DTypeMismatch {
                var: var.into(),
                expected: "numeric".into(),
                found: other.dtype(),
            })?;
            track(
                a.view().into_dimensionality::<Ix3>().map_err(dim3)?,
                &grid,
                ocean_view,
                opts,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> (Array3<f32>, Grid) {
        let time = (0..3i64).map(|d| d * 86_400 * 1_000_000_000).collect();
        let grid = Grid::new(time, vec![0.0, 1.0, 2.0, 3.0], vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        (Array3::zeros((3, 4, 6)), grid)
    }

    /// Issue 17 ("Unbounded parameters"): `track --radius 1000000` allocated 9.5 GB. The radius
    /// is now bound by the grid and refused before any work, naming the option.
    #[test]
    fn out_of_range_options_are_refused_naming_the_option() {
        let (field, grid) = small();
        let base = TrackOptions {
            threshold: Threshold::Fixed(1.0),
            radius: 0,
            ..Default::default()
        };
        let cases = [
            (
                TrackOptions {
                    radius: 1_000_000,
                    ..base.clone()
                },
                "radius",
            ),
            (
                TrackOptions {
                    radius: 7,
                    ..base.clone()
                },
                "radius",
            ),
            (
                TrackOptions {
                    threshold: Threshold::Percentile(150.0),
                    ..base.clone()
                },
                "percentile",
            ),
            (
                TrackOptions {
                    threshold: Threshold::Percentile(f64::NAN),
                    ..base.clone()
                },
                "percentile",
            ),
            (
                TrackOptions {
                    threshold: Threshold::Fixed(f64::INFINITY),
                    ..base.clone()
                },
                "threshold",
            ),
            (
                TrackOptions {
                    min_size_quantile: f64::NAN,
                    ..base.clone()
                },
                "min_size_quantile",
            ),
            (
                TrackOptions {
                    min_size_quantile: 1.5,
                    ..base.clone()
                },
                "min_size_quantile",
            ),
            (
                TrackOptions {
                    min_area: -1.0,
                    ..base.clone()
                },
                "min_area",
            ),
        ];
        for (opts, name) in cases {
            let e = track(field.view(), &grid, None, &opts).unwrap_err().to_string();
            assert!(e.contains(name), "{name}: {e}");
        }
        // The largest radius the grid allows (its wider side, 6) still runs.
        track(field.view(), &grid, None, &TrackOptions { radius: 6, ..base }).unwrap();
    }

    /// Cold spells with a fixed threshold: a 2 × 2 patch at 15 (two steps) in a field of 20 with
    /// a warm patch at 25 elsewhere; `value ≤ 16` selects the cold patch only: one object of
    /// 8 cells whose most extreme intensity is 15. The warm run on the same field finds only the
    /// warm patch.
    #[test]
    fn cold_spells_with_a_fixed_threshold() {
        let grid = Grid::new(
            vec![0, 86_400_000_000_000],
            vec![0.0, 1.0, 2.0, 3.0],
            (0..6).map(f64::from).collect(),
        );
        let mut f = Array3::<f32>::from_elem((2, 4, 6), 20.0);
        for t in 0..2 {
            for y in 0..2 {
                for x in 0..2 {
                    f[[t, y, x]] = 15.0;
                    f[[t, y + 2, x + 4]] = 25.0;
                }
            }
        }
        f[[1, 0, 0]] = 14.0;
        let opts = TrackOptions {
            threshold: Threshold::Fixed(16.0),
            radius: 0,
            min_size_quantile: 0.0,
            positive: false,
            ..Default::default()
        };
        let r = track(f.view(), &grid, None, &opts).unwrap();
        assert_eq!(r.objects.len(), 1);
        let o = &r.objects[0];
        assert_eq!((o.n_cells, o.duration_steps, o.lat_min, o.lat_max), (8, 2, 0.0, 1.0));
        assert_eq!((o.lon_west, o.lon_east), (0.0, 1.0));
        assert_eq!(o.max_intensity, 14.0);
        assert_eq!(o.track[0].max_intensity, 15.0);
        // Equal-area cells at latitudes 0 and 1 are nearly equal: mean ≈ (7·15 + 14)/8.
        assert!((o.mean_intensity - 14.875).abs() < 1e-3, "{}", o.mean_intensity);
        let warm = track(
            f.view(),
            &grid,
            None,
            &TrackOptions {
                threshold: Threshold::Fixed(24.0),
                positive: true,
                ..opts
            },
        )
        .unwrap();
        assert_eq!(warm.objects.len(), 1);
        assert_eq!((warm.objects[0].lat_min, warm.objects[0].lon_west), (2.0, 4.0));
    }

    /// Cold spells with a percentile: tracking `positive = false` on a field is tracking the
    /// negated field warm (same labels; intensities and threshold map negated), and the cold
    /// threshold map is the (100 − q)th percentile of the anomalies.
    #[test]
    fn cold_spells_mirror_warm_events_of_the_negated_field() {
        let nt = 40;
        let time = (0..nt as i64).map(|d| d * 86_400 * 1_000_000_000).collect();
        let grid = Grid::new(time, (0..8).map(f64::from).collect(), (0..10).map(f64::from).collect());
        // Deterministic pseudo-random field with structure (a moving cold blob).
        let mut f = Array3::<f64>::zeros((nt, 8, 10));
        for ((t, y, x), v) in f.indexed_iter_mut() {
            let h = ((t * 73 + y * 31 + x * 17) % 29) as f64 / 29.0;
            let cx = (t % 10) as f64;
            let d2 = (x as f64 - cx).powi(2) + (y as f64 - 4.0).powi(2);
            *v = h - 3.0 * (-d2 / 4.0).exp() * ((t / 10) % 2) as f64;
        }
        let opts = TrackOptions {
            threshold: Threshold::Percentile(90.0),
            radius: 1,
            min_size_quantile: 0.5,
            n_harmonics: 1,
            positive: false,
            ..Default::default()
        };
        let cold = track(f.view(), &grid, None, &opts).unwrap();
        let neg = f.mapv(|v| -v);
        let warm = track(
            neg.view(),
            &grid,
            None,
            &TrackOptions {
                positive: true,
                ..opts.clone()
            },
        )
        .unwrap();
        assert!(!cold.objects.is_empty());
        assert_eq!(cold.labels, warm.labels);
        for (c, w) in cold.objects.iter().zip(&warm.objects) {
            assert!((c.max_intensity + w.max_intensity).abs() < 1e-9);
            assert!((c.mean_intensity + w.mean_intensity).abs() < 1e-9);
        }
        // The cold map is the 10th percentile of the anomalies, point by point.
        let anom = Climatology::fit(f.view(), &grid.time_seconds(), 1)
            .unwrap()
            .anomalies(f.view(), &grid.time_seconds())
            .unwrap();
        let p10 = percentile_map(anom.view(), 10.0).unwrap();
        let thr = cold.threshold_map.unwrap();
        for (a, b) in thr.iter().zip(p10.iter()) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        // Cold cells of the raw mask are at or below it (before cleaning: check a few counts).
        let n_below = anom
            .indexed_iter()
            .filter(|((_, y, x), v)| **v <= p10[[*y, *x]])
            .count();
        assert!(n_below >= 8 * 10 * 4);
    }
}
