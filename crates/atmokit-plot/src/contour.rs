//! ACT `ContourDisplay.create_contour` + `plot_station`: one value per station dataset at a
//! time, interpolated onto a lon/lat grid and drawn as filled contours (quantised colour levels)
//! with the stations marked and labelled with their values.
//!
//! Interpolation: inverse-distance weighting (power 2) on the lon/lat plane, evaluated at every
//! output pixel; ACT uses `scipy.interpolate.Rbf` (cubic), which can overshoot the station values;
//! IDW stays within them. [`ContourMap::act_compat`] interpolates as ACT does ([`crate::rbf`]),
//! with the colour levels spanning the interpolated surface (matplotlib's `contourf` levels
//! follow the gridded values). The grid extends `buffer` (ACT `grid_buffer`, default 0.1°) past
//! the stations.

use crate::chart2d;
use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{datastream, times_s};
use crate::figure::Figure;
use crate::mesh::{ColorScale, blit, draw_colorbar};
use crate::rbf::RbfCubic;
use crate::style;
use crate::ticks::nice_ticks;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One station's value.
#[derive(Debug, Clone, PartialEq)]
pub struct StationValue {
    /// Station name (datastream).
    pub name: String,
    /// Longitude (degrees east).
    pub lon: f64,
    /// Latitude (degrees north).
    pub lat: f64,
    /// The value.
    pub value: f64,
}

/// Inverse-distance-weighted value at (x, y); exact at a station.
pub fn idw(stations: &[StationValue], x: f64, y: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for s in stations {
        let d2 = (s.lon - x).powi(2) + (s.lat - y).powi(2);
        if d2 < 1e-18 {
            return s.value;
        }
        num += s.value / d2;
        den += 1.0 / d2;
    }
    num / den
}

/// The value of `field` nearest in time to `time_ns` at a station dataset, with its lat/lon.
pub fn station_value(ds: &Dataset, field: &str, time_ns: i64) -> Result<StationValue> {
    let t = times_s(ds, field)?;
    let v = ds.values_f64(field)?;
    let target = time_ns as f64 * 1e-9;
    let i = (0..t.len())
        .filter(|&i| v[i].is_finite() && t[i].is_finite())
        .min_by(|&a, &b| (t[a] - target).abs().total_cmp(&(t[b] - target).abs()))
        .ok_or_else(|| PlotError::input(format!("'{field}' of {} has no finite value", datastream(ds))))?;
    let (lat, lon) = crate::daynight::site_lat_lon(ds)
        .ok_or_else(|| PlotError::input(format!("{}: no valid lat/lon variables", datastream(ds))))?;
    Ok(StationValue {
        name: datastream(ds),
        lon,
        lat,
        value: v[i],
    })
}

/// A station contour map.
#[derive(Debug, Clone)]
pub struct ContourMap {
    stations: Vec<StationValue>,
    title: String,
    label: String,
    levels: usize,
    buffer: f64,
    cmap: Colormap,
    size: (u32, u32),
    act_compat: bool,
}

/// The interpolant of a map: IDW over the stations, or ACT's cubic Rbf.
enum Interpolant<'a> {
    Idw(&'a [StationValue]),
    Rbf(RbfCubic),
}

impl Interpolant<'_> {
    fn eval(&self, x: f64, y: f64) -> f64 {
        match self {
            Interpolant::Idw(s) => idw(s, x, y),
            Interpolant::Rbf(r) => r.eval(x, y),
        }
    }
}

/// ACT's interpolant: the cubic Rbf through the station values on (lon, lat) in degrees
/// (`scipy.interpolate.Rbf(lon, lat, value, function='cubic')`). Two stations at the same place
/// make the system singular: the error names them.
pub fn rbf_cubic(stations: &[StationValue]) -> Result<RbfCubic> {
    for (i, a) in stations.iter().enumerate() {
        if let Some(b) = stations[i + 1..].iter().find(|b| b.lon == a.lon && b.lat == a.lat) {
            return Err(PlotError::input(format!(
                "stations {} and {} are both at lon {}, lat {}: the cubic Rbf of ACT's contour map is singular there",
                a.name, b.name, a.lon, a.lat
            )));
        }
    }
    let nodes: Vec<(f64, f64)> = stations.iter().map(|s| (s.lon, s.lat)).collect();
    let values: Vec<f64> = stations.iter().map(|s| s.value).collect();
    RbfCubic::fit(&nodes, &values)
}

