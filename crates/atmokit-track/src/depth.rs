//! Depth-resolved tracking in (time, depth, lat, lon): Ocetrac 0.1.7's `DeepTrack`.
//!
//! The method of Ocetrac's `DeepTracker.run`, on the steps of the surface tracker:
//!
//! 1. **clean**: closing then opening of every (time, depth) slice with a disk
//!    ([`crate::morphology::close_open`]; Ocetrac's `clean_binary`, closed disk `x² + y² ≤ R²`);
//! 2. **area filter per level**: the 2-D blobs of level `k` over all time steps get areas, and
//!    blobs smaller than `max(min_area, quantile(areas of level k, q))` are dropped
//!    ([`crate::area::filter_area`] on each level; `filter_area_2d_global_depth`);
//! 3. **depth connectivity**: at each time step the cells are labelled in (depth, lat, lon)
//!    with 8 neighbours within a level and, with [`DepthOptions::connect_depth`], the cells
//!    straight above and below (no diagonal across levels; Ocetrac's `make_anisotropic_struct`)
//!    ([`crate::label::label_with`]; `build_3d_objects`);
//! 4. **volume filter**: the fraction `frac_filter` of these per-step objects with the smallest
//!    volume is dropped (`filter_preserve_labels_global`);
//! 5. **containment tracking** through time (`track_objects_with_splitting`): an object at step
//!    `t` continues the event of an object at `t − 1` when their containment score
//!    `α · max(|A∩B|/|A|, |A∩B|/|B|) + (1 − α) · max(V(A∩B)/V(A), V(A∩B)/V(B))` (cells `|·|`,
//!    volumes `V`) exceeds `contain_thresh`; among several such parents it takes the smallest
//!    event id (merges keep the oldest id); several children of one parent all keep its id
//!    (splits stay one event); the others start new events.
//!
//! Labels are then renumbered `1..=n` by first appearance (time, depth, lat, lon).
//!
//! Differences from Ocetrac (see `docs/ocetrac-comparison.md`):
//! - **Volume filter**: Ocetrac sums the cells of every per-step object *with the same per-step
//!   label number* over all time steps (label 1 of step 0 and label 1 of step 5 are ranked as one
//!   "object"); here each per-step object is ranked by its own volume
//!   ([`VolumeRanking::PerObject`]; [`VolumeRanking::StepLabel`] reproduces Ocetrac).
//! - **Seam**: Ocetrac joins objects across the dateline after labelling, per (time, depth) slice
//!   and only within a row, renaming the larger id in that slice only (an object reaching the
//!   seam at one level keeps its old id at the others); here the seam is an ordinary
//!   neighbourhood. Ocetrac's area filter never wraps; here it does on a periodic grid.
//! - **Land**: cells whose field is NaN (or outside `valid`) stay out after the closing;
//!   Ocetrac's closing can fill them.
//! - **Units**: areas in km² and volumes in m³ by default ([`AreaWeighting::CosLat`]); Ocetrac
//!   counts cells in both filters ([`AreaWeighting::Cells`]), and its default floor is 200 cells
//!   (`min_area = 0` here). Containment uses physical volumes with weight `1 − α` (Ocetrac uses
//!   them only when `cell_volume` is passed to `run`; `alpha = 1` is Ocetrac without it).
//! - **2-D blobs** of the area filter use [`DepthOptions::area_connectivity`] (default 8
//!   neighbours like the 3-D step; Ocetrac's `ndimage.label` default is 4, [`Connectivity::Faces`]).
//!
//! ```
//! use atmokit_track::depth::{DepthOptions, track_depth};
//! use atmokit_track::depth_grid::DepthGrid;
//! use atmokit_track::grid::Grid;
//! use ndarray::Array4;
//! // 2 steps, 3 levels, 6 × 6 regional grid: a 2 × 2 column through the top two levels.
//! let grid = Grid::new(vec![0, 86_400_000_000_000], (0..6).map(f64::from).collect(), (0..6).map(f64::from).collect());
//! let dg = DepthGrid::new(grid, vec![5.0, 15.0, 25.0])?;
//! let mut m = Array4::from_elem((2, 3, 6, 6), false);
//! for t in 0..2 { for z in 0..2 { for y in 2..4 { for x in 2..4 { m[[t, z, y, x]] = true; } } } }
//! let opts = DepthOptions { radius: 0, min_size_quantile: 0.0, frac_filter: 0.0, ..Default::default() };
//! let r = track_depth(m, &dg, None, &opts)?;
//! assert_eq!(r.objects.len(), 1);
//! assert_eq!((r.objects[0].duration_steps, r.objects[0].n_cells), (2, 16));
//! assert_eq!((r.objects[0].depth_min_m, r.objects[0].depth_max_m), (5.0, 15.0));
//! # Ok::<(), atmokit_core::Error>(())
//! ```

