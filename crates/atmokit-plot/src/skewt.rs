//! ACT `SkewTDisplay` (MetPy `SkewT`): temperature and dew point on a skew-T log-p diagram with
//! dry adiabats, moist adiabats and isotherms, the surface parcel with CAPE (red) and CIN (blue)
//! shading, wind barbs on the right and ACT's stability table (lifted index, SB/MU CAPE and CIN,
//! LCL temperature and pressure). Parcel theory comes from `atmokit-retrievals` (MetPy's
//! methods) through [`crate::skewt_parcel`].
//!
//! Coordinates: y = −ln p; x = T + 35 °C · ln(1000/p), so isotherms lean 45°-ish to the right;
//! the x tick labels are temperatures at 1000 hPa. Wind barbs in knots ([`crate::barbs`]).

use crate::error::{PlotError, Result, draw_err};
use crate::extract::{field_time_span, titled};
use crate::figure::Figure;
use crate::panel::{PanelGeometry, TickedAxis};
use crate::skewt_parcel::{dry_adiabat, moist_adiabat, parcel_overlay, shade_areas, stability_rows};
use crate::style;
use crate::time_axis::iso_minute;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;

const SKEW: f64 = 35.0;
/// Default bottom of the diagram (hPa), MetPy's; lowered when the data reach higher pressures.
const P_BOTTOM: f64 = 1050.0;
/// Default top (hPa), MetPy's; raised to the sounding's top when it goes higher.
const P_TOP: f64 = 100.0;
/// Highest pressure accepted as a sounding level (hPa).
const P_MAX: f64 = 1100.0;
/// Pressure ticks (hPa) drawn when inside the range.
const P_TICKS: [f64; 16] = [
    1000.0, 850.0, 700.0, 500.0, 400.0, 300.0, 250.0, 200.0, 150.0, 100.0, 70.0, 50.0, 30.0, 20.0, 10.0, 5.0,
];

fn xy(t: f64, p: f64) -> (f64, f64) {
    (t + SKEW * (1000.0 / p).ln(), -p.ln())
}

/// Sounding levels: (p hPa, T °C, Td °C, wind speed m/s, direction °), finite p, T, Td only,
/// 0 < p ≤ 1100 hPa, p decreasing from the first (surface) level up to the sounding's top.
pub fn sounding(ds: &Dataset, p: &str, t: &str, td: &str, spd: &str, dir: &str) -> Result<Vec<[f64; 5]>> {
    let cols = [
        ds.values_f64(p)?,
        ds.values_f64(t)?,
        ds.values_f64(td)?,
        ds.values_f64(spd)?,
        ds.values_f64(dir)?,
    ];
    let n = cols[0].len();
    if cols.iter().any(|c| c.len() != n) {
        return Err(PlotError::input(format!(
            "skew-T: '{p}', '{t}', '{td}', '{spd}', '{dir}' differ in length"
        )));
    }
    let mut out: Vec<[f64; 5]> = Vec::new();
    for (i, &p0) in cols[0].iter().enumerate() {
        let row = [p0, cols[1][i], cols[2][i], cols[3][i], cols[4][i]];
        let ok = row[..3].iter().all(|v| v.is_finite()) && row[0] > 0.0 && row[0] <= P_MAX;
        // Keep a monotonically decreasing pressure (balloon ascent; drop pendulum wiggles).
        if ok && out.last().is_none_or(|l| row[0] < l[0]) {
            out.push(row);
        }
    }
    if out.len() < 2 {
        return Err(PlotError::input(format!(
            "skew-T: fewer than two valid levels in '{p}'/'{t}'/'{td}'"
        )));
    }
    Ok(out)
}

/// Pressure range (top, bottom) in hPa of a sounding's diagram: MetPy's 100–1050 hPa, widened to
/// the sounding's top (rounded down to 10 hPa, at least 1 hPa) and bottom (rounded up to 50 hPa).
pub fn pressure_range(p: &[f64]) -> (f64, f64) {
    let (lo, hi) = crate::extract::finite_range(p.iter().copied()).unwrap_or((P_TOP, P_BOTTOM));
    let top = if lo < P_TOP {
        ((lo / 10.0).floor() * 10.0).max(1.0)
    } else {
        P_TOP
    };
    let bottom = if hi > P_BOTTOM {
        (hi / 50.0).ceil() * 50.0
    } else {
        P_BOTTOM
    };
    (top.min(lo.max(1.0)), bottom)
}

