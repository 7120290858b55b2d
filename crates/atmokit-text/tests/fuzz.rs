//! Property-based fuzzing of every reader: mutated versions of real sample files (lines
//! replaced, dropped, duplicated, truncated, random bytes inserted) and random text must give
//! `Ok` or an error, never a panic.
//!
//! Case count per reader: `ATMOKIT_FUZZ_CASES` (default 64 to keep CI fast; the release note
//! records a run with 100000).

mod common;
use common::data;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

fn cases() -> u32 {
    std::env::var("ATMOKIT_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64)
}

#[derive(Clone, Debug)]
enum Op {
    Replace(usize, String),
    Delete(usize),
    Duplicate(usize),
    Truncate(usize),
    InsertBytes(usize, Vec<u8>),
    SwapTokens(usize, String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<usize>(), "[ -~]{0,60}").prop_map(|(i, s)| Op::Replace(i, s)),
        any::<usize>().prop_map(Op::Delete),
        any::<usize>().prop_map(Op::Duplicate),
        any::<usize>().prop_map(Op::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 0..8)).prop_map(|(i, b)| Op::InsertBytes(i, b)),
        (
            any::<usize>(),
            "(-?[0-9]{1,12}(\\.[0-9]{0,4})?|nan|inf|999999|-9999\\.9|\\$|#|STN|[a-z]{1,4})"
        )
            .prop_map(|(i, s)| Op::SwapTokens(i, s)),
    ]
}

fn mutate(src: &[u8], ops: &[Op]) -> Vec<u8> {
    let text = String::from_utf8_lossy(src);
    let mut lines: Vec<Vec<u8>> = text.lines().map(|l| l.as_bytes().to_vec()).collect();
    for o in ops {
        let n = lines.len().max(1);
        match o {
            Op::Replace(i, s) if !lines.is_empty() => lines[i % n] = s.as_bytes().to_vec(),
            Op::Delete(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            Op::Duplicate(i) if !lines.is_empty() => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Op::Truncate(i) => lines.truncate(i % (n + 1)),
            Op::InsertBytes(i, b) if !lines.is_empty() => {
                let l = &mut lines[i % n];
                let at = i % (l.len() + 1);
                l.splice(at..at, b.iter().copied());
            }
            Op::SwapTokens(i, s) if !lines.is_empty() => {
                let l = String::from_utf8_lossy(&lines[i % n]).into_owned();
                let mut toks: Vec<&str> = l.split_whitespace().collect();
                if !toks.is_empty() {
                    let k = (i / n) % toks.len();
                    toks[k] = s;
                }
                lines[i % n] = toks.join(" ").into_bytes();
            }
            _ => {}
        }
    }
    lines.join(&b'\n')
}

/// Run `read` on `cases()` mutated copies of the first `max_lines` lines of `sample`, plus
/// purely random text; return the number of inputs tried.
fn fuzz(sample: &str, file_name: &str, max_lines: usize, read: impl Fn(&Path)) -> u32 {
    let fixture = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sample);
    let src = std::fs::read(if fixture.exists() { fixture } else { data(sample) }).unwrap();
    let head: Vec<&[u8]> = src.split(|&b| b == b'\n').take(max_lines).collect();
    let head = head.join(&b'\n');
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = prop_oneof![
        9 => prop::collection::vec(op(), 0..6).prop_map(Some),
        1 => Just(None),
    ]
    .prop_flat_map(|ops| (Just(ops), prop::collection::vec(any::<u8>(), 0..200)));
    let count = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |(ops, random)| {
            let bytes = match ops {
                Some(ops) => mutate(&head, &ops),
                None => random,
            };
            std::fs::write(&path, &bytes).unwrap();
            read(&path);
            count.set(count.get() + 1);
            Ok(())
        })
        .unwrap();
    eprintln!("fuzz {sample}: {} inputs, no panic", count.get());
    count.get()
}

#[test]
fn fuzz_csv() {
    use atmokit_text::csv::{CsvOptions, Separator, read_csv};
    fuzz("sgpmetE13.b1.20210401.000000.csv", "x.csv", 10, |p| {
        let _ = read_csv(&[p], &CsvOptions::default());
    });
    fuzz("anltwr_mar19met.data", "x.data", 12, |p| {
        let opts = CsvOptions {
            separator: Separator::Whitespace,
            ..Default::default()
        };
        let _ = read_csv(&[p], &opts);
    });
}

