//! ACT's `qc_flag_block_plot`: one horizontal row per QC test, green where the test passes,
//! coloured where it is set (Bad/Incorrect red, Suspect/Indeterminate orange, tests about missing
//! data dark grey, other assessments blue), rows labelled "Test n" with the meaning written in the
//! row. 2-D QC variables are drawn by [`crate::flag_mesh`] as ACT does (worst assessment per
//! cell); [`test_rows`] also reduces them (a time counts as set when any element is).

use crate::error::{PlotError, Result, draw_err};
use crate::extract::median_step;
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::qc_flags::{Category, QcInfo, QcTest, qc_info, qc_values};
use crate::style;
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// QC info of a panel's field: the field's own QC variable, or the `qc_*` variable itself.
pub fn resolve(ds: &Dataset, field: &str) -> Result<QcInfo> {
    let base = field
        .strip_prefix("qc_")
        .filter(|_| ds.contains(field))
        .unwrap_or(field);
    let info = qc_info(ds, base)?.ok_or_else(|| PlotError::input(format!("'{field}' has no QC variable")))?;
    if info.tests.is_empty() {
        return Err(PlotError::input(format!(
            "QC variable '{}' has no test descriptions (flag_masks/flag_meanings, bit_N_description or qc_bit_N_description)",
            info.qc_var
        )));
    }
    Ok(info)
}

/// For each test, whether it is set at each time index (any element of the row for 2-D QC).
pub fn test_rows(info: &QcInfo, values: &[i64], n_times: usize) -> Vec<Vec<bool>> {
    let per = values.len().checked_div(n_times).unwrap_or(0);
    info.tests
        .iter()
        .map(|test| {
            (0..n_times)
                .map(|i| values[i * per..(i + 1) * per].iter().any(|&v| test.is_set(v)))
                .collect()
        })
        .collect()
}

/// Width in pixels of the edge matplotlib draws around ACT's flag bars: `broken_barh(...,
/// edgecolor='face')` strokes every bar with the default `patch.linewidth` of 1 pt in the bar's
/// colour, 100/72 px at ACT's 100 dpi.
pub const ACT_EDGE_PX: f64 = 100.0 / 72.0;

/// Time extent (s) drawn for a run of flagged samples at times `first..=last`, with `half` half
/// the sampling step and `s_per_px` seconds per pixel of the panel.
///
/// atmokit: the samples' cells (`first − half` to `last + half`), widened to at least 1.5 px so
/// that a single flagged sample stays visible when there are more samples than pixels.
/// With `act_compat`, ACT 2.3.4's bar: from the first to the last flagged time (`reduce_time_ranges`
/// gives the duration `last − first`, so a single sample has width 0) plus matplotlib's 1-pt edge
/// ([`ACT_EDGE_PX`]) on the outline: a lone flagged sample is a hairline whatever the step.
pub fn run_extent(first: f64, last: f64, half: f64, s_per_px: f64, act_compat: bool) -> (f64, f64) {
    if act_compat {
        let edge = ACT_EDGE_PX / 2.0 * s_per_px;
        return (first - edge, last + edge);
    }
    let (a, b) = (first - half, last + half);
    let grow = (1.5 * s_per_px - (b - a)).max(0.0) / 2.0;
    (a - grow, b + grow)
}

/// Colour of a test's set samples.
pub fn test_colour(test: &QcTest) -> RGBColor {
    if test.is_missing_test() {
        return style::MISSING;
    }
    match Category::of(&test.assessment) {
        Category::Bad => style::BAD,
        Category::Suspect => style::SUSPECT,
        Category::Other => RGBColor(31, 119, 180),
    }
}