use crate::Real;
use crate::area::{AreaFilter, AreaWeighting, filter_area};
use crate::climatology::Climatology;
use crate::depth_grid::DepthGrid;
use crate::label::{Connectivity, label_with};
use crate::morphology::{Disk, DiskShape, close_open};
use crate::stats::{centroid, centroid_terms};
use crate::threshold::{Threshold, exceedance_mask, mask_at_or_above, percentile_map};
use atmokit_core::{Data, Dataset, Error, Result};
use ndarray::{Array3, Array4, ArrayView3, ArrayView4, Axis, Ix4, s};
use rayon::prelude::*;
use std::collections::HashMap;

/// How the volume filter ranks the per-step 3-D objects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VolumeRanking {
    /// Each per-step object by its own volume.
    #[default]
    PerObject,
    /// Ocetrac 0.1.7: the objects sharing a per-step label number, summed over all steps, rank
    /// (and are dropped) together.
    StepLabel,
}

/// Parameters of [`track_depth`] (defaults: Ocetrac's `DeepTracker` with true areas and volumes
/// and no absolute floor).
#[derive(Clone, Debug, PartialEq)]
pub struct DepthOptions {
    /// Disk radius in grid points for closing then opening (default 3; 0 = none).
    pub radius: usize,
    /// Disk boundary (default [`DiskShape::Closed`], as Ocetrac's `clean_binary`).
    pub disk_shape: DiskShape,
    /// Quantile (0–1) of the 2-D blob areas of a level below which its blobs are dropped
    /// (Ocetrac's `min_quantile`, default 0.25).
    pub min_size_quantile: f64,
    /// Absolute area floor in the units of `area_weighting` (default 0; Ocetrac's
    /// `min_area_cells` is 200 cells).
    pub min_area: f64,
    /// Area and volume measure of the two filters (default km² and m³).
    pub area_weighting: AreaWeighting,
    /// Neighbourhood of the 2-D blobs of the area filter (default [`Connectivity::Full`]: 8).
    pub area_connectivity: Connectivity,
    /// Fraction (0–1) of the per-step 3-D objects dropped, smallest first (Ocetrac's
    /// `frac_filter`, default 0.25).
    pub frac_filter: f64,
    /// How the volume filter ranks objects (default [`VolumeRanking::PerObject`]).
    pub volume_ranking: VolumeRanking,
    /// Containment score (0–1) an object must exceed to continue an event (default 0.3).
    pub contain_thresh: f64,
    /// Weight (0–1) of the cell-count containment against the volume containment (default 0.5;
    /// 1 = cells only, Ocetrac's `run()` without `cell_volume`).
    pub alpha: f64,
    /// Join cells straight above and below each other (Ocetrac's `connect_z`, default true);
    /// false tracks each level's blobs apart.
    pub connect_depth: bool,
    /// Periodic longitude: `None` detects it from the longitudes (default).
    pub periodic: Option<bool>,
}

impl Default for DepthOptions {
    fn default() -> Self {
        DepthOptions {
            radius: 3,
            disk_shape: DiskShape::Closed,
            min_size_quantile: 0.25,
            min_area: 0.0,
            area_weighting: AreaWeighting::CosLat,
            area_connectivity: Connectivity::Full,
            frac_filter: 0.25,
            volume_ranking: VolumeRanking::PerObject,
            contain_thresh: 0.3,
            alpha: 0.5,
            connect_depth: true,
            periodic: None,
        }
    }
}

impl DepthOptions {
    /// Check the options against a grid of shape `(nt, nz, ny, nx)` before any work; errors
    /// name the option (and the `atmokit track` flag).
    pub fn validate(&self, shape: (usize, usize, usize, usize)) -> Result<()> {
        let (_, _, ny, nx) = shape;
        let unit = |v: f64, name: &str, flag: &str| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(Error::parameter(name, v, format!("must lie in 0–1 ({flag})")))
            }
        };
        unit(self.min_size_quantile, "min_size_quantile", "--min-size-quantile")?;
        unit(self.frac_filter, "frac_filter", "--frac-filter")?;
        unit(self.contain_thresh, "contain_thresh", "--contain-thresh")?;
        unit(self.alpha, "alpha", "--alpha")?;
        if !(self.min_area.is_finite() && self.min_area >= 0.0) {
            return Err(Error::parameter(
                "min_area",
                self.min_area,
                "must be finite and non-negative (--min-area)",
            ));
        }
        if self.radius > ny.max(nx) {
            return Err(Error::parameter(
                "radius",
                self.radius,
                format!(
                    "exceeds the grid ({ny} × {nx} points): at most {} (--radius)",
                    ny.max(nx)
                ),
            ));
        }
        Ok(())
    }
}

