//! Benchmark: streaming QC over daily files (`atmokit qc FILES --out-dir DIR`, library
//! `atmokit_qc::pipeline::qc_parts`: reads, tests and writes on their own threads) against QC of
//! the same days read as one dataset.
//!
//! Daily netCDF-4 files of 1-second data (86,400 times × 10 float32 variables with a diurnal
//! cycle, noise and -9999s, written by atmokit) are made once in the system temp folder, one per
//! day of 2019; day counts past 365 reuse the year's files under new names (symbolic links), so
//! 3650 days read 3650 files. Each run reads them, runs 4 tests per variable (missing value,
//! outside, delta, persistence) and writes one netCDF-4 file per day (synced to disk, as every
//! atmokit output; the disk part on a `BackgroundWriter` thread, as `atmokit qc --out-dir` does); the in-memory run (up to 365 days) reads all days, tests once and writes one
//! file. Each run is a fresh child process, which reports its time, CPU time and peak memory
//! (VmHWM); throughput is decoded bytes (values and QC flags) per second of wall time.
//!
//! `cargo bench -p atmokit-tests --features qc --bench stream`; `ATMOKIT_BENCH_DAYS` is a list of
//! day counts (default `1,7,30`, e.g. `1,7,30,365,3650`). With `ATMOKIT_BENCH_DISCARD=1` each
//! daily output is deleted once written and synced, so 3650 days fit on a small disk.

