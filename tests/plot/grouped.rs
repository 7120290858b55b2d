//! ACT's `group_by` + `plot_group` on the met week, and `plot_time_height_xsection_from_1d_data`
//! on the six TWP sondes of 2006-01-21..23, its grid compared with ACT 2.3.4's
//! (`fixtures/time_height_regrid_act.py` wrote `fixtures/time_height_regrid_act.json`).

use crate::{dist, has_text, met_week, read_many, save_bytes};
use atmokit_plot::group_by::{GroupBy, GroupedDisplay};
use atmokit_plot::time_height_regrid::TimeHeightFrom1d;
use atmokit_plot::{Colormap, Figure, Panel, render_rgb, render_svg};

#[test]
fn met_week_by_day_has_one_titled_subplot_per_day() {
    let ds = met_week();
    let fig = GroupedDisplay::new(&ds, Panel::new("temp_mean"), GroupBy::Day)
        .unwrap()
        .columns(3)
        .share_limits(true)
        .with_size(1500, 260);
    assert_eq!(fig.groups().len(), 7);
    assert_eq!(fig.size(), (1500, 3 * 260));
    let svg = render_svg(&fig).unwrap();
    for d in 1..=7 {
        let title = format!("sgpmetE13.b1 temp_mean on 2019-01-0{d}");
        assert!(has_text(&svg, &title), "{title}");
        assert!(has_text(&svg, &format!("Time [UTC], 2019-01-0{d}")), "axis of day {d}");
    }
    assert_eq!(
        svg.matches(">\ntemp_mean (degC)\n<").count(),
        7,
        "y label with units per subplot"
    );
    save_bytes(&fig, "met_week_group_by_day.png");
    // By month: one subplot.
    let m = GroupedDisplay::new(&ds, Panel::new("temp_mean"), GroupBy::Month).unwrap();
    assert!(has_text(&render_svg(&m).unwrap(), "sgpmetE13.b1 temp_mean on 2019-01"));
}

fn act_grid() -> Vec<Vec<Option<f64>>> {
    let text = include_str!("fixtures/time_height_regrid_act.json");
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    v["tdry_level_by_time"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(serde_json::Value::as_f64).collect())
        .collect()
}

fn twp_sondes() -> atmokit_core::Dataset {
    read_many(&[
        "twpsondewnpnC3.b1.20060121.051500.custom.cdf",
        "twpsondewnpnC3.b1.20060121.111600.custom.cdf",
        "twpsondewnpnC3.b1.20060121.171600.custom.cdf",
        "twpsondewnpnC3.b1.20060121.231600.custom.cdf",
        "twpsondewnpnC3.b1.20060122.052600.custom.cdf",
        "twpsondewnpnC3.b1.20060123.111700.custom.cdf",
    ])
}

#[test]
fn sonde_regrid_matches_act() {
    let ds = twp_sondes();
    let fig = TimeHeightFrom1d::new(&ds, "tdry", "pres", 20, 20).unwrap();
    let g = fig.grid();
    let ours = g.get("tdry").unwrap().data().to_f64().unwrap();
    let act = act_grid();
    let mut same = 0;
    for (j, row) in act.iter().enumerate() {
        for (i, a) in row.iter().enumerate() {
            let o = ours[[i, j]];
            match a {
                Some(a) if (a - o).abs() < 1e-4 => same += 1,
                None if o.is_nan() => same += 1,
                _ => eprintln!("level {j} time {i}: ACT {a:?}, atmokit {o}"),
            }
        }
    }
    assert_eq!(same, 400, "grid points equal to ACT's");
    // Drawn: pressure axis with units, colorbar label, the title; the coldest grid value is the
    // colormap's bottom colour where ACT put it.
    let fig = fig.with_size(1000, 400).colors(Colormap::Viridis, None);
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(&svg, "pres (hPa)") && has_text(&svg, "tdry (C)"));
    assert!(has_text(&svg, "twpsondewnpnC3.b1 tdry from 20060121 to 20060123"));
    let img = render_rgb(&fig).unwrap();
    save_bytes(&fig, "sonde_tdry_time_height_from_1d.png");
    // Near the surface (bottom of the inverted axis) the tropics are warm: the bottom row of the
    // plot is in the top (yellow) half of viridis; near 100 hPa (top) it is cold (purple).
    let warm = img.pixel(500, 330).unwrap();
    let cold = img.pixel(500, 70).unwrap();
    assert!(dist(warm, [253, 231, 37]) < dist(warm, [68, 1, 84]), "{warm:?}");
    assert!(dist(cold, [68, 1, 84]) < dist(cold, [253, 231, 37]), "{cold:?}");
}

#[test]
fn ceilometer_xsection_on_real_data_and_its_errors() {
    use atmokit_plot::xsection::XSectionDisplay;
    let ds = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let fig = XSectionDisplay::new(&ds, "backscatter", "time", "range").with_size(900, 500);
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(&svg, "sgpceilC1.b1 backscatter"), "title without fixed dims");
    assert!(has_text(&svg, "time (days since 1970-01-01)") && has_text(&svg, "range (m)"));
    let s = fig.slice().unwrap();
    assert_eq!(s.values.dim(), (5401, 252));
    // The x axis is in days: one day of data spans just under 1.
    assert!((s.x[5400] - s.x[0] - 1.0).abs() < 0.01, "{}", s.x[5400] - s.x[0]);
    let e = render_rgb(&XSectionDisplay::new(&ds, "backscatter", "time", "range").isel("range", 3))
        .unwrap_err()
        .to_string();
    assert!(e.contains("'range' is not a dimension to fix"), "{e}");
}

#[test]
fn ceilometer_mesh_grouped_by_hour_shares_one_colour_scale() {
    let ds = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let fig = GroupedDisplay::new(&ds, Panel::new("backscatter"), GroupBy::Hour)
        .unwrap()
        .columns(4)
        .share_limits(true)
        .with_size(1600, 220);
    assert_eq!(fig.groups().len(), 24);
    let svg = render_svg(&fig).unwrap();
    for h in [0, 13, 23] {
        let t = format!("sgpceilC1.b1 backscatter on 2019-01-01 {h:02}:00");
        assert!(has_text(&svg, &t), "{t}");
    }
}
