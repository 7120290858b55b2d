//! A ship, sonde or aircraft track on a map (ACT's `GeographicPlotDisplay.geoplot`): the
//! points (longitude, latitude) of two 1-D variables joined by a thin line and coloured by a
//! third variable with a colorbar (or by time order when none is given), over the shipped
//! Natural Earth 1:110m coastlines and borders ([`crate::basemap`]), on plain longitude/latitude
//! axes (Plate Carrée, ACT's default projection).
//!
//! Extent, as ACT: a square box whose side is the larger of the track's longitude and latitude
//! spans, centred on the track and widened by `plot_buffer` (0.08) of that side on each side.
//! Unlike ACT, the side is at least 1° (a ship moored for a day would otherwise get a box a few
//! metres wide in which a 1:110m coastline means nothing).

use crate::basemap;
use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, percentile_range, titled, with_units};
use crate::figure::Figure;
use crate::label_map::time_title;
use crate::mesh::{ColorScale, draw_colorbar};
use crate::panel::PanelGeometry;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

/// Smallest side of the automatic extent, degrees.
pub const MIN_BOX_DEG: f64 = 1.0;

/// Colour of the line joining the track points.
pub const TRACK_LINE: RGBColor = RGBColor(90, 90, 90);

/// A track on a map with coastlines (ACT `GeographicPlotDisplay`).
#[derive(Debug)]
pub struct GeographicPlotDisplay {
    lon: Vec<f64>,
    lat: Vec<f64>,
    value: Option<Vec<f64>>,
    scale: ColorScale,
    label: String,
    title: String,
    extent: Option<((f64, f64), (f64, f64))>,
    plot_buffer: f64,
    coastlines: bool,
    size: (u32, u32),
    layout: RefCell<Option<PanelGeometry>>,
}

