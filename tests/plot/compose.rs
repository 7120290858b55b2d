//! Composition (issue 14): several variables in one panel with a legend, a secondary y axis, lines
//! over a time-height mesh, custom data series, and wind directions broken at their wraps.

use crate::{dist, has_text, read_many, secs_of};
use atmokit_plot::{Panel, Series, TimeSeriesDisplay, render_rgb, render_svg};

const ORANGE: [u8; 3] = [0xff, 0x7f, 0x0e];
const BLUE: [u8; 3] = [0x1f, 0x77, 0xb4];
const RED: [u8; 3] = [0xd6, 0x27, 0x28];

fn met() -> atmokit_core::Dataset {
    read_many(&["sgpmetE13.b1.20190101.000000.cdf"])
}

/// True when a pixel within `r` of (px, py) is within 40 of `c`.
fn near(img: &atmokit_plot::RgbImage, (px, py): (i32, i32), r: i32, c: [u8; 3]) -> bool {
    (-r..=r).any(|dx| {
        (-r..=r).any(|dy| {
            img.pixel((px + dx) as u32, (py + dy) as u32)
                .is_some_and(|p| dist(p, c) < 40)
        })
    })
}

#[test]
fn several_variables_share_a_panel_with_a_legend() {
    let ds = met();
    let fig = TimeSeriesDisplay::new(&ds).panel(Panel::new("wspd_vec_mean").with_var("wspd_arith_mean"));
    let svg = render_svg(&fig).unwrap();
    assert!(
        has_text(&svg, "wspd_vec_mean") && has_text(&svg, "wspd_arith_mean"),
        "legend entries"
    );
    assert!(
        has_text(&svg, "wspd_vec_mean, wspd_arith_mean (m/s)"),
        "shared units on the axis"
    );
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let v = ds.view::<f32>("wspd_arith_mean").unwrap();
    for i in [300, 700, 1100] {
        let p = g.to_pixel(secs_of(&ds, i), f64::from(v[[i]]));
        assert!(
            near(&img, p, 2, ORANGE),
            "second variable (orange) at sample {i}, {p:?}"
        );
    }
    crate::save_bytes(&fig, "met_two_vars_one_panel.png");
}

#[test]
fn secondary_axis_draws_on_its_own_scale_and_axes_stay_aligned() {
    let ds = met();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").secondary("rh_mean"))
        .panel(Panel::new("atmos_pressure"));
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(&svg, "rh_mean (%)"), "secondary axis description");
    assert!(
        has_text(&svg, "rh_mean (right)") && has_text(&svg, "temp_mean"),
        "legend"
    );
    let twice = crate::svg_texts(&svg).iter().filter(|t| *t == "-2").count();
    assert_eq!(twice, 1, "primary ticks only on the left axis");
    let img = render_rgb(&fig).unwrap();
    let l = fig.layout();
    assert_eq!(l[0].px, l[1].px, "time axes line up");
    // The secondary range is rh's finite min..max padded by 5 % (independently computed here).
    let rh = ds.view::<f32>("rh_mean").unwrap();
    let (lo, hi) = rh
        .iter()
        .filter(|v| v.is_finite())
        .fold((f64::MAX, f64::MIN), |(a, b), &v| {
            (a.min(f64::from(v)), b.max(f64::from(v)))
        });
    let (lo, hi) = (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo));
    let g = &l[0];
    for i in [200, 800, 1300] {
        let (px, _) = g.to_pixel(secs_of(&ds, i), 0.0);
        let f = (f64::from(rh[[i]]) - lo) / (hi - lo);
        let py = g.py.end - (f * f64::from(g.py.end - g.py.start)).round() as i32;
        assert!(
            near(&img, (px, py), 2, ORANGE),
            "rh (orange) at sample {i}, ({px},{py})"
        );
    }
    crate::save_bytes(&fig, "met_secondary_axis.png");
}

