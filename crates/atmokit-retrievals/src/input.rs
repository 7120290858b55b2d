//! Reading input variables as f64 in the units a retrieval needs, with clear errors.
//!
//! The retrievals accept the units strings ARM files use for the few quantities they need
//! (temperature, pressure, relative humidity, height). The table is small and private on
//! purpose: an unknown units string is an [`Error::Units`] naming the variable, never a guess.

use atmokit_core::{Dataset, Error, Result};

/// Units a retrieval asks its inputs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Want {
    /// Degrees Celsius.
    Celsius,
    /// Kelvin.
    Kelvin,
    /// Hectopascal.
    Hpa,
    /// Percent (relative humidity).
    Percent,
    /// Metres.
    Metre,
    /// Metres per second.
    MetrePerSecond,
    /// Degrees (angles).
    Degree,
}

/// The canonical unit string of each quantity, as `atmokit_physics::units` spells it.
fn canonical(want: Want) -> &'static str {
    match want {
        Want::Celsius => "degC",
        Want::Kelvin => "K",
        Want::Hpa => "hPa",
        Want::Percent => "percent",
        Want::Metre => "m",
        Want::MetrePerSecond => "m/s",
        Want::Degree => "degree",
    }
}

/// `(scale, offset)` such that `value_in_wanted = value * scale + offset`, or None when the
/// units string is not understood for that quantity. Conversion factors come from
/// `atmokit_physics::units` (one table for the whole project); ARM's long-form height units
/// ("meters above Mean Sea Level", "m AGL") are recognised here first.
pub(crate) fn factor(units: &str, want: Want) -> Option<(f64, f64)> {
    let u = units.trim().to_ascii_lowercase().replace(' ', "");
    if want == Want::Metre
        && [
            "metersabove",
            "metresabove",
            "meterabove",
            "mabove",
            "masl",
            "mmsl",
            "magl",
            "m_agl",
        ]
        .iter()
        .any(|p| u.starts_with(p))
    {
        return Some((1.0, 0.0));
    }
    atmokit_physics::units::conversion(units, canonical(want)).ok()
}

/// The values of a numeric variable as a flat f64 vector (logical order), converted to `want`.
///
/// A variable without a `units` attribute is taken as already in `want`'s units.
/// Errors: variable missing, non-numeric data, units not understood for the quantity.
pub(crate) fn values(ds: &Dataset, name: &str, want: Want) -> Result<Vec<f64>> {
    let var = ds.get(name)?;
    let (s, o) = match var.units() {
        None => (1.0, 0.0),
        Some(u) => factor(u, want).ok_or_else(|| {
            Error::Units(format!(
                "variable '{name}': units '{u}' cannot be converted to {}",
                want_name(want)
            ))
        })?,
    };
    let mut v = ds.values_f64(name)?;
    v.iter_mut().for_each(|x| *x = *x * s + o);
    Ok(v)
}

/// Like [`values`] but the variable must be 1-D.
pub(crate) fn values_1d(ds: &Dataset, name: &str, want: Want) -> Result<Vec<f64>> {
    let var = ds.get(name)?;
    if var.dims().len() != 1 {
        return Err(Error::data(name, format!("must be 1-D, has dims {:?}", var.dims())));
    }
    values(ds, name, want)
}

/// Human name of a target unit, for messages and output attrs.
pub(crate) fn want_name(want: Want) -> &'static str {
    match want {
        Want::Celsius => "degC",
        Want::Kelvin => "K",
        Want::Hpa => "hPa",
        Want::Percent => "%",
        Want::Metre => "m",
        Want::MetrePerSecond => "m/s",
        Want::Degree => "degree",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn temperature_units() {
        let (s, o) = factor("degF", Want::Celsius).unwrap();
        assert!((212.0 * s + o - 100.0).abs() < 1e-12);
        let (s, o) = factor("K", Want::Celsius).unwrap();
        assert!((273.15 * s + o).abs() < 1e-12);
        let (s, o) = factor("degree_Celsius", Want::Kelvin).unwrap();
        assert!((s - 1.0).abs() < 1e-15 && (o - 273.15).abs() < 1e-12);
        assert!(factor("furlongs", Want::Celsius).is_none());
    }

    #[test]
    fn unknown_units_error_names_the_variable() {
        let mut ds = Dataset::new();
        ds.insert(
            "tdry",
            Variable::new(["time"], vec![1.0f32])
                .unwrap()
                .with_attr("units", "bananas"),
        )
        .unwrap();
        let e = values(&ds, "tdry", Want::Celsius).unwrap_err().to_string();
        assert!(e.contains("tdry") && e.contains("bananas"), "{e}");
        let e = values(&ds, "nope", Want::Celsius).unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn pressure_units() {
        assert_eq!(factor("kPa", Want::Hpa), Some((10.0, 0.0)));
        assert_eq!(factor("mb", Want::Hpa), Some((1.0, 0.0)));
        assert_eq!(factor("Pa", Want::Hpa), Some((0.01, 0.0)));
        assert_eq!(factor("meters above Mean Sea Level", Want::Metre), Some((1.0, 0.0)));
        assert_eq!(factor("km", Want::Metre), Some((1000.0, 0.0)));
    }
}
