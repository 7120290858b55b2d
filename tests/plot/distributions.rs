//! Wind rose, histograms (plain and stacked), heat map, scatter with 1:1 line, violin and climate
//! stripes on the met and sonde files.

use crate::{dist, has_text, read_many, save_bytes};
use atmokit_plot::heatmap::HeatMap;
use atmokit_plot::histogram::HistogramPlot;
use atmokit_plot::scatter::ScatterPlot;
use atmokit_plot::stripes::ClimateStripes;
use atmokit_plot::violin::ViolinPlot;
use atmokit_plot::windrose::WindRose;
use atmokit_plot::{png_size, render_rgb, render_svg};

fn met() -> atmokit_core::Dataset {
    read_many(&["sgpmetE13.b1.20190101.000000.cdf"])
}

#[test]
fn wind_rose_shows_calm_percentage_and_compass() {
    let ds = met();
    let rose = WindRose::new(&ds, "wdir_vec_mean", "wspd_vec_mean");
    let spd = ds.view::<f32>("wspd_vec_mean").unwrap();
    let dir = ds.view::<f32>("wdir_vec_mean").unwrap();
    let valid: Vec<f32> = spd
        .iter()
        .zip(dir.iter())
        .filter(|(s, d)| s.is_finite() && d.is_finite())
        .map(|(s, _)| *s)
        .collect();
    let calm = 100.0 * valid.iter().filter(|s| **s <= 1.0).count() as f64 / valid.len() as f64;
    let svg = render_svg(&rose).unwrap();
    assert!(has_text(&svg, &format!("{calm:.2}% calm")), "calm {calm:.2}%");
    for n in ["N", "E", "S", "W"] {
        assert!(has_text(&svg, n), "{n}");
    }
    assert!(has_text(&svg, "wspd_vec_mean (m/s)"), "legend title with units");
    let counts = rose.counts().unwrap();
    let total: f64 = counts.percent.iter().flatten().sum();
    assert!(
        (total - 100.0).abs() < 1e-9,
        "every sample in one bin exactly once: {total}"
    );
    let png = save_bytes(&rose, "met_wind_rose.png");
    assert_eq!(png_size(&png), Some((760, 640)));
}

#[test]
fn histogram_and_stacked_bars() {
    let ds = read_many(&["sgpsondewnpnC1.b1.20190101.053200.cdf"]);
    let h = HistogramPlot::new(&ds, "tdry", 10);
    let (edges, layers, _) = h.compute().unwrap();
    // Independent count: values in the first bin [min, min + width).
    let t = ds.view::<f32>("tdry").unwrap();
    let lo = edges[0];
    let first = t
        .iter()
        .filter(|v| v.is_finite() && f64::from(**v) >= lo && f64::from(**v) < edges[1])
        .count();
    assert_eq!(layers[0][0], first as f64);
    let svg = render_svg(&h).unwrap();
    assert!(has_text(&svg, "Histogram of tdry") && has_text(&svg, "tdry (C)") && has_text(&svg, "Count"));
    let stacked = HistogramPlot::new(&ds, "tdry", 10).stacked_by("alt", 4);
    let (_, layers, labels) = stacked.compute().unwrap();
    assert_eq!(layers.len(), 4);
    assert_eq!(labels.len(), 4);
    let n: f64 = layers.iter().flatten().sum();
    let pairs = t
        .iter()
        .zip(ds.view::<f32>("alt").unwrap().iter())
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .count();
    assert_eq!(n, pairs as f64, "stacked layers hold every pair once");
    let svg = render_svg(&stacked).unwrap();
    assert!(has_text(&svg, &labels[0]), "legend label {}", labels[0]);
    save_bytes(&stacked, "sonde_tdry_stacked_by_alt.png");
}

