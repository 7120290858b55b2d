//! PSL readers on realistic sizes: one hour of FMCW moment dwells (360 dwells × 500 gates,
//! 180,000 data rows) and a day of Parsivel files (24 hourly files × 60 one-minute records).
//! The files are generated into a temporary folder; `python3 benches/psl_act.py <folder>` times
//! ACT 2.3.4 on the same files (the bench prints the folder; set `ATMOKIT_BENCH_PSL` to keep
//! them somewhere).

use atmokit_text::psl::parsivel::read_psl_parsivel;
use atmokit_text::psl::radar_moment::read_psl_radar_fmcw_moment;
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const DWELLS: usize = 360;
const GATES: usize = 500;

/// xorshift64: reproducible pseudo-random values.
fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// One hour of FMCW moments, a dwell every 10 s.
fn fmcw(path: &Path) {
    let mut s = String::with_capacity(20 << 20);
    s.push_str("kps 3894 -10697 2860 283500\n");
    let mut x = 0x2545_F491_4F6C_DD1D_u64;
    for d in 0..DWELLS {
        let (m, sec) = (d * 10 / 60, d * 10 % 60);
        writeln!(s, "1 0.0 90.0 22 227 06 {m:02} {sec:02}").unwrap();
        writeln!(s, "200 500 100 20 {GATES} 1 32 256 0").unwrap();
        for _ in 0..GATES {
            let r = next(&mut x);
            let v = (r % 2000) as f64 / 100.0 - 10.0;
            let snr = (r >> 16) % 4000;
            writeln!(
                s,
                "{v:.2} {:.2} {:.2} {:.2} -131.00 0",
                snr as f64 / 100.0 - 10.0,
                snr as f64 / 100.0 - 130.0,
                ((r >> 32) % 300) as f64 / 100.0
            )
            .unwrap();
        }
    }
    std::fs::write(path, s).expect("write FMCW bench file");
}

/// A day of hourly Parsivel stats files, one record a minute.
fn parsivel(dir: &Path) -> Vec<PathBuf> {
    let mut x = 0x9E37_79B9_7F4A_7C15_u64;
    (0..24)
        .map(|h| {
            let path = dir.join(format!("kps22213{h:02}_stats.txt"));
            let mut s = format!("OTT Parsivel2 (SN: 450620) Time (YYJJJHH): 22213{h:02} UTC\n");
            s.push_str("Begin-End");
            for b in 1..=32 {
                write!(s, " B{b}").unwrap();
            }
            s.push_str(
                " Blackout Good Bad NumParticle Rate(mm/h) Amount(mm) AmountSum(mm) Z(dB) NumErr Dirty VeryDirty \
                 Damaged LaserAmp LaserAmpSD SensorT(C) SensorTSD(C) SensorV(V) SensorVSD(V) HeatI(A) HeatISD(A) \
                 NumRain NumNonRain NumAmbig PrecipType\n----------------------------------------\n",
            );
            for m in 0..60 {
                write!(s, "{m:02}:00:000-{:02}:00:000", (m + 1) % 60).unwrap();
                for _ in 0..32 {
                    write!(s, " {}", next(&mut x) % 40).unwrap();
                }
                writeln!(
                    s,
                    " 0 60 0 {} 0.512 0.009 0.009 18.342 0 0 0 0 20110 15.1 21 0 23.9 0.04 0.00 0.00 90 0 0 1",
                    next(&mut x) % 500
                )
                .unwrap();
            }
            std::fs::write(&path, s).expect("write Parsivel bench file");
            path
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = std::env::var("ATMOKIT_BENCH_PSL")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("atmokit_bench_psl"));
    std::fs::create_dir_all(&dir).expect("bench folder");
    let radar = dir.join("kps_fmcw_moment_22227.06.raw");
    fmcw(&radar);
    let days = parsivel(&dir);
    eprintln!("bench files: {}", dir.display());
    let ds = read_psl_radar_fmcw_moment(&[&radar]).expect("read FMCW");
    assert_eq!((ds.dim_len("time"), ds.dim_len("range")), (Some(DWELLS), Some(GATES)));
    let ds = read_psl_parsivel(&days).expect("read Parsivel");
    assert_eq!(ds.dim_len("time"), Some(24 * 60));

    let mut g = c.benchmark_group("psl");
    g.sample_size(10);
    g.bench_function("fmcw moments, 1 h (360 x 500)", |b| {
        b.iter(|| read_psl_radar_fmcw_moment(&[&radar]).expect("read"));
    });
    g.bench_function("parsivel, 1 day (24 files)", |b| {
        b.iter(|| read_psl_parsivel(&days).expect("read"));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
