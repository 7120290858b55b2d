//! PSL Parsivel, FMCW and S-band radar-moment readers on hand-written fixtures laid out as the
//! PSL format descriptions give them (see each module's docs).
//!
//! Expected values are worked out by hand from the fixture text; the ones marked "ACT" were
//! also printed by ACT 2.3.4 itself on the same fixtures (`fixtures/psl_radar_parsivel_act.py`,
//! run once in a venv with act-atmos 2.3.4, pandas 2.2.3, xarray 2025.1.2; the numbers are
//! copied here so this test needs no Python). Where ACT is wrong, the test says so.

use atmokit_core::time::format_ns;
use atmokit_core::{DType, Dataset};
use atmokit_text::psl::parsivel::read_psl_parsivel;
use atmokit_text::psl::radar_moment::{read_psl_radar_fmcw_moment, read_psl_radar_sband_moment};
use atmokit_text::{TextError, TextFormat};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

const PARS_A: &str = "kps2221322_stats.txt";
const PARS_B: &str = "kps2221323_stats.txt";
const FMCW: &str = "kps_fmcw_moment_22227.06.raw";
const SBAND: &str = "ctd_sband_moment_21359.06.raw";

fn times(ds: &Dataset, name: &str) -> Vec<String> {
    ds.time_of(name).unwrap().iter().map(|&t| format_ns(t)).collect()
}

fn f64s(ds: &Dataset, name: &str) -> Vec<f64> {
    ds.view::<f64>(name).unwrap().iter().copied().collect()
}

fn i64s(ds: &Dataset, name: &str) -> Vec<i64> {
    ds.view::<i64>(name).unwrap().iter().copied().collect()
}

fn attr<'a>(ds: &'a Dataset, var: &str, key: &str) -> Option<&'a str> {
    ds.get(var).unwrap().attr_str(key)
}

