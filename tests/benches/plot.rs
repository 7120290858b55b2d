//! Benchmarks: plots against Python ACT (`../shared/oracle/act_baseline.txt`, matplotlib Agg,
//! dpi 100, from building the display to the saved PNG):
//!
//! - (e2) ceilometer backscatter time-height mesh, one day (5401 × 252) → PNG: ACT 3.28 s, target ≤ 0.3 s;
//! - (e1) two-panel timeseries of seven met days (10080 samples) → PNG: ACT 329 ms, target ≤ 50 ms.
//!
//! Reading the files is outside the timed region, as in ACT's baseline.
//!
//! Also timed (no ACT baseline): a one-day met panel with the day/night background (sun times
//! from atmokit-physics), the sonde skew-T (parcel, shading and stability table from
//! atmokit-retrievals on 4176 levels), the enhanced skew-T, the ceilometer mesh with its cloud
//! base drawn over it, two met variables with a secondary axis, and the issue-8 maps of the
//! tracked `data/sst_cube.nc` (labels map at one step, tracks map recomputed from the labels),
//! the seven met days grouped by day (one subplot each), the four TWP sondes of 2006-01-21
//! regridded onto 20 × 20 (ACT's `plot_time_height_xsection_from_1d_data`) and a lon/lat
//! cross-section of the SST cube with coastlines (measured on the shared 2-core machine:
//! 19 ms, 17 ms and 15 ms).

use atmokit_plot::{Panel, TimeSeriesDisplay, save};
use criterion::Criterion;
use std::path::PathBuf;

fn read(names: &[String]) -> atmokit_core::Dataset {
    let paths: Vec<PathBuf> = names.iter().map(|n| atmokit_tests::data_file(n)).collect();
    atmokit_netcdf::read_arm_netcdf(&paths, &atmokit_netcdf::ReadOptions::default()).expect("read oracle files")
}

