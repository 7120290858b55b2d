//! Tests of the `.sp2b` reader on records written by hand.

use super::*;

/// One record of `ncols` samples × `nch` channels: sample `s` of channel `c` is
/// `1000·c + s − 50`; trailer values derived from `r`.
fn record(ncols: u32, nch: u32, r: u32) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(ncols.to_be_bytes());
    b.extend(nch.to_be_bytes());
    for s in 0..ncols {
        for c in 0..nch {
            b.extend(((1000 * c + s) as i16 - 50).to_be_bytes());
        }
    }
    b.extend((16i16 + r as i16).to_be_bytes());
    // TimeWave, Res1, EventIndex, TimeDiv10000, TimeRemainder, Res5, Res6, unused
    // 365934 · 10⁴ + 4970.5 s after 1904 = 2019-12-16T12:42:50.5Z.
    for f in [
        45770.5f32 + r as f32,
        0.0,
        8257.0 + r as f32,
        365_934.0,
        4970.5,
        1.0,
        1.0,
        -7.0,
    ] {
        b.extend(f.to_be_bytes());
    }
    b.extend(0.25f64.to_be_bytes());
    b.extend((r as f64).to_be_bytes());
    b
}

fn write(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    (dir, p)
}

const NAME: &str = "mosaossp2M1.00.20191216.130601.raw.20191216x193.sp2b";

#[test]
fn reads_hand_written_records() {
    let mut bytes = record(5, 3, 0);
    bytes.extend(record(5, 3, 1));
    let (_d, p) = write(NAME, &bytes);
    let ds = read_sp2(&p, &Sp2bOptions::default()).unwrap();
    assert_eq!(ds.dim_len("event_index"), Some(2));
    assert_eq!(ds.dim_len("columns"), Some(5));
    let ch2 = ds.view::<i16>("Data_ch2").unwrap();
    assert_eq!(ch2[[1, 4]], 2000 + 4 - 50);
    assert_eq!(ds.view::<i16>("Data_ch0").unwrap()[[0, 0]], -50);
    assert_eq!(
        ds.view::<i16>("Flag").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![16, 17]
    );
    assert_eq!(
        ds.view::<f32>("EventIndex")
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![8257.0, 8258.0]
    );
    assert_eq!(
        ds.view::<f64>("Res8").unwrap().iter().copied().collect::<Vec<_>>(),
        vec![0.0, 1.0]
    );
    assert_eq!(ds.view::<f64>("DateTimeWaveUTC").unwrap()[0], 3_659_344_970.5);
    // 2019-12-16T12:42:50.5Z
    assert_eq!(ds.time().unwrap()[0], 1_576_500_170_500_000_000);
    // 2019-12-16 is 42 353 days after 1904-01-01.
    assert_eq!(
        ds.view::<f64>("DateTimeWave").unwrap()[1],
        42_353.0 * 86_400.0 + 45_771.5
    );
    assert!(!ds.contains("Data_ch3"));
}

#[test]
fn instrument_naming_takes_the_date_from_the_first_eight_characters() {
    let (_d, p) = write("20191216x193.sp2b", &record(4, 2, 0));
    let opts = Sp2bOptions {
        naming: Sp2bNaming::Instrument,
    };
    let ds = read_sp2(&p, &opts).unwrap();
    assert_eq!(
        ds.view::<f64>("DateTimeWave").unwrap()[0],
        42_353.0 * 86_400.0 + 45_770.5
    );
    let e = read_sp2(&p, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains("YYYYMMDD"), "{e}");
}

#[test]
fn truncated_record_names_file_and_record() {
    let mut bytes = record(5, 3, 0);
    bytes.extend(record(5, 3, 1));
    bytes.extend(&record(5, 3, 2)[..40]);
    let (_d, p) = write(NAME, &bytes);
    let e = read_sp2(&p, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains(NAME) && e.contains("record 2 truncated"), "{e}");
}

#[test]
fn empty_and_wrong_files_are_errors() {
    let (_d, p) = write(NAME, b"");
    let e = read_sp2(&p, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains("empty"), "{e}");
    // A text file: its first 8 bytes give an absurd header.
    let (_d2, p2) = write(NAME, b"Time (sec)\tSample Flow LFE (vccm)\n0.6\t119.6\n");
    let e = read_sp2(&p2, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains("not an SP2 binary file"), "{e}");
    let (_d3, p3) = write(NAME, b"abc");
    let e = read_sp2(&p3, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains("record 0 truncated"), "{e}");
}

#[test]
fn a_record_with_another_header_is_refused() {
    // Two records of different shapes but, by construction, a total length that is a whole
    // number of the first record's size.
    let a = record(4, 2, 0); // 58 + 16 = 74 bytes
    let mut bytes = a.clone();
    let mut b = record(4, 2, 1);
    b[3] = 5; // header now says 5 samples
    bytes.extend(b);
    let (_d, p) = write(NAME, &bytes);
    let e = read_sp2(&p, &Sp2bOptions::default()).unwrap_err().to_string();
    assert!(e.contains("record 1: header says 5 samples"), "{e}");
}

#[test]
fn times_round_to_the_microsecond_half_to_even() {
    // 2⁻²¹ s = 0.476837… µs rounds down, 3·2⁻²¹ s = 1.430511… µs rounds to 1 µs.
    assert_eq!(unix_seconds_to_ns_us_rounded(1.0 + 2f64.powi(-21)), 1_000_000_000);
    assert_eq!(unix_seconds_to_ns_us_rounded(1.0 + 3.0 * 2f64.powi(-21)), 1_000_001_000);
    assert_eq!(unix_seconds_to_ns_us_rounded(1.25), 1_250_000_000);
    assert_eq!(unix_seconds_to_ns_us_rounded(-0.5), -500_000_000);
    assert_eq!(unix_seconds_to_ns_us_rounded(f64::NAN), atmokit_core::NAT);
}
