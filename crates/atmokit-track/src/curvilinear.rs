//! Curvilinear grids: 2-D latitude and longitude of every cell centre (an ocean model's tripolar
//! or rotated-pole grid), with cell areas, cell-edge lengths and centroids on the sphere.
//!
//! **Cell areas** come from the file's cell-area variable when there is one (CF
//! `cell_measures = "area: …"`, CMIP's `areacello`, POP's `TAREA`); otherwise they are computed
//! from the centres:
//!
//! 1. centres become unit vectors `c = (cos φ cos λ, cos φ sin λ, sin φ)`; the array of centres
//!    is extended by one row and column on every side, by wrapping the columns on a periodic
//!    grid and otherwise by linear extrapolation `2 c₀ − c₁`;
//! 2. each cell corner is the normalised sum of the four centres around it;
//! 3. the cell is the spherical quadrilateral of its four corners, split into two triangles
//!    whose areas on the unit sphere are their spherical excess
//!    `E = 2 atan2(|a · (b × c)|, 1 + a·b + b·c + c·a)` (Van Oosterom & Strackee 1983,
//!    *IEEE Trans. Biomed. Eng.* 30, 125–126); the area is `R² (E₁ + E₂)` with
//!    `R` = [`EARTH_RADIUS_KM`].
//!
//! The result depends only on the geometry, not on where the grid's pole is: a rotated copy of a
//! grid has the same cell areas (to rounding). On a regular 1° grid it is within 10⁻⁴ of
//! `R² Δλ (sin φ₂ − sin φ₁)` (5·10⁻⁴ on the outermost cells of a non-periodic grid, whose outer
//! corners are extrapolated).
//!
//! **Edges** between neighbouring cells are the great-circle arcs between the shared corners.
//! **Centroids** are the normalised weighted sums of the cell unit vectors (a rotation of the
//! grid rotates them alike; no longitude seam or pole is special).

use crate::grid::EARTH_RADIUS_KM;
use atmokit_core::{Error, Result};
use ndarray::Array2;

/// A point on the unit sphere.
pub type Vec3 = [f64; 3];

/// Unit vector of latitude `lat`, longitude `lon` (degrees).
pub fn unit(lat: f64, lon: f64) -> Vec3 {
    let (p, l) = (lat.to_radians(), lon.to_radians());
    [p.cos() * l.cos(), p.cos() * l.sin(), p.sin()]
}

/// Latitude and longitude (degrees, longitude in (−180, 180]) of a non-zero vector; NaN for 0.
pub fn lat_lon(v: Vec3) -> (f64, f64) {
    let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    if n == 0.0 || !n.is_finite() {
        return (f64::NAN, f64::NAN);
    }
    (
        (v[2] / n).clamp(-1.0, 1.0).asin().to_degrees(),
        v[1].atan2(v[0]).to_degrees(),
    )
}

