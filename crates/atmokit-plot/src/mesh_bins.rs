//! Which samples of a coordinate fall into each output pixel, so that a mesh pixel can combine
//! every sample it covers (mean or max) instead of showing one of them.
//!
//! matplotlib's `pcolormesh` (what ACT draws time-height plots with) paints every cell, so no
//! profile or gate disappears when there are more samples than pixels; combining the samples per
//! pixel keeps that property at a cost proportional to the data size.

use crate::extract::median_step;

/// How the samples that fall into one output pixel are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregate {
    /// Mean of the finite samples (default; a field's overall look).
    #[default]
    Mean,
    /// Largest finite sample (thin layers such as cloud bases stay visible when many gates share
    /// one pixel row).
    Max,
}

impl Aggregate {
    /// Parse `mean` or `max` (case-insensitive).
    pub fn parse(text: &str) -> crate::Result<Aggregate> {
        match text.to_ascii_lowercase().as_str() {
            "mean" => Ok(Aggregate::Mean),
            "max" => Ok(Aggregate::Max),
            _ => Err(crate::PlotError::input(format!(
                "unknown aggregation '{text}'; known: mean, max"
            ))),
        }
    }
}

/// What a mesh draws between samples farther apart than the sampling step (a data gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gaps {
    /// Leave the gap blank: a pixel farther than one (median) sampling step from every sample
    /// gets no sample (atmokit's default).
    #[default]
    Blank,
    /// Stretch the neighbouring cells across the gap, as matplotlib's `pcolormesh(...,
    /// shading='auto')` does with one coordinate per cell (ACT's time-height plots): cell
    /// edges lie halfway between neighbouring samples and half a neighbour difference beyond the
    /// first and last sample, so every pixel between those outer edges takes its nearest
    /// sample: the first half of a gap the sample before it, the second half the sample after.
    Stretch,
}

/// For each of `n` pixels, the sample indices it covers, stored compactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PixelBins {
    start: Vec<usize>,
    idx: Vec<usize>,
}

