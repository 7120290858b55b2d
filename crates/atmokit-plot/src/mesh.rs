//! Time-height (any 2-D) colour meshes rasterised at the output's pixel resolution, and the
//! hand-made colorbar (plotters 0.3 has neither).
//!
//! Instead of one rectangle per cell (what matplotlib's `pcolormesh` does, ACT's 2-D bottleneck),
//! every output pixel looks up the nearest cell in x and in y. The cost
//! is O(pixels + cells along each axis), independent of the product of the data dimensions. A
//! pixel farther than one sampling step from any sample (a data gap) is left blank, where
//! matplotlib's `shading='auto'` would stretch the neighbouring cells across the gap.

use crate::colormap::Colormap;
use crate::error::{Result, draw_err};
use crate::extract::median_step;
use crate::panel::TickedAxis;
use crate::style;
use crate::ticks::nice_ticks;
use atmokit_core::Numeric;
use ndarray::ArrayView2;
use plotters::coord::Shift;
use plotters::element::BitMapElement;
use plotters::prelude::*;

/// For each of `n` pixel centres spanning [lo, hi] (pixel 0 at `lo` when `ascending`), the index
/// into `coord` of the nearest sample, or `None` when no sample is within one sampling step.
pub fn nearest_indices(coord: &[f64], lo: f64, hi: f64, n: u32, ascending: bool) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..coord.len()).filter(|&i| coord[i].is_finite()).collect();
    order.sort_by(|&a, &b| coord[a].total_cmp(&coord[b]));
    let sorted: Vec<f64> = order.iter().map(|&i| coord[i]).collect();
    let step = median_step(&sorted).unwrap_or(f64::INFINITY);
    (0..n)
        .map(|p| {
            let f = (f64::from(p) + 0.5) / f64::from(n);
            let v = if ascending {
                lo + f * (hi - lo)
            } else {
                hi - f * (hi - lo)
            };
            let k = sorted.partition_point(|&c| c < v);
            let best = [k.checked_sub(1), (k < sorted.len()).then_some(k)]
                .into_iter()
                .flatten()
                .min_by(|&a, &b| (sorted[a] - v).abs().total_cmp(&(sorted[b] - v).abs()))?;
            ((sorted[best] - v).abs() <= step).then(|| order[best])
        })
        .collect()
}

/// Colour scale of a mesh: limits and colormap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColorScale {
    /// Value at the bottom of the colormap (lower values are clamped).
    pub vmin: f64,
    /// Value at the top (higher values are clamped).
    pub vmax: f64,
    /// The colormap.
    pub cmap: Colormap,
    /// Logarithmic scale: colours follow log10 of the value (values ≤ 0 are left blank); needs
    /// 0 < vmin < vmax.
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
/// right) and y ∈ `yr` (bottom to top). NaN and blank pixels get `bg`.
#[allow(clippy::too_many_arguments)]
pub fn rasterize<T: Numeric>(
    z: ArrayView2<'_, T>,
    x: &[f64],
    y: &[f64],
    xr: (f64, f64),
    yr: (f64, f64),
    (w, h): (u32, u32),
    scale: &ColorScale,
    bg: [u8; 3],
) -> Vec<u8> {
    let cols = nearest_indices(x, xr.0, xr.1, w, true);
    let rows = nearest_indices(y, yr.0, yr.1, h, false);
    let lut = scale.cmap.lut();
    let (lo, hi) = scale.limits();
    let span = hi - lo;
    let inv = if span > 0.0 { 255.0 / span } else { 0.0 };
    let log = scale.log;
    let mut buf = vec![0u8; (w * h * 3) as usize];
    for (py, row) in rows.iter().enumerate() {
        let line = &mut buf[py * w as usize * 3..(py + 1) * w as usize * 3];
        for (px, col) in cols.iter().enumerate() {
            let rgb = match (row, col) {
                (Some(iy), Some(ix)) => match z.get((*ix, *iy)).map(|v| v.to_f64()) {
                    Some(v) if v.is_finite() && !(log && v <= 0.0) => {
                        let v = if log { v.log10() } else { v };
                        lut[((v - lo) * inv).round().clamp(0.0, 255.0) as usize]
                    }
                    _ => bg,
                },
                _ => bg,
            };
            line[px * 3..px * 3 + 3].copy_from_slice(&rgb);
        }
    }
    buf
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
    fn nearest_indices_leave_gaps_blank() {
        // Samples at 0,1,2 and 10: pixels centred at 0.5..11.5 over [0,12].
        let idx = nearest_indices(&[0.0, 1.0, 2.0, 10.0], 0.0, 12.0, 12, true);
        assert_eq!(idx[0], Some(0));
        assert_eq!(idx[2], Some(2));
        assert_eq!(idx[5], None, "5.5 is 3.5 steps from any sample");
        assert_eq!(idx[10], Some(3));
        // Descending rows: first pixel is the top of the range.
        let rows = nearest_indices(&[0.0, 1.0, 2.0], 0.0, 3.0, 3, false);
        assert_eq!(rows, vec![Some(2), Some(1), Some(0)]);
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