fn dot(a: Vec3, b: Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: Vec3, b: Vec3) -> Vec3 {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn normalised(v: Vec3) -> Vec3 {
    let n = dot(v, v).sqrt();
    [v[0] / n, v[1] / n, v[2] / n]
}

/// Area of the spherical triangle `abc` on the unit sphere (steradians).
fn triangle(a: Vec3, b: Vec3, c: Vec3) -> f64 {
    let num = dot(a, cross(b, c)).abs();
    let den = 1.0 + dot(a, b) + dot(b, c) + dot(c, a);
    2.0 * num.atan2(den)
}

/// Great-circle distance between two unit vectors, km.
pub fn arc_km(a: Vec3, b: Vec3) -> f64 {
    let c = cross(a, b);
    EARTH_RADIUS_KM * dot(c, c).sqrt().atan2(dot(a, b))
}

/// Geometry of a curvilinear grid of `ny × nx` cells.
#[derive(Clone, Debug, PartialEq)]
pub struct CellCoords {
    /// Latitude of every cell centre, degrees north.
    pub lat: Array2<f64>,
    /// Longitude of every cell centre, degrees east.
    pub lon: Array2<f64>,
    /// Area of every cell, km².
    pub area_km2: Array2<f64>,
    /// Cell corners `(ny + 1, nx + 1)` as unit vectors (step 2 of the module docs).
    corners: Array2<Vec3>,
}

impl CellCoords {
    /// Geometry from 2-D centres (degrees) and, when known, the cell areas in km² (else computed
    /// as the module docs say). Errors when the shapes differ, a coordinate or area is not
    /// finite, an area is negative, or the grid is smaller than 2 × 2 cells.
    pub fn new(
        lat: Array2<f64>,
        lon: Array2<f64>,
        area_km2: Option<Array2<f64>>,
        periodic: bool,
    ) -> Result<CellCoords> {
        let (ny, nx) = lat.dim();
        if lon.dim() != (ny, nx) {
            return Err(Error::invalid(format!(
                "curvilinear grid: latitude {:?} and longitude {:?} differ in shape",
                lat.dim(),
                lon.dim()
            )));
        }
        if ny < 2 || nx < 2 {
            return Err(Error::invalid(format!(
                "curvilinear grid: needs at least 2 × 2 cells, got {ny} × {nx}"
            )));
        }
        if lat.iter().chain(lon.iter()).any(|v| !v.is_finite()) || lat.iter().any(|v| v.abs() > 90.0) {
            return Err(Error::invalid(
                "curvilinear grid: latitudes and longitudes must be finite, latitudes within ±90°",
            ));
        }
        let corners = corners(&lat, &lon, periodic);
        let area_km2 = match area_km2 {
            Some(a) => {
                if a.dim() != (ny, nx) {
                    return Err(Error::invalid(format!(
                        "cell areas {:?} differ in shape from the grid ({ny}, {nx})",
                        a.dim()
                    )));
                }
                if a.iter().any(|v| !v.is_finite() || *v < 0.0) {
                    return Err(Error::invalid("cell areas must be finite and non-negative"));
                }
                a
            }
            None => Array2::from_shape_fn((ny, nx), |(y, x)| {
                let (a, b, c, d) = (
                    corners[[y, x]],
                    corners[[y, x + 1]],
                    corners[[y + 1, x + 1]],
                    corners[[y + 1, x]],
                );
                EARTH_RADIUS_KM * EARTH_RADIUS_KM * (triangle(a, b, c) + triangle(a, c, d))
            }),
        };
        Ok(CellCoords {
            lat,
            lon,
            area_km2,
            corners,
        })
    }

    /// Length (km) of the edge cell `(y, x)` shares with its neighbour at `(y + dy, x + dx)`
    /// (`|dy| + |dx| = 1`; the neighbour may lie outside the grid). `(y, x)` must be a cell of
    /// the grid (panics otherwise, as indexing does).
    pub fn edge_km(&self, y: usize, x: usize, dy: isize, dx: isize) -> f64 {
        let k = |j: usize, i: usize| self.corners[[j, i]];
        match (dy, dx) {
            (-1, 0) => arc_km(k(y, x), k(y, x + 1)),
            (1, 0) => arc_km(k(y + 1, x), k(y + 1, x + 1)),
            (0, -1) => arc_km(k(y, x), k(y + 1, x)),
            _ => arc_km(k(y, x + 1), k(y + 1, x + 1)),
        }
    }
}

/// Step 1–2 of the module docs: the corners as unit vectors, `(ny + 1, nx + 1)`.
fn corners(lat: &Array2<f64>, lon: &Array2<f64>, periodic: bool) -> Array2<Vec3> {
    let (ny, nx) = lat.dim();
    let c = Array2::from_shape_fn((ny, nx), |(y, x)| unit(lat[[y, x]], lon[[y, x]]));
    let lin = |a: Vec3, b: Vec3| [2.0 * a[0] - b[0], 2.0 * a[1] - b[1], 2.0 * a[2] - b[2]];
    // Extended centres e[(y + 1, x + 1)] = c[(y, x)]; columns first, then rows.
    let mut e = Array2::from_elem((ny + 2, nx + 2), [0.0; 3]);
    for y in 0..ny {
        for x in 0..nx {
            e[[y + 1, x + 1]] = c[[y, x]];
        }
        let (w, east) = if periodic {
            (c[[y, nx - 1]], c[[y, 0]])
        } else {
            (lin(c[[y, 0]], c[[y, 1]]), lin(c[[y, nx - 1]], c[[y, nx - 2]]))
        };
        e[[y + 1, 0]] = w;
        e[[y + 1, nx + 1]] = east;
    }
    for x in 0..nx + 2 {
        e[[0, x]] = lin(e[[1, x]], e[[2, x]]);
        e[[ny + 1, x]] = lin(e[[ny, x]], e[[ny - 1, x]]);
    }
    Array2::from_shape_fn((ny + 1, nx + 1), |(j, i)| {
        let s = [e[[j, i]], e[[j + 1, i]], e[[j, i + 1]], e[[j + 1, i + 1]]];
        normalised([
            s.iter().map(|v| v[0]).sum(),
            s.iter().map(|v| v[1]).sum(),
            s.iter().map(|v| v[2]).sum(),
        ])
    })
}

/// Whether a row of longitudes (degrees, any branch) goes once round the globe: the steps,
/// wrapped into (−180°, 180°], add up to ±360° once the step from the last point back to the
/// first is included, and that closing step is no longer than twice the largest other step.
pub fn row_is_periodic(lon: &[f64]) -> bool {
    if lon.len() < 3 {
        return false;
    }
    let wrap = |d: f64| (d + 180.0).rem_euclid(360.0) - 180.0;
    let steps: Vec<f64> = lon.windows(2).map(|w| wrap(w[1] - w[0])).collect();
    let close = wrap(lon[0] - lon[lon.len() - 1]);
    let total: f64 = steps.iter().sum::<f64>() + close;
    let largest = steps.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    (total.abs() - 360.0).abs() < 1e-6 * 360.0 && close.abs() <= 2.0 * largest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rotate `(lat, lon)` about the x axis by `deg` (moves the pole to 90° − deg).
    pub(crate) fn rotate(lat: f64, lon: f64, deg: f64) -> (f64, f64) {
        let v = unit(lat, lon);
        let (s, c) = deg.to_radians().sin_cos();
        lat_lon([v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]])
    }

    fn regular(ny: usize, nx: usize, rot: f64) -> CellCoords {
        let lat = Array2::from_shape_fn((ny, nx), |(y, x)| rotate(-10.0 + y as f64, 20.0 + x as f64, rot).0);
        let lon = Array2::from_shape_fn((ny, nx), |(y, x)| rotate(-10.0 + y as f64, 20.0 + x as f64, rot).1);
        CellCoords::new(lat, lon, None, false).unwrap()
    }

    /// A regular 1° grid: areas within 10⁻⁴ of `R² Δλ (sin φ₂ − sin φ₁)` (5·10⁻⁴ on the outermost
    /// cells, whose outer corners are extrapolated); the same grid rotated
    /// by 50° has the same areas to 10⁻⁹ and the same edge lengths.
    #[test]
    fn areas_by_formula_and_rotation_invariant() {
        let g = regular(21, 30, 0.0);
        let r2 = EARTH_RADIUS_KM * EARTH_RADIUS_KM;
        for y in 0..21 {
            let lat = -10.0 + y as f64;
            let want = r2 * 1f64.to_radians() * ((lat + 0.5).to_radians().sin() - (lat - 0.5).to_radians().sin());
            for x in [0, 13, 29] {
                let a = g.area_km2[[y, x]];
                let tol = if y == 0 || y == 20 || x != 13 { 5e-4 } else { 1e-4 };
                assert!((a / want - 1.0).abs() < tol, "({y}, {x}): {a} vs {want}");
            }
        }
        let r = regular(21, 30, 50.0);
        assert!(r.lat.iter().zip(g.lat.iter()).any(|(a, b)| (a - b).abs() > 10.0));
        for (a, b) in r.area_km2.iter().zip(g.area_km2.iter()) {
            assert!((a / b - 1.0).abs() < 1e-9, "{a} vs {b}");
        }
        for (dy, dx) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
            assert!((r.edge_km(7, 9, dy, dx) - g.edge_km(7, 9, dy, dx)).abs() < 1e-9);
        }
        // The edge between rows at 0.5°S..0.5°N, 1° of longitude: R · 1° · cos(≈0°).
        let want = EARTH_RADIUS_KM * 1f64.to_radians();
        assert!((g.edge_km(10, 5, 0, 1) / want - 1.0).abs() < 1e-4);
    }

    #[test]
    fn periodic_rows_and_bad_input() {
        let lon: Vec<f64> = (0..72)
            .map(|i| (i as f64 * 5.0 + 100.0 + 180.0).rem_euclid(360.0) - 180.0)
            .collect();
        assert!(row_is_periodic(&lon));
        assert!(!row_is_periodic(&lon[..60]));
        let z = Array2::<f64>::zeros((2, 3));
        assert!(CellCoords::new(z.clone(), Array2::zeros((3, 2)), None, false).is_err());
        assert!(CellCoords::new(Array2::zeros((1, 3)), Array2::zeros((1, 3)), None, false).is_err());
        assert!(CellCoords::new(z.mapv(|_| 95.0), z.clone(), None, false).is_err());
        assert!(CellCoords::new(z.clone(), z.clone(), Some(z.mapv(|_| -1.0)), false).is_err());
    }
}