#[test]
fn cloud_base_line_over_the_backscatter_mesh() {
    let ds = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let units = |n: &str| ds.var(n).and_then(|v| v.units()).map(str::to_string);
    assert_eq!(
        units("first_cbh"),
        units("range"),
        "same units: no conversion in this check"
    );
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").log(true).with_var("first_cbh"))
        .with_size(1000, 400);
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(&svg, "first_cbh"), "legend entry of the overlay");
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let cbh = ds.view::<f32>("first_cbh").unwrap();
    // Samples whose neighbours within ±3 also have a cloud base within 50 m: the line passes there.
    let steady: Vec<usize> = (3..cbh.len() - 3)
        .filter(|&i| {
            let c = cbh[[i]];
            c.is_finite()
                && c > 0.0
                && f64::from(c) < g.y.1
                && (i - 3..=i + 3).all(|k| cbh[[k]].is_finite() && (cbh[[k]] - c).abs() < 50.0)
        })
        .collect();
    assert!(steady.len() > 20, "{} steady cloud-base samples", steady.len());
    for &i in steady.iter().step_by(steady.len() / 5).take(5) {
        let p = g.to_pixel(secs_of(&ds, i), f64::from(cbh[[i]]));
        assert!(near(&img, p, 1, RED), "cloud base (red) at sample {i}, {p:?}");
    }
    crate::save_bytes(&fig, "ceil_backscatter_cbh.png");
}

#[test]
fn custom_series_over_a_line_panel_and_over_a_mesh() {
    let ds = met();
    // A marker series at three known times and values.
    let t: Vec<f64> = [200, 700, 1200].iter().map(|&i| secs_of(&ds, i)).collect();
    let y = vec![-5.0, 0.0, 5.0];
    let s = Series::new("my points", t.clone(), y.clone())
        .markers(true)
        .color(atmokit_plot::RGBColor(0, 0, 0));
    let fig = TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").overlay(s));
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(&svg, "my points"));
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    for (tt, yy) in t.iter().zip(&y) {
        assert!(near(&img, g.to_pixel(*tt, *yy), 1, [0, 0, 0]), "marker at {yy}");
    }
    // An overlay in km over a mesh in m is converted (1.5 km drawn at 1500 m).
    let ceil = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let tc: Vec<f64> = (2000..2400).map(|i| secs_of(&ceil, i)).collect();
    let mut s = Series::new("layer", tc, vec![1.5; 400]);
    s.units = Some("km".into());
    let fig = TimeSeriesDisplay::new(&ceil)
        .panel(Panel::new("backscatter").overlay(s))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    assert!(near(&img, g.to_pixel(secs_of(&ceil, 2200), 1500.0), 1, RED));
}

#[test]
fn wind_direction_is_broken_where_it_wraps() {
    let ds = met();
    let d = ds.view::<f32>("wdir_vec_mean").unwrap();
    // A wrap between neighbours whose surroundings stay far from 180°.
    let far = |k: usize| d[[k]].is_finite() && !(90.0..=270.0).contains(&d[[k]]);
    let i = (5..d.len() - 6)
        .find(|&i| (d[[i]] - d[[i + 1]]).abs() > 300.0 && (i - 5..=i + 6).all(far))
        .expect("the day has a 0/360 wrap");
    let fig = TimeSeriesDisplay::new(&ds).panel(Panel::new("wdir_vec_mean"));
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    for k in [i, i + 1] {
        let (px, py) = g.to_pixel(secs_of(&ds, k), 180.0);
        assert!(
            !near(&img, (px, py), 0, BLUE),
            "no stroke through 180° at the wrap ({px},{py})"
        );
        let on = g.to_pixel(secs_of(&ds, k), f64::from(d[[k]]));
        assert!(near(&img, on, 2, BLUE), "the samples themselves are drawn at {on:?}");
    }
}

#[test]
fn bad_composition_is_an_error_naming_the_variable() {
    let ds = met();
    let ceil = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").with_var("nope")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nope"), "{e}");
    let e = render_rgb(&TimeSeriesDisplay::new(&ceil).panel(Panel::new("backscatter").secondary("first_cbh")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("backscatter") && e.contains("secondary"), "{e}");
    let mut s = Series::new("warm", vec![secs_of(&ceil, 0)], vec![1.0]);
    s.units = Some("K".into());
    let e = render_rgb(&TimeSeriesDisplay::new(&ceil).panel(Panel::new("backscatter").overlay(s)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("warm") && e.contains("'K'"), "{e}");
    let e = render_rgb(&TimeSeriesDisplay::new(&ceil).panel(Panel::new("first_cbh").with_var("backscatter")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("backscatter") && e.contains("dimensions"), "{e}");
    // All-NaN extra variable: an empty legend entry, no panic.
    let mut ds = ds;
    ds.get_mut("rh_mean")
        .unwrap()
        .data_mut()
        .view_mut::<f32>()
        .unwrap()
        .fill(f32::NAN);
    let svg = render_svg(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").with_var("rh_mean"))).unwrap();
    assert!(has_text(&svg, "rh_mean"));
}
