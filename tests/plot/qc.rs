//! QC flag block plot and assessment over-plotting on the met file.

use crate::{dist, read_many, save_bytes, secs_of};
use atmokit_plot::{Panel, PanelKind, TimeSeriesDisplay, render_rgb, render_svg};

/// Flag bit 2 ("less than valid_min", Bad) and bit 4 ("exceeds valid_delta", Indeterminate) at
/// chosen indices, as ARM's ingest would have, so the expected rows are known independently.
fn met_with_flags() -> atmokit_core::Dataset {
    let mut ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let mut q = ds
        .get_mut("qc_temp_mean")
        .unwrap()
        .data_mut()
        .view_mut::<i32>()
        .unwrap();
    for i in 0..q.len() {
        q[[i]] = 0;
    }
    for i in 600..660 {
        q[[i]] |= 2;
    }
    for i in 1000..1010 {
        q[[i]] |= 8;
    }
    drop(q);
    ds
}

#[test]
fn flag_block_rows_are_coloured_where_the_test_is_set() {
    let ds = met_with_flags();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock))
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    // 4 tests from the qc_bit_N_* globals; row k (test k+1) is centred at y = 4 - k - 0.5.
    let row_y = |k: usize| 4.0 - k as f64 - 0.5;
    let at = |i: usize, k: usize| {
        let (px, py) = g.to_pixel(secs_of(&ds, i), row_y(k));
        img.pixel(px as u32, py as u32).unwrap()
    };
    assert!(
        dist(at(630, 1), [255, 0, 0]) < 10,
        "test 2 (Bad) red at 630: {:?}",
        at(630, 1)
    );
    assert!(
        dist(at(1005, 3), [255, 165, 0]) < 10,
        "test 4 (Indeterminate) orange at 1005: {:?}",
        at(1005, 3)
    );
    assert!(
        dist(at(1200, 1), [0, 128, 0]) < 10,
        "test 2 passes at 1200: green {:?}",
        at(1200, 1)
    );
    assert!(dist(at(630, 0), [0, 128, 0]) < 10, "test 1 passes at 630");
    let svg = render_svg(&fig).unwrap();
    assert!(crate::has_text(&svg, "Test 1") && crate::has_text(&svg, "Test 4"));
    assert!(
        svg.contains("Value is less than the valid_min. [Bad]"),
        "meaning as label"
    );
    save_bytes(&fig, "met_qc_flag_block.png");
}

#[test]
fn assessment_overplot_marks_bad_red_and_indeterminate_orange() {
    let ds = met_with_flags();
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").qc(true))
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let t = ds.view::<f32>("temp_mean").unwrap();
    let (px, py) = g.to_pixel(secs_of(&ds, 630), f64::from(t[[630]]));
    assert!(dist(img.pixel(px as u32, py as u32).unwrap(), [255, 0, 0]) < 10);
    let (px, py) = g.to_pixel(secs_of(&ds, 1005), f64::from(t[[1005]]));
    assert!(dist(img.pixel(px as u32, py as u32).unwrap(), [255, 165, 0]) < 10);
    let svg = render_svg(&fig).unwrap();
    assert!(
        crate::has_text(&svg, "QC Bad/Incorrect (60)"),
        "legend counts the 60 flagged samples"
    );
    assert!(crate::has_text(&svg, "QC Suspect/Indeterminate (10)"));
    save_bytes(&fig, "met_temp_qc_overplot.png");
}

#[test]
fn state_variable_shows_flag_meanings_on_the_y_axis() {
    let ds = read_many(&["sgpceilC1.b1.20190101.000000.nc"]);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("detection_status"))
        .with_size(1000, 350);
    let svg = render_svg(&fig).unwrap();
    assert!(svg.contains("one cloud base detected"), "flag meaning label");
    assert!(svg.contains("no significant backscatter"));
    save_bytes(&fig, "ceil_detection_status.png");
}

