//! Time-height mesh of a day of ceilometer backscatter (5401 × 252).

use crate::{dist, save_bytes, secs_of};
use atmokit_plot::{Aggregate, Colormap, Panel, TimeSeriesDisplay, png_size, render_rgb, render_svg};

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

/// Colours found within one pixel of (px, py).
fn around(img: &atmokit_plot::RgbImage, px: i32, py: i32) -> Vec<[u8; 3]> {
    let mut out = Vec::new();
    for dx in -1..=1 {
        for dy in -1..=1 {
            if let Some(c) = img.pixel((px + dx) as u32, (py + dy) as u32) {
                out.push(c);
            }
        }
    }
    out
}

#[test]
fn every_profile_and_gate_reaches_the_picture() {
    // 5401 profiles over ~800 pixel columns and 252 gates over ~220 pixel rows: a single profile
    // or a single gate must still show. Plant five isolated spike profiles and one spike gate.
    let mut ds = ceil();
    let spikes = [100usize, 1101, 2102, 3103, 4104];
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        for &i in &spikes {
            for j in 0..252 {
                v[[i, j]] = 1.0e6;
            }
        }
        for i in 2500..2800 {
            v[[i, 120]] = 1.0e6;
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(0.0, 100.0))
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    assert!(g.px.end - g.px.start < 1000 && g.py.end - g.py.start < 252, "{g:?}");
    let top = [0xfd, 0xe7, 0x25];
    let range = ds.view::<f32>("range").unwrap();
    for &i in &spikes {
        for j in [30usize, 125, 220] {
            let (px, py) = g.to_pixel(secs_of(&ds, i), f64::from(range[[j]]));
            let c = around(&img, px, py);
            assert!(
                c.iter().any(|&c| dist(c, top) <= 3),
                "profile {i} gate {j} at ({px},{py}): {c:?}"
            );
        }
    }
    let (px, py) = g.to_pixel(secs_of(&ds, 2650), f64::from(range[[120]]));
    let c = around(&img, px, py);
    assert!(c.iter().any(|&c| dist(c, top) <= 3), "gate 120 at ({px},{py}): {c:?}");
}

#[test]
fn max_aggregation_keeps_a_thin_layer_at_its_value() {
    // A one-gate layer of 80 between gates of 0: the mean dilutes it where gates share a pixel
    // row; the max keeps viridis(0.8) on the layer's row.
    let mut ds = ceil();
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        for i in 2000..2600 {
            for j in 95..106 {
                v[[i, j]] = if j == 100 { 80.0 } else { 0.0 };
            }
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(0.0, 100.0).aggregate(Aggregate::Max))
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let range = ds.view::<f32>("range").unwrap();
    let (px, py) = g.to_pixel(secs_of(&ds, 2300), f64::from(range[[100]]));
    let want = Colormap::Viridis.at(0.8);
    let c = around(&img, px, py);
    assert!(
        c.iter().any(|&c| dist(c, [want.0, want.1, want.2]) <= 3),
        "({px},{py}): {c:?}"
    );
    // Two gates below the layer (all zeros there) is the bottom colour.
    let (px, py) = g.to_pixel(secs_of(&ds, 2300), f64::from(range[[97]]));
    assert_eq!(
        img.pixel(px as u32, py as u32)
            .map(|c| dist(c, [0x44, 0x01, 0x54]) <= 3),
        Some(true)
    );
}

#[test]
fn log_scale_draws_values_at_or_below_zero_in_the_bottom_colour_not_white() {
    // About half of this day's backscatter is ≤ 0; on a log scale those are below the colour
    // range (the bottom colour), not missing data (white).
    let ds = ceil();
    let v = ds.view::<f32>("backscatter").unwrap();
    let nonpos = v.iter().filter(|x| **x <= 0.0).count();
    assert!(
        nonpos * 4 > v.len(),
        "the file has many values ≤ 0: {nonpos} of {}",
        v.len()
    );
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").log(true))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = fig.layout()[0].clone();
    let (mut white, mut all) = (0usize, 0usize);
    for py in g.py.start + 2..g.py.end - 2 {
        for px in g.px.start + 2..g.px.end - 2 {
            all += 1;
            white += usize::from(img.pixel(px as u32, py as u32) == Some([255, 255, 255]));
        }
    }
    assert!(white * 1000 < all, "{white} of {all} plot pixels are white");
    // A block of −5 is drawn in viridis' bottom colour.
    let mut ds = ds;
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        for i in 2000..2300 {
            for j in 40..80 {
                v[[i, j]] = -5.0;
            }
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("backscatter").vrange(1.0, 1000.0).log(true))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let range = ds.view::<f32>("range").unwrap();
    let (px, py) = g.to_pixel(secs_of(&ds, 2150), f64::from(range[[60]]));
    assert_eq!(img.pixel(px as u32, py as u32), Some([0x44, 0x01, 0x54]));
}

