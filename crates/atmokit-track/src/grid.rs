//! The (time, lat, lon) grid a tracked field lives on.

use crate::curvilinear::{CellCoords, row_is_periodic};
use atmokit_core::{Dataset, Error, NAT, Result};
use ndarray::Array2;

/// Mean Earth radius, km (IUGG `R1` = 6371.0088 km), used for cell areas and distances.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Geometry of a gridded field with dims `(time, lat, lon)`, or `(time, y, x)` on a curvilinear
/// grid ([`Grid::curvilinear`]).
///
/// Latitudes and longitudes are in degrees. The grid is *periodic* in longitude when the
/// longitudes span the whole circle: `|lon[n-1] - lon[0]| + |lon[1] - lon[0]| ≈ 360°`
/// (the same test as Ocetrac's `SurfTracker.track`); a curvilinear grid when its middle row goes
/// once round the globe ([`row_is_periodic`]).
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
    /// On a curvilinear grid, the 2-D cell coordinates and areas; `lat` and `lon` then hold the
    /// values of the row and column dims (their coordinate variables, else `0, 1, …`).
    pub cells: Option<CellCoords>,
}

impl Grid {
    /// Read the grid of variable `var` of `ds`: its dims must be `(time, <lat>, <lon>)` and the
    /// dataset must hold 1-D coordinate variables named after the last two dims (degrees) and a
    /// time coordinate named after the first.
    ///
    /// Errors: [`Error::VariableNotFound`] for the variable or a coordinate,
    /// [`Error::InvalidArgument`] when the variable is not 3-D or a coordinate is not numeric.
    ///
    /// When the last two dims have no 1-D coordinate variables the grid is curvilinear: its 2-D
    /// latitude and longitude are found as [`find_2d_coords`] says.
    pub fn from_dataset(ds: &Dataset, var: &str) -> Result<Grid> {
        let v = ds.get(var)?;
        let dims = v.dims();
        if dims.len() != 3 {
            return Err(Error::data(
                var,
                format!("feature tracking needs dims (time, lat, lon), found {dims:?}"),
            ));
        }
        Grid::from_dims(ds, var, [&dims[0], &dims[1], &dims[2]])
    }

    /// The grid of variable `var` whose time, latitude and longitude dims are `dims` (the
    /// variable may have more dims, e.g. depth): 1-D coordinate variables named after the dims.
    pub(crate) fn from_dims(ds: &Dataset, var: &str, dims: [&str; 3]) -> Result<Grid> {
        let time = ds.time_of(dims[0])?.to_vec();
        if ds.get(dims[1]).is_err() || ds.get(dims[2]).is_err() {
            let (lat, lon, area) = find_2d_coords(ds, var, [dims[1], dims[2]])?;
            return Grid::from_names(ds, time, [dims[1], dims[2]], &lat, &lon, area.as_deref());
        }
        let lat = coord_f64(ds, var, dims[1])?;
        let lon = coord_f64(ds, var, dims[2])?;
        let periodic = is_global(&lon);
        Ok(Grid {
            time,
            lat,
            lon,
            periodic,
            cells: None,
        })
    }

    /// The curvilinear grid of variable `var` (dims `(time, y, x)`) with 2-D coordinate
    /// variables `lat` and `lon` (degrees, dims `(y, x)`) and, when given, the cell-area variable
    /// `area` (units `m2`, `cm2` or `km2`; without it the areas are computed, see
    /// [`crate::curvilinear`]).
    pub fn from_dataset_curvilinear(ds: &Dataset, var: &str, lat: &str, lon: &str, area: Option<&str>) -> Result<Grid> {
        let v = ds.get(var)?;
        let dims = v.dims();
        if dims.len() < 3 {
            return Err(Error::data(
                var,
                format!("feature tracking needs dims (time, y, x), found {dims:?}"),
            ));
        }
        let n = dims.len();
        let time = ds.time_of(&dims[0])?.to_vec();
        Grid::from_names(ds, time, [&dims[n - 2], &dims[n - 1]], lat, lon, area)
    }

