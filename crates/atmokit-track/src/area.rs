//! Area filter: drop the per-time-step objects smaller than a quantile of all object areas.
//!
//! Each time slice is labelled on its own (spatial part of the chosen connectivity, periodic in
//! longitude); every 2-D object of every slice gets an area; the threshold is
//! `max(min_area, quantile(areas, q))` (numpy's linear quantile) and objects with
//! `area >= threshold` are kept. This is the method of Ocetrac's `filter_area`.
//!
//! Difference from Ocetrac: Ocetrac counts grid cells, so on a latitude-longitude grid a cell at
//! 60° weighs as much as an equatorial cell although it covers half the surface. With
//! [`AreaWeighting::CosLat`] (the default) areas are in km² (`cos(lat)`-weighted, see
//! [`Grid::cell_area_km2`]); [`AreaWeighting::Cells`] reproduces Ocetrac. Ocetrac's default
//! absolute floor `min_area_cells = 100` is `min_area = 0` here (no floor unless asked).

use crate::grid::Grid;
use crate::label::{Connectivity, label};
use crate::threshold::percentile_in_place;
use atmokit_core::{Error, Result};
use ndarray::{Array2, Array3};

/// How an object's area is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AreaWeighting {
    /// True area in km² (cells weighted by `cos(latitude)`).
    #[default]
    CosLat,
    /// Number of grid cells (Ocetrac).
    Cells,
}

/// Parameters of the area filter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaFilter {
    /// Quantile (0–1) of the object areas below which objects are dropped (Ocetrac's
    /// `min_size_quartile`).
    pub quantile: f64,
    /// Absolute floor, in the units of `weighting` (km² or cells).
    pub min_area: f64,
    /// Area measure.
    pub weighting: AreaWeighting,
}

/// What the area filter did.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaReport {
    /// Number of 2-D objects before filtering (Ocetrac's "initial objects identified").
    pub n_initial: usize,
    /// Number kept.
    pub n_kept: usize,
    /// The threshold applied (km² or cells).
    pub threshold: f64,
    /// Area of every 2-D object, in label order (time first).
    pub areas: Vec<f64>,
    /// Fraction of the total object area removed.
    pub fraction_area_rejected: f64,
}

/// Area of every cell `(lat, lon)` for a weighting: km² ([`Grid::cell_areas_km2`]) or 1.
pub fn cell_weights(grid: &Grid, weighting: AreaWeighting) -> Array2<f64> {
    match weighting {
        AreaWeighting::CosLat => grid.cell_areas_km2(),
        AreaWeighting::Cells => Array2::ones((grid.lat.len(), grid.lon.len())),
    }
}

