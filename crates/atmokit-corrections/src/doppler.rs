//! Doppler lidar backscatter to log space (ACT `act.corrections.doppler_lidar.correct_dl`).

use crate::util::{fill_log10, fill_log10_f32, not_float, range_dim, scale_along, set_units, wrap_units};
use atmokit_core::{Data, Dataset, Error, Result};

/// The parameters of [`correct_dl`], with ACT's names and defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DlOptions {
    /// Multiply by (range / max range)² before the log (ACT `range_normalize=True`).
    pub range_normalize: bool,
    /// Replacement for non-positive values in linear space (ACT `fill_value=1e-7`); `f64::NAN`
    /// makes them NaN.
    pub fill_value: f64,
}

impl Default for DlOptions {
    fn default() -> Self {
        DlOptions {
            range_normalize: true,
            fill_value: 1e-7,
        }
    }
}

/// Doppler lidar correction, **in place** (ACT mutates its input too).
///
/// - `var_name`: backscatter (ACT default `"attenuated_backscatter"`, units `1/(m sr)`), float32
///   or float64 on `(time, range)` (or any order; the range dim is the one that is not `time`).
/// - `range_normalize` (ACT default `true`): multiply by `(r / max(r))²`, with `r` the values of the
///   range coordinate. This is a *relative* 0–1 normalisation, not a multiplication by r² in metres.
/// - then values `<= 0` become `fill_value` (linear space; ACT default `1e-7`; NaN allowed) and
///   `log10` is taken. Units become `"log( Range normalized <u>)"` or `"log(<u>)"`.
///
/// Because the correction is in place, applying it twice compounds: ACT's own unit-test value
/// (nansum −200886.0 for `range_normalize=False`) is what one gets by running it on a dataset that
/// was already corrected with `range_normalize=True, fill_value=NaN`; on a fresh read the sum is
/// different (see the `corrections` integration tests, which check both).
pub fn correct_dl(ds: &mut Dataset, var_name: &str, options: &DlOptions) -> Result<()> {
    let DlOptions {
        range_normalize,
        fill_value,
    } = *options;
    let norm = if range_normalize {
        let (dim, axis) = range_dim(ds, var_name)?;
        let r = ds.values_f64(&dim)?;
        let max = r.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !(max.is_finite() && max > 0.0) {
            return Err(Error::data(
                dim,
                format!("range coordinate has no positive maximum ({max})"),
            ));
        }
        Some((axis, r, max, ds.get(&dim)?.dtype()))
    } else {
        None
    };
    let prefix = if range_normalize {
        "log( Range normalized "
    } else {
        "log("
    };
    let units = wrap_units(ds, var_name, prefix, "correct_dl")?;
    match ds.get_mut(var_name)?.data_mut() {
        Data::F32(a) => {
            if let Some((axis, r, max, _)) = &norm {
                // float32 as numpy: (r / max) in float32, squared in float32.
                let f: Vec<f32> = r
                    .iter()
                    .map(|&x| {
                        let h = x as f32 / *max as f32;
                        h * h
                    })
                    .collect();
                scale_along(&mut a.view_mut(), *axis, &f);
            }
            fill_log10_f32(a.view_mut(), fill_value as f32);
        }
        Data::F64(a) => {
            if let Some((axis, r, max, _)) = &norm {
                let f: Vec<f64> = r.iter().map(|&x| (x / max).powi(2)).collect();
                scale_along(&mut a.view_mut(), *axis, &f);
            }
            fill_log10(a.view_mut(), fill_value);
        }
        other => return Err(not_float(var_name, other)),
    }
    set_units(ds, var_name, units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;
    use ndarray::Array2;

    fn ds() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 1])).unwrap();
        ds.insert("range", Variable::new(["range"], vec![50.0f32, 100.0]).unwrap())
            .unwrap();
        let a = Array2::from_shape_vec((2, 2), vec![4.0f32, 10.0, -1.0, 1000.0])
            .unwrap()
            .into_dyn();
        ds.insert(
            "b",
            Variable::new(["time", "range"], a)
                .unwrap()
                .with_attr("units", "1/(m sr)"),
        )
        .unwrap();
        ds
    }

    #[test]
    fn range_normalised_by_hand() {
        let mut d = ds();
        correct_dl(&mut d, "b", &DlOptions::default()).unwrap();
        let v = d.view::<f32>("b").unwrap();
        // 4 * (50/100)^2 = 1 -> 0; 10 * 1 -> 1; -1 -> fill -> -7; 1000 -> 3.
        assert_eq!(v.as_slice().unwrap(), &[0.0, 1.0, -7.0, 3.0]);
        assert_eq!(d.get("b").unwrap().units(), Some("log( Range normalized 1/(m sr))"));
    }

    #[test]
    fn without_normalisation_and_nan_fill() {
        let mut d = ds();
        correct_dl(
            &mut d,
            "b",
            &DlOptions {
                range_normalize: false,
                fill_value: f64::NAN,
            },
        )
        .unwrap();
        let v = d.view::<f32>("b").unwrap();
        assert!((v[[0, 0]] - 4f32.log10()).abs() < 1e-7);
        assert!(v[[1, 0]].is_nan());
        assert_eq!(d.get("b").unwrap().units(), Some("log(1/(m sr))"));
    }

    #[test]
    fn transposed_dims_scale_the_right_axis() {
        let mut d = Dataset::new();
        d.insert("range", Variable::new(["range"], vec![50.0f64, 100.0]).unwrap())
            .unwrap();
        let a = Array2::from_shape_vec((2, 1), vec![4.0f64, 10.0]).unwrap().into_dyn();
        d.insert("b", Variable::new(["range", "time"], a).unwrap()).unwrap();
        correct_dl(&mut d, "b", &DlOptions::default()).unwrap();
        assert_eq!(d.view::<f64>("b").unwrap().as_slice().unwrap(), &[0.0, 1.0]);
    }

    #[test]
    fn missing_range_coordinate_is_an_error() {
        let mut d = Dataset::new();
        d.insert(
            "b",
            Variable::new(["time", "gate"], Array2::<f32>::zeros((1, 2)).into_dyn()).unwrap(),
        )
        .unwrap();
        let e = correct_dl(&mut d, "b", &DlOptions::default()).unwrap_err();
        assert!(e.to_string().contains("gate"), "{e}");
    }
}
