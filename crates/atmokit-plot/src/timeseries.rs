//! ACT's `TimeSeriesDisplay`: panels stacked vertically sharing one time axis (lines, meshes,
//! QC flag blocks), titles `<datastream> <field> on <YYYYMMDD>` (`from <YYYYMMDD> to <YYYYMMDD>`
//! for several days), `Time [UTC], <dates>` below each panel.

use crate::error::{PlotError, Result};
use crate::extract::{datastream, times_s};
use crate::figure::Figure;
use crate::panel::{self, Panel, PanelGeometry, PanelKind};
use crate::time_axis::{span, title_dates};
use crate::{daynight, flag_block, flag_mesh, line_panel, mesh_panel};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

/// A figure of time-series panels over one Dataset.
#[derive(Debug)]
pub struct TimeSeriesDisplay<'a> {
    ds: &'a Dataset,
    panels: Vec<Panel>,
    width: u32,
    panel_height: u32,
    xrange: Option<(f64, f64)>,
    match_y: bool,
    layout: RefCell<Vec<PanelGeometry>>,
}

impl<'a> TimeSeriesDisplay<'a> {
    /// An empty display of `ds`, 1000 px wide, 300 px per panel (ACT's default figure is 10×3 in
    /// per panel at 100 dpi).
    pub fn new(ds: &'a Dataset) -> Self {
        TimeSeriesDisplay {
            ds,
            panels: Vec::new(),
            width: 1000,
            panel_height: 300,
            xrange: None,
            match_y: false,
            layout: RefCell::new(Vec::new()),
        }
    }

    /// Add a panel (below the previous ones).
    pub fn panel(mut self, panel: Panel) -> Self {
        self.panels.push(panel);
        self
    }

    /// Set the width and the height of each panel in pixels.
    pub fn with_size(mut self, width: u32, panel_height: u32) -> Self {
        self.width = width;
        self.panel_height = panel_height;
        self
    }

    /// Restrict the time axis to [t0, t1] (ns since 1970); default: the data's time span.
    pub fn xrange_ns(mut self, t0: i64, t1: i64) -> Self {
        self.xrange = Some((t0 as f64 * 1e-9, t1 as f64 * 1e-9));
        self
    }

    /// Give every line panel without its own range the same value-axis limits: the union of
    /// their data ranges plus 5 % (ACT `match_axes_ylimits`).
    pub fn match_axes_ylimits(mut self, on: bool) -> Self {
        self.match_y = on;
        self
    }

    /// The shared value-axis range of [`TimeSeriesDisplay::match_axes_ylimits`] over the line
    /// panels of `kinds` (`None` when no line panel has a finite value).
    fn matched_yrange(&self, kinds: &[PanelKind]) -> Result<Option<(f64, f64)>> {
        let mut all = Vec::new();
        for (p, k) in self.panels.iter().zip(kinds) {
            if *k == PanelKind::Line && p.yrange.is_none() {
                for f in std::iter::once(&p.field).chain(&p.also) {
                    all.extend(self.ds.values_f64(f)?);
                }
            }
        }
        Ok(crate::extract::finite_range(all).map(|r| crate::extract::padded(r, 0.05)))
    }

    /// The panels.
    pub fn panels(&self) -> &[Panel] {
        &self.panels
    }

    /// Where each panel was drawn by the last render (empty before the first).
    pub fn layout(&self) -> Vec<PanelGeometry> {
        self.layout.borrow().clone()
    }

    /// The kind a panel resolves to: `Auto` becomes FlagBlock for `qc_*` variables with QC
    /// metadata, Mesh for 2-D fields, Line otherwise.
    pub fn resolved_kind(&self, p: &Panel) -> Result<PanelKind> {
        if p.kind != PanelKind::Auto {
            return Ok(p.kind);
        }
        let var = self.ds.get(&p.field)?;
        Ok(
            if p.field.starts_with("qc_") && flag_block::resolve(self.ds, &p.field).is_ok() {
                PanelKind::FlagBlock
            } else if var.dims().len() == 2 {
                PanelKind::Mesh
            } else {
                PanelKind::Line
            },
        )
    }

    fn title_of(&self, p: &Panel, kind: PanelKind, x: (f64, f64)) -> String {
        p.title.clone().unwrap_or_else(|| {
            let ds = datastream(self.ds);
            let field = match kind {
                PanelKind::FlagBlock => flag_block::resolve(self.ds, &p.field).map_or(p.field.clone(), |i| i.qc_var),
                _ => p.field.clone(),
            };
            let head = if ds.is_empty() { field } else { format!("{ds} {field}") };
            format!("{head} {}", title_dates(x.0, x.1))
        })
    }
}