use atmokit_core::{Dataset, Variable};
use atmokit_netcdf::{BackgroundWriter, ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use atmokit_qc::pipeline::{PipelineOptions, qc_parts};
use atmokit_qc::spec::{TestSpec, apply_all};
use std::path::PathBuf;
use std::time::Instant;

const NVARS: usize = 10;
const PER_DAY: usize = 86_400;

/// The day counts to measure.
fn day_counts() -> Vec<usize> {
    std::env::var("ATMOKIT_BENCH_DAYS")
        .unwrap_or_else(|_| "1,7,30".into())
        .split(',')
        .map(|s| s.trim().parse().expect("ATMOKIT_BENCH_DAYS: a list of day counts"))
        .collect()
}

fn folder() -> PathBuf {
    std::env::temp_dir().join("atmokit_bench_stream_1s")
}

/// Day `d` (0-based): `time` in seconds since its midnight and ten float32 variables.
fn make_day(d: usize, path: &std::path::Path) {
    let mut ds = Dataset::new();
    let units = format!("seconds since {} 00:00:00 0:00", date_2019(d));
    let secs: Vec<f64> = (0..PER_DAY).map(|i| i as f64).collect();
    ds.insert(
        "time",
        Variable::new(["time"], secs)
            .unwrap()
            .with_attr("units", units.as_str()),
    )
    .unwrap();
    let mut state = 0x2545F4914F6CDD1Du64 ^ (d as u64 + 1);
    for k in 0..NVARS {
        let vals: Vec<f32> = (0..PER_DAY)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if state.is_multiple_of(1000) {
                    -9999.0
                } else if (i / 600) % 50 == 7 {
                    3.0 // a stuck sensor: fails the persistence test
                } else {
                    let x = i as f32 / PER_DAY as f32;
                    10.0 * k as f32 + 5.0 * (std::f32::consts::TAU * x).sin() + (state % 1000) as f32 / 1000.0
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

/// `2019-MM-DD` of day-of-year `doy` (0-based) in 2019.
fn date_2019(doy: usize) -> String {
    const MONTHS: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = doy;
    for (m, &n) in MONTHS.iter().enumerate() {
        if d < n {
            return format!("2019-{:02}-{:02}", m + 1, d + 1);
        }
        d -= n;
    }
    panic!("day {doy} is not in 2019 (ATMOKIT_BENCH_DAYS is at most 365)")
}

/// The first `days` daily files, made when missing (past 365: links to the year's files).
fn files(days: usize) -> Vec<PathBuf> {
    let dir = folder();
    std::fs::create_dir_all(&dir).unwrap();
    (0..days)
        .map(|d| {
            let p = dir.join(format!("synmetX1.b1.day{d:04}.nc"));
            if !p.exists() {
                if d < 365 {
                    make_day(d, &p);
                } else {
                    std::os::unix::fs::symlink(dir.join(format!("synmetX1.b1.day{:04}.nc", d % 365)), &p).unwrap();
                }
            }
            p
        })
        .collect()
}

fn specs() -> Vec<TestSpec> {
    (0..NVARS)
        .flat_map(|k| {
            let lo = 10.0 * k as f64 - 4.0;
            [
                format!("var_{k}:missing_value"),
                format!("var_{k}:outside:{lo},{}", lo + 8.0),
                format!("var_{k}:delta:0.9"),
                format!("var_{k}:persistence:10,0.0001"),
            ]
        })
        .map(|s| TestSpec::parse(&s).unwrap())
        .collect()
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

/// CPU seconds (user + system) of this process so far.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name in parentheses; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    // After ')': state (not a number) is skipped by the parse, so utime is index 10.
    (f.get(10).unwrap_or(&0.0) + f.get(11).unwrap_or(&0.0)) / 100.0
}

fn decoded(ds: &Dataset) -> usize {
    ds.variables().map(|(_, v)| v.data().nbytes()).sum()
}

/// Child: run one mode over `days` files, print seconds, CPU seconds, peak memory (kB) and
/// decoded bytes.
fn child(mode: &str, days: usize) {
    let files = files(days);
    let out = tempfile::tempdir_in(folder()).unwrap();
    let discard = std::env::var("ATMOKIT_BENCH_DISCARD").is_ok_and(|v| v == "1");
    let t = Instant::now();
    let c0 = cpu_secs();
    let mut bytes = 0;
    if mode == "stream" {
        type BoxError = Box<dyn std::error::Error + Send + Sync>;
        let parts: Vec<(usize, &PathBuf)> = files.iter().enumerate().collect();
        let mut disk = BackgroundWriter::new(2);
        qc_parts(
            &parts,
            specs(),
            false,
            &PipelineOptions::default(),
            |(_, f)| read_arm_netcdf(&[f], &ReadOptions::default()).map_err(BoxError::from),
            |(i, _), ds| {
                let ds = ds?;
                bytes += decoded(&ds);
                let target = out.path().join(format!("{i}.nc"));
                let written = target.clone();
                disk.write_netcdf_then(&ds, &target, &WriteOptions::default(), move || {
                    if discard {
                        std::fs::remove_file(&written).expect("a committed output");
                    }
                })?;
                Ok::<(), BoxError>(())
            },
        )
        .unwrap();
        disk.finish().unwrap();
    } else {
        let mut ds = read_arm_netcdf(&files, &ReadOptions::default()).unwrap();
        apply_all(&mut ds, &specs()).unwrap();
        bytes += decoded(&ds);
        write_netcdf(&ds, out.path().join("all.nc"), &WriteOptions::default()).unwrap();
    }
    println!(
        "{} {} {} {bytes}",
        t.elapsed().as_secs_f64(),
        cpu_secs() - c0,
        vm_hwm_kb()
    );
}

fn main() {
    if let Ok(mode) = std::env::var("ATMOKIT_BENCH_STREAM_CHILD") {
        let days = std::env::var("ATMOKIT_BENCH_STREAM_CHILD_DAYS")
            .unwrap()
            .parse()
            .unwrap();
        child(&mode, days);
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let counts = day_counts();
    let t = Instant::now();
    let made = files(counts.iter().copied().max().unwrap_or(1).min(365)).len();
    eprintln!("{made} daily files ready in {:.1} s", t.elapsed().as_secs_f64());
    println!(
        "| mode | days | wall (median of 3; 1 run past 30 days) | CPU | throughput | peak memory | decoded data (with QC) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for &n in &counts {
        for mode in ["stream", "in-memory"] {
            if mode == "in-memory" && n > 365 {
                continue;
            }
            let reps = if n > 30 { 1 } else { 3 };
            let mut runs: Vec<[f64; 4]> = (0..reps)
                .map(|_| {
                    let out = std::process::Command::new(std::env::current_exe().unwrap())
                        .env("ATMOKIT_BENCH_STREAM_CHILD", mode)
                        .env("ATMOKIT_BENCH_STREAM_CHILD_DAYS", n.to_string())
                        .output()
                        .unwrap();
                    let line = String::from_utf8_lossy(&out.stdout);
                    let v: Vec<f64> = line.split_whitespace().filter_map(|s| s.parse().ok()).collect();
                    assert_eq!(v.len(), 4, "child failed: {}", String::from_utf8_lossy(&out.stderr));
                    [v[0], v[1], v[2], v[3]]
                })
                .collect();
            runs.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let [secs, cpu, kb, bytes] = runs[runs.len() / 2];
            println!(
                "| {mode} | {n} | {secs:.2} s | {cpu:.2} s | {:.0} MB/s | {:.0} MB | {:.0} MB |",
                bytes / secs / 1e6,
                kb * 1024.0 / 1e6,
                bytes / 1e6
            );
        }
    }
}
