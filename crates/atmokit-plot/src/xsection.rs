//! ACT's `XSectionDisplay.plot_xsection(dsname, varname, x, y, sel_kwargs=, isel_kwargs=)` and
//! `plot_xsection_map`: a 2-D slice of an N-D variable as a colour mesh with a colorbar. Any two
//! dimensions are the axes (drawn against their coordinate variables, with units); every other
//! dimension is fixed by index ([`XSectionDisplay::isel`]) or by the coordinate value nearest to
//! a given one ([`XSectionDisplay::sel`]); dimensions of length 1 need neither. With
//! [`XSectionDisplay::map`] the axes are longitude and latitude and the shipped coastlines and
//! borders ([`crate::basemap`]) are drawn over the field.

use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result};
use crate::extract::{datastream, dim_coord, finite_range, with_units};
use crate::figure::Figure;
use crate::label_map::cell_extent;
use crate::mesh::{ColorScale, Gaps, blit, draw_colorbar, rasterize_with};
use crate::mesh_bins::Aggregate;
use crate::ticks::format_number;
use atmokit_core::Dataset;
use ndarray::{Array2, Axis, Ix2};
use plotters::coord::Shift;
use plotters::prelude::*;

/// How a dimension that is not an axis is fixed.
#[derive(Debug, Clone, PartialEq)]
enum Pick {
    Index(usize),
    Value(f64),
}

/// Coordinate of dimension `dim` (length `n`): a time coordinate in days since 1970-01-01,
/// another numeric 1-D variable of that name as it is, else indices.
fn axis_coord(ds: &Dataset, dim: &str, n: usize) -> Vec<f64> {
    match ds.time_of(dim) {
        Ok(t) if t.len() == n => t
            .iter()
            .map(|&ns| crate::time_axis::ns_to_s(ns).map_or(f64::NAN, |s| s / 86_400.0))
            .collect(),
        _ => dim_coord(ds, dim, n),
    }
}

/// Axis label of dimension `dim`: with its units, `(days since 1970-01-01)` for time.
fn axis_desc(ds: &Dataset, dim: &str) -> String {
    if ds.time_of(dim).is_ok() {
        format!("{dim} (days since 1970-01-01)")
    } else {
        with_units(dim, ds.var(dim))
    }
}

/// A 2-D slice: `values[(ix, iy)]` at `x[ix]`, `y[iy]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// Values, x along axis 0.
    pub values: Array2<f64>,
    /// x coordinate (the x dimension's variable, or indices).
    pub x: Vec<f64>,
    /// y coordinate.
    pub y: Vec<f64>,
    /// `dim=value` of each fixed dimension, for the title.
    pub fixed: Vec<String>,
}

/// A cross-section figure of one variable.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_plot::xsection::XSectionDisplay;
/// let mut ds = Dataset::new();
/// ds.insert("z", Variable::new(["z"], vec![0.0, 1.0])?)?;
/// ds.insert("lat", Variable::new(["lat"], vec![10.0, 20.0, 30.0])?)?;
/// ds.insert("lon", Variable::new(["lon"], vec![0.0, 5.0])?)?;
/// let f = ndarray::Array3::from_shape_fn((2, 3, 2), |(k, j, i)| (100 * k + 10 * j + i) as f64);
/// ds.insert("f", Variable::new(["z", "lat", "lon"], f.into_dyn())?)?;
/// let s = XSectionDisplay::new(&ds, "f", "lon", "lat").sel("z", 0.9).slice()?;
/// assert_eq!(s.values[(1, 2)], 121.0); // lon 5, lat 30 at z = 1
/// assert_eq!(s.fixed, vec!["z=1"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct XSectionDisplay<'a> {
    ds: &'a Dataset,
    field: String,
    x: String,
    y: String,
    picks: Vec<(String, Pick)>,
    cmap: Colormap,
    vrange: Option<(f64, f64)>,
    title: Option<String>,
    map: bool,
    size: (u32, u32),
}

impl<'a> XSectionDisplay<'a> {
    /// `field` against its dimensions `x` and `y`.
    pub fn new(ds: &'a Dataset, field: &str, x: &str, y: &str) -> Self {
        XSectionDisplay {
            ds,
            field: field.to_string(),
            x: x.to_string(),
            y: y.to_string(),
            picks: Vec::new(),
            cmap: Colormap::Viridis,
            vrange: None,
            title: None,
            map: false,
            size: (900, 600),
        }
    }

    /// Fix dimension `dim` at index `i` (ACT's `isel_kwargs`).
    pub fn isel(mut self, dim: &str, i: usize) -> Self {
        self.picks.push((dim.to_string(), Pick::Index(i)));
        self
    }

    /// Fix dimension `dim` at the coordinate value nearest `value` (ACT's `sel_kwargs` with
    /// `method='nearest'`).
    pub fn sel(mut self, dim: &str, value: f64) -> Self {
        self.picks.push((dim.to_string(), Pick::Value(value)));
        self
    }

