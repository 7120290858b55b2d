//! Per-object statistics: life span, area through time, intensity, centroid track, bounding box.
//!
//! Areas are in km² (`Grid::cell_area_km2`, cos-latitude weighted). Centroids are area-weighted;
//! on a periodic grid the centroid longitude is the circular mean
//! `atan2(Σ w·sin λ, Σ w·cos λ)`, so an object straddling 180° has its centroid near 180°, not
//! near 0°. Intensity is the field used for detection (the anomaly, or the raw field with a
//! fixed threshold), in its units: the maximum over the object's cells and the area-weighted
//! mean `Σ w·v / Σ w` (NaN cells ignored).
//!
//! The longitude bounds are the shortest arc holding every column the object occupies: on a
//! periodic grid `lon_west > lon_east` means the box crosses the seam. On a curvilinear grid
//! ([`Grid::curvilinear`]) every cell has its own latitude, longitude and area: the bounds are
//! those of the cells' centres (longitudes: the shortest arc holding them all) and the centroid
//! is the direction of the area-weighted sum of the cells' unit vectors.

use crate::Real;
use crate::grid::Grid;
use ndarray::{Array3, ArrayView3};

/// One time step of an object's life.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackPoint {
    /// Time index in the grid.
    pub time_index: usize,
    /// Time, ns since 1970.
    pub time: i64,
    /// Number of cells.
    pub n_cells: usize,
    /// Area, km².
    pub area_km2: f64,
    /// Area-weighted centroid latitude, degrees north.
    pub centroid_lat: f64,
    /// Area-weighted centroid longitude, degrees east (in the grid's convention).
    pub centroid_lon: f64,
    /// Maximum intensity at this step.
    pub max_intensity: f64,
}

/// Statistics of one tracked object.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectStats {
    /// Label in the labels array (1-based).
    pub label: i32,
    /// First time index.
    pub start_index: usize,
    /// Last time index (inclusive).
    pub end_index: usize,
    /// First time, ns since 1970.
    pub start_time: i64,
    /// Last time, ns since 1970.
    pub end_time: i64,
    /// Number of time steps `end_index − start_index + 1`.
    pub duration_steps: usize,
    /// Number of cells over all steps.
    pub n_cells: usize,
    /// Largest area at one step, km².
    pub max_area_km2: f64,
    /// Sum of the areas of all steps, km² × steps.
    pub total_area_km2: f64,
    /// Maximum intensity.
    pub max_intensity: f64,
    /// Area-weighted mean intensity.
    pub mean_intensity: f64,
    /// Southern bound, degrees north (cell centres).
    pub lat_min: f64,
    /// Northern bound, degrees north (cell centres).
    pub lat_max: f64,
    /// Western bound, degrees east (cell centres).
    pub lon_west: f64,
    /// Eastern bound, degrees east (cell centres); less than `lon_west` when crossing the seam.
    pub lon_east: f64,
    /// One point per time step, in time order.
    pub track: Vec<TrackPoint>,
}

#[derive(Clone, Default)]
struct Acc {
    n: usize,
    w: f64,
    wlat: f64,
    wsin: f64,
    wcos: f64,
    wlon: f64,
    vmax: f64,
    wv: f64,
    wv_w: f64,
}

impl Acc {
    fn add(&mut self, w: f64, (a, s, c): (f64, f64, f64), lon: f64, v: f64) {
        self.n += 1;
        self.w += w;
        self.wlat += w * a;
        self.wsin += w * s;
        self.wcos += w * c;
        self.wlon += w * lon;
        if !v.is_nan() {
            self.vmax = if self.n == 1 || self.vmax.is_nan() {
                v
            } else {
                self.vmax.max(v)
            };
            self.wv += w * v;
            self.wv_w += w;
        } else if self.n == 1 {
            self.vmax = f64::NAN;
        }
    }
}

/// What a weighted centroid sums for a cell at `(lat, lon)` (degrees), as `(a, s, c)` summed
/// into `wlat`, `wsin`, `wcos` of [`centroid`]: `(lat, sin λ, cos λ)` on a regular grid, the
/// cell's unit vector `(sin φ, cos φ sin λ, cos φ cos λ)` on a curvilinear one.
pub(crate) fn centroid_terms(grid: &Grid, lat: f64, lon: f64) -> (f64, f64, f64) {
    let r = lon.to_radians();
    if grid.cells.is_some() {
        let p = lat.to_radians();
        (p.sin(), p.cos() * r.sin(), p.cos() * r.cos())
    } else {
        (lat, r.sin(), r.cos())
    }
}

