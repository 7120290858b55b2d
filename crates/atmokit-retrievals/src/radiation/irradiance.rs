//! Shortwave closure: GHI = DHI + DNI cos(SZA) and its inversions (ACT
//! `calculate_ghi_from_dni_dhi`, `calculate_dsh_from_dsdh_sdn`, `calculate_dni_from_dhi_ghi`,
//! `calculate_dhi_from_dni_ghi`), and `calculate_irradiance_stats`.

use crate::input::{Want, values, values_1d};
use atmokit_core::{Dataset, Error, Result, Variable};
use atmokit_physics::solar::{Refraction, get_solar_azimuth_elevation};

/// Where the solar zenith angle comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Zenith {
    /// A variable holding the zenith angle (units degrees or radians).
    Variable(String),
    /// Computed at the site from the named latitude and longitude variables and the dataset's
    /// time (apparent position with standard refraction, as ACT via Skyfield).
    Site {
        /// Latitude variable (degrees north), `lat`.
        lat: String,
        /// Longitude variable (degrees east), `lon`.
        lon: String,
    },
}

impl Default for Zenith {
    fn default() -> Self {
        Zenith::Site {
            lat: "lat".into(),
            lon: "lon".into(),
        }
    }
}

/// cos(SZA) for every time of `ds`.
pub fn cos_zenith(ds: &Dataset, z: &Zenith) -> Result<Vec<f64>> {
    match z {
        Zenith::Variable(name) => Ok(values_1d(ds, name, Want::Degree)?
            .iter()
            .map(|d| d.to_radians().cos())
            .collect()),
        Zenith::Site { lat, lon } => {
            let one = |name: &str| -> Result<f64> {
                let v = values(ds, name, Want::Degree)?;
                v.first()
                    .copied()
                    .ok_or_else(|| Error::invalid(format!("'{name}' is empty")))
            };
            let times = ds.time()?.to_vec();
            let geo = get_solar_azimuth_elevation(one(lat)?, one(lon)?, &times, Refraction::Standard)?;
            Ok(geo.elevation.iter().map(|e| (90.0 - e).to_radians().cos()).collect())
        }
    }
}

fn series(ds: &Dataset, name: &str, n: usize) -> Result<Vec<f64>> {
    let v: Vec<f64> = ds
        .get(name)?
        .data()
        .iter_f64()
        .ok_or_else(|| Error::invalid(format!("'{name}' is not numeric")))?
        .collect();
    if v.len() != n {
        return Err(Error::invalid(format!(
            "'{name}' has {} values, expected {n} (one per time)",
            v.len()
        )));
    }
    Ok(v)
}

fn output(ds: &Dataset, name: &str, long_name: &str, units_from: &str, v: Vec<f64>) -> Result<Dataset> {
    let src = ds.get(units_from)?;
    let tdim = src.dims().first().cloned().unwrap_or_else(|| "time".into());
    let mut var = Variable::new([tdim], v)?.with_attr("long_name", long_name);
    if let Some(u) = src.units() {
        var = var.with_attr("units", u);
    }
    let mut out = Dataset::new();
    out.insert(name, var)?;
    Ok(out)
}

/// Global horizontal irradiance `GHI = DHI + DNI·cos(SZA)` (units of `dhi`, W m⁻²), as the new
/// variable `derived` (ACT default `derived_down_short_hemisp`). ACT `calculate_ghi_from_dni_dhi`.
pub fn calculate_ghi_from_dni_dhi(
    ds: &Dataset,
    dni: &str,
    dhi: &str,
    derived: &str,
    zenith: &Zenith,
) -> Result<Dataset> {
    let c = cos_zenith(ds, zenith)?;
    let (b, d) = (series(ds, dni, c.len())?, series(ds, dhi, c.len())?);
    let v = (0..c.len()).map(|i| d[i] + c[i] * b[i]).collect();
    output(ds, derived, "Derived global horizontal irradiance", dhi, v)
}

/// ACT `calculate_dsh_from_dsdh_sdn`: [`calculate_ghi_from_dni_dhi`] with SIRS names
/// (`short_direct_normal`, `down_short_diffuse_hemisp` → `derived_down_short_hemisp`).
pub fn calculate_dsh_from_dsdh_sdn(ds: &Dataset, zenith: &Zenith) -> Result<Dataset> {
    calculate_ghi_from_dni_dhi(
        ds,
        "short_direct_normal",
        "down_short_diffuse_hemisp",
        "derived_down_short_hemisp",
        zenith,
    )
}

/// Direct normal irradiance `DNI = (GHI − DHI)/cos(SZA)` as `derived` (ACT default
/// `derived_short_direct_normal`), units of `dhi`.
///
/// Difference from ACT: with the sun at or below the horizon (cos SZA ≤ 0) the division is
/// meaningless (ACT returns huge or sign-flipped values); those samples are NaN here.
pub fn calculate_dni_from_dhi_ghi(
    ds: &Dataset,
    dhi: &str,
    ghi: &str,
    derived: &str,
    zenith: &Zenith,
) -> Result<Dataset> {
    let c = cos_zenith(ds, zenith)?;
    let (g, d) = (series(ds, ghi, c.len())?, series(ds, dhi, c.len())?);
    let v = (0..c.len())
        .map(|i| if c[i] > 0.0 { (g[i] - d[i]) / c[i] } else { f64::NAN })
        .collect();
    output(ds, derived, "Derived direct normal irradiance", dhi, v)
}

