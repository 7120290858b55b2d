//! Read a generated 1,000,000-row × 10-column CSV (a `date_time` column and 9 numeric columns)
//! into a Dataset. Compare with pandas: `python3 benches/pandas_read_csv.py <file>` on the same
//! file (the bench prints its path; set `ATMOKIT_BENCH_CSV` to keep it somewhere).

use atmokit_text::csv::{CsvOptions, read_csv};
use criterion::{Criterion, criterion_group, criterion_main};
use std::io::Write;
use std::path::PathBuf;

const ROWS: usize = 1_000_000;

/// Write the benchmark file: date_time, then 9 columns of deterministic values (ints, floats).
fn generate(path: &PathBuf) {
    let f = std::fs::File::create(path).expect("create bench CSV");
    let mut w = std::io::BufWriter::new(f);
    writeln!(w, "date_time,temp,rh,pres,wspd,wdir,qc_temp,qc_rh,precip,vis").unwrap();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..ROWS {
        // xorshift64: reproducible pseudo-random digits
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let (h, m, s) = ((i / 3600) % 24, (i / 60) % 60, i % 60);
        let day = 1 + (i / 86_400) % 28;
        let r = (x % 100_000) as f64 / 1000.0;
        writeln!(
            w,
            "2021-04-{day:02} {h:02}:{m:02}:{s:02},{:.3},{:.2},{:.2},{:.3},{:.1},{},{},{:.2},{}",
            r - 20.0,
            r,
            900.0 + r,
            r / 10.0,
            (x % 3600) as f64 / 10.0,
            x % 3,
            (x >> 3) % 2,
            r / 50.0,
            20_000 - (x % 1000) as i64
        )
        .unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let path = std::env::var("ATMOKIT_BENCH_CSV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("atmokit_bench_1m.csv"));
    if !path.exists() {
        generate(&path);
    }
    eprintln!("bench file: {}", path.display());
    let ds = read_csv(&[&path], &CsvOptions::default()).expect("read bench CSV");
    assert_eq!(ds.dim_len("time"), Some(ROWS));
    // Min and median of single reads (criterion's mean also counts the page-fault storms of
    // back-to-back 150 MB allocations).
    let mut ms: Vec<f64> = (0..15)
        .map(|_| {
            let t = std::time::Instant::now();
            let ds = read_csv(&[&path], &CsvOptions::default()).expect("read");
            let e = t.elapsed().as_secs_f64() * 1e3;
            drop(ds);
            e
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "read_csv 1M x 10: min {:.1} ms, median {:.1} ms",
        ms[0],
        ms[ms.len() / 2]
    );
    let mut g = c.benchmark_group("csv");
    g.sample_size(10);
    g.bench_function("read_csv 1M x 10", |b| {
        b.iter(|| read_csv(&[&path], &CsvOptions::default()).expect("read"));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