/// Weighted centroid (lat, lon) of the sums of [`centroid_terms`] (weights `w`, `wlon` = Σ w·λ):
/// on a regular grid the mean latitude and the mean longitude, circular when `periodic`; on a
/// curvilinear grid the direction of the summed unit vectors (rotation-covariant, no seam or
/// pole special). Longitudes are mapped to `[-180, 180)` or `[0, 360)` following the grid's
/// first longitude.
pub(crate) fn centroid(w: f64, wlat: f64, wsin: f64, wcos: f64, wlon: f64, grid: &Grid) -> (f64, f64) {
    // Cells exactly at a pole have zero weight; an object made only of them has no centroid.
    if w <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let lat = if grid.cells.is_some() {
        wlat.atan2(wsin.hypot(wcos)).to_degrees()
    } else {
        wlat / w
    };
    let lon = if grid.periodic || grid.cells.is_some() {
        let mut l = wsin.atan2(wcos).to_degrees();
        let lon0 = if grid.lat.is_empty() || grid.lon.is_empty() {
            0.0
        } else {
            grid.lon_at(0, 0)
        };
        if lon0 >= 0.0 && l < 0.0 {
            l += 360.0;
        }
        l
    } else {
        wlon / w
    };
    (lat, lon)
}

/// Shortest longitude arc `(west, east)` covering the occupied columns.
fn lon_bounds(cols: &[bool], grid: &Grid) -> (f64, f64) {
    let nx = cols.len();
    let occupied: Vec<usize> = (0..nx).filter(|&x| cols[x]).collect();
    let (Some(&first), Some(&last)) = (occupied.first(), occupied.last()) else {
        return (f64::NAN, f64::NAN);
    };
    if !grid.periodic || occupied.len() == nx {
        return (grid.lon[first], grid.lon[last]);
    }
    // Largest run of empty columns, circularly; the box is its complement.
    let mut best = (0usize, 0usize); // (gap length, index of the first occupied column after it)
    for (i, &c) in occupied.iter().enumerate() {
        let prev = if i == 0 {
            occupied[occupied.len() - 1]
        } else {
            occupied[i - 1]
        };
        let gap = (c + nx - prev - 1) % nx;
        if gap > best.0 {
            best = (gap, i);
        }
    }
    let west = occupied[best.1];
    let east = occupied[(best.1 + occupied.len() - 1) % occupied.len()];
    (grid.lon[west], grid.lon[east])
}

/// Shortest arc `(west, east)` of the circle holding every longitude of `lons` (degrees):
/// the complement of the largest gap between consecutive sorted longitudes, circularly.
fn lon_arc(lons: &mut [f64]) -> (f64, f64) {
    if lons.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let norm = |l: f64| l.rem_euclid(360.0);
    lons.sort_by(|a, b| norm(*a).total_cmp(&norm(*b)));
    let n = lons.len();
    let (mut gap, mut after) = (norm(lons[0]) + 360.0 - norm(lons[n - 1]), 0);
    for i in 1..n {
        let g = norm(lons[i]) - norm(lons[i - 1]);
        if g > gap {
            (gap, after) = (g, i);
        }
    }
    (lons[after], lons[(after + n - 1) % n])
}

