//! Text in PNGs, rasterised here with ab_glyph at fractional pen positions.
//!
//! plotters 0.3.7's ab_glyph text drops each glyph's left side bearing and truncates every
//! position to whole pixels, so letter spacing is uneven (`warn_delta` reads as `wam_delta`).
//! [`TextFix`] wraps a raster backend and draws text itself: glyphs sit at the pen position
//! (advances plus kerning, kept fractional) with their own bearings, covered with anti-aliasing.
//! The layout box, anchors, rotation and vertical placement are plotters' own, so charts keep
//! their layout. SVG output keeps text as text and does not need this.

use crate::style;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use std::sync::OnceLock;

/// The embedded DejaVu Sans, parsed once.
fn font() -> Option<&'static FontRef<'static>> {
    static FONT: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(style::DEJAVU).ok())
        .as_ref()
}

/// One glyph to draw: its pixel coverage `(x, y, coverage)` relative to the text's layout box.
type Ink = Vec<(i32, i32, f32)>;

/// Lay out `text` at `size` px: every covered pixel relative to the layout box's top left, and the
/// box's width and height as plotters computes them (advances plus kerning; size / 1.24).
pub fn rasterize(text: &str, size: f64) -> Option<(Ink, i32, i32)> {
    let font = font()?.as_scaled(PxScale::from(size as f32));
    let mut ink = Vec::new();
    let mut pen = 0f32;
    let mut prev = None;
    // plotters puts the baseline at half the font size below the top of the layout box.
    let baseline = size as f32 / 2.0;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(font.scale(), point(pen, baseline));
        if let Some(q) = font.outline_glyph(glyph) {
            let b = q.px_bounds();
            let (x0, y0) = (b.min.x as i32, b.min.y as i32);
            q.draw(|x, y, c| ink.push((x0 + x as i32, y0 + y as i32, c)));
        }
        pen += font.h_advance(id);
    }
    Some((ink, pen as i32, (size / 1.24) as i32))
}

/// A raster backend whose text is drawn by [`rasterize`]; everything else is delegated.
#[derive(Debug)]
pub struct TextFix<B>(pub B);

impl<B: DrawingBackend> DrawingBackend for TextFix<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(c, r, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, s)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (w, h): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, (w, h), src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match rasterize(text, style.size()) {
            Some((_, w, h)) => Ok((w.max(0) as u32, h.max(0) as u32)),
            None => self.0.estimate_text_size(text, style),
        }
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let Some((ink, width, height)) = rasterize(text, style.size()) else {
            return self.0.draw_text(text, style, pos);
        };
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let trans = style.transform();
        let (w, h) = self.get_size();
        for (x, y, c) in ink {
            let (x, y) = trans.transform(x + dx, y + dy);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 && c > 0.0 {
                let a = (color.alpha * f64::from(c.min(1.0))).clamp(0.0, 1.0);
                self.0.draw_pixel(
                    (x, y),
                    BackendColor {
                        alpha: a,
                        rgb: color.rgb,
                    },
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::Font;

    /// Inked columns of `text` (coverage above one half), as sorted unique x.
    fn columns(text: &str, size: f64) -> Vec<i32> {
        let (ink, _, _) = rasterize(text, size).unwrap();
        let mut xs: Vec<i32> = ink.iter().filter(|p| p.2 > 0.5).map(|p| p.0).collect();
        xs.sort_unstable();
        xs.dedup();
        xs
    }

    #[test]
    fn glyphs_start_at_pen_plus_left_bearing() {
        // Independent layout from the font tables: the pen advances by h_advance (plus kerning),
        // and a glyph's ink starts at pen + h_side_bearing.
        let size = 12.0f32;
        let f = font().unwrap().as_scaled(PxScale::from(size));
        let text = "warn_delta";
        let mut pen = 0f32;
        let mut prev = None;
        let (ink, _, _) = rasterize(text, f64::from(size)).unwrap();
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                pen += f.kern(p, id);
            }
            prev = Some(id);
            let left = pen + f.h_side_bearing(id);
            let right = pen + f.h_advance(id) - 0.5;
            // Some ink of this glyph starts within one pixel of its true left edge.
            let near = ink
                .iter()
                .any(|p| p.2 > 0.0 && (p.0 as f32 - left).abs() <= 1.0 && (p.0 as f32) < right);
            assert!(near, "'{c}' expected to start at {left:.2}");
            pen += f.h_advance(id);
        }
    }

    #[test]
    fn r_and_n_do_not_merge_into_m() {
        // "rn" at 12 px: some column between the r's stem and the n has no solid ink (plotters'
        // truncated positions without bearings let them touch: "wam_delta").
        let cols = columns("rn", 12.0);
        let gaps = cols.windows(2).filter(|w| w[1] - w[0] > 1).count();
        assert!(gaps >= 1, "ink columns {cols:?}");
    }

    #[test]
    fn png_text_goes_through_the_wrapper() {
        use plotters::prelude::*;
        // "rn" drawn on a bitmap through TextFix: the same gap between r and n as rasterize gives.
        style::ensure_font();
        let (w, h) = (40u32, 20u32);
        let mut buf = vec![255u8; (w * h * 3) as usize];
        {
            let root = TextFix(BitMapBackend::with_buffer(&mut buf, (w, h))).into_drawing_area();
            root.draw(&Text::new("rn", (2, 2), style::tick())).unwrap();
            root.present().unwrap();
        }
        let dark = |x: u32| (0..h).any(|y| buf[((y * w + x) * 3) as usize] < 128);
        let cols: Vec<i32> = (0..w).filter(|&x| dark(x)).map(|x| x as i32 - 2).collect();
        assert_eq!(cols, columns("rn", 12.0), "bitmap ink columns = rasterize's");
    }

    #[test]
    fn layout_box_matches_plotters_and_period_sits_on_the_baseline() {
        let (_, w, h) = rasterize("0.5", 12.0).unwrap();
        assert_eq!(h, (12.0 / 1.24) as i32);
        assert!(w > 12 && w < 24, "{w}");
        // The period's ink is at the bottom of the digits' ink, not at mid height.
        let (ink, _, _) = rasterize("0.", 12.0).unwrap();
        let zero_x_max = ink.iter().filter(|p| p.2 > 0.5).map(|p| p.0).min().unwrap() + 5;
        let digits_bottom = ink
            .iter()
            .filter(|p| p.2 > 0.5 && p.0 < zero_x_max)
            .map(|p| p.1)
            .max()
            .unwrap();
        let dot_bottom = ink
            .iter()
            .filter(|p| p.2 > 0.5 && p.0 > zero_x_max + 1)
            .map(|p| p.1)
            .max()
            .unwrap();
        assert!(
            (dot_bottom - digits_bottom).abs() <= 1,
            "dot {dot_bottom} vs digits {digits_bottom}"
        );
    }
}
