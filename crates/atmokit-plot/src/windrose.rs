//! ACT `WindRoseDisplay.plot`: stacked bars of the frequency (% of all samples) of wind speed
//! bins per direction bin, north up and clockwise, with the calm percentage in the middle.
//!
//! Direction bins: `num_dirs` bins of width w = 360/num_dirs centred on 0, w, 2w, … (the north
//! bin wraps around 360°); each direction falls in exactly one bin. ACT's bins are inclusive on
//! both edges so a value on an edge can count twice (ACT 2.3.4 WindRoseDisplay): fixed here
//! ([`WindRose::act_compat`] and [`rose_counts_act`] reproduce ACT). Speed bins
//! follow numpy's histogram (default 10 equal bins from 0 to the maximum). Calm samples
//! (speed ≤ `calm_threshold`, default 1 m/s) are still counted in the bars, as in ACT.

use crate::colormap::Colormap;
use crate::error::{PlotError, Result, draw_err};
use crate::extract::{field_time_span, titled};
use crate::figure::Figure;
use crate::histogram::{bin_of, edges};
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use crate::time_axis::title_dates;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Frequencies of a wind rose.
#[derive(Debug, Clone, PartialEq)]
pub struct RoseCounts {
    /// Speed bin edges.
    pub speed_edges: Vec<f64>,
    /// `percent[dir][speed]`: % of all valid samples.
    pub percent: Vec<Vec<f64>>,
    /// % of valid samples with speed ≤ the calm threshold.
    pub calm_percent: f64,
}

/// Direction bin (0 = north) of `dir` degrees among `n` bins centred on multiples of 360/n.
pub fn dir_bin(dir: f64, n: usize) -> Option<usize> {
    if !dir.is_finite() || n == 0 {
        return None;
    }
    let w = 360.0 / n as f64;
    Some(((dir.rem_euclid(360.0) + w / 2.0) / w).floor() as usize % n)
}

/// Count a rose from directions (degrees) and speeds.
pub fn rose_counts(dir: &[f64], spd: &[f64], num_dirs: usize, speed_edges: &[f64], calm: f64) -> RoseCounts {
    let mut c = vec![vec![0.0; speed_edges.len().saturating_sub(1)]; num_dirs];
    let (mut total, mut calm_n) = (0usize, 0usize);
    for (&d, &s) in dir.iter().zip(spd) {
        if !(d.is_finite() && s.is_finite()) {
            continue;
        }
        total += 1;
        if s <= calm {
            calm_n += 1;
        }
        if let (Some(i), Some(j)) = (dir_bin(d, num_dirs), bin_of(s, speed_edges)) {
            c[i][j] += 1.0;
        }
    }
    let pct = |n: f64| if total > 0 { 100.0 * n / total as f64 } else { 0.0 };
    RoseCounts {
        speed_edges: speed_edges.to_vec(),
        percent: c.into_iter().map(|r| r.into_iter().map(pct).collect()).collect(),
        calm_percent: pct(calm_n as f64),
    }
}

/// Count a rose as ACT 2.3.4's `WindRoseDisplay.plot` does: bin `i ≥ 1` takes directions in
/// `[mid_i − w/2, mid_i + w/2]` (both edges included) with `mid_i` spaced from `w/2` to
/// `360 − w/2`, bin 0 takes `d < w/2` or `d > 360 − w/2`, so a direction on an edge counts in
/// two bins, `[w/2, w)` in none, and the last bin overlaps the north one; percentages are of
/// the counts so made. Calm as in [`rose_counts`].
pub fn rose_counts_act(dir: &[f64], spd: &[f64], num_dirs: usize, speed_edges: &[f64], calm: f64) -> RoseCounts {
    let n = num_dirs.max(1);
    let w = 360.0 / n as f64;
    // numpy.linspace(w/2, 360 - w/2, n): i·step + start.
    let step = if n > 1 { (360.0 - w) / (n - 1) as f64 } else { 0.0 };
    let mids: Vec<f64> = (0..n).map(|i| i as f64 * step + w / 2.0).collect();
    let mut c = vec![vec![0.0; speed_edges.len().saturating_sub(1)]; n];
    let (mut valid, mut calm_n) = (0usize, 0usize);
    for (&d, &s) in dir.iter().zip(spd) {
        if d.is_finite() && s.is_finite() {
            valid += 1;
            if s <= calm {
                calm_n += 1;
            }
        }
        let Some(j) = bin_of(s, speed_edges) else { continue };
        for (i, row) in c.iter_mut().enumerate() {
            let inside = if i == 0 {
                d < w / 2.0 || d > 360.0 - w / 2.0
            } else {
                d >= mids[i] - w / 2.0 && d <= mids[i] + w / 2.0
            };
            if inside {
                row[j] += 1.0;
            }
        }
    }
    let total: f64 = c.iter().flatten().sum();
    let pct = |x: f64| if total > 0.0 { 100.0 * x / total } else { 0.0 };
    RoseCounts {
        speed_edges: speed_edges.to_vec(),
        percent: c.into_iter().map(|r| r.into_iter().map(pct).collect()).collect(),
        calm_percent: if valid > 0 {
            100.0 * calm_n as f64 / valid as f64
        } else {
            0.0
        },
    }
}

