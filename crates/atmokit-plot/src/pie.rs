//! ACT `DistributionDisplay.plot_pie_chart(fields, time, time_slice, threshold, fill_value,
//! autopct='%1.1f%%')`: each field's share of the sum of the fields' means as a pie, the
//! shares from [`atmokit_physics::percentages::calculate_percentages`]. Wedges start at 12
//! o'clock and run clockwise (matplotlib starts at 3 o'clock counter-clockwise; the shares
//! are the same), each labelled with its field name and percentage (one decimal).

use crate::error::{PlotError, Result, draw_err};
use crate::extract::titled;
use crate::figure::Figure;
use crate::style;
use atmokit_core::Dataset;
pub use atmokit_physics::percentages::PercentOptions;
use atmokit_physics::percentages::calculate_percentages;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A pie chart of the fields' shares.
#[derive(Debug, Clone)]
pub struct PieChart<'a> {
    ds: &'a Dataset,
    fields: Vec<String>,
    opts: PercentOptions,
    size: (u32, u32),
}

impl<'a> PieChart<'a> {
    /// A pie of `fields` (at least one) averaged over all samples.
    pub fn new(ds: &'a Dataset, fields: &[&str]) -> Self {
        PieChart {
            ds,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            opts: PercentOptions::default(),
            size: (700, 600),
        }
    }
    /// Selection, threshold and fill value passed to `calculate_percentages`.
    pub fn options(mut self, opts: PercentOptions) -> Self {
        self.opts = opts;
        self
    }
    /// Set the pixel size.
    pub fn with_size(mut self, w: u32, h: u32) -> Self {
        self.size = (w, h);
        self
    }
    /// The (field, percentage) pairs drawn.
    ///
    /// # Errors
    /// Those of `calculate_percentages`, and shares that are not finite or negative (a field
    /// of only NaN, or negative values without a threshold: a pie cannot show them).
    pub fn compute(&self) -> Result<Vec<(String, f64)>> {
        let f: Vec<&str> = self.fields.iter().map(String::as_str).collect();
        let p = calculate_percentages(self.ds, &f, &self.opts)?;
        if let Some((name, v)) = p.iter().find(|(_, v)| !(v.is_finite() && *v >= 0.0)) {
            return Err(PlotError::input(format!(
                "pie chart: the share of '{name}' is {v} (a field with no valid values, or negative values: set a threshold)"
            )));
        }
        Ok(p)
    }
}

/// Wedge colours: matplotlib's default cycle (`C0`, `C1`, …).
fn wedge_colour(i: usize) -> RGBColor {
    style::CYCLE[i % style::CYCLE.len()]
}

impl Figure for PieChart<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let shares = self.compute()?;
        let (w, h) = root.dim_in_pixel();
        let title = titled(self.ds, "pie chart of mean shares");
        root.draw(&Text::new(
            title,
            (w as i32 / 2, 8),
            style::title().pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_err)?;
        let (cx, cy) = (w as f64 / 2.0, h as f64 / 2.0 + 15.0);
        let r = (w.min(h) as f64 / 2.0 - 90.0).max(10.0);
        let mut start = 0.0f64;
        for (i, (_, p)) in shares.iter().enumerate() {
            let sweep = p / 100.0 * std::f64::consts::TAU;
            let steps = ((sweep / 0.02).ceil() as usize).max(1);
            let mut pts = vec![(cx as i32, cy as i32)];
            for k in 0..=steps {
                let a = start + sweep * k as f64 / steps as f64;
                pts.push(((cx + r * a.sin()).round() as i32, (cy - r * a.cos()).round() as i32));
            }
            root.draw(&Polygon::new(pts, wedge_colour(i).filled()))
                .map_err(draw_err)?;
            start += sweep;
        }
        start = 0.0;
        for (name, p) in &shares {
            let mid = start + p / 100.0 * std::f64::consts::PI;
            start += p / 100.0 * std::f64::consts::TAU;
            let (s, c) = mid.sin_cos();
            let pct = (cx + 0.6 * r * s, cy - 0.6 * r * c);
            root.draw(&Text::new(
                format!("{p:.1}%"),
                (pct.0 as i32, pct.1 as i32),
                style::small().pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(draw_err)?;
            let lab = (cx + 1.1 * r * s, cy - 1.1 * r * c);
            let hpos = if s > 0.1 {
                HPos::Left
            } else if s < -0.1 {
                HPos::Right
            } else {
                HPos::Center
            };
            root.draw(&Text::new(
                name.clone(),
                (lab.0 as i32, lab.1 as i32),
                style::small().pos(Pos::new(hpos, VPos::Center)),
            ))
            .map_err(draw_err)?;
        }
        Ok(())
    }
}