    fn from_names(
        ds: &Dataset,
        time: Vec<i64>,
        dims: [&str; 2],
        lat: &str,
        lon: &str,
        area: Option<&str>,
    ) -> Result<Grid> {
        let lat2 = var_2d(ds, lat, dims)?;
        let lon2 = var_2d(ds, lon, dims)?;
        let area = match area {
            Some(name) => {
                let scale = match ds.get(name)?.attr_str("units").map(str::trim) {
                    Some("m2" | "m^2" | "m**2" | "square meters" | "square metres") => 1e-6,
                    Some("cm2" | "cm^2" | "cm**2" | "centimeter^2" | "centimeter2") => 1e-10,
                    Some("km2" | "km^2" | "km**2") => 1.0,
                    u => {
                        return Err(Error::InvalidAttribute {
                            var: name.to_string(),
                            attr: "units".into(),
                            reason: format!("cell areas: {u:?} is not m2, cm2 or km2"),
                        });
                    }
                };
                Some(var_2d(ds, name, dims)?.mapv(|a| a * scale))
            }
            None => None,
        };
        let index = |d: &str, n: usize| match ds.get(d) {
            Ok(_) => coord_f64(ds, d, d),
            Err(_) => Ok((0..n).map(|i| i as f64).collect()),
        };
        let (ny, nx) = lat2.dim();
        let mut g = Grid::curvilinear(time, lat2, lon2, area)
            .map_err(|e| Error::invalid(format!("grid of '{lat}', '{lon}': {e}")))?;
        g.lat = index(dims[0], ny)?;
        g.lon = index(dims[1], nx)?;
        Ok(g)
    }

    /// A curvilinear grid from 2-D cell-centre coordinates (degrees, `(ny, nx)`) and optional
    /// cell areas (km²; computed when `None`, see [`crate::curvilinear`]). Periodic when the
    /// middle row goes once round the globe. `lat` and `lon` become `0, 1, …`.
    pub fn curvilinear(
        time: Vec<i64>,
        lat: Array2<f64>,
        lon: Array2<f64>,
        area_km2: Option<Array2<f64>>,
    ) -> Result<Grid> {
        let (ny, nx) = lat.dim();
        let periodic = ny > 0 && row_is_periodic(&lon.row(ny / 2).to_vec());
        let cells = CellCoords::new(lat, lon, area_km2, periodic)?;
        Ok(Grid {
            time,
            lat: (0..ny).map(|i| i as f64).collect(),
            lon: (0..nx).map(|i| i as f64).collect(),
            periodic,
            cells: Some(cells),
        })
    }

    /// Latitude of cell `(y, x)`, degrees north.
    pub fn lat_at(&self, y: usize, x: usize) -> f64 {
        match &self.cells {
            Some(c) => c.lat[[y, x]],
            None => self.lat[y],
        }
    }

    /// Longitude of cell `(y, x)`, degrees east.
    pub fn lon_at(&self, y: usize, x: usize) -> f64 {
        match &self.cells {
            Some(c) => c.lon[[y, x]],
            None => self.lon[x],
        }
    }

