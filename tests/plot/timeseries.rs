//! Timeseries panels on the met files.

use crate::{met_week, read_many, save_bytes};
use atmokit_plot::{Figure, Panel, TimeSeriesDisplay, png_size, render_rgb, render_svg};

#[test]
fn two_panel_day_png_and_svg_show_titles_units_and_hours() {
    let ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean"))
        .panel(Panel::new("rh_mean"));
    assert_eq!(fig.size(), (1000, 600));
    let png = save_bytes(&fig, "met_day.png");
    assert_eq!(png_size(&png), Some((1000, 600)));
    let svg = render_svg(&fig).unwrap();
    assert!(svg.contains("sgpmetE13.b1 temp_mean on 20190101"), "title");
    assert!(svg.contains("sgpmetE13.b1 rh_mean on 20190101"));
    assert!(svg.contains("temp_mean (degC)"), "units in the axis label");
    assert!(svg.contains("rh_mean (%)"));
    assert!(svg.contains("Time [UTC]"));
    assert!(
        crate::has_text(&svg, "03:00") && crate::has_text(&svg, "21:00"),
        "%H:%M ticks for one day"
    );
    assert!(!svg.contains("Jan 01"));
}

#[test]
fn seven_days_use_dates_and_the_line_passes_through_the_data() {
    let ds = met_week();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean"))
        .panel(Panel::new("atmos_pressure"));
    let svg = render_svg(&fig).unwrap();
    assert!(
        crate::has_text(&svg, "Jan 03") && crate::has_text(&svg, "Jan 06"),
        "dates beyond 3 days"
    );
    assert!(!crate::has_text(&svg, "03:00"));
    let img = render_rgb(&fig).unwrap();
    // A pixel on the line at a known sample is drawn in the line colour (#1f77b4) or close to it.
    let geom = &fig.layout()[0];
    let t = crate::secs_of(&ds, 3000);
    let y = ds.view::<f32>("temp_mean").unwrap()[[3000]] as f64;
    let (px, py) = geom.to_pixel(t, y);
    let near = (-2..=2)
        .flat_map(|dx| (-2..=2).map(move |dy| (dx, dy)))
        .any(|(dx, dy)| {
            img.pixel((px + dx) as u32, (py + dy) as u32)
                .is_some_and(|c| crate::dist(c, [0x1f, 0x77, 0xb4]) < 40)
        });
    assert!(near, "line colour near ({px},{py})");
    save_bytes(&fig, "met_week.png");
}

#[test]
fn missing_values_break_the_line() {
    let mut ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    // Blank two hours (06:00–08:00 → indices 360..480) and check nothing is drawn there.
    if let Some(mut v) = ds.get_mut("temp_mean").unwrap().data_mut().view_mut::<f32>() {
        for i in 360..480 {
            v[[i]] = f32::NAN;
        }
    }
    let fig = TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean"));
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let (px, _) = g.to_pixel(crate::secs_of(&ds, 420), 0.0);
    let blue = (g.py.start..g.py.end)
        .filter(|&y| crate::dist(img.pixel(px as u32, y as u32).unwrap(), [0x1f, 0x77, 0xb4]) < 40)
        .count();
    assert_eq!(blue, 0, "no line in the gap at column {px}");
    let (px2, _) = g.to_pixel(crate::secs_of(&ds, 600), 0.0);
    let blue2 = (g.py.start..g.py.end)
        .filter(|&y| crate::dist(img.pixel(px2 as u32, y as u32).unwrap(), [0x1f, 0x77, 0xb4]) < 40)
        .count();
    assert!(blue2 > 0, "line present outside the gap");
}

#[test]
fn bad_input_is_an_error_naming_the_variable() {
    let ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("no_such_var")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no_such_var"), "{e}");
    let e = render_rgb(&TimeSeriesDisplay::new(&ds)).unwrap_err().to_string();
    assert!(e.contains("no panels"), "{e}");
    let e = atmokit_plot::save(
        &TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean")),
        "/tmp/x.jpg",
    )
    .unwrap_err();
    assert!(e.to_string().contains(".png or .svg"), "{e}");
}
