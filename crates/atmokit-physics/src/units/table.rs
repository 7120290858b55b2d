//! The unit table and the parser of compound unit strings ("W/m^2", "mm/hr", "g m-3").
//!
//! Every unit is an affine map to SI: `value_SI = value · scale + offset`, with a dimension
//! vector of exponents over (length, mass, time, temperature, current, amount). Offsets are only
//! meaningful for a lone temperature (`degC`, `degF`); inside a compound ("degC/s") a
//! temperature counts as a difference, as pint does.
//!
//! Why a table and not a crate: the units in ARM files are a small, stable vocabulary plus ACT's
//! aliases (`C`, `F`, `%`, `1`, `fraction`, `unitless`), with numbers that must match pint's
//! definitions (e.g. `inHg` = inch · 13.5951 g/cm³ · g₀). Crates such as `uom` work on
//! compile-time types and parse no strings; a ~100-line table does the job, and each factor
//! below is an exact definition (NIST SP 811 / pint's `default_en.txt`).

use atmokit_core::{Error, Result};

/// Exponents of (length, mass, time, temperature, current, amount of substance).
pub type Dims = [i8; 6];

const NONE: Dims = [0, 0, 0, 0, 0, 0];
const LEN: Dims = [1, 0, 0, 0, 0, 0];
const MASS: Dims = [0, 1, 0, 0, 0, 0];
const TIME: Dims = [0, 0, 1, 0, 0, 0];
const TEMP: Dims = [0, 0, 0, 1, 0, 0];
const CURRENT: Dims = [0, 0, 0, 0, 1, 0];
const AMOUNT: Dims = [0, 0, 0, 0, 0, 1];
const PRESSURE: Dims = [-1, 1, -2, 0, 0, 0];
const ENERGY: Dims = [2, 1, -2, 0, 0, 0];
const POWER: Dims = [2, 1, -3, 0, 0, 0];
const FORCE: Dims = [1, 1, -2, 0, 0, 0];
const SPEED: Dims = [1, 0, -1, 0, 0, 0];
const VOLUME: Dims = [3, 0, 0, 0, 0, 0];
const FREQ: Dims = [0, 0, -1, 0, 0, 0];
const VOLT: Dims = [2, 1, -3, 0, -1, 0];

/// Standard gravity g₀ in m/s² (exact, CGPM 1901).
const G0: f64 = 9.806_65;
/// pint's density of mercury, kg/m³.
const HG: f64 = 13_595.1;

/// One named unit: SI scale, SI offset, dimensions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    /// Multiply by this to get SI.
    pub scale: f64,
    /// Add this after scaling to get SI (non-zero only for degC/degF).
    pub offset: f64,
    /// Dimension exponents.
    pub dims: Dims,
}

const fn u(scale: f64, dims: Dims) -> Unit {
    Unit {
        scale,
        offset: 0.0,
        dims,
    }
}

