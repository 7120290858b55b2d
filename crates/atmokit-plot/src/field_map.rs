//! Maps of (time, lat, lon) variables at one time step for `atmokit plot`: a continuous field
//! ([`FieldMap`], colormap and colorbar, e.g. SST) or integer labels ([`LabelMap`],
//! categorical colours), chosen by [`grid_map`] from the variable's dtype.

use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::extract::{dim_coord, percentile_range, with_units};
use crate::figure::Figure;
use crate::label_map::{LabelMap, cell_extent, time_title};
use crate::mesh::{ColorScale, blit, draw_colorbar, rasterize};
use crate::panel::PanelGeometry;
use atmokit_core::Dataset;
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

/// A continuous (time, lat, lon) field at one time step.
#[derive(Debug)]
pub struct FieldMap {
    values: Array2<f64>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    scale: ColorScale,
    title: String,
    label: String,
    size: (u32, u32),
    layout: RefCell<Option<PanelGeometry>>,
}

/// True when `var` has three dimensions (drawn as a map by `atmokit plot`).
pub fn is_grid_map(ds: &Dataset, var: &str) -> bool {
    ds.var(var).is_some_and(|v| v.dims().len() == 3)
}

impl FieldMap {
    /// `var` (dims (time, lat, lon)) at `time_index`; colours span the 1st–99th percentile of
    /// the step's finite values unless `vrange` is given.
    ///
    /// # Errors
    /// A missing, non-numeric or non-3-D variable, `time_index` out of range, or no finite value.
    pub fn new(
        ds: &Dataset,
        var: &str,
        time_index: usize,
        cmap: Colormap,
        vrange: Option<(f64, f64)>,
    ) -> Result<FieldMap> {
        let v = ds.get(var)?;
        let dims = v.dims().to_vec();
        let shape = v.data().shape().to_vec();
        if dims.len() != 3 {
            return Err(PlotError::input(format!(
                "'{var}' has dims ({}); a map needs (time, lat, lon)",
                dims.join(", ")
            )));
        }
        if time_index >= shape[0] {
            return Err(PlotError::input(format!(
                "'{var}': time index {time_index} is out of range (0..{})",
                shape[0]
            )));
        }
        let slice = v.data().slice_axis(0, time_index..time_index + 1)?;
        let flat: Vec<f64> = slice
            .iter_f64()
            .ok_or_else(|| PlotError::input(format!("'{var}' is not numeric ({})", v.dtype())))?
            .collect();
        let (vmin, vmax) = match vrange {
            Some(r) => r,
            None => percentile_range(flat.iter().copied(), 1.0, 99.0)
                .ok_or_else(|| PlotError::input(format!("'{var}' has no finite value at time index {time_index}")))?,
        };
        let vmax = if vmax > vmin { vmax } else { vmin + 1.0 };
        let values = Array2::from_shape_vec((shape[1], shape[2]), flat)
            .map_err(|e| PlotError::input(format!("'{var}': {e}")))?;
        let when = ds
            .time_of(&dims[0])
            .ok()
            .and_then(|t| t.get(time_index).copied())
            .and_then(time_title)
            .unwrap_or_else(|| format!("{} {time_index}", dims[0]));
        Ok(FieldMap {
            values,
            lat: dim_coord(ds, &dims[1], shape[1]),
            lon: dim_coord(ds, &dims[2], shape[2]),
            scale: ColorScale::linear(vmin, vmax, cmap),
            title: format!("{var} at {when}"),
            label: with_units(var, Some(v)),
            size: (900, 600),
            layout: RefCell::new(None),
        })
    }

    /// Set the figure size in pixels.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// Replace the title.
    pub fn title(mut self, t: &str) -> Self {
        self.title = t.to_string();
        self
    }

    /// The colour scale used.
    pub fn scale(&self) -> ColorScale {
        self.scale
    }

    /// Where the map landed in the last rendered image (x = longitude, y = latitude).
    pub fn layout(&self) -> Option<PanelGeometry> {
        self.layout.borrow().clone()
    }
}

impl Figure for FieldMap {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let x = cell_extent(&self.lon).ok_or_else(|| PlotError::input("map: no finite longitude"))?;
        let y = cell_extent(&self.lat).ok_or_else(|| PlotError::input("map: no finite latitude"))?;
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(120));
        let axes = chart2d::Axes {
            title: &self.title,
            x,
            y,
            x_desc: "Longitude (degrees_east)",
            y_desc: "Latitude (degrees_north)",
            grid: false,
        };
        let chart = chart2d::frame(&left, &axes)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        // rasterize wants z[(ix, iy)] with x (longitude) along axis 0.
        let buf = rasterize(
            self.values.t(),
            &self.lon,
            &self.lat,
            x,
            y,
            (pw, ph),
            &self.scale,
            crate::mesh_bins::Aggregate::Mean,
            [190, 190, 190],
        );
        blit(&chart.plotting_area().strip_coord_spec(), (pw, ph), buf)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        *self.layout.borrow_mut() = Some(PanelGeometry {
            field: self.title.clone(),
            px,
            py,
            x,
            y,
        });
        draw_colorbar(&right.margin(30, 30, 0, 0), &self.scale, &self.label)
    }
}