impl PixelBins {
    /// Sample indices of pixel `p` (empty for a gap or a pixel out of range).
    pub fn get(&self, p: usize) -> &[usize] {
        match (self.start.get(p), self.start.get(p + 1)) {
            (Some(&a), Some(&b)) => &self.idx[a..b],
            _ => &[],
        }
    }

    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// True when there are no pixels.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Bin `coord` into `n` pixels spanning [lo, hi] (pixel 0 at `lo` when `ascending`, at `hi`
/// otherwise). A pixel that holds no sample takes the nearest sample when one lies within one
/// sampling step of its centre (data coarser than pixels); otherwise it stays empty (a gap in the
/// data stays a gap). Non-finite coordinates are ignored.
pub fn pixel_bins(coord: &[f64], lo: f64, hi: f64, n: u32, ascending: bool) -> PixelBins {
    pixel_bins_with(coord, (lo, hi), n, ascending, Gaps::Blank)
}

/// [`pixel_bins`] with a choice of what fills the pixels between samples ([`Gaps`]).
pub fn pixel_bins_with(coord: &[f64], (lo, hi): (f64, f64), n: u32, ascending: bool, gaps: Gaps) -> PixelBins {
    let n = n as usize;
    let span = hi - lo;
    let mut per: Vec<Vec<usize>> = vec![Vec::new(); n];
    if n > 0 && span.is_finite() && span > 0.0 {
        for (i, &c) in coord.iter().enumerate() {
            if !c.is_finite() || c < lo || c > hi {
                continue;
            }
            let f = if ascending { (c - lo) / span } else { (hi - c) / span };
            let p = ((f * n as f64).floor() as usize).min(n - 1);
            per[p].push(i);
        }
        if per.iter().any(Vec::is_empty) {
            let near = nearest_indices_with(coord, (lo, hi), n as u32, ascending, gaps);
            for (p, k) in per.iter_mut().zip(near) {
                if p.is_empty() {
                    p.extend(k);
                }
            }
        }
    }
    let mut start = Vec::with_capacity(n + 1);
    let mut idx = Vec::with_capacity(coord.len());
    start.push(0);
    for v in per {
        idx.extend(v);
        start.push(idx.len());
    }
    PixelBins { start, idx }
}

/// For each of `n` pixel centres spanning [lo, hi] (pixel 0 at `lo` when `ascending`), the index
/// into `coord` of the nearest sample, or `None` when no sample is within one sampling step.
pub fn nearest_indices(coord: &[f64], lo: f64, hi: f64, n: u32, ascending: bool) -> Vec<Option<usize>> {
    nearest_indices_with(coord, (lo, hi), n, ascending, Gaps::Blank)
}

/// [`nearest_indices`] with a choice of gap handling: with [`Gaps::Stretch`] a pixel centre
/// anywhere between matplotlib's outer cell edges (half the first and last sample differences
/// beyond the first and last samples) takes its nearest sample, however far it is.
pub fn nearest_indices_with(
    coord: &[f64],
    (lo, hi): (f64, f64),
    n: u32,
    ascending: bool,
    gaps: Gaps,
) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..coord.len()).filter(|&i| coord[i].is_finite()).collect();
    order.sort_by(|&a, &b| coord[a].total_cmp(&coord[b]));
    let sorted: Vec<f64> = order.iter().map(|&i| coord[i]).collect();
    let step = median_step(&sorted).unwrap_or(f64::INFINITY);
    let m = sorted.len();
    let outer = match (gaps, sorted.first(), sorted.last()) {
        (Gaps::Stretch, Some(&first), Some(&last)) if m >= 2 => {
            Some((first - (sorted[1] - first) / 2.0, last + (last - sorted[m - 2]) / 2.0))
        }
        _ => None,
    };
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
            let inside = match outer {
                Some((a, b)) => (a..=b).contains(&v),
                None => (sorted[best] - v).abs() <= step,
            };
            inside.then(|| order[best])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_sample_lands_in_one_pixel() {
        // 10 samples at 0.05, 0.15, ... over [0, 1] into 3 pixels: 3 + 4 + 3 (0.35 > 1/3).
        let c: Vec<f64> = (0..10).map(|i| 0.05 + 0.1 * f64::from(i)).collect();
        let b = pixel_bins(&c, 0.0, 1.0, 3, true);
        assert_eq!(b.len(), 3);
        assert_eq!(b.get(0), &[0, 1, 2]);
        assert_eq!(b.get(1), &[3, 4, 5, 6]);
        assert_eq!(b.get(2), &[7, 8, 9]);
        // Descending: pixel 0 is the top.
        let b = pixel_bins(&c, 0.0, 1.0, 3, false);
        assert_eq!(b.get(0), &[7, 8, 9]);
        assert_eq!(b.get(3), &[] as &[usize]);
    }

    #[test]
    fn coarse_data_fill_pixels_but_gaps_stay_empty() {
        // Samples at 0, 1, 2 and 10 over [0, 12] in 12 pixels (centres 0.5 .. 11.5).
        let b = pixel_bins(&[0.0, 1.0, 2.0, 10.0], 0.0, 12.0, 12, true);
        assert_eq!(b.get(0), &[0]);
        assert_eq!(b.get(2), &[2]);
        assert!(b.get(3).is_empty(), "3.5 is 1.5 steps from the nearest sample");
        assert!(b.get(5).is_empty(), "5.5 is 3.5 steps from any sample");
        assert_eq!(b.get(10), &[3]);
        // Samples every 4 units: the pixels between them take the nearest one.
        let b = pixel_bins(&[0.0, 4.0, 8.0], 0.0, 12.0, 12, true);
        assert_eq!(b.get(1), &[0]);
        assert_eq!(b.get(3), &[1], "centre 3.5 is nearest to 4");
        assert_eq!(b.get(11), &[2]);
        // NaN coordinates and an empty range give no samples, never a panic.
        let b = pixel_bins(&[f64::NAN, 1.0], 1.0, 1.0, 4, true);
        assert!((0..4).all(|p| b.get(p).is_empty()));
    }

    #[test]
    fn aggregate_names() {
        assert_eq!(Aggregate::parse("MAX").unwrap(), Aggregate::Max);
        let e = Aggregate::parse("median").unwrap_err().to_string();
        assert!(e.contains("median") && e.contains("mean"), "{e}");
    }
}
