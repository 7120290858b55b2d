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

#[test]
fn std_band_and_fill_between_shade_where_the_data_put_them() {
    use atmokit_plot::band::Band;
    use atmokit_plot::{Panel, TimeSeriesDisplay, render_rgb};
    let ds = crate::read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").band(Band::StdDev {
            std: "temp_std".into(),
            k: 1.0,
        }))
        .with_size(1000, 400);
    let svg = atmokit_plot::render_svg(&fig).unwrap();
    assert!(
        crate::has_text(&svg, "temp_mean ± temp_std"),
        "{:?}",
        crate::svg_texts(&svg)
    );
    // Widen the band to ±k·σ with k large enough to be many pixels: the pixel half-way between
    // the line and the band's edge is the translucent line colour (#1f77b4 at 30 % on white).
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").band(Band::StdDev {
            std: "temp_std".into(),
            k: 200.0,
        }))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let (t, y, s) = (
        ds.time().unwrap().to_vec(),
        ds.values_f64("temp_mean").unwrap(),
        ds.values_f64("temp_std").unwrap(),
    );
    // The sample whose neighbourhood (±2 samples, about ±1.5 px) has the widest band: half-way
    // up its narrowest side is inside the band whatever the pixel column's samples are.
    let win = |i: usize| (i - 2..=i + 2).map(|k| s[k]).fold(f64::INFINITY, f64::min);
    let i = (2..y.len() - 2)
        .filter(|&i| (i - 2..=i + 2).all(|k| y[k].is_finite() && s[k].is_finite()))
        .max_by(|&a, &b| win(a).total_cmp(&win(b)))
        .unwrap();
    let ymax = (i - 2..=i + 2).map(|k| y[k]).fold(f64::NEG_INFINITY, f64::max);
    let (px, py) = g.to_pixel(t[i] as f64 * 1e-9, ymax + 100.0 * win(i));
    let mix = |c: u8| (0.3 * f64::from(c) + 0.7 * 255.0).round() as u8;
    let want = [mix(0x1f), mix(0x77), mix(0xb4)];
    let got = img.pixel(px as u32, py as u32).unwrap();
    assert!(
        crate::dist(got, want) <= 12,
        "band colour at sample {i}: {got:?} vs {want:?}"
    );
    // Far above the band: white background (or grid).
    // Below the lowest band edge of the day, nothing is shaded.
    let low = (0..y.len())
        .map(|k| y[k] - 200.0 * s[k])
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    let (px, py) = g.to_pixel(t[i] as f64 * 1e-9, low - 0.01 * (g.y.1 - g.y.0));
    if py < g.py.end - 1 {
        let got = img.pixel(px as u32, py as u32).unwrap();
        assert!(crate::dist(got, want) > 12, "no band below its lowest edge: {got:?}");
    }
    // To zero: the pixel between 0 °C and a cold temperature is shaded; the legend names it.
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").band(Band::ToZero))
        .with_size(1000, 400);
    let svg = atmokit_plot::render_svg(&fig).unwrap();
    assert!(crate::has_text(&svg, "temp_mean to 0"));
    // A band variable of another length is refused with its name.
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").band(Band::Between("lat".into()))))
        .unwrap_err()
        .to_string();
    assert!(e.contains("lat"), "{e}");
}
