//! Time-height mesh of a day of ceilometer backscatter (5401 × 252).

use crate::{dist, save_bytes, secs_of};
use atmokit_plot::{Colormap, Panel, TimeSeriesDisplay, png_size, render_rgb, render_svg};

fn ceil() -> atmokit_core::Dataset {
    crate::read_many(&["sgpceilC1.b1.20190101.000000.nc"])
}

#[test]
fn mesh_cell_has_the_viridis_colour_of_its_value() {
    let mut ds = ceil();
    assert_eq!(ds.get("backscatter").unwrap().shape(), &[5401, 252]);
    // A block of known value 50 (times 2000..2300, gates 40..80) with limits 0..100 maps to the
    // middle of viridis, #21918c (matplotlib's published viridis(0.5)).
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        for i in 2000..2300 {
            for j in 40..80 {
                v[[i, j]] = 50.0;
            }
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(0.0, 100.0))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let range = ds.view::<f32>("range").unwrap();
    let (px, py) = g.to_pixel(secs_of(&ds, 2150), f64::from(range[[60]]));
    let c = img.pixel(px as u32, py as u32).unwrap();
    assert!(dist(c, [0x21, 0x91, 0x8c]) <= 3, "pixel ({px},{py}) = {c:?}");
    // Above the top gate nothing is drawn (white), inside the plot area.
    let top = g.py.start + 1;
    assert_eq!(
        img.pixel(px as u32, top as u32)
            .map(|c| c == [255, 255, 255] || dist(c, [0x44, 0x01, 0x54]) < 200),
        Some(true)
    );
}

#[test]
fn mesh_png_and_svg_hold_colorbar_and_labels() {
    let ds = ceil();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(0.0, 100.0).cmap(Colormap::Viridis))
        .with_size(1100, 450);
    let png = save_bytes(&fig, "ceil_backscatter.png");
    assert_eq!(png_size(&png), Some((1100, 450)));
    let svg = render_svg(&fig).unwrap();
    assert!(svg.contains("sgpceilC1.b1 backscatter on 20190101"));
    assert!(svg.contains("range (m)"), "y label with units");
    assert!(
        svg.contains("backscatter (1/(sr*km*10000))"),
        "colorbar label with units"
    );
    for tick in ["0", "20", "40", "60", "80", "100"] {
        assert!(crate::has_text(&svg, tick), "colorbar tick {tick}");
    }
    assert!(
        svg.contains("<image"),
        "mesh embedded as one PNG, not one rect per cell"
    );
    assert!(svg.len() < 3_000_000, "SVG size {}", svg.len());
}

#[test]
fn default_colour_limits_are_robust_percentiles() {
    let ds = ceil();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter"))
        .with_size(800, 300);
    let svg = render_svg(&fig).unwrap();
    assert!(svg.contains("backscatter (1/(sr*km*10000))"));
    let scale = atmokit_plot::mesh_panel::default_vrange(&ds, "backscatter", false).unwrap();
    // The 1st/99th percentiles lie strictly inside min/max of the field.
    let v = ds.view::<f32>("backscatter").unwrap();
    let (lo, hi) = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((f32::MAX, f32::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    assert!(
        scale.0 >= f64::from(lo) && scale.1 <= f64::from(hi) && scale.0 < scale.1,
        "{scale:?} vs {lo}..{hi}"
    );
}

#[test]
fn log_colour_scale_labels_decades_and_colours_by_log10() {
    let mut ds = ceil();
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        for i in 2000..2300 {
            for j in 40..80 {
                v[[i, j]] = 100.0; // log10 = 2, the middle of 1..10000
            }
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(1.0, 10000.0).log(true))
        .with_size(1000, 400);
    let svg = render_svg(&fig).unwrap();
    for tick in ["1", "10", "100", "1000", "10000"] {
        assert!(crate::has_text(&svg, tick), "decade tick {tick}");
    }
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let range = ds.view::<f32>("range").unwrap();
    let (px, py) = g.to_pixel(secs_of(&ds, 2150), f64::from(range[[60]]));
    let c = img.pixel(px as u32, py as u32).unwrap();
    assert!(dist(c, [0x21, 0x91, 0x8c]) <= 3, "viridis(0.5) at log10 = 2: {c:?}");
    save_bytes(
        &TimeSeriesDisplay::new(&ceil())
            .panel(Panel::new("backscatter").log(true))
            .with_size(1000, 400),
        "ceil_backscatter_log.png",
    );
}