impl Figure for TimeSeriesDisplay<'_> {
    fn size(&self) -> (u32, u32) {
        (self.width, self.panel_height * self.panels.len().max(1) as u32)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        if self.panels.is_empty() {
            return Err(PlotError::input("no panels to draw; give at least one variable"));
        }
        let kinds = self
            .panels
            .iter()
            .map(|p| self.resolved_kind(p))
            .collect::<Result<Vec<_>>>()?;
        let any_mesh = kinds.contains(&PanelKind::Mesh) || kinds.contains(&PanelKind::TimeHeightScatter);
        let any_secondary = self.panels.iter().any(|p| p.secondary.is_some());
        for (p, k) in self.panels.iter().zip(&kinds) {
            if p.secondary.is_some() && *k != PanelKind::Line {
                return Err(PlotError::input(format!(
                    "'{}': a secondary y axis applies to line panels only",
                    p.field
                )));
            }
        }
        let mut times = Vec::with_capacity(self.panels.len());
        for p in &self.panels {
            times.push(times_s(self.ds, &p.field)?);
        }
        let x = match self.xrange {
            Some(r) => r,
            None => {
                let mut lo = f64::INFINITY;
                let mut hi = f64::NEG_INFINITY;
                for t in &times {
                    let ns: Vec<i64> = t
                        .iter()
                        .map(|s| {
                            if s.is_finite() {
                                (s * 1e9) as i64
                            } else {
                                atmokit_core::NAT
                            }
                        })
                        .collect();
                    if let Some((a, b)) = span(&ns) {
                        lo = lo.min(a);
                        hi = hi.max(b);
                    }
                }
                if !lo.is_finite() {
                    return Err(PlotError::input("every time is missing (NaT); nothing to plot"));
                }
                if hi <= lo { (lo - 30.0, hi + 30.0) } else { (lo, hi) }
            }
        };
        let matched = if self.match_y {
            self.matched_yrange(&kinds)?
        } else {
            None
        };
        let site = daynight::site_lat_lon(self.ds);
        let areas = root.split_evenly((self.panels.len(), 1));
        let mut layout = Vec::new();
        for ((p, kind), (full, t)) in self.panels.iter().zip(kinds).zip(areas.iter().zip(&times)) {
            let title = self.title_of(p, kind, x);
            // Panels without a secondary axis leave its label width free so that time axes align.
            let (w, _) = full.dim_in_pixel();
            let pad = if any_secondary && p.secondary.is_none() {
                panel::SECONDARY_WIDTH
            } else {
                0
            };
            let (area, _) = full.split_horizontally(w.saturating_sub(pad));
            let area = &area;
            let geom = match kind {
                PanelKind::Mesh => mesh_panel::draw(area, self.ds, p, t, x, &title)?,
                PanelKind::TimeHeightScatter => crate::time_height_scatter::draw(area, self.ds, p, t, x, &title)?,
                PanelKind::FlagBlock => {
                    let (a, _) = split_for_mesh(area, any_mesh);
                    if flag_mesh::is_2d(self.ds, &p.field) {
                        flag_mesh::draw(&a, self.ds, p, t, x, &title)?
                    } else {
                        flag_block::draw(&a, self.ds, p, t, x, &title)?
                    }
                }
                _ => {
                    let (a, _) = split_for_mesh(area, any_mesh);
                    let mut p = p.clone();
                    if p.yrange.is_none() {
                        p.yrange = matched;
                    }
                    line_panel::draw(&a, self.ds, &p, t, x, &title, site, panel::SECONDARY_WIDTH)?
                }
            };
            layout.push(geom);
        }
        *self.layout.borrow_mut() = layout;
        Ok(())
    }
}

/// When any panel has a colorbar, every panel leaves the same right column free so that the
/// time axes line up.
fn split_for_mesh<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    any_mesh: bool,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (w, _) = area.dim_in_pixel();
    let cut = if any_mesh {
        w.saturating_sub(mesh_panel::COLORBAR_WIDTH)
    } else {
        w
    };
    area.split_horizontally(cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figure::{render_rgb, render_svg};
    use atmokit_core::Variable;

    fn ds(n: usize, values: Vec<f32>) -> Dataset {
        let mut ds = Dataset::new();
        let t: Vec<i64> = (0..n as i64)
            .map(|i| 1_546_300_800_000_000_000 + i * 60_000_000_000)
            .collect();
        ds.insert("time", Variable::time("time", t)).unwrap();
        ds.insert("x", Variable::new(["time"], values).unwrap().with_attr("units", "K"))
            .unwrap();
        ds
    }

    #[test]
    fn edge_cases_draw_or_fail_cleanly() {
        // One sample, all NaN, and NaN mixed in: all draw.
        for d in [
            ds(1, vec![3.0]),
            ds(3, vec![f32::NAN; 3]),
            ds(3, vec![1.0, f32::NAN, 2.0]),
        ] {
            let fig = TimeSeriesDisplay::new(&d).panel(Panel::new("x"));
            let svg = render_svg(&fig).unwrap();
            assert!(svg.contains("x (K)"));
        }
        // A 2-D all-NaN field has no colour range: an error naming it.
        let mut d = ds(2, vec![1.0, 2.0]);
        d.insert(
            "z",
            Variable::new(
                ["time", "h"],
                ndarray::Array2::<f32>::from_elem((2, 3), f32::NAN).into_dyn(),
            )
            .unwrap(),
        )
        .unwrap();
        let e = render_rgb(&TimeSeriesDisplay::new(&d).panel(Panel::new("z")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'z'"), "{e}");
        // A variable without a time dimension is refused with its name.
        d.insert("s", Variable::new(["h"], vec![1.0f32, 2.0, 3.0]).unwrap())
            .unwrap();
        let e = render_rgb(&TimeSeriesDisplay::new(&d).panel(Panel::new("s")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'s'") && e.contains("time"), "{e}");
        // Absurd sizes are refused.
        let e = render_rgb(&TimeSeriesDisplay::new(&d).panel(Panel::new("x")).with_size(10, 10))
            .unwrap_err()
            .to_string();
        assert!(e.contains("10x10"), "{e}");
    }
}
