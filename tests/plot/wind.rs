//! Wind glyphs over time-height meshes: barbs from u and v, quiver arrows (direction and units
//! caption), and missing wind.

use crate::svg_texts;
use atmokit_core::{Dataset, Variable};
use atmokit_plot::wind_layer::{GLYPH_STEP, WindInput};
use atmokit_plot::{Panel, TimeSeriesDisplay, render_rgb, render_svg};

/// 200 one-minute profiles × 20 gates with constant (u, v) and the speed/direction they make.
fn uniform(u: f32, v: f32) -> Dataset {
    let (nt, ny) = (200usize, 20usize);
    let mut ds = Dataset::new();
    let t0 = 1_546_300_800_000_000_000i64;
    ds.insert(
        "time",
        Variable::time("time", (0..nt as i64).map(|i| t0 + i * 60_000_000_000).collect()),
    )
    .unwrap();
    ds.insert(
        "height",
        Variable::new(["height"], (0..ny).map(|j| 100.0 * j as f64).collect::<Vec<_>>())
            .unwrap()
            .with_attr("units", "m"),
    )
    .unwrap();
    let field = |x: f32, units: &str| {
        Variable::new(["time", "height"], ndarray::Array2::from_elem((nt, ny), x).into_dyn())
            .unwrap()
            .with_attr("units", units)
    };
    // Meteorological direction computed independently: a wind with u > 0 comes from the west.
    let spd = (u * u + v * v).sqrt();
    let dir = (f64::from(-u).atan2(f64::from(-v)).to_degrees() + 360.0) % 360.0;
    ds.insert("u", field(u, "m/s")).unwrap();
    ds.insert("v", field(v, "m/s")).unwrap();
    ds.insert("wspd", field(spd, "m/s")).unwrap();
    ds.insert("wdir", field(dir as f32, "deg")).unwrap();
    ds
}

/// Dark pixels of the plotting area below the caption, relative to the glyph grid: (dx, dy)
/// from the nearest glyph anchor.
fn dark_offsets(fig: &TimeSeriesDisplay<'_>) -> Vec<(i32, i32)> {
    let img = render_rgb(fig).unwrap();
    let g = &fig.layout()[0];
    let (sx, sy) = (GLYPH_STEP.0 as i32, GLYPH_STEP.1 as i32);
    let mut out = Vec::new();
    for x in g.px.start + 1..g.px.end - 1 {
        for y in g.py.start + 35..g.py.end - 1 {
            if img.pixel(x as u32, y as u32).is_some_and(|c| c.iter().all(|&v| v < 40)) {
                let (rx, ry) = (x - g.px.start - sx / 2, y - g.py.start - sy / 2);
                let dx = rx - (rx as f64 / sx as f64).round() as i32 * sx;
                let dy = ry - (ry as f64 / sy as f64).round() as i32 * sy;
                out.push((dx, dy));
            }
        }
    }
    out
}

#[test]
fn barbs_from_u_v_match_barbs_from_speed_and_direction() {
    // 12.5 m/s from 233.1° (u = 10, v = 7.5): 24.3 kt, drawn as 25 kt (two full barbs, a half).
    let ds = uniform(10.0, 7.5);
    let a = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("wspd").vrange(0.0, 30.0).barbs_uv("u", "v"))
        .with_size(1000, 400);
    let b = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("wspd").vrange(0.0, 30.0).barbs("wspd", "wdir"))
        .with_size(1000, 400);
    let (da, db) = (dark_offsets(&a), dark_offsets(&b));
    assert!(da.len() > 500, "barbs drawn: {}", da.len());
    assert_eq!(da, db, "u,v and speed,direction draw the same barbs");
    // The staff points into the wind (south-west: left and down on screen) from the anchor.
    let left_down = da.iter().filter(|(dx, dy)| *dx < 0 && *dy > 0).count();
    let right_up = da.iter().filter(|(dx, dy)| *dx > 2 && *dy < -2).count();
    assert!(left_down > 3 * right_up, "{left_down} vs {right_up}");
    // The caption states the units.
    let svg = render_svg(&a).unwrap();
    assert!(
        svg_texts(&svg).iter().any(|t| t.starts_with("barbs in knots")),
        "{:?}",
        svg_texts(&svg)
    );
}

#[test]
fn quiver_arrows_point_downwind_with_a_reference_arrow() {
    // Westerly 10 m/s (u = 10): arrows point right (east), along the anchor rows.
    let ds = uniform(10.0, 0.0);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(
            Panel::new("wspd")
                .vrange(0.0, 30.0)
                .quiver(WindInput::Components("u".into(), "v".into())),
        )
        .with_size(1000, 400);
    let d = dark_offsets(&fig);
    assert!(d.len() > 300, "{}", d.len());
    assert!(d.iter().all(|(_, dy)| dy.abs() <= 3), "horizontal arrows");
    let right = d.iter().filter(|(dx, _)| *dx > 0).count();
    assert!(
        right > 9 * (d.len() - right) / 10,
        "downwind is east: {right} of {}",
        d.len()
    );
    let svg = render_svg(&fig).unwrap();
    assert!(
        svg_texts(&svg).iter().any(|t| t == "arrows: 10 m/s"),
        "{:?}",
        svg_texts(&svg)
    );
    // Southerly 10 m/s from speed and direction (180°): arrows point up (north).
    let ds = uniform(0.0, 10.0);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(
            Panel::new("wspd")
                .vrange(0.0, 30.0)
                .quiver(WindInput::SpeedDirection("wspd".into(), "wdir".into())),
        )
        .with_size(1000, 400);
    let d = dark_offsets(&fig);
    assert!(d.iter().all(|(dx, _)| dx.abs() <= 3), "vertical arrows");
    let up = d.iter().filter(|(_, dy)| *dy < 0).count();
    assert!(up > 9 * (d.len() - up) / 10, "downwind is north: {up} of {}", d.len());
}

#[test]
fn missing_wind_draws_no_glyphs_and_bad_units_are_named() {
    let mut ds = uniform(f32::NAN, f32::NAN);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("height_field_free").vrange(0.0, 1.0))
        .with_size(800, 300);
    // An unknown mesh variable is an error naming it, not a panic.
    let e = render_rgb(&fig).unwrap_err().to_string();
    assert!(e.contains("height_field_free"), "{e}");
    ds.insert(
        "mesh",
        Variable::new(
            ["time", "height"],
            ndarray::Array2::<f32>::from_elem((200, 20), 1.0).into_dyn(),
        )
        .unwrap(),
    )
    .unwrap();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("mesh").vrange(0.0, 2.0).barbs_uv("u", "v"))
        .with_size(1000, 400);
    assert!(dark_offsets(&fig).is_empty(), "all-NaN wind: no barbs");
    ds.get_mut("u").unwrap().attrs_mut().insert("units".into(), "K".into());
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("mesh").barbs_uv("u", "v")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("'u'") && e.contains('K'), "{e}");
}