#[test]
fn heat_map_scatter_violin_render() {
    let ds = met();
    let hm = HeatMap::new(&ds, "temp_mean", "rh_mean", 20, 20);
    let svg = render_svg(&hm).unwrap();
    assert!(has_text(&svg, "Count") && has_text(&svg, "rh_mean (%)"));
    save_bytes(&hm, "met_heatmap.png");

    let sc = ScatterPlot::new(&ds, "wspd_arith_mean", "wspd_vec_mean");
    let svg = render_svg(&sc).unwrap();
    assert!(svg.contains("1:1 line"));
    assert!(has_text(&svg, "wspd_vec_mean vs wspd_arith_mean"));
    // The 1:1 line is drawn in black through the data range: check a pixel on it.
    let img = render_rgb(&sc).unwrap();
    let black = (0..img.width)
        .flat_map(|x| (0..img.height).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y) == Some([0, 0, 0]))
        .count();
    assert!(black > 300, "axes + 1:1 line drawn ({black} black px)");
    save_bytes(&sc, "met_scatter.png");

    let vi = ViolinPlot::new(&ds, &["temp_mean", "temp_std"]);
    let img = render_rgb(&vi).unwrap();
    assert_eq!((img.width, img.height), (800, 500));
    let svg = render_svg(&vi).unwrap();
    assert!(has_text(&svg, "Violin plot of temp_mean, temp_std"));
    save_bytes(&vi, "met_violin.png");
    assert!(
        render_rgb(&ViolinPlot::new(&ds, &["nope"]))
            .unwrap_err()
            .to_string()
            .contains("nope")
    );
}

#[test]
fn climate_stripes_are_red_when_warm_and_blue_when_cold() {
    let ds = crate::met_week();
    let st = ClimateStripes::new(&ds, "temp_mean").with_size(1000, 250);
    let img = render_rgb(&st).unwrap();
    let svg = render_svg(&st).unwrap();
    assert!(svg.contains("anomaly (degC)"));
    // Find the warmest and coldest samples and check the stripe colour in the middle row.
    let t = ds.view::<f32>("temp_mean").unwrap();
    let (imax, _) = t
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    let (imin, _) = t
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .min_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    let g = st.geometry().unwrap();
    for (i, want) in [(imax, [255, 0, 0]), (imin, [0, 0, 255])] {
        let (px, py) = g.to_pixel(crate::secs_of(&ds, i), 0.5);
        let c = img.pixel(px as u32, py as u32).unwrap();
        // The extreme anomaly is the end of the map; neighbours in the same pixel column may be
        // slightly less extreme, so allow some distance.
        assert!(dist(c, want) < 90, "sample {i}: {c:?} vs {want:?}");
    }
    save_bytes(&st, "met_week_stripes.png");
}