/// Copy of a fixture with its lines edited by `edit`, written to `dir/name`.
fn edited(dir: &Path, src: &str, name: &str, edit: impl FnOnce(&mut Vec<String>)) -> PathBuf {
    let text = std::fs::read_to_string(fixture(src)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    edit(&mut lines);
    let p = dir.join(name);
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

fn parse_line(e: &TextError) -> usize {
    match e {
        TextError::Parse { line, .. } => *line,
        other => panic!("expected a parse error, got {other}"),
    }
}

// ---------------------------------------------------------------- Parsivel

#[test]
fn parsivel_two_files_by_hand_and_act() {
    let ds = read_psl_parsivel(&[fixture(PARS_A), fixture(PARS_B)]).unwrap();
    assert_eq!(ds.dim_len("time"), Some(6));
    assert_eq!(ds.dim_len("particle_size"), Some(32));
    // Header "2221322": 2022, day 213 (= 1 August), 22 h; records at 56..59 min, then the
    // second file's hour 23. (ACT: the same six times.)
    assert_eq!(
        times(&ds, "time"),
        [
            "2022-08-01T22:56:00.000000000",
            "2022-08-01T22:57:00.000000000",
            "2022-08-01T22:58:00.000000000",
            "2022-08-01T22:59:00.000000000",
            "2022-08-01T23:00:00.000000000",
            "2022-08-01T23:01:00.000000000",
        ]
    );
    // "59:00:000-00:00:000" ends at 23:00 (ACT says 22:00:00, before the interval begins);
    // "01:00:000-01:30:250" ends at 23:01:30.25 (ACT agrees).
    assert_eq!(
        times(&ds, "interval_end_time"),
        [
            "2022-08-01T22:57:00.000000000",
            "2022-08-01T22:58:00.000000000",
            "2022-08-01T22:59:00.000000000",
            "2022-08-01T23:00:00.000000000",
            "2022-08-01T23:01:00.000000000",
            "2022-08-01T23:01:30.250000000",
        ]
    );
    assert_eq!(
        attr(&ds, "interval_end_time", "long_name"),
        Some("End time of averaging interval")
    );

    // Drop counts: 2-D and per class, int64 as in ACT.
    let dsd = ds.get("number_density_drops").unwrap();
    assert_eq!(dsd.dims(), ["time", "particle_size"]);
    assert_eq!(dsd.dtype(), DType::I64);
    let a = ds.view::<i64>("number_density_drops").unwrap();
    let row2: Vec<i64> = (0..32).map(|k| a[[2, k]]).collect();
    let mut want = vec![0i64; 32];
    want[2..17].copy_from_slice(&[10, 35, 60, 55, 48, 40, 30, 22, 25, 14, 8, 5, 3, 2, 1]);
    assert_eq!(row2, want);
    // The fixture's counts add up to its NumParticle field: 10+35+…+1 = 358.
    assert_eq!(row2.iter().sum::<i64>(), 358);
    assert_eq!(i64s(&ds, "number_detected_particles"), [0, 90, 358, 18, 3, 0]);
    assert_eq!(a.iter().copied().max(), Some(60)); // ACT: 60
    assert_eq!(i64s(&ds, "B5"), [0, 20, 60, 7, 2, 0]); // ACT: same
    assert_eq!(attr(&ds, "number_density_drops", "units"), Some("count"));
    assert_eq!(
        attr(&ds, "number_density_drops", "long_name"),
        Some("Drop Size Distribution")
    );

    // Size classes (ACT: same values; its long names are swapped between the two).
    let ps = f64s(&ds, "particle_size");
    assert_eq!((ps[0], ps[10], ps[31]), (0.062, 1.375, 24.5));
    let w = f64s(&ds, "class_size_width");
    assert_eq!(
        (w[0], w[10], w[15], w[20], w[25], w[31]),
        (0.125, 0.25, 0.5, 1.0, 2.0, 3.0)
    );
    assert_eq!(
        attr(&ds, "particle_size", "long_name"),
        Some("Particle class size average")
    );
    assert_eq!(attr(&ds, "class_size_width", "long_name"), Some("Class size width"));
    assert_eq!(attr(&ds, "class_size_width", "units"), Some("mm"));

    // State fields: dtypes and values as ACT gives them.
    assert_eq!(f64s(&ds, "precip_rate"), [0.0, 0.512, 2.875, 0.071, 0.004, 0.0]);
    assert_eq!(attr(&ds, "precip_rate", "units"), Some("mm/hr"));
    assert_eq!(i64s(&ds, "sensor_temperature"), [21, 21, 22, 22, 22, 22]);
    assert_eq!(
        f64s(&ds, "equivalent_radar_reflectivity"),
        [-9.999, 18.342, 29.115, 9.87, 1.23, -9.999]
    );
    assert_eq!(i64s(&ds, "precip_type"), [0, 1, 1, 1, 1, 0]);
    assert_eq!(
        attr(&ds, "precip_type", "long_name"),
        Some("Precipitation type (1=rain; 2=mixed; 3=snow)")
    );
    assert_eq!(ds.get("laserband_amplitude_stdev").unwrap().dtype(), DType::F64);
    assert_eq!(ds.get("good").unwrap().dtype(), DType::I64);
    // 32 classes + 24 state fields + number_density_drops, class_size_width,
    // interval_end_time (ACT: 59 data variables).
    assert_eq!(ds.data_var_names().len(), 59);
}

#[test]
fn parsivel_missing_markers_make_float_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = edited(dir.path(), PARS_A, "kps2221322_stats.txt", |l| {
        // Record 2 (line 5): B5 → "NA", precip_rate → "NaN".
        let mut t: Vec<String> = l[4].split_whitespace().map(str::to_string).collect();
        t[5] = "NA".into();
        t[37] = "NaN".into();
        l[4] = t.join(" ");
    });
    let ds = read_psl_parsivel(&[p]).unwrap();
    let b5 = f64s(&ds, "B5");
    assert!(b5[1].is_nan());
    assert_eq!((b5[0], b5[2], b5[3]), (0.0, 60.0, 7.0));
    assert!(f64s(&ds, "precip_rate")[1].is_nan());
    // One missing count makes the whole 2-D array float, as numpy does for ACT.
    let a = ds.view::<f64>("number_density_drops").unwrap();
    assert!(a[[1, 4]].is_nan());
    assert_eq!(a[[2, 4]], 60.0);
    assert_eq!(ds.get("B4").unwrap().dtype(), DType::I64);
}

#[test]
fn parsivel_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // A record missing its last field (line 6).
    let p = edited(dir.path(), PARS_A, "short.txt", |l| {
        let t: Vec<&str> = l[5].split_whitespace().collect();
        l[5] = t[..56].join(" ");
    });
    let e = read_psl_parsivel(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 6);
    assert!(e.to_string().contains("short.txt:6: 56 fields, expected 57"), "{e}");
    // A bad interval (line 4).
    let p = edited(dir.path(), PARS_A, "interval.txt", |l| {
        l[3] = l[3].replacen("56:00:000-57:00:000", "56:00-57:00", 1);
    });
    let e = read_psl_parsivel(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 4, "{e}");
    assert!(e.to_string().contains("'56:00'"), "{e}");
    // A text count (line 7, B3).
    let p = edited(dir.path(), PARS_A, "count.txt", |l| {
        l[6] = l[6].replacen(" 2 5 7 3 1 ", " x 5 7 3 1 ", 1);
    });
    let e = read_psl_parsivel(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 7);
    assert!(e.to_string().contains("'B3'"), "{e}");
    // No start time in the header.
    let p = edited(dir.path(), PARS_A, "header.txt", |l| l[0] = "OTT Parsivel2".into());
    let e = read_psl_parsivel(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 1);
    // Empty file; header only; no files.
    let p = dir.path().join("empty.txt");
    std::fs::write(&p, "").unwrap();
    let e = read_psl_parsivel(&[&p]).unwrap_err().to_string();
    assert!(e.contains("empty.txt") && e.contains("empty file"), "{e}");
    let p = edited(dir.path(), PARS_A, "header_only.txt", |l| l.truncate(3));
    let e = read_psl_parsivel(&[&p]).unwrap_err().to_string();
    assert!(e.contains("no data records"), "{e}");
    assert!(read_psl_parsivel::<&Path>(&[]).is_err());
}

