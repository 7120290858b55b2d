//! Benchmarks: corrections (criterion).
//!
//! - `correct_mpl` on a full day of MPL profiles: the ARM sample sgpmplpolfsC1.b1.20190502 (2 × 1999)
//!   tiled to 1440 profiles × 2000 gates, every variable kept (target ≤ 1 s; ACT needs 1.22 s for
//!   240 profiles and runs out of memory on a day). Peak memory is measured with a counting
//!   allocator and printed as a multiple of the dataset's size (target ≤ 2×).
//! - `correct_ceil` on sgpceilC1.b1.20190101 (5401 × 252; ACT 26 ms, target ≤ 3 ms).

use atmokit_core::{Dataset, Variable};
use atmokit_corrections::{CeilOptions, MplOptions, correct_ceil, correct_mpl};
use atmokit_tests::read_oracle;
use criterion::{BatchSize, Criterion};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// System allocator that tracks live and peak bytes.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The MPL sample tiled along time to `n_time` profiles and padded to `n_gate` gates (the last
/// gate repeated). Every variable is kept.
fn full_day_mpl(n_time: usize, n_gate: usize) -> Dataset {
    let src = read_oracle("sgpmplpolfsC1.b1.20190502.000000.cdf");
    let nt = src.dim_len("time").unwrap();
    let ng = src.dim_len("range_bins").unwrap();
    let t_idx: Vec<usize> = (0..n_time).map(|i| i % nt).collect();
    let g_idx: Vec<usize> = (0..n_gate).map(|j| j.min(ng - 1)).collect();
    let t0 = src.time().unwrap()[0];
    let mut out = src.try_map_variables(|name, v| {
        let (dims, mut data, attrs, enc) = v.into_parts();
        if name == "time" {
            let t: Vec<i64> = (0..n_time as i64).map(|i| t0 + i * 60_000_000_000).collect();
            return Ok(Variable::time("time", t));
        }
        for (ax, d) in dims.iter().enumerate() {
            if d == "time" {
                data = data.select(ax, &t_idx)?;
            } else if d == "range_bins" {
                data = data.select(ax, &g_idx)?;
            }
        }
        Variable::from_parts(dims, data, attrs, enc)
    });
    out.as_mut().unwrap().validate().unwrap();
    out.unwrap()
}

fn nbytes(ds: &Dataset) -> usize {
    ds.variables().map(|(_, v)| v.data().nbytes()).sum()
}

fn memory_report() {
    let mut ds = full_day_mpl(1440, 2000);
    let data = nbytes(&ds);
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = std::time::Instant::now();
    correct_mpl(&mut ds, &MplOptions::default()).unwrap();
    let el = t.elapsed();
    let peak = PEAK.load(Ordering::Relaxed);
    println!(
        "correct_mpl 1440x2000: data {:.1} MB, peak live {:.1} MB = {:.2}x the data (extra {:.1} MB), one run {:.0} ms",
        data as f64 / 1e6,
        peak as f64 / 1e6,
        peak as f64 / data as f64,
        (peak - base) as f64 / 1e6,
        el.as_secs_f64() * 1e3
    );
}

/// CPU seconds used by this process, all threads (user + system, from /proc; 10 ms ticks), so that figures
/// stay meaningful when other jobs share the machine. 0 when /proc is unavailable.
fn thread_cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let rest: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let tick = |i: usize| rest.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Mean CPU time per call of `f` on fresh clones of `ds`, minus the cost of the clones.
fn cpu_per_call(ds: &Dataset, n: usize, f: impl Fn(&mut Dataset)) -> f64 {
    let t0 = thread_cpu_s();
    for _ in 0..n {
        let mut d = ds.clone();
        f(&mut d);
    }
    let t1 = thread_cpu_s();
    for _ in 0..n {
        let d = ds.clone();
        std::hint::black_box(&d);
    }
    let t2 = thread_cpu_s();
    ((t1 - t0) - (t2 - t1)) / n as f64
}

fn cpu_report() {
    let ceil = read_oracle("sgpceilC1.b1.20190101.000000.nc");
    let c = cpu_per_call(&ceil, 300, |d| {
        correct_ceil(d, "backscatter", &CeilOptions::default()).unwrap()
    });
    println!(
        "correct_ceil 5401x252: {:.2} ms CPU per call (process CPU time, all threads)",
        c * 1e3
    );
    let day = full_day_mpl(1440, 2000);
    let m = cpu_per_call(&day, 10, |d| correct_mpl(d, &MplOptions::default()).unwrap());
    println!("correct_mpl 1440x2000: {:.0} ms CPU per call", m * 1e3);
}

fn main() {
    memory_report();
    cpu_report();
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let day = full_day_mpl(1440, 2000);
    c.bench_function("correct_mpl full day 1440x2000", |b| {
        b.iter_batched(
            || day.clone(),
            |mut ds| correct_mpl(&mut ds, &MplOptions::default()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    drop(day);
    let ceil = read_oracle("sgpceilC1.b1.20190101.000000.nc");
    let mut c = Criterion::default().configure_from_args().sample_size(50);
    c.bench_function("correct_ceil 5401x252", |b| {
        b.iter_batched(
            || ceil.clone(),
            |mut ds| correct_ceil(&mut ds, "backscatter", &CeilOptions::default()).unwrap(),
            BatchSize::LargeInput,
        )
    });
    c.final_summary();
}