#[test]
fn a_fill_floor_does_not_pin_the_colour_range_and_act_compat_uses_min_max() {
    // What `correct ceil` does: values ≤ 0 become 1e-7, then log10 (so about half the field is −7).
    let mut ds = ceil();
    {
        let mut v = ds.get_mut("backscatter").unwrap().data_mut().view_mut::<f32>().unwrap();
        v.mapv_inplace(|x| if x > 0.0 { x.log10() } else { -7.0 });
    }
    let (lo, hi) = atmokit_plot::mesh_panel::default_vrange(&ds, "backscatter", false).unwrap();
    assert!(lo > -6.0 && hi > lo, "limits {lo}..{hi} ignore the −7 floor");
    let p = Panel::new("backscatter").act_compat(true);
    let s = atmokit_plot::mesh_panel::scale_of(&ds, &p).unwrap();
    let v = ds.view::<f32>("backscatter").unwrap();
    let max = v.iter().filter(|x| x.is_finite()).fold(f32::MIN, |a, &b| a.max(b));
    assert_eq!((s.vmin, s.vmax), (-7.0, f64::from(max)), "ACT: min and max");
}

#[test]
fn time_height_barbs_where_there_is_wind_and_none_in_gaps() {
    use atmokit_core::{Dataset, Variable};
    // 200 one-minute profiles × 20 gates (100 m apart): 15 m/s from the west in the first half,
    // missing wind in the second half.
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
    let field = |v: f32| {
        let a = ndarray::Array2::from_shape_fn((nt, ny), |(i, _)| if i < nt / 2 { v } else { f32::NAN });
        Variable::new(["time", "height"], a.into_dyn()).unwrap()
    };
    ds.insert("wspd", field(15.0).with_attr("units", "m/s")).unwrap();
    ds.insert("wdir", field(270.0).with_attr("units", "deg")).unwrap();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("wspd").vrange(0.0, 30.0).barbs("wspd", "wdir"))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let dark = |x0: i32, x1: i32| {
        (x0..x1)
            .flat_map(|x| (g.py.start + 3..g.py.end - 3).map(move |y| (x, y)))
            .filter(|&(x, y)| img.pixel(x as u32, y as u32).is_some_and(|c| c.iter().all(|&v| v < 40)))
            .count()
    };
    let mid = g.to_pixel(crate::secs_of(&ds, nt / 2), 0.0).0;
    assert!(dark(g.px.start + 3, mid - 25) > 200, "barbs in the first half");
    assert_eq!(dark(mid + 25, g.px.end - 3), 0, "no barbs where the wind is missing");
    // Without barbs the mesh alone has no black.
    let plain = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("wspd").vrange(0.0, 30.0))
        .with_size(1000, 400);
    let img2 = render_rgb(&plain).unwrap();
    let black = (g.px.start + 3..mid - 25)
        .flat_map(|x| (g.py.start + 3..g.py.end - 3).map(move |y| (x, y)))
        .filter(|&(x, y)| {
            img2.pixel(x as u32, y as u32)
                .is_some_and(|c| c.iter().all(|&v| v < 40))
        })
        .count();
    assert_eq!(black, 0);
    // A direction variable of another shape is refused with its name.
    ds.insert("wd1", Variable::new(["time"], vec![1.0f32; nt]).unwrap())
        .unwrap();
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("wspd").barbs("wspd", "wd1")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("wd1"), "{e}");
}

/// A (time, height) field with an hour-long gap: profiles every minute at minutes 0–99 and
/// 160–259; 10 before the gap and 20 after it, except the profiles next to the gap (5 at
/// minute 99, 25 at minute 160).
fn gap_field() -> atmokit_core::Dataset {
    use atmokit_core::{Dataset, Variable};
    let minutes: Vec<i64> = (0..100).chain(160..260).collect();
    let mut ds = Dataset::new();
    let t0 = 1_546_300_800_000_000_000i64;
    ds.insert(
        "time",
        Variable::time("time", minutes.iter().map(|m| t0 + m * 60_000_000_000).collect()),
    )
    .unwrap();
    ds.insert(
        "height",
        Variable::new(["height"], (0..20).map(|j| 100.0 * f64::from(j)).collect::<Vec<_>>())
            .unwrap()
            .with_attr("units", "m"),
    )
    .unwrap();
    let z = ndarray::Array2::from_shape_fn((minutes.len(), 20), |(i, _)| match minutes[i] {
        99 => 5.0f32,
        160 => 25.0,
        m if m < 100 => 10.0,
        _ => 20.0,
    });
    ds.insert("f", Variable::new(["time", "height"], z.into_dyn()).unwrap())
        .unwrap();
    ds
}

