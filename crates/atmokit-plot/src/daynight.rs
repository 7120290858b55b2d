//! ACT's `day_night_background`: grey (0.85) night, `#FFFFCC` daylight from sunrise to sunset, and
//! a yellow line at solar noon, from the site's latitude and longitude.

use crate::error::{Result, draw_err};
use crate::panel::TimeCoord;
use crate::solar::daylight_spans;
use crate::style;
use atmokit_core::Dataset;
use plotters::prelude::*;

/// First finite value of the first present variable among `names` (or one whose
/// `standard_name` is `standard`).
fn first_value(ds: &Dataset, names: &[&str], standard: &str) -> Option<f64> {
    let by_name = names.iter().find_map(|n| ds.var(n));
    let var = by_name.or_else(|| {
        ds.variables()
            .map(|(_, v)| v)
            .find(|v| v.attr_str("standard_name") == Some(standard))
    })?;
    var.data().to_f64()?.iter().copied().find(|v| v.is_finite())
}

/// Site latitude and longitude (degrees) from `lat`/`latitude` and `lon`/`longitude` (or the
/// CF standard names); `None` when absent or out of range (ACT warns and skips the background).
pub fn site_lat_lon(ds: &Dataset) -> Option<(f64, f64)> {
    let lat = first_value(ds, &["lat", "latitude"], "latitude")?;
    let lon = first_value(ds, &["lon", "longitude"], "longitude")?;
    (lat.abs() <= 90.0 && lon.abs() <= 360.0).then_some((lat, lon))
}

/// Paint the background of a time panel over its whole value range `y`.
pub fn draw<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, TimeCoord>,
    x: (f64, f64),
    y: (f64, f64),
    (lat, lon): (f64, f64),
) -> Result<()> {
    let Some((spans, noons)) = daylight_spans(x.0, x.1, lat, lon) else {
        return Ok(());
    };
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(x.0, y.0), (x.1, y.1)],
            style::NIGHT.filled(),
        )))
        .map_err(draw_err)?;
    chart
        .draw_series(
            spans
                .iter()
                .map(|&(a, b)| Rectangle::new([(a.max(x.0), y.0), (b.min(x.1), y.1)], style::DAY.filled())),
        )
        .map_err(draw_err)?;
    for n in noons {
        chart
            .draw_series(LineSeries::new([(n, y.0), (n, y.1)], style::NOON.stroke_width(1)))
            .map_err(draw_err)?;
    }
    Ok(())
}
