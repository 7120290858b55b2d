//! A saved CSV answer read as a table on `index` (through `atmokit_text::csv`), and the column
//! typing pandas' `read_csv` applies to text fields, shared by the ASOS and AirNow readers.

use std::path::Path;

use atmokit_core::{Data, Dataset};
use atmokit_text::csv::{CsvOptions, read_csv};

use crate::error::DiscoveryError;

/// `path` read as a table on the dim `index` (no attrs), skipping `skip_rows` lines, with
/// `names` as column names when the answer has no header.
pub(crate) fn read_table(path: &Path, skip_rows: usize, names: Option<&[&str]>) -> Result<Dataset, DiscoveryError> {
    let opts = CsvOptions {
        skip_rows,
        column_names: names.map(|n| n.iter().map(|s| s.to_string()).collect()),
        ..CsvOptions::default()
    };
    let mut ds = read_csv(&[path], &opts).map_err(|e| answer_error(path, e.to_string()))?;
    ds.attrs_mut().clear();
    Ok(ds)
}

/// The error of a saved answer that cannot be read.
pub(crate) fn answer_error(path: &Path, message: String) -> DiscoveryError {
    DiscoveryError::Answer {
        path: path.to_path_buf(),
        message,
    }
}

/// A text column typed as pandas types it: every field (ignoring empty ones and those in
/// `missing`) an
/// integer → int64 (float64 with NaN when some are missing), a number → float64 (NaN for
/// missing), `True` / `False` → uint8 1 / 0; otherwise text, missing fields `""`. Columns read
/// as numbers already are kept.
pub(crate) fn typed(data: &Data, missing: &[&str]) -> Data {
    let Data::Str(a) = data else {
        return data.clone();
    };
    // An empty field is missing, as in pandas.
    let is_missing = |s: &str| s.is_empty() || missing.contains(&s);
    let present: Vec<&str> = a.iter().map(String::as_str).filter(|s| !is_missing(s)).collect();
    if !present.is_empty() && present.len() == a.len() && present.iter().all(|s| s.parse::<i64>().is_ok()) {
        return Data::from(a.iter().map(|s| s.parse::<i64>().unwrap_or(0)).collect::<Vec<i64>>());
    }
    if present.iter().all(|s| s.parse::<f64>().is_ok()) {
        return Data::from(
            a.iter()
                .map(|s| s.parse::<f64>().unwrap_or(f64::NAN))
                .collect::<Vec<f64>>(),
        );
    }
    if !present.is_empty() && present.len() == a.len() && present.iter().all(|s| matches!(*s, "True" | "False")) {
        return Data::from(a.iter().map(|s| u8::from(s == "True")).collect::<Vec<u8>>());
    }
    Data::Str(a.mapv(|s| if is_missing(&s) { String::new() } else { s }))
}

/// A column's fields as text (numbers written as Rust prints them).
pub(crate) fn texts(data: &Data) -> Vec<String> {
    match data {
        Data::Str(a) => a.iter().cloned().collect(),
        Data::I64(a) => a.iter().map(|v| v.to_string()).collect(),
        other => other
            .to_f64()
            .map(|a| a.iter().map(|v| v.to_string()).collect())
            .unwrap_or_default(),
    }
}

/// A column's fields as numbers (text parsed, NaN where it is not a number).
pub(crate) fn numbers(data: &Data) -> Vec<f64> {
    match data {
        Data::Str(a) => a.iter().map(|s| s.trim().parse().unwrap_or(f64::NAN)).collect(),
        other => other.to_f64().map(|a| a.iter().copied().collect()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Data {
        Data::from(v.iter().map(|x| x.to_string()).collect::<Vec<String>>())
    }

    #[test]
    fn typing_as_pandas() {
        assert_eq!(typed(&s(&["1", "2"]), &[]), Data::from(vec![1i64, 2]));
        assert!(matches!(typed(&s(&["1", "M"]), &["M"]), Data::F64(_)));
        assert!(matches!(typed(&s(&["M", "M"]), &["M"]), Data::F64(_)));
        assert_eq!(typed(&s(&["True", "False"]), &[]), Data::from(vec![1u8, 0]));
        assert_eq!(typed(&s(&["BKN", "M"]), &["M"]), s(&["BKN", ""]));
        assert!(matches!(typed(&s(&["2.5", ""]), &[]), Data::F64(_)));
        assert_eq!(typed(&Data::from(vec![1.5f64]), &["M"]), Data::from(vec![1.5f64]));
    }
}
