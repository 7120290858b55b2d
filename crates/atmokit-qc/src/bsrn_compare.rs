//! BSRN comparison tests (Long & Shi 2008, "An automated quality assessment and control
//! algorithm for surface radiation measurements"; Long & Dutton 2010, BSRN recommended QC tests
//! V2.0). Port of ACT `QCTests.bsrn_comparison_tests` (ACT API reference, `act.qc.bsrn_tests.QCTests`). Works in place; the
//! solar zenith angle (degrees, one per time sample) comes from the caller.
//!
//! Differs from ACT: the "Closure" test uses the BSRN closure ratio global / (diffuse + DNI·μ0)
//! and flags departures from 1 on both sides; ACT computes diffuse / (global + DNI·μ0) − 1 and
//! flags only values ≥ the limit (ACT 2.3.4 source), which never trips on good data and misses
//! real closure failures. [`TestOptions::act_compat`] reproduces ACT's formula.

use crate::bsrn::BsrnVariables;
use crate::limits::finish;
use crate::model::TestResult;
use crate::options::TestOptions;
use crate::values::not_numeric;
use atmokit_core::{Dataset, Error, Result};
use atmokit_physics::units::conversion as converter;

pub use atmokit_physics::constants::STEFAN_BOLTZMANN;

/// One BSRN comparison test (ACT's option strings in brackets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComparisonTest {
    /// ["Global over Sum SW Ratio"] global / (diffuse + DNI·μ0) outside 0.92–1.08 (SZA < 75°) or
    /// 0.85–1.15 (75° ≤ SZA < 93°); sum < 50 W/m² not tested. Flags global, diffuse, DNI.
    GlobalOverSum,
    /// ["Diffuse Ratio"] diffuse / global ≥ 1.05 (SZA < 75°) or ≥ 1.10 (75° ≤ SZA < 93°); global
    /// < 50 W/m² not tested. Flags global, diffuse.
    DiffuseRatio,
    /// ["SW up"] SW↑ > diffuse + DNI·μ0 (sum < 50 W/m² not tested). Flags SW↑, diffuse, DNI.
    SwUp,
    /// ["LW down to air temp"] LW↓ < 0.4·σT⁴ or LW↓ > σT⁴ + 25. Flags LW↓.
    LwDownToAirTemp,
    /// ["LW up to air temp"] LW↑ < σ(T − 15)⁴ or LW↑ > σ(T + 25)⁴. Flags LW↑.
    LwUpToAirTemp,
    /// ["LW down to LW up"] LW↓ > LW↑ + `lw_dn_lt_lw_up` or LW↓ < LW↑ − `lw_dn_gt_lw_up`. Flags
    /// LW↓, LW↑.
    LwDownToLwUp,
    /// ["Closure"] |global / (diffuse + DNI·μ0) − 1| ≥ 0.08 (SZA ≤ 75°) or ≥ 0.15 (75° < SZA < 93°),
    /// sum > 50 W/m². Flags DNI, diffuse, global.
    Closure,
}

impl ComparisonTest {
    /// Parse ACT's option string (case-insensitive).
    pub fn parse(s: &str) -> Result<ComparisonTest> {
        Ok(match s.to_lowercase().as_str() {
            "global over sum sw ratio" => ComparisonTest::GlobalOverSum,
            "diffuse ratio" => ComparisonTest::DiffuseRatio,
            "sw up" => ComparisonTest::SwUp,
            "lw down to air temp" => ComparisonTest::LwDownToAirTemp,
            "lw up to air temp" => ComparisonTest::LwUpToAirTemp,
            "lw down to lw up" => ComparisonTest::LwDownToLwUp,
            "closure" => ComparisonTest::Closure,
            _ => return Err(Error::invalid(format!("unknown BSRN comparison test '{s}'"))),
        })
    }
}

/// Limits of the LW↓ versus LW↑ test (ACT `LWdn_lt_LWup_component`, `LWdn_gt_LWup_component`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LwComponents {
    /// LW↓ may exceed LW↑ by at most this (W/m², default 25).
    pub lw_dn_lt_lw_up: f64,
    /// LW↓ may fall below LW↑ by at most this (W/m², default 300).
    pub lw_dn_gt_lw_up: f64,
}