/// Speed class edges from 0 on a round step (1, 2, 2.5 or 5 × 10ⁿ), at most `n` classes, the
/// last edge at or above `max` (so the legend reads `0–2, 2–4, …`).
pub fn round_edges(max: f64, n: usize) -> Vec<f64> {
    let mut e = nice_ticks(0.0, max, n);
    if e.len() < 2 {
        return edges(0.0, max, n.max(1));
    }
    let step = e[1] - e[0];
    if e.last().is_some_and(|l| *l < max) {
        e.push(e[e.len() - 1] + step);
    }
    e
}

/// A wind rose of `dir_field` and `spd_field`.
#[derive(Debug, Clone)]
pub struct WindRose<'a> {
    ds: &'a Dataset,
    dir: String,
    spd: String,
    num_dirs: usize,
    speed_bins: usize,
    calm: f64,
    size: (u32, u32),
    act_compat: bool,
}

impl<'a> WindRose<'a> {
    /// ACT defaults: 20 direction bins, 10 speed bins, calm ≤ 1.0.
    pub fn new(ds: &'a Dataset, dir_field: &str, spd_field: &str) -> Self {
        WindRose {
            ds,
            dir: dir_field.into(),
            spd: spd_field.into(),
            num_dirs: 20,
            speed_bins: 10,
            calm: 1.0,
            size: (760, 640),
            act_compat: false,
        }
    }
    /// Set the number of direction bins.
    pub fn num_dirs(mut self, n: usize) -> Self {
        self.num_dirs = n;
        self
    }
    /// Set the calm threshold (same units as speed).
    pub fn calm_threshold(mut self, t: f64) -> Self {
        self.calm = t;
        self
    }
    /// Set the figure size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }
    /// ACT's classes: speed edges `numpy.linspace(0, max, speed_bins)` (classes such as
    /// 1.38–2.76) instead of round class edges, and ACT's direction bins ([`rose_counts_act`]:
    /// a direction on a bin edge counts twice).
    pub fn act_compat(mut self, on: bool) -> Self {
        self.act_compat = on;
        self
    }

    /// The rose's frequencies.
    pub fn counts(&self) -> Result<RoseCounts> {
        if self.num_dirs == 0 || self.speed_bins == 0 {
            return Err(PlotError::input(
                "wind rose: num_dirs and speed bins must be at least 1",
            ));
        }
        let d = self.ds.values_f64(&self.dir)?;
        let s = self.ds.values_f64(&self.spd)?;
        if d.len() != s.len() {
            return Err(PlotError::input(format!(
                "'{}' and '{}' differ in length",
                self.dir, self.spd
            )));
        }
        let smax = s.iter().copied().filter(|v| v.is_finite()).fold(f64::NAN, f64::max);
        if !smax.is_finite() {
            return Err(PlotError::input(format!("'{}' has no finite values", self.spd)));
        }
        if self.act_compat {
            // numpy.linspace(0, max, speed_bins): speed_bins edges.
            let speed_edges = edges(0.0, smax, self.speed_bins.saturating_sub(1).max(1));
            return Ok(rose_counts_act(&d, &s, self.num_dirs, &speed_edges, self.calm));
        }
        Ok(rose_counts(
            &d,
            &s,
            self.num_dirs,
            &round_edges(smax, self.speed_bins),
            self.calm,
        ))
    }
}

