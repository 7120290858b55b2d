//! Benchmarks: plots against Python ACT (`../shared/oracle/act_baseline.txt`, matplotlib Agg,
//! dpi 100, from building the display to the saved PNG):
//!
//! - (e2) ceilometer backscatter time-height mesh, one day (5401 × 252) → PNG: ACT 3.28 s, target ≤ 0.3 s;
//! - (e1) two-panel timeseries of seven met days (10080 samples) → PNG: ACT 329 ms, target ≤ 50 ms.
//!
//! Reading the files is outside the timed region, as in ACT's baseline.

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
    c.final_summary();
}
