//! # atmokit-track: feature tracking on gridded data (Ocetrac-style)
//!
//! Detect, clean and track objects such as marine heatwaves in a field with dims
//! (time, lat, lon) — the method of Ocetrac (Scannell et al. 2023, *Geophys. Res. Lett.*;
//! `pip install ocetrac==0.1.7`), re-implemented on the shared [`atmokit_core::Dataset`]:
//!
//! 1. anomalies: per grid point, remove mean + linear trend + seasonal cycle
//!    ([`climatology`]);
//! 2. threshold: per-point percentile of the anomalies (default 90th) or a fixed value of the raw
//!    field; NaN and land cells are never events ([`threshold`]);
//! 3. morphology: closing then opening with a disk of radius R grid points, periodic in
//!    longitude ([`morphology`]);
//! 4. area filter: drop the per-step objects smaller than a quantile of all object areas, areas
//!    in km² (cos-latitude weighted) or in cells as Ocetrac ([`area`]);
//! 5. labels in (time, lat, lon) with 6-, 18- or 26-connectivity, periodic in longitude
//!    ([`label`]);
//! 6. per-object statistics ([`stats`]) and merge/split history ([`history`]);
//! 7. outputs: labels + object table as a Dataset (for netCDF) and CSV tables ([`output`]).
//!
//! Fields with a depth dim (time, depth, lat, lon) are tracked by [`depth`] (Ocetrac's
//! `DeepTracker`: per-level area filter, objects connected across levels, containment tracking
//! through time, volumes from cell area × layer thickness). Grids may be curvilinear (2-D
//! latitude/longitude, [`curvilinear`]).
//!
//! [`pipeline::track`] / [`pipeline::track_dataset`] run it all and return a new
//! [`pipeline::TrackResult`]; the input is never modified. Steps also work alone: the mask
//! operations ([`morphology::close_open`], [`area::filter_area`]) work in place.
//!
//! | Ocetrac 0.1.7 | atmokit |
//! |---|---|
//! | `preprocessing.calculate_anomalies_trend_features` (model, anomalies) | [`climatology::Climatology`], [`climatology::anomalies`] |
//! | `preprocessing.threshold_features` (`quantile`, `anom >= thr`) | [`threshold::percentile_map`], [`threshold::exceedance_mask`] |
//! | `SurfTrack.tracker.morphological_operations` | [`morphology::close_open`] ([`morphology::closing`], [`morphology::opening`]) |
//! | `SurfTrack.tracker.apply_mask` | `ocean` argument of [`pipeline::track`] |
//! | `SurfTrack.tracker.filter_area` | [`area::filter_area`] |
//! | `SurfTrack.tracker.label_3d` + `wrap_labels` | [`label::label`] (periodic seam built in) |
//! | `SurfTracker.run()` (`Tracker`) | [`pipeline::track`], [`pipeline::track_dataset`] |
//! | `SurfTracker` result attrs (`initial objects identified`, …) | attrs of `labels` in [`pipeline::TrackResult::to_dataset`] |
//! | `SurfTrack.measures` (duration, intensity, centroid, …) | [`stats::object_stats`] |
//! | `Tracker(method="temporal_neighbor", contain_thresh)` | [`temporal::label_temporal_neighbor`], [`pipeline::TrackOptions::linking`] |
//! | `Tracker(positive=False)` (cold events) | [`pipeline::TrackOptions::positive`] |
//! | measures users compute on the labels (centre of mass, perimeter, speed, …) | [`measures::object_measures`] |
//! | — (no merge/split history in Ocetrac) | [`history::merge_split_history`] |
//! | `DeepTrack.DeepTracker(...).run(cell_volume)` (time, depth, lat, lon) | [`depth::track_depth`], [`depth::track_depth_field`], [`depth::track_depth_dataset`] |
//! | `DeepTrack.grid.compute_dz`, `build_cell_volume`, `make_anisotropic_struct` | [`depth_grid::layer_thickness`], [`depth_grid::DepthGrid::cell_volumes`], [`label::label_with`] |
//! | `DeepTrack.tracker.track_objects_with_splitting` (containment tracking) | step 5 of [`depth`] |
//! | curvilinear grids (POP `TLAT`/`TLONG`/`TAREA`, CMIP `areacello`) | [`grid::Grid::curvilinear`], [`grid::Grid::from_dataset_curvilinear`], [`curvilinear`] |
//!
//! ## Where atmokit differs from Ocetrac, and why
//! - **Areas** are cos(latitude)-weighted (km²) by default; Ocetrac counts cells, so polar
//!   objects look bigger than they are. `AreaWeighting::Cells` reproduces Ocetrac.
//! - **Latitude edges**: Ocetrac pads slices with `np.pad(mode="wrap")` in both directions, making
//!   the northernmost row a neighbour of the southernmost in the closing/opening; here the disk
//!   is clipped at the first and last rows. Identical results when both edge bands are masked
//!   (≥ 2R rows), see `docs/ocetrac-comparison.md`.
//! - **Seam**: Ocetrac joins objects across 180° only when they share a row at the same time step;
//!   here the seam is an ordinary neighbourhood (diagonals and time steps included).
//! - **Disk**: default `x² + y² ≤ R²` (scikit-image `disk`); `DiskShape::Strict` is Ocetrac's
//!   `< R²`.
//! - **Climatology clock**: true decimal years; Ocetrac uses `year + month/12`, a staircase for
//!   daily data.
//! - **Floor**: Ocetrac's `min_area_cells` defaults to 100 cells; here `min_area` defaults to 0.
//!
//! ```
//! use atmokit_track::{grid::Grid, pipeline::{TrackOptions, track}, threshold::Threshold};
//! use ndarray::Array3;
//! // Two steps on a 3 × 4 regional grid; one 2 × 2 warm patch lasting both steps.
//! let grid = Grid::new(vec![0, 86_400_000_000_000], vec![0.0, 1.0, 2.0], vec![10.0, 11.0, 12.0, 13.0]);
//! let mut sst = Array3::<f32>::from_elem((2, 3, 4), 20.0);
//! for t in 0..2 { for y in 0..2 { for x in 1..3 { sst[[t, y, x]] = 25.0; } } }
//! let opts = TrackOptions { threshold: Threshold::Fixed(24.0), radius: 0, min_size_quantile: 0.0, ..Default::default() };
//! let r = track(sst.view(), &grid, None, &opts)?;
//! assert_eq!(r.objects.len(), 1);
//! assert_eq!((r.objects[0].duration_steps, r.objects[0].n_cells), (2, 8));
//! # Ok::<(), atmokit_core::Error>(())
//! ```

pub mod area;
pub mod climatology;
pub mod curvilinear;
pub mod depth;
pub mod depth_grid;
mod depth_output;
pub mod grid;
pub mod history;
pub mod label;
pub mod measures;
pub mod morphology;
pub mod output;
pub mod pipeline;
mod real;
pub mod stats;
pub mod temporal;
pub mod threshold;

pub use real::Real;