fn main() {
    let mut c = Criterion::default().configure_from_args().sample_size(20);
    let dir = tempfile::tempdir().expect("temp dir");

    let ceil = read(&["sgpceilC1.b1.20190101.000000.nc".to_string()]);
    let out = dir.path().join("ceil.png");
    c.bench_function("e2 ceil time-height 5401x252 -> PNG 1000x400 (ACT 3276 ms)", |b| {
        b.iter(|| {
            let fig = TimeSeriesDisplay::new(&ceil)
                .panel(Panel::new("backscatter"))
                .with_size(1000, 400);
            save(&fig, &out).expect("save");
        })
    });

    let names: Vec<String> = (1..=7).map(|d| format!("sgpmetE13.b1.2019010{d}.000000.cdf")).collect();
    let met = read(&names);
    let out = dir.path().join("met.png");
    c.bench_function("e1 2-panel 7-day met timeseries -> PNG 1000x600 (ACT 329 ms)", |b| {
        b.iter(|| {
            let fig = TimeSeriesDisplay::new(&met)
                .panel(Panel::new("temp_mean"))
                .panel(Panel::new("rh_mean"))
                .with_size(1000, 300);
            save(&fig, &out).expect("save");
        })
    });
    let day = read(&["sgpmetE13.b1.20190101.000000.cdf".to_string()]);
    let out = dir.path().join("daynight.png");
    c.bench_function("1-day met panel + day/night background -> PNG 1000x300", |b| {
        b.iter(|| {
            let fig = TimeSeriesDisplay::new(&day)
                .panel(Panel::new("temp_mean").day_night(true))
                .with_size(1000, 300);
            save(&fig, &out).expect("save");
        })
    });

    let sonde = read(&["sgpsondewnpnC1.b1.20190101.053200.cdf".to_string()]);
    let out = dir.path().join("skewt.png");
    c.bench_function("skew-T 4176 levels (parcel, CAPE/CIN, table) -> PNG 900x800", |b| {
        b.iter(|| {
            let fig = atmokit_plot::skewt::SkewT::new(&sonde, "pres", "tdry", "dp", "wspd", "deg");
            save(&fig, &out).expect("save");
        })
    });

    let out = dir.path().join("enhanced.png");
    c.bench_function("enhanced skew-T (diagram, hodograph, indices) -> PNG 1400x800", |b| {
        b.iter(|| {
            let fig = atmokit_plot::skewt_enhanced::EnhancedSkewT::new(&sonde, "pres", "tdry", "dp", "wspd", "deg");
            save(&fig, &out).expect("save");
        })
    });
    let out = dir.path().join("ceil_cbh.png");
    c.bench_function("ceil log mesh + first_cbh overlay -> PNG 1000x400", |b| {
        b.iter(|| {
            let fig = TimeSeriesDisplay::new(&ceil)
                .panel(Panel::new("backscatter").log(true).with_var("first_cbh"))
                .with_size(1000, 400);
            save(&fig, &out).expect("save");
        })
    });
    let out = dir.path().join("met_compose.png");
    c.bench_function("1-day met: 2 variables + secondary axis -> PNG 1000x300", |b| {
        b.iter(|| {
            let fig = TimeSeriesDisplay::new(&day)
                .panel(
                    Panel::new("wspd_vec_mean")
                        .with_var("wspd_arith_mean")
                        .secondary("rh_mean"),
                )
                .with_size(1000, 300);
            save(&fig, &out).expect("save");
        })
    });

    let cube = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sst_cube.nc");
    let sst = atmokit_netcdf::read_arm_netcdf(&[&cube], &Default::default()).expect("read sst_cube.nc");
    let opts = atmokit_track::pipeline::TrackOptions {
        radius: 3,
        ..Default::default()
    };
    let r = atmokit_track::pipeline::track_dataset(&sst, "sst", Some("mask"), &opts).expect("track");
    let labels = r.to_dataset(["time", "lat", "lon"]).expect("labels dataset");
    let out = dir.path().join("labels.png");
    c.bench_function("labels map 90x180 at one step -> PNG 900x600", |b| {
        b.iter(|| {
            let fig = atmokit_plot::label_map::LabelMap::new(&labels, "labels", 31).expect("map");
            save(&fig, &out).expect("save");
        })
    });
    let out = dir.path().join("tracks.png");
    c.bench_function("tracks map from labels 60x90x180 -> PNG 900x600", |b| {
        b.iter(|| {
            let fig = atmokit_plot::track_map::TrackMap::from_labels(&labels, "labels").expect("tracks");
            save(&fig, &out).expect("save");
        })
    });
    let out = dir.path().join("grouped.png");
    c.bench_function(
        "met week grouped by day, 7 subplots in 3 columns -> PNG 1500x780",
        |b| {
            b.iter(|| {
                let fig = atmokit_plot::group_by::GroupedDisplay::new(
                    &met,
                    Panel::new("temp_mean"),
                    atmokit_plot::group_by::GroupBy::Day,
                )
                .expect("groups")
                .columns(3)
                .with_size(1500, 260);
                save(&fig, &out).expect("save");
            })
        },
    );
    let sondes: Vec<String> = ["051500", "111600", "171600", "231600"]
        .iter()
        .map(|t| format!("twpsondewnpnC3.b1.20060121.{t}.custom.cdf"))
        .collect();
    let twp = read(&sondes);
    let out = dir.path().join("regrid.png");
    c.bench_function("4 sondes of a day regridded 20x20 (nearest) -> PNG 1000x400", |b| {
        b.iter(|| {
            let fig =
                atmokit_plot::time_height_regrid::TimeHeightFrom1d::new(&twp, "tdry", "pres", 20, 20).expect("regrid");
            save(&fig, &out).expect("save");
        })
    });
    let out = dir.path().join("xsection.png");
    c.bench_function("sst lon/lat cross-section 90x180 + coastlines -> PNG 900x600", |b| {
        b.iter(|| {
            let fig = atmokit_plot::xsection::XSectionDisplay::new(&sst, "sst", "lon", "lat")
                .isel("time", 6)
                .map(true);
            save(&fig, &out).expect("save");
        })
    });
    c.final_summary();
}
