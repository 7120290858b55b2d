//! Map of object tracks (`atmokit track` output, issue 8): one centroid line per object in the
//! object's label colour ([`crate::label_map::label_colour`]), a filled circle at its first
//! step and a cross at its last, on longitude/latitude axes.
//!
//! Tracks come from the tracks CSV (`<out>_tracks.csv`: `label,time_index,time,…,centroid_lat,
//! centroid_lon,…`) or are recomputed from the labels variable with the tracker's own centroid
//! definition: cell-area (cos latitude) weighted mean latitude and longitude of the object's
//! cells at each step; a circular mean of longitude when the labels say
//! `periodic_longitude = "true"` (mapped to [0, 360) when the grid's first longitude is ≥ 0).

use crate::chart2d;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::dim_coord;
use crate::figure::Figure;
use crate::label_map::{cell_extent, label_colour, legend, time_title};
use crate::panel::PanelGeometry;
use crate::style;
use atmokit_core::{Dataset, NAT};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One step of a track.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackStep {
    /// Time step index in the labels' time axis.
    pub time_index: usize,
    /// Time (ns since 1970, `NAT` if unknown).
    pub time: i64,
    /// Centroid latitude (degrees north).
    pub lat: f64,
    /// Centroid longitude (degrees east).
    pub lon: f64,
}

/// The centroid track of one object, steps in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Object label (≥ 1).
    pub label: i64,
    /// Steps in time order.
    pub steps: Vec<TrackStep>,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    w: f64,
    wlat: f64,
    wlon: f64,
    wsin: f64,
    wcos: f64,
}

/// Tracks of every object of `var` (dims (time, lat, lon), 0 = none, NaN/negative ignored),
/// centroids as described in the module docs. One pass over the cube.
///
/// # Errors
/// A missing, non-numeric or non-3-D variable (the message names it).
pub fn tracks_from_labels(ds: &Dataset, var: &str) -> Result<Vec<Track>> {
    let v = ds.get(var)?;
    let dims = v.dims().to_vec();
    if dims.len() != 3 {
        return Err(PlotError::input(format!(
            "'{var}' has dims ({}); tracks need (time, lat, lon)",
            dims.join(", ")
        )));
    }
    let shape = v.data().shape().to_vec();
    let (ny, nx) = (shape[1], shape[2]);
    let lat = dim_coord(ds, &dims[1], ny);
    let lon = dim_coord(ds, &dims[2], nx);
    let times: Vec<i64> = ds
        .time_of(&dims[0])
        .map(|t| t.to_vec())
        .unwrap_or_else(|_| vec![NAT; shape[0]]);
    let periodic = v.attr_str("periodic_longitude") == Some("true");
    let coslat: Vec<f64> = lat.iter().map(|l| l.to_radians().cos().max(0.0)).collect();
    let values = v
        .data()
        .iter_f64()
        .ok_or_else(|| PlotError::input(format!("'{var}' is not numeric ({})", v.dtype())))?;
    let mut acc: BTreeMap<(i64, usize), Acc> = BTreeMap::new();
    let plane = (ny * nx).max(1);
    for (k, val) in values.enumerate() {
        if !(val.is_finite() && val >= 1.0) {
            continue;
        }
        let (t, y, x) = (k / plane, (k % plane) / nx.max(1), k % nx.max(1));
        let w = coslat[y];
        let a = acc.entry((val as i64, t)).or_default();
        let r = lon[x].to_radians();
        a.w += w;
        a.wlat += w * lat[y];
        a.wlon += w * lon[x];
        a.wsin += w * r.sin();
        a.wcos += w * r.cos();
    }
    let east = lon.first().is_some_and(|&l| l >= 0.0);
    let mut tracks: Vec<Track> = Vec::new();
    for ((label, t), a) in acc {
        if a.w <= 0.0 {
            continue;
        }
        let clon = if periodic {
            let l = a.wsin.atan2(a.wcos).to_degrees();
            if east && l < 0.0 { l + 360.0 } else { l }
        } else {
            a.wlon / a.w
        };
        let step = TrackStep {
            time_index: t,
            time: times.get(t).copied().unwrap_or(NAT),
            lat: a.wlat / a.w,
            lon: clon,
        };
        match tracks.last_mut() {
            Some(tr) if tr.label == label => tr.steps.push(step),
            _ => tracks.push(Track {
                label,
                steps: vec![step],
            }),
        }
    }
    Ok(tracks)
}