    /// Build a grid from coordinates directly; periodicity is detected as in [`Grid::from_dataset`].
    pub fn new(time: Vec<i64>, lat: Vec<f64>, lon: Vec<f64>) -> Grid {
        let periodic = is_global(&lon);
        Grid {
            time,
            lat,
            lon,
            periodic,
            cells: None,
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

    /// Area of every cell, km², shape `(ny, nx)`: [`Grid::cell_area_km2`] of its row, or the
    /// curvilinear grid's cell areas.
    pub fn cell_areas_km2(&self) -> Array2<f64> {
        if let Some(c) = &self.cells {
            return c.area_km2.clone();
        }
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

/// The 2-D latitude, longitude and (if any) cell-area variables of `var` on dims `(y, x)`:
/// among the names in `var`'s `coordinates` attribute and the variables with dims `(y, x)`, the
/// latitude has units `degrees_north` (or `degree_N`, or `standard_name = latitude`) and the
/// longitude `degrees_east` (`degree_E`, `standard_name = longitude`); the area is the variable
/// named by `cell_measures = "area: NAME"`, else one named `areacello`, `cell_area`, `area` or
/// `TAREA` with dims `(y, x)`. Errors name what is missing.
pub fn find_2d_coords(ds: &Dataset, var: &str, dims: [&str; 2]) -> Result<(String, String, Option<String>)> {
    let v = ds.get(var)?;
    let on_grid = |name: &str| {
        ds.get(name)
            .is_ok_and(|c| c.dims().len() == 2 && c.dims()[0] == dims[0] && c.dims()[1] == dims[1])
    };
    let mut cands: Vec<String> = v
        .attr_str("coordinates")
        .map(|c| c.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    cands.extend(ds.names().map(String::from));
    let is = |name: &str, units: &[&str], std: &str| {
        ds.get(name).is_ok_and(|c| {
            c.attr_str("units").is_some_and(|u| units.contains(&u.trim())) || c.attr_str("standard_name") == Some(std)
        })
    };
    let pick = |units: &[&str], std: &str| cands.iter().find(|n| on_grid(n) && is(n, units, std)).cloned();
    let lat = pick(&["degrees_north", "degree_north", "degree_N", "degrees_N"], "latitude");
    let lon = pick(&["degrees_east", "degree_east", "degree_E", "degrees_E"], "longitude");
    let (Some(lat), Some(lon)) = (lat, lon) else {
        return Err(Error::invalid(format!(
            "variable '{var}': no 1-D coordinates for dims ({}, {}) and no 2-D latitude/longitude \
             variables on them (units degrees_north / degrees_east)",
            dims[0], dims[1]
        )));
    };
    let measure = v
        .attr_str("cell_measures")
        .and_then(|m| m.split("area:").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .map(String::from);
    let area = measure
        .into_iter()
        .chain(["areacello", "cell_area", "area", "TAREA"].map(String::from))
        .find(|n| on_grid(n));
    Ok((lat, lon, area))
}

fn var_2d(ds: &Dataset, name: &str, dims: [&str; 2]) -> Result<Array2<f64>> {
    let v = ds.get(name)?;
    if v.dims().len() != 2 || v.dims()[0] != dims[0] || v.dims()[1] != dims[1] {
        return Err(Error::data(
            name,
            format!("must have dims ({}, {}), found {:?}", dims[0], dims[1], v.dims()),
        ));
    }
    let a = v.data().to_f64().ok_or_else(|| Error::DTypeMismatch {
        var: name.into(),
        expected: "numeric".into(),
        found: v.dtype(),
    })?;
    a.into_dimensionality().map_err(|e| Error::data(name, e.to_string()))
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
    let c = ds
        .get(dim)
        .map_err(|_| Error::data(var, format!("no coordinate variable '{dim}' for its dim '{dim}'")))?;
    if c.dims().len() != 1 || c.dims()[0] != dim {
        return Err(Error::data(dim, "a coordinate must be 1-D along its dim"));
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
        return Err(Error::data(dim, "the coordinate holds non-finite values"));
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

    /// A (time, nj, ni) field with 2-D `TLAT`/`TLONG` named by `coordinates` and `TAREA` in cm²
    /// named by `cell_measures`: found without naming them; areas converted to km²; without
    /// `TAREA` the areas are computed (a 1° cell at the equator: 12 364 km² to 10⁻³); a
    /// latitude variable on other dims or area units that are not an area are refused.
    #[test]
    fn curvilinear_from_dataset() {
        use atmokit_core::Variable;
        use ndarray::ArrayD;
        let (ny, nx) = (3, 4);
        let lat = ArrayD::from_shape_fn(vec![ny, nx], |i| -1.0 + i[0] as f64);
        let lon = ArrayD::from_shape_fn(vec![ny, nx], |i| 10.0 + i[1] as f64);
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0])).unwrap();
        ds.insert(
            "TLAT",
            Variable::new(["nj", "ni"], lat)
                .unwrap()
                .with_attr("units", "degrees_north"),
        )
        .unwrap();
        ds.insert(
            "TLONG",
            Variable::new(["nj", "ni"], lon)
                .unwrap()
                .with_attr("units", "degrees_east"),
        )
        .unwrap();
        let tarea = ArrayD::from_elem(vec![ny, nx], 2.0e14);
        ds.insert(
            "TAREA",
            Variable::new(["nj", "ni"], tarea).unwrap().with_attr("units", "cm^2"),
        )
        .unwrap();
        let sst = Variable::new(["time", "nj", "ni"], ArrayD::<f32>::zeros(vec![1, ny, nx]))
            .unwrap()
            .with_attr("coordinates", "TLONG TLAT")
            .with_attr("cell_measures", "area: TAREA");
        ds.insert("sst", sst).unwrap();
        let g = Grid::from_dataset(&ds, "sst").unwrap();
        let c = g.cells.as_ref().unwrap();
        assert_eq!((g.lat_at(2, 3), g.lon_at(2, 3), g.periodic), (1.0, 13.0, false));
        assert_eq!(g.cell_areas_km2()[[1, 1]], 2.0e4);
        assert_eq!(g.lat, vec![0.0, 1.0, 2.0]);
        assert_eq!(c.lat.dim(), (3, 4));
        let g = Grid::from_dataset_curvilinear(&ds, "sst", "TLAT", "TLONG", None).unwrap();
        assert!((g.cell_areas_km2()[[1, 1]] / 12_363.7 - 1.0).abs() < 1e-3);
        ds.get_mut("TAREA")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "K".into());
        let e = Grid::from_dataset_curvilinear(&ds, "sst", "TLAT", "TLONG", Some("TAREA")).unwrap_err();
        assert!(e.to_string().contains("TAREA"), "{e}");
        let e = Grid::from_dataset_curvilinear(&ds, "sst", "time", "TLONG", None).unwrap_err();
        assert!(e.to_string().contains("time"), "{e}");
        ds.remove("TLAT");
        let e = Grid::from_dataset(&ds, "sst").unwrap_err();
        assert!(e.to_string().contains("2-D latitude"), "{e}");
    }
}
