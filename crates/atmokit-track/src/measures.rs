//! Per-object measures through time: shape, motion, intensity and lineage.
//!
//! The measures Ocetrac users compute on the labels (Scannell et al. 2023 report duration,
//! intensity, centroid tracks and areas of each marine heatwave) plus shape and motion, for every
//! object and every time step of its life:
//!
//! - **centroid**: area-weighted (as [`crate::stats`]); **centre of mass**: weights
//!   `area · |intensity|` (the most intense part pulls it), circular in longitude on a periodic
//!   grid;
//! - **area** (km², [`Grid::cell_area_km2`]) and **intensity**: area-weighted mean, most extreme
//!   value (the maximum; for cold events see [`crate::pipeline::TrackOptions::positive`]) and
//!   cumulative intensity `Σ_t mean_t` (units × steps, Hobday et al. 2016's "cumulative
//!   intensity" for daily steps);
//! - **perimeter**: the edges between an object cell and a cell outside it (or the grid edge) in
//!   the step's slice, in cell edges and in km: an edge between rows has length
//!   `R · Δλ · cos φ` (φ the latitude of the object's cell), one between columns `R · Δφ`
//!   (`R` = [`EARTH_RADIUS_KM`], spacings in radians); on a curvilinear grid the great-circle
//!   length of the shared cell edge ([`crate::curvilinear`]); the seam of a periodic grid is not
//!   an edge;
//! - **circularity** `4π · A / P²` (km², km): 1 for a disk, π/4 for a square of cells on an
//!   equal-area patch;
//! - **motion**: from one step's centroid to the next, the great-circle distance (haversine), the
//!   speed (km/day) and the direction (initial bearing, degrees clockwise from north: 90 = east);
//!   over the life, the displacement from the first to the last centroid, its bearing, the path
//!   length and the mean speed `path / (last − first time)`;
//! - **deformation** between consecutive steps: `1 − |A' ∩ B| / |A' ∪ B|` in cells, where `A'` is
//!   the previous footprint shifted by the centroid displacement rounded to whole cells (on a
//!   curvilinear grid: the displacement of the mean cell index) — 0 for a rigid motion, 1 when
//!   the footprints do not overlap at all;
//! - **lineage**: the merges and splits the object went through ([`crate::history`]).

use crate::Real;
use crate::grid::{EARTH_RADIUS_KM, Grid};
use crate::history::{Event, EventKind};
use crate::stats::{centroid, centroid_terms};
use ndarray::{Array3, ArrayView3};

/// Measures of one object at one time step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepMeasures {
    /// Time index in the grid.
    pub time_index: usize,
    /// Number of cells.
    pub n_cells: usize,
    /// Area, km².
    pub area_km2: f64,
    /// Area-weighted centroid latitude, degrees north.
    pub centroid_lat: f64,
    /// Area-weighted centroid longitude, degrees east.
    pub centroid_lon: f64,
    /// Centre of mass (weights area · |intensity|) latitude, degrees north.
    pub com_lat: f64,
    /// Centre of mass longitude, degrees east.
    pub com_lon: f64,
    /// Area-weighted mean intensity (units of the intensity field).
    pub mean_intensity: f64,
    /// Maximum intensity.
    pub max_intensity: f64,
    /// Perimeter in cell edges.
    pub perimeter_edges: usize,
    /// Perimeter, km.
    pub perimeter_km: f64,
    /// `4π · area / perimeter²` (dimensionless).
    pub circularity: f64,
    /// Great-circle distance from the previous step's centroid, km (NaN at the first step).
    pub step_km: f64,
    /// `step_km` per day of elapsed time, km/day (NaN at the first step).
    pub speed_km_per_day: f64,
    /// Bearing from the previous step's centroid, degrees clockwise from north in [0, 360)
    /// (NaN at the first step or without motion).
    pub direction_deg: f64,
    /// `1 − IoU` of the previous footprint shifted by the rounded centroid motion and this one
    /// (NaN at the first step).
    pub deformation: f64,
}

