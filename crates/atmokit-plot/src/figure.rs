//! Output: every plot type implements [`Figure`]; [`save`] writes PNG or SVG by the file
//! extension, [`render_rgb`] and [`render_svg`] render in memory (for tests and web pages).

use crate::error::{PlotError, Result, draw_err};
use crate::style;
use atmokit_core::output::{OutputError, OutputOptions, check_target, write_atomic, write_atomic_with};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// A drawable figure of a fixed pixel size.
pub trait Figure {
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32);
    /// Draw onto a white root area of [`Figure::size`].
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>;
}

/// Output format, chosen from the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Portable Network Graphics (raster).
    Png,
    /// Scalable Vector Graphics (text, lines and rectangles as vectors; meshes embedded as PNG).
    Svg,
}

impl Format {
    /// Format from a path's extension (`.png` / `.svg`, case-insensitive).
    pub fn from_path(path: &Path) -> Result<Format> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => Err(PlotError::input(format!(
                "output '{}': extension must be .png or .svg",
                path.display()
            ))),
        }
    }
}

/// Largest figure area: 100 megapixels, a 300 MB RGB buffer (a 20000 × 20000 figure would take
/// 1.2 GB for one plot).
pub const MAX_PIXELS: u64 = 100_000_000;

fn check_size(size: (u32, u32)) -> Result<()> {
    if size.0 < 50 || size.1 < 50 || size.0 > 20_000 || size.1 > 20_000 {
        return Err(PlotError::input(format!(
            "figure size {}x{} px is outside 50..20000",
            size.0, size.1
        )));
    }
    if u64::from(size.0) * u64::from(size.1) > MAX_PIXELS {
        return Err(PlotError::input(format!(
            "figure size {}x{} px is over {MAX_PIXELS} pixels",
            size.0, size.1
        )));
    }
    Ok(())
}

/// An RGB image held in memory (row-major, 3 bytes per pixel).
#[derive(Debug, Clone)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes.
    pub pixels: Vec<u8>,
}

impl RgbImage {
    /// Colour of pixel (x, y) from the top-left corner; `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = ((y * self.width + x) * 3) as usize;
        Some([self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]])
    }
}

/// Render a figure into an RGB buffer (what a PNG would hold); text is rasterised by
/// [`crate::glyphs::TextFix`] (bearings kept, fractional advances).
pub fn render_rgb<F: Figure>(fig: &F) -> Result<RgbImage> {
    style::ensure_font();
    let (w, h) = fig.size();
    check_size((w, h))?;
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    {
        let root = crate::glyphs::TextFix(BitMapBackend::with_buffer(&mut pixels, (w, h))).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        fig.draw(&root)?;
        root.present().map_err(draw_err)?;
    }
    Ok(RgbImage {
        width: w,
        height: h,
        pixels,
    })
}

/// Render a figure to an SVG document.
pub fn render_svg<F: Figure>(fig: &F) -> Result<String> {
    style::ensure_font();
    let (w, h) = fig.size();
    check_size((w, h))?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        fig.draw(&root)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

/// Write a figure to `path` as PNG or SVG (by extension), whole or not at all: rendered in
/// memory, then written by [`atmokit_core::output::write_atomic`] (a temporary file with the
/// process id in its name, renamed into place). Symbolic links, device nodes and folders are
/// refused; [`save_with`] can allow them.
pub fn save<F: Figure>(fig: &F, path: impl AsRef<Path>) -> Result<()> {
    save_with(fig, path, &OutputOptions::default())
}

/// [`save`] with output options (`allow_special`: write through a symbolic link or into a
/// device node or fifo).
pub fn save_with<F: Figure>(fig: &F, path: impl AsRef<Path>, opts: &OutputOptions) -> Result<()> {
    let path = path.as_ref();
    let format = Format::from_path(path)?;
    check_target(path, &[], opts).map_err(output_err)?;
    match format {
        Format::Svg => {
            let text = render_svg(fig)?;
            write_atomic(path, text.as_bytes(), opts).map_err(output_err)
        }
        Format::Png => {
            let img = render_rgb(fig)?;
            write_atomic_with(path, opts, |w| encode_png(&img, w)).map_err(output_err)
        }
    }
}

/// Render a figure to PNG bytes in memory (what [`save`] writes to a `.png` file).
pub fn render_png<F: Figure>(fig: &F) -> Result<Vec<u8>> {
    let img = render_rgb(fig)?;
    let mut out = Vec::new();
    encode_png(&img, &mut out).map_err(draw_err)?;
    Ok(out)
}

/// Encode an RGB image as PNG.
fn encode_png(img: &RgbImage, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    use image::ImageEncoder;
    image::codecs::png::PngEncoder::new(w)
        .write_image(&img.pixels, img.width, img.height, image::ColorType::Rgb8)
        .map_err(std::io::Error::other)
}

/// An output error as this crate's error: refusals are input errors, failures I/O errors.
pub(crate) fn output_err(e: OutputError) -> PlotError {
    match e {
        OutputError::Io { path, source } => PlotError::Io {
            path: path.display().to_string(),
            source,
        },
        other => PlotError::Input(other.to_string()),
    }
}

/// Width and height stored in a PNG file's header (bytes 16..24 of the IHDR chunk).
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_bounded_by_side_and_area() {
        assert!(check_size((1000, 800)).is_ok());
        assert!(check_size((10_000, 10_000)).is_ok());
        assert!(check_size((20_000, 20_000)).is_err(), "1.2 GB of RGB for one figure");
        assert!(check_size((49, 100)).is_err());
        assert!(check_size((20_001, 100)).is_err());
    }

    /// A figure that fills a red square in its top-left corner.
    struct Square;

    impl Figure for Square {
        fn size(&self) -> (u32, u32) {
            (120, 80)
        }
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
            root.draw(&Rectangle::new([(0, 0), (10, 10)], RED.filled()))
                .map_err(draw_err)
        }
    }

    #[test]
    fn png_bytes_decode_to_the_rendered_pixels() {
        let png = render_png(&Square).unwrap();
        assert_eq!(png_size(&png), Some((120, 80)));
        let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .to_rgb8();
        let rgb = render_rgb(&Square).unwrap();
        assert_eq!(img.as_raw(), &rgb.pixels);
        assert_eq!(rgb.pixel(5, 5), Some([255, 0, 0]));
        assert_eq!(rgb.pixel(50, 50), Some([255, 255, 255]));
    }
}
