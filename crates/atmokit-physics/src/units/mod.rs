//! Unit conversion over the units strings ARM files use (ACT `act.utils.data_utils.convert_units`).
//!
//! ACT converts with pint (`UnitRegistry(autoconvert_offset_to_baseunit=True)`) plus the aliases
//! `C`→`degC`, `F`→`degF`, `%`→`percent`, `1`→`unitless`, and `fraction`/`unitless` defined
//! dimensionless. atmokit uses a table of affine units ([`table`], which explains the choice):
//! `y = x · a + b` with `a = s_in / s_out` and `b = (o_in − o_out) / s_out` from each unit's SI
//! scale `s` and offset `o`.
//!
//! dtypes follow the oracle: float32 stays float32, float64 stays float64, and integer input is
//! cast back to its integer type when every result is a whole number within the type's range,
//! otherwise it becomes float64.

mod dataset;
pub mod table;

use atmokit_core::{DType, Data, Error, Result};

pub use dataset::{ChangeUnitsOptions, ChangeUnitsReport, change_units};
pub use table::{Unit, parse};

/// The affine factors `(a, b)` with `y = x·a + b` converting `from` into `to`.
///
/// Offsets are kept only for a lone temperature unit ("degC" → "K" adds 273.15); in compounds a
/// temperature is a difference ("K/s" = "degC/s").
///
/// # Errors
/// [`Error::Units`] if either string is not understood or the dimensions differ.
pub fn conversion(from: &str, to: &str) -> Result<(f64, f64)> {
    let a = parse(from)?;
    let b = parse(to)?;
    if a.dims != b.dims {
        return Err(Error::Units(format!(
            "cannot convert '{from}' to '{to}': dimensions differ ({:?} vs {:?} in m, kg, s, K, A, mol)",
            a.dims, b.dims
        )));
    }
    Ok((a.scale / b.scale, (a.offset - b.offset) / b.scale))
}

/// Converts f64 values in place from `from` to `to` units (NaN stays NaN).
///
/// # Errors
/// As [`conversion`].
pub fn convert_f64(values: &mut [f64], from: &str, to: &str) -> Result<()> {
    let (a, b) = conversion(from, to)?;
    values.iter_mut().for_each(|v| *v = *v * a + b);
    Ok(())
}

/// Converts data from `from` to `to` units — ACT `convert_units(data, in_units, out_units)`.
///
/// Returns new data: float32 → float32 (computed in f64, rounded once), float64 → float64,
/// integers → the same integer type when every result is whole and in range, else float64.
/// Identical unit strings return a copy unchanged.
///
/// # Errors
/// [`Error::Units`] for a unit string that is not understood or incompatible units;
/// [`Error::InvalidArgument`] for char, string or time data.
pub fn convert_units(data: &Data, from: &str, to: &str) -> Result<Data> {
    if matches!(data, Data::Char(_) | Data::Str(_) | Data::Time(_)) {
        return Err(Error::invalid(format!(
            "convert_units: cannot convert {} data",
            data.dtype()
        )));
    }
    let (a, b) = conversion(from, to)?;
    if from.trim() == to.trim() {
        return Ok(data.clone());
    }
    Ok(match data {
        Data::F32(x) => Data::F32(x.mapv(|v| (f64::from(v) * a + b) as f32)),
        Data::F64(x) => Data::F64(x.mapv(|v| v * a + b)),
        other => {
            let y = other
                .to_f64()
                .ok_or_else(|| Error::invalid("convert_units: non-numeric data"))?
                .mapv(|v| v * a + b);
            let whole = y.iter().all(|v| v.is_finite() && v.fract() == 0.0);
            let back = if whole {
                Some(Data::F64(y.clone()).cast(other.dtype())?)
            } else {
                None
            };
            match back {
                Some(c)
                    if c.iter_f64()
                        .is_some_and(|mut it| y.iter().all(|v| it.next() == Some(*v))) =>
                {
                    c
                }
                _ => Data::F64(y),
            }
        }
    })
}

/// Options of [`convert_units_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConvertOptions {
    /// Round as pint does for ACT 2.3.4: a plain scaling multiplies by the factor rounded to the
    /// data's type (float32 arithmetic for float32 data); a conversion with a temperature offset
    /// goes through kelvin in four rounded steps, `((x·s_in + o_in) − o_out) / s_out`. Results
    /// then equal pint's bit for bit instead of within one unit in the last place. Integers are
    /// converted as without it. Default off.
    pub act_compat: bool,
}

