//! Ceilometer backscatter to log space (ACT `act.corrections.ceil.correct_ceil`).

use crate::util::{fill_log10, fill_log10_f32, not_float, set_units, wrap_units};
use atmokit_core::{Data, Dataset, Result};

/// The parameter of [`correct_ceil`], with ACT's name and default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CeilOptions {
    /// Replacement for non-positive values in linear space (ACT `fill_value=1e-7`, so they
    /// become −7); `f64::NAN` makes them NaN.
    pub fill_value: f64,
}

impl Default for CeilOptions {
    fn default() -> Self {
        CeilOptions { fill_value: 1e-7 }
    }
}

/// Ceilometer correction, **in place**: values `<= 0` become `fill_value`, then `log10`.
///
/// - `var_name`: backscatter variable (ACT default `"backscatter"`), float32 or float64, any
///   shape; it keeps its dtype. Input units are linear (e.g. `1/(sr*km*10000)`).
/// - [`CeilOptions::fill_value`]: replacement for non-positive values **in linear space** (ACT
///   default `1e-7`, so they become `-7`). NaN inputs stay NaN.
/// - Output: `log10(x)`, units attribute `"log(<units>)"` (`"log(unknown)"` without units).
///
/// Data already corrected (units `log(...)`) are refused, so a second run cannot give
/// `log(log(...))`. No range correction is applied (as in ACT). ACT also works in place: it mutates the array of
/// the dataset passed in and returns the same dataset.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// let mut ds = Dataset::new();
/// ds.insert("backscatter", Variable::new(["time"], vec![10.0f32, -1.0])?.with_attr("units", "dummy"))?;
/// atmokit_corrections::correct_ceil(&mut ds, "backscatter", &Default::default())?;
/// assert_eq!(ds.view::<f32>("backscatter")?.as_slice().unwrap(), &[1.0, -7.0]);
/// assert_eq!(ds.get("backscatter")?.units(), Some("log(dummy)"));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn correct_ceil(ds: &mut Dataset, var_name: &str, options: &CeilOptions) -> Result<()> {
    let fill_value = options.fill_value;
    let units = wrap_units(ds, var_name, "log(", "correct_ceil")?;
    match ds.get_mut(var_name)?.data_mut() {
        Data::F32(a) => fill_log10_f32(a.view_mut(), fill_value as f32),
        Data::F64(a) => fill_log10(a.view_mut(), fill_value),
        other => return Err(not_float(var_name, other)),
    }
    set_units(ds, var_name, units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn ds(v: Vec<f32>) -> Dataset {
        let mut ds = Dataset::new();
        ds.insert(
            "backscatter",
            Variable::new(["time"], v).unwrap().with_attr("units", "dummy"),
        )
        .unwrap();
        ds
    }

    #[test]
    fn act_test_values_and_units() {
        // ACT's test: 10 -> 1, -1 -> -7 (fill 1e-7), units "log(dummy)".
        let mut d = ds(vec![10.0, -1.0, 0.0, 100.0, f32::NAN]);
        correct_ceil(&mut d, "backscatter", &CeilOptions::default()).unwrap();
        let v = d.view::<f32>("backscatter").unwrap();
        assert_eq!(&v.as_slice().unwrap()[..4], &[1.0, -7.0, -7.0, 2.0]);
        assert!(v[4].is_nan());
        assert_eq!(d.get("backscatter").unwrap().units(), Some("log(dummy)"));
    }

    #[test]
    fn nan_fill_and_missing_units() {
        let mut d = Dataset::new();
        d.insert("b", Variable::new(["time"], vec![-1.0f64, 1000.0]).unwrap())
            .unwrap();
        correct_ceil(&mut d, "b", &CeilOptions { fill_value: f64::NAN }).unwrap();
        let v = d.view::<f64>("b").unwrap();
        assert!(v[0].is_nan());
        assert_eq!(v[1], 3.0);
        assert_eq!(d.get("b").unwrap().units(), Some("log(unknown)"));
    }

    #[test]
    fn a_second_run_is_refused_and_leaves_the_data_alone() {
        let mut d = ds(vec![10.0, -1.0]);
        correct_ceil(&mut d, "backscatter", &CeilOptions::default()).unwrap();
        let e = correct_ceil(&mut d, "backscatter", &CeilOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("correct_ceil") && e.contains("'backscatter'") && e.contains("already"),
            "{e}"
        );
        assert_eq!(d.view::<f32>("backscatter").unwrap().as_slice().unwrap(), &[1.0, -7.0]);
        assert_eq!(d.get("backscatter").unwrap().units(), Some("log(dummy)"));
    }

    #[test]
    fn errors_name_the_variable() {
        let mut d = ds(vec![1.0]);
        let e = correct_ceil(&mut d, "nope", &CeilOptions::default()).unwrap_err();
        assert!(e.to_string().contains("nope"));
        d.insert("i", Variable::new(["time"], vec![1i32]).unwrap()).unwrap();
        let e = correct_ceil(&mut d, "i", &CeilOptions::default()).unwrap_err();
        assert!(e.to_string().contains("'i'"));
    }
}
