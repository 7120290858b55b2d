//! Wind barbs (meteorological convention, as matplotlib's `barbs` that ACT draws): the staff
//! points into the wind; half barb 5 kt, full barb 10 kt, pennant 50 kt, speeds rounded to 5 kt;
//! barbs on the clockwise side (northern hemisphere). Speeds are given in m/s and drawn in knots.

use crate::error::{Result, draw_err};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Knots per metre per second.
pub const KNOTS_PER_MS: f64 = 1.943_844;

/// Draw a wind barb at pixel (x, y) of `area` for a wind of `spd_ms` m/s from `dir` degrees,
/// with a staff of `len` px; nothing for non-finite input.
pub fn barb<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    spd_ms: f64,
    dir: f64,
    len: f64,
) -> Result<()> {
    if !(spd_ms.is_finite() && dir.is_finite()) {
        return Ok(());
    }
    let mut kt = (spd_ms * KNOTS_PER_MS / 5.0).round() * 5.0;
    let a = dir.to_radians();
    let (ux, uy) = (a.sin(), -a.cos()); // unit vector toward where the wind comes from (screen y down)
    let (px, py) = (-uy, ux); // perpendicular, barbs on the clockwise side
    let tip = (x as f64 + ux * len, y as f64 + uy * len);
    let pt = |d: f64, o: f64| {
        (
            (tip.0 - ux * d + px * o).round() as i32,
            (tip.1 - uy * d + py * o).round() as i32,
        )
    };
    area.draw(&PathElement::new(vec![(x, y), pt(0.0, 0.0)], BLACK.stroke_width(1)))
        .map_err(draw_err)?;
    let mut d = 0.0;
    while kt >= 50.0 {
        area.draw(&Polygon::new(
            vec![pt(d, 0.0), pt(d + 4.0, len * 0.375), pt(d + 8.0, 0.0)],
            BLACK.filled(),
        ))
        .map_err(draw_err)?;
        d += 9.0;
        kt -= 50.0;
    }
    while kt >= 10.0 {
        area.draw(&PathElement::new(
            vec![pt(d, 0.0), pt(d - 3.0, len * 0.375)],
            BLACK.stroke_width(1),
        ))
        .map_err(draw_err)?;
        d += 4.0;
        kt -= 10.0;
    }
    if kt >= 5.0 {
        let d = if d == 0.0 { 4.0 } else { d };
        area.draw(&PathElement::new(
            vec![pt(d, 0.0), pt(d - 1.5, len * 0.1875)],
            BLACK.stroke_width(1),
        ))
        .map_err(draw_err)?;
    }
    Ok(())
}