#[test]
fn quicklook_renders_every_variable_with_flag_blocks_and_an_index() {
    use atmokit_plot::quicklook::{plottable_variables, render_day, render_pages, write_index};
    let mut ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    // No QC test is set anywhere on this day (every qc_* value is 0, counted with netCDF4):
    // every image is the line panel alone (300 px), with a note instead of an all-green block.
    let quiet = tempfile::tempdir().unwrap();
    let (images, _) = render_day(&ds, quiet.path(), 800).unwrap();
    let temp = images.iter().find(|i| i.variable == "temp_mean").unwrap();
    assert!(
        temp.qc_note.starts_with("QC: ") && temp.qc_note.ends_with("tests, none set"),
        "{}",
        temp.qc_note
    );
    let png = std::fs::read(quiet.path().join("temp_mean.png")).unwrap();
    assert_eq!(atmokit_plot::png_size(&png), Some((800, 300)));
    // Plant one set bit in qc_temp_mean: that page gets its flag block back, the others do not.
    if let atmokit_core::Data::I32(q) = ds.get_mut("qc_temp_mean").unwrap().data_mut() {
        q[[5]] = 1;
    } else {
        panic!("qc_temp_mean is not int32");
    }
    let dir = tempfile::tempdir().unwrap();
    let (pages, skipped) = render_pages(&ds, dir.path(), 800).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let vars = plottable_variables(&ds);
    assert_eq!(pages.len(), vars.len());
    assert!(vars.iter().any(|v| v == "temp_mean") && !vars.iter().any(|v| v.starts_with("qc_") || v == "time_offset"));
    // temp_mean has a set test: its page holds the line panel and the flag block (2 × 300 px).
    let png = std::fs::read(dir.path().join("sgpmetE13.b1/20190101/temp_mean.png")).unwrap();
    assert_eq!(atmokit_plot::png_size(&png), Some((800, 600)));
    let png = std::fs::read(dir.path().join("sgpmetE13.b1/20190101/rh_mean.png")).unwrap();
    assert_eq!(atmokit_plot::png_size(&png), Some((800, 300)));
    let index = write_index(dir.path(), &pages).unwrap();
    let html = std::fs::read_to_string(index).unwrap();
    for p in &pages {
        assert!(html.contains(&format!("href=\"{}\"", p.file)), "{}", p.file);
        assert!(dir.path().join(&p.file).exists());
    }
}

#[test]
fn quicklook_maps_gridded_variables_at_their_first_time() {
    use atmokit_core::{Dataset, Variable};
    use atmokit_plot::quicklook::{map_variables, plottable_variables, render_pages};
    let (nt, ny, nx) = (2, 18, 36);
    let mut ds = Dataset::new();
    ds.insert("time", Variable::time("time", vec![0, 86_400_000_000_000]))
        .unwrap();
    ds.insert(
        "lat",
        Variable::new(["lat"], (0..ny).map(|j| -85.0 + 10.0 * j as f64).collect::<Vec<_>>()).unwrap(),
    )
    .unwrap();
    ds.insert(
        "lon",
        Variable::new(["lon"], (0..nx).map(|i| -175.0 + 10.0 * i as f64).collect::<Vec<_>>()).unwrap(),
    )
    .unwrap();
    let sst: Vec<f32> = (0..nt * ny * nx)
        .map(|k| {
            if k % nx < 5 {
                f32::NAN
            } else {
                (k % (ny * nx) / nx) as f32
            }
        })
        .collect();
    let sst = ndarray::Array3::from_shape_vec((nt, ny, nx), sst).unwrap();
    ds.insert(
        "sst",
        Variable::new(["time", "lat", "lon"], sst.clone().into_dyn())
            .unwrap()
            .with_attr("units", "degC"),
    )
    .unwrap();
    ds.insert(
        "qc_sst",
        Variable::new(["time", "lat", "lon"], sst.mapv(|_| 0i32).into_dyn()).unwrap(),
    )
    .unwrap();
    ds.insert("mean_sst", Variable::new(["time"], vec![1.0f64, 2.0]).unwrap())
        .unwrap();
    assert_eq!(map_variables(&ds), vec!["sst"]);
    assert_eq!(plottable_variables(&ds), vec!["mean_sst"]);
    let dir = tempfile::tempdir().unwrap();
    let (pages, skipped) = render_pages(&ds, dir.path(), 800).unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
    let names: Vec<&str> = pages.iter().map(|p| p.variable.as_str()).collect();
    assert_eq!(names, vec!["mean_sst", "sst"]);
    let png = std::fs::read(dir.path().join(&pages[1].file)).unwrap();
    assert_eq!(atmokit_plot::png_size(&png), Some((800, 440)));
}