/// Statistics of objects `1..=n` of `labels` (time, lat, lon), with `intensity` on the same grid.
pub fn object_stats<T: Real>(
    labels: &Array3<i32>,
    n: usize,
    intensity: ArrayView3<'_, T>,
    grid: &Grid,
) -> Vec<ObjectStats> {
    let (nt, ny, nx) = labels.dim();
    let area = grid.cell_areas_km2();
    let mut steps: Vec<Vec<(usize, Acc)>> = vec![Vec::new(); n];
    let mut cols = vec![vec![false; nx]; n];
    // Curvilinear grids: the longitudes of the cells each object covers.
    let mut lons: Vec<Vec<f64>> = vec![Vec::new(); if grid.cells.is_some() { n } else { 0 }];
    let mut lat_rng = vec![(f64::INFINITY, f64::NEG_INFINITY); n];
    let mut cur: Vec<Acc> = vec![Acc::default(); n];
    for t in 0..nt {
        let mut touched = Vec::new();
        for y in 0..ny {
            for x in 0..nx {
                let l = labels[[t, y, x]];
                if l <= 0 || l as usize > n {
                    continue;
                }
                let i = l as usize - 1;
                if cur[i].n == 0 {
                    touched.push(i);
                }
                let (lat, lon) = (grid.lat_at(y, x), grid.lon_at(y, x));
                cur[i].add(
                    area[[y, x]],
                    centroid_terms(grid, lat, lon),
                    lon,
                    intensity[[t, y, x]].to_f64(),
                );
                cols[i][x] = true;
                if let Some(l) = lons.get_mut(i) {
                    l.push(lon);
                }
                let r = &mut lat_rng[i];
                r.0 = r.0.min(lat);
                r.1 = r.1.max(lat);
            }
        }
        for i in touched {
            steps[i].push((t, std::mem::take(&mut cur[i])));
        }
    }
    steps
        .into_iter()
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| {
            let track: Vec<TrackPoint> = s
                .iter()
                .map(|(t, a)| {
                    let (clat, clon) = centroid(a.w, a.wlat, a.wsin, a.wcos, a.wlon, grid);
                    TrackPoint {
                        time_index: *t,
                        time: grid.time.get(*t).copied().unwrap_or(atmokit_core::NAT),
                        n_cells: a.n,
                        area_km2: a.w,
                        centroid_lat: clat,
                        centroid_lon: clon,
                        max_intensity: a.vmax,
                    }
                })
                .collect();
            let wv: f64 = s.iter().map(|(_, a)| a.wv).sum();
            let wv_w: f64 = s.iter().map(|(_, a)| a.wv_w).sum();
            let vmax = s
                .iter()
                .map(|(_, a)| a.vmax)
                .filter(|v| !v.is_nan())
                .fold(f64::NAN, f64::max);
            let (lon_west, lon_east) = match lons.get_mut(i) {
                Some(l) => lon_arc(l),
                None => lon_bounds(&cols[i], grid),
            };
            let start = track[0].time_index;
            let end = track[track.len() - 1].time_index;
            ObjectStats {
                label: i as i32 + 1,
                start_index: start,
                end_index: end,
                start_time: track[0].time,
                end_time: track[track.len() - 1].time,
                duration_steps: end - start + 1,
                n_cells: track.iter().map(|p| p.n_cells).sum(),
                max_area_km2: track.iter().map(|p| p.area_km2).fold(0.0, f64::max),
                total_area_km2: track.iter().map(|p| p.area_km2).sum(),
                max_intensity: vmax,
                mean_intensity: if wv_w > 0.0 { wv / wv_w } else { f64::NAN },
                lat_min: lat_rng[i].0,
                lat_max: lat_rng[i].1,
                lon_west,
                lon_east,
                track,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_centroid_across_the_seam() {
        // Global 10° grid, centres 5..355; object on columns 35, 0, 1 (355°, 5°, 15°) at the equator.
        let lon: Vec<f64> = (0..36).map(|i| 5.0 + 10.0 * i as f64).collect();
        let grid = Grid::new(vec![0], vec![-5.0, 5.0], lon);
        assert!(grid.periodic);
        let mut labels = Array3::<i32>::zeros((1, 2, 36));
        let mut v = Array3::<f64>::zeros((1, 2, 36));
        for x in [35, 0, 1] {
            labels[[0, 0, x]] = 1;
            v[[0, 0, x]] = x as f64;
        }
        let s = object_stats(&labels, 1, v.view(), &grid);
        assert_eq!(s.len(), 1);
        let o = &s[0];
        assert_eq!((o.lon_west, o.lon_east), (355.0, 15.0));
        // Circular mean of 355°, 5°, 15° (equal weights) = 5°.
        assert!((o.track[0].centroid_lon - 5.0).abs() < 1e-9);
        assert_eq!((o.lat_min, o.lat_max, o.n_cells, o.duration_steps), (-5.0, -5.0, 3, 1));
        assert_eq!(o.max_intensity, 35.0);
        assert!((o.mean_intensity - 12.0).abs() < 1e-12);
    }
}
