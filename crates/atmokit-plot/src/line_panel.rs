//! A 1-D field against time: line broken at missing data and time gaps (and directions at their
//! 0/360° wraps), more variables with a legend, a secondary y axis, optional QC assessment
//! over-plotting, state variables with their flag meanings on the value axis.

use crate::error::{PlotError, Result, draw_err};
use crate::extract::{finite_range, median_step, padded, times_s, with_units};
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::qc_flags::{Category, qc_info, qc_values, worst_category};
use crate::series::{self, Stroke, is_direction};
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use atmokit_core::{AttrValue, Dataset};
use plotters::chart::DualCoordChartContext;
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

/// A named line: (variable, times in seconds, values).
type Line = (String, Vec<f64>, Vec<f64>);

/// The lines of the panel's field and of its [`Panel::also`] variables, each 1-D.
fn primary_lines(ds: &Dataset, p: &Panel, t: &[f64]) -> Result<Vec<Line>> {
    let mut out = Vec::with_capacity(1 + p.also.len());
    for (k, f) in std::iter::once(&p.field).chain(&p.also).enumerate() {
        let var = ds.get(f)?;
        if var.dims().len() != 1 {
            return Err(PlotError::input(format!(
                "'{f}' has {} dimensions; a line needs 1",
                var.dims().len()
            )));
        }
        let tt = if k == 0 { t.to_vec() } else { times_s(ds, f)? };
        out.push((f.clone(), tt, ds.values_f64(f)?));
    }
    Ok(out)
}