#[test]
fn plot_spec_adds_flag_blocks_with_qc() {
    use atmokit_plot::spec::{PlotSpec, parse_vars};
    let ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let spec = PlotSpec {
        vars: parse_vars("temp_mean,temp_std").unwrap(),
        qc: true,
        day_night: false,
        yrange: None,
        vrange: None,
        cmap: atmokit_plot::Colormap::Viridis,
        log: false,
        title: Some("My title".into()),
        ..PlotSpec::default()
    };
    let panels = spec.panels(&ds).unwrap();
    // temp_mean has qc_temp_mean, temp_std has none.
    let kinds: Vec<PanelKind> = panels.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, vec![PanelKind::Auto, PanelKind::FlagBlock, PanelKind::Auto]);
    assert_eq!(panels[0].title.as_deref(), Some("My title"));
    assert!(panels.iter().all(|p| !p.act_compat));
    // `plot --qc --act-compat`: the added flag blocks follow ACT too.
    let compat = PlotSpec {
        act_compat: true,
        ..spec.clone()
    };
    assert!(compat.panels(&ds).unwrap().iter().all(|p| p.act_compat));
    let bad = PlotSpec {
        vars: vec!["nope".into()],
        ..spec
    };
    assert!(bad.panels(&ds).unwrap_err().to_string().contains("nope"));
}