// ---------------------------------------------------------------- radar moments

#[test]
fn fmcw_three_dwells_by_hand() {
    let ds = read_psl_radar_fmcw_moment(&[fixture(FMCW)]).unwrap();
    assert_eq!(ds.dim_len("file"), Some(1));
    assert_eq!(ds.dim_len("time"), Some(3));
    assert_eq!(ds.dim_len("range"), Some(4));
    // 2022 day 227 = 15 August (212 days in January..July).
    assert_eq!(
        times(&ds, "time"),
        [
            "2022-08-15T06:00:12.000000000",
            "2022-08-15T06:00:43.000000000",
            "2022-08-15T06:01:14.000000000",
        ]
    );
    assert_eq!(attr(&ds, "time", "long_name"), Some("Datetime"));
    // range = 100 m + k · 100 m.
    assert_eq!(f64s(&ds, "range"), [100.0, 200.0, 300.0, 400.0]);
    assert_eq!(attr(&ds, "range", "units"), Some("m"));
    // Site line "kps 3894 -10697 2860 283500": degrees × 100, m, GHz × 1e5.
    assert_eq!(ds.view::<String>("site").unwrap()[[0]], "kps");
    assert_eq!(f64s(&ds, "lat"), [38.94]);
    assert_eq!(f64s(&ds, "lon"), [-106.97]);
    assert_eq!(f64s(&ds, "alt"), [2860.0]);
    assert_eq!(f64s(&ds, "freq"), [2.835e9]);
    assert_eq!(attr(&ds, "freq", "units"), Some("Hz"));
    // "1 0.0 90.0 22 227 06 00 12": beam 1, azimuth 0, elevation 90.
    assert_eq!(i64s(&ds, "beam_direction_code"), [1, 1, 1]);
    assert_eq!(f64s(&ds, "azimuth"), [0.0, 0.0, 0.0]);
    assert_eq!(f64s(&ds, "elevation"), [90.0, 90.0, 90.0]);
    assert_eq!(i64s(&ds, "minute"), [0, 0, 1]);
    assert_eq!(i64s(&ds, "second"), [12, 43, 14]);
    assert_eq!(i64s(&ds, "year"), [22, 22, 22]);
    assert_eq!(i64s(&ds, "n_gates"), [4, 4, 4]);
    assert_eq!(f64s(&ds, "interpulse_period"), [200.0, 200.0, 200.0]);
    assert_eq!(attr(&ds, "interpulse_period", "units"), Some("us"));
    assert_eq!(f64s(&ds, "first_range_gate"), [100.0; 3]);
    // Moments: the second dwell's first row is "-0.48 13.00 -118.00 0.33 -131.00 0".
    let snr = ds.view::<f64>("snr").unwrap();
    assert_eq!(snr.shape(), [3, 4]);
    assert_eq!(snr[[1, 0]], 13.0);
    assert_eq!(ds.view::<f64>("radial_velocity").unwrap()[[1, 0]], -0.48);
    assert_eq!(ds.view::<f64>("spectral_width").unwrap()[[2, 3]], 0.65);
    assert_eq!(ds.get("qc_variable").unwrap().dtype(), DType::I64);
    assert!(ds.view::<i64>("qc_variable").unwrap().iter().all(|&q| q == 0));
    assert_eq!(ds.get("snr").unwrap().dims(), ["time", "range"]);
    // Reflectivity = snr + 40·log10(r_km): at 100 m, 12.40 + 40·(−1) = −27.60; at 400 m
    // (last gate), −2.60 + 40·log10(0.4) = −2.60 − 15.9176003468815 = −18.5176003468815.
    let z = ds.view::<f64>("reflectivity_uncalibrated").unwrap();
    assert!((z[[0, 0]] - -27.6).abs() < 1e-12, "{}", z[[0, 0]]);
    assert!((z[[0, 3]] - -18.517_600_346_881_5).abs() < 1e-12, "{}", z[[0, 3]]);
    assert!((z[[1, 0]] - (13.0 - 40.0)).abs() < 1e-12);
    assert_eq!(attr(&ds, "reflectivity_uncalibrated", "units"), Some("dB"));
}

