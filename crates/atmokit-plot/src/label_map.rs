//! Map of tracked-object labels at one time step (`atmokit track` output, issue 8): every label a
//! categorical colour, 0 (no object) white, NaN / negative (land, missing) grey, longitude and
//! latitude axes, the time in the title and a legend of the objects present.
//!
//! ACT has no equivalent (its `GeographicPlotDisplay` needs cartopy); this is a plain lon/lat
//! (Plate Carrée) raster, rasterised at the output's pixel resolution like [`crate::mesh`].

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::dim_coord;
use crate::figure::Figure;
use crate::mesh::{blit, nearest_indices};
use crate::panel::PanelGeometry;
use crate::style;
use atmokit_core::{Dataset, NAT};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

/// Colour of land / missing cells (NaN or negative labels).
pub const LAND: RGBColor = RGBColor(190, 190, 190);
/// Colour of cells without an object (label 0).
pub const NONE: RGBColor = RGBColor(255, 255, 255);

/// matplotlib's `tab20` colours, the categorical cycle of the labels.
pub const TAB20: [RGBColor; 20] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x7f, 0x7f, 0x7f),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x17, 0xbe, 0xcf),
    RGBColor(0xae, 0xc7, 0xe8),
    RGBColor(0xff, 0xbb, 0x78),
    RGBColor(0x98, 0xdf, 0x8a),
    RGBColor(0xff, 0x98, 0x96),
    RGBColor(0xc5, 0xb0, 0xd5),
    RGBColor(0xc4, 0x9c, 0x94),
    RGBColor(0xf7, 0xb6, 0xd2),
    RGBColor(0xc7, 0xc7, 0xc7),
    RGBColor(0xdb, 0xdb, 0x8d),
    RGBColor(0x9e, 0xda, 0xe5),
];

/// Colour of object `label` (≥ 1): `tab20[(label − 1) mod 20]`, so labels 1–20 are all
/// distinct; 0 is [`NONE`] and negative labels [`LAND`].
pub fn label_colour(label: i64) -> RGBColor {
    match label {
        0 => NONE,
        l if l < 0 => LAND,
        l => TAB20[((l - 1) % 20) as usize],
    }
}

/// Colour of a label value read as f64 (NaN and non-integers are land/missing).
fn value_colour(v: f64) -> RGBColor {
    if v.is_finite() && v.fract() == 0.0 {
        label_colour(v as i64)
    } else {
        LAND
    }
}

/// "YYYY-MM-DD HH:MM UTC" of ns since 1970 (`None` for NaT).
pub fn time_title(ns: i64) -> Option<String> {
    (ns != NAT).then(|| {
        chrono::DateTime::from_timestamp_nanos(ns)
            .format("%Y-%m-%d %H:%M UTC")
            .to_string()
    })
}

/// Longitude and latitude extent of cell centres `c`, widened by half a cell on each side.
pub(crate) fn cell_extent(c: &[f64]) -> Option<(f64, f64)> {
    let (lo, hi) = crate::extract::finite_range(c.iter().copied())?;
    let half = if c.len() > 1 {
        (hi - lo) / (c.len() - 1) as f64 / 2.0
    } else {
        0.5
    };
    Some((lo - half, hi + half.max(1e-9)))
}

/// A map of a (time, lat, lon) label variable at one time step.
#[derive(Debug)]
pub struct LabelMap {
    labels: Vec<f64>,
    land: Option<Vec<bool>>,
    lat: Vec<f64>,
    lon: Vec<f64>,
    title: String,
    x_desc: String,
    y_desc: String,
    size: (u32, u32),
    layout: RefCell<Option<PanelGeometry>>,
}