/// ACT 2.3.4's [`calculate_dni_from_dhi_ghi`] (`act_compat`): `(GHI − DHI)/cos(SZA)` for every
/// sample, the sun below the horizon included (negative or huge values there, as ACT gives).
///
/// # Errors
/// As [`calculate_dni_from_dhi_ghi`].
pub fn calculate_dni_from_dhi_ghi_act_compat(
    ds: &Dataset,
    dhi: &str,
    ghi: &str,
    derived: &str,
    zenith: &Zenith,
) -> Result<Dataset> {
    let c = cos_zenith(ds, zenith)?;
    let (g, d) = (series(ds, ghi, c.len())?, series(ds, dhi, c.len())?);
    let v = (0..c.len()).map(|i| (g[i] - d[i]) / c[i]).collect();
    output(ds, derived, "Derived direct normal irradiance", dhi, v)
}

/// Diffuse horizontal irradiance `DHI = GHI − DNI·cos(SZA)` as `derived` (ACT default
/// `derived_down_short_diffuse_hemisp`), units of `ghi`.
pub fn calculate_dhi_from_dni_ghi(
    ds: &Dataset,
    dni: &str,
    ghi: &str,
    derived: &str,
    zenith: &Zenith,
) -> Result<Dataset> {
    let c = cos_zenith(ds, zenith)?;
    let (b, g) = (series(ds, dni, c.len())?, series(ds, ghi, c.len())?);
    let v = (0..c.len()).map(|i| g[i] - b[i] * c[i]).collect();
    output(ds, derived, "Derived diffuse horizontal irradiance", ghi, v)
}

/// ACT `calculate_irradiance_stats`: `diff_<variable> = a − b` (W/m^2) and
/// `ratio_<variable> = a / b`, the ratio NaN where both are below `threshold` (W m⁻²).
/// Output names default to `diff_<variable>` / `ratio_<variable>`.
pub fn calculate_irradiance_stats(
    ds: &Dataset,
    variable: &str,
    variable2: &str,
    diff_output_variable: Option<&str>,
    ratio_output_variable: Option<&str>,
    threshold: Option<f64>,
) -> Result<Dataset> {
    let a: Vec<f64> = ds
        .get(variable)?
        .data()
        .iter_f64()
        .ok_or_else(|| Error::invalid(format!("'{variable}' is not numeric")))?
        .collect();
    let b = series(ds, variable2, a.len())?;
    let diff: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
    let ratio: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(&x, &y)| {
            if threshold.is_some_and(|t| x < t && y < t) {
                f64::NAN
            } else {
                x / y
            }
        })
        .collect();
    let tdim = ds
        .get(variable)?
        .dims()
        .first()
        .cloned()
        .unwrap_or_else(|| "time".into());
    let mut out = Dataset::new();
    let dn = diff_output_variable.map_or_else(|| format!("diff_{variable}"), str::to_string);
    let rn = ratio_output_variable.map_or_else(|| format!("ratio_{variable}"), str::to_string);
    out.insert(
        &dn,
        Variable::new([tdim.clone()], diff)?
            .with_attr(
                "long_name",
                format!("Difference between {variable} and {variable2}").as_str(),
            )
            .with_attr("units", "W/m^2"),
    )?;
    out.insert(
        &rn,
        Variable::new([tdim], ratio)?
            .with_attr(
                "long_name",
                format!("Ratio between {variable} and {variable2}").as_str(),
            )
            .with_attr("units", ""),
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))
            .unwrap();
        ds.insert(
            "sza",
            Variable::new(["time"], vec![60.0f64, 0.0, 95.0])
                .unwrap()
                .with_attr("units", "degree"),
        )
        .unwrap();
        ds.insert(
            "dni",
            Variable::new(["time"], vec![800.0f32, 900.0, 0.0])
                .unwrap()
                .with_attr("units", "W/m^2"),
        )
        .unwrap();
        ds.insert(
            "dhi",
            Variable::new(["time"], vec![100.0f32, 50.0, 0.0])
                .unwrap()
                .with_attr("units", "W/m^2"),
        )
        .unwrap();
        ds
    }

    #[test]
    fn closure_by_hand() {
        let ds = sample();
        let z = Zenith::Variable("sza".into());
        let g = calculate_ghi_from_dni_dhi(&ds, "dni", "dhi", "ghi", &z).unwrap();
        let gv = g.get("ghi").unwrap().data().to_f64().unwrap();
        assert!((gv[[0]] - 500.0).abs() < 1e-9 && (gv[[1]] - 950.0).abs() < 1e-9);
        assert_eq!(g.get("ghi").unwrap().units(), Some("W/m^2"));
        let mut ds2 = ds.clone();
        ds2.insert("ghi", g.get("ghi").unwrap().clone()).unwrap();
        let d = calculate_dni_from_dhi_ghi(&ds2, "dhi", "ghi", "dni2", &z).unwrap();
        let dv = d.get("dni2").unwrap().data().to_f64().unwrap();
        assert!((dv[[0]] - 800.0).abs() < 1e-9);
        assert!(dv[[2]].is_nan(), "sun below the horizon");
        let h = calculate_dhi_from_dni_ghi(&ds2, "dni", "ghi", "dhi2", &z).unwrap();
        assert!((h.get("dhi2").unwrap().data().to_f64().unwrap()[[1]] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn stats_threshold() {
        let ds = sample();
        let s = calculate_irradiance_stats(&ds, "dni", "dhi", None, None, Some(60.0)).unwrap();
        let r = s.get("ratio_dni").unwrap().data().to_f64().unwrap();
        assert_eq!(r[[0]], 8.0);
        assert!(r[[2]].is_nan());
        assert_eq!(s.get("diff_dni").unwrap().data().to_f64().unwrap()[[1]], 850.0);
        assert!(calculate_irradiance_stats(&ds, "dni", "nope", None, None, None).is_err());
    }
}
