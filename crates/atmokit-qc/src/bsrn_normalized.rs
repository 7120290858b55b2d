//! Normalized irradiance (K-) tests: Sengupta et al. (2024), "Best Practices Handbook for the
//! Collection and Use of Solar Resource Data", 4th ed. Port of ACT
//! `QCTests.normalized_rradiance_test` (ACT API reference, `act.qc.bsrn_tests.QCTests`; ACT's spelling kept as an alias).
//! Works in place; solar zenith (degrees, per time sample) and the mean Sun–Earth distance come
//! from the caller.

use crate::bsrn_compare::series;
use crate::limits::finish;
use crate::model::TestResult;
use crate::options::TestOptions;
use crate::values::py_float;
use atmokit_core::{Dataset, Error, Result};

/// One K-test (ACT's option strings in brackets). With `Sa = S0 / d²` (S0 = 1366 W/m²),
/// `Kn = DNI / Sa`, `Kd = DHI / (Sa·μ0)`, `Kt = Kn + Kd`:
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalizedTest {
    /// ["Clearness index"] Kn > Kt. Flags DNI and DHI.
    ClearnessIndex,
    /// ["Upper total transmittance"] Kt > limit (default 1.6) with 0° < SZA < 90°. Flags DNI, DHI.
    UpperTotalTransmittance,
    /// ["Upper direct transmittance"] Kn > 0, GHI > 50 W/m² and Kn > (1100 + 0.03·alt_m) / Sa.
    /// Flags DNI.
    UpperDirectTransmittance,
    /// ["Upper diffuse transmittance"] Kd > limit (default 1.0) with 0° < SZA < 90°. Flags DHI.
    UpperDiffuseTransmittance,
}

impl NormalizedTest {
    /// Parse ACT's option string (case-insensitive).
    pub fn parse(s: &str) -> Result<NormalizedTest> {
        Ok(match s.to_lowercase().as_str() {
            "clearness index" => NormalizedTest::ClearnessIndex,
            "upper total transmittance" => NormalizedTest::UpperTotalTransmittance,
            "upper direct transmittance" => NormalizedTest::UpperDirectTransmittance,
            "upper diffuse transmittance" => NormalizedTest::UpperDiffuseTransmittance,
            _ => return Err(Error::invalid(format!("unknown normalized irradiance test '{s}'"))),
        })
    }
}

/// Inputs of [`normalized_irradiance_test`].
#[derive(Clone, Debug)]
pub struct NormalizedInputs {
    /// Direct normal irradiance variable (W/m²).
    pub dni: Option<String>,
    /// Diffuse horizontal irradiance variable (W/m²).
    pub dhi: Option<String>,
    /// Global horizontal irradiance variable (W/m²), for the upper direct test.
    pub ghi: Option<String>,
    /// Station altitude in metres (upper direct test).
    pub altitude_m: f64,
    /// Mean Sun–Earth distance over the period (AU).
    pub sun_earth_au: f64,
    /// Upper total transmittance limit (ACT default 1.6).
    pub upper_total: f64,
    /// Upper diffuse transmittance limit (ACT default 1.0).
    pub upper_diffuse: f64,
}

impl Default for NormalizedInputs {
    fn default() -> Self {
        NormalizedInputs {
            dni: None,
            dhi: None,
            ghi: None,
            altitude_m: 0.0,
            sun_earth_au: 1.0,
            upper_total: 1.6,
            upper_diffuse: 1.0,
        }
    }
}