/// [`convert_units`] with options.
///
/// # Errors
/// As [`convert_units`].
pub fn convert_units_with(data: &Data, from: &str, to: &str, opts: &ConvertOptions) -> Result<Data> {
    if !opts.act_compat || !matches!(data, Data::F32(_) | Data::F64(_)) {
        return convert_units(data, from, to);
    }
    let (a, _) = conversion(from, to)?;
    if from.trim() == to.trim() {
        return Ok(data.clone());
    }
    let (u, v) = (parse(from)?, parse(to)?);
    let offset = u.offset != 0.0 || v.offset != 0.0;
    Ok(match data {
        Data::F32(x) if offset => {
            let (si, oi, so, oo) = (u.scale as f32, u.offset as f32, v.scale as f32, v.offset as f32);
            Data::F32(x.mapv(|x| ((x * si + oi) - oo) / so))
        }
        Data::F32(x) => {
            let a = a as f32;
            Data::F32(x.mapv(|x| x * a))
        }
        Data::F64(x) if offset => Data::F64(x.mapv(|x| ((x * u.scale + u.offset) - v.offset) / v.scale)),
        Data::F64(x) => Data::F64(x.mapv(|x| x * a)),
        other => convert_units(other, from, to)?,
    })
}

/// Converts one number; convenient for limits and attributes.
///
/// # Errors
/// As [`conversion`].
pub fn convert_value(value: f64, from: &str, to: &str) -> Result<f64> {
    let (a, b) = conversion(from, to)?;
    Ok(value * a + b)
}

/// The dtype [`convert_units`] returns for `dtype` input when results are not whole.
pub fn float_dtype_for(dtype: DType) -> DType {
    if dtype == DType::F32 { DType::F32 } else { DType::F64 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::ArrayD;

    fn f64s(v: &[f64]) -> Data {
        Data::F64(ArrayD::from_shape_vec(vec![v.len()], v.to_vec()).unwrap())
    }

    #[test]
    fn temperature_affine() {
        // Defining relations: K = °C + 273.15; °F = °C·9/5 + 32.
        assert!((convert_value(0.0, "degC", "K").unwrap() - 273.15).abs() < 1e-12);
        assert!((convert_value(100.0, "C", "F").unwrap() - 212.0).abs() < 1e-12);
        assert!((convert_value(-40.0, "degF", "degC").unwrap() + 40.0).abs() < 1e-12);
        // In a compound a temperature is a difference.
        assert!((convert_value(1.0, "K/s", "degC/s").unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn int_cast_back_only_when_whole() {
        let ints = Data::I32(ArrayD::from_shape_vec(vec![2], vec![1000, 2000]).unwrap());
        assert_eq!(
            convert_units(&ints, "m", "km").unwrap(),
            Data::I32(ArrayD::from_shape_vec(vec![2], vec![1, 2]).unwrap())
        );
        let r = convert_units(&ints, "m", "mile").unwrap();
        assert_eq!(r.dtype(), DType::F64);
        // 200 in i8 would overflow: stays float.
        let small = Data::I8(ArrayD::from_shape_vec(vec![1], vec![2i8]).unwrap());
        assert_eq!(convert_units(&small, "m", "cm").unwrap().dtype(), DType::F64);
    }

    #[test]
    fn errors_name_the_unit() {
        let e = convert_units(&f64s(&[1.0]), "m", "bogons").unwrap_err().to_string();
        assert!(e.contains("bogons"), "{e}");
        let e = convert_units(&f64s(&[1.0]), "m", "s").unwrap_err().to_string();
        assert!(e.contains("dimensions differ"), "{e}");
        assert!(
            convert_units(
                &Data::Str(ArrayD::from_shape_vec(vec![1], vec!["a".to_string()]).unwrap()),
                "m",
                "km"
            )
            .is_err()
        );
    }

    #[test]
    fn nan_and_empty() {
        let r = convert_units(&f64s(&[f64::NAN]), "m", "km").unwrap();
        assert!(r.to_f64().unwrap()[[0]].is_nan());
        assert_eq!(convert_units(&f64s(&[]), "m", "km").unwrap().len(), 0);
        let ints = Data::I64(ArrayD::from_shape_vec(vec![0], vec![]).unwrap());
        assert_eq!(convert_units(&ints, "m", "km").unwrap().dtype(), DType::I64);
    }
}
