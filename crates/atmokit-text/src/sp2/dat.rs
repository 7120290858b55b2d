//! The SP2's processed per-particle and concentration `.dat` files (tab-separated, written by
//! the instrument's Igor processing or PySP2's `write_dat`): PySP2's `read_dat`
//! (`act.io.read_sp2_dat` in ACT 2.3.4).
//!
//! Each file is read as ACT's `read_csv(sep="\t")` reads it ([`crate::csv::read_csv`]; a
//! particle file's two header lines, `Instrument Type=SP2` and `****`, are skipped), the files
//! are joined along `index`, a column with no value at all becomes float64 NaN (as in
//! pandas), and the rows sorted (stably, NaN last) by `DateTimeWave` (particle)
//! or `Start DateTime` (concentration). An empty file is an error naming it (PySP2 skips it).

use crate::csv::{CsvOptions, Separator, read_csv};
use crate::error::{Result, TextError};
use atmokit_core::{Data, Dataset};
use std::path::Path;

/// Which `.dat` file (PySP2's `type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatKind {
    /// Per-particle statistics (`'particle'`), sorted by `DateTimeWave`.
    Particle,
    /// Concentration time series (`'conc'`), sorted by `Start DateTime`.
    Conc,
}

impl std::str::FromStr for DatKind {
    type Err = TextError;
    fn from_str(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "particle" => Ok(DatKind::Particle),
            "conc" => Ok(DatKind::Conc),
            _ => Err(TextError::Invalid(format!(
                "SP2 .dat type '{s}': must be either 'particle' or 'conc'"
            ))),
        }
    }
}

/// Read SP2 `.dat` files into one Dataset on `index` (see the [module docs](self)).
///
/// ```no_run
/// use atmokit_text::sp2::dat::{read_sp2_dat, DatKind};
/// let ds = read_sp2_dat(&["20191216x193.dat"], DatKind::Particle)?;
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_sp2_dat<P: AsRef<Path>>(paths: &[P], kind: DatKind) -> Result<Dataset> {
    let opts = CsvOptions {
        separator: Separator::Byte(b'\t'),
        skip_rows: if kind == DatKind::Particle { 2 } else { 0 },
        ..CsvOptions::default()
    };
    let mut ds = read_csv(paths, &opts)?;
    let first = paths.first().map(|p| p.as_ref()).unwrap_or(Path::new(""));
    empty_text_columns_to_nan(&mut ds).map_err(|e| TextError::dataset(first, e))?;
    let key = match kind {
        DatKind::Particle => "DateTimeWave",
        DatKind::Conc => "Start DateTime",
    };
    let values = ds.values_f64(key).map_err(|e| {
        TextError::parse(
            first,
            1,
            format!("not an SP2 {kind:?} .dat file (no '{key}' column): {e}"),
        )
    })?;
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| nan_last(values[a], values[b]).then(a.cmp(&b)));
    let mut sorted = ds.isel("index", &order).map_err(|e| TextError::dataset(first, e))?;
    if sorted.contains("index") {
        let idx: Vec<i64> = order.iter().map(|&i| i as i64).collect();
        sorted
            .insert(
                "index",
                atmokit_core::Variable::new(["index"], idx).map_err(|e| TextError::dataset(first, e))?,
            )
            .map_err(|e| TextError::dataset(first, e))?;
    }
    Ok(sorted)
}

/// A column with no value at all (PySP2 writes NaN as an empty field) as float64 NaN, as
/// pandas reads it, rather than text.
fn empty_text_columns_to_nan(ds: &mut Dataset) -> atmokit_core::Result<()> {
    let empty: Vec<String> = ds
        .variables()
        .filter(|(_, v)| matches!(v.data(), Data::Str(a) if a.iter().all(|s| s.trim().is_empty())))
        .map(|(n, _)| n.to_string())
        .collect();
    for name in empty {
        let v = ds.get_mut(&name)?;
        let nan = ndarray::ArrayD::from_elem(v.shape().to_vec(), f64::NAN);
        *v.data_mut() = Data::F64(nan);
    }
    Ok(())
}

/// Ascending order with NaN after every number (numpy's sort order).
fn nan_last(a: f64, b: f64) -> std::cmp::Ordering {
    match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particle_file_is_sorted_by_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.dat");
        std::fs::write(
            &p,
            "Instrument Type=SP2\n****\nTimeWave\tDateTimeWave\tPkHt_ch1\tCode\n2.5\t3659344972.5\t10\t\n1.5\t\t20\t\n0.5\t3659344970.5\t30\t\n",
        )
        .unwrap();
        let ds = read_sp2_dat(&[&p], DatKind::Particle).unwrap();
        assert_eq!(ds.values_f64("PkHt_ch1").unwrap(), vec![30.0, 10.0, 20.0]);
        assert_eq!(ds.values_f64("index").unwrap(), vec![2.0, 0.0, 1.0]);
        assert!(ds.values_f64("Code").unwrap().iter().all(|x| x.is_nan()));
        assert!("neither".parse::<DatKind>().is_err());
        let e = read_sp2_dat(&[&p], DatKind::Conc).unwrap_err().to_string();
        assert!(e.contains("x.dat"), "{e}");
    }
}