/// How event cells are found in a field for [`track_depth_field`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// Per-point percentile of the anomalies (default 90; the anomalies remove mean, trend and
    /// `n_harmonics` harmonics at every (depth, lat, lon) point, [`Climatology`]) or a fixed
    /// value of the raw field.
    pub threshold: Threshold,
    /// Harmonics of the seasonal cycle (default 2, as Ocetrac's `compute_anomalies`).
    pub n_harmonics: usize,
    /// Warm events (default) or cold ones (the warm rule on the negated field).
    pub positive: bool,
}

impl Default for Detection {
    fn default() -> Self {
        Detection {
            threshold: Threshold::Percentile(90.0),
            n_harmonics: 2,
            positive: true,
        }
    }
}

/// One time step of a depth-resolved object.
#[derive(Clone, Debug, PartialEq)]
pub struct DepthStep {
    /// Time index in the grid.
    pub time_index: usize,
    /// Number of cells.
    pub n_cells: usize,
    /// Volume, m³ (cell area × layer thickness).
    pub volume_m3: f64,
    /// Volume-weighted centroid latitude, degrees north.
    pub centroid_lat: f64,
    /// Volume-weighted centroid longitude, degrees east (circular mean on a periodic grid).
    pub centroid_lon: f64,
    /// Volume-weighted centroid depth, m.
    pub centroid_depth_m: f64,
}

/// One tracked depth-resolved event.
#[derive(Clone, Debug, PartialEq)]
pub struct DepthObject {
    /// Label in [`DepthResult::labels`].
    pub label: i32,
    /// First time index.
    pub start_index: usize,
    /// Last time index (inclusive).
    pub end_index: usize,
    /// Time steps with the object.
    pub duration_steps: usize,
    /// Cells over all steps.
    pub n_cells: usize,
    /// Largest volume at one step, m³.
    pub max_volume_m3: f64,
    /// Sum of the step volumes, m³ × steps.
    pub total_volume_m3: f64,
    /// Shallowest level reached (midpoint depth), m.
    pub depth_min_m: f64,
    /// Deepest level reached (midpoint depth), m.
    pub depth_max_m: f64,
    /// One entry per step with the object, in time order.
    pub steps: Vec<DepthStep>,
}

/// Everything [`track_depth`] found.
#[derive(Clone, Debug)]
pub struct DepthResult {
    /// The grid (with the periodicity actually used).
    pub grid: DepthGrid,
    /// Event labels (time, depth, lat, lon): 0 = none, `1..=n` by first appearance.
    pub labels: Array4<i32>,
    /// The events, by label.
    pub objects: Vec<DepthObject>,
    /// Area threshold of each level (units of the area weighting; NaN for a level without
    /// blobs).
    pub area_thresholds: Vec<f64>,
    /// 2-D blobs before / after the area filter, all levels and steps.
    pub n_blobs: (usize, usize),
    /// Per-step 3-D objects before / after the volume filter.
    pub n_step_objects: (usize, usize),
    /// The options used.
    pub options: DepthOptions,
}