/// matplotlib's `pcolormesh(time, height, f.T, shading='auto')` (what ACT 2.3.4's
/// `TimeSeriesDisplay.plot` draws) puts cell edges halfway between samples, so the gap's first
/// half takes the colour of the profile before it and the second half the profile after it:
/// rendering the same field with ACT and reading the pixels gives viridis(5/30) = (68, 57, 131)
/// up to minute 129.5 and viridis(25/30) = (144, 215, 67) after it (atmokit's viridis table is
/// within 6 levels of matplotlib's; the two colours are 150 apart). atmokit leaves it white.
#[test]
fn a_gap_is_blank_by_default_and_stretched_with_act_compat() {
    let ds = gap_field();
    let t0 = crate::secs_of(&ds, 0);
    let draw = |compat: bool| {
        let fig = TimeSeriesDisplay::new(&ds)
            .panel(Panel::new("f").vrange(0.0, 30.0).act_compat(compat))
            .with_size(1000, 400);
        let img = render_rgb(&fig).unwrap();
        let g = fig.layout()[0].clone();
        move |minute: f64| {
            let (px, py) = g.to_pixel(t0 + minute * 60.0, 1000.0);
            img.pixel(px as u32, py as u32).unwrap()
        }
    };
    let (blank, stretched) = (draw(false), draw(true));
    let (before, after) = ([68, 57, 131], [144, 215, 67]);
    for m in [102.0, 110.0, 125.0, 128.5] {
        assert_eq!(blank(m), [255, 255, 255], "default, minute {m}");
        assert!(
            dist(stretched(m), before) <= 6,
            "act_compat, minute {m}: {:?}",
            stretched(m)
        );
    }
    for m in [130.5, 135.0, 150.0, 157.0] {
        assert_eq!(blank(m), [255, 255, 255], "default, minute {m}");
        assert!(
            dist(stretched(m), after) <= 6,
            "act_compat, minute {m}: {:?}",
            stretched(m)
        );
    }
    // Outside the gap both draw the data.
    for (m, c) in [(50.0, [49, 104, 142]), (200.0, [53, 183, 121])] {
        assert!(dist(blank(m), c) <= 6 && dist(stretched(m), c) <= 6, "minute {m}");
    }
}

/// The 2-D QC of the gap field drawn as ACT's flag mesh (`pcolormesh` too): passing (green)
/// before the gap, test 3 (Bad, red) after it; blank in the gap by default, split at its middle
/// with `act_compat`.
#[test]
fn a_gap_in_a_two_d_flag_mesh_is_stretched_with_act_compat() {
    use atmokit_core::Variable;
    let mut ds = gap_field();
    let met = crate::read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    // ARM's bit descriptions (global attributes) and flag attributes of the met file.
    *ds.attrs_mut() = met.attrs().clone();
    let minutes: Vec<i64> = (0..100).chain(160..260).collect();
    let q = ndarray::Array2::from_shape_fn((minutes.len(), 20), |(i, _)| if minutes[i] < 100 { 0i32 } else { 4 });
    let mut qv = Variable::new(["time", "height"], q.into_dyn()).unwrap();
    *qv.attrs_mut() = met.get("qc_temp_mean").unwrap().attrs().clone();
    ds.insert("qc_f", qv).unwrap();
    let t0 = crate::secs_of(&ds, 0);
    let draw = |compat: bool| {
        let fig = TimeSeriesDisplay::new(&ds)
            .panel(
                Panel::new("f")
                    .kind(atmokit_plot::PanelKind::FlagBlock)
                    .act_compat(compat),
            )
            .with_size(1000, 400);
        let img = render_rgb(&fig).unwrap();
        let g = fig.layout()[0].clone();
        move |minute: f64| {
            let (px, py) = g.to_pixel(t0 + minute * 60.0, 1000.0);
            img.pixel(px as u32, py as u32).unwrap()
        }
    };
    let (blank, stretched) = (draw(false), draw(true));
    for m in [110.0, 128.5] {
        assert_eq!(blank(m), [255, 255, 255], "default, minute {m}");
        assert_eq!(stretched(m), [0, 128, 0], "act_compat, minute {m}");
    }
    for m in [130.5, 150.0] {
        assert_eq!(blank(m), [255, 255, 255], "default, minute {m}");
        assert_eq!(stretched(m), [255, 0, 0], "act_compat, minute {m}");
    }
}
