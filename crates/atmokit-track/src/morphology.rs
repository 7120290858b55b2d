//! Binary morphology on each (lat, lon) slice: closing then opening with a disk.
//!
//! Closing (dilation then erosion) fills holes and bridges gaps narrower than the disk; opening
//! (erosion then dilation) then removes specks and filaments thinner than the disk (Ocetrac's
//! `morphological_operations`; Serra 1982, *Image Analysis and Mathematical Morphology*).
//!
//! The disk of radius `R` grid points holds the offsets `(dy, dx)` with `dy² + dx² ≤ R²`
//! ([`DiskShape::Closed`], `skimage.morphology.disk(R)`), or `< R²` ([`DiskShape::Strict`],
//! what Ocetrac's `SurfTracker` builds, where `R = 1` is the identity). `R = 0` is the identity.
//!
//! Edges: longitude wraps when the grid is periodic. Beyond the first and last latitude rows there
//! is no grid: the disk is clipped there (out-of-grid cells count neither for dilation nor against
//! erosion), so closing and opening never eat into the polar rows. Ocetrac instead pads with
//! `np.pad(mode="wrap")` in *both* directions, which makes the northernmost row a neighbour of the
//! southernmost one; objects touching both edges can then be joined or eroded differently.
//!
//! Cost: each dilation or erosion is `O(ny·nx·(2R+1))` using running row counts; slices are
//! processed in parallel and in place.

use ndarray::{Array3, ArrayViewMut2, Axis};
use rayon::prelude::*;

/// Which cells make up the disk structuring element.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DiskShape {
    /// `dy² + dx² ≤ R²` (scikit-image `disk(R)`).
    #[default]
    Closed,
    /// `dy² + dx² < R²` (Ocetrac 0.1.7 `SurfTracker`).
    Strict,
}

/// A disk structuring element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disk {
    /// Radius in grid points.
    pub radius: usize,
    /// Inclusive or strict boundary.
    pub shape: DiskShape,
}

impl Disk {
    /// Half-width of the disk's row at vertical offset `dy`, or `None` when the row is empty.
    pub fn half_width(&self, dy: usize) -> Option<usize> {
        let r2 = (self.radius * self.radius) as i64;
        let d2 = (dy * dy) as i64;
        let lim = match self.shape {
            DiskShape::Closed => r2 - d2,
            DiskShape::Strict => r2 - d2 - 1,
        };
        if lim < 0 {
            return None;
        }
        let mut w = (lim as f64).sqrt() as i64;
        while (w + 1) * (w + 1) <= lim {
            w += 1;
        }
        while w * w > lim {
            w -= 1;
        }
        Some(w as usize)
    }

    /// Rows `(dy, half_width)` of the element, `dy` in `-R..=R`.
    fn rows(&self) -> Vec<(isize, usize)> {
        let r = self.radius as isize;
        (-r..=r)
            .filter_map(|dy| self.half_width(dy.unsigned_abs()).map(|w| (dy, w)))
            .collect()
    }