/// Tracks from the text of a tracks CSV written by `atmokit track` (columns `label`,
/// `time_index`, `time`, `centroid_lat`, `centroid_lon`, in any order; other columns ignored).
///
/// # Errors
/// A missing column or an unparsable value, naming the line and column.
pub fn tracks_from_csv(text: &str) -> Result<Vec<Track>> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let (_, header) = lines.next().ok_or_else(|| PlotError::input("tracks CSV is empty"))?;
    let cols: Vec<&str> = header.split(',').map(str::trim).collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| *c == name)
            .ok_or_else(|| PlotError::input(format!("tracks CSV: no column '{name}' in the header")))
    };
    let (il, it, itime, ilat, ilon) = (
        col("label")?,
        col("time_index")?,
        col("time")?,
        col("centroid_lat")?,
        col("centroid_lon")?,
    );
    let mut by_label: BTreeMap<i64, Vec<TrackStep>> = BTreeMap::new();
    for (n, line) in lines {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |i: usize, name: &str| {
            f.get(i)
                .copied()
                .ok_or_else(|| PlotError::input(format!("tracks CSV line {}: no '{name}' field", n + 1)))
        };
        let num = |i: usize, name: &str| -> Result<f64> {
            let s = get(i, name)?;
            s.parse::<f64>()
                .map_err(|_| PlotError::input(format!("tracks CSV line {}: '{name}' = '{s}' is not a number", n + 1)))
        };
        let label = num(il, "label")? as i64;
        let time_text = get(itime, "time")?;
        let time = if time_text.is_empty() {
            NAT
        } else {
            atmokit_core::time::parse_datetime(time_text)
                .map_err(|e| PlotError::input(format!("tracks CSV line {}: time '{time_text}': {e}", n + 1)))?
        };
        by_label.entry(label).or_default().push(TrackStep {
            time_index: num(it, "time_index")? as usize,
            time,
            lat: num(ilat, "centroid_lat")?,
            lon: num(ilon, "centroid_lon")?,
        });
    }
    Ok(by_label
        .into_iter()
        .map(|(label, mut steps)| {
            steps.sort_by_key(|s| s.time_index);
            Track { label, steps }
        })
        .collect())
}

/// A map of object tracks.
#[derive(Debug)]
pub struct TrackMap {
    tracks: Vec<Track>,
    title: String,
    extent: Option<((f64, f64), (f64, f64))>,
    size: (u32, u32),
    layout: RefCell<Option<PanelGeometry>>,
}

impl TrackMap {
    /// A map of `tracks`; the extent is the tracks' bounding box plus 5 % (the full longitude
    /// circle when they span more than 300°) unless set with [`TrackMap::extent`].
    pub fn new(tracks: Vec<Track>) -> TrackMap {
        let first = tracks
            .iter()
            .flat_map(|t| &t.steps)
            .map(|s| s.time)
            .filter(|&t| t != NAT)
            .min();
        let last = tracks
            .iter()
            .flat_map(|t| &t.steps)
            .map(|s| s.time)
            .filter(|&t| t != NAT)
            .max();
        let title = match (first.and_then(time_title), last.and_then(time_title)) {
            (Some(a), Some(b)) => format!("Object tracks, {a} to {b}"),
            _ => "Object tracks".to_string(),
        };
        TrackMap {
            tracks,
            title,
            extent: None,
            size: (900, 600),
            layout: RefCell::new(None),
        }
    }

    /// Tracks of the labels variable `var` ([`tracks_from_labels`]) on the extent of its grid.
    ///
    /// # Errors
    /// As [`tracks_from_labels`].
    pub fn from_labels(ds: &Dataset, var: &str) -> Result<TrackMap> {
        let tracks = tracks_from_labels(ds, var)?;
        let v = ds.get(var)?;
        let (dims, shape) = (v.dims(), v.data().shape());
        let lat = dim_coord(ds, &dims[1], shape[1]);
        let lon = dim_coord(ds, &dims[2], shape[2]);
        let mut map = TrackMap::new(tracks);
        if let (Some(x), Some(y)) = (cell_extent(&lon), cell_extent(&lat)) {
            map.extent = Some((x, y));
        }
        Ok(map)
    }

