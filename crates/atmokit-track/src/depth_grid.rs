//! The (time, depth, lat, lon) grid of a depth-resolved field: layer thicknesses and cell volumes.
//!
//! Ocetrac 0.1.7's `DeepTrack.grid` gives the model: the thickness of level `k` from the depth
//! midpoints `z` by central differences, `dz_k = (z_{k+1} − z_{k−1}) / 2`, and one-sided at the
//! ends, `dz_0 = z_1 − z_0`, `dz_{n−1} = z_{n−1} − z_{n−2}` (`compute_dz`); the cell volume is
//! the horizontal cell area times the layer thickness (`build_cell_volume`, m³).

use crate::area::{AreaWeighting, cell_weights};
use crate::grid::{Grid, coord_f64};
use atmokit_core::{Dataset, Error, Result};
use ndarray::Array3;

/// Geometry of a field with dims `(time, depth, lat, lon)`.
#[derive(Clone, Debug, PartialEq)]
pub struct DepthGrid {
    /// The horizontal grid and the times (its `lat`/`lon` are the rows and columns).
    pub grid: Grid,
    /// Depth of each level's midpoint, metres, positive down.
    pub depth_m: Vec<f64>,
    /// Thickness of each level, metres ([`layer_thickness`]).
    pub thickness_m: Vec<f64>,
}

/// Layer thicknesses from depth midpoints (any unit; the result has the same unit): central
/// differences inside, one-sided at the first and last level (Ocetrac's `compute_dz`). A single
/// level has no thickness to difference; it gets 1 (so its volumes equal its areas).
///
/// ```
/// use atmokit_track::depth_grid::layer_thickness;
/// assert_eq!(layer_thickness(&[5.0, 15.0, 30.0, 50.0]), vec![10.0, 12.5, 17.5, 20.0]);
/// ```
pub fn layer_thickness(depth: &[f64]) -> Vec<f64> {
    let n = depth.len();
    if n < 2 {
        return vec![1.0; n];
    }
    (0..n)
        .map(|k| {
            let (a, b) = (k.saturating_sub(1), (k + 1).min(n - 1));
            let d = (depth[b] - depth[a]) / (b - a) as f64;
            if k == 0 || k == n - 1 {
                d
            } else {
                (depth[k + 1] - depth[k - 1]) / 2.0
            }
        })
        .map(f64::abs)
        .collect()
}

impl DepthGrid {
    /// A depth grid from a horizontal grid and level midpoints in metres. Errors when a depth
    /// is not finite.
    pub fn new(grid: Grid, depth_m: Vec<f64>) -> Result<DepthGrid> {
        if depth_m.iter().any(|d| !d.is_finite()) {
            return Err(Error::invalid("depth levels must be finite"));
        }
        let thickness_m = layer_thickness(&depth_m);
        Ok(DepthGrid {
            grid,
            depth_m,
            thickness_m,
        })
    }

    /// Read the grid of variable `var` with dims `(time, depth, lat, lon)`: 1-D coordinates
    /// named after the dims; the depth coordinate's `units` may be `m` (default), `cm` (POP's
    /// `z_t`) or `km`.
    pub fn from_dataset(ds: &Dataset, var: &str) -> Result<DepthGrid> {
        let v = ds.get(var)?;
        let dims = v.dims();
        if dims.len() != 4 {
            return Err(Error::invalid(format!(
                "variable '{var}': depth tracking needs dims (time, depth, lat, lon), found {dims:?}"
            )));
        }
        let grid = Grid::from_dims(ds, var, [&dims[0], &dims[2], &dims[3]])?;
        DepthGrid::from_dataset_on(ds, var, grid)
    }

