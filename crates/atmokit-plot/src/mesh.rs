//! Time-height (any 2-D) colour meshes rasterised at the output's pixel resolution, and the
//! hand-made colorbar (plotters 0.3 has neither).
//!
//! Instead of one rectangle per cell (what matplotlib's `pcolormesh` does, ACT's 2-D bottleneck),
//! every output pixel combines the samples that fall into it (mean, or max for thin layers;
//! [`crate::mesh_bins`]), or takes the nearest sample when the data are coarser than the pixels.
//! The cost is O(samples + pixels). A pixel farther than one sampling step from any sample (a
//! data gap) is left blank, where matplotlib's `shading='auto'` would stretch the neighbouring
//! cells across the gap; [`rasterize_with`] and [`Gaps::Stretch`] do that too.

use crate::colormap::Colormap;
use crate::error::{Result, draw_err};
pub use crate::mesh_bins::Gaps;
pub use crate::mesh_bins::nearest_indices;
use crate::mesh_bins::{Aggregate, pixel_bins_with};
use crate::panel::TickedAxis;
use crate::style;
use crate::ticks::nice_ticks;
use atmokit_core::Numeric;
use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::element::BitMapElement;
use plotters::prelude::*;

/// Colour scale of a mesh: limits and colormap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorScale {
    /// Value at the bottom of the colormap (lower values are clamped).
    pub vmin: f64,
    /// Value at the top (higher values are clamped).
    pub vmax: f64,
    /// The colormap.
    pub cmap: Colormap,
    /// Logarithmic scale: colours follow log10 of the value (values ≤ 0 take the bottom colour,
    /// as values below `vmin` do); needs 0 < vmin < vmax.
    pub log: bool,
}

impl ColorScale {
    /// A linear scale.
    pub fn linear(vmin: f64, vmax: f64, cmap: Colormap) -> ColorScale {
        ColorScale {
            vmin,
            vmax,
            cmap,
            log: false,
        }
    }

    /// The limits in the space colours are interpolated in (log10 for log scales).
    pub fn limits(&self) -> (f64, f64) {
        if self.log {
            (
                self.vmin.max(f64::MIN_POSITIVE).log10(),
                self.vmax.max(f64::MIN_POSITIVE).log10(),
            )
        } else {
            (self.vmin, self.vmax)
        }
    }
}

/// Rasterise `z[(ix, iy)]` (x along axis 0) into a `w`×`h` RGB image covering x ∈ `xr` (left to
/// right) and y ∈ `yr` (bottom to top). Every finite sample inside the ranges contributes to the
/// pixel it falls in, combined by `agg` ([`crate::mesh_bins`]); values below the colour range
/// (and values ≤ 0 on a log scale) take the bottom colour, values above it the top colour.
/// Pixels with no finite sample (missing data, gaps) get `bg`.
#[allow(clippy::too_many_arguments)]
pub fn rasterize<T: Numeric>(
    z: ArrayView2<'_, T>,
    x: &[f64],
    y: &[f64],
    xr: (f64, f64),
    yr: (f64, f64),
    (w, h): (u32, u32),
    scale: &ColorScale,
    agg: Aggregate,
    bg: [u8; 3],
) -> Vec<u8> {
    rasterize_with(z, x, y, xr, yr, (w, h), scale, agg, bg, Gaps::Blank)
}

/// [`rasterize`] with a choice of what fills the pixels of a data gap along either axis:
/// [`Gaps::Blank`] leaves them `bg`, [`Gaps::Stretch`] gives them their nearest sample
/// (matplotlib's `pcolormesh`, as ACT draws).
#[allow(clippy::too_many_arguments)]
pub fn rasterize_with<T: Numeric>(
    z: ArrayView2<'_, T>,
    x: &[f64],
    y: &[f64],
    xr: (f64, f64),
    yr: (f64, f64),
    (w, h): (u32, u32),
    scale: &ColorScale,
    agg: Aggregate,
    bg: [u8; 3],
    gaps: Gaps,
) -> Vec<u8> {
    raster_with_limit(z, (x, y), (xr, yr), (w, h), scale, (agg, gaps), bg, COLUMN_CELLS)
}