#[test]
fn fmcw_matches_act_where_act_reads_the_file() {
    // ACT reads dwells 1 and 3 only (its offsets skip the second dwell) and the first three
    // gates only (N − 1 rows). On those, its values (printed by ACT 2.3.4):
    let act_z = [
        [-27.6, -19.70880017344075, -17.815149811213498],
        [-28.2, -20.35880017344075, -18.7151498112135],
    ];
    let act_snr = [[12.4, 8.25, 3.1], [11.8, 7.6, 2.2]];
    let act_times = ["2022-08-15T06:00:12.000000000", "2022-08-15T06:01:14.000000000"];
    let act_mean = -22.066316661551415;
    let ds = read_psl_radar_fmcw_moment(&[fixture(FMCW)]).unwrap();
    let z = ds.view::<f64>("reflectivity_uncalibrated").unwrap();
    let snr = ds.view::<f64>("snr").unwrap();
    let t = times(&ds, "time");
    let mut sum = 0.0;
    for (i, ours) in [0usize, 2].into_iter().enumerate() {
        assert_eq!(t[ours], act_times[i]);
        for j in 0..3 {
            assert_eq!(snr[[ours, j]], act_snr[i][j]);
            assert!((z[[ours, j]] - act_z[i][j]).abs() < 1e-12, "z[{ours},{j}]");
            sum += z[[ours, j]];
        }
    }
    assert!((sum / 6.0 - act_mean).abs() < 1e-12);
    assert_eq!(f64s(&ds, "range")[..3], [100.0, 200.0, 300.0]); // ACT: [100, 200, 300]
}