impl ContourMap {
    /// Map of `field` at `time_ns` over several station datasets (at least 2).
    pub fn new(datasets: &[&Dataset], field: &str, time_ns: i64) -> Result<ContourMap> {
        let stations = datasets
            .iter()
            .map(|d| station_value(d, field, time_ns))
            .collect::<Result<Vec<_>>>()?;
        if stations.len() < 2 {
            return Err(PlotError::input("a contour map needs at least two stations"));
        }
        let label = crate::extract::with_units(field, datasets[0].var(field));
        let when = atmokit_core::time::format_ns(time_ns);
        Ok(ContourMap {
            stations,
            title: format!("{field} at {when}"),
            label,
            levels: 10,
            buffer: 0.1,
            cmap: Colormap::Viridis,
            size: (800, 650),
            act_compat: false,
        })
    }

    /// The station values used.
    pub fn stations(&self) -> &[StationValue] {
        &self.stations
    }

    /// Interpolate as ACT 2.3.4 does: a cubic Rbf ([`rbf_cubic`]) instead of IDW, colour levels
    /// over the interpolated surface's range instead of the station values' range.
    pub fn act_compat(mut self, on: bool) -> ContourMap {
        self.act_compat = on;
        self
    }

    /// Set the figure size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> ContourMap {
        self.size = (width, height);
        self
    }

    /// Set the colormap.
    pub fn cmap(mut self, cmap: Colormap) -> ContourMap {
        self.cmap = cmap;
        self
    }

    fn interpolant(&self) -> Result<Interpolant<'_>> {
        Ok(if self.act_compat {
            Interpolant::Rbf(rbf_cubic(&self.stations)?)
        } else {
            Interpolant::Idw(&self.stations)
        })
    }

    /// The interpolated values at `points` (lon, lat), as drawn.
    pub fn interpolate(&self, points: &[(f64, f64)]) -> Result<Vec<f64>> {
        let f = self.interpolant()?;
        Ok(points.iter().map(|&(x, y)| f.eval(x, y)).collect())
    }
}