impl GeographicPlotDisplay {
    /// The track of 1-D variables `lat` and `lon` (degrees north / east) of `ds`, coloured by
    /// `value` (same length) when given, else by sample order. Colour range: 1st–99th
    /// percentile of the value, colormap viridis.
    ///
    /// # Errors
    /// A missing or non-numeric variable, lengths that differ, or no point with finite
    /// latitude and longitude (the message names the variables).
    pub fn new(ds: &Dataset, lat: &str, lon: &str, value_var: Option<&str>) -> Result<GeographicPlotDisplay> {
        let la = ds.values_f64(lat)?;
        let lo = ds.values_f64(lon)?;
        if la.len() != lo.len() {
            return Err(PlotError::input(format!(
                "map: '{lat}' has {} values and '{lon}' {}; a track needs one latitude per longitude",
                la.len(),
                lo.len()
            )));
        }
        let val = match value_var {
            Some(v) => {
                let z = ds.values_f64(v)?;
                if z.len() != la.len() {
                    return Err(PlotError::input(format!(
                        "map: '{v}' has {} values, the track {}",
                        z.len(),
                        la.len()
                    )));
                }
                Some(z)
            }
            None => None,
        };
        let ok = |i: usize| la[i].is_finite() && lo[i].is_finite() && (-90.0..=90.0).contains(&la[i]);
        let keep: Vec<usize> = (0..la.len()).filter(|&i| ok(i)).collect();
        if keep.is_empty() {
            return Err(PlotError::input(format!(
                "map: no point of '{lat}', '{lon}' has a finite latitude and longitude"
            )));
        }
        let value = val.map(|z| keep.iter().map(|&i| z[i]).collect::<Vec<f64>>());
        let (vmin, vmax) = match &value {
            Some(z) => percentile_range(z.iter().copied(), 1.0, 99.0).unwrap_or((0.0, 1.0)),
            None => (0.0, (keep.len().max(2) - 1) as f64),
        };
        let span = ds
            .time_of(ds.get(lat)?.dims().first().map(String::as_str).unwrap_or(""))
            .ok()
            .and_then(|t| {
                let v: Vec<i64> = keep.iter().filter_map(|&i| t.get(i).copied()).collect();
                Some((*v.first()?, *v.last()?))
            });
        let what = match value_var {
            Some(v) => format!("{v} along the track"),
            None => "track".to_string(),
        };
        let when = span
            .and_then(|(a, b)| Some(format!(", {} to {}", time_title(a)?, time_title(b)?)))
            .unwrap_or_default();
        Ok(GeographicPlotDisplay {
            lon: keep.iter().map(|&i| lo[i]).collect(),
            lat: keep.iter().map(|&i| la[i]).collect(),
            value,
            scale: ColorScale::linear(vmin, if vmax > vmin { vmax } else { vmin + 1.0 }, Colormap::Viridis),
            label: match value_var {
                Some(v) => with_units(v, ds.var(v)),
                None => "sample number".to_string(),
            },
            title: format!("{}{when}", titled(ds, &what)),
            extent: None,
            plot_buffer: 0.08,
            coastlines: true,
            size: (900, 700),
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

    /// Set the longitude and latitude ranges shown (degrees).
    pub fn extent(mut self, lon: (f64, f64), lat: (f64, f64)) -> Self {
        self.extent = Some((lon, lat));
        self
    }

    /// ACT's `plot_buffer`: the margin around the track, as a fraction of the box side.
    pub fn plot_buffer(mut self, f: f64) -> Self {
        self.plot_buffer = if f.is_finite() { f.max(0.0) } else { 0.08 };
        self
    }

    /// Colour range of the value.
    pub fn vrange(mut self, lo: f64, hi: f64) -> Self {
        self.scale.vmin = lo;
        self.scale.vmax = if hi > lo { hi } else { lo + 1.0 };
        self
    }

    /// Colormap of the value.
    pub fn cmap(mut self, c: Colormap) -> Self {
        self.scale.cmap = c;
        self
    }

    /// Draw the coastlines and borders (on by default).
    pub fn coastlines(mut self, on: bool) -> Self {
        self.coastlines = on;
        self
    }

    /// Where the map landed in the last rendered image (x = longitude, y = latitude).
    pub fn layout(&self) -> Option<PanelGeometry> {
        self.layout.borrow().clone()
    }

    /// The extent drawn: the one set, else the square box of the module docs.
    pub fn range(&self) -> ((f64, f64), (f64, f64)) {
        if let Some(e) = self.extent {
            return e;
        }
        let x = finite_range(self.lon.iter().copied()).unwrap_or((-180.0, 180.0));
        let y = finite_range(self.lat.iter().copied()).unwrap_or((-90.0, 90.0));
        let side = (x.1 - x.0).max(y.1 - y.0).max(MIN_BOX_DEG);
        let half = side / 2.0 + side * self.plot_buffer;
        let (cx, cy) = ((x.0 + x.1) / 2.0, (y.0 + y.1) / 2.0);
        let lat = if cy - half < -90.0 {
            (-90.0, -90.0 + 2.0 * half)
        } else if cy + half > 90.0 {
            (90.0 - 2.0 * half, 90.0)
        } else {
            (cy - half, cy + half)
        };
        ((cx - half, cx + half), lat)
    }

    fn colour(&self, i: usize) -> RGBColor {
        let (lo, hi) = (self.scale.vmin, self.scale.vmax);
        let v = match &self.value {
            Some(z) => z[i],
            None => i as f64,
        };
        if !v.is_finite() {
            return TRACK_LINE;
        }
        self.scale.cmap.at((v - lo) / (hi - lo))
    }
}

impl Figure for GeographicPlotDisplay {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (x, y) = self.range();
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(120));
        let axes = chart2d::Axes {
            title: &self.title,
            x,
            y,
            x_desc: "Longitude (degrees_east)",
            y_desc: "Latitude (degrees_north)",
            grid: true,
        };
        let mut chart = chart2d::frame(&left, &axes)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        *self.layout.borrow_mut() = Some(PanelGeometry {
            field: self.title.clone(),
            px,
            py,
            x,
            y,
        });
        if self.coastlines {
            basemap::draw(&mut chart, x, y)?;
        }
        let pts: Vec<(f64, f64)> = self.lon.iter().copied().zip(self.lat.iter().copied()).collect();
        for w in pts.windows(2) {
            if let Some((a, b)) = basemap::clip_segment(w[0], w[1], x, y) {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![a, b],
                        TRACK_LINE.stroke_width(1),
                    )))
                    .map_err(draw_err)?;
            }
        }
        let inside = |p: &(f64, f64)| (x.0..=x.1).contains(&p.0) && (y.0..=y.1).contains(&p.1);
        chart
            .draw_series(
                pts.iter()
                    .enumerate()
                    .filter(|(_, p)| inside(p))
                    .map(|(i, &p)| Circle::new(p, 3, self.colour(i).filled())),
            )
            .map_err(draw_err)?;
        draw_colorbar(&right.margin(30, 30, 0, 0), &self.scale, &self.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    fn track(lat: Vec<f64>, lon: Vec<f64>, sst: Vec<f64>) -> Dataset {
        let n = lat.len();
        let mut ds = Dataset::new();
        let t: Vec<i64> = (0..n as i64)
            .map(|i| 1_517_443_200_000_000_000 + i * 3_600_000_000_000)
            .collect();
        ds.insert("time", Variable::time("time", t)).unwrap();
        ds.insert("lat", Variable::new(["time"], lat).unwrap()).unwrap();
        ds.insert("lon", Variable::new(["time"], lon).unwrap()).unwrap();
        let v = Variable::new(["time"], sst).unwrap().with_attr("units", "degC");
        ds.insert("sst", v).unwrap();
        ds
    }

    /// Rows of column `col` whose pixel is dark (a coastline, drawn in [`basemap::COAST`],
    /// possibly blended at its edges); the grid, borders and background are light.
    fn dark_rows(img: &crate::figure::RgbImage, col: i32, py: std::ops::Range<i32>) -> Vec<i32> {
        py.filter(|&r| {
            img.pixel(col as u32, r as u32)
                .is_some_and(|p| p.iter().all(|&c| c < 110))
        })
        .collect()
    }

    #[test]
    fn points_and_gulf_coast_land_where_they_are() {
        // A track in the Gulf of Mexico: points at (−92, 26), (−90, 27), (−88, 28).
        let ds = track(
            vec![26.0, 27.0, 28.0],
            vec![-92.0, -90.0, -88.0],
            vec![20.0, 25.0, 30.0],
        );
        let map = GeographicPlotDisplay::new(&ds, "lat", "lon", Some("sst"))
            .unwrap()
            .vrange(20.0, 30.0)
            .extent((-95.0, -85.0), (24.0, 34.0))
            .with_size(900, 800);
        let img = render_rgb(&map).unwrap();
        let g = map.layout().unwrap();
        // The middle point, value 25 = the middle of the colour range, at its lon/lat pixel.
        let (x, y) = g.to_pixel(-90.0, 27.0);
        let mid = Colormap::Viridis.at(0.5);
        assert_eq!(img.pixel(x as u32, y as u32), Some([mid.0, mid.1, mid.2]));
        let (x, y) = g.to_pixel(-88.0, 28.0);
        let top = Colormap::Viridis.at(1.0);
        assert_eq!(img.pixel(x as u32, y as u32), Some([top.0, top.1, top.2]));
        // The coast at 90.2°W (off the 90°W grid line): Louisiana's shore at 29–30.5°N.
        let (col, _) = g.to_pixel(-90.2, 0.0);
        let (mx, my) = g.to_pixel(-90.0, 27.0);
        let rows: Vec<i32> = dark_rows(&img, col, g.py.clone())
            .into_iter()
            .filter(|&r| (r - my).abs() > 6 || (col - mx).abs() > 6)
            .collect();
        let lat_of = |r: i32| g.y.1 - f64::from(r - g.py.start) / f64::from(g.py.end - g.py.start) * (g.y.1 - g.y.0);
        assert!(rows.iter().any(|&r| (28.8..30.5).contains(&lat_of(r))), "{rows:?}");
        assert!(
            rows.iter().all(|&r| lat_of(r) > 28.5),
            "no coast over open Gulf water: {rows:?}"
        );
        let svg = render_svg(&map).unwrap();
        assert!(
            svg.contains("sst along the track, 2018-02-01 00:00 UTC to 2018-02-01 02:00 UTC"),
            "title"
        );
        assert!(svg.contains("sst (degC)") && svg.contains("Longitude (degrees_east)"));
    }

    #[test]
    fn empty_or_nan_tracks_are_clear_errors() {
        let ds = track(vec![f64::NAN; 3], vec![1.0, 2.0, 3.0], vec![1.0; 3]);
        let e = GeographicPlotDisplay::new(&ds, "lat", "lon", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'lat'") && e.contains("finite"), "{e}");
        let ds = track(vec![], vec![], vec![]);
        assert!(GeographicPlotDisplay::new(&ds, "lat", "lon", Some("sst")).is_err());
        let ds = track(vec![1.0], vec![1.0], vec![f64::NAN]);
        let map = GeographicPlotDisplay::new(&ds, "lat", "lon", Some("sst")).unwrap();
        assert!(render_svg(&map).is_ok(), "an all-NaN value still draws the track");
        let e = GeographicPlotDisplay::new(&ds, "lat", "nope", None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope"), "{e}");
    }
}
