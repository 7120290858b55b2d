//! BSRN limit tests on radiation (Long & Dutton 2010, "BSRN Global Network recommended QC
//! tests, V2.0"). Port of ACT `QCTests.bsrn_limits_test` (ACT API reference, `act.qc.bsrn_tests.QCTests`).
//!
//! ACT computes the solar zenith angle itself (Skyfield); here the caller passes it per time
//! sample (e.g. from `atmokit-physics`), with the mean Sun–Earth distance, so this crate stays
//! free of ephemerides.

use crate::limits::finish;
use crate::model::TestResult;
use crate::options::TestOptions;
use crate::values::{not_numeric, py_float};
use atmokit_core::{Dataset, Error, Result};

/// Which BSRN limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BsrnLevel {
    /// "Physically Possible" limits.
    PhysicallyPossible,
    /// "Extremely Rare" limits.
    ExtremelyRare,
}

impl BsrnLevel {
    fn text(self) -> &'static str {
        match self {
            BsrnLevel::PhysicallyPossible => "physically possible",
            BsrnLevel::ExtremelyRare => "extremely rare",
        }
    }
}

/// Names of the radiation variables (W/m²) to test; `None` skips a quantity.
#[derive(Clone, Debug, Default)]
pub struct BsrnVariables {
    /// Global shortwave down.
    pub gbl_sw_dn: Option<String>,
    /// Diffuse shortwave down.
    pub glb_diffuse_sw_dn: Option<String>,
    /// Direct normal shortwave.
    pub direct_normal_sw_dn: Option<String>,
    /// Direct horizontal shortwave.
    pub direct_sw_dn: Option<String>,
    /// Shortwave up.
    pub glb_sw_up: Option<String>,
    /// Longwave down.
    pub glb_lw_dn: Option<String>,
    /// Longwave up.
    pub glb_lw_up: Option<String>,
}

/// Upper limit (W/m²) of a shortwave quantity for `sa` = S0/d² and μ0 = cos SZA.
fn sw_max(level: BsrnLevel, q: usize, sa: f64, mu0: f64) -> f64 {
    let p = |e: f64| mu0.powf(e);
    match (level, q) {
        (BsrnLevel::PhysicallyPossible, 0) => sa * 1.5 * p(1.2) + 100.0,
        (BsrnLevel::PhysicallyPossible, 1) => sa * 0.95 * p(1.2) + 50.0,
        (BsrnLevel::PhysicallyPossible, 2) => sa,
        (BsrnLevel::PhysicallyPossible, 3) => sa * mu0,
        (BsrnLevel::PhysicallyPossible, _) => sa * 1.2 * p(1.2) + 50.0,
        (BsrnLevel::ExtremelyRare, 0) => sa * 1.2 * p(1.2) + 50.0,
        (BsrnLevel::ExtremelyRare, 1) => sa * 0.75 * p(1.2) + 30.0,
        (BsrnLevel::ExtremelyRare, 2) => sa * 0.95 * p(0.2) + 10.0,
        (BsrnLevel::ExtremelyRare, 3) => sa * 0.95 * p(1.2) + 10.0,
        (BsrnLevel::ExtremelyRare, _) => sa * p(1.2) + 50.0,
    }
}

