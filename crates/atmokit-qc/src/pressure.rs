//! Atmospheric pressure range test, port of ACT `add_atmospheric_pressure_test`
//! (ACT API reference, `act.qc.qctests.QCTests`).

use crate::TestOptions;
use crate::limits::finish_pred;
use crate::model::TestResult;
use crate::values::py_float;
use atmokit_core::{Dataset, Error, Result};
use atmokit_physics::units::conversion as converter;

use atmokit_physics::constants::{G0 as G, RD, STD_ATM_LAPSE as GAMMA, STD_ATM_P0_HPA, STD_ATM_T0 as T0};
/// US standard atmosphere sea-level pressure in kPa.
const P0: f64 = STD_ATM_P0_HPA / 10.0;

/// Pressure (kPa) at `height_m` above the level where the pressure is `p_kpa`, in the US standard
/// atmosphere: MetPy's `add_height_to_pressure`, i.e.
/// `z = T0/Γ·(1 − (p/P0)^(Rd·Γ/g))`, then `P0·(1 − Γ/T0·(z + h))^(g/(Rd·Γ))`.
pub fn add_height_to_pressure(p_kpa: f64, height_m: f64) -> f64 {
    let z = T0 / GAMMA * (1.0 - (p_kpa / P0).powf(RD * GAMMA / G));
    P0 * (1.0 - GAMMA / T0 * (z + height_m)).powf(G / (RD * GAMMA))
}

/// The parameters of [`add_atmospheric_pressure_test`], with ACT's names and defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct PressureOptions {
    /// The altitude variable (m, or any length unit; its mean is used). ACT `alt_name='alt'`.
    pub alt_name: String,
    /// Half-width of the accepted range, kPa. ACT `test_limit=3.5`.
    pub test_limit: f64,
    /// Sea-level pressure, kPa. ACT `sea_level_pressure=101.325`.
    pub sea_level_pressure: f64,
    /// Added to the expected pressure, kPa. ACT `bias=0.35`.
    pub bias: f64,
}

impl Default for PressureOptions {
    fn default() -> Self {
        PressureOptions {
            alt_name: "alt".into(),
            test_limit: 3.5,
            sea_level_pressure: 101.325,
            bias: 0.35,
        }
    }
}

/// Flag pressures outside `P ± test_limit`, where `P` is `sea_level_pressure` (kPa) brought to
/// the mean of `alt_name` (m, or any length unit) with [`add_height_to_pressure`] plus `bias`
/// (kPa), see [`PressureOptions`]; limits are converted to the data's units (kPa, hPa, mb, Pa).
/// Bounds exclusive; NaN never flagged. Default meaning "Value outside of atmospheric pressure range test range:
/// {lo} to {hi} {units}" (limits rounded to 2 decimals), assessment Bad.
///
/// With [`TestOptions::act_compat`] and a float32 altitude, the limits are float32 as in ACT
/// 2.3.4 (compared in float32, and printed widened to float64 in the meaning:
/// "94.41000366210938 to 101.41000366210938 kPa" for SGP E13 at 318 m).
pub fn add_atmospheric_pressure_test(
    ds: &mut Dataset,
    var: &str,
    p: &PressureOptions,
    opts: &TestOptions,
) -> Result<TestResult> {
    let (alt_name, test_limit, sea_level_pressure, bias) =
        (p.alt_name.as_str(), p.test_limit, p.sea_level_pressure, p.bias);
    let units = ds
        .get(var)?
        .units()
        .ok_or_else(|| Error::MissingAttribute {
            var: var.into(),
            attr: "units".into(),
        })?
        .to_string();
    let (ps, po) = converter("kPa", &units)?;
    let alt = ds.get(alt_name)?;
    let (hs, ho) = converter(alt.units().unwrap_or("m"), "m")?;
    let a = alt
        .data()
        .to_f64()
        .ok_or_else(|| crate::values::not_numeric(alt_name, alt.data()))?;
    let fin: Vec<f64> = a.iter().copied().filter(|v| v.is_finite()).collect();
    if fin.is_empty() {
        return Err(Error::data(alt_name, "has no finite altitude"));
    }
    let h = fin.iter().sum::<f64>() / fin.len() as f64 * hs + ho;
    let p = add_height_to_pressure(sea_level_pressure, h) * ps + po + bias * ps;
    let (mut lo, mut hi) = (p - test_limit * ps, p + test_limit * ps);
    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    // ACT 2.3.4: a float32 altitude makes the limits float32; `round(limit, 2)` stays float32 and
    // the f-string prints it widened.
    let act_f32 = opts.act_compat && alt.dtype() == atmokit_core::DType::F32;
    let r2 = |x: f64| if act_f32 { r2(x) as f32 as f64 } else { r2(x) };
    if act_f32 {
        (lo, hi) = (lo as f32 as f64, hi as f32 as f64);
    }
    let meaning = opts.meaning_or(&format!(
        "Value outside of atmospheric pressure range test range: {} to {} {units}",
        py_float(r2(lo)),
        py_float(r2(hi))
    ));
    let assessment = opts.assessment_or("Bad");
    finish_pred(ds, var, |x| x < lo || x > hi, &meaning, &assessment, opts, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn standard_atmosphere() {
        // 1000 m above sea level in the US standard atmosphere: 89.87 kPa (published table).
        assert!((add_height_to_pressure(101.325, 1000.0) - 89.876).abs() < 0.01);
        assert!((add_height_to_pressure(101.325, 0.0) - 101.325).abs() < 1e-9);
    }

    #[test]
    fn flags_outside_expected_range() {
        let mut ds = Dataset::new();
        ds.insert("alt", Variable::scalar(0.0f32).with_attr("units", "m"))
            .unwrap();
        let p = Variable::new(["time"], vec![1016.0f32, 1100.0, 970.0, 1040.0])
            .unwrap()
            .with_attr("units", "hPa");
        ds.insert("p", p).unwrap();
        let r =
            add_atmospheric_pressure_test(&mut ds, "p", &PressureOptions::default(), &TestOptions::default()).unwrap();
        // 1016.75 ± 35 hPa → 981.75 to 1051.75.
        assert_eq!(
            r.test_meaning,
            "Value outside of atmospheric pressure range test range: 981.75 to 1051.75 hPa"
        );
        assert_eq!(
            crate::get_qc_test_index(&ds, "qc_p", r.test_number).unwrap(),
            vec![1, 2]
        );
        // ACT 2.3.4 with the float32 altitude: the same limits, printed widened to float64.
        let mut ds2 = ds.clone();
        let r = add_atmospheric_pressure_test(
            &mut ds2,
            "p",
            &PressureOptions::default(),
            &TestOptions::default().act_compatible(true),
        )
        .unwrap();
        assert_eq!(
            r.test_meaning,
            "Value outside of atmospheric pressure range test range: 981.75 to 1051.75 hPa"
        );
        assert!(
            add_atmospheric_pressure_test(
                &mut ds,
                "p",
                &PressureOptions {
                    alt_name: "nope".into(),
                    ..Default::default()
                },
                &TestOptions::default()
            )
            .is_err()
        );
    }
}
