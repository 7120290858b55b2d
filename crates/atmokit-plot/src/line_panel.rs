//! A 1-D field against time: line broken at missing data and time gaps, optional QC assessment
//! over-plotting, state variables with their flag meanings on the value axis.

use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, median_step, padded, values_f64, with_units};
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::qc_flags::{Category, qc_info, qc_values, worst_category};
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use atmokit_core::{AttrValue, Dataset};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Runs of drawable points: split where the value or time is not finite, or where consecutive
/// times are more than twice the median step apart (ACT's `add_nan` gap rule).
pub fn segments(t: &[f64], y: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let gap = median_step(t).map_or(f64::INFINITY, |s| 2.0 * s);
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    for (&ti, &yi) in t.iter().zip(y) {
        let ok = ti.is_finite() && yi.is_finite();
        let jump = cur.last().is_some_and(|&(tp, _)| ti - tp > gap);
        if !ok || jump {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !ok {
                continue;
            }
        }
        cur.push((ti, yi));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Reduce a run to at most four points per pixel column (first, min, max, last), which draws
/// the same picture as every point while keeping cost proportional to the plot width.
pub fn decimate(run: &[(f64, f64)], x: (f64, f64), width_px: u32) -> Vec<(f64, f64)> {
    if run.len() <= 4 * width_px as usize {
        return run.to_vec();
    }
    let scale = f64::from(width_px) / (x.1 - x.0);
    let mut out = Vec::with_capacity(4 * width_px as usize);
    let mut i = 0;
    while i < run.len() {
        let col = ((run[i].0 - x.0) * scale).floor();
        let mut j = i;
        let (mut lo, mut hi) = (i, i);
        while j < run.len() && ((run[j].0 - x.0) * scale).floor() == col {
            if run[j].1 < run[lo].1 {
                lo = j;
            }
            if run[j].1 > run[hi].1 {
                hi = j;
            }
            j += 1;
        }
        let mut idx = [i, lo, hi, j - 1];
        idx.sort_unstable();
        let mut last = usize::MAX;
        for k in idx {
            if k != last {
                out.push(run[k]);
                last = k;
            }
        }
        i = j;
    }
    out
}

/// CF state labels of a field: (flag_values, flag_meanings), when both are present and agree.
pub fn state_labels(ds: &Dataset, field: &str) -> Option<(Vec<f64>, Vec<String>)> {
    let attrs = ds.var(field)?.attrs();
    let values = attrs.get("flag_values")?.as_f64_vec()?;
    let meanings = attrs.get("flag_meanings").and_then(AttrValue::as_strings)?;
    (values.len() == meanings.len() && !values.is_empty()).then_some((values, meanings))
}

/// Draw one line panel; returns its geometry.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
    site: Option<(f64, f64)>,
) -> Result<PanelGeometry> {
    let var = ds.get(&p.field)?;
    if var.dims().len() != 1 {
        return Err(PlotError::input(format!(
            "'{}' has {} dimensions; a line needs 1",
            p.field,
            var.dims().len()
        )));
    }
    let y = values_f64(ds, &p.field)?;
    let states = state_labels(ds, &p.field);
    let data_range = finite_range(y.iter().copied()).unwrap_or((0.0, 1.0));
    let yr = p.yrange.unwrap_or_else(|| match &states {
        Some((v, _)) => padded(finite_range(v.iter().copied()).unwrap_or(data_range), 0.1),
        None => padded(data_range, 0.05),
    });
    let (yticks, labels): (Vec<f64>, Vec<String>) = match &states {
        Some((v, m)) => (v.clone(), m.iter().map(|s| shorten(s, 28)).collect()),
        None => (nice_ticks(yr.0, yr.1, 6), Vec::new()),
    };
    let span = yr.1 - yr.0;
    let lookup = yticks.clone();
    let fmt = move |v: &f64| match lookup.iter().position(|t| t == v) {
        Some(i) if !labels.is_empty() => labels[i].clone(),
        _ => format_number(*v, span),
    };
    let y_desc = with_units(&p.field, Some(var));
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks,
        y_desc: &y_desc,
        y_label_width: if states.is_some() { 210 } else { 70 },
        y_fmt: &fmt,
    };
    let mut chart = panel::build(area, &frame)?;
    if p.day_night
        && let Some(site) = site
    {
        crate::daynight::draw(&mut chart, x, yr, site)?;
    }
    panel::draw_axes(&mut chart, &frame, true)?;
    let (w, _) = chart.plotting_area().dim_in_pixel();
    let color = style::LINE;
    for run in segments(t, &y) {
        let pts = decimate(&run, x, w);
        if pts.len() == 1 {
            chart
                .draw_series(pts.iter().map(|&pt| Circle::new(pt, 2, color.filled())))
                .map_err(draw_err)?;
        } else {
            chart
                .draw_series(LineSeries::new(pts, color.stroke_width(1)))
                .map_err(draw_err)?;
        }
    }
    if p.qc_overplot {
        overplot(&mut chart, ds, &p.field, t, &y)?;
    }
    Ok(panel::geometry(&chart, &p.field, &frame))
}

fn shorten(s: &str, n: usize) -> String {
    let s = s.replace('_', " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// ACT's `assessment_overplot`: red dots where the worst set test is Bad/Incorrect, orange where
/// it is Suspect/Indeterminate.
fn overplot<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, panel::TimeCoord>,
    ds: &Dataset,
    field: &str,
    t: &[f64],
    y: &[f64],
) -> Result<()> {
    let Some(info) = qc_info(ds, field)? else { return Ok(()) };
    let cats = worst_category(&info, &qc_values(ds, &info.qc_var)?);
    let mut any = false;
    for (cat, colour, name) in [
        (Category::Suspect, style::SUSPECT, "Suspect/Indeterminate"),
        (Category::Bad, style::BAD, "Bad/Incorrect"),
    ] {
        let n = cats.iter().filter(|c| **c == Some(cat)).count();
        if n == 0 {
            continue;
        }
        any = true;
        let pts = cats
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                **c == Some(cat) && t.get(*i).is_some_and(|v| v.is_finite()) && y.get(*i).is_some_and(|v| v.is_finite())
            })
            .map(|(i, _)| Circle::new((t[i], y[i]), 3, colour.filled()));
        chart
            .draw_series(pts)
            .map_err(draw_err)?
            .label(format!("QC {name} ({n})"))
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, colour.filled()));
    }
    if any {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(style::small())
            .draw()
            .map_err(draw_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_break_at_nan_and_gaps() {
        let t = [0.0, 60.0, 120.0, 180.0, 600.0, 660.0];
        let y = [1.0, f64::NAN, 3.0, 4.0, 5.0, 6.0];
        let s = segments(&t, &y);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0], vec![(0.0, 1.0)]);
        assert_eq!(s[1], vec![(120.0, 3.0), (180.0, 4.0)]);
        assert_eq!(s[2], vec![(600.0, 5.0), (660.0, 6.0)]);
    }

    #[test]
    fn decimation_keeps_extremes_per_column() {
        let run: Vec<(f64, f64)> = (0..1000)
            .map(|i| (f64::from(i), if i == 503 { 99.0 } else { f64::from(i % 7) }))
            .collect();
        let d = decimate(&run, (0.0, 1000.0), 10);
        assert!(d.len() <= 40);
        assert!(d.contains(&(503.0, 99.0)), "spike kept");
        assert_eq!(d.first(), run.first());
        assert_eq!(d.last(), run.last());
    }
}
