//! The base map shipped with atmokit-plot: Natural Earth's 1:110m coastlines and admin-0
//! country borders (public domain, naturalearthdata.com, version 4.1.0 as redistributed in
//! TopoJSON by the npm package `world-atlas` 2.0.2, ISC licence), stored as polylines in
//! hundredths of a degree (`data/ne_110m.bin`, 36 kB, made by `scripts/basemap-ne110m.py`).
//!
//! Lines are drawn on plain longitude/latitude axes (Plate Carrée, as ACT's
//! `GeographicPlotDisplay` default projection), clipped to the map's extent; maps whose
//! longitudes run 0–360 get the lines shifted by ±360° where they fall in range.

use crate::chart2d::XY;
use crate::error::{PlotError, Result, draw_err};
use plotters::prelude::*;
use std::sync::OnceLock;

/// What a base-map line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A coastline (edge of Natural Earth's land).
    Coast,
    /// A land border between two countries.
    Border,
}

/// One polyline of the base map, points (longitude, latitude) in degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLine {
    /// Coastline or border.
    pub kind: LineKind,
    /// Points (longitude °E, latitude °N).
    pub points: Vec<(f64, f64)>,
}

/// Colour of coastlines.
pub const COAST: RGBColor = RGBColor(40, 40, 40);
/// Colour of country borders.
pub const BORDER: RGBColor = RGBColor(150, 150, 150);

static NE110: &[u8] = include_bytes!("../data/ne_110m.bin");

/// Parse the base-map format of `scripts/basemap-ne110m.py` (magic `ATKNE110`, u32 line count,
/// per line u8 kind, u32 point count, i16 (lon, lat) pairs in 0.01°, little-endian).
///
/// # Errors
/// A wrong magic, a truncated file or an unknown line kind (the message says which).
pub fn parse(bytes: &[u8]) -> Result<Vec<MapLine>> {
    let bad = |what: &str| PlotError::input(format!("base map: {what}"));
    let rest = bytes
        .strip_prefix(b"ATKNE110".as_slice())
        .ok_or_else(|| bad("not an ATKNE110 file"))?;
    let mut pos = 0usize;
    let mut take = |n: usize| -> Result<&[u8]> {
        let s = rest.get(pos..pos + n).ok_or_else(|| bad("truncated"))?;
        pos += n;
        Ok(s)
    };
    let u32_at = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize;
    let n = u32_at(take(4)?);
    let mut lines = Vec::with_capacity(n.min(bytes.len() / 9));
    for _ in 0..n {
        let kind = match take(1)?[0] {
            0 => LineKind::Coast,
            1 => LineKind::Border,
            k => return Err(bad(&format!("unknown line kind {k}"))),
        };
        let m = u32_at(take(4)?);
        let raw = take(m.checked_mul(4).ok_or_else(|| bad("truncated"))?)?;
        let points = raw
            .chunks_exact(4)
            .map(|c| {
                let lon = i16::from_le_bytes([c[0], c[1]]);
                let lat = i16::from_le_bytes([c[2], c[3]]);
                (f64::from(lon) / 100.0, f64::from(lat) / 100.0)
            })
            .collect();
        lines.push(MapLine { kind, points });
    }
    Ok(lines)
}

/// Natural Earth 1:110m coastlines and borders (parsed once).
pub fn natural_earth_110m() -> &'static [MapLine] {
    static LINES: OnceLock<Vec<MapLine>> = OnceLock::new();
    LINES.get_or_init(|| parse(NE110).unwrap_or_default())
}