/// Track the event cells of `mask` (time, depth, lat, lon) on `grid`. `valid`, when given
/// (depth, lat, lon), is false on cells never to track (land, below the sea floor).
pub fn track_depth(
    mut mask: Array4<bool>,
    grid: &DepthGrid,
    valid: Option<ArrayView3<'_, bool>>,
    opts: &DepthOptions,
) -> Result<DepthResult> {
    let shape = grid.shape();
    if mask.dim() != shape {
        return Err(Error::invalid(format!(
            "mask shape {:?} differs from the grid {shape:?}",
            mask.dim()
        )));
    }
    let (nt, nz, ny, nx) = shape;
    if let Some(v) = &valid
        && v.dim() != (nz, ny, nx)
    {
        return Err(Error::invalid(format!(
            "valid mask shape {:?} differs from the grid's (depth, lat, lon) ({nz}, {ny}, {nx})",
            v.dim()
        )));
    }
    opts.validate(shape)?;
    let mut grid = grid.clone();
    if let Some(p) = opts.periodic {
        grid.grid.periodic = p;
    }
    let periodic = grid.grid.periodic;
    // 1. Clean every (time, depth) slice, then keep invalid cells out.
    let disk = Disk {
        radius: opts.radius,
        shape: opts.disk_shape,
    };
    let mut flat = mask
        .into_shape_with_order((nt * nz, ny, nx))
        .map_err(|e| Error::invalid(format!("mask: {e}")))?;
    close_open(&mut flat, disk, periodic);
    mask = flat
        .into_shape_with_order(shape)
        .map_err(|e| Error::invalid(format!("mask: {e}")))?;
    if let Some(v) = &valid {
        for mut step in mask.outer_iter_mut() {
            step.zip_mut_with(v, |m, &ok| *m &= ok);
        }
    }
    // 2. Area filter, level by level over all steps.
    let filter = AreaFilter {
        quantile: opts.min_size_quantile,
        min_area: opts.min_area,
        weighting: opts.area_weighting,
    };
    let mut area_thresholds = Vec::with_capacity(nz);
    let mut n_blobs = (0, 0);
    for z in 0..nz {
        let mut level = mask.slice(s![.., z, .., ..]).to_owned();
        let rep = filter_area(&mut level, &grid.grid, opts.area_connectivity, &filter)?;
        area_thresholds.push(if rep.n_initial == 0 { f64::NAN } else { rep.threshold });
        n_blobs = (n_blobs.0 + rep.n_initial, n_blobs.1 + rep.n_kept);
        mask.slice_mut(s![.., z, .., ..]).assign(&level);
    }
    // 3. Per-step objects in (depth, lat, lon).
    let connect_depth = opts.connect_depth;
    let connects = move |dz: isize, dy: isize, dx: isize| {
        if dz == 0 {
            dy != 0 || dx != 0
        } else {
            connect_depth && dy == 0 && dx == 0
        }
    };
    let steps: Vec<(Array3<i32>, usize)> = mask
        .outer_iter()
        .into_par_iter()
        .map(|m| label_with(&m.to_owned(), &connects, periodic, true))
        .collect();
    drop(mask);
    let volume = grid.cell_volumes(AreaWeighting::CosLat);
    let filter_measure = grid.cell_volumes(opts.area_weighting);
    // 4. Volume filter.
    let n_before: usize = steps.iter().map(|s| s.1).sum();
    let keep = volume_filter(&steps, &filter_measure, opts);
    let n_after = keep.iter().flatten().filter(|k| **k).count();
    let mut local = Array4::<i32>::zeros(shape);
    for (t, (l, _)) in steps.into_iter().enumerate() {
        let k = &keep[t];
        let mut dst = local.index_axis_mut(Axis(0), t);
        dst.zip_mut_with(&l, |d, &v| {
            if v > 0 && k[v as usize - 1] {
                *d = v;
            }
        });
    }
    // 5. Containment tracking, 6. first-appearance numbering.
    let tracked = containment_track(&local, &volume, opts.contain_thresh, opts.alpha);
    drop(local);
    let (labels, n) = renumber(tracked);
    let objects = depth_objects(&labels, n, &grid, &volume);
    Ok(DepthResult {
        grid,
        labels,
        objects,
        area_thresholds,
        n_blobs,
        n_step_objects: (n_before, n_after),
        options: opts.clone(),
    })
}

/// Find the event cells of `field` (time, depth, lat, lon) with `detect` (NaN cells are never
/// events) and [`track_depth`] them.
pub fn track_depth_field<T: Real>(
    field: ArrayView4<'_, T>,
    grid: &DepthGrid,
    detect: &Detection,
    opts: &DepthOptions,
) -> Result<DepthResult> {
    let shape = grid.shape();
    if field.dim() != shape {
        return Err(Error::invalid(format!(
            "field shape {:?} differs from the grid {shape:?}",
            field.dim()
        )));
    }
    opts.validate(shape)?;
    let (nt, nz, ny, nx) = shape;
    // Every (depth, lat) pair is a row of a (time, depth·lat, lon) cube: the surface steps apply.
    let std = field.as_standard_layout();
    let cube = std
        .view()
        .into_shape_with_order((nt, nz * ny, nx))
        .map_err(|e| Error::invalid(format!("field: {e}")))?;
    let sign = if detect.positive { 1.0 } else { -1.0 };
    let signed = |a: ArrayView3<'_, T>| a.mapv(|v| T::from_f64(sign * v.to_f64()));
    let mask = match detect.threshold {
        Threshold::Fixed(v) => {
            if !v.is_finite() {
                return Err(Error::parameter("threshold", v, "must be finite (--threshold)"));
            }
            exceedance_mask(signed(cube).view(), Threshold::Fixed(sign * v), None)?
        }
        Threshold::Percentile(q) => {
            let time_s = grid.grid.time_seconds();
            let anom = Climatology::fit(cube, &time_s, detect.n_harmonics)?.anomalies(cube, &time_s)?;
            let anom = signed(anom.view());
            let thr = percentile_map(anom.view(), q)
                .map_err(|e| Error::invalid(format!("percentile (--percentile): {e}")))?;
            mask_at_or_above(anom.view(), &thr, None)?
        }
    };
    let mask = mask
        .into_shape_with_order(shape)
        .map_err(|e| Error::invalid(format!("mask: {e}")))?;
    // A point NaN at every step is land; one missing at some steps only stays trackable (the
    // mask is already false at its NaN steps).
    let land = field
        .axis_iter(Axis(0))
        .fold(Array3::from_elem((nz, ny, nx), true), |acc, step| {
            &acc & &step.map(|v| v.to_f64().is_nan())
        });
    let valid = land.mapv(|l| !l);
    track_depth(mask, grid, Some(valid.view()), opts)
}