/// Value-axis description: `field (units)` for one variable; `a, b (units)` when the variables
/// share units; the units alone otherwise not being shared, each name with its units.
fn y_description(ds: &Dataset, names: &[&str]) -> String {
    if names.len() == 1 {
        return with_units(names[0], ds.var(names[0]));
    }
    let units: Vec<Option<&str>> = names.iter().map(|n| ds.var(n).and_then(|v| v.units())).collect();
    if units.windows(2).all(|w| w[0] == w[1]) {
        with_units(&names.join(", "), ds.var(names[0]))
    } else {
        names
            .iter()
            .map(|n| with_units(n, ds.var(n)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Draw one line panel; returns its geometry. `right` px are left at the right for a secondary
/// axis label area (drawn when the panel has [`Panel::secondary`]).
#[allow(clippy::too_many_arguments)]
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
    site: Option<(f64, f64)>,
    right: u32,
) -> Result<PanelGeometry> {
    let lines = primary_lines(ds, p, t)?;
    let y = &lines[0].2;
    let states = state_labels(ds, &p.field).filter(|_| lines.len() == 1);
    let band = p
        .band
        .as_ref()
        .map(|b| crate::band::bounds(ds, &p.field, y, b))
        .transpose()?;
    let all = lines.iter().flat_map(|l| l.2.iter().copied());
    let band_values = band.iter().flat_map(|(lo, hi, _)| lo.iter().chain(hi).copied());
    let data_range = finite_range(
        all.chain(band_values)
            .chain(p.overlays.iter().flat_map(|s| s.y.iter().copied())),
    )
    .unwrap_or((0.0, 1.0));
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
    let names: Vec<&str> = lines.iter().map(|l| l.0.as_str()).collect();
    let y_desc = y_description(ds, &names);
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks,
        y_desc: &y_desc,
        y_label_width: if states.is_some() { 210 } else { 70 },
        y_fmt: &fmt,
        act_compat: p.act_compat,
    };
    let second = p.secondary.as_deref().map(|f| secondary_data(ds, f)).transpose()?;
    let built = panel::build_with_right(area, &frame, if second.is_some() { right } else { 0 })?;
    // The secondary coordinates take the right label area before the primary axes are drawn, so
    // the primary ticks stay on the left.
    let y2 = second.as_ref().map_or((0.0, 1.0), |s| s.range);
    let mut dual = built.set_secondary_coord(
        panel::TickedAxis::new(x.0, x.1, Vec::new()),
        panel::TickedAxis::new(y2.0, y2.1, nice_ticks(y2.0, y2.1, 6)),
    );
    let chart = &mut *dual;
    if p.day_night
        && let Some(site) = site
    {
        crate::daynight::draw(chart, x, yr, site)?;
    }
    panel::draw_axes(chart, &frame, true)?;
    let legend = lines.len() > 1 || second.is_some() || !p.overlays.is_empty() || band.is_some();
    let mut colours = style::CYCLE.iter().copied().cycle();
    if let Some((lo, hi, label)) = &band {
        crate::band::draw(chart, t, (lo, hi), style::CYCLE[0], label)?;
    }
    for (name, tt, yy) in &lines {
        let stroke = Stroke {
            label: legend.then_some(name.as_str()),
            color: colours.next().unwrap_or(style::LINE),
            markers: false,
            wrap: is_direction(ds, name).then_some(360.0),
        };
        series::draw(chart, tt, yy, x, &stroke)?;
    }
    for s in &p.overlays {
        let stroke = Stroke {
            label: Some(&s.label),
            color: s.color.unwrap_or_else(|| colours.next().unwrap_or(style::LINE)),
            markers: s.markers,
            wrap: None,
        };
        series::draw(chart, &s.t, &s.y, x, &stroke)?;
    }
    let flagged = p.qc_overplot && overplot(chart, ds, &p.field, t, y)?;
    let geom = panel::geometry(chart, &p.field, &frame);
    if let Some(sd) = &second {
        draw_secondary(&mut dual, sd, x, colours.next().unwrap_or(style::LINE))?;
    }
    if legend || flagged {
        series::legend(&mut dual)?;
    }
    Ok(geom)
}

/// A secondary-axis variable: name, units label, times, values, axis range.
struct Secondary {
    field: String,
    desc: String,
    wrap: Option<f64>,
    t: Vec<f64>,
    y: Vec<f64>,
    range: (f64, f64),
}

fn secondary_data(ds: &Dataset, field: &str) -> Result<Secondary> {
    let var = ds.get(field)?;
    if var.dims().len() != 1 {
        return Err(PlotError::input(format!(
            "'{field}' has {} dimensions; a secondary axis line needs 1",
            var.dims().len()
        )));
    }
    let y = ds.values_f64(field)?;
    Ok(Secondary {
        field: field.to_string(),
        desc: with_units(field, Some(var)),
        wrap: is_direction(ds, field).then_some(360.0),
        t: times_s(ds, field)?,
        range: padded(finite_range(y.iter().copied()).unwrap_or((0.0, 1.0)), 0.05),
        y,
    })
}

/// Draw the secondary variable against the right axis (its description and ticks there).
fn draw_secondary<'a, DB: DrawingBackend + 'a>(
    dual: &mut DualCoordChartContext<'a, DB, panel::TimeCoord, panel::TimeCoord>,
    sd: &Secondary,
    x: (f64, f64),
    colour: RGBColor,
) -> Result<()> {
    let span = sd.range.1 - sd.range.0;
    let fmt = move |v: &f64| format_number(*v, span);
    dual.configure_secondary_axes()
        .label_style(style::tick())
        .axis_desc_style(style::axis_desc())
        .y_label_formatter(&fmt)
        .y_desc(sd.desc.clone())
        .draw()
        .map_err(draw_err)?;
    let (w, _) = dual.plotting_area().dim_in_pixel();
    let label = format!("{} (right)", sd.field);
    let mut labelled = false;
    for r in series::runs(&sd.t, &sd.y, x, w, sd.wrap) {
        let anno = dual
            .draw_secondary_series(LineSeries::new(r, colour.stroke_width(1)))
            .map_err(draw_err)?;
        if !labelled {
            anno.label(label.clone())
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(2)));
            labelled = true;
        }
    }
    Ok(())
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
/// it is Suspect/Indeterminate. Returns whether it added legend entries.
fn overplot<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, panel::TimeCoord>,
    ds: &Dataset,
    field: &str,
    t: &[f64],
    y: &[f64],
) -> Result<bool> {
    let (xr, yr) = (chart.x_range(), chart.y_range());
    let (xr, yr) = (xr.start..=xr.end, yr.start..=yr.end);
    let Some(info) = qc_info(ds, field)? else {
        return Ok(false);
    };
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
                // Only markers inside the axes (a --yrange may leave flagged samples outside).
                **c == Some(cat)
                    && t.get(*i).is_some_and(|v| xr.contains(v))
                    && y.get(*i).is_some_and(|v| yr.contains(v))
            })
            .map(|(i, _)| Circle::new((t[i], y[i]), 3, colour.filled()));
        chart
            .draw_series(pts)
            .map_err(draw_err)?
            .label(format!("QC {name} ({n})"))
            .legend(move |(x, y)| Circle::new((x + 8, y), 4, colour.filled()));
    }
    Ok(any)
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