/// Whole-word units (ARM spellings and ACT's aliases), matched case-sensitively first.
fn named(word: &str) -> Option<Unit> {
    let deg = std::f64::consts::PI / 180.0;
    Some(match word {
        "1" | "unitless" | "fraction" | "dimensionless" | "none" | "unity" | "count" | "counts" => u(1.0, NONE),
        "%" | "percent" => u(0.01, NONE),
        "ppm" | "ppmv" => u(1e-6, NONE),
        "ppb" | "ppbv" => u(1e-9, NONE),
        "ppt" | "ppth" => u(1e-3, NONE),
        "permille" => u(1e-3, NONE),
        "rad" | "radian" | "radians" => u(1.0, NONE),
        "degree" | "degrees" | "deg" | "arcdeg" | "degrees_north" | "degrees_east" | "degree_north" | "degree_east"
        | "degree_N" | "degree_E" | "degrees_N" | "degrees_E" | "degN" | "degE" => u(deg, NONE),
        "arcmin" => u(deg / 60.0, NONE),
        "arcsec" => u(deg / 3600.0, NONE),
        "sr" | "steradian" => u(1.0, NONE),
        "m" | "meter" | "meters" | "metre" | "metres" => u(1.0, LEN),
        "micron" | "microns" => u(1e-6, LEN),
        "in" | "inch" | "inches" => u(0.0254, LEN),
        "ft" | "foot" | "feet" => u(0.3048, LEN),
        "kft" => u(304.8, LEN),
        "yd" | "yard" | "yards" => u(0.9144, LEN),
        "mi" | "mile" | "miles" => u(1609.344, LEN),
        "nmi" | "nautical_mile" => u(1852.0, LEN),
        "g" | "gram" | "grams" => u(1e-3, MASS),
        "kg" | "kilogram" | "kilograms" => u(1.0, MASS),
        "lb" | "pound" | "pounds" => u(0.453_592_37, MASS),
        "s" | "sec" | "second" | "seconds" => u(1.0, TIME),
        "min" | "minute" | "minutes" => u(60.0, TIME),
        "h" | "hr" | "hour" | "hours" => u(3600.0, TIME),
        "d" | "day" | "days" => u(86_400.0, TIME),
        "K" | "kelvin" | "Kelvin" | "degK" | "deg_K" | "degree_K" | "degrees_K" => u(1.0, TEMP),
        "degC" | "C" | "celsius" | "Celsius" | "deg_C" | "degree_C" | "degrees_C" | "degree_Celsius"
        | "degrees_Celsius" | "°C" => Unit {
            scale: 1.0,
            offset: crate::constants::ZERO_DEGC,
            dims: TEMP,
        },
        "degF" | "F" | "fahrenheit" | "Fahrenheit" | "deg_F" | "degree_F" | "degrees_F" | "degree_Fahrenheit"
        | "degrees_Fahrenheit" | "°F" => Unit {
            scale: 5.0 / 9.0,
            offset: 459.67 * 5.0 / 9.0,
            dims: TEMP,
        },
        "degR" | "rankine" => u(5.0 / 9.0, TEMP),
        "delta_degC" => u(1.0, TEMP),
        "delta_degF" => u(5.0 / 9.0, TEMP),
        "Pa" | "pascal" | "pascals" => u(1.0, PRESSURE),
        "hectopascal" | "hectopascals" => u(100.0, PRESSURE),
        "kilopascal" | "kilopascals" => u(1000.0, PRESSURE),
        "mb" | "mbar" | "millibar" => u(100.0, PRESSURE),
        "bar" => u(1e5, PRESSURE),
        "atm" | "atmosphere" => u(101_325.0, PRESSURE),
        "torr" => u(101_325.0 / 760.0, PRESSURE),
        "inHg" | "in_Hg" | "inch_Hg" => u(0.0254 * HG * G0, PRESSURE),
        "mmHg" | "mm_Hg" | "millimeter_Hg" => u(1e-3 * HG * G0, PRESSURE),
        "psi" => u(0.453_592_37 * G0 / (0.0254 * 0.0254), PRESSURE),
        "J" | "joule" => u(1.0, ENERGY),
        "cal" | "calorie" => u(4.184, ENERGY),
        "W" | "watt" | "watts" => u(1.0, POWER),
        "N" | "newton" => u(1.0, FORCE),
        "knot" | "knots" | "kt" | "kts" | "kn" => u(1852.0 / 3600.0, SPEED),
        "mph" => u(0.44704, SPEED),
        "kph" => u(1000.0 / 3600.0, SPEED),
        "L" | "l" | "liter" | "liters" | "litre" => u(1e-3, VOLUME),
        "Hz" | "hertz" => u(1.0, FREQ),
        "A" | "ampere" => u(1.0, CURRENT),
        "V" | "volt" | "volts" => u(1.0, VOLT),
        "mol" | "mole" => u(1.0, AMOUNT),
        _ => return None,
    })
}

/// SI prefixes usable before the symbols in [`PREFIXABLE`].
const PREFIXES: [(&str, f64); 13] = [
    ("p", 1e-12),
    ("n", 1e-9),
    ("u", 1e-6),
    ("µ", 1e-6),
    ("μ", 1e-6),
    ("m", 1e-3),
    ("c", 1e-2),
    ("d", 1e-1),
    ("da", 1e1),
    ("h", 1e2),
    ("k", 1e3),
    ("M", 1e6),
    ("G", 1e9),
];

/// Symbols that take an SI prefix ("km", "hPa", "mW", "ms", "MHz", "mL", "mV", "mmol").
const PREFIXABLE: [&str; 14] = [
    "m", "g", "s", "Pa", "W", "J", "Hz", "L", "l", "N", "V", "A", "mol", "bar",
];

/// One factor: a whole word or a prefixed symbol.
fn atom(word: &str) -> Option<Unit> {
    if let Some(unit) = named(word) {
        return Some(unit);
    }
    for (prefix, factor) in PREFIXES {
        if let Some(rest) = word.strip_prefix(prefix)
            && PREFIXABLE.contains(&rest)
            && let Some(base) = named(rest)
        {
            return Some(Unit {
                scale: base.scale * factor,
                ..base
            });
        }
    }
    None
}

/// Splits "m2", "m-2", "m^2" ("**" is rewritten to "^" before) into ("m", 2).
fn split_power(token: &str) -> Result<(&str, i32)> {
    let (base, exp) = if let Some((b, e)) = token.split_once('^') {
        (b, Some(e))
    } else {
        let cut = token
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit() || *c == '-' || *c == '+')
            .last()
            .map(|(i, _)| i);
        match cut {
            Some(i) if i > 0 => (&token[..i], Some(&token[i..])),
            _ => (token, None),
        }
    };
    let power = match exp {
        None => 1,
        Some(e) => e
            .parse::<i32>()
            .map_err(|_| Error::Units(format!("cannot read the exponent in unit '{token}'")))?,
    };
    Ok((base, power))
}