/// Measures of one object over its life.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectMeasures {
    /// Label in the labels array.
    pub label: i32,
    /// Time steps from first to last (inclusive).
    pub duration_steps: usize,
    /// Time from the first to the last step, days.
    pub duration_days: f64,
    /// Great-circle distance from the first to the last centroid, km.
    pub displacement_km: f64,
    /// Bearing of that displacement, degrees clockwise from north (NaN without motion).
    pub direction_deg: f64,
    /// Sum of the step distances, km.
    pub path_km: f64,
    /// `path_km / duration_days`, km/day (NaN for a single step).
    pub mean_speed_km_per_day: f64,
    /// Largest area of one step, km².
    pub max_area_km2: f64,
    /// Area-weighted mean intensity over the whole life.
    pub mean_intensity: f64,
    /// Maximum intensity over the whole life.
    pub max_intensity: f64,
    /// `Σ` over the steps of the step mean intensity (units × steps).
    pub cumulative_intensity: f64,
    /// Number of merges within the object.
    pub n_merges: usize,
    /// Number of splits within the object.
    pub n_splits: usize,
    /// One entry per time step the object exists, in time order.
    pub steps: Vec<StepMeasures>,
}

/// Great-circle distance (haversine) between two points, km.
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360); NaN when
/// the points coincide.
pub fn bearing_deg(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dl = (lon2 - lon1).to_radians();
    let y = dl.sin() * p2.cos();
    let x = p1.cos() * p2.sin() - p1.sin() * p2.cos() * dl.cos();
    if x.abs() < 1e-15 && y.abs() < 1e-15 {
        return f64::NAN;
    }
    y.atan2(x).to_degrees().rem_euclid(360.0)
}

/// Days from time index `t0` to `t1` (NaN when either time is missing).
fn days_between(grid: &Grid, t0: usize, t1: usize) -> f64 {
    let (a, b) = (grid.time[t0], grid.time[t1]);
    if a == atmokit_core::NAT || b == atmokit_core::NAT {
        return f64::NAN;
    }
    (b - a) as f64 / 86_400e9
}

/// One step of an object: the time index and its `(y, x)` cells.
type StepCells = (usize, Vec<(usize, usize)>);

