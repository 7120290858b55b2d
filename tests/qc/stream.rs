//! Streaming QC (`atmokit_qc::stream::QcStream`) equals QC of the concatenated series: 30 ARM met
//! days (the oracle's seven `sgpmetE13` days repeated, shifted to consecutive dates) with a gap
//! between two files, a part with no times, and days cut into blocks shorter than the windows.

use atmokit_core::{Data, Dataset};
use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_qc::spec::{TestSpec, apply_all};
use atmokit_qc::stream::QcStream;

const DAY_NS: i64 = 86_400_000_000_000;

/// Day `i` of the series: oracle day `i % 7 + 1` moved `i - i % 7` days later.
fn day(i: usize) -> Dataset {
    let name = format!("sgpmetE13.b1.201901{:02}.000000.cdf", i % 7 + 1);
    let mut ds = atmokit_tests::read_oracle(&name);
    let shift = (i - i % 7) as i64 * DAY_NS;
    if let Data::Time(t) = ds.get_mut("time").unwrap().data_mut() {
        t.mapv_inplace(|v| v + shift);
    } else {
        panic!("time is not decoded in {name}");
    }
    ds
}

fn specs() -> Vec<TestSpec> {
    [
        "temp_mean:missing_value",
        "temp_mean:delta:0.3",
        "rh_mean:delta:1",
        "temp_mean:persistence:20,0.02",
        "atmos_pressure:persistence:30,0.005,5",
        "wspd_arith_mean:outside:0.5,8:Suspect",
    ]
    .iter()
    .map(|s| TestSpec::parse(s).unwrap())
    .collect()
}

/// QC of the parts joined into one dataset.
fn in_memory(parts: &[Dataset]) -> Dataset {
    let mut ds = Dataset::concat(parts, "time").unwrap();
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    apply_all(&mut ds, &specs()).unwrap();
    ds
}

/// The streamed outputs, joined the same way.
fn streamed(parts: &[Dataset]) -> Dataset {
    let source = parts.iter().cloned().map(Ok::<_, atmokit_core::Error>);
    let out: Vec<Dataset> = QcStream::new(source, specs(), true)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(out.len(), parts.len(), "one output per part");
    for (o, p) in out.iter().zip(parts) {
        assert_eq!(
            o.dim_len("time"),
            p.dim_len("time"),
            "each output keeps its part's times"
        );
    }
    Dataset::concat(&out, "time").unwrap()
}

/// Names of the variables that differ between two datasets (missing ones included).
fn differing(a: &Dataset, b: &Dataset) -> Vec<String> {
    let mut names: Vec<String> = a
        .variables()
        .filter(|(n, v)| b.var(n).is_none_or(|w| !v.identical(w)))
        .map(|(n, _)| n.to_string())
        .collect();
    names.extend(b.names().filter(|n| !a.contains(n)).map(str::to_string));
    names
}

#[test]
fn thirty_days_with_a_gap_and_an_empty_file_equal_the_concatenated_run() {
    let mut parts: Vec<Dataset> = (0..31).filter(|&i| i != 12).map(day).collect(); // day 12 missing: a gap
    let empty = parts[20].isel_range("time", 0..0).unwrap();
    parts.insert(21, empty); // a file with zero times
    assert_eq!(parts.len(), 31);
    let whole = in_memory(&parts);
    let stream = streamed(&parts);
    assert_eq!(differing(&whole, &stream), Vec::<String>::new());
    // The boundaries matter: testing each file on its own gives other flags.
    let alone: Vec<Dataset> = parts
        .iter()
        .map(|p| {
            let mut p = p.clone();
            cleanup(&mut p, &CleanupOptions::default()).unwrap();
            if p.dim_len("time") != Some(0) {
                apply_all(&mut p, &specs()).unwrap();
            }
            p
        })
        .collect();
    let alone = Dataset::concat(&alone, "time");
    assert!(
        alone.is_err() || !differing(&whole, &alone.unwrap()).is_empty(),
        "file-by-file QC without context should differ from the whole run"
    );
}

#[test]
fn blocks_shorter_than_the_window_carry_the_context() {
    // Two days cut into blocks of 1, 7, 13, 0, 40, ... samples: the persistence windows (20, 30)
    // span several blocks.
    let two = Dataset::concat(&[day(0), day(1)], "time").unwrap();
    let n = two.dim_len("time").unwrap();
    let sizes = [1usize, 7, 13, 0, 40, 2, 300];
    let mut parts = Vec::new();
    let (mut at, mut k) = (0, 0);
    while at < n {
        let len = sizes[k % sizes.len()].min(n - at);
        parts.push(two.isel_range("time", at..at + len).unwrap());
        at += len;
        k += 1;
    }
    let whole = in_memory(&parts);
    let stream = streamed(&parts);
    assert_eq!(differing(&whole, &stream), Vec::<String>::new());
    // The windowed tests flag something, so the equality above is not between empty flags.
    let mut before = Dataset::concat(&parts, "time").unwrap();
    cleanup(&mut before, &CleanupOptions::default()).unwrap();
    let flagged = |name: &str| {
        let (a, b) = (whole.get(name).unwrap().data(), before.get(name).unwrap().data());
        let (a, b) = (a.iter_f64().unwrap(), b.iter_f64().unwrap());
        a.zip(b).filter(|(x, y)| x != y).count()
    };
    for name in ["qc_temp_mean", "qc_rh_mean", "qc_atmos_pressure"] {
        assert!(flagged(name) > 0, "no flags in {name}");
    }
}

#[test]
fn whole_series_tests_are_refused() {
    let specs = vec![TestSpec::parse("temp_mean:iqr").unwrap()];
    let source = std::iter::empty::<Result<Dataset, atmokit_core::Error>>();
    let err = QcStream::new(source, specs, false)
        .err()
        .expect("iqr cannot be streamed");
    assert!(err.to_string().contains("temp_mean"), "{err}");
}