#[test]
fn sband_two_dwells_by_hand_and_act() {
    let ds = read_psl_radar_sband_moment(&[fixture(SBAND)]).unwrap();
    assert_eq!(ds.dim_len("time"), Some(2));
    assert_eq!(ds.dim_len("range"), Some(3));
    // 2021 day 359 = 25 December.
    assert_eq!(
        times(&ds, "time"),
        ["2021-12-25T06:00:05.000000000", "2021-12-25T06:01:05.000000000"]
    );
    assert_eq!(f64s(&ds, "range"), [1000.0, 1500.0, 2000.0]);
    assert_eq!(f64s(&ds, "lat"), [34.66]);
    assert_eq!(f64s(&ds, "lon"), [-87.35]);
    assert_eq!(f64s(&ds, "freq"), [2.875e9]);
    // "NaN" in the file is missing, as pandas reads it (ACT: NaN there too).
    let sw = ds.view::<f64>("spectral_width").unwrap();
    assert!(sw[[0, 1]].is_nan());
    assert_eq!((sw[[0, 0]], sw[[1, 1]]), (1.1, 1.3));
    // At 1 km the correction is 0: reflectivity = snr = 5.0 (ACT: 5.0); at 1.5 km,
    // 2.5 + 40·log10(1.5) = 9.54365036222725 (ACT: same); at 2 km,
    // −0.5 + 40·log10(2) = 11.541199826559248.
    let z = ds.view::<f64>("reflectivity_uncalibrated").unwrap();
    assert_eq!(z[[0, 0]], 5.0);
    assert!((z[[0, 1]] - 9.54365036222725).abs() < 1e-12);
    assert!((z[[0, 2]] - 11.541_199_826_559_248).abs() < 1e-12);
    assert_eq!(z[[1, 0]], 6.0);
}

#[test]
fn radar_files_concatenate_on_time_and_file() {
    let ds = read_psl_radar_fmcw_moment(&[fixture(FMCW), fixture(FMCW)]).unwrap();
    assert_eq!(ds.dim_len("file"), Some(2));
    assert_eq!(ds.dim_len("time"), Some(6));
    assert_eq!(ds.view::<f64>("snr").unwrap()[[4, 0]], 13.0);
    // Different gates cannot share one range coordinate.
    let e = read_psl_radar_fmcw_moment(&[fixture(FMCW), fixture(SBAND)]).unwrap_err();
    assert_eq!(parse_line(&e), 2, "{e}");
    assert!(e.to_string().contains("differ from the first dwell"), "{e}");
}

#[test]
fn radar_rows_n_minus_one_layout_is_accepted() {
    // Every dwell with N − 1 rows (the count ACT reads) is taken as is.
    let dir = tempfile::tempdir().unwrap();
    let p = edited(dir.path(), FMCW, "short.raw", |l| {
        for k in [18, 11, 6] {
            l.remove(k);
        }
    });
    let ds = read_psl_radar_fmcw_moment(&[p]).unwrap();
    assert_eq!(ds.dim_len("range"), Some(3));
    assert_eq!(ds.dim_len("time"), Some(3));
    assert_eq!(ds.view::<f64>("snr").unwrap()[[2, 2]], 2.2);
}

#[test]
fn radar_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    // A data row with 5 fields (line 11).
    let p = edited(dir.path(), FMCW, "row.raw", |l| {
        l[10] = "-0.77 9.50 -121.50 0.40 -131.00".into()
    });
    let e = read_psl_radar_fmcw_moment(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 11, "{e}");
    assert!(e.to_string().contains("row.raw:11: 5 fields"), "{e}");
    // A bad number (line 5, snr).
    let p = edited(dir.path(), FMCW, "num.raw", |l| {
        l[4] = "-0.81 8.2x -122.75 0.42 -131.00 0".into()
    });
    let e = read_psl_radar_fmcw_moment(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 5);
    assert!(e.to_string().contains("'snr'"), "{e}");
    // Truncated last profile: the file ends after 2 of its 4 rows; the error points at the
    // dwell's header (line 14).
    let p = edited(dir.path(), FMCW, "trunc.raw", |l| l.truncate(17));
    let e = read_psl_radar_fmcw_moment(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 14, "{e}");
    assert!(
        e.to_string().contains("truncated dwell: 2 data rows, expected 4"),
        "{e}"
    );
    // One row short is the (N - 1)-row layout for this dwell alone: it then differs from the
    // earlier dwells.
    let p = edited(dir.path(), FMCW, "trunc1.raw", |l| l.truncate(18));
    let e = read_psl_radar_fmcw_moment(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 14, "{e}");
    assert!(
        e.to_string().contains("(3 rows, first 100 m, spacing 100 m) differ"),
        "{e}"
    );
    // Too many rows for the header's gate count (line 8).
    let p = edited(dir.path(), FMCW, "extra.raw", |l| {
        l.insert(7, "-1.0 1.0 -1.0 1.0 -1.0 0".into())
    });
    let e = read_psl_radar_fmcw_moment(&[&p]).unwrap_err();
    assert_eq!(parse_line(&e), 8, "{e}");
    // A bad date (day 400, line 2).
    let p = edited(dir.path(), FMCW, "date.raw", |l| {
        l[1] = "1 0.0 90.0 22 400 06 00 12".into()
    });
    assert_eq!(parse_line(&read_psl_radar_fmcw_moment(&[&p]).unwrap_err()), 2);
    // Empty file, site line only.
    let p = dir.path().join("empty.raw");
    std::fs::write(&p, "\n\n").unwrap();
    let e = read_psl_radar_sband_moment(&[&p]).unwrap_err().to_string();
    assert!(e.contains("empty.raw") && e.contains("empty file"), "{e}");
    let p = edited(dir.path(), FMCW, "site.raw", |l| l.truncate(1));
    let e = read_psl_radar_sband_moment(&[&p]).unwrap_err().to_string();
    assert!(e.contains("no radar dwell"), "{e}");
    assert!(read_psl_radar_sband_moment::<&Path>(&[]).is_err());
}