impl LabelMap {
    /// The map of `var` (dims (time, lat, lon), integer or float labels) at `time_index`.
    /// Latitude and longitude come from the coordinate variables of the 2nd and 3rd dims
    /// (indices when absent).
    ///
    /// # Errors
    /// A missing or non-numeric variable, one that is not 3-D, or `time_index` out of range;
    /// the message names the variable.
    pub fn new(ds: &Dataset, var: &str, time_index: usize) -> Result<LabelMap> {
        let v = ds.get(var)?;
        let dims = v.dims().to_vec();
        if dims.len() != 3 {
            return Err(PlotError::input(format!(
                "'{var}' has dims ({}); a label map needs (time, lat, lon)",
                dims.join(", ")
            )));
        }
        let shape = v.data().shape().to_vec();
        if time_index >= shape[0] {
            return Err(PlotError::input(format!(
                "'{var}': time index {time_index} is out of range (0..{})",
                shape[0]
            )));
        }
        let slice = v.data().slice_axis(0, time_index..time_index + 1)?;
        let labels: Vec<f64> = slice
            .iter_f64()
            .ok_or_else(|| PlotError::input(format!("'{var}' is not numeric ({})", v.dtype())))?
            .collect();
        let lat = dim_coord(ds, &dims[1], shape[1]);
        let lon = dim_coord(ds, &dims[2], shape[2]);
        let when = ds
            .time_of(&dims[0])
            .ok()
            .and_then(|t| t.get(time_index).copied())
            .and_then(time_title)
            .unwrap_or_else(|| format!("{} {time_index}", dims[0]));
        let desc = |d: &str, fallback: &str| match ds.var(d).and_then(|c| c.units()) {
            Some(u) if !u.trim().is_empty() => format!("{fallback} ({u})"),
            _ => fallback.to_string(),
        };
        Ok(LabelMap {
            labels,
            land: None,
            title: format!("{var} at {when}"),
            x_desc: desc(&dims[2], "Longitude"),
            y_desc: desc(&dims[1], "Latitude"),
            lat,
            lon,
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

    /// Grey out land: `var` of `ds` is a (lat, lon) mask on the same grid, 0 (or NaN) = land,
    /// non-zero = ocean (the `mask` variable of the tracker's input, e.g. `data/sst_cube.nc`).
    ///
    /// # Errors
    /// A missing or non-numeric mask, or one whose size differs from the map's grid.
    pub fn land_mask(mut self, ds: &Dataset, var: &str) -> Result<Self> {
        let v = ds.get(var)?;
        let want = self.lat.len() * self.lon.len();
        if v.dims().len() != 2 || v.len() != want {
            return Err(PlotError::input(format!(
                "land mask '{var}' has shape {:?}; the map grid is {} x {}",
                v.data().shape(),
                self.lat.len(),
                self.lon.len()
            )));
        }
        let it = v
            .data()
            .iter_f64()
            .ok_or_else(|| PlotError::input(format!("land mask '{var}' is not numeric ({})", v.dtype())))?;
        self.land = Some(it.map(|m| !m.is_finite() || m == 0.0).collect());
        Ok(self)
    }

    /// The distinct object labels (> 0) present at this time step, ascending.
    pub fn objects(&self) -> Vec<i64> {
        let mut l: Vec<i64> = self
            .labels
            .iter()
            .filter(|v| v.is_finite() && **v > 0.0)
            .map(|&v| v as i64)
            .collect();
        l.sort_unstable();
        l.dedup();
        l
    }

    /// Where the map landed in the last rendered image (x = longitude, y = latitude).
    pub fn layout(&self) -> Option<PanelGeometry> {
        self.layout.borrow().clone()
    }
}

/// Draw a legend of coloured squares and names in `area` (at most as many rows as fit).
pub(crate) fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, items: &[(String, RGBColor)]) -> Result<()> {
    let (_, h) = area.dim_in_pixel();
    let rows = ((h.saturating_sub(60)) / 18) as usize;
    for (k, (name, c)) in items.iter().take(rows).enumerate() {
        let y = 50 + 18 * k as i32;
        area.draw(&Rectangle::new([(8, y), (22, y + 12)], c.filled()))
            .map_err(draw_err)?;
        area.draw(&Rectangle::new([(8, y), (22, y + 12)], RGBColor(120, 120, 120)))
            .map_err(draw_err)?;
        area.draw(&Text::new(name.clone(), (28, y), style::small()))
            .map_err(draw_err)?;
    }
    if items.len() > rows && rows > 0 {
        let y = 50 + 18 * rows as i32;
        area.draw(&Text::new(
            format!("+{} more", items.len() - rows),
            (8, y),
            style::small(),
        ))
        .map_err(draw_err)?;
    }
    Ok(())
}

impl Figure for LabelMap {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (x0, x1) = cell_extent(&self.lon).ok_or_else(|| PlotError::input("label map: no finite longitude"))?;
        let (y0, y1) = cell_extent(&self.lat).ok_or_else(|| PlotError::input("label map: no finite latitude"))?;
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(110));
        let axes = chart2d::Axes {
            title: &self.title,
            x: (x0, x1),
            y: (y0, y1),
            x_desc: &self.x_desc,
            y_desc: &self.y_desc,
            grid: false,
        };
        let chart = chart2d::frame(&left, &axes)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let cols = nearest_indices(&self.lon, x0, x1, pw, true);
        let rows = nearest_indices(&self.lat, y0, y1, ph, false);
        let nx = self.lon.len();
        let mut buf = Vec::with_capacity((pw * ph * 3) as usize);
        for row in &rows {
            for col in &cols {
                let c = match (row, col) {
                    (Some(iy), Some(ix)) => {
                        let k = iy * nx + ix;
                        if self.land.as_ref().is_some_and(|l| l[k]) {
                            LAND
                        } else {
                            value_colour(self.labels[k])
                        }
                    }
                    _ => LAND,
                };
                buf.extend_from_slice(&[c.0, c.1, c.2]);
            }
        }
        blit(&chart.plotting_area().strip_coord_spec(), (pw, ph), buf)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        *self.layout.borrow_mut() = Some(PanelGeometry {
            field: self.title.clone(),
            px,
            py,
            x: (x0, x1),
            y: (y0, y1),
        });
        let items: Vec<(String, RGBColor)> = self
            .objects()
            .into_iter()
            .map(|l| (format!("object {l}"), label_colour(l)))
            .chain([("no object".to_string(), NONE), ("land / missing".to_string(), LAND)])
            .collect();
        legend(&right, &items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    fn cube() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 86_400_000_000_000]))
            .unwrap();
        ds.insert(
            "lat",
            Variable::new(["lat"], vec![10.0, 20.0])
                .unwrap()
                .with_attr("units", "degrees_north"),
        )
        .unwrap();
        ds.insert("lon", Variable::new(["lon"], vec![100.0, 110.0, 120.0]).unwrap())
            .unwrap();
        // step 1: lat 10 → [1, 0, 2], lat 20 → [-1, 0, 25]
        let l = ndarray::Array3::from_shape_vec((2, 2, 3), vec![0, 0, 0, 0, 0, 0, 1, 0, 2, -1, 0, 25])
            .unwrap()
            .into_dyn();
        ds.insert("labels", Variable::new(["time", "lat", "lon"], l).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn colours_are_categorical() {
        assert_eq!(label_colour(1), TAB20[0]);
        assert_eq!(label_colour(21), TAB20[0]);
        assert_eq!(label_colour(0), NONE);
        assert_eq!(label_colour(-3), LAND);
        assert_eq!(value_colour(f64::NAN), LAND);
        let distinct: std::collections::HashSet<_> = (1..=20)
            .map(|l| {
                let c = label_colour(l);
                (c.0, c.1, c.2)
            })
            .collect();
        assert_eq!(distinct.len(), 20);
    }

    #[test]
    fn cells_get_their_label_colour() {
        let ds = cube();
        let map = LabelMap::new(&ds, "labels", 1).unwrap().with_size(600, 400);
        assert_eq!(map.objects(), vec![1, 2, 25]);
        let img = render_rgb(&map).unwrap();
        let g = map.layout().unwrap();
        let px = |lon: f64, lat: f64| {
            let (x, y) = g.to_pixel(lon, lat);
            img.pixel(x as u32, y as u32).unwrap()
        };
        let rgb = |c: RGBColor| [c.0, c.1, c.2];
        assert_eq!(px(100.0, 10.0), rgb(label_colour(1)));
        assert_eq!(px(120.0, 10.0), rgb(label_colour(2)));
        assert_eq!(px(120.0, 20.0), rgb(label_colour(25)));
        assert_eq!(px(110.0, 20.0), rgb(NONE));
        assert_eq!(px(100.0, 20.0), rgb(LAND));
        let svg = render_svg(&map).unwrap();
        assert!(svg.contains("labels at 1970-01-02 00:00 UTC"));
        assert!(svg.contains("Latitude (degrees_north)") && svg.contains("Longitude"));
    }

    #[test]
    fn bad_inputs_are_errors_naming_the_variable() {
        let ds = cube();
        let e = LabelMap::new(&ds, "labels", 2).unwrap_err().to_string();
        assert!(e.contains("labels") && e.contains("out of range"), "{e}");
        let e = LabelMap::new(&ds, "lat", 0).unwrap_err().to_string();
        assert!(e.contains("'lat'"), "{e}");
        assert!(LabelMap::new(&ds, "nope", 0).unwrap_err().to_string().contains("nope"));
    }
}