    /// Set the longitude and latitude ranges shown.
    pub fn extent(mut self, lon: (f64, f64), lat: (f64, f64)) -> Self {
        self.extent = Some((lon, lat));
        self
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

    /// The tracks drawn.
    pub fn tracks(&self) -> &[Track] {
        &self.tracks
    }

    /// Where the map landed in the last rendered image (x = longitude, y = latitude).
    pub fn layout(&self) -> Option<PanelGeometry> {
        self.layout.borrow().clone()
    }

    fn range(&self) -> Result<((f64, f64), (f64, f64))> {
        if let Some(e) = self.extent {
            return Ok(e);
        }
        let pts = || {
            self.tracks
                .iter()
                .flat_map(|t| &t.steps)
                .filter(|s| s.lat.is_finite() && s.lon.is_finite())
        };
        let x = crate::extract::finite_range(pts().map(|s| s.lon));
        let y = crate::extract::finite_range(pts().map(|s| s.lat));
        match (x, y) {
            // Tracks spread round the globe: show the whole longitude circle of their convention.
            (Some(x), Some(y)) if x.1 - x.0 > 300.0 => {
                let lon = if x.0 >= 0.0 { (0.0, 360.0) } else { (-180.0, 180.0) };
                Ok((lon, pad(y)))
            }
            (Some(x), Some(y)) => Ok((pad(x), pad(y))),
            _ => Err(PlotError::input("track map: no track has a finite centroid")),
        }
    }
}

/// Split a centroid line where it crosses the longitude seam of a global map: a step whose
/// longitude jumps by more than 180° is taken as the short way round, so the line runs to the
/// map's west (or east) edge `x.0` (`x.1`) at the latitude interpolated there and continues from
/// the opposite edge.
pub fn split_at_seam(pts: &[(f64, f64)], x: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let mut parts: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for &(lon, lat) in pts {
        if let Some(&(lon0, lat0)) = cur.last() {
            let d = lon - lon0;
            if d.abs() > 180.0 {
                // Unwrapped target and the edges crossed (leaving, entering).
                let (u, leave, enter) = if d > 0.0 {
                    (lon - 360.0, x.0, x.1)
                } else {
                    (lon + 360.0, x.1, x.0)
                };
                let f = if u != lon0 { (leave - lon0) / (u - lon0) } else { 0.0 };
                let lat_s = lat0 + f.clamp(0.0, 1.0) * (lat - lat0);
                cur.push((leave, lat_s));
                parts.push(std::mem::take(&mut cur));
                cur.push((enter, lat_s));
            }
        }
        cur.push((lon, lat));
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

fn pad((lo, hi): (f64, f64)) -> (f64, f64) {
    let d = ((hi - lo) * 0.05).max(0.5);
    (lo - d, hi + d)
}

impl Figure for TrackMap {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let (x, y) = self.range()?;
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(110));
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
        for tr in &self.tracks {
            let c = label_colour(tr.label);
            let pts: Vec<(f64, f64)> = tr
                .steps
                .iter()
                .filter(|s| s.lat.is_finite() && s.lon.is_finite())
                .map(|s| (s.lon, s.lat))
                .collect();
            let (Some(&start), Some(&end)) = (pts.first(), pts.last()) else {
                continue;
            };
            for part in split_at_seam(&pts, x) {
                chart
                    .draw_series(LineSeries::new(part, c.stroke_width(2)))
                    .map_err(draw_err)?;
            }
            chart
                .draw_series(std::iter::once(Circle::new(start, 5, c.filled())))
                .map_err(draw_err)?;
            chart
                .draw_series(std::iter::once(Cross::new(end, 5, BLACK.stroke_width(2))))
                .map_err(draw_err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!(" {}", tr.label),
                    start,
                    style::small(),
                )))
                .map_err(draw_err)?;
        }
        let mut items: Vec<(String, RGBColor)> = self
            .tracks
            .iter()
            .map(|t| (format!("object {}", t.label), label_colour(t.label)))
            .collect();
        items.truncate(40);
        right
            .draw(&Text::new("o start  x end", (8, 30), style::small()))
            .map_err(draw_err)?;
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
        ds.insert(
            "time",
            Variable::time("time", vec![0, 86_400_000_000_000, 172_800_000_000_000]),
        )
        .unwrap();
        ds.insert("lat", Variable::new(["lat"], vec![0.0, 60.0]).unwrap())
            .unwrap();
        ds.insert("lon", Variable::new(["lon"], vec![10.0, 20.0, 30.0]).unwrap())
            .unwrap();
        #[rustfmt::skip]
        let l = vec![
            1, 1, 0,   0, 0, 0,   // t0: object 1 at (0, 10) and (0, 20)
            0, 1, 0,   0, 1, 2,   // t1: object 1 at (0, 20) and (60, 20); object 2 at (60, 30)
            0, 0, 0,   0, 0, 2,   // t2: object 2
        ];
        let l = ndarray::Array3::from_shape_vec((3, 2, 3), l).unwrap().into_dyn();
        ds.insert("labels", Variable::new(["time", "lat", "lon"], l).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn centroids_are_cos_lat_weighted() {
        let tr = tracks_from_labels(&cube(), "labels").unwrap();
        assert_eq!(tr.len(), 2);
        assert_eq!(tr[0].label, 1);
        assert_eq!(tr[0].steps.len(), 2);
        assert_eq!(tr[0].steps[0].lat, 0.0);
        assert!((tr[0].steps[0].lon - 15.0).abs() < 1e-12);
        // t1: weights cos 0 = 1 and cos 60° = 0.5 → lat = (0·1 + 60·0.5)/1.5 = 20.
        assert!((tr[0].steps[1].lat - 20.0).abs() < 1e-9, "{:?}", tr[0].steps[1]);
        assert_eq!(tr[1].steps.iter().map(|s| s.time_index).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(tr[1].steps[1].time, 172_800_000_000_000);
    }

    #[test]
    fn lines_wrap_at_the_seam() {
        // From 170°E to 170°W (−170) going east across 180°: 20° of travel, the seam halfway.
        let parts = split_at_seam(&[(170.0, 0.0), (-170.0, 10.0)], (-180.0, 180.0));
        assert_eq!(
            parts,
            vec![vec![(170.0, 0.0), (180.0, 5.0)], vec![(-180.0, 5.0), (-170.0, 10.0)]]
        );
        // And westward.
        let parts = split_at_seam(&[(-175.0, 0.0), (175.0, -4.0)], (-180.0, 180.0));
        assert_eq!(parts[0], vec![(-175.0, 0.0), (-180.0, -2.0)]);
        assert_eq!(parts[1], vec![(180.0, -2.0), (175.0, -4.0)]);
        // Ordinary steps stay one line.
        assert_eq!(split_at_seam(&[(0.0, 0.0), (100.0, 1.0)], (-180.0, 180.0)).len(), 1);
    }

    #[test]
    fn global_tracks_get_the_whole_longitude_circle() {
        let step = |lon: f64| TrackStep {
            time_index: 0,
            time: NAT,
            lat: 0.0,
            lon,
        };
        let t = |label, lon| Track {
            label,
            steps: vec![step(lon)],
        };
        let (x, _) = TrackMap::new(vec![t(1, -175.0), t(2, 170.0)]).range().unwrap();
        assert_eq!(x, (-180.0, 180.0));
        let (x, _) = TrackMap::new(vec![t(1, 5.0), t(2, 350.0)]).range().unwrap();
        assert_eq!(x, (0.0, 360.0));
        let (x, _) = TrackMap::new(vec![t(1, 10.0), t(2, 30.0)]).range().unwrap();
        assert_eq!(x, (9.0, 31.0));
        assert!(TrackMap::new(vec![]).range().is_err());
    }

    #[test]
    fn csv_round_trip_and_errors() {
        let csv = "label,time_index,time,n_cells,area_km2,centroid_lat,centroid_lon,max_intensity\n\
                   2,5,2020-01-06T00:00:00.000000000,3,1.0,-10.5,200.25,1.0\n\
                   2,4,2020-01-05T00:00:00.000000000,3,1.0,-11,199,1.0\n";
        let tr = tracks_from_csv(csv).unwrap();
        assert_eq!(tr.len(), 1);
        assert_eq!(tr[0].steps[0].time_index, 4, "sorted by time");
        assert_eq!((tr[0].steps[1].lat, tr[0].steps[1].lon), (-10.5, 200.25));
        let e = tracks_from_csv("label,time\n1,x\n").unwrap_err().to_string();
        assert!(e.contains("time_index"), "{e}");
        let e = tracks_from_csv("label,time_index,time,centroid_lat,centroid_lon\n1,0,,abc,3\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2") && e.contains("centroid_lat"), "{e}");
    }

    #[test]
    fn track_line_passes_through_its_centroids() {
        let map = TrackMap::from_labels(&cube(), "labels").unwrap().with_size(700, 500);
        let img = render_rgb(&map).unwrap();
        let g = map.layout().unwrap();
        let c = label_colour(2);
        // Midpoint of object 2's segment (60, 30) → (60, 30) is a single point; object 1's
        // segment from (0, 15) to (20, 20): its midpoint (10, 17.5) is drawn in colour 1.
        let (x, y) = g.to_pixel(17.5, 10.0);
        let c1 = label_colour(1);
        let near = (-2..=2)
            .flat_map(|dx| (-2..=2).map(move |dy| (dx, dy)))
            .any(|(dx, dy)| img.pixel((x + dx) as u32, (y + dy) as u32) == Some([c1.0, c1.1, c1.2]));
        assert!(near, "object 1's line at its segment midpoint");
        let (x, y) = g.to_pixel(30.0, 60.0);
        assert!(
            (-3..=3).any(|d| img.pixel((x + d) as u32, y as u32) == Some([c.0, c.1, c.2])),
            "object 2's start marker"
        );
        let svg = render_svg(&map).unwrap();
        assert!(svg.contains("Object tracks, 1970-01-01 00:00 UTC to 1970-01-03 00:00 UTC"));
        assert!(svg.contains("Longitude (degrees_east)") && svg.contains("Latitude (degrees_north)"));
    }
}