/// Temperature range (°C at 1000 hPa, the x axis) covering the temperature and dew point
/// traces in skewed coordinates, padded by 5 °C, rounded out to 10 °C and at least 60 °C wide.
pub fn temperature_range(p: &[f64], t: &[f64], td: &[f64]) -> (f64, f64) {
    let xs = p
        .iter()
        .zip(t)
        .map(|(&p, &t)| xy(t, p).0)
        .chain(p.iter().zip(td).map(|(&p, &td)| xy(td, p).0));
    let (lo, hi) = crate::extract::finite_range(xs).unwrap_or((-40.0, 50.0));
    let (mut lo, mut hi) = (((lo - 5.0) / 10.0).floor() * 10.0, ((hi + 5.0) / 10.0).ceil() * 10.0);
    while hi - lo < 60.0 {
        lo -= 10.0;
        hi += 10.0;
    }
    (lo, hi)
}

/// A skew-T log-p diagram of one sounding.
#[derive(Debug, Clone)]
pub struct SkewT<'a> {
    ds: &'a Dataset,
    names: [String; 5],
    size: (u32, u32),
    prange: Option<(f64, f64)>,
    trange: Option<(f64, f64)>,
    table: bool,
    act_compat: bool,
    layout: RefCell<Option<PanelGeometry>>,
}

impl<'a> SkewT<'a> {
    /// Skew-T of pressure `p`, temperature `t`, dew point `td`, wind speed `spd` and direction `dir`
    /// (ARM sonde: `pres`, `tdry`, `dp`, `wspd`, `deg`).
    pub fn new(ds: &'a Dataset, p: &str, t: &str, td: &str, spd: &str, dir: &str) -> Self {
        SkewT {
            ds,
            names: [p.into(), t.into(), td.into(), spd.into(), dir.into()],
            size: (900, 800),
            prange: None,
            trange: None,
            table: true,
            act_compat: false,
            layout: RefCell::new(None),
        }
    }

    /// Show pressures from `top` to `bottom` hPa (default: [`pressure_range`] of the data).
    pub fn pressure_range(mut self, top: f64, bottom: f64) -> Self {
        self.prange = Some((top, bottom));
        self
    }

    /// Show temperatures `lo`..`hi` °C at 1000 hPa (default: [`temperature_range`] of the data).
    pub fn temperature_range(mut self, lo: f64, hi: f64) -> Self {
        self.trange = Some((lo, hi));
        self
    }

    /// Set the figure size in pixels.
    pub fn with_size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// Draw ACT's stability table inside the diagram (default on; the enhanced layout draws it
    /// beside the diagram instead).
    pub fn table(mut self, on: bool) -> Self {
        self.table = on;
        self
    }

    /// Compute the stability table as ACT 2.3.4 does, without the sonde's lowest-pressure level
    /// ([`stability_rows`]). Default off.
    pub fn act_compat(mut self, on: bool) -> Self {
        self.act_compat = on;
        self
    }

    /// Whether [`SkewT::act_compat`] is on.
    pub fn is_act_compat(&self) -> bool {
        self.act_compat
    }

    /// The variable names: pressure, temperature, dew point, speed, direction.
    pub fn names(&self) -> &[String; 5] {
        &self.names
    }

    /// The dataset.
    pub fn dataset(&self) -> &'a Dataset {
        self.ds
    }

    /// Where the diagram landed in the last rendered image: x in skewed temperature (°C at
    /// 1000 hPa, `T + 35 ln(1000/p)`), y = −ln p (p in hPa).
    pub fn layout(&self) -> Option<PanelGeometry> {
        self.layout.borrow().clone()
    }

    /// The (top, bottom) pressure and (lo, hi) temperature ranges the diagram shows.
    pub fn ranges(&self) -> Result<((f64, f64), (f64, f64))> {
        let [pn, tn, tdn, sn, dn] = &self.names;
        let snd = sounding(self.ds, pn, tn, tdn, sn, dn)?;
        let col = |k: usize| snd.iter().map(|r| r[k]).collect::<Vec<f64>>();
        let (p, t, td) = (col(0), col(1), col(2));
        let pr = self.prange.unwrap_or_else(|| pressure_range(&p));
        let tr = self.trange.unwrap_or_else(|| temperature_range(&p, &t, &td));
        let ok = |(a, b): (f64, f64)| a.is_finite() && b.is_finite() && a < b;
        if !ok(pr) || pr.0 <= 0.0 {
            return Err(PlotError::input(format!(
                "skew-T: pressure range {pr:?} must be 0 < top < bottom (hPa)"
            )));
        }
        if !ok(tr) {
            return Err(PlotError::input(format!(
                "skew-T: temperature range {tr:?} must be low < high"
            )));
        }
        Ok((pr, tr))
    }
}

