//! Vertical profile and skew-T of the 2019-01-01 05:32 SGP sonde; station contour map of the four
//! BNF met stations.

use crate::{has_text, read_many, save_bytes};
use atmokit_plot::contour::ContourMap;
use atmokit_plot::profile::VerticalProfile;
use atmokit_plot::skewt::{SkewT, sounding};
use atmokit_plot::{render_rgb, render_svg};

fn sonde() -> atmokit_core::Dataset {
    read_many(&["sgpsondewnpnC1.b1.20190101.053200.cdf"])
}

#[test]
fn profile_against_pressure_is_inverted_with_units() {
    let ds = sonde();
    let pr = VerticalProfile::new(&ds, &["tdry", "dp"], "pres");
    let svg = render_svg(&pr).unwrap();
    assert!(has_text(&svg, "pres (hPa)"), "pressure label with units");
    assert!(has_text(&svg, "tdry") && has_text(&svg, "dp"), "legend");
    let alt = VerticalProfile::new(&ds, &["tdry"], "alt");
    let svg = render_svg(&alt).unwrap();
    assert!(has_text(&svg, "tdry (C)") && has_text(&svg, "alt (m)"));
    save_bytes(&pr, "sonde_profile.png");
}

#[test]
fn skewt_draws_temperature_dewpoint_parcel_and_table() {
    let ds = sonde();
    let snd = sounding(&ds, "pres", "tdry", "dp", "wspd", "deg").unwrap();
    assert!(snd.windows(2).all(|w| w[1][0] < w[0][0]), "pressure decreasing");
    let sk = SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg");
    let svg = render_svg(&sk).unwrap();
    for t in [
        "Pressure (hPa)",
        "Temperature (C)",
        "1000",
        "500",
        "tdry",
        "dp",
        "Surface parcel",
    ] {
        assert!(has_text(&svg, t), "{t}");
    }
    // ACT's add_stability_info table, against the oracle (ret_sonde.json). Lifted index, LCL and
    // the CAPE/CIN values rounded as displayed do not depend on ACT's dropped top level.
    let sc = &atmokit_tests::expected("ret_sonde")["stability_indices"]["scalars"];
    let v = |k: &str| atmokit_tests::json_f64(&sc[k]["value"]);
    let rows = [
        format!("Lifted Index {:.1} K", v("lifted_index")),
        format!("SBCAPE {:.0} J/kg", v("surface_based_cape")),
        format!("SBCIN {:.0} J/kg", v("surface_based_cin")),
        format!("MUCAPE {:.0} J/kg", v("most_unstable_cape")),
        format!("MUCIN {:.0} J/kg", v("most_unstable_cin")),
        format!("LCL Temp {:.1} C", v("lifted_condensation_level_temperature")),
        format!("LCL Pres {:.1} hPa", v("lifted_condensation_level_pressure")),
    ];
    for r in &rows {
        assert!(has_text(&svg, r), "stability row '{r}'");
    }
    // The temperature line is red (220, 0, 0): some pixels of it exist.
    let img = render_rgb(&sk).unwrap();
    let red = (0..img.width)
        .flat_map(|x| (0..img.height).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y) == Some([220, 0, 0]))
        .count();
    assert!(red > 200, "{red} red px");
    save_bytes(&sk, "sonde_skewt.png");
    let e = render_svg(&SkewT::new(&ds, "pres", "nope", "dp", "wspd", "deg"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nope"), "{e}");
}

#[test]
fn contour_map_of_four_bnf_stations() {
    let names = ["bnfmetM1", "bnfmetS20", "bnfmetS30", "bnfmetS40"];
    let dss: Vec<atmokit_core::Dataset> = names
        .iter()
        .map(|n| read_many(&[&format!("{n}.b1.20250619.000000.cdf")]))
        .collect();
    let refs: Vec<&atmokit_core::Dataset> = dss.iter().collect();
    let t = atmokit_core::time::parse_datetime("2025-06-19T12:00:00").unwrap();
    let map = ContourMap::new(&refs, "temp_mean", t).unwrap();
    assert_eq!(map.stations().len(), 4);
    // Each station value is the file's temp_mean at 12:00 (1-minute data: index 720).
    for (s, ds) in map.stations().iter().zip(&dss) {
        let v = f64::from(ds.view::<f32>("temp_mean").unwrap()[[720]]);
        assert!((s.value - v).abs() < 1e-6, "{}: {} vs {v}", s.name, s.value);
    }
    let svg = render_svg(&map).unwrap();
    assert!(has_text(&svg, "Longitude (degrees_east)") && has_text(&svg, "temp_mean (degC)"));
    save_bytes(&map, "bnf_temp_contour.png");
}

#[test]
fn hodograph_of_the_sonde_winds() {
    use atmokit_plot::hodograph::{Hodograph, wind_components};
    let ds = sonde();
    let h = Hodograph::new(&ds, "wspd", "deg").color_by("alt");
    let svg = render_svg(&h).unwrap();
    assert!(has_text(&svg, "u (m/s)") && has_text(&svg, "v (m/s)"));
    assert!(has_text(&svg, "alt (m)"), "colorbar of the colour variable");
    // The file's own u_wind/v_wind agree with our components (ARM computes them the same way).
    let (s, d) = (ds.view::<f32>("wspd").unwrap(), ds.view::<f32>("deg").unwrap());
    let (u, v) = (ds.view::<f32>("u_wind").unwrap(), ds.view::<f32>("v_wind").unwrap());
    for i in (0..s.len()).step_by(500) {
        if s[[i]].is_finite() && d[[i]].is_finite() && u[[i]].is_finite() {
            let (uu, vv) = wind_components(f64::from(s[[i]]), f64::from(d[[i]]));
            assert!(
                (uu - f64::from(u[[i]])).abs() < 0.05 && (vv - f64::from(v[[i]])).abs() < 0.05,
                "level {i}"
            );
        }
    }
    save_bytes(&h, "sonde_hodograph.png");
}

#[test]
fn skewt_ranges_follow_the_data_and_accept_overrides() {
    use atmokit_plot::skewt::temperature_range;
    let ds = sonde();
    let snd = sounding(&ds, "pres", "tdry", "dp", "wspd", "deg").unwrap();
    let ptop = snd.iter().map(|r| r[0]).fold(f64::MAX, f64::min);
    assert!(ptop < 30.0, "this sonde reaches {ptop} hPa");
    let sk = SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg");
    let ((top, bottom), (lo, hi)) = sk.ranges().unwrap();
    assert!(
        top <= ptop && top > ptop - 10.0,
        "top {top} hPa for data reaching {ptop}"
    );
    assert_eq!(bottom, 1050.0);
    // x = T + 35 ln(1000/p): every level of both traces lies inside the range, with at most
    // 15 °C of margin on the tighter side.
    let xs: Vec<f64> = snd
        .iter()
        .flat_map(|r| [r[1], r[2]].map(|t| t + 35.0 * (1000.0 / r[0]).ln()))
        .collect();
    let (xmin, xmax) = xs.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    assert!(
        lo <= xmin && hi >= xmax && xmin - lo <= 15.0 && hi - xmax <= 15.0,
        "{lo}..{hi} vs {xmin}..{xmax}"
    );
    let p: Vec<f64> = snd.iter().map(|r| r[0]).collect();
    let t: Vec<f64> = snd.iter().map(|r| r[1]).collect();
    let td: Vec<f64> = snd.iter().map(|r| r[2]).collect();
    assert_eq!(temperature_range(&p, &t, &td), (lo, hi));
    // The temperature trace (red) is drawn above 100 hPa, where the old fixed top cut it.
    let img = render_rgb(&sk).unwrap();
    let svg = render_svg(&sk).unwrap();
    assert!(
        has_text(&svg, "50") && has_text(&svg, "wind (kt)"),
        "50 hPa tick and barb units"
    );
    // The temperature trace (red) is drawn at levels above 100 hPa, where the old fixed top cut it.
    let g = sk.layout().unwrap();
    let above: Vec<&[f64; 5]> = snd.iter().filter(|r| r[0] < 100.0).collect();
    assert!(above.len() > 100);
    for r in above.iter().step_by(above.len() / 4) {
        let (px, py) = g.to_pixel(r[1] + 35.0 * (1000.0 / r[0]).ln(), -r[0].ln());
        let hit =
            (-2..=2).any(|dx| (-2..=2).any(|dy| img.pixel((px + dx) as u32, (py + dy) as u32) == Some([220, 0, 0])));
        assert!(hit, "temperature trace at {} hPa, pixel ({px},{py})", r[0]);
    }
    // Overrides.
    let fixed = SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg")
        .pressure_range(100.0, 1050.0)
        .temperature_range(-40.0, 50.0);
    assert_eq!(fixed.ranges().unwrap(), ((100.0, 1050.0), (-40.0, 50.0)));
    render_rgb(&fixed).unwrap();
    let e = render_rgb(&SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg").pressure_range(900.0, 100.0))
        .unwrap_err()
        .to_string();
    assert!(e.contains("pressure range"), "{e}");
}

#[test]
fn enhanced_skewt_holds_diagram_hodograph_and_indices_once() {
    use atmokit_plot::skewt_enhanced::EnhancedSkewT;
    let ds = sonde();
    let fig = EnhancedSkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg");
    let svg = render_svg(&fig).unwrap();
    assert!(has_text(
        &svg,
        "sgpsondewnpnC1.b1 skew-T log-p, launch 2019-01-01 05:32 UTC"
    ));
    assert!(has_text(&svg, "sgpsondewnpnC1.b1 hodograph, 2019-01-01 05:32 UTC"));
    assert!(has_text(&svg, "Stability indices (surface parcel)") && has_text(&svg, "pres (hPa)"));
    let sc = &atmokit_tests::expected("ret_sonde")["stability_indices"]["scalars"];
    let li = format!(
        "Lifted Index {:.1} K",
        atmokit_tests::json_f64(&sc["lifted_index"]["value"])
    );
    let n = crate::svg_texts(&svg).iter().filter(|t| **t == li).count();
    assert_eq!(n, 1, "the indices are drawn once, beside the diagram: {li}");
    // The skew-T part keeps its data-derived pressure range.
    let img = render_rgb(&fig).unwrap();
    let g = fig.skewt().layout().unwrap();
    assert!(g.px.end < img.width as i32 * 10 / 14, "diagram in the left part: {g:?}");
    save_bytes(&fig, "sonde_enhanced_skewt.png");
}

/// With `act_compat` the skew-T's stability table shows ACT 2.3.4's own numbers on this sonde
/// (`calculate_stability_indicies`, oracle `ret_sonde`), ACT's lowest-pressure level dropped.
#[test]
fn stability_table_act_compat_shows_acts_numbers() {
    use atmokit_plot::skewt_parcel::{fixed, stability_rows};
    let ds = sonde();
    let sc = &atmokit_tests::expected("ret_sonde")["stability_indices"]["scalars"];
    let v = |k: &str| atmokit_tests::json_f64(&sc[k]["value"]);
    let rows = stability_rows(&ds, "pres", "tdry", "dp", true).unwrap();
    assert_eq!(rows[0], format!("Lifted Index {} K", fixed(v("lifted_index"), 1)));
    assert_eq!(rows[1], format!("SBCAPE {} J/kg", fixed(v("surface_based_cape"), 0)));
    assert_eq!(rows[3], format!("MUCAPE {} J/kg", fixed(v("most_unstable_cape"), 0)));
    assert_eq!(
        rows[6],
        format!("LCL Pres {} hPa", fixed(v("lifted_condensation_level_pressure"), 1))
    );
    let svg = render_svg(&SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg").act_compat(true)).unwrap();
    assert!(has_text(&svg, &rows[0]), "table drawn");
}

#[test]
fn time_height_scatter_colours_the_sonde_temperature_along_its_ascent() {
    use atmokit_plot::{Colormap, Panel, TimeSeriesDisplay};
    let mut ds = sonde();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("tdry").time_height_scatter("alt").vrange(-70.0, 10.0))
        .with_size(1000, 500);
    let svg = render_svg(&fig).unwrap();
    let texts = crate::svg_texts(&svg);
    assert!(texts.iter().any(|t| t.starts_with("alt (")), "height axis: {texts:?}");
    assert!(texts.iter().any(|t| t.starts_with("tdry (")), "colorbar: {texts:?}");
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let (t, alt, tdry) = (
        ds.time().unwrap().to_vec(),
        ds.values_f64("alt").unwrap(),
        ds.values_f64("tdry").unwrap(),
    );
    // The launch (lowest) and top (highest) samples: viridis at their value on −70…10 °C
    // (matplotlib's published viridis), the last dot drawn there.
    let top = (0..alt.len())
        .filter(|&i| alt[i].is_finite() && tdry[i].is_finite())
        .max_by(|&a, &b| alt[a].total_cmp(&alt[b]))
        .unwrap();
    for i in [0, top] {
        let (px, py) = g.to_pixel(t[i] as f64 * 1e-9, alt[i]);
        let want = Colormap::Viridis.at((tdry[i] + 70.0) / 80.0);
        let got = img.pixel(px as u32, py as u32).unwrap();
        assert!(
            crate::dist(got, [want.0, want.1, want.2]) <= 24,
            "sample {i} ({} m, {} C): {got:?} vs {want:?}",
            alt[i],
            tdry[i]
        );
    }
    assert!(tdry[0] > tdry[top] + 40.0, "the surface is warmer than the top");
    // A height with no finite value is an error naming it, not a panic.
    let n = alt.len();
    ds.insert(
        "alt_missing",
        atmokit_core::Variable::new(["time"], vec![f64::NAN; n]).unwrap(),
    )
    .unwrap();
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("tdry").time_height_scatter("alt_missing")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("alt_missing"), "{e}");
}