#[test]
fn two_d_qc_is_a_worst_assessment_mesh() {
    let mut ds = read_many(&["sgpdlppiC1.b1.20191015.120023.cdf"]);
    {
        // The file's QC is all zero: set blocks as ARM's ingest would (bit 2 Bad, bit 1 missing,
        // bit 4 Indeterminate) so every class appears.
        let mut q = ds
            .get_mut("qc_radial_velocity")
            .unwrap()
            .data_mut()
            .view_mut::<i32>()
            .unwrap();
        for j in 1000..2000 {
            q[[2, j]] = 2;
        }
        for j in 500..1500 {
            q[[4, j]] = 1;
        }
        for j in 2500..3500 {
            q[[5, j]] = 8;
        }
    }
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("radial_velocity").kind(PanelKind::FlagBlock))
        .with_size(1000, 400);
    let img = render_rgb(&fig).unwrap();
    let svg = render_svg(&fig).unwrap();
    assert!(crate::has_text(&svg, "QC Tests Tripped: Test 1, Test 2, Test 4"));
    assert!(crate::has_text(&svg, "sgpdlppiC1.b1 qc_radial_velocity on 20191015"));
    // Expected class from the bits (ARM globals: 1 missing/Bad, 2-3 Bad, 4 Indeterminate).
    let q = ds.view::<i32>("qc_radial_velocity").unwrap();
    let class = |v: i32| {
        if v & 0b110 != 0 {
            [255, 0, 0]
        } else if v & 1 != 0 {
            [169, 169, 169]
        } else if v & 8 != 0 {
            [255, 165, 0]
        } else {
            [0, 128, 0]
        }
    };
    let range = ds.view::<f32>("range").unwrap();
    let g = &fig.layout()[0];
    let (nt, ny) = (q.shape()[0], q.shape()[1]);
    let mut checked = 0;
    for i in 1..nt - 1 {
        for j in (50..ny - 50).step_by(97) {
            let c = class(q[[i, j]]);
            // Only where the 100 gates around agree, so the pixel's nearest gate has the same class.
            if (j - 50..j + 50).all(|k| class(q[[i, k]]) == c) {
                let (px, py) = g.to_pixel(crate::secs_of(&ds, i), f64::from(range[[j]]));
                assert!(
                    dist(img.pixel(px as u32, py as u32).unwrap(), c) < 5,
                    "cell ({i},{j}) class {c:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "checked {checked} cells");
    let red = (0..img.width)
        .flat_map(|x| (0..img.height).map(move |y| (x, y)))
        .filter(|&(x, y)| img.pixel(x, y) == Some([255, 0, 0]))
        .count();
    assert!(red > 1000, "the Bad block is drawn ({red} px)");
    save_bytes(&fig, "dl_qc_flag_mesh.png");
}

/// One flagged sample in a day of 1-minute data (1440 samples drawn into fewer pixels) is still
/// drawn: a mentor must see every flag. Regression: runs narrower than a pixel could vanish.
#[test]
fn a_single_flagged_sample_stays_visible() {
    let mut ds = met_with_flags();
    let mut missed = Vec::new();
    for width in [700u32, 800, 900, 1000, 1100] {
        for i in [300usize, 301, 777, 1100] {
            {
                let mut q = ds
                    .get_mut("qc_temp_mean")
                    .unwrap()
                    .data_mut()
                    .view_mut::<i32>()
                    .unwrap();
                q.fill(0);
                q[[i]] = 4; // test 3, "greater than valid_max", Bad
            }
            let fig = TimeSeriesDisplay::new(&ds)
                .panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock))
                .with_size(width, 300);
            let img = render_rgb(&fig).unwrap();
            let g = &fig.layout()[0];
            // Scan the row's height: the test's label is written inside the row and its glyphs
            // may cover the flag on some pixel rows, never on all of them.
            let (_, y_top) = g.to_pixel(secs_of(&ds, i), 4.0 - 2.0 - 0.2);
            let (_, y_bot) = g.to_pixel(secs_of(&ds, i), 4.0 - 2.0 - 0.8);
            let red = (y_top.min(y_bot)..=y_top.max(y_bot))
                .any(|y| (0..width).any(|x| img.pixel(x, y as u32).is_some_and(|c| dist(c, [255, 0, 0]) < 10)));
            if !red {
                missed.push((width, i));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "flagged sample not drawn at (width, index): {missed:?}"
    );
}

#[test]
fn plots_find_qc_variables_as_atmokit_qc_does() {
    use atmokit_core::{AttrValue, Variable};
    // A flag variable linked only through ancillary_variables (no qc_ prefix) is drawn.
    let mut ds = met_with_flags();
    ds.rename("qc_temp_mean", "temp_flags").unwrap();
    let flags = ds.get_mut("temp_flags").unwrap();
    flags
        .attrs_mut()
        .insert("standard_name".into(), AttrValue::from("quality_flag"));
    ds.get_mut("temp_mean")
        .unwrap()
        .attrs_mut()
        .insert("ancillary_variables".into(), AttrValue::from("temp_flags"));
    assert_eq!(
        atmokit_qc::model::find_qc_variable(&ds, "temp_mean")
            .unwrap()
            .as_deref(),
        Some("temp_flags")
    );
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock))
        .with_size(1000, 300);
    let svg = render_svg(&fig).unwrap();
    assert!(svg.contains("temp_flags"), "title names the linked flag variable");
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let (px, py) = g.to_pixel(secs_of(&ds, 630), 4.0 - 1.0 - 0.5);
    assert!(
        dist(img.pixel(px as u32, py as u32).unwrap(), [255, 0, 0]) < 10,
        "test 2 (Bad) drawn red"
    );
    // A qc_ variable on another dimension is not the field's QC, for qc and plot alike.
    let mut ds = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let attrs = ds.get("qc_temp_mean").unwrap().attrs().clone();
    let mut wrong = Variable::new(["other"], vec![0i32; 7]).unwrap();
    *wrong.attrs_mut() = attrs;
    ds.remove("qc_temp_mean");
    ds.insert("qc_temp_mean", wrong).unwrap();
    assert_eq!(atmokit_qc::model::find_qc_variable(&ds, "temp_mean").unwrap(), None);
    let e = render_rgb(&TimeSeriesDisplay::new(&ds).panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("temp_mean") && e.contains("no QC variable"), "{e}");
    assert!(atmokit_plot::qc_flags::qc_info(&ds, "temp_mean").unwrap().is_none());
}

#[test]
fn qc_markers_outside_a_chosen_range_stay_off_the_axes() {
    let ds = met_with_flags();
    // Bad samples 600..660 lie below this value range: their markers must not spill onto the axis.
    let v = ds.view::<f32>("temp_mean").unwrap();
    let top = (600..660).map(|i| f64::from(v[[i]])).fold(f64::MIN, f64::max);
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").qc(true).yrange(top + 1.0, top + 5.0))
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = &fig.layout()[0];
    let red_outside = (0..img.height as i32)
        .filter(|y| !(g.py.start - 3..g.py.end + 3).contains(y))
        .flat_map(|y| (0..img.width).map(move |x| (x, y as u32)))
        .filter(|&(x, y)| img.pixel(x, y).is_some_and(|c| dist(c, [255, 0, 0]) < 30))
        .count();
    assert_eq!(red_outside, 0, "red QC markers outside the plotting area");
}

/// `n` samples `step` seconds apart with the met file's `qc_temp_mean` tests (row of test 3,
/// "greater than valid_max", Bad: y 1..2 of 4 rows) set at `flagged`.
fn flagged_series(n: usize, step: i64, flagged: &[usize]) -> atmokit_core::Dataset {
    use atmokit_core::{Dataset, Variable};
    let met = read_many(&["sgpmetE13.b1.20190101.000000.cdf"]);
    let mut ds = Dataset::new();
    // ARM's bit descriptions are global attributes.
    *ds.attrs_mut() = met.attrs().clone();
    let t0 = 1_546_300_800_000_000_000i64;
    ds.insert(
        "time",
        Variable::time("time", (0..n as i64).map(|i| t0 + i * step * 1_000_000_000).collect()),
    )
    .unwrap();
    let mut v = Variable::new(["time"], vec![1.0f32; n]).unwrap();
    *v.attrs_mut() = met.get("temp_mean").unwrap().attrs().clone();
    ds.insert("temp_mean", v).unwrap();
    let mut q = vec![0i32; n];
    for &i in flagged {
        q[i] = 4;
    }
    let mut qv = Variable::new(["time"], q).unwrap();
    *qv.attrs_mut() = met.get("qc_temp_mean").unwrap().attrs().clone();
    ds.insert("qc_temp_mean", qv).unwrap();
    ds
}

/// Runs of red pixel columns (first, last) in test 3's row of a flag block panel, and the
/// panel's geometry.
fn red_runs(ds: &atmokit_core::Dataset, act_compat: bool) -> (Vec<(i32, i32)>, atmokit_plot::PanelGeometry) {
    let fig = TimeSeriesDisplay::new(ds)
        .panel(
            Panel::new("temp_mean")
                .kind(PanelKind::FlagBlock)
                .act_compat(act_compat),
        )
        .with_size(1000, 300);
    let img = render_rgb(&fig).unwrap();
    let g = fig.layout()[0].clone();
    let (_, y_top) = g.to_pixel(g.x.0, 1.85);
    let (_, y_bot) = g.to_pixel(g.x.0, 1.15);
    // The test's label is written inside the row; its glyphs never cover a whole column.
    let red = |x: i32| (y_top..=y_bot).any(|y| img.pixel(x as u32, y as u32) == Some([255, 0, 0]));
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for x in g.px.clone() {
        if red(x) {
            match runs.last_mut() {
                Some(r) if r.1 == x - 1 => r.1 = x,
                _ => runs.push((x, x)),
            }
        }
    }
    (runs, g)
}

/// One flagged sample among 100,000 (1 s data, about 100 samples per pixel column). ACT 2.3.4
/// draws it: `broken_barh` gets a zero-length bar, but matplotlib strokes it with the 1-pt edge
/// in the face colour (`edgecolor='face'`), a 1.39 px line at 100 dpi (ACT rendered at 100 dpi:
/// one full red column at the sample plus 19 % red on each neighbour). So both modes show it,
/// as a line 1 or 2 columns wide on the sample's position (within the 1-px difference between
/// `PanelGeometry::to_pixel`'s rounding and plotters' flooring).
#[test]
fn one_flagged_sample_among_100000_shows_in_both_modes() {
    let ds = flagged_series(100_000, 1, &[50_000]);
    for compat in [false, true] {
        let (runs, g) = red_runs(&ds, compat);
        let w = f64::from(g.px.end - g.px.start);
        let x = f64::from(g.px.start) + (secs_of(&ds, 50_000) - g.x.0) / (g.x.1 - g.x.0) * w;
        assert_eq!(runs.len(), 1, "act_compat {compat}: {runs:?}");
        let (a, b) = runs[0];
        assert!(
            (1..=2).contains(&(b - a + 1)) && f64::from(a) >= x - 2.5 && f64::from(b) <= x + 2.5,
            "act_compat {compat}: red columns {a}..={b}, sample at x = {x:.2}"
        );
    }
}

/// Hourly data, samples 5–8 and 12 flagged. ACT's bars run from the first to the last flagged
/// time (`reduce_time_ranges` durations) plus the 1-pt edge: 3 steps + 1.39 px and a 1.39 px
/// line (ACT rendered at 100 dpi, 33.7 px per hour: full red columns 293–395 and 529 only).
/// atmokit covers each flagged sample's hour: 4 steps and 1 step.
#[test]
fn act_compat_flag_runs_span_first_to_last_flagged_time() {
    let ds = flagged_series(24, 3600, &[5, 6, 7, 8, 12]);
    let width = |r: (i32, i32)| f64::from(r.1 - r.0 + 1);
    let (runs, g) = red_runs(&ds, false);
    let step = f64::from(g.px.end - g.px.start) / 23.0;
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(
        (width(runs[0]) - 4.0 * step).abs() <= 1.0,
        "{runs:?}, step {step:.2} px"
    );
    assert!((width(runs[1]) - step).abs() <= 1.0, "{runs:?}, step {step:.2} px");
    let (runs, _) = red_runs(&ds, true);
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert!(
        (width(runs[0]) - (3.0 * step + 100.0 / 72.0)).abs() <= 1.0,
        "{runs:?}, step {step:.2} px"
    );
    assert!((1.0..=2.0).contains(&width(runs[1])), "{runs:?}");
}