/// Draw a flag block panel.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
) -> Result<PanelGeometry> {
    let info = resolve(ds, &p.field)?;
    let values = qc_values(ds, &info.qc_var)?;
    let rows = test_rows(&info, &values, t.len());
    let n = info.tests.len();
    let yr = (0.0, n as f64);
    let centres: Vec<f64> = (0..n).map(|k| n as f64 - k as f64 - 0.5).collect();
    let numbers: Vec<u32> = info.tests.iter().map(|t| t.number).collect();
    let fmt = move |v: &f64| {
        let k = (n as f64 - v - 0.5).round();
        if k >= 0.0 && (k as usize) < numbers.len() {
            format!("Test {}", numbers[k as usize])
        } else {
            String::new()
        }
    };
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks: centres.clone(),
        y_desc: "",
        y_label_width: 70,
        y_fmt: &fmt,
        act_compat: p.act_compat,
    };
    let mut chart = panel::build(area, &frame)?;
    let half = median_step(t).unwrap_or(0.0) / 2.0;
    let width_px = f64::from(chart.plotting_area().dim_in_pixel().0.max(1));
    let s_per_px = (x.1 - x.0) / width_px;
    let valid: Vec<f64> = t.iter().copied().filter(|v| v.is_finite()).collect();
    if let (Some(first), Some(last)) = (valid.first(), valid.last()) {
        let base = (0..n).map(|k| {
            let y0 = n as f64 - k as f64 - 1.0;
            Rectangle::new(
                [(first - half, y0 + 0.1), (last + half, y0 + 0.9)],
                style::PASS.filled(),
            )
        });
        chart.draw_series(base).map_err(draw_err)?;
    }
    for (k, (test, set)) in info.tests.iter().zip(&rows).enumerate() {
        let y0 = n as f64 - k as f64 - 1.0;
        let colour = test_colour(test);
        let mut runs = Vec::new();
        let mut i = 0;
        while i < set.len() {
            if set[i] && t[i].is_finite() {
                let start = i;
                while i + 1 < set.len() && set[i + 1] && t[i + 1].is_finite() {
                    i += 1;
                }
                // At least ~1.5 px wide: a single flagged sample must stay visible on a day
                // of 1-minute data drawn into fewer pixels than samples.
                runs.push(run_extent(t[start], t[i], half, s_per_px, p.act_compat));
            }
            i += 1;
        }
        chart
            .draw_series(
                runs.into_iter()
                    .map(|(a, b)| Rectangle::new([(a, y0 + 0.1), (b, y0 + 0.9)], colour.filled())),
            )
            .map_err(draw_err)?;
    }
    panel::draw_axes(&mut chart, &frame, false)?;
    let text = style::small().color(&WHITE).pos(Pos::new(HPos::Left, VPos::Center));
    let x_text = x.0 + (x.1 - x.0) * 0.01;
    for (k, test) in info.tests.iter().enumerate() {
        let label = if test.assessment.is_empty() {
            test.meaning.clone()
        } else {
            format!("{} [{}]", test.meaning, test.assessment)
        };
        chart
            .draw_series(std::iter::once(Text::new(label, (x_text, centres[k]), text.clone())))
            .map_err(draw_err)?;
    }
    Ok(panel::geometry(&chart, &p.field, &frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qc_flags::FlagMatch;

    #[test]
    fn rows_reduce_2d_qc_over_the_second_dimension() {
        let info = QcInfo {
            qc_var: "qc_x".into(),
            tests: vec![
                QcTest {
                    number: 1,
                    flag: FlagMatch::Mask(1),
                    meaning: "missing".into(),
                    assessment: "Bad".into(),
                },
                QcTest {
                    number: 2,
                    flag: FlagMatch::Mask(2),
                    meaning: "low".into(),
                    assessment: "Suspect".into(),
                },
            ],
        };
        // 3 times × 2 heights.
        let rows = test_rows(&info, &[0, 0, 0, 2, 1, 0], 3);
        assert_eq!(rows, vec![vec![false, false, true], vec![false, true, false]]);
        assert_eq!(test_colour(&info.tests[0]), style::MISSING);
        assert_eq!(test_colour(&info.tests[1]), style::SUSPECT);
    }

    #[test]
    fn run_extents_cover_cells_or_follow_act() {
        // Hourly samples, 10 s per pixel: one flagged sample covers its hour (3600 s); ACT's
        // bar has zero length plus the 1-pt edge, 100/72 px = 13.9 s.
        let (a, b) = run_extent(7200.0, 7200.0, 1800.0, 10.0, false);
        assert_eq!((a, b), (5400.0, 9000.0));
        let (a, b) = run_extent(7200.0, 7200.0, 1800.0, 10.0, true);
        assert!(
            (b - a - 1000.0 / 72.0).abs() < 1e-9 && (a + b) / 2.0 == 7200.0,
            "{a}..{b}"
        );
        // One-second samples at 125 s per pixel: atmokit widens to 1.5 px.
        let (a, b) = run_extent(100.0, 100.0, 0.5, 125.0, false);
        assert!((b - a - 187.5).abs() < 1e-9, "{a}..{b}");
    }
}