/// Add a "less than" and a "greater than" BSRN test to each given variable, in place.
///
/// `solar_zenith_deg` has one value per time sample (the variables' first dim); `sun_earth_au`
/// is the mean Sun–Earth distance over the period; `solar_constant` is S0 (ACT: 1366 W/m²), so
/// `Sa = S0 / d²`. Limits (`μ0 = cos SZA`; for global SW μ0 = 0 when SZA > 90°):
///
/// | quantity | physically possible max | extremely rare max |
/// |---|---|---|
/// | global SW↓ | Sa·1.5·μ0^1.2 + 100 | Sa·1.2·μ0^1.2 + 50 |
/// | diffuse SW↓ | Sa·0.95·μ0^1.2 + 50 | Sa·0.75·μ0^1.2 + 30 |
/// | direct normal | Sa | Sa·0.95·μ0^0.2 + 10 |
/// | direct horizontal | Sa·μ0 | Sa·0.95·μ0^1.2 + 10 |
/// | SW↑ | Sa·1.2·μ0^1.2 + 50 | Sa·μ0^1.2 + 50 |
///
/// SW minimum −4 / −2; LW↓ 40–700 / 60–500; LW↑ 40–900 / 60–700 (W/m²). Strict `<` / `>`; NaN
/// (including a negative μ0 raised to a fractional power at night) is never flagged. Meanings
/// "Value less than BSRN {level} limit of {min} W/m^2" and "Value greater than BSRN {level}
/// limit"; assessment Bad.
pub fn bsrn_limits_test(
    ds: &mut Dataset,
    level: BsrnLevel,
    vars: &BsrnVariables,
    solar_zenith_deg: &[f64],
    sun_earth_au: f64,
    solar_constant: f64,
    opts: &TestOptions,
) -> Result<Vec<TestResult>> {
    if sun_earth_au.is_nan() || sun_earth_au <= 0.0 {
        return Err(Error::parameter(
            "sun_earth_au",
            sun_earth_au,
            "BSRN test: the Sun-Earth distance must be positive",
        ));
    }
    let sa = solar_constant / (sun_earth_au * sun_earth_au);
    let pp = level == BsrnLevel::PhysicallyPossible;
    let sw_min = if pp { -4.0 } else { -2.0 };
    let sw = [
        &vars.gbl_sw_dn,
        &vars.glb_diffuse_sw_dn,
        &vars.direct_normal_sw_dn,
        &vars.direct_sw_dn,
        &vars.glb_sw_up,
    ];
    let mut out = vec![];
    let assessment = opts.assessment_or("Bad");
    let lvl = level.text();
    let mut run = |ds: &mut Dataset, name: &str, min: f64, max: &dyn Fn(f64) -> f64| -> Result<()> {
        let v = ds.get(name)?;
        let a = v.data().to_f64().ok_or_else(|| not_numeric(name, v.data()))?;
        let nt = solar_zenith_deg.len();
        if nt == 0 || a.len() % nt != 0 || a.shape().first() != Some(&nt) {
            return Err(Error::data(
                name,
                format!(
                    "BSRN test: shape {:?} but {nt} solar zenith angles were given",
                    a.shape()
                ),
            ));
        }
        let per = a.len() / nt;
        let lo: Vec<bool> = a.iter().map(|&x| x < min).collect();
        let hi: Vec<bool> = a
            .iter()
            .enumerate()
            .map(|(i, &x)| x > max(solar_zenith_deg[i / per]))
            .collect();
        let m1 = opts.meaning_or(&format!("Value less than BSRN {lvl} limit of {} W/m^2", py_float(min)));
        out.push(finish(ds, name, &lo, &m1, &assessment, opts, vec![])?);
        let m2 = opts.meaning_or(&format!("Value greater than BSRN {lvl} limit"));
        out.push(finish(ds, name, &hi, &m2, &assessment, opts, vec![])?);
        Ok(())
    };
    for (q, name) in sw.iter().enumerate() {
        if let Some(n) = name {
            let f = move |sza: f64| {
                let mut mu0 = sza.to_radians().cos();
                if q == 0 && sza > 90.0 {
                    mu0 = 0.0;
                }
                sw_max(level, q, sa, mu0)
            };
            run(ds, n, sw_min, &f)?;
        }
    }
    if let Some(n) = &vars.glb_lw_dn {
        let (min, max) = if pp { (40.0, 700.0) } else { (60.0, 500.0) };
        run(ds, n, min, &move |_| max)?;
    }
    if let Some(n) = &vars.glb_lw_up {
        let (min, max) = if pp { (40.0, 900.0) } else { (60.0, 700.0) };
        run(ds, n, min, &move |_| max)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn limits_by_hand() {
        let mut ds = Dataset::new();
        // SZA 0° (μ0 = 1) and 120° (night).
        ds.insert("ghi", Variable::new(["time"], vec![2150.0f32, 5.0]).unwrap())
            .unwrap();
        ds.insert("dni", Variable::new(["time"], vec![1367.0f32, -5.0]).unwrap())
            .unwrap();
        ds.insert("lwd", Variable::new(["time"], vec![30.0f32, 701.0]).unwrap())
            .unwrap();
        let vars = BsrnVariables {
            gbl_sw_dn: Some("ghi".into()),
            direct_normal_sw_dn: Some("dni".into()),
            glb_lw_dn: Some("lwd".into()),
            ..Default::default()
        };
        let r = bsrn_limits_test(
            &mut ds,
            BsrnLevel::PhysicallyPossible,
            &vars,
            &[0.0, 120.0],
            1.0,
            1366.0,
            &TestOptions::default(),
        )
        .unwrap();
        assert_eq!(r.len(), 6);
        let idx = |r: &TestResult| crate::get_qc_test_index(&ds, &r.qc_variable_name, r.test_number).unwrap();
        // ghi max at μ0 = 1: 1366·1.5 + 100 = 2149 → 2150 flagged; night: 0 + 100 → 5 fine.
        assert_eq!((idx(&r[0]), idx(&r[1])), (vec![], vec![0]));
        // dni max Sa = 1366 → 1367 flagged; min -4 → -5 flagged.
        assert_eq!((idx(&r[2]), idx(&r[3])), (vec![1], vec![0]));
        assert_eq!((idx(&r[4]), idx(&r[5])), (vec![0], vec![1]));
        assert_eq!(
            r[0].test_meaning,
            "Value less than BSRN physically possible limit of -4.0 W/m^2"
        );
        assert_eq!(r[1].test_meaning, "Value greater than BSRN physically possible limit");
        assert!(
            bsrn_limits_test(
                &mut ds,
                BsrnLevel::ExtremelyRare,
                &vars,
                &[0.0],
                1.0,
                1366.0,
                &TestOptions::default()
            )
            .is_err()
        );
    }
}