// ---------------------------------------------------------------- open()

#[test]
fn open_recognises_the_three_formats() {
    for (f, fmt, dim, n) in [
        (PARS_A, TextFormat::PslParsivel, "time", 4),
        (FMCW, TextFormat::PslRadarMoment, "range", 4),
        (SBAND, TextFormat::PslRadarMoment, "range", 3),
    ] {
        assert_eq!(atmokit_text::sniff(&fixture(f)).unwrap(), Some(fmt), "{f}");
        let ds = atmokit_text::open(fixture(f)).unwrap().unwrap();
        assert_eq!(ds.dim_len(dim), Some(n), "{f}");
    }
    // A Parsivel file under another name is recognised by its records.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("disdrometer.txt");
    std::fs::copy(fixture(PARS_A), &p).unwrap();
    assert_eq!(atmokit_text::sniff(&p).unwrap(), Some(TextFormat::PslParsivel));
}

fn strs(ds: &Dataset, name: &str) -> Vec<String> {
    ds.view::<String>(name).unwrap().iter().cloned().collect()
}

/// `act_compat` labels the FMCW dataset as ACT 2.3.4 does. ACT's values on this fixture
/// (`read_psl_radar_fmcw_moment([FMCW])`, printed with act-atmos 2.3.4): site "kps", lat
/// "3894", lon "-10697", alt "2860", freq "283500" (text); at its two times 06:00:12 and
/// 06:01:14 (ACT skips the second dwell, 06:00:43, which this reader keeps): azimuth "1", "1",
/// elevation "0.0", "0.0", beam_direction_code "90.0", "90.0", hour "06", minute "00", "01",
/// second "12", "14", interpulse_period "200" (units "ms"), n_coherent_integration "1" ("Number
/// of cohrent integration"); reflectivity_uncalibrated (long name "Range") at 06:00:12:
/// -27.6, -19.70880017, -17.81514981 over 100, 200, 300 m.
#[test]
fn fmcw_act_compat_labels() {
    use atmokit_text::psl::radar_moment::{RadarMomentOptions, read_psl_radar_fmcw_moment_with};
    let ds = read_psl_radar_fmcw_moment_with(&[fixture(FMCW)], &RadarMomentOptions { act_compat: true }).unwrap();
    assert_eq!(strs(&ds, "site"), ["kps"]);
    assert_eq!(strs(&ds, "lat"), ["3894"]);
    assert_eq!(strs(&ds, "lon"), ["-10697"]);
    assert_eq!(strs(&ds, "alt"), ["2860"]);
    assert_eq!(strs(&ds, "freq"), ["283500"]);
    assert_eq!(attr(&ds, "freq", "units"), Some("Hz"));
    let t = times(&ds, "time");
    let act_rows = [0, 2];
    assert_eq!(t[0], "2022-08-15T06:00:12.000000000");
    assert_eq!(t[2], "2022-08-15T06:01:14.000000000");
    let pick = |name: &str| -> Vec<String> {
        let all = strs(&ds, name);
        act_rows.iter().map(|&i| all[i].clone()).collect()
    };
    assert_eq!(pick("azimuth"), ["1", "1"]);
    assert_eq!(pick("elevation"), ["0.0", "0.0"]);
    assert_eq!(pick("beam_direction_code"), ["90.0", "90.0"]);
    assert_eq!(pick("hour"), ["06", "06"]);
    assert_eq!(pick("minute"), ["00", "01"]);
    assert_eq!(pick("second"), ["12", "14"]);
    assert_eq!(pick("interpulse_period"), ["200", "200"]);
    assert_eq!(attr(&ds, "interpulse_period", "units"), Some("ms"));
    assert_eq!(pick("n_coherent_integration"), ["1", "1"]);
    assert_eq!(
        attr(&ds, "n_coherent_integration", "long_name"),
        Some("Number of cohrent integration")
    );
    assert_eq!(attr(&ds, "reflectivity_uncalibrated", "long_name"), Some("Range"));
    let refl = f64s(&ds, "reflectivity_uncalibrated");
    let n_r = ds.dim_len("range").unwrap();
    for (k, want) in [-27.6, -19.70880017, -17.81514981].into_iter().enumerate() {
        assert!((refl[k] - want).abs() < 1e-7, "gate {k}: {} vs ACT {want}", refl[k]);
    }
    assert_eq!(n_r, 4);
    // Without act_compat: numbers in degrees and Hz, PSL's field order.
    let plain = read_psl_radar_fmcw_moment(&[fixture(FMCW)]).unwrap();
    assert_eq!(f64s(&plain, "lat"), [38.94]);
    assert_eq!(attr(&plain, "interpulse_period", "units"), Some("us"));
}