impl Figure for WindRose<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let rc = self.counts()?;
        let rmax_data = rc
            .percent
            .iter()
            .map(|r| r.iter().sum::<f64>())
            .fold(0.0, f64::max)
            .max(1.0);
        let mut rings = nice_ticks(0.0, rmax_data, 4);
        let step = if rings.len() > 1 {
            rings[1] - rings[0]
        } else {
            rmax_data
        };
        if rings.last().is_none_or(|r| *r < rmax_data) {
            rings.push(rings.last().copied().unwrap_or(0.0) + step);
        }
        let rmax = rings.last().copied().unwrap_or(rmax_data);
        let (w, h) = root.dim_in_pixel();
        let (plot, legend) = root.split_horizontally(w.saturating_sub(170));
        let mut title = titled(self.ds, &format!("wind rose of {} and {}", self.dir, self.spd));
        if let Some((t0, t1)) = field_time_span(self.ds, &self.dir) {
            title = format!("{title} {}", title_dates(t0, t1));
        }
        plot.draw(&Text::new(
            title,
            ((w as i32 - 170) / 2, 10),
            style::title().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_err)?;
        let side = (w - 170).min(h) as i32 - 120;
        let cx = (w as i32 - 170) / 2;
        let cy = 60 + side / 2;
        let to_px = |r: f64, deg: f64| {
            let a = deg.to_radians();
            let k = f64::from(side / 2) / rmax;
            (
                cx + (r * k * a.sin()).round() as i32,
                cy - (r * k * a.cos()).round() as i32,
            )
        };
        for r in rings.iter().filter(|r| **r > 0.0) {
            let ring: Vec<(i32, i32)> = (0..=72).map(|i| to_px(*r, f64::from(i) * 5.0)).collect();
            plot.draw(&PathElement::new(ring, RGBColor(190, 190, 190).stroke_width(1)))
                .map_err(draw_err)?;
            plot.draw(&Text::new(
                format!("{}%", format_number(*r, rmax)),
                to_px(*r, 22.5),
                style::small(),
            ))
            .map_err(draw_err)?;
        }
        for (lbl, deg) in [("N", 0.0), ("E", 90.0), ("S", 180.0), ("W", 270.0)] {
            let p = to_px(rmax * 1.08, deg);
            plot.draw(&Text::new(
                lbl,
                p,
                style::axis_desc().pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(draw_err)?;
        }
        let nb = rc.speed_edges.len() - 1;
        let colours: Vec<RGBColor> = (0..nb)
            .map(|j| Colormap::Viridis.at(j as f64 / (nb.max(2) - 1) as f64))
            .collect();
        let width = 360.0 / self.num_dirs as f64 * 0.8;
        for (i, row) in rc.percent.iter().enumerate() {
            let centre = i as f64 * 360.0 / self.num_dirs as f64;
            let mut r0 = 0.0;
            for (j, &p) in row.iter().enumerate() {
                if p <= 0.0 {
                    continue;
                }
                let r1 = r0 + p;
                let mut poly: Vec<(i32, i32)> = (0..=8)
                    .map(|k| to_px(r1, centre - width / 2.0 + width * f64::from(k) / 8.0))
                    .collect();
                poly.extend(
                    (0..=8)
                        .rev()
                        .map(|k| to_px(r0, centre - width / 2.0 + width * f64::from(k) / 8.0)),
                );
                plot.draw(&Polygon::new(poly, colours[j].filled())).map_err(draw_err)?;
                r0 = r1;
            }
        }
        let calm = format!("{:.2}% calm", rc.calm_percent);
        plot.draw(&Text::new(
            calm,
            (cx, cy + side / 2 + 34),
            style::axis_desc().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_err)?;
        let units = self.ds.var(&self.spd).and_then(|v| v.units()).unwrap_or("");
        let span = rc.speed_edges[nb] - rc.speed_edges[0];
        let labels: Vec<String> = rc
            .speed_edges
            .windows(2)
            .map(|e| format!("{}–{}", format_number(e[0], span), format_number(e[1], span)))
            .collect();
        crate::histogram::draw_legend(&legend, &format!("{} ({units})", self.spd), &labels, &colours)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_bins_wrap_north_and_count_edges_once() {
        assert_eq!(dir_bin(359.0, 4), Some(0));
        assert_eq!(dir_bin(44.999, 4), Some(0));
        assert_eq!(dir_bin(45.0, 4), Some(1), "edge belongs to one bin only");
        assert_eq!(dir_bin(-90.0, 4), Some(3));
        assert_eq!(dir_bin(f64::NAN, 4), None);
    }

    #[test]
    fn speed_classes_have_round_edges() {
        assert_eq!(round_edges(13.8, 10), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0]);
        assert_eq!(round_edges(10.0, 10), (0..=10).map(f64::from).collect::<Vec<_>>());
        assert_eq!(round_edges(0.0, 10), edges(0.0, 0.0, 10), "degenerate range");
    }

    #[test]
    fn percentages_and_calm() {
        // 4 samples: N 0.5 m/s (calm), N 3, E 3, S 5; edges 0..5 in 2 bins (0–2.5, 2.5–5].
        let rc = rose_counts(
            &[0.0, 10.0, 90.0, 180.0, f64::NAN],
            &[0.5, 3.0, 3.0, 5.0, 1.0],
            4,
            &[0.0, 2.5, 5.0],
            1.0,
        );
        assert_eq!(rc.calm_percent, 25.0);
        assert_eq!(rc.percent[0], vec![25.0, 25.0]);
        assert_eq!(rc.percent[1], vec![0.0, 25.0]);
        assert_eq!(rc.percent[2], vec![0.0, 25.0]);
        let total: f64 = rc.percent.iter().flatten().sum();
        assert!((total - 100.0).abs() < 1e-12);
    }
}