    /// [`DepthGrid::from_dataset`] with a horizontal grid already read (e.g. a curvilinear one
    /// from [`Grid::from_dataset_curvilinear`]): only the depth coordinate (the second dim of
    /// `var`) is read here.
    pub fn from_dataset_on(ds: &Dataset, var: &str, grid: Grid) -> Result<DepthGrid> {
        let v = ds.get(var)?;
        let dims = v.dims();
        if dims.len() != 4 {
            return Err(Error::invalid(format!(
                "variable '{var}': depth tracking needs dims (time, depth, lat, lon), found {dims:?}"
            )));
        }
        let zdim = &dims[1];
        let scale = match ds.get(zdim)?.attr_str("units").map(str::trim) {
            None | Some("m" | "meter" | "meters" | "metre" | "metres") => 1.0,
            Some("cm" | "centimeter" | "centimeters" | "centimetre" | "centimetres") => 0.01,
            Some("km" | "kilometer" | "kilometers" | "kilometre" | "kilometres") => 1000.0,
            Some(u) => {
                return Err(Error::InvalidAttribute {
                    var: zdim.to_string(),
                    attr: "units".into(),
                    reason: format!("depth: '{u}' is not a length (m, cm or km)"),
                });
            }
        };
        let depth = coord_f64(ds, var, zdim)?.into_iter().map(|d| d * scale).collect();
        DepthGrid::new(grid, depth)
    }

    /// Shape `(nt, nz, ny, nx)`.
    pub fn shape(&self) -> (usize, usize, usize, usize) {
        let (nt, ny, nx) = self.grid.shape();
        (nt, self.depth_m.len(), ny, nx)
    }

    /// Volume of every cell `(depth, lat, lon)`: with [`AreaWeighting::CosLat`] the cell area
    /// ([`Grid::cell_areas_km2`], in m²) times the layer thickness, m³; with
    /// [`AreaWeighting::Cells`] 1 per cell (volumes then count cells, as Ocetrac's filters do).
    pub fn cell_volumes(&self, weighting: AreaWeighting) -> Array3<f64> {
        let w = cell_weights(&self.grid, weighting);
        let (_, nz, ny, nx) = self.shape();
        Array3::from_shape_fn((nz, ny, nx), |(z, y, x)| match weighting {
            AreaWeighting::CosLat => w[[y, x]] * 1e6 * self.thickness_m[z],
            AreaWeighting::Cells => 1.0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn thickness_by_hand_and_edge_cases() {
        // POP-like midpoints in cm: 500, 1500, 2500 → 1000 cm each.
        assert_eq!(layer_thickness(&[500.0, 1500.0, 2500.0]), vec![1000.0; 3]);
        assert_eq!(layer_thickness(&[7.0]), vec![1.0]);
        assert!(layer_thickness(&[]).is_empty());
    }

    #[test]
    fn volumes_are_area_times_thickness() {
        let g = Grid::new(vec![0], vec![-0.5, 0.5], vec![0.0, 1.0]);
        let dg = DepthGrid::new(g.clone(), vec![5.0, 15.0]).unwrap();
        let v = dg.cell_volumes(AreaWeighting::CosLat);
        let a = g.cell_area_km2()[0] * 1e6;
        assert!((v[[1, 0, 1]] - a * 10.0).abs() < 1e-3 * a);
        assert_eq!(dg.cell_volumes(AreaWeighting::Cells)[[0, 1, 1]], 1.0);
    }

    #[test]
    fn from_dataset_converts_cm_and_refuses_bad_units() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0])).unwrap();
        ds.insert(
            "z_t",
            Variable::new(["z_t"], vec![500.0, 1500.0])
                .unwrap()
                .with_attr("units", "cm"),
        )
        .unwrap();
        ds.insert("lat", Variable::new(["lat"], vec![0.0, 1.0]).unwrap())
            .unwrap();
        ds.insert("lon", Variable::new(["lon"], vec![0.0, 1.0, 2.0]).unwrap())
            .unwrap();
        ds.insert(
            "t",
            Variable::new(
                ["time", "z_t", "lat", "lon"],
                ndarray::ArrayD::<f32>::zeros(vec![1, 2, 2, 3]),
            )
            .unwrap(),
        )
        .unwrap();
        let g = DepthGrid::from_dataset(&ds, "t").unwrap();
        assert_eq!(
            (g.depth_m.clone(), g.thickness_m.clone()),
            (vec![5.0, 15.0], vec![10.0, 10.0])
        );
        assert_eq!(g.shape(), (1, 2, 2, 3));
        ds.get_mut("z_t")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "degC".into());
        assert!(
            DepthGrid::from_dataset(&ds, "t")
                .unwrap_err()
                .to_string()
                .contains("z_t")
        );
        assert!(DepthGrid::from_dataset(&ds, "lat").is_err());
    }
}
