//! Clear- and cloudy-sky downwelling longwave estimates (ACT `calculate_longwave_radiation`).

use crate::input::{Want, values};
use atmokit_core::{DType, Dataset, Error, Result, Variable};

pub use atmokit_physics::constants::STEFAN_BOLTZMANN;

/// The variables and emissivity coefficients of [`calculate_longwave_radiation`] (ACT's keywords;
/// ACT's defaults `emiss_a = 0.61`, `emiss_b = 0.06`).
///
/// ```
/// let o = atmokit_retrievals::radiation::longwave::LongwaveOptions::new("temp_mean", "vapor_pressure_mean");
/// assert_eq!((o.emiss_a, o.emiss_b), (0.61, 0.06));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LongwaveOptions {
    /// Air temperature variable (any temperature unit; ACT `temperature_var`).
    pub temperature_var: String,
    /// Vapour pressure variable (any pressure unit; ACT `vapor_pressure_var`).
    pub vapor_pressure_var: String,
    /// Brunt emissivity coefficient a (ACT `emiss_a`, 0.61).
    pub emiss_a: f64,
    /// Brunt emissivity coefficient b, per √hPa (ACT `emiss_b`, 0.06).
    pub emiss_b: f64,
}

impl LongwaveOptions {
    /// The two variables, ACT's coefficients.
    pub fn new(temperature_var: impl Into<String>, vapor_pressure_var: impl Into<String>) -> Self {
        LongwaveOptions {
            temperature_var: temperature_var.into(),
            vapor_pressure_var: vapor_pressure_var.into(),
            emiss_a: 0.61,
            emiss_b: 0.06,
        }
    }
}

/// Longwave estimates (W m⁻²) from screen-level temperature and vapour pressure:
/// - `monteith_clear = ε σ T⁴`, `ε = a + b √e` (Monteith 1973; a = 0.61, b = 0.06, e in hPa);
/// - `monteith_cloudy = ε (1 + 0.178 − 0.00957 (T − 290)) σ T⁴` (Splitt & Bahrmann 1999);
/// - `prata_clear = [1 − (1 + ξ) exp(−√(1.2 + 3ξ))] σ T⁴`, `ξ = 46.5 e/T` (Prata 1996).
///
/// Temperature is converted to K and vapour pressure to hPa from their units (ACT assumes °C and
/// kPa). The variables are read from `met` when given (ACT `met_ds`), else from `ds`; outputs are
/// on the temperature's time dim, float32 when both inputs are.
pub fn calculate_longwave_radiation(ds: &Dataset, met: Option<&Dataset>, o: &LongwaveOptions) -> Result<Dataset> {
    let (temperature_var, vapor_pressure_var) = (o.temperature_var.as_str(), o.vapor_pressure_var.as_str());
    let (emiss_a, emiss_b) = (o.emiss_a, o.emiss_b);
    let src = met.unwrap_or(ds);
    let t = values(src, temperature_var, Want::Kelvin)?;
    let e = values(src, vapor_pressure_var, Want::Hpa)?;
    if t.is_empty() || e.len() != t.len() {
        return Err(Error::invalid(format!(
            "longwave: '{temperature_var}' and '{vapor_pressure_var}' must be non-empty and equally long"
        )));
    }
    let f32_out = src.get(temperature_var)?.dtype() == DType::F32 && src.get(vapor_pressure_var)?.dtype() == DType::F32;
    let sigma = STEFAN_BOLTZMANN;
    let (mut clear, mut cloudy, mut prata) = (Vec::new(), Vec::new(), Vec::new());
    for (&tk, &eh) in t.iter().zip(&e) {
        let eps = emiss_a + emiss_b * eh.sqrt();
        let bb = sigma * tk.powi(4);
        clear.push(eps * bb);
        cloudy.push(eps * (1.0 + (0.178 - 0.00957 * (tk - 290.0))) * bb);
        let xi = 46.5 * (eh / tk);
        prata.push((1.0 - (1.0 + xi) * (-(1.2 + 3.0 * xi).sqrt()).exp()) * bb);
    }
    let tdim = src
        .get(temperature_var)?
        .dims()
        .first()
        .cloned()
        .unwrap_or_else(|| "time".into());
    let mut out = Dataset::new();
    for (name, v, long) in [
        ("monteith_clear", clear, "Clear Sky Estimate-(Monteith, 1973)"),
        ("monteith_cloudy", cloudy, "Overcast Sky Estimate-(Monteith, 1973)"),
        ("prata_clear", prata, "Clear Sky Estimate-(Prata, 1996)"),
    ] {
        let var = if f32_out {
            Variable::new([tdim.clone()], v.iter().map(|&x| x as f32).collect::<Vec<f32>>())?
        } else {
            Variable::new([tdim.clone()], v)?
        };
        out.insert(name, var.with_attr("long_name", long).with_attr("units", "W/m^2"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_by_hand() {
        let mut ds = Dataset::new();
        ds.insert(
            "t",
            Variable::new(["time"], vec![16.85f64])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        ds.insert(
            "e",
            Variable::new(["time"], vec![1.0f64]).unwrap().with_attr("units", "kPa"),
        )
        .unwrap();
        let out = calculate_longwave_radiation(&ds, None, &LongwaveOptions::new("t", "e")).unwrap();
        let t: f64 = 290.0;
        let bb = STEFAN_BOLTZMANN * t.powi(4); // 401.04 W m⁻²
        let eps = 0.61 + 0.06 * 10f64.sqrt();
        let get = |n: &str| out.get(n).unwrap().data().to_f64().unwrap()[[0]];
        assert!((get("monteith_clear") - eps * bb).abs() < 1e-9);
        assert!((get("monteith_cloudy") - eps * 1.178 * bb).abs() < 1e-9);
        let xi = 46.5 * 10.0 / 290.0;
        assert!((get("prata_clear") - (1.0 - (1.0 + xi) * (-(1.2f64 + 3.0 * xi).sqrt()).exp()) * bb).abs() < 1e-9);
        ds.get_mut("e")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "g/kg".into());
        assert!(calculate_longwave_radiation(&ds, None, &LongwaveOptions::new("t", "e")).is_err());
    }
}