/// Measures of objects `1..=n` of `labels` (time, lat, lon), with `intensity` on the same grid and
/// the merge/split `events` of [`crate::history::merge_split_history`].
pub fn object_measures<T: Real>(
    labels: &Array3<i32>,
    n: usize,
    intensity: ArrayView3<'_, T>,
    grid: &Grid,
    events: &[Event],
) -> Vec<ObjectMeasures> {
    let (nt, ny, nx) = labels.dim();
    let area = grid.cell_areas_km2();
    let (dphi, dlam) = grid.spacing_deg();
    let ns_edge_km = EARTH_RADIUS_KM * dphi.to_radians();
    let ew_edge_km: Vec<f64> = grid
        .cos_lat()
        .iter()
        .map(|c| EARTH_RADIUS_KM * dlam.to_radians() * c)
        .collect();
    // Cells of each object at each step: cells[i] = [(t, [(y, x)])].
    let mut cells: Vec<Vec<StepCells>> = vec![Vec::new(); n];
    for t in 0..nt {
        for y in 0..ny {
            for x in 0..nx {
                let l = labels[[t, y, x]];
                if l <= 0 || l as usize > n {
                    continue;
                }
                let c = &mut cells[l as usize - 1];
                if c.last().is_none_or(|(tt, _)| *tt != t) {
                    c.push((t, Vec::new()));
                }
                c.last_mut().expect("pushed").1.push((y, x));
            }
        }
    }
    let is = |t: usize, y: isize, x: isize, l: i32| -> bool {
        if y < 0 || y >= ny as isize {
            return false;
        }
        let x = if grid.periodic {
            x.rem_euclid(nx as isize)
        } else if x < 0 || x >= nx as isize {
            return false;
        } else {
            x
        };
        labels[[t, y as usize, x as usize]] == l
    };
    let mut out = Vec::new();
    for (i, life) in cells.iter().enumerate() {
        if life.is_empty() {
            continue;
        }
        let l = i as i32 + 1;
        let mut steps: Vec<StepMeasures> = Vec::with_capacity(life.len());
        let (mut wv_all, mut w_all, mut vmax_all) = (0.0, 0.0, f64::NAN);
        for (k, (t, cs)) in life.iter().enumerate() {
            let t = *t;
            let (mut w, mut wlat, mut wsin, mut wcos, mut wlon) = (0.0, 0.0, 0.0, 0.0, 0.0);
            let (mut m, mut mlat, mut msin, mut mcos, mut mlon) = (0.0, 0.0, 0.0, 0.0, 0.0);
            let (mut wv, mut wv_w, mut vmax) = (0.0, 0.0, f64::NAN);
            let (mut edges, mut per_km) = (0usize, 0.0);
            for &(y, x) in cs {
                let (lat, lon, a) = (grid.lat_at(y, x), grid.lon_at(y, x), area[[y, x]]);
                let (ca, cs_, cc) = centroid_terms(grid, lat, lon);
                w += a;
                wlat += a * ca;
                wsin += a * cs_;
                wcos += a * cc;
                wlon += a * lon;
                let v = intensity[[t, y, x]].to_f64();
                if !v.is_nan() {
                    wv += a * v;
                    wv_w += a;
                    vmax = if vmax.is_nan() { v } else { vmax.max(v) };
                    let mw = a * v.abs();
                    m += mw;
                    mlat += mw * ca;
                    msin += mw * cs_;
                    mcos += mw * cc;
                    mlon += mw * lon;
                }
                let (yi, xi) = (y as isize, x as isize);
                for (dy, dx, len) in [
                    (-1, 0, ew_edge_km[y]),
                    (1, 0, ew_edge_km[y]),
                    (0, -1, ns_edge_km),
                    (0, 1, ns_edge_km),
                ] {
                    if !is(t, yi + dy, xi + dx, l) {
                        edges += 1;
                        per_km += match &grid.cells {
                            Some(c) => c.edge_km(y, x, dy, dx),
                            None => len,
                        };
                    }
                }
            }
            let (clat, clon) = centroid(w, wlat, wsin, wcos, wlon, grid);
            let (com_lat, com_lon) = centroid(m, mlat, msin, mcos, mlon, grid);
            let (step_km, speed, dir, deformation) = match steps.last() {
                None => (f64::NAN, f64::NAN, f64::NAN, f64::NAN),
                Some(prev) => {
                    let d = great_circle_km(prev.centroid_lat, prev.centroid_lon, clat, clon);
                    let days = days_between(grid, prev.time_index, t);
                    let dir = bearing_deg(prev.centroid_lat, prev.centroid_lon, clat, clon);
                    let dy = ((clat - prev.centroid_lat) / dphi).round() as isize;
                    let mut dlon = clon - prev.centroid_lon;
                    if grid.periodic {
                        dlon = (dlon + 180.0).rem_euclid(360.0) - 180.0;
                    }
                    let dx = (dlon / dlam).round() as isize;
                    let (lat_up, lon_up) = (lat_increases(grid), lon_increases(grid));
                    let prev_cells = &life[k - 1].1;
                    let (sy, sx) = if grid.cells.is_some() {
                        index_shift(prev_cells, cs, grid.periodic.then_some(nx))
                    } else {
                        (if lat_up { dy } else { -dy }, if lon_up { dx } else { -dx })
                    };
                    let inter = prev_cells
                        .iter()
                        .filter(|&&(y, x)| is(t, y as isize + sy, x as isize + sx, l))
                        .count();
                    let union = prev_cells.len() + cs.len() - inter;
                    (d, d / days, dir, 1.0 - inter as f64 / union as f64)
                }
            };
            wv_all += wv;
            w_all += wv_w;
            if !vmax.is_nan() {
                vmax_all = if vmax_all.is_nan() { vmax } else { vmax_all.max(vmax) };
            }
            steps.push(StepMeasures {
                time_index: t,
                n_cells: cs.len(),
                area_km2: w,
                centroid_lat: clat,
                centroid_lon: clon,
                com_lat,
                com_lon,
                mean_intensity: if wv_w > 0.0 { wv / wv_w } else { f64::NAN },
                max_intensity: vmax,
                perimeter_edges: edges,
                perimeter_km: per_km,
                circularity: if per_km > 0.0 {
                    4.0 * std::f64::consts::PI * w / (per_km * per_km)
                } else {
                    f64::NAN
                },
                step_km,
                speed_km_per_day: speed,
                direction_deg: dir,
                deformation,
            });
        }
        let (first, last) = (&steps[0], &steps[steps.len() - 1]);
        let duration_days = days_between(grid, first.time_index, last.time_index);
        let path_km: f64 = steps.iter().skip(1).map(|s| s.step_km).sum();
        let count = |kind: EventKind| events.iter().filter(|e| e.object == l && e.kind == kind).count();
        out.push(ObjectMeasures {
            label: l,
            duration_steps: last.time_index - first.time_index + 1,
            duration_days,
            displacement_km: great_circle_km(
                first.centroid_lat,
                first.centroid_lon,
                last.centroid_lat,
                last.centroid_lon,
            ),
            direction_deg: bearing_deg(
                first.centroid_lat,
                first.centroid_lon,
                last.centroid_lat,
                last.centroid_lon,
            ),
            path_km,
            mean_speed_km_per_day: if duration_days > 0.0 {
                path_km / duration_days
            } else {
                f64::NAN
            },
            max_area_km2: steps.iter().map(|s| s.area_km2).fold(0.0, f64::max),
            mean_intensity: if w_all > 0.0 { wv_all / w_all } else { f64::NAN },
            max_intensity: vmax_all,
            cumulative_intensity: steps.iter().map(|s| s.mean_intensity).filter(|v| !v.is_nan()).sum(),
            n_merges: count(EventKind::Merge),
            n_splits: count(EventKind::Split),
            steps,
        });
    }
    out
}