impl Figure for SkewT<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()> {
        let [pn, tn, tdn, sn, dn] = &self.names;
        let ((p_top, p_bottom), (t_lo, t_hi)) = self.ranges()?;
        let snd: Vec<[f64; 5]> = sounding(self.ds, pn, tn, tdn, sn, dn)?
            .into_iter()
            .filter(|r| r[0] >= p_top && r[0] <= p_bottom)
            .collect();
        if snd.len() < 2 {
            return Err(PlotError::input(format!(
                "skew-T: fewer than two levels of '{pn}' between {p_top} and {p_bottom} hPa"
            )));
        }
        let p: Vec<f64> = snd.iter().map(|r| r[0]).collect();
        let t: Vec<f64> = snd.iter().map(|r| r[1]).collect();
        let td: Vec<f64> = snd.iter().map(|r| r[2]).collect();
        let (w, _) = root.dim_in_pixel();
        let (left, right) = root.split_horizontally(w.saturating_sub(80));
        let mut title = titled(self.ds, "skew-T log-p");
        if let Some((t0, _)) = field_time_span(self.ds, pn) {
            title = format!("{title}, launch {}", iso_minute(t0));
        }
        let yt: Vec<f64> = P_TICKS.iter().map(|p: &f64| -p.ln()).collect();
        let xt: Vec<f64> = crate::ticks::nice_ticks(t_lo, t_hi, 10);
        let mut chart = ChartBuilder::on(&left)
            .caption(title, style::title())
            .margin(10)
            .x_label_area_size(44)
            .y_label_area_size(70)
            .build_cartesian_2d(
                TickedAxis::new(t_lo, t_hi, xt),
                TickedAxis::new(-p_bottom.ln(), -p_top.ln(), yt),
            )
            .map_err(draw_err)?;
        let (px, py) = chart.plotting_area().get_pixel_range();
        *self.layout.borrow_mut() = Some(PanelGeometry {
            field: tn.clone(),
            px,
            py,
            x: (t_lo, t_hi),
            y: (-p_bottom.ln(), -p_top.ln()),
        });
        let pfmt = |y: &f64| format!("{:.0}", (-y).exp());
        let tfmt = |x: &f64| format!("{x:.0}");
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(200, 200, 200))
            .disable_x_mesh()
            .x_label_style(style::tick())
            .y_label_style(style::tick())
            .axis_desc_style(style::axis_desc())
            .x_label_formatter(&tfmt)
            .y_label_formatter(&pfmt)
            .x_desc("Temperature (C)")
            .y_desc("Pressure (hPa)")
            .draw()
            .map_err(draw_err)?;
        // 120 levels evenly spaced in log p from the bottom to the top of the diagram.
        let levels: Vec<f64> = (0..=120)
            .map(|i| (p_bottom.ln() + (p_top.ln() - p_bottom.ln()) * f64::from(i) / 120.0).exp())
            .collect();
        let clip = |pts: Vec<(f64, f64)>| {
            pts.into_iter()
                .filter(|(x, _)| (t_lo..=t_hi).contains(x))
                .collect::<Vec<_>>()
        };
        let (k_lo, k_hi) = (
            ((t_lo - SKEW * (1000.0 / p_top).ln()) / 10.0).floor() as i32,
            (t_hi / 10.0).ceil() as i32,
        );
        for k in k_lo..=k_hi {
            let t0 = f64::from(k) * 10.0;
            let line = clip(levels.iter().map(|&p| xy(t0, p)).collect());
            chart
                .draw_series(LineSeries::new(line, RGBColor(190, 190, 190).stroke_width(1)))
                .map_err(draw_err)?;
        }
        for k in -3..=40 {
            let theta_c = f64::from(k) * 10.0;
            let line = clip(
                levels
                    .iter()
                    .zip(dry_adiabat(theta_c, &levels))
                    .map(|(&p, t)| xy(t, p))
                    .collect(),
            );
            chart
                .draw_series(LineSeries::new(line, RGBColor(230, 170, 150).stroke_width(1)))
                .map_err(draw_err)?;
        }
        let moist_levels: Vec<f64> = levels
            .iter()
            .copied()
            .filter(|&p| (p_top.max(150.0)..=1000.0).contains(&p))
            .collect();
        for k in -2..=7 {
            let t0 = f64::from(k) * 5.0;
            let m = moist_adiabat(t0, &moist_levels);
            let line = clip(moist_levels.iter().zip(m).map(|(&p, t)| xy(t, p)).collect());
            chart
                .draw_series(LineSeries::new(line, RGBColor(150, 200, 150).stroke_width(1)))
                .map_err(draw_err)?;
        }
        if let Some(ov) = parcel_overlay(&p, &t, &td) {
            let (cape, cin) = shade_areas(&ov);
            let polys = cape
                .iter()
                .map(|q| (q, RGBColor(255, 0, 0).mix(0.3)))
                .chain(cin.iter().map(|q| (q, RGBColor(0, 0, 255).mix(0.2))));
            for (q, colour) in polys {
                let quad: Vec<(f64, f64)> = q.iter().map(|&(t, p)| xy(t, p)).collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(quad, colour.filled())))
                    .map_err(draw_err)?;
            }
            // Thin and dashed, under the traces, so that it never hides the temperature.
            let line = clip(ov.p.iter().zip(&ov.parcel).map(|(&p, &t)| xy(t, p)).collect());
            chart
                .draw_series(DashedLineSeries::new(line, 6, 4, BLACK.stroke_width(1)))
                .map_err(draw_err)?
                .label("surface parcel")
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(1)));
        }
        let tl = clip(p.iter().zip(&t).map(|(&p, &t)| xy(t, p)).collect());
        let dl = clip(p.iter().zip(&td).map(|(&p, &t)| xy(t, p)).collect());
        chart
            .draw_series(LineSeries::new(tl, RGBColor(220, 0, 0).stroke_width(2)))
            .map_err(draw_err)?
            .label(tn.as_str())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RGBColor(220, 0, 0).stroke_width(2)));
        chart
            .draw_series(LineSeries::new(dl, RGBColor(0, 150, 0).stroke_width(2)))
            .map_err(draw_err)?
            .label(tdn.as_str())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], RGBColor(0, 150, 0).stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(style::small())
            .draw()
            .map_err(draw_err)?;
        if let Some(rows) = self
            .table
            .then(|| stability_rows(self.ds, pn, tn, tdn, self.act_compat).ok())
            .flatten()
        {
            let lines: Vec<String> = std::iter::once("Surface parcel".to_string()).chain(rows).collect();
            let (px, py) = chart.plotting_area().get_pixel_range();
            // Lower right: the skew leans every trace to the right with height, so the top right
            // is where the upper levels are drawn.
            let (x0, y0) = (px.end - 190, py.end - 8 - 16 * lines.len() as i32);
            root.draw(&Rectangle::new(
                [(x0 - 6, y0 - 4), (px.end - 6, y0 + 16 * lines.len() as i32)],
                WHITE.mix(0.9).filled(),
            ))
            .map_err(draw_err)?;
            for (k, l) in lines.iter().enumerate() {
                root.draw(&Text::new(l.clone(), (x0, y0 + 16 * k as i32), style::small()))
                    .map_err(draw_err)?;
            }
        }
        // Barbs every ~50 hPa in the right column, in knots as the label says.
        let (_, top_py) = chart.backend_coord(&xy(0.0, p_top));
        right
            .draw(&Text::new("wind (kt)", (8, (top_py - 24).max(0)), style::small()))
            .map_err(draw_err)?;
        let mut last_py = i32::MAX;
        for r in &snd {
            let (_, py) = chart.backend_coord(&xy(0.0, r[0]));
            if last_py - py >= 36 && r[3].is_finite() && r[4].is_finite() {
                crate::barbs::barb(&right, (40, py), r[3], r[4], 32.0)?;
                last_py = py;
            }
        }
        Ok(())
    }
}
