//! Benchmarks: physics (criterion).
//!
//! Figures measured on the shared 2-core build box (load average 8–12, so wall times are
//! inflated; CPU time in parentheses), ACT 2.3.4 in a venv on the same input:
//! - solar position (elevation, azimuth, distance, standard refraction) for 86,400 one-second
//!   timestamps of 2019-01-01 at SGP — target ≤ 20 ms: atmokit 20.5 ms wall (9.3 ms CPU);
//!   ACT `get_solar_azimuth_elevation` (Skyfield + DE421) 16 s wall (5.1 s CPU), ~550× slower;
//! - `add_solar_variable(dawn_dusk=True)` on the 1,440-minute met day: 0.59 ms; ACT 0.59 s CPU
//!   (including its read of the file);
//! - `convert_units` degC → degF on 1,000,000 float32 values: 0.36 ms; ACT (pint) 0.37 s;
//! - `accumulate_precip` on seven met days (10,080 samples, dataset clone included): 0.29 ms.

use atmokit_core::{Data, Dataset, Variable};
use atmokit_physics::solar::{Refraction, add_solar_variable, get_solar_azimuth_elevation};
use atmokit_physics::units::convert_units;
use criterion::Criterion;
use std::hint::black_box;

const T2019: i64 = 1_546_300_800_000_000_000;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let times: Vec<i64> = (0..86_400).map(|s| T2019 + s * 1_000_000_000).collect();
    c.bench_function("solar_position_86400", |b| {
        b.iter(|| get_solar_azimuth_elevation(36.605, -97.485, black_box(&times), Refraction::Standard).unwrap())
    });

    let mut day = Dataset::new();
    day.insert(
        "time",
        Variable::time("time", (0..1440).map(|m| T2019 + m * 60_000_000_000).collect()),
    )
    .unwrap();
    day.insert("lat", Variable::scalar(36.605f32)).unwrap();
    day.insert("lon", Variable::scalar(-97.485f32)).unwrap();
    c.bench_function("add_solar_variable_dawn_dusk_1440", |b| {
        b.iter(|| {
            let mut ds = day.clone();
            add_solar_variable(&mut ds, None, None, true).unwrap();
            ds
        })
    });

    let temps = Data::F32(ndarray::ArrayD::from_shape_fn(ndarray::IxDyn(&[1_000_000]), |i| {
        (i[0] % 40) as f32 - 10.0
    }));
    c.bench_function("convert_units_degC_degF_1e6_f32", |b| {
        b.iter(|| convert_units(black_box(&temps), "degC", "degF").unwrap())
    });

    let files: Vec<_> = (1..=7)
        .map(|d| atmokit_tests::data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf")))
        .collect();
    let week = atmokit_netcdf::read_arm_netcdf(&files, &atmokit_netcdf::ReadOptions::default()).unwrap();
    c.bench_function("accumulate_precip_week", |b| {
        b.iter(|| {
            let mut ds = week.clone();
            atmokit_physics::precip::accumulate_precip(&mut ds, "org_precip_rate_mean", None).unwrap();
            ds
        })
    });
    c.final_summary();
}
