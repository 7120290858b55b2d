//! Benchmark: a year of daily met files → the whole site, then an incremental run after one new
//! day arrives (targets: ≤ 30 s and ≤ 2 s on the project's 2-core machine, release build).
//!
//! The year is made from the real SGP met day of the ACT oracle
//! (`sgpmetE13.b1.20190101.000000.cdf`, 1-minute data, raw ARM QC, 21 plottable variables),
//! shifted by whole days to 2019-01-01 … 2019-12-31 and written as netCDF classic files
//! (`$ATMOKIT_ORACLE`, default `../shared/oracle` beside the clone; without it, the sample met
//! day of `atmokit-samples`). The extra day is 2020-01-01.
//!
//! `cargo bench -p atmokit-site --bench site_year` (set `ATMOKIT_BENCH_DIR` to keep the files and
//! the site; `ATMOKIT_BENCH_DAYS` to change the count).

#[path = "../tests/support/linkcheck.rs"]
mod linkcheck;

use atmokit_core::{Data, Dataset};
use atmokit_netcdf::{Format, ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use atmokit_site::{SiteOptions, build_site};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

const NS_PER_DAY: i64 = 86_400_000_000_000;

fn source() -> (Dataset, String) {
    let oracle = std::env::var_os("ATMOKIT_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"));
    let real = oracle.join("data/sgpmetE13.b1.20190101.000000.cdf");
    if real.is_file() {
        let ds = read_arm_netcdf(&[real], &ReadOptions::default()).expect("reading the oracle met day");
        (ds, "sgpmetE13.b1".into())
    } else {
        eprintln!("oracle met day not found; using the sample met day");
        (
            atmokit_samples::met_day::met_day(0).expect("sample met day"),
            "atkmetS1.b1".into(),
        )
    }
}

fn shifted(ds: &Dataset, days: i64) -> Dataset {
    let mut out = ds.clone();
    for (_, v) in out.variables_mut() {
        if let Data::Time(a) = v.data_mut() {
            a.mapv_inplace(|t| {
                if t == atmokit_core::NAT {
                    t
                } else {
                    t + days * NS_PER_DAY
                }
            });
        }
    }
    out
}

fn date_of(ds: &Dataset) -> String {
    let t0 = ds.time().expect("time")[0];
    atmokit_core::time::format_ns(t0).replace('-', "")[..8].to_string()
}

fn write_day(base: &Dataset, stream: &str, day: i64, dir: &Path) -> PathBuf {
    let ds = shifted(base, day);
    let path = dir.join(format!("{stream}.{}.000000.cdf", date_of(&ds)));
    let opts = WriteOptions {
        format: Format::Classic,
        ..Default::default()
    };
    write_netcdf(&ds, &path, &opts).expect("writing a benchmark day");
    path
}

fn main() {
    let days: i64 = std::env::var("ATMOKIT_BENCH_DAYS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(365);
    let keep = std::env::var_os("ATMOKIT_BENCH_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = keep.unwrap_or_else(|| tmp.path().to_path_buf());
    let (inputs, out) = (root.join("inputs"), root.join("site"));
    // A kept folder holds the extra day of the last run: start from the year alone.
    let _ = std::fs::remove_dir_all(&inputs);
    std::fs::create_dir_all(&inputs).expect("inputs folder");
    let (base, stream) = source();
    let t = Instant::now();
    (0..days).into_par_iter().for_each(|d| {
        write_day(&base, &stream, d, &inputs);
    });
    eprintln!("wrote {days} daily files in {:.1} s", t.elapsed().as_secs_f64());
    let _ = std::fs::remove_dir_all(&out);
    let opts = SiteOptions::default();

    let (t, c) = (Instant::now(), cpu_s());
    let full = build_site(std::slice::from_ref(&inputs), &out, &opts).expect("full build");
    let (full_s, full_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);
    let images: usize = walk_count(&out, "png");
    println!(
        "site_year full: {days} files, {} days built, {images} PNGs, {:.2} s wall, {:.2} s CPU on {} threads, load average {} (target 30 s)",
        full.rebuilt.len(),
        full_s,
        full_cpu,
        rayon::current_num_threads(),
        load()
    );

    write_day(&base, &stream, days, &inputs);
    let (t, c) = (Instant::now(), cpu_s());
    let inc = build_site(std::slice::from_ref(&inputs), &out, &opts).expect("incremental build");
    let (inc_s, inc_cpu) = (t.elapsed().as_secs_f64(), cpu_s() - c);
    println!(
        "site_year incremental: {} rebuilt, {} unchanged, {:.2} s wall, {:.2} s CPU (target 2 s)",
        inc.rebuilt.len(),
        inc.reused,
        inc_s,
        inc_cpu
    );
    let biggest = walk_max(&out, "html");
    println!("largest HTML page: {} bytes ({})", biggest.1, biggest.0.display());
    // The link checker over the whole year: every local href/src exists, no page over 300 KB,
    // every day page within 3 clicks of the top page.
    let found = linkcheck::check(&out);
    let clicks = linkcheck::clicks(&out);
    let root = out.canonicalize().expect("site folder");
    let days_deep: Vec<usize> = full
        .rebuilt
        .iter()
        .chain(inc.rebuilt.iter())
        .map(|k| {
            clicks
                .get(&root.join(k).join("index.html"))
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();
    let deepest = days_deep.iter().max().copied().unwrap_or(0);
    println!(
        "link check: {} pages, {} local links, {} broken, {} over 300 KB; {} day pages, deepest {} clicks from the top",
        found.pages,
        found.links,
        found.broken.len(),
        found.big.len(),
        days_deep.len(),
        deepest
    );
    assert!(
        found.broken.is_empty() && found.big.is_empty() && deepest <= 3,
        "{:?}",
        &found.broken[..found.broken.len().min(5)]
    );
}

/// CPU seconds (user + system) of this process so far, from `/proc/self/stat` (Linux; 0 elsewhere).
/// On a shared machine the wall time depends on the load; the CPU time does not.
fn cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, f);
        } else {
            f(&p);
        }
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn walk_count(dir: &Path, ext: &str) -> usize {
    let mut n = 0;
    walk(dir, &mut |p| n += usize::from(p.extension().is_some_and(|x| x == ext)));
    n
}

fn walk_max(dir: &Path, ext: &str) -> (PathBuf, u64) {
    let mut best = (PathBuf::new(), 0);
    walk(dir, &mut |p| {
        if p.extension().is_some_and(|x| x == ext) {
            let n = std::fs::metadata(p).map_or(0, |m| m.len());
            if n > best.1 {
                best = (p.to_path_buf(), n);
            }
        }
    });
    best
}
