//! The (time, lat, lon) grid a tracked field lives on.

use atmokit_core::{Dataset, Error, NAT, Result};
use ndarray::Array2;

/// Mean Earth radius, km (IUGG `R1` = 6371.0088 km), used for cell areas and distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Geometry of a gridded field with dims `(time, lat, lon)`.
///
/// Latitudes and longitudes are in degrees. The grid is *periodic* in longitude when the
/// longitudes span the whole circle: `|lon[n-1] - lon[0]| + |lon[1] - lon[0]| ≈ 360°`
/// (the same test as Ocetrac's `SurfTracker.track`).
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    /// Times, ns since 1970 (`NAT` = missing).
    pub time: Vec<i64>,
    /// Latitudes, degrees north, one per row.
    pub lat: Vec<f64>,
    /// Longitudes, degrees east, one per column.
    pub lon: Vec<f64>,
    /// Whether column `nx - 1` neighbours column `0` (the 180° / 0° seam).
    pub periodic: bool,
}

impl Grid {
    /// Read the grid of variable `var` of `ds`: its dims must be `(time, <lat>, <lon>)` and the
    /// dataset must hold 1-D coordinate variables named after the last two dims (degrees) and a
    /// time coordinate named after the first.
    ///
    /// Errors: [`Error::VariableNotFound`] for the variable or a coordinate,
    /// [`Error::InvalidArgument`] when the variable is not 3-D or a coordinate is not numeric.
    pub fn from_dataset(ds: &Dataset, var: &str) -> Result<Grid> {
        let v = ds.get(var)?;
        let dims = v.dims();
        if dims.len() != 3 {
            return Err(Error::invalid(format!(
                "variable '{var}': feature tracking needs dims (time, lat, lon), found {dims:?}"
            )));
        }
        Grid::from_dims(ds, var, [&dims[0], &dims[1], &dims[2]])
    }

    /// The grid of variable `var` whose time, latitude and longitude dims are `dims` (the
    /// variable may have more dims, e.g. depth): 1-D coordinate variables named after the dims.
    pub(crate) fn from_dims(ds: &Dataset, var: &str, dims: [&str; 3]) -> Result<Grid> {
        let time = ds.time_of(dims[0])?.to_vec();
        let lat = coord_f64(ds, var, dims[1])?;
        let lon = coord_f64(ds, var, dims[2])?;
        let periodic = is_global(&lon);
        Ok(Grid {
            time,
            lat,
            lon,
            periodic,
        })
    }

    /// Build a grid from coordinates directly; periodicity is detected as in [`Grid::from_dataset`].
    pub fn new(time: Vec<i64>, lat: Vec<f64>, lon: Vec<f64>) -> Grid {
        let periodic = is_global(&lon);
        Grid {
            time,
            lat,
            lon,
            periodic,
        }
    }

    /// Shape `(nt, ny, nx)`.
    pub fn shape(&self) -> (usize, usize, usize) {
        (self.time.len(), self.lat.len(), self.lon.len())
    }

    /// Relative cell area of each row: `cos(lat)` (dimensionless, 1 at the equator), the area of
    /// a cell of a regular latitude-longitude grid relative to an equatorial cell. Clamped at 0
    /// so a pole row has zero area.
    pub fn cos_lat(&self) -> Vec<f64> {
        self.lat.iter().map(|l| l.to_radians().cos().max(0.0)).collect()
    }

    /// Area of a cell of row `y` in km²: `R² · Δλ · Δφ · cos(lat)` with `R` = 6371.0088 km (mean
    /// Earth radius, IUGG) and `Δλ`, `Δφ` the mean coordinate spacings in radians; a grid with a
    /// single row or column takes 1° for the missing spacing.
    pub fn cell_area_km2(&self) -> Vec<f64> {
        const R_KM: f64 = EARTH_RADIUS_KM;
        let (dphi, dlam) = self.spacing_deg();
        let (dphi, dlam) = (dphi.to_radians(), dlam.to_radians());
        self.cos_lat().iter().map(|c| R_KM * R_KM * dphi * dlam * c).collect()
    }