impl Default for LwComponents {
    fn default() -> Self {
        LwComponents {
            lw_dn_lt_lw_up: 25.0,
            lw_dn_gt_lw_up: 300.0,
        }
    }
}

/// A 1-D variable as f64, checked against the number of time samples.
pub(crate) fn series(ds: &Dataset, name: Option<&String>, what: &str, test: &str, nt: usize) -> Result<Vec<f64>> {
    let name = name.ok_or_else(|| Error::invalid(format!("BSRN {test} test needs the {what} variable name")))?;
    let v = ds.get(name)?;
    let a = v.data().to_f64().ok_or_else(|| not_numeric(name, v.data()))?;
    if a.ndim() != 1 || a.len() != nt {
        return Err(Error::data(
            name,
            format!(
                "BSRN {test} test: shape {:?} but {nt} solar zenith angles were given",
                a.shape()
            ),
        ));
    }
    Ok(a.iter().copied().collect())
}

/// Run the requested comparison tests in place; each adds one test (assessment default
/// Indeterminate) to every variable it involves, in ACT's order. Inputs in W/m² except the air
/// temperature (`air_temp`, any temperature unit in its `units` attribute, converted to K).
/// `solar_zenith_deg` holds one angle per time sample. Meanings are ACT's texts.
// Explicit `<`/`>` pairs keep NaN ratios unflagged (`!range.contains(NaN)` would flag them).
#[allow(clippy::manual_range_contains)]
pub fn bsrn_comparison_tests(
    ds: &mut Dataset,
    tests: &[ComparisonTest],
    vars: &BsrnVariables,
    air_temp: Option<&str>,
    solar_zenith_deg: &[f64],
    lw: LwComponents,
    opts: &TestOptions,
) -> Result<Vec<TestResult>> {
    let nt = solar_zenith_deg.len();
    let mu0: Vec<f64> = solar_zenith_deg.iter().map(|z| z.to_radians().cos()).collect();
    let sza = solar_zenith_deg;
    let assessment = opts.assessment_or("Indeterminate");
    let mut out = vec![];
    for &t in tests {
        let get = |n: &Option<String>, what: &str| series(ds, n.as_ref(), what, &format!("{t:?}"), nt);
        // Diffuse + DNI·μ0, NaN where < 50 W/m².
        let sw_sum = || -> Result<Vec<f64>> {
            let (d, n) = (
                get(&vars.glb_diffuse_sw_dn, "diffuse")?,
                get(&vars.direct_normal_sw_dn, "DNI")?,
            );
            Ok((0..nt)
                .map(|i| {
                    let s = d[i] + n[i] * mu0[i];
                    if s < 50.0 { f64::NAN } else { s }
                })
                .collect())
        };
        let air_k = || -> Result<Vec<f64>> {
            let name = air_temp.map(str::to_string);
            let v = get(&name, "air temperature")?;
            let n = name.unwrap_or_default();
            let units = ds.get(&n)?.attr_str("units").unwrap_or_default().to_string();
            let (scale, offset) = converter(&units, "K").map_err(|e| Error::data(n, e.to_string()))?;
            Ok(v.iter().map(|x| x * scale + offset).collect())
        };
        let (mask, meaning, targets): (Vec<bool>, &str, Vec<&Option<String>>) = match t {
            ComparisonTest::GlobalOverSum => {
                let (g, s) = (get(&vars.gbl_sw_dn, "global")?, sw_sum()?);
                let m = (0..nt)
                    .map(|i| {
                        let r = g[i] / s[i];
                        (sza[i] < 75.0 && (r > 1.08 || r < 0.92))
                            || (sza[i] >= 75.0 && sza[i] < 93.0 && (r > 1.15 || r < 0.85))
                    })
                    .collect();
                let tg = vec![&vars.gbl_sw_dn, &vars.glb_diffuse_sw_dn, &vars.direct_normal_sw_dn];
                (m, "Ratio of Global over Sum shortwave larger than expected", tg)
            }
            ComparisonTest::DiffuseRatio => {
                let (g, d) = (
                    get(&vars.gbl_sw_dn, "global")?,
                    get(&vars.glb_diffuse_sw_dn, "diffuse")?,
                );
                let m = (0..nt)
                    .map(|i| {
                        let r = if g[i] < 50.0 { f64::NAN } else { d[i] / g[i] };
                        (sza[i] < 75.0 && r >= 1.05) || (sza[i] >= 75.0 && sza[i] < 93.0 && r >= 1.10)
                    })
                    .collect();
                let tg = vec![&vars.gbl_sw_dn, &vars.glb_diffuse_sw_dn];
                (
                    m,
                    "Ratio of Diffuse Shortwave over Global Shortwave larger than expected",
                    tg,
                )
            }
            ComparisonTest::SwUp => {
                let (u, s) = (get(&vars.glb_sw_up, "SW up")?, sw_sum()?);
                let m = (0..nt).map(|i| u[i] > s[i]).collect();
                let tg = vec![&vars.glb_sw_up, &vars.glb_diffuse_sw_dn, &vars.direct_normal_sw_dn];
                (m, "Ratio of Shortwave Upwelling greater than Shortwave Sum", tg)
            }
            ComparisonTest::LwDownToAirTemp => {
                let (l, tk) = (get(&vars.glb_lw_dn, "LW down")?, air_k()?);
                let m = (0..nt)
                    .map(|i| {
                        let e = STEFAN_BOLTZMANN * tk[i].powi(4);
                        0.4 * e > l[i] || e + 25.0 < l[i]
                    })
                    .collect();
                let text = "Longwave downwelling comparison to air temperature out side of expected range";
                (m, text, vec![&vars.glb_lw_dn])
            }
            ComparisonTest::LwUpToAirTemp => {
                let (l, tk) = (get(&vars.glb_lw_up, "LW up")?, air_k()?);
                let m = (0..nt)
                    .map(|i| {
                        STEFAN_BOLTZMANN * (tk[i] - 15.0).powi(4) > l[i]
                            || STEFAN_BOLTZMANN * (tk[i] + 25.0).powi(4) < l[i]
                    })
                    .collect();
                let text = "Longwave upwelling comparison to air temperature out side of expected range";
                (m, text, vec![&vars.glb_lw_up])
            }
            ComparisonTest::LwDownToLwUp => {
                let (d, u) = (get(&vars.glb_lw_dn, "LW down")?, get(&vars.glb_lw_up, "LW up")?);
                let m = (0..nt)
                    .map(|i| d[i] > u[i] + lw.lw_dn_lt_lw_up || d[i] < u[i] - lw.lw_dn_gt_lw_up)
                    .collect();
                let text = "Lonwave downwelling compared to longwave upwelling outside of expected range";
                (m, text, vec![&vars.glb_lw_dn, &vars.glb_lw_up])
            }
            ComparisonTest::Closure => {
                let g = get(&vars.gbl_sw_dn, "global")?;
                let (d, n) = (
                    get(&vars.glb_diffuse_sw_dn, "diffuse")?,
                    get(&vars.direct_normal_sw_dn, "DNI")?,
                );
                let m = (0..nt)
                    .map(|i| {
                        // ACT 2.3.4 (act_compat): diffuse / (global + DNI·μ0) − 1, one-sided.
                        let (s, v) = if opts.act_compat {
                            let s = g[i] + n[i] * mu0[i];
                            (s, d[i] / s - 1.0)
                        } else {
                            let s = d[i] + n[i] * mu0[i];
                            (s, (g[i] / s - 1.0).abs())
                        };
                        s > 50.0 && ((sza[i] <= 75.0 && v >= 0.08) || (sza[i] > 75.0 && sza[i] < 93.0 && v >= 0.15))
                    })
                    .collect();
                let tg = vec![&vars.direct_normal_sw_dn, &vars.glb_diffuse_sw_dn, &vars.gbl_sw_dn];
                (m, "Closure test indicating value outside of expected range", tg)
            }
        };
        let meaning = opts.meaning_or(meaning);
        for name in targets.into_iter().flatten() {
            out.push(finish(ds, name, &mask, &meaning, &assessment, opts, vec![])?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn ds_with(vars: &[(&str, Vec<f32>)]) -> Dataset {
        let mut ds = Dataset::new();
        for (n, v) in vars {
            ds.insert(n, Variable::new(["time"], v.clone()).unwrap()).unwrap();
        }
        ds
    }

    fn idx(ds: &Dataset, r: &TestResult) -> Vec<usize> {
        crate::get_qc_test_index(ds, &r.qc_variable_name, r.test_number).unwrap()
    }

    #[test]
    fn shortwave_ratios_and_closure_by_hand() {
        // SZA 60° → μ0 = 0.5; sum = diffuse + 0.5·DNI = 100 + 400 = 500.
        // global 500 → ratio 1 (ok); 560 → 1.12 (> 1.08 flagged); 450 → 0.9 (< 0.92 flagged);
        // sample 3: SZA 80°, sum = 100 + 400·cos 80° = 169.46, global 190 → 1.121 (ok below 1.15).
        let mut ds = ds_with(&[
            ("ghi", vec![500.0, 560.0, 450.0, 190.0]),
            ("dhi", vec![100.0; 4]),
            ("dni", vec![800.0, 800.0, 800.0, 400.0]),
        ]);
        let vars = BsrnVariables {
            gbl_sw_dn: Some("ghi".into()),
            glb_diffuse_sw_dn: Some("dhi".into()),
            direct_normal_sw_dn: Some("dni".into()),
            ..Default::default()
        };
        let sza = [60.0, 60.0, 60.0, 80.0];
        let tests = [ComparisonTest::GlobalOverSum, ComparisonTest::Closure];
        let r = bsrn_comparison_tests(
            &mut ds,
            &tests,
            &vars,
            None,
            &sza,
            LwComponents::default(),
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(r.len(), 6);
        assert_eq!(idx(&ds, &r[0]), vec![1, 2]);
        assert_eq!(r[0].test_assessment, "Indeterminate");
        // Closure |ratio − 1| ≥ 0.08 at SZA ≤ 75: samples 1 (0.12) and 2 (0.10); sample 3 0.121 < 0.15.
        assert_eq!((r[3].variable_name.as_str(), idx(&ds, &r[3])), ("dni", vec![1, 2]));
        assert_eq!(idx(&ds, &r[5]), vec![1, 2]);
        // ACT's formula diffuse/(global + DNI·μ0) − 1 would be ≈ −0.89 everywhere: never flagged.
        assert!(ComparisonTest::parse("CLOSURE").is_ok() && ComparisonTest::parse("nope").is_err());
    }

    /// ACT 2.3.4's closure (its `bsrn_comparison_tests` source): sum = global + DNI·μ0 > 50,
    /// flagged when diffuse / sum − 1 ≥ 0.08 (SZA ≤ 75°) or ≥ 0.15 (75° < SZA < 93°).
    #[test]
    fn closure_act_compat_uses_acts_formula() {
        // SZA 60° (μ0 = 0.5). Sample 0: global 800, diffuse 100, DNI 0 → ACT 100/800 − 1 < 0, not
        // flagged (ours: 800/100 flags it). Sample 1: global 100, diffuse 120, DNI 0 → ACT
        // 0.2 ≥ 0.08, flagged. Sample 2: global 100, diffuse 107, DNI 0 → 0.07, not flagged.
        // Sample 3: SZA 80°, global 100, diffuse 110 → 0.10 < 0.15, not flagged.
        // Sample 4: global 40, diffuse 400, DNI 0 → sum 40 ≤ 50, never flagged.
        let mut ds = ds_with(&[
            ("ghi", vec![800.0, 100.0, 100.0, 100.0, 40.0]),
            ("dhi", vec![100.0, 120.0, 107.0, 110.0, 400.0]),
            ("dni", vec![0.0; 5]),
        ]);
        let vars = BsrnVariables {
            gbl_sw_dn: Some("ghi".into()),
            glb_diffuse_sw_dn: Some("dhi".into()),
            direct_normal_sw_dn: Some("dni".into()),
            ..Default::default()
        };
        let sza = [60.0, 60.0, 60.0, 80.0, 60.0];
        let opts = TestOptions::default().act_compatible(true);
        let r = bsrn_comparison_tests(
            &mut ds,
            &[ComparisonTest::Closure],
            &vars,
            None,
            &sza,
            LwComponents::default(),
            &opts,
        )
        .unwrap();
        assert_eq!(idx(&ds, &r[0]), vec![1]);
        let mut ds2 = ds_with(&[
            ("ghi", vec![800.0, 100.0, 100.0, 100.0, 40.0]),
            ("dhi", vec![100.0, 120.0, 107.0, 110.0, 400.0]),
            ("dni", vec![0.0; 5]),
        ]);
        let r = bsrn_comparison_tests(
            &mut ds2,
            &[ComparisonTest::Closure],
            &vars,
            None,
            &sza,
            LwComponents::default(),
            &TestOptions::default(),
        )
        .unwrap();
        assert!(idx(&ds2, &r[0]).contains(&0));
    }

    #[test]
    fn diffuse_ratio_and_sw_up() {
        let mut ds = ds_with(&[
            ("ghi", vec![100.0, 100.0, 40.0]),
            ("dhi", vec![106.0, 104.0, 80.0]),
            ("dni", vec![0.0, 0.0, 0.0]),
            ("swu", vec![107.0, 100.0, 500.0]),
        ]);
        let vars = BsrnVariables {
            gbl_sw_dn: Some("ghi".into()),
            glb_diffuse_sw_dn: Some("dhi".into()),
            direct_normal_sw_dn: Some("dni".into()),
            glb_sw_up: Some("swu".into()),
            ..Default::default()
        };
        let t = [ComparisonTest::DiffuseRatio, ComparisonTest::SwUp];
        let sza = [30.0; 3];
        let r = bsrn_comparison_tests(
            &mut ds,
            &t,
            &vars,
            None,
            &sza,
            LwComponents::default(),
            &TestOptions::default(),
        )
        .unwrap();
        // 1.06 ≥ 1.05 flagged, 1.04 not, global < 50 not tested.
        assert_eq!(idx(&ds, &r[0]), vec![0]);
        // sum = diffuse (DNI 0): 107 > 106 flagged; 100 < 104; 500 > 80 flagged.
        assert_eq!((r[2].variable_name.as_str(), idx(&ds, &r[2])), ("swu", vec![0, 2]));
        assert_eq!(r.len(), 5);
    }

    #[test]
    fn longwave_by_hand_and_errors() {
        // T = 13.5 °C = 286.65 K: σT⁴ = 382.9 W/m²; LW↓ limits 153.2 and 407.9.
        // LW↑ limits σ(271.65)⁴ = 308.8 and σ(311.65)⁴ = 535.0.
        let mut ds = ds_with(&[
            ("lwd", vec![150.0, 300.0, 410.0]),
            ("lwu", vec![300.0, 400.0, 540.0]),
            ("t", vec![13.5; 3]),
        ]);
        ds.get_mut("t")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "degC".into());
        let vars = BsrnVariables {
            glb_lw_dn: Some("lwd".into()),
            glb_lw_up: Some("lwu".into()),
            ..Default::default()
        };
        let t = [
            ComparisonTest::LwDownToAirTemp,
            ComparisonTest::LwUpToAirTemp,
            ComparisonTest::LwDownToLwUp,
        ];
        let sza = [30.0; 3];
        let o = TestOptions::default();
        let r = bsrn_comparison_tests(&mut ds, &t, &vars, Some("t"), &sza, LwComponents::default(), &o).unwrap();
        assert_eq!(idx(&ds, &r[0]), vec![0, 2]);
        assert_eq!(idx(&ds, &r[1]), vec![0, 2]);
        // 150 < 300 − 300? no; 300 vs 400: no; 410 vs 540: no → none; with a 100 W/m² margin: 0 and 2.
        assert!(idx(&ds, &r[2]).is_empty());
        let lw = LwComponents {
            lw_dn_lt_lw_up: 25.0,
            lw_dn_gt_lw_up: 100.0,
        };
        let r = bsrn_comparison_tests(&mut ds, &t[2..], &vars, None, &sza, lw, &o).unwrap();
        assert_eq!(idx(&ds, &r[0]), vec![0, 2]);
        // Missing air temperature name, wrong length and unknown units are errors.
        assert!(bsrn_comparison_tests(&mut ds, &t[..1], &vars, None, &sza, lw, &o).is_err());
        assert!(bsrn_comparison_tests(&mut ds, &t[..1], &vars, Some("t"), &sza[..2], lw, &o).is_err());
        ds.get_mut("t")
            .unwrap()
            .attrs_mut()
            .insert("units".into(), "furlong".into());
        assert!(bsrn_comparison_tests(&mut ds, &t[..1], &vars, Some("t"), &sza, lw, &o).is_err());
    }
}
