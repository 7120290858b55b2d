//! The few unit conversions the difference test needs (temperature, pressure, speed, length,
//! fractions). A full units engine lives elsewhere; unknown pairs are an error, never a guess.

use atmokit_core::{Error, Result};

fn canon(u: &str) -> &str {
    match u.trim() {
        "C" | "degC" | "deg C" | "celsius" | "degree_Celsius" => "degC",
        "K" | "kelvin" => "K",
        "F" | "degF" | "fahrenheit" => "degF",
        "mb" | "mbar" | "millibar" => "hPa",
        "m s-1" | "m/s" | "m s^-1" => "m/s",
        "knots" | "knot" | "kt" | "kts" => "kt",
        "km/h" | "km h-1" | "kph" => "km/h",
        "%" | "percent" => "%",
        "deg" | "degree" | "degrees" | "degs" => "degree",
        other => other,
    }
}

/// A function converting values in `from` to `to` (`y = x * scale + offset`, applied in f64).
///
/// Errors with [`Error::Units`] naming both units when the pair is unknown.
pub fn converter(from: &str, to: &str) -> Result<(f64, f64)> {
    let (f, t) = (canon(from), canon(to));
    if f == t {
        return Ok((1.0, 0.0));
    }
    // (kind, scale to the base unit, offset to the base unit)
    fn base(u: &str) -> Option<(&'static str, f64, f64)> {
        Some(match u {
            "K" => ("temperature", 1.0, 0.0),
            "degC" => ("temperature", 1.0, 273.15),
            "degF" => ("temperature", 5.0 / 9.0, 273.15 - 32.0 * 5.0 / 9.0),
            "Pa" => ("pressure", 1.0, 0.0),
            "hPa" => ("pressure", 100.0, 0.0),
            "kPa" => ("pressure", 1000.0, 0.0),
            "m/s" => ("speed", 1.0, 0.0),
            "kt" => ("speed", 1852.0 / 3600.0, 0.0),
            "km/h" => ("speed", 1.0 / 3.6, 0.0),
            "mph" => ("speed", 0.44704, 0.0),
            "m" => ("length", 1.0, 0.0),
            "km" => ("length", 1000.0, 0.0),
            "cm" => ("length", 0.01, 0.0),
            "mm" => ("length", 0.001, 0.0),
            "%" => ("fraction", 0.01, 0.0),
            "1" => ("fraction", 1.0, 0.0),
            _ => return None,
        })
    }
    match (base(f), base(t)) {
        (Some((kf, sf, of)), Some((kt, st, ot))) if kf == kt => Ok((sf / st, (of - ot) / st)),
        _ => Err(Error::Units(format!("cannot convert '{from}' to '{to}'"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_conversions() {
        let (s, o) = converter("degC", "K").unwrap();
        assert!((0.0 * s + o - 273.15).abs() < 1e-12);
        let (s, o) = converter("degF", "degC").unwrap();
        assert!((212.0 * s + o - 100.0).abs() < 1e-9);
        assert_eq!(converter("mb", "kPa").unwrap(), (0.1, 0.0));
        assert_eq!(converter("C", "degC").unwrap(), (1.0, 0.0));
        assert!(converter("m/s", "K").is_err());
    }
}