/// Rewrites "a/(b c)" as "a/b c" (the grammar puts everything after one '/' in the denominator);
/// `None` for other uses of parentheses.
fn strip_denominator_parens(text: &str) -> Option<String> {
    if !text.contains(['(', ')']) {
        return Some(text.to_string());
    }
    let (num, rest) = text.split_once("/(")?;
    let inner = rest.strip_suffix(')')?;
    if num.contains(['(', ')']) || inner.contains(['(', ')', '/']) {
        return None;
    }
    Some(format!("{num}/{inner}"))
}

/// Parses a units string into one affine [`Unit`].
///
/// Grammar: factors separated by spaces, `*` or `.`, divided by `/` (everything after a `/`
/// up to the next `/` is in the denominator, so "W/m^2/sr" = W·m⁻²·sr⁻¹); powers as `^n`,
/// `**n` or trailing digits ("m-2", "s-1"); a parenthesised whole denominator as in AERI's
/// "mW/(m2 sr cm-1)". A lone temperature keeps its offset.
///
/// # Errors
/// [`Error::Units`] naming the string and the part that was not understood.
pub fn parse(text: &str) -> Result<Unit> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::Units("empty units string".into()));
    }
    if let Some(unit) = atom(trimmed) {
        return Ok(unit);
    }
    let mut scale = 1.0;
    let mut dims = NONE;
    let normalized = strip_denominator_parens(&trimmed.replace("**", "^")).ok_or_else(|| {
        Error::Units(format!(
            "units '{text}': parentheses only as '/(…)' around a whole denominator"
        ))
    })?;
    for (k, part) in normalized.split('/').enumerate() {
        let sign = if k == 0 { 1 } else { -1 };
        let tokens: Vec<&str> = part.split([' ', '*', '·']).filter(|t| !t.is_empty()).collect();
        if tokens.is_empty() {
            if k == 0 {
                continue; // "/s" = "1/s"
            }
            return Err(Error::Units(format!("units '{text}': empty denominator")));
        }
        for token in tokens {
            for factor in token.split('.').filter(|t| !t.is_empty()) {
                let (base, power) = split_power(factor)?;
                let unit = if base == "1" && k == 0 {
                    u(1.0, NONE)
                } else {
                    atom(base).ok_or_else(|| Error::Units(format!("units '{text}': unknown unit '{base}'")))?
                };
                let p = sign * power;
                scale *= unit.scale.powi(p);
                for (d, ud) in dims.iter_mut().zip(unit.dims) {
                    *d += ud * p as i8;
                }
            }
        }
    }
    Ok(Unit {
        scale,
        offset: 0.0,
        dims,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds() {
        let w = parse("W/m^2").unwrap();
        assert_eq!(w.dims, [0, 1, -3, 0, 0, 0]);
        assert_eq!(parse("W m-2").unwrap(), w);
        assert_eq!(parse("W*m**-2").unwrap(), w);
        let mw = parse("mW/cm^2").unwrap();
        assert!((mw.scale - 10.0).abs() < 1e-12);
        assert_eq!(parse("g/m^3").unwrap().dims, [-3, 1, 0, 0, 0, 0]);
        assert!((parse("mm/hr").unwrap().scale - 1e-3 / 3600.0).abs() < 1e-18);
        assert_eq!(parse("1/s").unwrap().dims, FREQ);
        assert_eq!(parse("W/(m^2)").unwrap(), w);
        // AERI radiance: mW/(m² sr cm⁻¹) = 1e-3 W / (m² · 1e2 m⁻¹) = 1e-5 W m⁻¹ sr⁻¹.
        let aeri = parse("mW/(m2 sr cm-1)").unwrap();
        assert_eq!(aeri.dims, [1, 1, -3, 0, 0, 0]);
        assert!((aeri.scale - 1e-5).abs() < 1e-20);
        assert!(parse("(W)/m").is_err());
        assert!(parse("W/(m/s)").is_err());
        assert_eq!(parse("degree_N").unwrap(), parse("degree").unwrap());
    }

    #[test]
    fn prefixes_and_words() {
        assert_eq!(parse("hPa").unwrap().scale, 100.0);
        // The spellings atmokit and CF writers use themselves.
        assert_eq!(parse("hectopascal").unwrap().scale, 100.0);
        for c in ["Celsius", "degree_C", "degrees_C", "celsius"] {
            let t = parse(c).unwrap();
            assert_eq!((t.scale, t.offset), (1.0, 273.15), "{c}");
        }
        assert_eq!(parse("kPa").unwrap().scale, 1000.0);
        assert_eq!(parse("km").unwrap().scale, 1000.0);
        assert_eq!(parse("min").unwrap().scale, 60.0);
        assert_eq!(parse("mm").unwrap().scale, 1e-3);
        assert!(parse("furlongs").is_err());
        assert!(parse("").is_err());
        assert!(parse("m^x").is_err());
    }
}
