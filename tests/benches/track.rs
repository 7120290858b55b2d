//! Benchmarks of atmokit-track on a 365 × 180 × 360 (daily, 1° global) synthetic SST cube.
//!
//! `cargo bench -p atmokit-tests --features track --bench track`. Besides criterion's timings it
//! prints the process's peak resident memory (VmHWM) before and after tracking. With
//! `TRACK_BENCH_EXPORT=path` it also writes the cube (raw little-endian f32) so that
//! `tests/track/ocetrac_bench.py` can time Ocetrac on the same input.

use atmokit_track::area::AreaWeighting;
use atmokit_track::climatology::anomalies;
use atmokit_track::grid::Grid;
use atmokit_track::label::{Connectivity, label};
use atmokit_track::morphology::{Disk, DiskShape, close_open};
use atmokit_track::pipeline::{TrackOptions, track};
use atmokit_track::threshold::{Threshold, exceedance_mask};
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::Array3;
use std::hint::black_box;

const NT: usize = 365;
const NY: usize = 180;
const NX: usize = 360;

fn grid() -> Grid {
    let t0 = 10_957i64 * 86_400 * 1_000_000_000; // 2000-01-01
    Grid::new(
        (0..NT as i64).map(|d| t0 + d * 86_400 * 1_000_000_000).collect(),
        (0..NY).map(|i| -89.5 + i as f64).collect(),
        (0..NX).map(|i| 0.5 + i as f64).collect(),
    )
}

/// Seasonal SST plus travelling waves, noise and a few moving warm bumps; land as NaN.
fn cube() -> Array3<f32> {
    let g = grid();
    let mut f = Array3::<f32>::zeros((NT, NY, NX));
    let mut s = 0x1234_5678u64;
    for t in 0..NT {
        let ph = 2.0 * std::f64::consts::PI * t as f64 / 365.2425;
        for (y, la) in g.lat.iter().enumerate() {
            let sl = la.to_radians().sin();
            let base = (28.0 - 26.0 * sl * sl).max(-1.8) - 3.0 * sl * ph.cos();
            for (x, lo) in g.lon.iter().enumerate() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let noise = ((s >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.5;
                let land = (la - 45.0).powi(2) / 400.0 + (lo - 260.0).powi(2) / 900.0 <= 1.0 || la.abs() > 75.0;
                let waves = 0.4 * ((lo.to_radians() * 3.0 + 0.05 * t as f64).sin() * la.to_radians().cos())
                    + 0.3 * (la.to_radians() * 5.0 - 0.03 * t as f64).cos();
                let bump = 2.0
                    * (-((la - 20.0 * (0.02 * t as f64).sin()).powi(2) + (lo - (t as f64) % 360.0).powi(2)) / 200.0)
                        .exp();
                f[[t, y, x]] = if land {
                    f32::NAN
                } else {
                    (base + waves + noise + bump) as f32
                };
            }
        }
    }
    f
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn bench(c: &mut Criterion) {
    let g = grid();
    let f = cube();
    if let Ok(p) = std::env::var("TRACK_BENCH_EXPORT") {
        let bytes: Vec<u8> = f.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(p, bytes).expect("export");
    }
    let before = vm_hwm_kib();
    let opts = TrackOptions {
        radius: 8,
        min_size_quantile: 0.75,
        ..Default::default()
    };
    let r = track(f.view(), &g, None, &opts).expect("track");
    let after = vm_hwm_kib();
    eprintln!(
        "cube {NT}x{NY}x{NX} f32 ({} MB): {} 2-D objects, {} tracked, {} merge/split events; peak RSS before tracking {:?} KiB, after {:?} KiB",
        f.len() * 4 / 1_000_000,
        r.area.n_initial,
        r.objects.len(),
        r.events.len(),
        before,
        after
    );
    let mut grp = c.benchmark_group("track_365x180x360");
    grp.sample_size(10);
    grp.bench_function("full_pipeline_percentile90_r8", |b| {
        b.iter(|| track(black_box(f.view()), &g, None, &opts).unwrap())
    });
    let time_s = g.time_seconds();
    grp.bench_function("anomalies_k2", |b| {
        b.iter(|| anomalies(black_box(f.view()), &time_s, 2).unwrap())
    });
    let anom = anomalies(f.view(), &time_s, 2).unwrap();
    grp.bench_function("percentile90_mask", |b| {
        b.iter(|| exceedance_mask(black_box(anom.view()), Threshold::Percentile(90.0), None).unwrap())
    });
    let mask = exceedance_mask(anom.view(), Threshold::Percentile(90.0), None).unwrap();
    grp.bench_function("close_open_r8", |b| {
        b.iter(|| {
            let mut m = mask.clone();
            close_open(
                &mut m,
                Disk {
                    radius: 8,
                    shape: DiskShape::Closed,
                },
                true,
            );
            m
        })
    });
    grp.bench_function("label_3d_full", |b| {
        b.iter(|| label(black_box(&mask), Connectivity::Full, true, true))
    });
    let fixed = TrackOptions {
        threshold: Threshold::Fixed(28.0),
        area_weighting: AreaWeighting::Cells,
        ..opts.clone()
    };
    grp.bench_function("full_pipeline_fixed_threshold_r8", |b| {
        b.iter(|| track(black_box(f.view()), &g, None, &fixed).unwrap())
    });
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
