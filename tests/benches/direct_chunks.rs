//! Benchmark of the direct chunk reader (issue 16): the 30-day, 1-second, 10-variable netCDF-4
//! file that `tests/benches/direct_chunks.py` makes (netCDF4-python, default chunking), read
//! raw by atmokit with the direct reader (`read_raw`) and through libnetcdf
//! (`read_raw_libnetcdf`). Prints the median of 5 reads of each, and the peak resident memory
//! of one direct read in a fresh process against the size of the decoded data. The target:
//! ≤ 0.4 × netCDF4-python's raw read time (printed by the Python script), peak ≤ 1.2 × data.
//!
//! `python tests/benches/direct_chunks.py FILE` then
//! `ATMOKIT_DIRECT_FILE=FILE cargo bench -p atmokit-tests --bench direct_chunks` (release: debug
//! timings mean nothing).

use atmokit_netcdf::{direct_chunk_variables, read_raw, read_raw_libnetcdf};
use std::path::PathBuf;
use std::time::Instant;

fn median(mut f: impl FnMut()) -> f64 {
    let mut ts: Vec<f64> = (0..5)
        .map(|_| {
            let t0 = Instant::now();
            f();
            t0.elapsed().as_secs_f64()
        })
        .collect();
    ts.sort_by(f64::total_cmp);
    ts[2]
}

/// Peak resident set size of this process (VmHWM), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn main() {
    let Some(path) = std::env::var_os("ATMOKIT_DIRECT_FILE").map(PathBuf::from) else {
        println!("skipped: set ATMOKIT_DIRECT_FILE to the file tests/benches/direct_chunks.py makes");
        return;
    };
    if std::env::var_os("ATMOKIT_DIRECT_CHILD").is_some() {
        let before = peak_rss();
        let ds = read_raw(&path, &|_| true).expect("read");
        let bytes: u64 = ds.variables().map(|(_, v)| v.data().nbytes() as u64).sum();
        println!("{} {} {}", before, peak_rss(), bytes);
        return;
    }
    let direct = direct_chunk_variables(&path).expect("chunk maps");
    println!(
        "{}: {} variables read directly: {direct:?}",
        path.display(),
        direct.len()
    );
    let t_direct = median(|| {
        read_raw(&path, &|_| true).expect("read");
    });
    let t_lib = median(|| {
        read_raw_libnetcdf(&path, &|_| true).expect("read");
    });
    println!(
        "direct reader: {t_direct:.3} s; libnetcdf: {t_lib:.3} s ({:.2}x)",
        t_lib / t_direct
    );
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env("ATMOKIT_DIRECT_CHILD", "1")
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    let nums: Vec<u64> = text.split_whitespace().filter_map(|s| s.parse().ok()).collect();
    if let [before, peak, bytes] = nums[..] {
        println!(
            "peak memory of one direct read: {:.1} MB above the {:.1} MB at start, data {:.1} MB ({:.2}x)",
            (peak - before) as f64 / 1e6,
            before as f64 / 1e6,
            bytes as f64 / 1e6,
            (peak - before) as f64 / bytes as f64
        );
    }
}