/// A map of a (time, lat, lon) variable: labels or a continuous field.
#[derive(Debug)]
pub enum GridMap {
    /// Integer variables (object labels): categorical colours.
    Labels(LabelMap),
    /// Floating-point variables: colormap and colorbar.
    Field(FieldMap),
}

/// The map `atmokit plot FILE --var VAR --time-index N` draws: [`LabelMap`] for integer
/// variables and for float variables named `labels` (int labels read back with a missing value
/// become float64), [`FieldMap`] otherwise.
///
/// # Errors
/// As [`LabelMap::new`] / [`FieldMap::new`].
pub fn grid_map(
    ds: &Dataset,
    var: &str,
    time_index: usize,
    cmap: Colormap,
    vrange: Option<(f64, f64)>,
) -> Result<GridMap> {
    let v = ds.get(var)?;
    if v.dtype().is_integer() || var == "labels" {
        Ok(GridMap::Labels(LabelMap::new(ds, var, time_index)?))
    } else {
        Ok(GridMap::Field(FieldMap::new(ds, var, time_index, cmap, vrange)?))
    }
}

impl GridMap {
    /// Replace the title.
    pub fn title(self, t: &str) -> Self {
        match self {
            GridMap::Labels(m) => GridMap::Labels(m.title(t)),
            GridMap::Field(m) => GridMap::Field(m.title(t)),
        }
    }

    /// Set the figure size in pixels.
    pub fn with_size(self, w: u32, h: u32) -> Self {
        match self {
            GridMap::Labels(m) => GridMap::Labels(m.with_size(w, h)),
            GridMap::Field(m) => GridMap::Field(m.with_size(w, h)),
        }
    }
}

impl Figure for GridMap {
    fn size(&self) -> (u32, u32) {
        match self {
            GridMap::Labels(m) => m.size(),
            GridMap::Field(m) => m.size(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        match self {
            GridMap::Labels(m) => m.draw(root),
            GridMap::Field(m) => m.draw(root),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    fn cube() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0])).unwrap();
        ds.insert("lat", Variable::new(["lat"], vec![-10.0, 10.0]).unwrap())
            .unwrap();
        ds.insert("lon", Variable::new(["lon"], vec![0.0, 20.0]).unwrap())
            .unwrap();
        let sst = ndarray::Array3::from_shape_vec((1, 2, 2), vec![0.0f32, 10.0, f32::NAN, 5.0]).unwrap();
        ds.insert(
            "sst",
            Variable::new(["time", "lat", "lon"], sst.into_dyn())
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        let l = ndarray::Array3::from_shape_vec((1, 2, 2), vec![1i32, 0, 0, 2]).unwrap();
        ds.insert("obj", Variable::new(["time", "lat", "lon"], l.into_dyn()).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn field_cells_take_the_colormap_colour_and_nan_is_grey() {
        let ds = cube();
        let m = FieldMap::new(&ds, "sst", 0, Colormap::Viridis, Some((0.0, 10.0))).unwrap();
        let img = render_rgb(&m).unwrap();
        let g = m.layout().unwrap();
        let at = |lon: f64, lat: f64| {
            let (x, y) = g.to_pixel(lon, lat);
            img.pixel(x as u32, y as u32).unwrap()
        };
        let c = |t: f64| {
            let c = Colormap::Viridis.at(t);
            [c.0, c.1, c.2]
        };
        assert_eq!(at(0.0, -10.0), c(0.0), "vmin → bottom of viridis");
        assert_eq!(at(20.0, -10.0), c(1.0), "vmax → top");
        assert_eq!(at(0.0, 10.0), [190, 190, 190], "NaN grey");
        let svg = render_svg(&m).unwrap();
        assert!(svg.contains("sst (degC)") && svg.contains("sst at 1970-01-01 00:00 UTC"));
    }

    #[test]
    fn dtype_chooses_the_kind() {
        let ds = cube();
        assert!(matches!(
            grid_map(&ds, "obj", 0, Colormap::Viridis, None).unwrap(),
            GridMap::Labels(_)
        ));
        assert!(matches!(
            grid_map(&ds, "sst", 0, Colormap::Viridis, None).unwrap(),
            GridMap::Field(_)
        ));
        assert!(is_grid_map(&ds, "sst") && !is_grid_map(&ds, "lat") && !is_grid_map(&ds, "x"));
        let e = FieldMap::new(&ds, "sst", 1, Colormap::Viridis, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'sst'") && e.contains("out of range"), "{e}");
    }
}
