//! Size distributions, stairstep histograms (explicit edges, density) and pie charts.

use crate::{dist, has_text, read_many, save_bytes};
use atmokit_core::{Dataset, Variable};
use atmokit_plot::histogram::HistogramPlot;
use atmokit_plot::pie::PieChart;
use atmokit_plot::size_distribution::SizeDistribution;
use atmokit_plot::stairstep::StairstepPlot;
use atmokit_plot::{render_rgb, render_svg};

/// Two spectra over three size classes (1, 2, 4 mm) one minute apart.
fn spectra(second: [f64; 3]) -> Dataset {
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", vec![0, 60_000_000_000]))
        .unwrap();
    ds.insert(
        "size",
        Variable::new(["size"], vec![1.0f64, 2.0, 4.0])
            .unwrap()
            .with_attr("units", "mm"),
    )
    .unwrap();
    let mut v = vec![10.0f64, 20.0, 30.0];
    v.extend(second);
    let a = ndarray::Array2::from_shape_vec((2, 3), v).unwrap().into_dyn();
    ds.insert(
        "counts",
        Variable::new(["time", "size"], a).unwrap().with_attr("units", "count"),
    )
    .unwrap();
    ds
}

#[test]
fn size_distribution_draws_the_spectrum_at_a_time_or_the_mean() {
    let ds = spectra([30.0, 40.0, f64::NAN]);
    let sd = SizeDistribution::new(&ds, "counts", "size");
    let (bins, y, when) = sd.compute().unwrap();
    assert_eq!(bins, vec![1.0, 2.0, 4.0]);
    // Means by hand: (10+30)/2, (20+40)/2, 30 (the NaN skipped).
    assert_eq!(y, vec![20.0, 30.0, 30.0]);
    assert_eq!(when, "mean of 2 spectra");
    let at = sd.clone().at_time(50_000_000_000);
    let (_, y, when) = at.compute().unwrap();
    assert!(
        y[0] == 30.0 && y[1] == 40.0 && y[2].is_nan(),
        "nearest sample is the second"
    );
    assert_eq!(when, "1970-01-01 00:01 UTC");
    let svg = render_svg(&at).unwrap();
    assert!(
        has_text(&svg, "size distribution of counts, 1970-01-01 00:01 UTC"),
        "title"
    );
    assert!(
        has_text(&svg, "size (mm)") && has_text(&svg, "counts (count)"),
        "axis labels"
    );
    // Pixels: the steps are centred on their classes, so with x fixed to 0..5 mm the 1 mm
    // class (30) spans 0.5–1.5 mm and the 2 mm class (40) 1.5–3 mm, one and a half times as
    // long and higher up; the NaN 4 mm class draws nothing (no blue right of 3 mm).
    let fixed = at.xrange(0.0, 5.0).yrange(0.0, 50.0).with_size(600, 400);
    let img = render_rgb(&fixed).unwrap();
    let blue = [0x1f, 0x77, 0xb4];
    let mut runs: Vec<(u32, u32, u32)> = vec![];
    for y in 0..img.height {
        let xs: Vec<u32> = (0..img.width)
            .filter(|&x| dist(img.pixel(x, y).unwrap(), blue) < 40)
            .collect();
        if xs.len() > 20 {
            runs.push((y, xs[0], *xs.last().unwrap()));
        }
    }
    let (hi_y, lo_y) = (runs.first().unwrap().0, runs.last().unwrap().0);
    let len = |y: u32| {
        let r = runs.iter().find(|r| r.0 == y).unwrap();
        f64::from(r.2 - r.1)
    };
    assert!(hi_y + 20 < lo_y, "40 drawn above 30: rows {hi_y} and {lo_y}");
    let ratio = len(hi_y) / len(lo_y);
    assert!((ratio - 1.5).abs() < 0.1, "class widths 1.5 : 1, got {ratio}");
    let right = runs.iter().map(|r| r.2).max().unwrap();
    let left = runs.iter().map(|r| r.1).min().unwrap();
    let span = f64::from(right - left) / len(lo_y);
    assert!((span - 2.5).abs() < 0.1, "blue spans 0.5–3 mm only: {span}");
}

