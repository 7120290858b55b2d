//! Wind glyphs over a time-height mesh (ACT `TimeSeriesDisplay.plot_barbs_from_spd_dir`,
//! `plot_barbs_from_u_v` on 2-D data, and matplotlib `quiver` arrows): barbs in knots
//! ([`crate::barbs`]) or arrows pointing downwind with a length proportional to the speed, from
//! speed and direction or from u and v components, with a caption stating the units.
//!
//! Speed and direction from components (meteorological direction, where the wind comes from):
//! s = √(u² + v²), d = atan2(−u, −v) mod 360° (the inverse of
//! [`crate::hodograph::wind_components`]).

use crate::barbs::barb;
use crate::error::{PlotError, Result, draw_err};
use crate::mesh_bins::nearest_indices;
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Which two variables a wind layer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindInput {
    /// Speed and meteorological direction (degrees the wind comes from).
    SpeedDirection(String, String),
    /// Eastward (u) and northward (v) components.
    Components(String, String),
}

impl WindInput {
    /// The two variable names.
    pub fn names(&self) -> [&str; 2] {
        match self {
            WindInput::SpeedDirection(a, b) | WindInput::Components(a, b) => [a, b],
        }
    }
}

/// How a wind layer draws each sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindGlyph {
    /// Wind barbs in knots (half 5 kt, full 10 kt, pennant 50 kt).
    Barb,
    /// Arrows pointing downwind, length proportional to speed, with a reference arrow.
    Quiver,
}

/// Wind glyphs drawn over a mesh panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindLayer {
    /// The variables read.
    pub input: WindInput,
    /// How they are drawn.
    pub glyph: WindGlyph,
}

/// Spacing of time-height glyphs (px between glyph positions, across and up).
pub const GLYPH_STEP: (u32, u32) = (40, 30);

/// Pixel length of the quiver reference arrow (and of an arrow of the reference speed).
pub const QUIVER_REF_PX: f64 = 25.0;

/// Speed (same units as u, v) and meteorological direction (degrees, 0–360) of (u, v).
pub fn wind_from_components(u: f64, v: f64) -> (f64, f64) {
    let s = u.hypot(v);
    let d = (-u).atan2(-v).to_degrees().rem_euclid(360.0);
    (s, d)
}

/// A 1-2-5 round number near `x` (the quiver reference speed), at least 1.
pub fn reference_speed(x: f64) -> f64 {
    if !(x.is_finite() && x > 1.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let r = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    r * p
}

/// Speed (m/s) and direction (degrees) of every sample of `layer` whose variables have the
/// mesh's `shape`; speeds in other units (knots, km/h) are converted to m/s from their `units`.
pub fn speed_direction(ds: &Dataset, layer: &WindLayer, shape: &[usize]) -> Result<(Vec<f64>, Vec<f64>)> {
    let [a, b] = layer.input.names();
    for f in [a, b] {
        let s = ds.get(f)?.shape();
        if s != shape {
            return Err(PlotError::input(format!(
                "wind glyphs: '{f}' has shape {s:?}; the mesh has {shape:?}"
            )));
        }
    }
    let in_ms = |f: &str| -> Result<Vec<f64>> {
        let mut v = ds.values_f64(f)?;
        if let Some(u) = ds.var(f).and_then(|v| v.units()) {
            let u = u.trim();
            if !u.is_empty() && u != "m/s" && u != "m s-1" && u != "m s^-1" {
                atmokit_physics::units::convert_f64(&mut v, u, "m/s")
                    .map_err(|e| PlotError::input(format!("wind glyphs: '{f}' in '{u}' is not a speed: {e}")))?;
            }
        }
        Ok(v)
    };
    match &layer.input {
        WindInput::SpeedDirection(s, d) => Ok((in_ms(s)?, ds.values_f64(d)?)),
        WindInput::Components(u, v) => {
            let (u, v) = (in_ms(u)?, in_ms(v)?);
            Ok(u.iter().zip(&v).map(|(&u, &v)| wind_from_components(u, v)).unzip())
        }
    }
}

/// Draw `layer` over the plotting `area` of a mesh of `shape` (time, y) with coordinates
/// `(t, yc)` shown over ranges `(x, yr)`: one glyph every [`GLYPH_STEP`] px from the sample
/// nearest its position (none in data gaps or where the wind is missing), and a caption.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    layer: &WindLayer,
    shape: &[usize],
    (t, yc): (&[f64], &[f64]),
    (x, yr): ((f64, f64), (f64, f64)),
) -> Result<()> {
    let (s, d) = speed_direction(ds, layer, shape)?;
    let (w, h) = area.dim_in_pixel();
    let cols = nearest_indices(t, x.0, x.1, w, true);
    let rows = nearest_indices(yc, yr.0, yr.1, h, false);
    let ny = shape.get(1).copied().unwrap_or(1);
    let mut finite: Vec<f64> = s.iter().copied().filter(|v| v.is_finite()).collect();
    finite.sort_by(f64::total_cmp);
    let reference = reference_speed(finite.get(finite.len() / 2).copied().unwrap_or(1.0));
    for px in (GLYPH_STEP.0 / 2..w).step_by(GLYPH_STEP.0 as usize) {
        for py in (GLYPH_STEP.1 / 2..h).step_by(GLYPH_STEP.1 as usize) {
            if let (Some(Some(it)), Some(Some(iy))) = (cols.get(px as usize), rows.get(py as usize)) {
                let k = it * ny + iy;
                if let (Some(&sv), Some(&dv)) = (s.get(k), d.get(k)) {
                    let at = (px as i32, py as i32);
                    match layer.glyph {
                        WindGlyph::Barb => barb(area, at, sv, dv, 20.0)?,
                        WindGlyph::Quiver => arrow(area, at, sv / reference * QUIVER_REF_PX, dv)?,
                    }
                }
            }
        }
    }
    caption(area, layer.glyph, reference)
}