/// Shift in cells (rows, columns) from the mean cell index of `a` to that of `b`, rounded; the
/// columns wrap on a periodic grid of `nx` columns. Used for the deformation on curvilinear grids.
fn index_shift(a: &[(usize, usize)], b: &[(usize, usize)], periodic_nx: Option<usize>) -> (isize, isize) {
    let mean = |c: &[(usize, usize)]| {
        let n = c.len().max(1) as f64;
        let y = c.iter().map(|p| p.0 as f64).sum::<f64>() / n;
        match periodic_nx {
            Some(nx) => {
                let (s, co) = c.iter().fold((0.0, 0.0), |(s, co), p| {
                    let a = p.1 as f64 / nx as f64 * std::f64::consts::TAU;
                    (s + a.sin(), co + a.cos())
                });
                (y, s.atan2(co) / std::f64::consts::TAU * nx as f64)
            }
            None => (y, c.iter().map(|p| p.1 as f64).sum::<f64>() / n),
        }
    };
    let ((ya, xa), (yb, xb)) = (mean(a), mean(b));
    let mut dx = xb - xa;
    if let Some(nx) = periodic_nx {
        dx = (dx + nx as f64 / 2.0).rem_euclid(nx as f64) - nx as f64 / 2.0;
    }
    ((yb - ya).round() as isize, dx.round() as isize)
}

fn lat_increases(grid: &Grid) -> bool {
    grid.lat.len() < 2 || grid.lat[grid.lat.len() - 1] >= grid.lat[0]
}

fn lon_increases(grid: &Grid) -> bool {
    grid.lon.len() < 2 || grid.lon[grid.lon.len() - 1] >= grid.lon[0]
}