    /// Colormap and colour range (default: the slice's min and max, as matplotlib).
    pub fn colors(mut self, cmap: Colormap, vrange: Option<(f64, f64)>) -> Self {
        self.cmap = cmap;
        self.vrange = vrange;
        self
    }

    /// Draw as a map (x = longitude, y = latitude in degrees) with coastlines and borders
    /// (ACT's `plot_xsection_map`).
    pub fn map(mut self, on: bool) -> Self {
        self.map = on;
        self
    }

    /// Title instead of `<datastream> <field> at dim=value, ...`.
    pub fn title(mut self, t: &str) -> Self {
        self.title = Some(t.to_string());
        self
    }

    /// Figure size in pixels.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }

    /// The 2-D slice drawn. Errors name the variable and dimension: a missing dimension, an
    /// index out of range, a dimension fixed twice or not at all, or a non-numeric variable.
    pub fn slice(&self) -> Result<Slice> {
        let f = &self.field;
        let var = self.ds.get(f)?;
        let dims = var.dims().to_vec();
        let pos = |d: &str| {
            dims.iter()
                .position(|x| x == d)
                .ok_or_else(|| PlotError::input(format!("'{f}' has no dimension '{d}' (dims: {})", dims.join(", "))))
        };
        let (ix, iy) = (pos(&self.x)?, pos(&self.y)?);
        if ix == iy {
            return Err(PlotError::input(format!("'{f}': x and y are both '{}'", self.x)));
        }
        let mut data = var
            .data()
            .to_f64()
            .ok_or_else(|| PlotError::input(format!("'{f}' is not numeric ({})", var.dtype())))?;
        let mut fixed = Vec::new();
        // Remove the fixed axes from the last to the first so earlier axis numbers stay valid.
        let mut order: Vec<usize> = (0..dims.len()).filter(|&a| a != ix && a != iy).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        for a in order {
            let d = &dims[a];
            let n = data.len_of(Axis(a));
            let mut picks = self.picks.iter().filter(|(p, _)| p == d);
            let pick = picks.next().map(|(_, p)| p.clone());
            if picks.next().is_some() {
                return Err(PlotError::input(format!("'{f}': dimension '{d}' is fixed twice")));
            }
            let coord = axis_coord(self.ds, d, n);
            let i = match pick {
                Some(Pick::Index(i)) if i < n => i,
                Some(Pick::Index(i)) => {
                    return Err(PlotError::input(format!(
                        "'{f}': index {i} of '{d}' is out of range (0..{n})"
                    )));
                }
                Some(Pick::Value(v)) => coord
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_finite())
                    .min_by(|a, b| (a.1 - v).abs().total_cmp(&(b.1 - v).abs()))
                    .map(|(i, _)| i)
                    .ok_or_else(|| PlotError::input(format!("'{f}': '{d}' has no finite coordinate")))?,
                None if n == 1 => 0,
                None => {
                    return Err(PlotError::input(format!(
                        "'{f}': fix dimension '{d}' (length {n}) with an index or a value"
                    )));
                }
            };
            let at = match self.ds.time_of(d) {
                Ok(t) if t.len() == n => {
                    crate::time_axis::ns_to_s(t[i]).map_or("NaT".into(), crate::time_axis::iso_minute)
                }
                _ => format_number(coord[i], 0.0),
            };
            fixed.push(format!("{d}={at}"));
            data = data.index_axis_move(Axis(a), i);
        }
        fixed.reverse();
        if let Some((d, _)) = self
            .picks
            .iter()
            .find(|(d, _)| !dims.contains(d) || *d == self.x || *d == self.y)
        {
            return Err(PlotError::input(format!("'{f}': '{d}' is not a dimension to fix")));
        }
        let two = data
            .into_dimensionality::<Ix2>()
            .map_err(|e| PlotError::input(format!("'{f}': {e}")))?;
        // The remaining axes keep their order: transpose when y came first.
        let values = if ix < iy { two } else { two.reversed_axes() };
        let (nx, ny) = values.dim();
        Ok(Slice {
            values: values.as_standard_layout().to_owned(),
            x: axis_coord(self.ds, &self.x, nx),
            y: axis_coord(self.ds, &self.y, ny),
            fixed,
        })
    }

    fn title_of(&self, s: &Slice) -> String {
        self.title.clone().unwrap_or_else(|| {
            let d = datastream(self.ds);
            let head = if d.is_empty() {
                self.field.clone()
            } else {
                format!("{d} {}", self.field)
            };
            if s.fixed.is_empty() {
                head
            } else {
                format!("{head} at {}", s.fixed.join(", "))
            }
        })
    }
}