/// [`track_depth_field`] on variable `var` of `ds` (dims time, depth, lat, lon; f32 and f64 kept
/// native, integers converted to f64) on `grid` ([`DepthGrid::from_dataset`]).
pub fn track_depth_dataset(
    ds: &Dataset,
    var: &str,
    grid: &DepthGrid,
    detect: &Detection,
    opts: &DepthOptions,
) -> Result<DepthResult> {
    let data = ds.get(var)?.data();
    let dim4 = |e: ndarray::ShapeError| Error::data(var, e.to_string());
    match data {
        Data::F32(a) => track_depth_field(a.view().into_dimensionality::<Ix4>().map_err(dim4)?, grid, detect, opts),
        Data::F64(a) => track_depth_field(a.view().into_dimensionality::<Ix4>().map_err(dim4)?, grid, detect, opts),
        other => {
            let a = other.to_f64().ok_or_else(|| Error::DTypeMismatch {
                var: var.into(),
                expected: "numeric".into(),
                found: other.dtype(),
            })?;
            track_depth_field(a.view().into_dimensionality::<Ix4>().map_err(dim4)?, grid, detect, opts)
        }
    }
}

/// Which per-step objects survive the volume filter: `keep[t][l − 1]`.
fn volume_filter(steps: &[(Array3<i32>, usize)], measure: &Array3<f64>, opts: &DepthOptions) -> Vec<Vec<bool>> {
    let mut vols: Vec<Vec<f64>> = steps
        .iter()
        .map(|(l, n)| {
            let mut v = vec![0.0; *n];
            l.iter()
                .zip(measure.iter())
                .filter(|(l, _)| **l > 0)
                .for_each(|(l, m)| {
                    v[*l as usize - 1] += m;
                });
            v
        })
        .collect();
    let mut keep: Vec<Vec<bool>> = steps.iter().map(|(_, n)| vec![true; *n]).collect();
    match opts.volume_ranking {
        VolumeRanking::PerObject => {
            let mut all: Vec<(f64, usize, usize)> = vols
                .iter()
                .enumerate()
                .flat_map(|(t, v)| v.iter().enumerate().map(move |(i, &m)| (m, t, i)))
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0));
            let n_remove = (all.len() as f64 * opts.frac_filter).floor() as usize;
            for &(_, t, i) in &all[..n_remove] {
                keep[t][i] = false;
            }
        }
        VolumeRanking::StepLabel => {
            let n_ids = steps.iter().map(|s| s.1).max().unwrap_or(0);
            let mut by_id = vec![0.0; n_ids];
            for v in &mut vols {
                for (i, m) in v.iter().enumerate() {
                    by_id[i] += m;
                }
            }
            let mut ids: Vec<usize> = (0..n_ids).collect();
            ids.sort_by(|a, b| by_id[*a].total_cmp(&by_id[*b]));
            let n_remove = (n_ids as f64 * opts.frac_filter).floor() as usize;
            for &i in &ids[..n_remove] {
                for k in &mut keep {
                    if i < k.len() {
                        k[i] = false;
                    }
                }
            }
        }
    }
    keep
}