    /// Area of every cell, km², shape `(ny, nx)`: [`Grid::cell_area_km2`] of its row.
    pub fn cell_areas_km2(&self) -> Array2<f64> {
        let rows = self.cell_area_km2();
        Array2::from_shape_fn((self.lat.len(), self.lon.len()), |(y, _)| rows[y])
    }

    /// Mean spacing of the latitudes and of the longitudes, degrees `(Δφ, Δλ)` (1° along an
    /// axis with a single point), as used by [`Grid::cell_area_km2`].
    pub fn spacing_deg(&self) -> (f64, f64) {
        let spacing = |v: &[f64]| {
            if v.len() < 2 {
                1.0
            } else {
                ((v[v.len() - 1] - v[0]) / (v.len() - 1) as f64).abs()
            }
        };
        (spacing(&self.lat), spacing(&self.lon))
    }

    /// Times as seconds since 1970 (NaN for missing times).
    pub fn time_seconds(&self) -> Vec<f64> {
        self.time
            .iter()
            .map(|&t| if t == NAT { f64::NAN } else { t as f64 * 1e-9 })
            .collect()
    }
}

/// Whether longitudes (degrees) cover the full circle.
pub fn is_global(lon: &[f64]) -> bool {
    if lon.len() < 3 {
        return false;
    }
    let res = (lon[1] - lon[0]).abs();
    let span = (lon[lon.len() - 1] - lon[0]).abs();
    res > 0.0 && span + res >= 360.0 - 1e-6 * 360.0 && span < 360.0
}

pub(crate) fn coord_f64(ds: &Dataset, var: &str, dim: &str) -> Result<Vec<f64>> {
    let c = ds.get(dim).map_err(|_| {
        Error::invalid(format!(
            "variable '{var}': no coordinate variable '{dim}' for its dim '{dim}'"
        ))
    })?;
    if c.dims().len() != 1 || c.dims()[0] != dim {
        return Err(Error::invalid(format!("coordinate '{dim}' must be 1-D along '{dim}'")));
    }
    let vals: Vec<f64> = c
        .data()
        .iter_f64()
        .ok_or_else(|| Error::DTypeMismatch {
            var: dim.into(),
            expected: "numeric".into(),
            found: c.dtype(),
        })?
        .collect();
    if vals.iter().any(|v| !v.is_finite()) {
        return Err(Error::invalid(format!("coordinate '{dim}' holds non-finite values")));
    }
    Ok(vals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_detection() {
        let lon: Vec<f64> = (0..360).map(|i| i as f64 + 0.5).collect();
        assert!(is_global(&lon));
        let lon: Vec<f64> = (0..180).map(|i| -179.0 + 2.0 * i as f64).collect();
        assert!(is_global(&lon));
        let lon: Vec<f64> = (0..100).map(|i| i as f64).collect();
        assert!(!is_global(&lon));
        assert!(!is_global(&[0.0, 1.0]));
    }

    #[test]
    fn cos_lat_weights() {
        let g = Grid::new(vec![0], vec![0.0, 60.0, 90.0], vec![0.0, 1.0]);
        let w = g.cos_lat();
        assert!((w[0] - 1.0).abs() < 1e-12 && (w[1] - 0.5).abs() < 1e-12 && w[2].abs() < 1e-12);
        // A 1° × 1° cell at the equator: (6371.0088 · π/180)² = 12363.7 km².
        let g = Grid::new(vec![0], vec![-0.5, 0.5], vec![0.0, 1.0]);
        let a = g.cell_area_km2();
        let side = 6371.0088 * std::f64::consts::PI / 180.0;
        assert!((a[0] - side * side * (0.5f64).to_radians().cos()).abs() < 1e-9);
        assert!((a[0] - 12363.7).abs() < 0.5);
    }
}