/// Apply the area filter to `mask` (time, lat, lon) in place.
///
/// Errors when the quantile is outside 0–1, the floor is negative or NaN, or the mask's shape
/// differs from the grid's.
pub fn filter_area(
    mask: &mut Array3<bool>,
    grid: &Grid,
    conn: Connectivity,
    filter: &AreaFilter,
) -> Result<AreaReport> {
    if !(0.0..=1.0).contains(&filter.quantile) {
        return Err(Error::parameter(
            "min_size_quantile",
            filter.quantile,
            "must lie in 0..=1",
        ));
    }
    if filter.min_area.is_nan() || filter.min_area < 0.0 {
        return Err(Error::parameter("min_area", filter.min_area, "must be >= 0"));
    }
    let (nt, ny, nx) = grid.shape();
    if mask.dim() != (nt, ny, nx) {
        return Err(Error::invalid(format!(
            "mask shape {:?} differs from the grid ({nt}, {ny}, {nx})",
            mask.dim()
        )));
    }
    let w = cell_weights(grid, filter.weighting);
    let (labels, n) = label(mask, conn, grid.periodic, false);
    let mut areas = vec![0.0; n];
    for ((_, y, x), &l) in labels.indexed_iter() {
        if l > 0 {
            areas[l as usize - 1] += w[[y, x]];
        }
    }
    if n == 0 {
        return Ok(AreaReport {
            n_initial: 0,
            n_kept: 0,
            threshold: filter.min_area,
            areas,
            fraction_area_rejected: 0.0,
        });
    }
    let mut sorted = areas.clone();
    let q = percentile_in_place(&mut sorted, filter.quantile * 100.0);
    let threshold = q.max(filter.min_area);
    let keep: Vec<bool> = areas.iter().map(|a| *a >= threshold).collect();
    for (m, &l) in mask.iter_mut().zip(labels.iter()) {
        if l > 0 && !keep[l as usize - 1] {
            *m = false;
        }
    }
    let total: f64 = areas.iter().sum();
    let rejected: f64 = areas.iter().zip(&keep).filter(|(_, k)| !**k).map(|(a, _)| a).sum();
    Ok(AreaReport {
        n_initial: n,
        n_kept: keep.iter().filter(|k| **k).count(),
        threshold,
        fraction_area_rejected: if total > 0.0 { rejected / total } else { 0.0 },
        areas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Grid, Array3<bool>) {
        // 1 step, 4 rows at 0°, 0°, 60°, 60°; 20 columns (not global).
        let grid = Grid::new(vec![0], vec![0.0, 0.0, 60.0, 60.0], (0..20).map(f64::from).collect());
        let mut m = Array3::from_elem((1, 4, 20), false);
        // Object A: 4 cells on the equator rows; object B: 6 cells at 60°; C: 1 cell at 0°.
        for x in 0..2 {
            m[[0, 0, x]] = true;
            m[[0, 1, x]] = true;
        }
        for x in 10..13 {
            m[[0, 2, x]] = true;
            m[[0, 3, x]] = true;
        }
        m[[0, 0, 18]] = true;
        (grid, m)
    }

    #[test]
    fn cells_versus_true_area_change_which_objects_survive() {
        // Cells: areas A=4, B=6, C=1; median (q=0.5) = 4 → A and B kept.
        let (grid, mut m) = setup();
        let f = AreaFilter {
            quantile: 0.5,
            min_area: 0.0,
            weighting: AreaWeighting::Cells,
        };
        let r = filter_area(&mut m, &grid, Connectivity::Full, &f).unwrap();
        assert_eq!(r.areas, vec![4.0, 1.0, 6.0]);
        assert_eq!((r.n_initial, r.n_kept, r.threshold), (3, 2, 4.0));
        assert!((r.fraction_area_rejected - 1.0 / 11.0).abs() < 1e-12);
        // cos-lat: in equatorial-cell units A = 4, B = 6·cos 60° = 3, C = 1; the median is now
        // B's area, so B (3) is kept and A (4) too; quantile 0.75 → threshold 3.5 keeps A only.
        let (grid, mut m) = setup();
        let f = AreaFilter {
            quantile: 0.75,
            min_area: 0.0,
            weighting: AreaWeighting::CosLat,
        };
        let r = filter_area(&mut m, &grid, Connectivity::Full, &f).unwrap();
        let unit = grid.cell_area_km2()[0];
        assert!((r.threshold / unit - 3.5).abs() < 1e-9);
        assert_eq!(r.n_kept, 1);
        assert!(m[[0, 0, 0]] && !m[[0, 2, 10]] && !m[[0, 0, 18]]);
    }

    #[test]
    fn floor_and_errors() {
        let (grid, mut m) = setup();
        let f = AreaFilter {
            quantile: 0.0,
            min_area: 5.0,
            weighting: AreaWeighting::Cells,
        };
        let r = filter_area(&mut m, &grid, Connectivity::Full, &f).unwrap();
        assert_eq!((r.threshold, r.n_kept), (5.0, 1));
        let bad = AreaFilter { quantile: 1.5, ..f };
        assert!(filter_area(&mut m, &grid, Connectivity::Full, &bad).is_err());
        let mut empty = Array3::from_elem((1, 4, 20), false);
        assert_eq!(
            filter_area(&mut empty, &grid, Connectivity::Full, &f)
                .unwrap()
                .n_initial,
            0
        );
    }
}