    /// Whether the element is the single centre cell (morphology is then the identity).
    pub fn is_identity(&self) -> bool {
        self.rows().iter().all(|&(dy, w)| dy == 0 && w == 0)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    Dilate,
    Erode,
}

/// One dilation or erosion of a slice, in place.
///
/// The disk is a stack of horizontal segments. Each row is extended by `W` (the widest
/// half-width) on both sides — wrapped when periodic, else padded with the neutral value (0 for
/// dilation, 1 for erosion, i.e. the disk is clipped at the grid's edge) — and its prefix counts
/// give, for every distinct half-width `w`, the 1-D dilation (any one in `[x − w, x + w]`) or
/// erosion (all ones) without branches. Each output row then combines the segments of its
/// `2R + 1` neighbour rows with a byte-wise OR (dilation) or AND (erosion).
fn apply(slice: &mut ArrayViewMut2<'_, bool>, rows: &[(isize, usize)], op: Op, periodic: bool) {
    let (ny, nx) = slice.dim();
    if ny == 0 || nx == 0 || rows.is_empty() {
        return;
    }
    let mut widths: Vec<usize> = rows.iter().map(|&(_, w)| w).collect();
    widths.sort_unstable();
    widths.dedup();
    let wmax = widths[widths.len() - 1];
    let pad = u32::from(op == Op::Erode);
    // lines[(k * ny + r) * nx + x]: 1-D result of row r with half-width widths[k].
    let mut lines = vec![0u8; widths.len() * ny * nx];
    let ext_len = nx + 2 * wmax;
    let mut p = vec![0u32; ext_len + 1];
    for r in 0..ny {
        let row = slice.row(r);
        for i in 0..ext_len {
            let x = i as isize - wmax as isize;
            let v = if x >= 0 && (x as usize) < nx {
                row[x as usize] as u32
            } else if periodic {
                row[x.rem_euclid(nx as isize) as usize] as u32
            } else {
                pad
            };
            p[i + 1] = p[i] + v;
        }
        for (k, &w) in widths.iter().enumerate() {
            let out = &mut lines[(k * ny + r) * nx..(k * ny + r + 1) * nx];
            let full = (2 * w + 1) as u32;
            let hi = &p[wmax + w + 1..wmax + w + 1 + nx];
            let lo = &p[wmax - w..wmax - w + nx];
            match op {
                Op::Dilate => out
                    .iter_mut()
                    .zip(hi.iter().zip(lo))
                    .for_each(|(o, (h, l))| *o = (h - l > 0) as u8),
                Op::Erode => out
                    .iter_mut()
                    .zip(hi.iter().zip(lo))
                    .for_each(|(o, (h, l))| *o = (h - l == full) as u8),
            }
        }
    }
    let kof = |w: usize| widths.binary_search(&w).unwrap_or(0);
    let mut acc = vec![0u8; nx];
    for y in 0..ny {
        acc.fill(u8::from(op == Op::Erode));
        for &(dy, w) in rows {
            let r = y as isize + dy;
            if r < 0 || r >= ny as isize {
                continue;
            }
            let k = kof(w);
            let line = &lines[(k * ny + r as usize) * nx..(k * ny + r as usize + 1) * nx];
            match op {
                Op::Dilate => acc.iter_mut().zip(line).for_each(|(a, l)| *a |= l),
                Op::Erode => acc.iter_mut().zip(line).for_each(|(a, l)| *a &= l),
            }
        }
        for (o, a) in slice.row_mut(y).iter_mut().zip(&acc) {
            *o = *a != 0;
        }
    }
}

/// Morphological closing then opening of every time slice of `mask` (time, lat, lon), in place.
pub fn close_open(mask: &mut Array3<bool>, disk: Disk, periodic: bool) {
    let rows = disk.rows();
    if disk.is_identity() {
        return;
    }
    mask.axis_iter_mut(Axis(0)).into_par_iter().for_each(|mut s| {
        apply(&mut s, &rows, Op::Dilate, periodic);
        apply(&mut s, &rows, Op::Erode, periodic);
        apply(&mut s, &rows, Op::Erode, periodic);
        apply(&mut s, &rows, Op::Dilate, periodic);
    });
}

/// Morphological closing (dilation then erosion) of every time slice, in place.
pub fn closing(mask: &mut Array3<bool>, disk: Disk, periodic: bool) {
    let rows = disk.rows();
    mask.axis_iter_mut(Axis(0)).into_par_iter().for_each(|mut s| {
        apply(&mut s, &rows, Op::Dilate, periodic);
        apply(&mut s, &rows, Op::Erode, periodic);
    });
}

/// Morphological opening (erosion then dilation) of every time slice, in place.
pub fn opening(mask: &mut Array3<bool>, disk: Disk, periodic: bool) {
    let rows = disk.rows();
    mask.axis_iter_mut(Axis(0)).into_par_iter().for_each(|mut s| {
        apply(&mut s, &rows, Op::Erode, periodic);
        apply(&mut s, &rows, Op::Dilate, periodic);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(ny: usize, nx: usize, on: &[(usize, usize)]) -> Array3<bool> {
        let mut m = Array3::from_elem((1, ny, nx), false);
        for &(y, x) in on {
            m[[0, y, x]] = true;
        }
        m
    }

    fn rect(m: &mut Array3<bool>, y0: usize, y1: usize, x0: usize, x1: usize) {
        for y in y0..y1 {
            for x in x0..x1 {
                m[[0, y, x]] = true;
            }
        }
    }

    #[test]
    fn disk_rows_by_hand() {
        // disk(2) of skimage: rows of widths 1, 3, 5, 3, 1 (13 cells); strict: 3, 3, 3 (9 cells).
        let d = Disk {
            radius: 2,
            shape: DiskShape::Closed,
        };
        let cells: usize = d.rows().iter().map(|&(_, w)| 2 * w + 1).sum();
        assert_eq!(cells, 13);
        let s = Disk {
            radius: 2,
            shape: DiskShape::Strict,
        };
        assert_eq!(s.rows(), vec![(-1, 1), (0, 1), (1, 1)]);
        assert!(
            Disk {
                radius: 1,
                shape: DiskShape::Strict
            }
            .is_identity()
        );
        assert!(
            Disk {
                radius: 0,
                shape: DiskShape::Closed
            }
            .is_identity()
        );
        assert!(
            !Disk {
                radius: 1,
                shape: DiskShape::Closed
            }
            .is_identity()
        );
    }

    /// Dilation or erosion straight from the definition: the disk's offsets, wrapped or clipped.
    fn naive(m: &Array3<bool>, d: Disk, dilate: bool, periodic: bool) -> Array3<bool> {
        let (_, ny, nx) = m.dim();
        let r = d.radius as isize;
        let lim = (d.radius * d.radius) as isize;
        let inside = |dy: isize, dx: isize| match d.shape {
            DiskShape::Closed => dy * dy + dx * dx <= lim,
            DiskShape::Strict => dy * dy + dx * dx < lim,
        };
        let mut out = m.clone();
        for y in 0..ny as isize {
            for x in 0..nx as isize {
                let mut any = false;
                let mut all = true;
                for dy in -r..=r {
                    for dx in -r..=r {
                        if !inside(dy, dx) || y + dy < 0 || y + dy >= ny as isize {
                            continue;
                        }
                        let xx = x + dx;
                        let xx = if periodic {
                            xx.rem_euclid(nx as isize)
                        } else if xx < 0 || xx >= nx as isize {
                            continue;
                        } else {
                            xx
                        };
                        let v = m[[0, (y + dy) as usize, xx as usize]];
                        any |= v;
                        all &= v;
                    }
                }
                out[[0, y as usize, x as usize]] = if dilate { any } else { all };
            }
        }
        out
    }

    #[test]
    fn matches_the_definition_on_random_masks() {
        let mut seed = 12345u64;
        for case in 0..24 {
            let (ny, nx) = (9 + case % 5, 11 + case % 7);
            let mut m = Array3::from_elem((1, ny, nx), false);
            for v in m.iter_mut() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                *v = (seed >> 33) % 100 < 55;
            }
            let d = Disk {
                radius: 1 + case % 4,
                shape: if case % 2 == 0 {
                    DiskShape::Closed
                } else {
                    DiskShape::Strict
                },
            };
            let periodic = case % 3 != 0;
            let closed = naive(&naive(&m, d, true, periodic), d, false, periodic);
            let expect = naive(&naive(&closed, d, false, periodic), d, true, periodic);
            let mut got = m.clone();
            close_open(&mut got, d, periodic);
            assert_eq!(got, expect, "case {case}");
            let mut c = m.clone();
            closing(&mut c, d, periodic);
            assert_eq!(c, closed, "closing, case {case}");
        }
    }

    #[test]
    fn speck_goes_hole_fills() {
        let d = Disk {
            radius: 2,
            shape: DiskShape::Closed,
        };
        let mut m = grid(30, 40, &[(2, 35)]); // isolated speck
        rect(&mut m, 8, 20, 5, 25);
        m[[0, 12, 12]] = false; // a one-cell hole
        close_open(&mut m, d, false);
        assert!(!m[[0, 2, 35]]);
        assert!(m[[0, 12, 12]]);
        // Away from the rounded corners the rectangle is intact.
        assert!((10..18).all(|y| (7..23).all(|x| m[[0, y, x]])));
    }

    #[test]
    fn closing_bridges_a_narrow_gap() {
        let d = Disk {
            radius: 2,
            shape: DiskShape::Closed,
        };
        let mut m = grid(20, 30, &[]);
        rect(&mut m, 5, 15, 3, 12);
        rect(&mut m, 5, 15, 13, 22); // one empty column (x = 12) between them
        close_open(&mut m, d, false);
        // Worked by hand: a disk centred at (3, 12) reaches (5, 12) without touching either
        // rectangle, so the gap's end cells stay open; every disk through (6..14, 12) hits one.
        assert!((6..14).all(|y| m[[0, y, 12]]));
        assert!(!m[[0, 5, 12]] && !m[[0, 14, 12]] && !m[[0, 4, 12]]);
    }

    #[test]
    fn periodic_longitude_wraps() {
        // A rectangle cut by the seam (columns 36..40 and 0..6) survives only if wrapping works:
        // each half alone is 4 and 6 wide, and a disk of radius 3 (7 wide) fits in neither.
        let d = Disk {
            radius: 3,
            shape: DiskShape::Closed,
        };
        let mut m = grid(20, 40, &[]);
        rect(&mut m, 4, 16, 36, 40);
        rect(&mut m, 4, 16, 0, 6);
        close_open(&mut m, d, true);
        // Disks centred at rows 7..13, columns 39..=42 (mod 40) fit, so they cover rows 7..13 of
        // every column of the rectangle, on both sides of the seam.
        assert!((7..13).all(|y| (36..40).chain(0..6).all(|x| m[[0, y, x]])));
        // A 4-column strip at the eastern edge: periodic, the 7-wide disk fits nowhere (columns
        // 0..3 are empty) and opening removes it; not periodic, the clipped disk keeps column 39.
        let mut strip = grid(20, 40, &[]);
        rect(&mut strip, 4, 16, 36, 40);
        let mut p = strip.clone();
        close_open(&mut p, d, true);
        assert!(p.iter().all(|v| !v));
        close_open(&mut strip, d, false);
        assert!((7..13).all(|y| strip[[0, y, 39]]));
    }

    #[test]
    fn polar_rows_not_eroded() {
        // A band over the first 5 rows and every column of a periodic grid: with the disk clipped
        // at the grid's edge it is unchanged (zero padding, scipy's default, would erode 2 rows).
        let d = Disk {
            radius: 2,
            shape: DiskShape::Closed,
        };
        let mut m = grid(12, 20, &[]);
        rect(&mut m, 0, 5, 0, 20);
        let expect = m.clone();
        close_open(&mut m, d, true);
        assert_eq!(m, expect);
    }
}