#[test]
fn wind_rose_speed_classes_are_round_and_act_compat_keeps_acts() {
    let ds = met();
    let spd = ds.view::<f32>("wspd_vec_mean").unwrap();
    let smax = spd
        .iter()
        .filter(|v| v.is_finite())
        .fold(0f64, |a, &v| a.max(f64::from(v)));
    let classes = |svg: &str| -> Vec<(f64, f64)> {
        crate::svg_texts(svg)
            .iter()
            .filter_map(|t| t.split_once('–'))
            .filter_map(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .collect()
    };
    let svg = render_svg(&WindRose::new(&ds, "wdir_vec_mean", "wspd_vec_mean")).unwrap();
    let c = classes(&svg);
    assert!(c.len() >= 4, "{c:?}");
    let step = c[0].1 - c[0].0;
    assert!(
        [1.0, 2.0, 2.5, 5.0]
            .iter()
            .any(|m| [0.1, 1.0, 10.0].iter().any(|k| (m * k - step).abs() < 1e-9))
    );
    assert!(
        c.iter()
            .all(|(a, b)| ((b - a) - step).abs() < 1e-9 && (a / step).fract().abs() < 1e-9)
    );
    assert!(
        c.last().unwrap().1 >= smax && c.last().unwrap().0 < smax,
        "{c:?} vs max {smax}"
    );
    // ACT's classes: numpy.linspace(0, max, 10) edges, nine equal classes up to the maximum.
    let svg = render_svg(&WindRose::new(&ds, "wdir_vec_mean", "wspd_vec_mean").act_compat(true)).unwrap();
    let c = classes(&svg);
    assert_eq!(c.len(), 9, "{c:?}");
    assert!((c[8].1 - smax).abs() < 0.01 * smax, "{c:?} vs {smax}");
}

/// `act_compat` bar heights equal ACT 2.3.4's on the SGP met day: the heights of the 180 bars of
/// `WindRoseDisplay(ds).plot('wdir_vec_mean', 'wspd_vec_mean')` (9 speed classes × 20
/// directions, read back from the matplotlib patches), which include ACT's double counting.
#[test]
fn windrose_act_compat_heights_equal_act() {
    let ds = atmokit_tests::read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let rc = WindRose::new(&ds, "wdir_vec_mean", "wspd_vec_mean")
        .act_compat(true)
        .counts()
        .unwrap();
    // ACT's heights[speed class][direction bin].
    let act: [[f64; 20]; 9] = [
        [0.0; 20],
        [
            0.2418379686,
            0.84643289,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.1813784764,
        ],
        [
            5.4413542926,
            0.9673518742,
            0.0604594921,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.1209189843,
            1.9347037485,
            3.2648125756,
        ],
        [
            10.8827085852,
            0.1813784764,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.1209189843,
            3.3252720677,
            8.9480048368,
        ],
        [
            9.3712212817,
            0.0604594921,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            1.5719467956,
            7.315598549,
        ],
        [
            9.9758162031,
            0.0604594921,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            3.0834340992,
            12.6360338573,
        ],
        [
            4.2321644498,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            2.4183796856,
            8.7666263603,
        ],
        [
            0.3627569528,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.7255139057,
            2.3579201935,
        ],
        [
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.,
            0.0604594921,
            0.4836759371,
        ],
    ];
    assert_eq!(rc.percent.len(), 20);
    for (d, row) in rc.percent.iter().enumerate() {
        assert_eq!(row.len(), 9);
        for (k, got) in row.iter().enumerate() {
            assert!(
                (got - act[k][d]).abs() < 1e-8,
                "direction {d}, class {k}: {got} vs ACT {}",
                act[k][d]
            );
        }
    }
}

/// ACT 2.3.4's numbers (`act_distributions.py` wrote them): the bar heights of
/// `plot_stacked_bar('tdry', bins=10)` on the SGP sonde, and the counts of
/// `plot_heatmap('temp_mean', 'rh_mean', x_bins=20, y_bins=20)` on the SGP met day with the
/// edges ACT returned.
#[test]
fn histogram_and_heat_map_counts_equal_act() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plot/act_distributions.json");
    let act: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let nums =
        |v: &serde_json::Value| -> Vec<f64> { v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect() };
    let sonde = read_many(&["sgpsondewnpnC1.b1.20190101.053200.cdf"]);
    let (edges, layers, _) = HistogramPlot::new(&sonde, "tdry", 10).compute().unwrap();
    assert_eq!(layers[0], nums(&act["stacked_bar_tdry_10"]["heights"]));
    let centres: Vec<f64> = edges.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    // numpy builds the edges of float32 data in float32 (a step of float32 precision over the
    // data's range); atmokit's are float64.
    let span = edges[edges.len() - 1] - edges[0];
    for (a, b) in centres.iter().zip(nums(&act["stacked_bar_tdry_10"]["centres"])) {
        assert!((a - b).abs() <= 2.0 * f64::from(f32::EPSILON) * span, "{a} vs {b}");
    }
    let met = met();
    let h = &act["heatmap_temp_rh_20"];
    let (xe, ye) = (nums(&h["x_bins"]), nums(&h["y_bins"]));
    let x: Vec<f64> = met.values_f64("temp_mean").unwrap();
    let y: Vec<f64> = met.values_f64("rh_mean").unwrap();
    let ours = atmokit_plot::heatmap::histogram2d(&x, &y, &xe, &ye);
    let theirs: Vec<Vec<f64>> = h["histogram"].as_array().unwrap().iter().map(nums).collect();
    assert_eq!(ours, theirs);
    assert_eq!(theirs.iter().flatten().sum::<f64>(), 1440.0);
}