/// Run the requested K-tests in place (assessment default Indeterminate; ACT's meanings).
pub fn normalized_irradiance_test(
    ds: &mut Dataset,
    tests: &[NormalizedTest],
    inp: &NormalizedInputs,
    solar_zenith_deg: &[f64],
    opts: &TestOptions,
) -> Result<Vec<TestResult>> {
    if inp.sun_earth_au.is_nan() || inp.sun_earth_au <= 0.0 {
        return Err(Error::parameter(
            "sun_earth_au",
            inp.sun_earth_au,
            "normalized irradiance test: the Sun-Earth distance must be positive",
        ));
    }
    let nt = solar_zenith_deg.len();
    let sa = 1366.0 / (inp.sun_earth_au * inp.sun_earth_au);
    let sza = solar_zenith_deg;
    let assessment = opts.assessment_or("Indeterminate");
    let mut out = vec![];
    for &t in tests {
        let get = |n: &Option<String>, what: &str| series(ds, n.as_ref(), what, &format!("{t:?}"), nt);
        let kn = |dni: &[f64]| -> Vec<f64> { dni.iter().map(|x| x / sa).collect() };
        let kd = |dhi: &[f64]| -> Vec<f64> {
            dhi.iter()
                .zip(sza)
                .map(|(x, z)| x / (sa * z.to_radians().cos()))
                .collect()
        };
        let in_day = |i: usize| sza[i] > 0.0 && sza[i] < 90.0;
        let (mask, meaning, targets): (Vec<bool>, String, Vec<&Option<String>>) = match t {
            NormalizedTest::ClearnessIndex | NormalizedTest::UpperTotalTransmittance => {
                let (n, d) = (kn(&get(&inp.dni, "DNI")?), kd(&get(&inp.dhi, "DHI")?));
                let (m, text) = if t == NormalizedTest::ClearnessIndex {
                    let m = (0..nt).map(|i| n[i] > n[i] + d[i]).collect();
                    (
                        m,
                        "Normalized direct normal irradiance greater than total transmittance.".to_string(),
                    )
                } else {
                    let m = (0..nt).map(|i| n[i] + d[i] > inp.upper_total && in_day(i)).collect();
                    (
                        m,
                        format!("Total transmittance greater than {}", py_float(inp.upper_total)),
                    )
                };
                (m, text, vec![&inp.dni, &inp.dhi])
            }
            NormalizedTest::UpperDirectTransmittance => {
                let (n, g) = (kn(&get(&inp.dni, "DNI")?), get(&inp.ghi, "GHI")?);
                let lim = (1100.0 + 0.03 * inp.altitude_m) / sa;
                let m = (0..nt).map(|i| n[i] > 0.0 && g[i] > 50.0 && n[i] > lim).collect();
                let text = "Direct transmittance greater than upper direct transmittance limit".to_string();
                (m, text, vec![&inp.dni])
            }
            NormalizedTest::UpperDiffuseTransmittance => {
                let d = kd(&get(&inp.dhi, "DHI")?);
                let m = (0..nt).map(|i| in_day(i) && d[i] > inp.upper_diffuse).collect();
                (
                    m,
                    format!("Diffuse transmittance greater than {}", py_float(inp.upper_diffuse)),
                    vec![&inp.dhi],
                )
            }
        };
        let meaning = opts.meaning_or(&meaning);
        for name in targets.into_iter().flatten() {
            out.push(finish(ds, name, &mask, &meaning, &assessment, opts, vec![])?);
        }
    }
    Ok(out)
}

/// ACT's spelling of [`normalized_irradiance_test`].
pub fn normalized_rradiance_test(
    ds: &mut Dataset,
    tests: &[NormalizedTest],
    inp: &NormalizedInputs,
    solar_zenith_deg: &[f64],
    opts: &TestOptions,
) -> Result<Vec<TestResult>> {
    normalized_irradiance_test(ds, tests, inp, solar_zenith_deg, opts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn k_tests_by_hand() {
        // d = 1 AU → Sa = 1366. SZA 60° (μ0 = 0.5), 120° (night), 60°.
        // Kn = 683/1366 = 0.5; Kd = 341.5/683 = 0.5 → Kt = 1.0. Sample 2: Kd = 1.2 → Kt 1.7 > 1.6.
        // Sample 0 DHI −10 → Kd < 0 → Kn > Kt.
        let mut ds = Dataset::new();
        for (n, v) in [
            ("dni", vec![683.0f32, 683.0, 1200.0]),
            ("dhi", vec![-10.0f32, 341.5, 819.6]),
            ("ghi", vec![600.0f32, 0.0, 800.0]),
        ] {
            ds.insert(n, Variable::new(["time"], v).unwrap()).unwrap();
        }
        let inp = NormalizedInputs {
            dni: Some("dni".into()),
            dhi: Some("dhi".into()),
            ghi: Some("ghi".into()),
            altitude_m: 318.0,
            ..Default::default()
        };
        let all = [
            NormalizedTest::ClearnessIndex,
            NormalizedTest::UpperTotalTransmittance,
            NormalizedTest::UpperDirectTransmittance,
            NormalizedTest::UpperDiffuseTransmittance,
        ];
        let sza = [60.0, 120.0, 60.0];
        let r = normalized_irradiance_test(&mut ds, &all, &inp, &sza, &TestOptions::default()).unwrap();
        let idx = |r: &TestResult| crate::get_qc_test_index(&ds, &r.qc_variable_name, r.test_number).unwrap();
        assert_eq!(r.len(), 6);
        // Sample 1 at night: μ0 = −0.5 makes Kd negative, so Kn > Kt there too (as in ACT, the
        // clearness test has no day-time condition).
        assert_eq!(idx(&r[0]), vec![0, 1]);
        assert_eq!(idx(&r[2]), vec![2]);
        assert_eq!(r[2].test_meaning, "Total transmittance greater than 1.6");
        // Upper direct: limit (1100 + 9.54)/1366 → DNI > 1109.54 with GHI > 50: sample 2 only.
        assert_eq!(idx(&r[4]), vec![2]);
        // Upper diffuse: Kd 1.2 > 1.0 at sample 2 (sample 1 is night).
        assert_eq!(idx(&r[5]), vec![2]);
        assert!(NormalizedTest::parse("clearness INDEX").is_ok());
        let bad = NormalizedInputs { dhi: None, ..inp };
        assert!(normalized_rradiance_test(&mut ds, &all[..1], &bad, &sza, &TestOptions::default()).is_err());
    }
}