#[test]
fn fuzz_gml() {
    use atmokit_text::gml::{GmlType, read_gml};
    let samples = [
        ("met_brw_insitu_1_obop_hour_2020.txt", GmlType::Met, 30),
        ("brw21001.dat", GmlType::Radiation, 12),
        ("brw_12_2020_hour.dat", GmlType::Ozone, 30),
        ("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt", GmlType::Co2, 160),
        ("brw_CCl4_Day.dat", GmlType::Halo, 70),
        ("US1200R_nephelometer_test.nas", GmlType::Aerosol, 40),
    ];
    for (f, kind, n) in samples {
        fuzz(f, f, n, |p| {
            let _ = read_gml(p, Some(kind), true);
        });
    }
}

#[test]
fn fuzz_psl() {
    use atmokit_text::psl::wind_profiler::{read_psl_wind_profiler, read_psl_wind_profiler_temperature};
    fuzz("ctd21125.15w", "x.15w", 130, |p| {
        let _ = read_psl_wind_profiler(p);
    });
    fuzz("ctd22187.00t.txt", "x.00t", 40, |p| {
        let _ = read_psl_wind_profiler_temperature(p);
    });
}

#[test]
fn fuzz_psl_parsivel() {
    use atmokit_text::psl::parsivel::read_psl_parsivel;
    fuzz("kps2221322_stats.txt", "kps2221322_stats.txt", 10, |p| {
        let _ = read_psl_parsivel(&[p]);
    });
}

#[test]
fn fuzz_psl_fmcw_moment() {
    use atmokit_text::psl::radar_moment::read_psl_radar_fmcw_moment;
    fuzz("kps_fmcw_moment_22227.06.raw", "x.raw", 20, |p| {
        let _ = read_psl_radar_fmcw_moment(&[p]);
    });
}

#[test]
fn fuzz_psl_sband_moment() {
    use atmokit_text::psl::radar_moment::read_psl_radar_sband_moment;
    fuzz("ctd_sband_moment_21359.06.raw", "x.raw", 20, |p| {
        let _ = read_psl_radar_sband_moment(&[p]);
    });
}

#[test]
fn fuzz_sodar() {
    fuzz("sodar.20230404.mnd", "x.mnd", 180, |p| {
        let _ = atmokit_text::sodar::read_mfas_sodar(p);
    });
}

#[test]
fn fuzz_hysplit() {
    fuzz("houstonaug300.0summer2010080100", "tdump", 40, |p| {
        let _ = atmokit_text::hysplit::read_hysplit(p, 2000);
    });
}

#[test]
fn fuzz_open() {
    for f in [
        "brw21001.dat",
        "sodar.20230404.mnd",
        "houstonaug300.0summer2010080100",
        "ctd21125.15w",
        "kps2221322_stats.txt",
        "kps_fmcw_moment_22227.06.raw",
    ] {
        fuzz(f, f, 60, |p| {
            let _ = atmokit_text::open(p);
        });
    }
}

#[test]
fn fuzz_icartt() {
    for f in ["icartt_1001.ict", "icartt_2110.ict"] {
        fuzz(f, f, 60, |p| {
            let _ = atmokit_text::icartt::read_icartt(p);
        });
    }
}

#[test]
fn fuzz_ameriflux_neon_surfrad_dod() {
    fuzz("AMF_US-Xxx_BASE_HH_1-5.csv", "AMF_x.csv", 20, |p| {
        let _ = atmokit_text::ameriflux::read_ameriflux(p);
    });
    let neon = "NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.20221201T163924Z.csv";
    fuzz(neon, neon, 20, |p| {
        let _ = atmokit_text::neon::read_neon_csv(&[p], &[], &[]);
    });
    fuzz("bon24001.dat", "bon24001.dat", 20, |p| {
        let _ = atmokit_text::surfrad::read_surfrad(&[p]);
    });
    fuzz("vdis_dod.json", "dod.json", 40, |p| {
        let _ = atmokit_text::dod::read_arm_dod(p, &atmokit_text::dod::DodOptions::with_dims(&[("time", 3)]));
    });
    fuzz("ayp22199.21m", "ayp22199.21m", 5, |p| {
        let _ = atmokit_text::psl::surface_met::read_psl_surface_met(&[p]);
    });
}

/// Regression: a non-ASCII first character in the time part made the core time parser panic.
#[test]
fn non_ascii_date_time_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.csv");
    std::fs::write(&p, "date_time,a\n2021-04-01 \u{482}&ek,1\n").unwrap();
    let e = atmokit_text::csv::read_csv(&[&p], &Default::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("x.csv:2:"), "{e}");
}
