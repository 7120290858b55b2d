//! The SP2's housekeeping file (`.hk`, tab-separated, one line per second): PySP2's
//! `pysp2.io.read_hk_file` (`act.io.read_hk_file` in ACT 2.3.4).
//!
//! The file is read as ACT's `read_csv(sep="\t")` reads it ([`crate::csv::read_csv`]); the
//! `index` dim becomes `time`, computed from the `Timestamp` column (s since 1904-01-01 UTC,
//! rounded to the microsecond, half to even, as Python's `timedelta` does) with attrs `units = "datetime"`,
//! `long_name = "Time [SP2 time]"`. A column named `Name (units)` becomes `Name` with
//! attrs `units` and `long_name` (the full column name), unless `Name` is already taken by an
//! earlier column, in which case it keeps its full name (and gets the attrs) — as PySP2 does, so
//! `Sheath Flow Read (vccm)` → `Sheath Flow Read` and `Sheath Flow Read (sccm)` stays.

use crate::csv::{CsvOptions, Separator, read_csv};
use crate::error::{Result, TextError};
use crate::sp2::sp2b::{SECONDS_1904_TO_1970, unix_seconds_to_ns_us_rounded};
use atmokit_core::Variable;
use std::path::Path;

/// Read an SP2 housekeeping file into a Dataset on `time` (see the [module docs](self)).
///
/// ```no_run
/// let hk = atmokit_text::sp2::hk::read_hk_file("mosaossp2auxM1.00.20191217.010801.raw.20191216000000.hk")?;
/// let flow = hk.values_f64("Sample Flow LFE").expect("in every .hk file");
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_hk_file(path: impl AsRef<Path>) -> Result<atmokit_core::Dataset> {
    let path = path.as_ref();
    let opts = CsvOptions {
        separator: Separator::Byte(b'\t'),
        ..CsvOptions::default()
    };
    let mut ds = read_csv(&[path], &opts)?;
    let ds_err = |e| TextError::dataset(path, e);
    let stamps = ds.values_f64("Timestamp").map_err(|e| {
        TextError::parse(
            path,
            1,
            format!("not an SP2 housekeeping file (no 'Timestamp' column): {e}"),
        )
    })?;
    let ns: Vec<i64> = stamps
        .iter()
        .map(|&s| unix_seconds_to_ns_us_rounded(s - SECONDS_1904_TO_1970))
        .collect();
    ds.remove("index");
    ds.rename_dim("index", "time").map_err(ds_err)?;
    let names: Vec<String> = ds.names().map(str::to_string).collect();
    for name in names {
        let Some((short, units)) = split_units(&name) else {
            continue;
        };
        let var = ds.get_mut(&name).map_err(ds_err)?;
        var.attrs_mut().insert("units".into(), units.into());
        var.attrs_mut().insert("long_name".into(), name.as_str().into());
        if !ds.contains(short) {
            ds.rename(&name, short).map_err(ds_err)?;
        }
    }
    let time = Variable::time("time", ns)
        .with_attr("units", "datetime")
        .with_attr("long_name", "Time [SP2 time]");
    ds.insert("time", time).map_err(ds_err)?;
    Ok(ds)
}

/// `"Name (units)"` → `("Name", "units")` as PySP2 splits it: the text before the first `(`
/// without its last character, and the text between the first and second `(` without its last
/// character. `None` when the name has no `(`.
fn split_units(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.split('(');
    let head = parts.next()?;
    let tail = parts.next()?;
    let cut = |s: &'_ str| -> Option<usize> { s.char_indices().last().map(|(i, _)| i) };
    Some((&head[..cut(head)?], &tail[..cut(tail).unwrap_or(0)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_split_as_pysp2() {
        assert_eq!(split_units("Sample Flow LFE (vccm)"), Some(("Sample Flow LFE", "vccm")));
        assert_eq!(split_units("Incand. Conc. (#/cc)"), Some(("Incand. Conc.", "#/cc")));
        assert_eq!(split_units("Timestamp"), None);
    }

    #[test]
    fn reads_a_small_file_with_a_repeated_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.hk");
        // 3659299200 s after 1904 = 2019-12-16T00:00:00Z.
        std::fs::write(
            &p,
            "Time (sec)\tFlow (vccm)\tFlow (sccm)\tTimestamp\tN\n\
             0.5\t120.5\t99.0\t3659299200.25\t3\n\
             1.5\t121.0\t98.0\t3659299201.25\t4\n",
        )
        .unwrap();
        let ds = read_hk_file(&p).unwrap();
        assert_eq!(ds.dim_len("time"), Some(2));
        assert_eq!(ds.time().unwrap()[1], 1_576_454_401_250_000_000);
        assert_eq!(ds.get("Flow").unwrap().attr_str("units"), Some("vccm"));
        assert_eq!(ds.get("Flow (sccm)").unwrap().attr_str("units"), Some("sccm"));
        assert_eq!(ds.get("Time").unwrap().attr_str("long_name"), Some("Time (sec)"));
        assert_eq!(ds.values_f64("N").unwrap().to_vec(), vec![3.0, 4.0]);
    }

    #[test]
    fn a_csv_without_timestamp_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.hk");
        std::fs::write(&p, "a\tb\n1\t2\n").unwrap();
        let msg = read_hk_file(&p).unwrap_err().to_string();
        assert!(msg.contains("Timestamp") && msg.contains("x.hk"), "{msg}");
    }
}