/// Clip segment a–b to the rectangle `x` × `y` (Liang–Barsky); `None` when it lies outside.
pub fn clip_segment(a: (f64, f64), b: (f64, f64), x: (f64, f64), y: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - x.0), (dx, x.1 - a.0), (-dy, a.1 - y.0), (dy, y.1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// The pieces of `lines` inside the extent `x` × `y` (longitude, latitude), each line also
/// tried shifted by ±360° so 0–360 maps get their coasts; lines are broken where they wrap at
/// the date line.
pub fn clipped(lines: &[MapLine], x: (f64, f64), y: (f64, f64)) -> Vec<(LineKind, Vec<(f64, f64)>)> {
    let mut out = Vec::new();
    for line in lines {
        for shift in [-360.0, 0.0, 360.0] {
            let mut cur: Vec<(f64, f64)> = Vec::new();
            for w in line.points.windows(2) {
                let (a, b) = ((w[0].0 + shift, w[0].1), (w[1].0 + shift, w[1].1));
                // A step of more than 180° of longitude is a wrap at the date line, not a line
                // across the whole map.
                let wraps = (b.0 - a.0).abs() > 180.0;
                match clip_segment(a, b, x, y).filter(|_| !wraps) {
                    Some((p, q)) => {
                        if cur.last() != Some(&p) {
                            if cur.len() >= 2 {
                                out.push((line.kind, std::mem::take(&mut cur)));
                            }
                            cur.clear();
                            cur.push(p);
                        }
                        cur.push(q);
                    }
                    None => {
                        if cur.len() >= 2 {
                            out.push((line.kind, std::mem::take(&mut cur)));
                        }
                        cur.clear();
                    }
                }
            }
            if cur.len() >= 2 {
                out.push((line.kind, cur));
            }
        }
    }
    out
}

/// Draw the shipped coastlines and borders on a longitude/latitude chart with extent `x` × `y`.
///
/// # Errors
/// A drawing-backend failure.
pub fn draw<DB: DrawingBackend>(chart: &mut ChartContext<'_, DB, XY>, x: (f64, f64), y: (f64, f64)) -> Result<()> {
    for (kind, pts) in clipped(natural_earth_110m(), x, y) {
        let style = match kind {
            LineKind::Coast => COAST.stroke_width(1),
            LineKind::Border => BORDER.stroke_width(1),
        };
        chart.draw_series(LineSeries::new(pts, style)).map_err(draw_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_map_parses_with_coasts_and_borders() {
        let lines = parse(NE110).unwrap();
        assert_eq!(lines.len(), 594);
        let coasts = lines.iter().filter(|l| l.kind == LineKind::Coast).count();
        assert!(coasts > 100 && coasts < lines.len(), "{coasts}");
        for l in &lines {
            for &(lon, lat) in &l.points {
                assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
            }
        }
    }

    #[test]
    fn gulf_coast_and_us_mexico_border_are_where_they_are() {
        // Independent facts: the US Gulf coast crosses 90°W between 29°N and 30.5°N (the
        // Mississippi delta, ~29.3°N), and the US–Mexico land border crosses 106.5°W at
        // ~31.8°N (El Paso / Ciudad Juárez).
        let lines = natural_earth_110m();
        let crossing = |kind: LineKind, lon: f64| -> Vec<f64> {
            let mut lats = Vec::new();
            for l in lines.iter().filter(|l| l.kind == kind) {
                for w in l.points.windows(2) {
                    let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                    if (x0 - lon) * (x1 - lon) <= 0.0 && x0 != x1 {
                        lats.push(y0 + (lon - x0) / (x1 - x0) * (y1 - y0));
                    }
                }
            }
            lats
        };
        let gulf = crossing(LineKind::Coast, -90.0);
        assert!(gulf.iter().any(|&l| (28.8..30.5).contains(&l)), "{gulf:?}");
        let border = crossing(LineKind::Border, -106.5);
        assert!(border.iter().any(|&l| (31.0..32.5).contains(&l)), "{border:?}");
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        assert!(parse(b"").is_err());
        assert!(
            parse(b"ATKNE110\x01\x00\x00\x00")
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(
            parse(b"ATKNE110\x01\x00\x00\x00\x07")
                .unwrap_err()
                .to_string()
                .contains("kind 7")
        );
        let huge = b"ATKNE110\x01\x00\x00\x00\x00\xff\xff\xff\xff";
        assert!(parse(huge).is_err());
        assert_eq!(parse(b"ATKNE110\x00\x00\x00\x00").unwrap(), vec![]);
    }

    #[test]
    fn clipping_keeps_the_inside_part() {
        let c = clip_segment((-1.0, 0.5), (2.0, 0.5), (0.0, 1.0), (0.0, 1.0)).unwrap();
        assert_eq!(c, ((0.0, 0.5), (1.0, 0.5)));
        assert!(clip_segment((2.0, 2.0), (3.0, 3.0), (0.0, 1.0), (0.0, 1.0)).is_none());
        // A line at 170°W shows up at 190° on a 0–360 map.
        let l = [MapLine {
            kind: LineKind::Coast,
            points: vec![(-170.0, 0.0), (-170.0, 10.0)],
        }];
        let got = clipped(&l, (180.0, 200.0), (-5.0, 5.0));
        assert_eq!(got, vec![(LineKind::Coast, vec![(190.0, 0.0), (190.0, 5.0)])]);
        // A coast stepping from 179°E to 179°W (Fiji, Chukotka) does not cross a global map.
        let l = [MapLine {
            kind: LineKind::Coast,
            points: vec![(178.0, -17.0), (179.0, -17.0), (-179.0, -17.0), (-178.0, -17.0)],
        }];
        let got = clipped(&l, (-180.0, 180.0), (-90.0, 90.0));
        assert_eq!(
            got,
            vec![
                (LineKind::Coast, vec![(178.0, -17.0), (179.0, -17.0)]),
                (LineKind::Coast, vec![(-179.0, -17.0), (-178.0, -17.0)]),
            ]
        );
    }
}