impl Figure for ContourMap {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let fold =
            |f: fn(f64, f64) -> f64, init: f64, g: fn(&StationValue) -> f64| self.stations.iter().map(g).fold(init, f);
        let (x0, x1) = (
            fold(f64::min, f64::INFINITY, |s| s.lon) - self.buffer,
            fold(f64::max, f64::NEG_INFINITY, |s| s.lon) + self.buffer,
        );
        let (y0, y1) = (
            fold(f64::min, f64::INFINITY, |s| s.lat) - self.buffer,
            fold(f64::max, f64::NEG_INFINITY, |s| s.lat) + self.buffer,
        );
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(120));
        let axes = chart2d::Axes {
            title: &self.title,
            x: (x0, x1),
            y: (y0, y1),
            x_desc: "Longitude (degrees_east)",
            y_desc: "Latitude (degrees_north)",
            grid: false,
        };
        let mut chart = chart2d::frame(&left, &axes)?;
        let (pw, ph) = chart.plotting_area().dim_in_pixel();
        let f = self.interpolant()?;
        let mut grid = Vec::with_capacity((pw * ph) as usize);
        for py in 0..ph {
            let y = y1 - (f64::from(py) + 0.5) / f64::from(ph) * (y1 - y0);
            for px in 0..pw {
                let x = x0 + (f64::from(px) + 0.5) / f64::from(pw) * (x1 - x0);
                grid.push(f.eval(x, y));
            }
        }
        let (vmin, vmax) = if self.act_compat {
            crate::extract::finite_range(grid.iter().copied()).unwrap_or((0.0, 1.0))
        } else {
            (
                fold(f64::min, f64::INFINITY, |s| s.value),
                fold(f64::max, f64::NEG_INFINITY, |s| s.value),
            )
        };
        let scale = ColorScale {
            vmin,
            vmax: if vmax > vmin { vmax } else { vmin + 1.0 },
            cmap: self.cmap,
            log: false,
        };
        let levels = nice_ticks(scale.vmin, scale.vmax, self.levels);
        let quantise = |v: f64| {
            // Colour of the level band containing v (contourf look).
            let k = levels.partition_point(|&l| l <= v).saturating_sub(1);
            let lo = levels.get(k).copied().unwrap_or(scale.vmin);
            let hi = levels.get(k + 1).copied().unwrap_or(scale.vmax);
            ((lo + hi) / 2.0 - scale.vmin) / (scale.vmax - scale.vmin)
        };
        let mut buf = Vec::with_capacity((pw * ph * 3) as usize);
        for v in grid {
            let c = self.cmap.at(quantise(v));
            buf.extend_from_slice(&[c.0, c.1, c.2]);
        }
        blit(&chart.plotting_area().strip_coord_spec(), (pw, ph), buf)?;
        for s in &self.stations {
            chart
                .draw_series(std::iter::once(Circle::new((s.lon, s.lat), 5, BLACK.filled())))
                .map_err(draw_err)?;
            let text = format!(" {} {:.2} ", s.name, s.value);
            let h = if s.lon > (x0 + x1) / 2.0 {
                HPos::Right
            } else {
                HPos::Left
            };
            let st = style::small().color(&WHITE).pos(Pos::new(h, VPos::Bottom));
            chart
                .draw_series(std::iter::once(Text::new(text, (s.lon, s.lat), st)))
                .map_err(draw_err)?;
        }
        draw_colorbar(&right.margin(30, 0, 0, 0), &scale, &self.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idw_is_exact_at_stations_and_bounded() {
        let s = vec![
            StationValue {
                name: "a".into(),
                lon: 0.0,
                lat: 0.0,
                value: 1.0,
            },
            StationValue {
                name: "b".into(),
                lon: 1.0,
                lat: 0.0,
                value: 3.0,
            },
        ];
        assert_eq!(idw(&s, 0.0, 0.0), 1.0);
        assert_eq!(idw(&s, 0.5, 0.0), 2.0, "midpoint is the mean");
        let v = idw(&s, 0.2, 5.0);
        assert!(v > 1.0 && v < 3.0);
    }

    fn station(name: &str, lon: f64, lat: f64, value: f64) -> StationValue {
        StationValue {
            name: name.into(),
            lon,
            lat,
            value,
        }
    }

    /// Six hand-placed stations; the expected values were printed by SciPy 1.17.1:
    /// `Rbf(lon, lat, value, function='cubic')(x, y)`.
    #[test]
    fn rbf_cubic_equals_scipy_and_overshoots_where_idw_does_not() {
        let s: Vec<StationValue> = [
            (-97.5, 36.6, 10.0),
            (-97.0, 36.9, 14.0),
            (-98.0, 36.2, 9.0),
            (-97.3, 36.0, 12.5),
            (-96.6, 36.4, 15.0),
            (-97.8, 37.0, 11.0),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(x, y, v))| station(&format!("s{i}"), x, y, v))
        .collect();
        let r = rbf_cubic(&s).unwrap();
        let scipy_weights = [
            -68.27865005911592,
            -2.387658902536684,
            10.946694804364675,
            -3.8236331700402584,
            8.278209548645638,
            16.63634401504666,
        ];
        for (w, e) in r.weights().iter().zip(scipy_weights) {
            assert!((w - e).abs() <= 1e-9 * e.abs(), "weight {w} vs SciPy {e}");
        }
        let scipy = [
            ((-97.5, 36.6), 10.0),
            ((-97.4, 36.5), 10.877896373173648),
            ((-97.1, 36.3), 16.11418812414972),
            ((-96.5, 36.9), 2.9459326984895142),
            ((-98.1, 36.0), -0.5008290763273706),
            ((-96.5, 35.9), -7.083987715452707),
        ];
        for ((x, y), e) in scipy {
            let v = r.eval(x, y);
            assert!((v - e).abs() <= 1e-9 * e.abs(), "({x}, {y}): {v} vs SciPy {e}");
        }
        // Between the stations (16.11 > 15) and beyond them (-7.08 < 9) the cubic surface leaves
        // the station range; IDW never does.
        for ((x, y), _) in scipy {
            let v = idw(&s, x, y);
            assert!((9.0..=15.0).contains(&v), "IDW at ({x}, {y}) = {v}");
        }
    }

    #[test]
    fn rbf_of_stations_at_one_place_is_an_error_naming_them() {
        let s = vec![
            station("a", -97.0, 36.0, 1.0),
            station("b", -96.0, 36.0, 2.0),
            station("c", -97.0, 36.0, 3.0),
        ];
        let e = rbf_cubic(&s).unwrap_err().to_string();
        assert!(e.contains("stations a and c") && e.contains("singular"), "{e}");
        assert!(rbf_cubic(&s[..1]).is_err(), "one station");
        assert!(idw(&s, -96.5, 36.0).is_finite());
    }
}