/// The measures as CSV, one row per object and time step: `label,time_index,n_cells,area_km2,
/// centroid_lat,centroid_lon,com_lat,com_lon,mean_intensity,max_intensity,perimeter_edges,
/// perimeter_km,circularity,step_km,speed_km_per_day,direction_deg,deformation`.
pub fn measures_csv(measures: &[ObjectMeasures]) -> String {
    let mut s = String::from(
        "label,time_index,n_cells,area_km2,centroid_lat,centroid_lon,com_lat,com_lon,mean_intensity,max_intensity,perimeter_edges,perimeter_km,circularity,step_km,speed_km_per_day,direction_deg,deformation\n",
    );
    for o in measures {
        for p in &o.steps {
            s.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                o.label,
                p.time_index,
                p.n_cells,
                p.area_km2,
                p.centroid_lat,
                p.centroid_lon,
                p.com_lat,
                p.com_lon,
                p.mean_intensity,
                p.max_intensity,
                p.perimeter_edges,
                p.perimeter_km,
                p.circularity,
                p.step_km,
                p.speed_km_per_day,
                p.direction_deg,
                p.deformation
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::merge_split_history;
    use crate::label::{Connectivity, label};

    const DAY: i64 = 86_400_000_000_000;

    /// A 2 × 2 square moving one cell east per day on a 1° grid straddling the equator
    /// (rows −0.5°, 0.5°): by hand, each step is R·1° = 111.195 km east (bearing 90°) at
    /// 111.195 km/day; perimeter 8 edges, area ≈ 4 cells, circularity ≈ 4π·4/8² = π/4;
    /// deformation 0 (rigid motion); after 3 steps the displacement is 333.585 km.
    #[test]
    fn moving_square_by_hand() {
        let lat = vec![-2.5, -1.5, -0.5, 0.5, 1.5, 2.5];
        let lon: Vec<f64> = (0..10).map(f64::from).collect();
        let grid = Grid::new((0..4).map(|t| t * DAY).collect(), lat, lon);
        assert!(!grid.periodic);
        let mut labels = Array3::<i32>::zeros((4, 6, 10));
        let mut v = Array3::<f64>::zeros((4, 6, 10));
        for t in 0..4 {
            for y in 2..4 {
                for x in 0..2 {
                    labels[[t, y, x + t + 1]] = 1;
                    v[[t, y, x + t + 1]] = 1.0 + t as f64;
                }
            }
            // The eastern column is 3× more intense: the centre of mass sits east of the centroid.
            v[[t, 2, t + 2]] *= 3.0;
            v[[t, 3, t + 2]] *= 3.0;
        }
        let m = object_measures(&labels, 1, v.view(), &grid, &[]);
        assert_eq!(m.len(), 1);
        let o = &m[0];
        let deg_km = EARTH_RADIUS_KM * 1f64.to_radians(); // 111.195 km
        assert!((deg_km - 111.195).abs() < 1e-3);
        assert_eq!((o.duration_steps, o.duration_days), (4, 3.0));
        for (k, s) in o.steps.iter().enumerate() {
            assert_eq!((s.n_cells, s.perimeter_edges), (4, 8));
            assert!(s.centroid_lat.abs() < 1e-12);
            assert!((s.centroid_lon - (k as f64 + 1.5)).abs() < 1e-12);
            // Weights 1 and 3 at lon k+1 and k+2: centre of mass at k + 1 + 3/4.
            assert!((s.com_lon - (k as f64 + 1.75)).abs() < 1e-12);
            assert!(
                (s.circularity - std::f64::consts::FRAC_PI_4).abs() < 1e-3,
                "{}",
                s.circularity
            );
            // Perimeter: 4 edges of R·Δφ and 4 of R·Δλ·cos(0.5°).
            let p = 4.0 * deg_km + 4.0 * deg_km * 0.5f64.to_radians().cos();
            assert!((s.perimeter_km - p).abs() < 1e-9);
            // Mean intensity (1 + 3)/2 · (1 + t), max 3 · (1 + t).
            assert!((s.mean_intensity - 2.0 * (1.0 + k as f64)).abs() < 1e-9);
            assert_eq!(s.max_intensity, 3.0 * (1.0 + k as f64));
            if k == 0 {
                assert!(s.step_km.is_nan() && s.deformation.is_nan());
            } else {
                assert!((s.step_km - deg_km).abs() < 1e-6, "{}", s.step_km);
                assert!((s.speed_km_per_day - deg_km).abs() < 1e-6);
                assert!((s.direction_deg - 90.0).abs() < 1e-9);
                assert_eq!(s.deformation, 0.0);
            }
        }
        assert!((o.displacement_km - 3.0 * deg_km).abs() < 1e-6);
        assert!((o.path_km - 3.0 * deg_km).abs() < 1e-6);
        assert!((o.mean_speed_km_per_day - deg_km).abs() < 1e-6);
        assert!((o.direction_deg - 90.0).abs() < 1e-9);
        // Cumulative intensity 2 + 4 + 6 + 8 = 20; overall mean 20/4 = 5 (equal areas); max 12.
        assert!((o.cumulative_intensity - 20.0).abs() < 1e-9);
        assert!((o.mean_intensity - 5.0).abs() < 1e-9);
        assert_eq!(o.max_intensity, 12.0);
    }

    /// A square that grows from 2 × 2 to 2 × 4 cells in place (centroid moves one cell east:
    /// shift by 1 column, overlap 4 of 8 cells) deforms by 1 − 4/8 = 0.5; a northward step has
    /// bearing 0; a bar 1 × 4 has perimeter 10 edges and circularity 4π·4/10² ≈ 0.503.
    #[test]
    fn deformation_direction_and_bar() {
        let lat = vec![-1.5, -0.5, 0.5, 1.5];
        let lon: Vec<f64> = (0..8).map(f64::from).collect();
        let grid = Grid::new(vec![0, DAY, 2 * DAY], lat, lon);
        let mut labels = Array3::<i32>::zeros((3, 4, 8));
        for y in 1..3 {
            for x in 0..2 {
                labels[[0, y, x]] = 1;
            }
            for x in 0..4 {
                labels[[1, y, x]] = 1;
            }
        }
        // Step 2: a 1 × 4 bar one row north of the step-1 rows' mean → moves north.
        for x in 0..4 {
            labels[[2, 3, x]] = 1;
        }
        let v = labels.mapv(f64::from);
        let m = object_measures(&labels, 1, v.view(), &grid, &[]);
        let s = &m[0].steps;
        assert!((s[1].deformation - 0.5).abs() < 1e-12, "{}", s[1].deformation);
        assert!((s[1].direction_deg - 90.0).abs() < 1e-6);
        // Step 1 → 2: centroid (0°, 1.5°) → (1.5°, 1.5°): due north, 1.5° of latitude; the
        // 8-cell block shifted north by 2 rows (1.5 rounds to 2) overlaps the bar in 4 cells.
        assert!(s[2].direction_deg.abs() < 1e-9 || (s[2].direction_deg - 360.0).abs() < 1e-9);
        assert!((s[2].step_km - 1.5 * EARTH_RADIUS_KM * 1f64.to_radians()).abs() < 1e-6);
        assert!(
            (s[2].deformation - (1.0 - 4.0 / 8.0)).abs() < 1e-12,
            "{}",
            s[2].deformation
        );
        assert_eq!(s[2].perimeter_edges, 10);
        let a = s[2].area_km2;
        let p = s[2].perimeter_km;
        assert!((s[2].circularity - 4.0 * std::f64::consts::PI * a / (p * p)).abs() < 1e-12);
        assert!((s[2].circularity - 4.0 * std::f64::consts::PI * 4.0 / 100.0).abs() < 2e-3);
    }

    /// Lineage: two blobs merging into one count one merge in the object's measures.
    #[test]
    fn merge_counts() {
        let grid = Grid::new(vec![0, DAY], vec![0.0, 1.0, 2.0], (0..7).map(f64::from).collect());
        let mut mask = Array3::from_elem((2, 3, 7), false);
        mask[[0, 1, 1]] = true;
        mask[[0, 1, 5]] = true;
        for x in 1..6 {
            mask[[1, 1, x]] = true;
        }
        let (labels, n) = label(&mask, Connectivity::Full, false, true);
        assert_eq!(n, 1);
        let ev = merge_split_history(&labels, &grid, Connectivity::Full);
        let v = labels.mapv(f64::from);
        let m = object_measures(&labels, n, v.view(), &grid, &ev);
        assert_eq!((m[0].n_merges, m[0].n_splits), (1, 0));
    }

    #[test]
    fn periodic_seam_is_not_an_edge() {
        // Global 10° grid; a 1 × 2 object on the last and first columns: perimeter 6, not 8.
        let lon: Vec<f64> = (0..36).map(|i| 5.0 + 10.0 * i as f64).collect();
        let grid = Grid::new(vec![0], vec![-5.0, 5.0], lon);
        let mut labels = Array3::<i32>::zeros((1, 2, 36));
        labels[[0, 0, 0]] = 1;
        labels[[0, 0, 35]] = 1;
        let v = labels.mapv(f64::from);
        let m = object_measures(&labels, 1, v.view(), &grid, &[]);
        assert_eq!(m[0].steps[0].perimeter_edges, 6);
        assert!((m[0].steps[0].centroid_lon - 0.0).abs() < 1e-9 || (m[0].steps[0].centroid_lon - 360.0).abs() < 1e-9);
    }
}
