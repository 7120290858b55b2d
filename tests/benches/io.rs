//! Benchmarks: reading netCDF.
//!
//! - criterion: one ARM met day (ACT 182 ms) and seven days combined (ACT 864 ms), from the
//!   oracle's `sgpmetE13.b1.2019010[1-7]` files; the same files read raw by the classic reader
//!   and by the libnetcdf path it replaced;
//! - with `--bench` only: a synthetic 30-day, 1-second, 10-variable float32 netCDF-4 file
//!   (2,592,000 times, ~147 MB, as ACT's `bench_act.py` makes it) read fully decoded; time is the
//!   median of 5 reads, peak memory is measured in a fresh child process (VmHWM) and compared
//!   with the size of the decoded data. ACT: 97 s (31 s without cftime); plain xarray 0.72 s.

use atmokit_core::{Dataset, Variable};
use atmokit_netcdf::{ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use criterion::Criterion;
use std::path::{Path, PathBuf};
use std::time::Instant;

const N: usize = 30 * 86_400;
const NVARS: usize = 10;

fn met_files(n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|d| atmokit_tests::data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf")))
        .collect()
}

fn synthetic_path() -> PathBuf {
    std::env::temp_dir().join("atmokit_bench_synmet_30d_1s.nc")
}

/// The 30-day file: `time` and `time_offset` (f64 s), ten f32 variables with a diurnal cycle,
/// noise and -9999 missing values.
fn make_synthetic(path: &Path) {
    let mut ds = Dataset::new();
    let secs: Vec<f64> = (0..N).map(|i| i as f64).collect();
    let units = "seconds since 2019-01-01 00:00:00 0:00";
    ds.insert(
        "time",
        Variable::new(["time"], secs.clone()).unwrap().with_attr("units", units),
    )
    .unwrap();
    ds.insert(
        "time_offset",
        Variable::new(["time"], secs).unwrap().with_attr("units", units),
    )
    .unwrap();
    let mut state = 0x2545F4914F6CDD1Du64;
    for k in 0..NVARS {
        let vals: Vec<f32> = (0..N)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if state.is_multiple_of(1000) {
                    -9999.0
                } else {
                    let day = (i % 86_400) as f32 / 86_400.0;
                    10.0 * k as f32 + 5.0 * (std::f32::consts::TAU * day).sin() + (state % 1000) as f32 / 1000.0
                }
            })
            .collect();
        let v = Variable::new(["time"], vals)
            .unwrap()
            .with_attr("units", "1")
            .with_attr("missing_value", -9999.0f32);
        ds.insert(&format!("var_{k}"), v).unwrap();
    }
    ds.set_unlimited("time", true);
    write_netcdf(&ds, path, &WriteOptions::default()).unwrap();
}

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn decoded_bytes(ds: &Dataset) -> usize {
    ds.variables().map(|(_, v)| v.data().nbytes()).sum()
}

/// Child mode: read once, print peak memory and decoded size.
fn child(path: &Path) {
    let before = vm_hwm_kb();
    if std::env::var("ATMOKIT_BENCH_STAGE").as_deref() == Ok("raw") {
        let ds = atmokit_netcdf::read_raw(path, &|_| true).unwrap();
        println!("{before} {} {}", vm_hwm_kb(), decoded_bytes(&ds));
        return;
    }
    let ds = read_arm_netcdf(&[path], &ReadOptions::default()).unwrap();
    let after = vm_hwm_kb();
    println!("{before} {after} {}", decoded_bytes(&ds));
}

fn big_file_report() {
    let path = synthetic_path();
    if !path.exists() {
        let t = Instant::now();
        make_synthetic(&path);
        eprintln!("generated {} in {:.2} s", path.display(), t.elapsed().as_secs_f64());
    }
    let size = std::fs::metadata(&path).unwrap().len();
    let mut times: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let ds = read_arm_netcdf(&[&path], &ReadOptions::default()).unwrap();
            let dt = t.elapsed().as_secs_f64();
            assert_eq!(ds.dim_len("time"), Some(N));
            dt
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("ATMOKIT_BENCH_CHILD", &path)
        .output()
        .unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    let nums: Vec<f64> = line.split_whitespace().filter_map(|s| s.parse().ok()).collect();
    let (before, after, decoded) = (nums[0] * 1024.0, nums[1] * 1024.0, nums[2]);
    println!(
        "read 30 d x 1 s x {NVARS} f32 ({:.1} MB netCDF-4, {N} times): median {:.3} s (min {:.3}, max {:.3}); \
         peak memory {:.1} MB over a {:.1} MB baseline for {:.1} MB of decoded data = {:.2}x",
        size as f64 / 1e6,
        times[2],
        times[0],
        times[4],
        (after - before) / 1e6,
        before / 1e6,
        decoded / 1e6,
        (after - before) / decoded
    );
}

fn met(c: &mut Criterion) {
    let one = met_files(1);
    let seven = met_files(7);
    c.bench_function("read 1 ARM met day (1440 x 50 vars)", |b| {
        b.iter(|| read_arm_netcdf(&one, &ReadOptions::default()).unwrap())
    });
    c.bench_function("read 7 ARM met days combined (10080 times)", |b| {
        b.iter(|| read_arm_netcdf(&seven, &ReadOptions::default()).unwrap())
    });
    // The classic reader against the libnetcdf path it replaced, raw (undecoded) reads.
    for (label, files) in [("1 met day", &one), ("7 met days", &seven)] {
        c.bench_function(&format!("raw read {label}: classic reader"), |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| atmokit_netcdf::read_raw(f, &|_| true).unwrap().len())
                    .sum::<usize>()
            })
        });
        c.bench_function(&format!("raw read {label}: libnetcdf"), |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| atmokit_netcdf::read_raw_libnetcdf(f, &|_| true).unwrap().len())
                    .sum::<usize>()
            })
        });
    }
    let dir = tempfile::tempdir().unwrap();
    let ds = read_arm_netcdf(&one, &ReadOptions::default()).unwrap();
    c.bench_function("write 1 ARM met day (netCDF-4)", |b| {
        b.iter(|| write_netcdf(&ds, dir.path().join("out.nc"), &WriteOptions::default()).unwrap())
    });
}

fn main() {
    if let Ok(p) = std::env::var("ATMOKIT_BENCH_CHILD") {
        child(Path::new(&p));
        return;
    }
    if std::env::args().any(|a| a == "--bench") {
        big_file_report();
    }
    let mut c = Criterion::default().configure_from_args();
    met(&mut c);
    c.final_summary();
}