/// Containment tracking of per-step labels `local` (time, depth, lat, lon; ids per step, gaps
/// allowed): the ids of step 0 are kept, later events get `max + 1, …` in order of their step
/// label (Ocetrac's numbering, which decides which id a merge keeps).
fn containment_track(local: &Array4<i32>, volume: &Array3<f64>, thresh: f64, alpha: f64) -> Array4<i32> {
    let nt = local.dim().0;
    let mut tracked = Array4::<i32>::zeros(local.dim());
    if nt == 0 {
        return tracked;
    }
    tracked.index_axis_mut(Axis(0), 0).assign(&local.index_axis(Axis(0), 0));
    let mut next_id = local.index_axis(Axis(0), 0).iter().copied().max().unwrap_or(0).max(0) + 1;
    for t in 1..nt {
        let cur = local.index_axis(Axis(0), t);
        let prev = tracked.index_axis(Axis(0), t - 1);
        // Sizes (cells, volume) of the current objects, of the previous events, and overlaps.
        let mut size_c: HashMap<i32, (f64, f64)> = HashMap::new();
        let mut size_p: HashMap<i32, (f64, f64)> = HashMap::new();
        let mut inter: HashMap<(i32, i32), (f64, f64)> = HashMap::new();
        for ((c, p), v) in cur.iter().zip(prev.iter()).zip(volume.iter()) {
            let add = |e: &mut (f64, f64)| {
                e.0 += 1.0;
                e.1 += v;
            };
            if *c > 0 {
                add(size_c.entry(*c).or_default());
            }
            if *p > 0 {
                add(size_p.entry(*p).or_default());
            }
            if *c > 0 && *p > 0 {
                add(inter.entry((*c, *p)).or_default());
            }
        }
        let mut parent: HashMap<i32, i32> = HashMap::new();
        for (&(c, p), &(ni, vi)) in &inter {
            let (sc, sp) = (size_c[&c], size_p[&p]);
            let vox = (ni / sc.0).max(ni / sp.0);
            let score = if alpha == 1.0 {
                vox
            } else {
                let vol = (vi / sc.1).max(vi / sp.1);
                alpha * vox + (1.0 - alpha) * vol
            };
            if score > thresh {
                parent.entry(c).and_modify(|q| *q = (*q).min(p)).or_insert(p);
            }
        }
        let mut ids: Vec<i32> = size_c.keys().copied().collect();
        ids.sort_unstable();
        let mut new_id: HashMap<i32, i32> = HashMap::new();
        for c in ids {
            let id = match parent.get(&c) {
                Some(&p) => p,
                None => {
                    next_id += 1;
                    next_id - 1
                }
            };
            new_id.insert(c, id);
        }
        let mut dst = tracked.index_axis_mut(Axis(0), t);
        dst.zip_mut_with(&cur, |d, &c| {
            if c > 0 {
                *d = new_id[&c];
            }
        });
    }
    tracked
}

/// Labels `1..=n` by first appearance in C order.
fn renumber(mut labels: Array4<i32>) -> (Array4<i32>, usize) {
    let mut map: HashMap<i32, i32> = HashMap::new();
    for l in labels.iter_mut().filter(|l| **l > 0) {
        let next = map.len() as i32 + 1;
        *l = *map.entry(*l).or_insert(next);
    }
    let n = map.len();
    (labels, n)
}

