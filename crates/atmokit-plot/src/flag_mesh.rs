//! ACT's `qc_flag_block_plot` for 2-D QC variables: a (time, range) mesh coloured by the worst
//! assessment set in each cell (green none, blue other, orange Suspect/Indeterminate, dark grey
//! missing-data tests, red Bad/Incorrect) with a colour key and the "QC Tests Tripped" list.

use crate::error::{PlotError, Result, draw_err};
use crate::extract::{dim_coord, finite_range, median_step, with_units};
use crate::flag_block::resolve;
use crate::mesh::blit;
use crate::mesh_bins::{Gaps, nearest_indices_with};
use crate::panel::{self, Frame, Panel, PanelGeometry};
use crate::qc_flags::{Category, QcInfo, qc_values};
use crate::style;
use crate::ticks::{format_number, nice_ticks};
use atmokit_core::Dataset;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Colour class of one QC value, worst first: 4 Bad, 3 missing, 2 Suspect, 1 other, 0 none.
pub fn cell_class(info: &QcInfo, v: i64) -> u8 {
    let mut worst = 0;
    for t in info.tests.iter().filter(|t| t.is_set(v)) {
        let c = match Category::of(&t.assessment) {
            Category::Bad if !t.is_missing_test() => 4,
            _ if t.is_missing_test() => 3,
            Category::Suspect => 2,
            _ => 1,
        };
        worst = worst.max(c);
    }
    worst
}

const CLASS_COLOURS: [RGBColor; 5] = [
    style::PASS,
    RGBColor(31, 119, 180),
    style::SUSPECT,
    style::MISSING,
    style::BAD,
];
const CLASS_NAMES: [&str; 5] = [
    "Not failing",
    "Other",
    "Suspect/Indeterminate",
    "Missing",
    "Bad/Incorrect",
];

/// True when `field`'s QC variable has two dimensions.
pub fn is_2d(ds: &Dataset, field: &str) -> bool {
    resolve(ds, field)
        .ok()
        .and_then(|i| ds.var(&i.qc_var).map(|v| v.dims().len() == 2))
        .unwrap_or(false)
}

/// Draw the 2-D flag mesh panel.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ds: &Dataset,
    p: &Panel,
    t: &[f64],
    x: (f64, f64),
    title: &str,
) -> Result<PanelGeometry> {
    let field = p.field.as_str();
    let info = resolve(ds, field)?;
    let qv = ds.get(&info.qc_var)?;
    let (nt, ny) = match qv.shape() {
        [a, b] => (*a, *b),
        _ => return Err(PlotError::input(format!("QC variable '{}' is not 2-D", info.qc_var))),
    };
    let values = qc_values(ds, &info.qc_var)?;
    let ydim = qv.dims()[1].clone();
    let yc = dim_coord(ds, &ydim, ny);
    let step = median_step(&yc).unwrap_or(1.0);
    let (lo, hi) = finite_range(yc.iter().copied()).unwrap_or((0.0, 1.0));
    let yr = (lo - step / 2.0, hi + step / 2.0);
    let y_desc = with_units(&ydim, ds.var(&ydim));
    let span = yr.1 - yr.0;
    let fmt = move |v: &f64| format_number(*v, span);
    let (w, h) = area.dim_in_pixel();
    let (top, key) = area.split_vertically(h.saturating_sub(28));
    let frame = Frame {
        title,
        x,
        y: yr,
        yticks: nice_ticks(yr.0, yr.1, 6),
        y_desc: &y_desc,
        y_label_width: 70,
        y_fmt: &fmt,
        act_compat: p.act_compat,
    };
    let mut chart = panel::build(&top, &frame)?;
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    // ACT draws this mesh with pcolormesh too: act_compat stretches the cells across gaps.
    let gaps = if p.act_compat { Gaps::Stretch } else { Gaps::Blank };
    let cols = nearest_indices_with(&t[..nt.min(t.len())], x, pw, true, gaps);
    let rows = nearest_indices_with(&yc, yr, ph, false, gaps);
    let mut buf = Vec::with_capacity((pw * ph * 3) as usize);
    let mut tripped = vec![false; info.tests.len()];
    for (k, test) in info.tests.iter().enumerate() {
        tripped[k] = values.iter().any(|&v| test.is_set(v));
    }
    for r in &rows {
        for c in &cols {
            let rgb = match (r, c) {
                (Some(j), Some(i)) => {
                    let col = CLASS_COLOURS[cell_class(&info, values[i * ny + j]) as usize];
                    [col.0, col.1, col.2]
                }
                _ => [255, 255, 255],
            };
            buf.extend_from_slice(&rgb);
        }
    }
    blit(&chart.plotting_area().strip_coord_spec(), (pw, ph), buf)?;
    panel::draw_axes(&mut chart, &frame, false)?;
    let mut xk = 80;
    for (c, name) in CLASS_COLOURS.iter().zip(CLASS_NAMES) {
        key.draw(&Rectangle::new([(xk, 6), (xk + 14, 20)], c.filled()))
            .map_err(draw_err)?;
        key.draw(&Text::new(name, (xk + 18, 7), style::small()))
            .map_err(draw_err)?;
        xk += 30 + 7 * name.len() as i32;
    }
    let list: Vec<String> = info
        .tests
        .iter()
        .zip(&tripped)
        .filter(|(_, t)| **t)
        .map(|(t, _)| format!("Test {}", t.number))
        .collect();
    let note = format!(
        "QC Tests Tripped: {}",
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    );
    key.draw(&Text::new(note, ((w as i32 - 360).max(xk), 7), style::small()))
        .map_err(draw_err)?;
    Ok(panel::geometry(&chart, field, &frame))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qc_flags::{FlagMatch, QcTest};

    #[test]
    fn worst_class_wins() {
        let test = |n: u32, meaning: &str, a: &str| QcTest {
            number: n,
            flag: FlagMatch::Mask(1 << (n - 1)),
            meaning: meaning.into(),
            assessment: a.into(),
        };
        let info = QcInfo {
            qc_var: "qc_x".into(),
            tests: vec![
                test(1, "Value is missing", "Bad"),
                test(2, "low", "Bad"),
                test(3, "jump", "Indeterminate"),
                test(4, "odd", "Note"),
            ],
        };
        assert_eq!(cell_class(&info, 0), 0);
        assert_eq!(cell_class(&info, 8), 1);
        assert_eq!(cell_class(&info, 4 | 8), 2);
        assert_eq!(cell_class(&info, 1 | 4), 3);
        assert_eq!(cell_class(&info, 1 | 2 | 4), 4);
    }
}