/// [`rasterize_with`] keeping at most `limit` column partials.
#[allow(clippy::too_many_arguments)]
fn raster_with_limit<T: Numeric>(
    z: ArrayView2<'_, T>,
    (x, y): (&[f64], &[f64]),
    (xr, yr): ((f64, f64), (f64, f64)),
    (w, h): (u32, u32),
    scale: &ColorScale,
    (agg, gaps): (Aggregate, Gaps),
    bg: [u8; 3],
    limit: usize,
) -> Vec<u8> {
    let cols = pixel_bins_with(x, xr, w, true, gaps);
    let rows = pixel_bins_with(y, yr, h, false, gaps);
    let lut = scale.cmap.lut();
    let (lo, hi) = scale.limits();
    let span = hi - lo;
    let inv = if span > 0.0 { 255.0 / span } else { 0.0 };
    let log = scale.log;
    let (nx, ny) = z.dim();
    let w_us = w as usize;
    // First combine each pixel column's samples gate by gate (one pass over the data, rows read
    // in memory order), then each pixel's gates from its column: O(samples + w·gates). A field
    // with very many gates per column falls back to combining each pixel directly.
    let columns: Option<Vec<Acc>> = (w_us.saturating_mul(ny) <= limit).then(|| {
        let mut part = vec![Acc::new(agg); w_us * ny];
        for px in 0..w_us {
            let acc = &mut part[px * ny..(px + 1) * ny];
            for &ix in cols.get(px).iter().filter(|&&i| i < nx) {
                for (a, v) in acc.iter_mut().zip(z.row(ix).iter()) {
                    a.add(v.to_f64());
                }
            }
        }
        part
    });
    let mut buf = vec![0u8; (w * h * 3) as usize];
    for py in 0..h as usize {
        let gates = rows.get(py);
        let line = &mut buf[py * w_us * 3..(py + 1) * w_us * 3];
        for px in 0..w_us {
            let mut acc = Acc::new(agg);
            match &columns {
                Some(part) => {
                    for &iy in gates.iter().filter(|&&j| j < ny) {
                        acc.merge(&part[px * ny + iy]);
                    }
                }
                None => {
                    for &ix in cols.get(px).iter().filter(|&&i| i < nx) {
                        for &iy in gates.iter().filter(|&&j| j < ny) {
                            acc.add(z[(ix, iy)].to_f64());
                        }
                    }
                }
            }
            let rgb = match acc.value() {
                Some(v) if log && v <= 0.0 => lut[0],
                Some(v) => {
                    let v = if log { v.log10() } else { v };
                    lut[((v - lo) * inv).round().clamp(0.0, 255.0) as usize]
                }
                None => bg,
            };
            line[px * 3..px * 3 + 3].copy_from_slice(&rgb);
        }
    }
    buf
}

/// Largest number of (pixel column, gate) partial results kept while rasterising (4 M, 128 MB
/// at most); beyond it each pixel is combined directly from the data.
const COLUMN_CELLS: usize = 4_000_000;

/// Running mean or max of the finite samples of one pixel.
#[derive(Clone, Copy)]
struct Acc {
    agg: Aggregate,
    sum: f64,
    max: f64,
    n: usize,
}

impl Acc {
    fn new(agg: Aggregate) -> Acc {
        Acc {
            agg,
            sum: 0.0,
            max: f64::NEG_INFINITY,
            n: 0,
        }
    }

    fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.sum += v;
            self.max = self.max.max(v);
            self.n += 1;
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.sum += o.sum;
        self.max = self.max.max(o.max);
        self.n += o.n;
    }

    fn value(&self) -> Option<f64> {
        (self.n > 0).then(|| match self.agg {
            Aggregate::Mean => self.sum / self.n as f64,
            Aggregate::Max => self.max,
        })
    }
}

/// Blit an RGB buffer of exactly the plotting area's pixel size onto it.
pub fn blit<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, (w, h): (u32, u32), buf: Vec<u8>) -> Result<()> {
    if let Some(elem) = BitMapElement::<(i32, i32)>::with_owned_buffer((0, 0), (w, h), buf) {
        area.draw(&elem).map_err(draw_err)?;
    }
    Ok(())
}

