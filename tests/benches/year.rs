//! Benchmark: a year of daily ARM met files (netCDF classic, 1440 times × 50 variables each).
//!
//! The 365 files are the oracle's seven `sgpmetE13.b1.2019010[1-7]` days repeated, each copy
//! moved to its own date (`base_time` and the `since` date of `time`/`time_offset` shifted by
//! whole weeks) and written as classic netCDF with the record (time) dimension unlimited, the
//! layout ARM's `.cdf` files have. For 1, 7, 30 and 365 files this prints the median of 5 reads
//! (`read_arm_netcdf`, fully decoded), the median of 5 reads followed by the summary statistics
//! of every variable (what `atmokit info` computes), and the peak memory of one read measured in
//! a fresh child process (VmHWM). ACT reads the 365 files in 88 s and one in 182 ms
//! (`act.io.arm.read_arm_netcdf(...).load()`).
//!
//! `cargo bench -p atmokit-tests --bench year` (files are made once, in the system temp folder).

use atmokit_core::summary::Summary;
use atmokit_core::{AttrValue, Data, Dataset};
use atmokit_netcdf::{Format, ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use std::path::PathBuf;
use std::time::Instant;

const DAYS: usize = 365;

fn folder() -> PathBuf {
    std::env::temp_dir().join("atmokit_bench_year_classic")
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
    panic!("day {doy} is not in 2019")
}

/// The path of day `i` (0-based) of the year, made when absent.
fn year_files() -> Vec<PathBuf> {
    let dir = folder();
    std::fs::create_dir_all(&dir).unwrap();
    let days: Vec<Dataset> = (1..=7)
        .map(|d| {
            let p = atmokit_tests::data_file(&format!("sgpmetE13.b1.201901{d:02}.000000.cdf"));
            atmokit_netcdf::read_raw(&p, &|_| true).unwrap()
        })
        .collect();
    let opts = WriteOptions {
        format: Format::Classic,
        ..Default::default()
    };
    (0..DAYS)
        .map(|i| {
            let date = date_2019(i);
            let path = dir.join(format!("sgpmetE13.b1.{}.000000.cdf", date.replace('-', "")));
            if path.exists() {
                return path;
            }
            let mut ds = days[i % 7].clone();
            let old = date_2019(i % 7);
            let shift = ((i - i % 7) * 86_400) as i32;
            for name in ["base_time", "time", "time_offset"] {
                let v = ds.get_mut(name).unwrap();
                let fixed: Vec<(String, AttrValue)> = v
                    .attrs()
                    .iter()
                    .filter_map(|(k, a)| match a {
                        AttrValue::Str(s) if s.contains(&old) => {
                            Some((k.clone(), AttrValue::Str(s.replace(&old, &date))))
                        }
                        _ => None,
                    })
                    .collect();
                for (k, a) in fixed {
                    v.attrs_mut().insert(k, a);
                }
                if name == "base_time" {
                    match v.data_mut() {
                        Data::I32(a) => a.mapv_inplace(|t| t + shift),
                        other => panic!("base_time is {:?}", other.dtype()),
                    }
                }
            }
            write_netcdf(&ds, &path, &opts).unwrap();
            path
        })
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

fn summaries(ds: &Dataset) -> usize {
    ds.variables()
        .map(|(_, v)| match Summary::of(v) {
            Summary::Numeric(s) => s.n_finite,
            Summary::Time(s) => s.size - s.n_nat,
            Summary::Text { size, .. } => size,
        })
        .sum()
}

/// Summary statistics of 10 float32 variables × 2,592,000 values (30 days at 1 s; 1 in 1000
/// missing), all at once (parallel over variables) and one by one.
fn summaries_26m() {
    let mut state = 0x2545F4914F6CDD1Du64;
    let vars: Vec<atmokit_core::Variable> = (0..10)
        .map(|k| {
            let vals: Vec<f32> = (0..2_592_000)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if state.is_multiple_of(1000) {
                        f32::NAN
                    } else {
                        10.0 * k as f32 + (i % 86_400) as f32 / 8640.0 + (state % 1000) as f32 / 1000.0
                    }
                })
                .collect();
            atmokit_core::Variable::new(["time"], vals).unwrap()
        })
        .collect();
    let refs: Vec<&atmokit_core::Variable> = vars.iter().collect();
    let cpu0 = cpu_seconds();
    let all = median(|| {
        let t = Instant::now();
        std::hint::black_box(Summary::of_all(&refs));
        t.elapsed().as_secs_f64()
    });
    let cpu_all = (cpu_seconds() - cpu0) / 5.0;
    let cpu0 = cpu_seconds();
    let one = median(|| {
        let t = Instant::now();
        std::hint::black_box(refs.iter().map(|v| Summary::of(v)).collect::<Vec<_>>());
        t.elapsed().as_secs_f64()
    });
    let cpu_one = (cpu_seconds() - cpu0) / 5.0;
    println!(
        "summaries of 26 M float32 (10 x 2,592,000, 0.1 % NaN): {:.1} ms in parallel over variables \
         ({:.0} ms CPU per run), {:.1} ms one by one ({:.0} ms CPU per run)",
        all * 1e3,
        cpu_all * 1e3,
        one * 1e3,
        cpu_one * 1e3
    );
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat` (10 ms ticks).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after_name.split_whitespace().collect();
    // Field k of the file (1-based, the name being field 2) is f[k - 3]: utime 14, stime 15.
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn median(mut f: impl FnMut() -> f64) -> f64 {
    let mut t: Vec<f64> = (0..5).map(|_| f()).collect();
    t.sort_by(f64::total_cmp);
    t[2]
}

fn main() {
    if let Ok(n) = std::env::var("ATMOKIT_BENCH_YEAR_CHILD") {
        let n: usize = n.parse().unwrap();
        let files = year_files();
        let before = vm_hwm_kb();
        let ds = read_arm_netcdf(&files[..n], &ReadOptions::default()).unwrap();
        let bytes: usize = ds.variables().map(|(_, v)| v.data().nbytes()).sum();
        println!("{before} {} {bytes}", vm_hwm_kb());
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    summaries_26m();
    let t = Instant::now();
    let files = year_files();
    eprintln!("{} files ready in {:.1} s", files.len(), t.elapsed().as_secs_f64());
    let on_disk: u64 = files.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
    println!("{DAYS} classic met files, {:.1} MB on disk", on_disk as f64 / 1e6);
    println!("| files | times | read (median of 5) | read + summaries | peak memory over baseline | decoded data |");
    println!("|---|---|---|---|---|---|");
    for n in [1, 7, 30, DAYS] {
        let files = &files[..n];
        let mut len = 0;
        let read = median(|| {
            let t = Instant::now();
            let ds = read_arm_netcdf(files, &ReadOptions::default()).unwrap();
            len = ds.dim_len("time").unwrap();
            t.elapsed().as_secs_f64()
        });
        let info = median(|| {
            let t = Instant::now();
            let ds = read_arm_netcdf(files, &ReadOptions::default()).unwrap();
            std::hint::black_box(summaries(&ds));
            t.elapsed().as_secs_f64()
        });
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .env("ATMOKIT_BENCH_YEAR_CHILD", n.to_string())
            .output()
            .unwrap();
        let line = String::from_utf8_lossy(&out.stdout);
        let nums: Vec<f64> = line.split_whitespace().filter_map(|s| s.parse().ok()).collect();
        let (before, after, decoded) = (nums[0] * 1024.0, nums[1] * 1024.0, nums[2]);
        println!(
            "| {n} | {len} | {:.1} ms | {:.1} ms | {:.1} MB | {:.1} MB |",
            read * 1e3,
            info * 1e3,
            (after - before) / 1e6,
            decoded / 1e6
        );
    }
}