impl Figure for XSectionDisplay<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let s = self.slice()?;
        let f = &self.field;
        let (vmin, vmax) = match self.vrange {
            Some(r) => r,
            None => finite_range(s.values.iter().copied())
                .ok_or_else(|| PlotError::input(format!("'{f}' has no finite value in this slice")))?,
        };
        let scale = ColorScale::linear(vmin, if vmax > vmin { vmax } else { vmin + 1.0 }, self.cmap);
        let x = cell_extent(&s.x).ok_or_else(|| PlotError::input(format!("'{}': no finite coordinate", self.x)))?;
        let y = cell_extent(&s.y).ok_or_else(|| PlotError::input(format!("'{}': no finite coordinate", self.y)))?;
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(120));
        let x_desc = axis_desc(self.ds, &self.x);
        let y_desc = axis_desc(self.ds, &self.y);
        let title = self.title_of(&s);
        let axes = chart2d::Axes {
            title: &title,
            x,
            y,
            x_desc: &x_desc,
            y_desc: &y_desc,
            grid: false,
        };
        let mut chart = chart2d::frame(&left, &axes)?;
        let size = chart.plotting_area().dim_in_pixel();
        let buf = rasterize_with(
            s.values.view(),
            &s.x,
            &s.y,
            x,
            y,
            size,
            &scale,
            Aggregate::Mean,
            [255, 255, 255],
            Gaps::Stretch,
        );
        blit(&chart.plotting_area().strip_coord_spec(), size, buf)?;
        if self.map {
            crate::basemap::draw(&mut chart, x, y)?;
        }
        draw_colorbar(&right.margin(30, 30, 0, 0), &scale, &with_units(f, self.ds.var(f)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    fn cube() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert(
            "height",
            Variable::new(["height"], vec![0.0, 1000.0])
                .unwrap()
                .with_attr("units", "m"),
        )
        .unwrap();
        ds.insert(
            "lat",
            Variable::new(["lat"], vec![30.0, 40.0, 50.0])
                .unwrap()
                .with_attr("units", "degrees_north"),
        )
        .unwrap();
        ds.insert(
            "lon",
            Variable::new(["lon"], vec![-100.0, -90.0])
                .unwrap()
                .with_attr("units", "degrees_east"),
        )
        .unwrap();
        let f = ndarray::Array3::from_shape_fn((2, 3, 2), |(k, j, i)| (100 * k + 10 * j + i) as f32);
        ds.insert(
            "t",
            Variable::new(["height", "lat", "lon"], f.into_dyn())
                .unwrap()
                .with_attr("units", "K"),
        )
        .unwrap();
        ds
    }

    #[test]
    fn slices_by_index_value_and_transposed() {
        let ds = cube();
        let s = XSectionDisplay::new(&ds, "t", "lat", "height")
            .isel("lon", 1)
            .slice()
            .unwrap();
        assert_eq!(s.values.dim(), (3, 2));
        assert_eq!(s.values[(2, 1)], 121.0);
        assert_eq!(s.x, vec![30.0, 40.0, 50.0]);
        assert_eq!(s.fixed, vec!["lon=-90"]);
        let s = XSectionDisplay::new(&ds, "t", "height", "lat")
            .isel("lon", 0)
            .slice()
            .unwrap();
        assert_eq!(s.values[(1, 2)], 120.0);
    }

    #[test]
    fn bad_requests_name_the_dimension() {
        let ds = cube();
        let err = |d: XSectionDisplay<'_>| d.slice().unwrap_err().to_string();
        assert!(err(XSectionDisplay::new(&ds, "t", "lat", "lon")).contains("fix dimension 'height'"));
        assert!(err(XSectionDisplay::new(&ds, "t", "lat", "lon").isel("height", 5)).contains("out of range (0..2)"));
        assert!(err(XSectionDisplay::new(&ds, "t", "lat", "x").isel("height", 0)).contains("no dimension 'x'"));
        assert!(
            err(XSectionDisplay::new(&ds, "t", "lat", "lon")
                .isel("height", 0)
                .isel("time", 0))
            .contains("'time' is not a dimension to fix")
        );
        assert!(err(XSectionDisplay::new(&ds, "t", "lat", "lat")).contains("both"));
        let mut d = cube();
        let nan = ndarray::Array2::<f32>::from_elem((3, 2), f32::NAN).into_dyn();
        d.insert("n", Variable::new(["lat", "lon"], nan).unwrap()).unwrap();
        let e = render_rgb(&XSectionDisplay::new(&d, "n", "lon", "lat"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no finite value"), "{e}");
    }

    #[test]
    fn colours_land_where_the_data_put_them() {
        let ds = cube();
        let fig = XSectionDisplay::new(&ds, "t", "lon", "lat")
            .isel("height", 1)
            .with_size(600, 400);
        let svg = render_svg(&fig).unwrap();
        for t in ["t at height=1000", "lon (degrees_east)", "lat (degrees_north)", "t (K)"] {
            assert!(svg.contains(t), "{t}");
        }
        // Plot area: frame margin 10 + 70 px y labels on the left, 44 px x labels at the bottom,
        // colorbar 120 px at the right. The cell (lon −90, lat 50) is the maximum (top of
        // viridis), (lon −100, lat 30) the minimum.
        let img = render_rgb(&fig).unwrap();
        let top = Colormap::Viridis.at(1.0);
        let bottom = Colormap::Viridis.at(0.0);
        assert_eq!(img.pixel(420, 80), Some([top.0, top.1, top.2]));
        assert_eq!(img.pixel(120, 320), Some([bottom.0, bottom.1, bottom.2]));
    }
}