/// A first gate at 0 m: −inf there with `act_compat` (ACT's formula: snr − 20·log10(1/0)), NaN
/// by default; the other gates are equal.
#[test]
fn sband_range_zero_act_compat() {
    use atmokit_text::psl::radar_moment::{RadarMomentOptions, read_psl_radar_sband_moment_with};
    let dir = tempfile::tempdir().unwrap();
    let p = edited(dir.path(), SBAND, "zero.raw", |l| {
        for line in l.iter_mut() {
            let t: Vec<&str> = line.split_whitespace().collect();
            if t.len() == 9 {
                let mut t: Vec<String> = t.iter().map(|s| s.to_string()).collect();
                t[2] = "0".into();
                *line = t.join(" ");
            }
        }
    });
    let act = read_psl_radar_sband_moment_with(&[&p], &RadarMomentOptions { act_compat: true }).unwrap();
    let plain = read_psl_radar_sband_moment(&[&p]).unwrap();
    let (a, b) = (
        f64s(&act, "reflectivity_uncalibrated"),
        f64s(&plain, "reflectivity_uncalibrated"),
    );
    assert_eq!(a[0], f64::NEG_INFINITY);
    assert!(b[0].is_nan());
    assert_eq!(a[1], b[1]);
}

/// `act_compat` gives ACT 2.3.4's end times and long names on the two fixtures (printed by
/// `read_psl_parsivel([A, B])`: interval_end_time 22:57, 22:58, 22:59, 22:00, 23:01,
/// 23:01:30.25; particle_size "Class size width", class_size_width "Particle class size average").
#[test]
fn parsivel_act_compat() {
    use atmokit_text::psl::parsivel::{ParsivelOptions, read_psl_parsivel_with};
    let ds = read_psl_parsivel_with(
        &[fixture(PARS_A), fixture(PARS_B)],
        &ParsivelOptions { act_compat: true },
    )
    .unwrap();
    assert_eq!(
        times(&ds, "interval_end_time"),
        [
            "2022-08-01T22:57:00.000000000",
            "2022-08-01T22:58:00.000000000",
            "2022-08-01T22:59:00.000000000",
            "2022-08-01T22:00:00.000000000",
            "2022-08-01T23:01:00.000000000",
            "2022-08-01T23:01:30.250000000",
        ]
    );
    assert_eq!(attr(&ds, "particle_size", "long_name"), Some("Class size width"));
    assert_eq!(
        attr(&ds, "class_size_width", "long_name"),
        Some("Particle class size average")
    );
}