#[test]
fn size_distribution_of_nothing_is_a_clear_error() {
    let ds = spectra([f64::NAN; 3]);
    let sd = SizeDistribution::new(&ds, "counts", "size").at_time(60_000_000_000);
    let e = render_svg(&sd).unwrap_err().to_string();
    assert!(e.contains("'counts' has no finite values"), "{e}");
    let e = SizeDistribution::new(&ds, "counts", "time")
        .compute()
        .unwrap_err()
        .to_string();
    assert!(e.contains("size bins like 'time'"), "{e}");
}

#[test]
fn stairstep_with_explicit_edges_and_density() {
    let ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let t: Vec<f64> = ds.values_f64("temp_mean").unwrap();
    let edges = [-10.0, -5.0, 0.0, 2.0, 20.0];
    // Independent counts: left-closed bins, the last closed on both sides.
    let mut want = [0.0; 4];
    for v in t.iter().filter(|v| v.is_finite()) {
        if let Some(b) = (0..4).find(|&b| *v >= edges[b] && (*v < edges[b + 1] || (b == 3 && *v <= 20.0))) {
            want[b] += 1.0;
        }
    }
    let h = HistogramPlot::new(&ds, "temp_mean", 10).with_edges(&edges);
    let (e, layers, _) = h.compute().unwrap();
    assert_eq!(e, edges.to_vec());
    assert_eq!(layers[0], want.to_vec());
    let d = h.clone().density(true).compute().unwrap().1;
    let area: f64 = d[0].iter().zip(edges.windows(2)).map(|(c, w)| c * (w[1] - w[0])).sum();
    assert!(
        (area - 1.0).abs() < 1e-12,
        "density integrates to 1 over unequal bins: {area}"
    );
    let stairs = StairstepPlot::new(h.clone().stacked_by("rh_mean", 2));
    let svg = render_svg(&stairs).unwrap();
    assert!(has_text(&svg, "Stairstep histogram of temp_mean"));
    assert!(
        has_text(&svg, "temp_mean (degC)") && has_text(&svg, "rh_mean"),
        "axis and legend"
    );
    save_bytes(&StairstepPlot::new(h), "met_stairstep.png");
    let e = HistogramPlot::new(&ds, "temp_mean", 3)
        .with_edges(&[1.0, 1.0])
        .compute()
        .unwrap_err()
        .to_string();
    assert!(e.contains("strictly increasing"), "{e}");
}

#[test]
fn pie_chart_of_mean_shares() {
    let ds = read_many(&["sgpsirsE13.b1.20190101.000000.cdf"]);
    let f = ["down_short_diffuse_hemisp", "short_direct_normal", "down_short_hemisp"];
    let pie = PieChart::new(&ds, &f);
    let p = pie.compute().unwrap();
    let total: f64 = p.iter().map(|x| x.1).sum();
    assert!((total - 100.0).abs() < 1e-9);
    let svg = render_svg(&pie).unwrap();
    for (name, v) in &p {
        assert!(has_text(&svg, name), "{name}");
        assert!(has_text(&svg, &format!("{v:.1}%")), "{name} {v:.1}%");
    }
    // The largest wedge's colour (C0 blue, the first field) fills the pixel at 60 % of the
    // radius along its bisector; the wedge starts at 12 o'clock and runs clockwise.
    let img = render_rgb(&pie).unwrap();
    let (w, h) = (f64::from(img.width), f64::from(img.height));
    let (cx, cy) = (w / 2.0, h / 2.0 + 15.0);
    let r = w.min(h) / 2.0 - 90.0;
    let mid = p[0].1 / 100.0 * std::f64::consts::PI;
    let at = |a: f64, k: f64| {
        img.pixel((cx + k * r * a.sin()) as u32, (cy - k * r * a.cos()) as u32)
            .unwrap()
    };
    assert!(dist(at(mid, 0.4), [0x1f, 0x77, 0xb4]) < 10, "first wedge");
    assert!(
        dist(at(-0.3, 0.4), [0x1f, 0x77, 0xb4]) > 60,
        "before 12 o'clock is the last wedge"
    );
    save_bytes(&pie, "sirs_pie.png");
    // A field of only NaN, and an all-zero selection, are clear errors.
    let mut bad = ds.clone();
    let n = bad.get("short_direct_normal").unwrap().len();
    bad.insert("nan_field", Variable::new(["time"], vec![f64::NAN; n]).unwrap())
        .unwrap();
    let e = render_svg(&PieChart::new(&bad, &["nan_field", "down_short_hemisp"]))
        .unwrap_err()
        .to_string();
    assert!(e.contains("nan_field"), "{e}");
}
