//! Issue 17 ("Silent empty success"): an empty, header-only or truncated text file is an error
//! that names the file, never an empty dataset. Every reader gets every prefix (0 to `n` lines)
//! of a real sample; each read must either fail naming the file or hold at least one value.

mod common;
use atmokit_core::Dataset;
use common::data;
use std::path::Path;

/// True when some variable with at least one axis holds at least one element and no `time`
/// dim is empty: what "a dataset with data" means for these readers.
fn holds_values(ds: &Dataset) -> bool {
    ds.dim_len("time") != Some(0) && ds.variables().any(|(_, v)| !v.shape().is_empty() && !v.is_empty())
}

/// Feed every prefix of the first `max_lines` lines of `sample` (as `file_name`) to `read`.
fn prefixes(sample: &str, file_name: &str, max_lines: usize, read: impl Fn(&Path) -> Result<Dataset, String>) {
    let fixture = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(sample);
    let src = std::fs::read(if fixture.exists() { fixture } else { data(sample) }).unwrap();
    let lines: Vec<&[u8]> = src.split_inclusive(|&b| b == b'\n').collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    let mut failures = Vec::new();
    for k in 0..=max_lines.min(lines.len()) {
        std::fs::write(&path, lines[..k].concat()).unwrap();
        match read(&path) {
            Ok(ds) if !holds_values(&ds) => failures.push(format!("{k} lines: Ok with no values")),
            Err(e) if !e.contains(file_name) => failures.push(format!("{k} lines: error without the file name: {e}")),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{sample}:\n{}", failures.join("\n"));
}

fn s<T>(r: atmokit_text::Result<T>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

#[test]
fn csv() {
    use atmokit_text::csv::{CsvOptions, Separator, read_csv};
    prefixes("sgpmetE13.b1.20210401.000000.csv", "x.csv", 3, |p| {
        s(read_csv(&[p], &CsvOptions::default()))
    });
    let ws = CsvOptions {
        separator: Separator::Whitespace,
        ..Default::default()
    };
    prefixes("anltwr_mar19met.data", "x.data", 4, |p| s(read_csv(&[p], &ws)));
}

#[test]
fn gml() {
    use atmokit_text::gml::{GmlType, read_gml};
    let samples = [
        ("met_brw_insitu_1_obop_hour_2020.txt", GmlType::Met, 3),
        ("brw21001.dat", GmlType::Radiation, 4),
        ("brw_12_2020_hour.dat", GmlType::Ozone, 30),
        ("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt", GmlType::Co2, 160),
        ("brw_CCl4_Day.dat", GmlType::Halo, 70),
        ("US1200R_nephelometer_test.nas", GmlType::Aerosol, 40),
    ];
    for (f, kind, n) in samples {
        prefixes(f, f, n, |p| s(read_gml(p, Some(kind), true)));
        // Sniffed by name, as `open` does.
        prefixes(f, f, 0, |p| s(read_gml(p, None, true)));
    }
}

#[test]
fn psl() {
    use atmokit_text::psl::parsivel::read_psl_parsivel;
    use atmokit_text::psl::radar_moment::{read_psl_radar_fmcw_moment, read_psl_radar_sband_moment};
    use atmokit_text::psl::surface_met::read_psl_surface_met;
    use atmokit_text::psl::wind_profiler::{read_psl_wind_profiler, read_psl_wind_profiler_temperature};
    prefixes("ctd21125.15w", "x.15w", 14, |p| {
        s(read_psl_wind_profiler(p)).and_then(|v| v.into_iter().next().ok_or_else(|| "no mode".into()))
    });
    prefixes("ctd22187.00t.txt", "x.00t", 14, |p| {
        s(read_psl_wind_profiler_temperature(p))
    });
    prefixes("kps2221322_stats.txt", "kps2221322_stats.txt", 5, |p| {
        s(read_psl_parsivel(&[p]))
    });
    prefixes("kps_fmcw_moment_22227.06.raw", "x.raw", 6, |p| {
        s(read_psl_radar_fmcw_moment(&[p]))
    });
    prefixes("ctd_sband_moment_21359.06.raw", "x.raw", 6, |p| {
        s(read_psl_radar_sband_moment(&[p]))
    });
    prefixes("ayp22199.21m", "ayp22199.21m", 2, |p| s(read_psl_surface_met(&[p])));
}

#[test]
fn other_readers() {
    prefixes("sodar.20230404.mnd", "x.mnd", 60, |p| {
        s(atmokit_text::sodar::read_mfas_sodar(p))
    });
    prefixes("houstonaug300.0summer2010080100", "tdump", 12, |p| {
        s(atmokit_text::hysplit::read_hysplit(p, 2000))
    });
    for f in ["icartt_1001.ict", "icartt_2110.ict"] {
        prefixes(f, f, 60, |p| s(atmokit_text::icartt::read_icartt(p)));
    }
    prefixes("AMF_US-Xxx_BASE_HH_1-5.csv", "AMF_x.csv", 4, |p| {
        s(atmokit_text::ameriflux::read_ameriflux(p))
    });
    let neon = "NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.20221201T163924Z.csv";
    prefixes(neon, neon, 2, |p| s(atmokit_text::neon::read_neon_csv(&[p], &[], &[])));
    prefixes("bon24001.dat", "bon24001.dat", 3, |p| {
        s(atmokit_text::surfrad::read_surfrad(&[p]))
    });
}

#[test]
fn open_sniffed() {
    for f in ["brw21001.dat", "sodar.20230404.mnd", "kps2221322_stats.txt", "x.csv"] {
        let src = if f == "x.csv" {
            "sgpmetE13.b1.20210401.000000.csv"
        } else {
            f
        };
        prefixes(src, f, 2, |p| match atmokit_text::open(p) {
            Ok(Some(ds)) => Ok(ds),
            Ok(None) => Err(format!("{}: not recognised", p.display())),
            Err(e) => Err(e.to_string()),
        });
    }
}