/// Draw a vertical colorbar filling `area`: gradient bar, value ticks on the right and `label`.
pub fn draw_colorbar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, scale: &ColorScale, label: &str) -> Result<()> {
    let (lo, hi) = scale.limits();
    let (vmin, vmax) = if hi > lo { (lo, hi) } else { (lo - 0.5, lo + 0.5) };
    let ticks = if scale.log {
        let t: Vec<f64> = (vmin.ceil() as i32..=vmax.floor() as i32).map(f64::from).collect();
        if t.len() >= 2 { t } else { nice_ticks(vmin, vmax, 5) }
    } else {
        nice_ticks(vmin, vmax, 6)
    };
    let log = scale.log;
    let fmt = move |v: &f64| {
        if log {
            let x = 10f64.powf(*v);
            crate::ticks::format_number(x, x * 10.0)
        } else {
            crate::ticks::format_number(*v, vmax - vmin)
        }
    };
    let mut chart = ChartBuilder::on(area)
        .margin_top(8)
        .margin_bottom(48)
        .margin_left(4)
        .margin_right(6)
        .set_label_area_size(LabelAreaPosition::Right, 62)
        .build_cartesian_2d(0f64..1f64, TickedAxis::new(vmin, vmax, ticks))
        .map_err(draw_err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .disable_y_mesh()
        .disable_x_axis()
        .y_label_style(style::tick())
        .y_label_formatter(&fmt)
        .axis_desc_style(style::axis_desc())
        .y_desc(label)
        .draw()
        .map_err(draw_err)?;
    let (w, h) = chart.plotting_area().dim_in_pixel();
    let lut = scale.cmap.lut();
    let mut buf = Vec::with_capacity((w * h * 3) as usize);
    for py in 0..h {
        let k = (255.0 * (1.0 - (f64::from(py) + 0.5) / f64::from(h))).round() as usize;
        for _ in 0..w {
            buf.extend_from_slice(&lut[k.min(255)]);
        }
    }
    blit(&chart.plotting_area().strip_coord_spec(), (w, h), buf)?;
    chart
        .plotting_area()
        .strip_coord_spec()
        .draw(&Rectangle::new(
            [(0, 0), (w as i32 - 1, h as i32 - 1)],
            BLACK.stroke_width(1),
        ))
        .map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn column_partials_and_direct_combination_agree() {
        // 300 × 40 samples (with NaNs) onto 37 × 23 pixels, mean and max, both code paths.
        let z = Array2::from_shape_fn((300, 40), |(i, j)| {
            if (i * 7 + j) % 11 == 0 {
                f32::NAN
            } else {
                ((i * 13 + j * 29) % 97) as f32
            }
        });
        let x: Vec<f64> = (0..300).map(f64::from).collect();
        let y: Vec<f64> = (0..40).map(|j| f64::from(j) * 10.0).collect();
        let scale = ColorScale::linear(0.0, 96.0, Colormap::Viridis);
        for agg in [Aggregate::Mean, Aggregate::Max] {
            let run = |limit| {
                raster_with_limit(
                    z.view(),
                    (&x, &y),
                    ((0.0, 300.0), (0.0, 400.0)),
                    (37, 23),
                    &scale,
                    (agg, Gaps::Blank),
                    [1, 2, 3],
                    limit,
                )
            };
            assert_eq!(run(usize::MAX), run(0), "{agg:?}");
        }
    }

    #[test]
    fn rasterize_colours_each_cell_and_nan_is_background() {
        let z = Array2::from_shape_vec((2, 2), vec![0.0f32, 1.0, f32::NAN, 0.5]).unwrap();
        let scale = ColorScale {
            vmin: 0.0,
            vmax: 1.0,
            cmap: Colormap::Greys,
            log: false,
        };
        let img = rasterize(
            z.view(),
            &[0.0, 1.0],
            &[0.0, 1.0],
            (-0.5, 1.5),
            (-0.5, 1.5),
            (2, 2),
            &scale,
            Aggregate::Mean,
            [1, 2, 3],
        );
        // Top-left pixel = x 0, y 1 → z[0,1] = 1.0 → black in Greys.
        assert_eq!(&img[0..3], &[0, 0, 0]);
        // Top-right = z[1,1] = 0.5 → mid grey (LUT entry 128 → 127 or 128).
        assert!((i32::from(img[3]) - 128).abs() <= 1);
        // Bottom-left = z[0,0] = 0 → white; bottom-right = NaN → background.
        assert_eq!(&img[6..9], &[255, 255, 255]);
        assert_eq!(&img[9..12], &[1, 2, 3]);
    }
}