/// An arrow of `len` px from (x, y) pointing downwind for a wind from `dir` degrees.
fn arrow<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, (x, y): (i32, i32), len: f64, dir: f64) -> Result<()> {
    if !(len.is_finite() && dir.is_finite()) {
        return Ok(());
    }
    let a = dir.to_radians();
    // Downwind unit vector on screen (y down): (−sin d, +cos d).
    let (ux, uy) = (-a.sin(), a.cos());
    let tip = (x as f64 + ux * len, y as f64 + uy * len);
    let head = 4.0f64.min(len * 0.5);
    let p = |dx: f64, dy: f64| ((tip.0 + dx).round() as i32, (tip.1 + dy).round() as i32);
    area.draw(&PathElement::new(vec![(x, y), p(0.0, 0.0)], BLACK.stroke_width(1)))
        .map_err(draw_err)?;
    let (bx, by) = (-ux * head, -uy * head);
    let (nx, ny) = (-uy * head * 0.6, ux * head * 0.6);
    area.draw(&Polygon::new(
        vec![p(0.0, 0.0), p(bx + nx, by + ny), p(bx - nx, by - ny)],
        BLACK.filled(),
    ))
    .map_err(draw_err)
}

/// The caption stating the glyphs' units, in the panel's top-left corner on a white box.
fn caption<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, glyph: WindGlyph, reference: f64) -> Result<()> {
    let text = match glyph {
        WindGlyph::Barb => "barbs in knots: half 5 kt, full 10 kt, pennant 50 kt".to_string(),
        WindGlyph::Quiver => format!("arrows: {} m/s", crate::ticks::format_number(reference, reference)),
    };
    let font = style::small();
    let (tw, th) = area.estimate_text_size(&text, &font).map_err(draw_err)?;
    let extra = if glyph == WindGlyph::Quiver {
        QUIVER_REF_PX as u32 + 8
    } else {
        0
    };
    area.draw(&Rectangle::new(
        [(4, 4), (12 + (tw + extra) as i32, 10 + th as i32)],
        WHITE.mix(0.85).filled(),
    ))
    .map_err(draw_err)?;
    area.draw(&Text::new(text, (8, 7), font)).map_err(draw_err)?;
    if glyph == WindGlyph::Quiver {
        // A wind from 270° (westerly) points right: the reference arrow.
        let y = 7 + th as i32 / 2;
        arrow(area, (12 + tw as i32, y), QUIVER_REF_PX, 270.0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_invert_the_hodograph_components() {
        for (s, d) in [(10.0, 0.0), (5.0, 90.0), (7.5, 225.0), (3.0, 359.0)] {
            let (u, v) = crate::hodograph::wind_components(s, d);
            let (s2, d2) = wind_from_components(u, v);
            assert!((s2 - s).abs() < 1e-9 && (d2 - d).abs() < 1e-9, "{s} {d} -> {s2} {d2}");
        }
        // A westerly (u > 0) comes from 270°, a southerly (v > 0) from 180°.
        assert!((wind_from_components(4.0, 0.0).1 - 270.0).abs() < 1e-9);
        assert!((wind_from_components(0.0, 4.0).1 - 180.0).abs() < 1e-9);
    }

    #[test]
    fn reference_speeds_are_round() {
        assert_eq!(reference_speed(0.3), 1.0);
        assert_eq!(reference_speed(2.9), 2.0);
        assert_eq!(reference_speed(6.0), 5.0);
        assert_eq!(reference_speed(13.0), 10.0);
        assert_eq!(reference_speed(f64::NAN), 1.0);
    }
}