fn depth_objects(labels: &Array4<i32>, n: usize, grid: &DepthGrid, volume: &Array3<f64>) -> Vec<DepthObject> {
    // Per object and step: cells, volume, the three sums of `centroid_terms`, Σ v·λ, Σ v·depth.
    type Acc = (usize, f64, f64, f64, f64, f64, f64);
    let mut steps: Vec<Vec<(usize, Acc)>> = vec![Vec::new(); n];
    let mut zr = vec![(usize::MAX, 0usize); n];
    for (t, step) in labels.outer_iter().enumerate() {
        for ((z, y, x), &l) in step.indexed_iter() {
            if l <= 0 {
                continue;
            }
            let i = l as usize - 1;
            if steps[i].last().is_none_or(|(tt, _)| *tt != t) {
                steps[i].push((t, (0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)));
            }
            let a = &mut steps[i].last_mut().expect("pushed").1;
            let (v, lat, lon) = (volume[[z, y, x]], grid.grid.lat_at(y, x), grid.grid.lon_at(y, x));
            let (ca, cs, cc) = centroid_terms(&grid.grid, lat, lon);
            *a = (
                a.0 + 1,
                a.1 + v,
                a.2 + v * ca,
                a.3 + v * cs,
                a.4 + v * cc,
                a.5 + v * lon,
                a.6 + v * grid.depth_m[z],
            );
            zr[i] = (zr[i].0.min(z), zr[i].1.max(z));
        }
    }
    steps
        .into_iter()
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| {
            let steps: Vec<DepthStep> = s
                .iter()
                .map(|&(t, a)| {
                    let (lat, lon) = centroid(a.1, a.2, a.3, a.4, a.5, &grid.grid);
                    DepthStep {
                        time_index: t,
                        n_cells: a.0,
                        volume_m3: a.1,
                        centroid_lat: lat,
                        centroid_lon: lon,
                        centroid_depth_m: if a.1 > 0.0 { a.6 / a.1 } else { f64::NAN },
                    }
                })
                .collect();
            let (first, last) = (steps[0].time_index, steps[steps.len() - 1].time_index);
            DepthObject {
                label: i as i32 + 1,
                start_index: first,
                end_index: last,
                duration_steps: last - first + 1,
                n_cells: steps.iter().map(|s| s.n_cells).sum(),
                max_volume_m3: steps.iter().map(|s| s.volume_m3).fold(0.0, f64::max),
                total_volume_m3: steps.iter().map(|s| s.volume_m3).sum(),
                depth_min_m: grid.depth_m[zr[i].0],
                depth_max_m: grid.depth_m[zr[i].1],
                steps,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Grid;

    fn grid(nt: usize, nz: usize, n: usize) -> DepthGrid {
        let g = Grid::new(
            (0..nt as i64).map(|t| t * 86_400_000_000_000).collect(),
            (0..n).map(|i| i as f64).collect(),
            (0..n).map(|i| i as f64).collect(),
        );
        DepthGrid::new(g, (0..nz).map(|z| 10.0 * z as f64 + 5.0).collect()).unwrap()
    }

    fn plain() -> DepthOptions {
        DepthOptions {
            radius: 0,
            min_size_quantile: 0.0,
            frac_filter: 0.0,
            alpha: 1.0,
            area_weighting: AreaWeighting::Cells,
            ..Default::default()
        }
    }

    fn rect(m: &mut Array4<bool>, t: usize, z: usize, y: std::ops::Range<usize>, x: std::ops::Range<usize>) {
        for yy in y {
            for xx in x.clone() {
                m[[t, z, yy, xx]] = true;
            }
        }
    }

    /// By hand: A (rows 0–1) and B (rows 5–6) at step 0; at step 1 one body covers both (merge:
    /// the older id, A's, wins); at step 2 it splits in two (both keep it); at step 3 a blob
    /// overlaps the last one by 1 cell of 8 (containment 1/8 ≤ 0.3): a new event. B ends at the
    /// merge, so two events plus the new one: 3.
    #[test]
    fn merge_split_and_weak_overlap_by_hand() {
        let mut m = Array4::from_elem((4, 1, 10, 10), false);
        rect(&mut m, 0, 0, 0..2, 0..4);
        rect(&mut m, 0, 0, 5..7, 0..4);
        rect(&mut m, 1, 0, 0..7, 0..4);
        rect(&mut m, 2, 0, 0..2, 0..4);
        rect(&mut m, 2, 0, 5..7, 0..4);
        rect(&mut m, 3, 0, 6..8, 3..7);
        let r = track_depth(m, &grid(4, 1, 10), None, &plain()).unwrap();
        let l = &r.labels;
        assert_eq!((l[[0, 0, 0, 0]], l[[0, 0, 5, 0]]), (1, 2));
        assert_eq!((l[[1, 0, 3, 0]], l[[2, 0, 0, 0]], l[[2, 0, 6, 0]]), (1, 1, 1));
        assert_eq!(l[[3, 0, 7, 5]], 3);
        assert_eq!(r.objects.len(), 3);
        assert_eq!((r.objects[0].start_index, r.objects[0].end_index), (0, 2));
        // With a containment threshold below 1/8 the weak overlap continues the event.
        let mut m = r.labels.mapv(|v| v > 0);
        m[[3, 0, 6, 3]] = true;
        let r = track_depth(
            m,
            &grid(4, 1, 10),
            None,
            &DepthOptions {
                contain_thresh: 0.1,
                ..plain()
            },
        )
        .unwrap();
        assert_eq!(r.objects.len(), 2);
    }

    /// Depth connectivity: a column at levels 0–1 and a blob at level 2 shifted one cell
    /// diagonally: joined within levels 0–1 only (no diagonal across levels); without
    /// `connect_depth` every level is its own event. Volumes: 4 cells × area × 10 m per level.
    #[test]
    fn depth_connectivity_and_volumes() {
        let mut m = Array4::from_elem((1, 3, 8, 8), false);
        rect(&mut m, 0, 0, 2..4, 2..4);
        rect(&mut m, 0, 1, 2..4, 2..4);
        rect(&mut m, 0, 2, 4..6, 4..6);
        let dg = grid(1, 3, 8);
        let r = track_depth(m.clone(), &dg, None, &plain()).unwrap();
        assert_eq!(r.objects.len(), 2);
        let o = &r.objects[0];
        assert_eq!((o.n_cells, o.depth_min_m, o.depth_max_m), (8, 5.0, 15.0));
        let a = dg.grid.cell_area_km2();
        let want = 1e6 * 10.0 * 4.0 * (a[2] + a[3]);
        assert!(
            (o.max_volume_m3 - want).abs() < 1e-6 * want,
            "{} vs {want}",
            o.max_volume_m3
        );
        assert!((o.steps[0].centroid_depth_m - 10.0).abs() < 1e-12);
        let r = track_depth(
            m,
            &dg,
            None,
            &DepthOptions {
                connect_depth: false,
                ..plain()
            },
        )
        .unwrap();
        assert_eq!(r.objects.len(), 3);
    }

    /// Volume filter, frac 0.5 over 4 per-step objects (1 and 4 cells at step 0, 9 and 4 at
    /// step 1): per object the two smallest go (1, then the tie of 4s goes to the earlier step),
    /// leaving step 1's objects, numbered by first appearance (the 9-cell one is higher). Ranking
    /// by step label (Ocetrac) sums label 1 of both steps (1 + 9 cells) against label 2 (4 + 4):
    /// label 2 goes at both steps, keeping the 1-cell object.
    #[test]
    fn volume_filter_per_object_and_by_step_label() {
        let mut m = Array4::from_elem((2, 1, 12, 12), false);
        rect(&mut m, 0, 0, 0..1, 0..1);
        rect(&mut m, 0, 0, 5..7, 5..7);
        rect(&mut m, 1, 0, 0..3, 8..11);
        rect(&mut m, 1, 0, 8..10, 0..2);
        let dg = grid(2, 1, 12);
        let opts = DepthOptions {
            frac_filter: 0.5,
            ..plain()
        };
        let r = track_depth(m.clone(), &dg, None, &opts).unwrap();
        assert_eq!(r.n_step_objects, (4, 2));
        let cells: Vec<usize> = r.objects.iter().map(|o| o.n_cells).collect();
        assert_eq!(cells, vec![9, 4]);
        let r = track_depth(
            m,
            &dg,
            None,
            &DepthOptions {
                volume_ranking: VolumeRanking::StepLabel,
                ..opts
            },
        )
        .unwrap();
        let cells: Vec<usize> = r.objects.iter().map(|o| o.n_cells).collect();
        assert_eq!(cells, vec![1, 9]);
    }

    #[test]
    fn bad_input_is_refused_naming_the_problem() {
        let dg = grid(2, 2, 5);
        let m = Array4::from_elem((2, 2, 5, 4), false);
        assert!(
            track_depth(m, &dg, None, &plain())
                .unwrap_err()
                .to_string()
                .contains("shape")
        );
        let m = Array4::from_elem((2, 2, 5, 5), false);
        for (o, name) in [
            (DepthOptions { alpha: 2.0, ..plain() }, "alpha"),
            (
                DepthOptions {
                    frac_filter: -0.1,
                    ..plain()
                },
                "frac_filter",
            ),
            (
                DepthOptions {
                    contain_thresh: f64::NAN,
                    ..plain()
                },
                "contain_thresh",
            ),
            (DepthOptions { radius: 6, ..plain() }, "radius"),
            (
                DepthOptions {
                    min_area: -1.0,
                    ..plain()
                },
                "min_area",
            ),
        ] {
            let e = track_depth(m.clone(), &dg, None, &o).unwrap_err().to_string();
            assert!(e.contains(name), "{name}: {e}");
        }
        let f = Array4::<f32>::zeros((2, 2, 5, 5));
        let d = Detection {
            threshold: Threshold::Percentile(120.0),
            ..Default::default()
        };
        assert!(track_depth_field(f.view(), &dg, &d, &plain()).is_err());
    }

    /// The field entry point: a fixed threshold on a field with a NaN (land) column finds the
    /// warm cube; cold events find the cold one.
    #[test]
    fn field_with_fixed_threshold_warm_and_cold() {
        let dg = grid(2, 2, 6);
        let mut f = Array4::<f64>::from_elem((2, 2, 6, 6), 10.0);
        for t in 0..2 {
            for z in 0..2 {
                f[[t, z, 0, 5]] = f64::NAN;
                for y in 1..3 {
                    for x in 1..3 {
                        f[[t, z, y, x]] = 20.0;
                        f[[t, z, y + 3, x + 3]] = 0.0;
                    }
                }
            }
        }
        let warm = Detection {
            threshold: Threshold::Fixed(15.0),
            ..Default::default()
        };
        let r = track_depth_field(f.view(), &dg, &warm, &plain()).unwrap();
        assert_eq!((r.objects.len(), r.objects[0].n_cells), (1, 16));
        assert_eq!(r.labels[[0, 0, 1, 1]], 1);
        let cold = Detection {
            threshold: Threshold::Fixed(5.0),
            positive: false,
            ..warm
        };
        let r = track_depth_field(f.view(), &dg, &cold, &plain()).unwrap();
        assert_eq!((r.objects.len(), r.labels[[1, 1, 4, 4]]), (1, 1));
    }
}
