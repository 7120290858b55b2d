//! Numeric columns read the way pandas reads a whitespace-separated table, so the PSL Parsivel
//! and radar-moment readers give the dtypes ACT gives: a column whose every token is an integer
//! is `int64`, any other column `float64`; pandas' default missing-value markers (`NaN`, `NA`,
//! `N/A`, `null`, ...) are NaN and make the column `float64`.

use crate::error::{Result, TextError};
use crate::util::Ctx;
use atmokit_core::Data;
use std::path::Path;

/// The strings pandas' `read_csv` treats as missing by default (`na_values`, pandas 2.x).
const PANDAS_NA: [&str; 18] = [
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL",
    "NaN", "None", "n/a", "nan", "null",
];

/// True when `tok` is one of pandas' default missing-value markers.
pub(crate) fn is_na(tok: &str) -> bool {
    PANDAS_NA.contains(&tok)
}

/// One column of numbers, with the integer-ness pandas would infer for it.
#[derive(Debug, Clone)]
pub(crate) struct NumColumn {
    values: Vec<f64>,
    /// The exact integers while every value so far is one; `None` from the first other value.
    ints: Option<Vec<i64>>,
}

impl NumColumn {
    /// An empty column.
    pub fn new() -> Self {
        NumColumn {
            values: Vec::new(),
            ints: Some(Vec::new()),
        }
    }

    /// Parse `tok` (field `what` of 1-based `line`) and append it.
    pub fn push(&mut self, ctx: &Ctx<'_>, line: usize, tok: &str, what: &str) -> Result<()> {
        if is_na(tok) {
            self.ints = None;
            self.values.push(f64::NAN);
            return Ok(());
        }
        if let Ok(i) = tok.parse::<i64>() {
            self.values.push(i as f64);
            if let Some(ints) = &mut self.ints {
                ints.push(i);
            }
            return Ok(());
        }
        let v = ctx.f64(line, tok, what)?;
        self.ints = None;
        self.values.push(v);
        Ok(())
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when every value is an integer (the column is `int64`).
    pub fn all_int(&self) -> bool {
        self.ints.is_some()
    }

    /// The values as float64 (integers converted).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// The values as `int64` data when every value is an integer, else `float64`, in `shape`
    /// (row-major; its product must be the column length).
    pub fn into_data(self, path: &Path, shape: &[usize]) -> Result<Data> {
        let shape = ndarray::IxDyn(shape);
        let bad = |e: ndarray::ShapeError| TextError::parse(path, 0, format!("internal shape mismatch: {e}"));
        Ok(match self.ints {
            Some(ints) => Data::I64(ndarray::ArrayD::from_shape_vec(shape, ints).map_err(bad)?),
            None => Data::F64(ndarray::ArrayD::from_shape_vec(shape, self.values).map_err(bad)?),
        })
    }
}

/// Join columns of equal length side by side into one (rows × columns) column, row-major; the
/// result is integer only when every input column is.
pub(crate) fn side_by_side(cols: &[NumColumn]) -> NumColumn {
    let rows = cols.first().map_or(0, NumColumn::len);
    let values = (0..rows)
        .flat_map(|r| cols.iter().map(move |c| c.values.get(r).copied().unwrap_or(f64::NAN)))
        .collect();
    let ints = cols.iter().all(NumColumn::all_int).then(|| {
        (0..rows)
            .flat_map(|r| {
                cols.iter()
                    .map(move |c| c.ints.as_ref().and_then(|i| i.get(r).copied()).unwrap_or(0))
            })
            .collect()
    });
    NumColumn { values, ints }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtype_follows_pandas_inference() {
        let p = Path::new("x");
        let ctx = Ctx::new(p);
        let mut c = NumColumn::new();
        c.push(&ctx, 1, "3", "a").unwrap();
        c.push(&ctx, 2, "-4", "a").unwrap();
        assert!(c.all_int());
        assert_eq!(c.clone().into_data(p, &[2]).unwrap(), Data::from(vec![3i64, -4]));
        c.push(&ctx, 3, "NA", "a").unwrap();
        assert!(!c.all_int());
        let d = c.into_data(p, &[3]).unwrap();
        let v = d.view::<f64>().unwrap();
        assert_eq!((v[[0]], v[[1]]), (3.0, -4.0));
        assert!(v[[2]].is_nan());
        let mut f = NumColumn::new();
        f.push(&ctx, 1, "0.5", "b").unwrap();
        assert!(!f.all_int());
        let e = f.push(&ctx, 7, "x1", "b").unwrap_err().to_string();
        assert!(e.starts_with("x:7:"), "{e}");
    }

    #[test]
    fn side_by_side_is_row_major() {
        let p = Path::new("x");
        let ctx = Ctx::new(p);
        let mut a = NumColumn::new();
        let mut b = NumColumn::new();
        for (x, y) in [("1", "2"), ("3", "4")] {
            a.push(&ctx, 1, x, "a").unwrap();
            b.push(&ctx, 1, y, "b").unwrap();
        }
        let d = side_by_side(&[a, b]).into_data(p, &[2, 2]).unwrap();
        assert_eq!(
            d.view::<i64>().unwrap().iter().copied().collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
    }
}
