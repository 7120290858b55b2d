//! `Display` for [`Dataset`] and [`Variable`]: xarray's repr, plus units and value ranges.
//!
//! ```
//! use atmokit_core::{Dataset, Variable};
//! let mut ds = Dataset::new();
//! ds.insert("time", Variable::time("time", vec![0, 60_000_000_000]))?;
//! ds.insert("temp", Variable::new(["time"], vec![1.5f32, f32::NAN])?.with_attr("units", "degC"))?;
//! let text = ds.to_string();
//! assert!(text.contains("Dimensions:  (time: 2)"));
//! assert!(text.contains("temp (time) float32 [degC]  1.5 (1 NaN)"));
//! assert_eq!(ds.get("temp")?.to_string(), "(time) float32 [degC]  1.5 (1 NaN)");
//! # Ok::<(), atmokit_core::Error>(())
//! ```

use crate::summary::Summary;
use crate::time::format_ns;
use crate::{DType, Dataset, Variable};
use std::fmt;

/// A value in its own dtype's shortest form (f32 shown as f32, integers without a fraction).
fn show(v: f64, dtype: DType) -> String {
    match dtype {
        DType::F32 => format!("{}", v as f32),
        d if d.is_integer() => format!("{}", v as i64),
        _ => format!("{v}"),
    }
}

/// The first 19 characters of a formatted time (`YYYY-MM-DDTHH:MM:SS`).
fn seconds(ns: i64) -> String {
    format_ns(ns).chars().take(19).collect()
}

/// The range of a variable's values in one short phrase: `lo .. hi (n NaN)`, `all NaN (n)`,
/// a time range, or the number of strings.
pub fn describe(v: &Variable) -> String {
    match Summary::of(v) {
        Summary::Numeric(s) => match (s.min, s.max) {
            (Some(lo), Some(hi)) => {
                let range = if lo == hi {
                    show(lo, v.dtype())
                } else {
                    format!("{} .. {}", show(lo, v.dtype()), show(hi, v.dtype()))
                };
                let nan = if s.n_nan > 0 {
                    format!(" ({} NaN)", s.n_nan)
                } else {
                    String::new()
                };
                format!("{range}{nan}")
            }
            _ => format!("all NaN ({})", s.size),
        },
        Summary::Time(s) => match (s.min, s.max) {
            (Some(lo), Some(hi)) if lo == hi => seconds(lo),
            (Some(lo), Some(hi)) => format!("{} .. {}", seconds(lo), seconds(hi)),
            _ => format!("all NaT ({})", s.size),
        },
        Summary::Text { size, .. } => format!("{size} strings"),
    }
}

/// One line: `(dims) dtype [units]  range  long name`.
impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let units = self.units().map(|u| format!(" [{u}]")).unwrap_or_default();
        let long = self.long_name().map(|l| format!("  {l}")).unwrap_or_default();
        write!(
            f,
            "({}) {}{units}  {}{long}",
            self.dims().join(", "),
            self.dtype(),
            describe(self)
        )
    }
}

/// xarray's repr: name (`_datastream`), dims, coordinates, data variables (each with dims,
/// dtype, units, range and long name) and global attributes (each cut to 100 characters).
impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.attr_str("_datastream").unwrap_or("dataset");
        let dims: Vec<String> = self.dims().iter().map(|(k, n)| format!("{k}: {n}")).collect();
        writeln!(f, "<atmokit.Dataset> {name}")?;
        writeln!(f, "Dimensions:  ({})", dims.join(", "))?;
        let width = self.names().map(str::len).max().unwrap_or(4).max(4);
        let coords = self.coord_names();
        writeln!(f, "Coordinates:")?;
        for (k, v) in self.variables().filter(|(k, _)| coords.contains(k)) {
            writeln!(f, "  * {k:<width$} {v}")?;
        }
        let data = self.data_var_names();
        writeln!(f, "Data variables: ({})", data.len())?;
        for (k, v) in self.variables().filter(|(k, _)| !coords.contains(k)) {
            writeln!(f, "    {k:<width$} {v}")?;
        }
        write!(f, "Attributes: ({})", self.attrs().len())?;
        for (k, v) in self.attrs() {
            let mut text = v.to_string().replace('\n', " ");
            if text.chars().count() > 100 {
                text = text.chars().take(97).collect::<String>() + "...";
            }
            write!(f, "\n    {k}: {text}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Dataset, Variable};

    #[test]
    fn empty_dataset_prints_its_sections() {
        let text = Dataset::new().to_string();
        assert_eq!(
            text,
            "<atmokit.Dataset> dataset\nDimensions:  ()\nCoordinates:\nData variables: (0)\nAttributes: (0)"
        );
    }

    #[test]
    fn nat_integers_strings_and_long_attrs() {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![crate::NAT, crate::NAT]))
            .unwrap();
        ds.insert("qc", Variable::new(["time"], vec![0i32, 4]).unwrap())
            .unwrap();
        ds.insert(
            "site",
            Variable::new(["time"], vec!["a".to_string(), "b".into()]).unwrap(),
        )
        .unwrap();
        ds.attrs_mut().insert("_datastream".into(), "sgpmetE13.b1".into());
        ds.attrs_mut().insert("history".into(), "x".repeat(150).into());
        let text = ds.to_string();
        assert!(text.starts_with("<atmokit.Dataset> sgpmetE13.b1\n"), "{text}");
        assert!(text.contains("  * time (time) datetime64[ns]  all NaT (2)"), "{text}");
        assert!(text.contains("    qc   (time) int32  0 .. 4"), "{text}");
        assert!(text.contains("    site (time) "), "{text}");
        assert!(text.contains("2 strings"), "{text}");
        assert!(text.contains(&format!("    history: {}...", "x".repeat(97))), "{text}");
    }

    #[test]
    fn all_nan_and_time_range() {
        let v = Variable::new(["time"], vec![f64::NAN; 3]).unwrap();
        assert_eq!(v.to_string(), "(time) float64  all NaN (3)");
        let t = Variable::time("time", vec![0, 86_400_000_000_000]);
        assert_eq!(
            t.to_string(),
            "(time) datetime64[ns]  1970-01-01T00:00:00 .. 1970-01-02T00:00:00"
        );
    }
}
