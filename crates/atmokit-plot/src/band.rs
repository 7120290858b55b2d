//! A shaded band under a line panel's field (matplotlib `fill_between`, as ACT users add to a
//! `TimeSeriesDisplay` axis): down to zero, up or down to a second variable, or ±k standard
//! deviations from a std variable (`temp_mean` ± `temp_std`). The band is broken where a bound
//! is missing or the times jump by more than twice the median step (the line's gap rule,
//! [`crate::line_panel::segments`]).

use crate::error::{PlotError, Result, draw_err};
use crate::extract::median_step;
use crate::panel::TimeCoord;
use atmokit_core::Dataset;
use plotters::prelude::*;

/// What the band spans.
#[derive(Debug, Clone, PartialEq)]
pub enum Band {
    /// Between the field and zero (`fill_between(t, y, 0)`).
    ToZero,
    /// Between the field and another 1-D variable of the same times.
    Between(String),
    /// The field ± `k` times a standard-deviation variable of the same times.
    StdDev {
        /// The standard-deviation variable (units of the field).
        std: String,
        /// How many standard deviations each side.
        k: f64,
    },
}

/// Lower and upper bounds of `band` around `y` (the values of `field`) and the legend label.
pub fn bounds(ds: &Dataset, field: &str, y: &[f64], band: &Band) -> Result<(Vec<f64>, Vec<f64>, String)> {
    let other = |name: &str| -> Result<Vec<f64>> {
        let v = ds.values_f64(name)?;
        if v.len() != y.len() || ds.get(name)?.dims().len() != 1 {
            return Err(PlotError::input(format!(
                "band: '{name}' must be 1-D with the {} samples of '{field}'",
                y.len()
            )));
        }
        Ok(v)
    };
    Ok(match band {
        Band::ToZero => (
            y.iter().map(|v| v.min(0.0)).collect(),
            y.iter().map(|v| v.max(0.0)).collect(),
            format!("{field} to 0"),
        ),
        Band::Between(b) => {
            let o = other(b)?;
            let lo = y.iter().zip(&o).map(|(a, b)| a.min(*b)).collect();
            let hi = y.iter().zip(&o).map(|(a, b)| a.max(*b)).collect();
            (lo, hi, format!("{field} to {b}"))
        }
        Band::StdDev { std, k } => {
            if !(k.is_finite() && *k > 0.0) {
                return Err(PlotError::input(format!(
                    "band: {k} standard deviations; give a positive number"
                )));
            }
            let s = other(std)?;
            let lo = y.iter().zip(&s).map(|(a, s)| a - k * s.abs()).collect();
            let hi = y.iter().zip(&s).map(|(a, s)| a + k * s.abs()).collect();
            let kk = if *k == 1.0 { String::new() } else { format!("{k}·") };
            (lo, hi, format!("{field} ± {kk}{std}"))
        }
    })
}

/// Fill between `lo` and `hi` at times `t` in `colour` (translucent), one polygon per run of
/// samples where both are finite, with a legend entry `label`.
pub fn draw<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, TimeCoord>,
    t: &[f64],
    (lo, hi): (&[f64], &[f64]),
    colour: RGBColor,
    label: &str,
) -> Result<()> {
    let gap = median_step(t).map_or(f64::INFINITY, |s| 2.0 * s);
    let ok = |i: usize| {
        t[i].is_finite() && lo.get(i).is_some_and(|v| v.is_finite()) && hi.get(i).is_some_and(|v| v.is_finite())
    };
    let style = colour.mix(0.3).filled();
    let mut labelled = false;
    let mut i = 0;
    while i < t.len() {
        if !ok(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < t.len() && ok(j) && t[j] - t[j - 1] <= gap {
            j += 1;
        }
        let mut poly: Vec<(f64, f64)> = (i..j).map(|k| (t[k], lo[k])).collect();
        poly.extend((i..j).rev().map(|k| (t[k], hi[k])));
        let anno = chart
            .draw_series(std::iter::once(Polygon::new(poly, style)))
            .map_err(draw_err)?;
        if !labelled {
            anno.label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], colour.mix(0.3).filled()));
            labelled = true;
        }
        i = j;
    }
    Ok(())
}
