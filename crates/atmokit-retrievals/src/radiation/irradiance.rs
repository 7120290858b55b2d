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
                v.first().copied().ok_or_else(|| Error::data(name, "is empty"))
            };
            let times = ds.time()?.to_vec();
            let geo = get_solar_azimuth_elevation(one(lat)?, one(lon)?, &times, Refraction::Standard)?;
            Ok(geo.elevation.iter().map(|e| (90.0 - e).to_radians().cos()).collect())
        }
    }
}

fn series(ds: &Dataset, name: &str, n: usize) -> Result<Vec<f64>> {
    let v = ds.values_f64(name)?;
    if v.len() != n {
        return Err(Error::data(
            name,
            format!("has {} values, expected {n} (one per time)", v.len()),
        ));
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

/// Names and options of the shortwave closure functions: ACT's keywords, with ACT's defaults
/// (`short_direct_normal`, `down_short_diffuse_hemisp`, `down_short_hemisp`, zenith from `lat` /
/// `lon`).
///
/// ```
/// use atmokit_retrievals::radiation::irradiance::{ShortwaveOptions, Zenith};
/// let o = ShortwaveOptions::default().dni("dni").derived("ghi").zenith(Zenith::Variable("sza".into()));
/// assert_eq!((o.dni.as_str(), o.dhi.as_str(), o.derived.as_deref()), ("dni", "down_short_diffuse_hemisp", Some("ghi")));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ShortwaveOptions {
    /// Direct normal irradiance variable (ACT `dni`, default `short_direct_normal`).
    pub dni: String,
    /// Diffuse horizontal irradiance variable (ACT `dhi`, default `down_short_diffuse_hemisp`).
    pub dhi: String,
    /// Global horizontal irradiance variable (ACT `ghi`, default `down_short_hemisp`).
    pub ghi: String,
    /// Name of the derived variable; `None`: each function's ACT default.
    pub derived: Option<String>,
    /// Long name of the derived variable; `None`: each function's ACT default.
    pub long_name: Option<String>,
    /// Where the solar zenith angle comes from (ACT `solar_zenith`, `lat`, `lon`).
    pub zenith: Zenith,
    /// Reproduce ACT 2.3.4 where atmokit differs (default false): DNI divides by cos(SZA) with
    /// the sun below the horizon too.
    pub act_compat: bool,
}

impl Default for ShortwaveOptions {
    fn default() -> Self {
        ShortwaveOptions {
            dni: "short_direct_normal".into(),
            dhi: "down_short_diffuse_hemisp".into(),
            ghi: "down_short_hemisp".into(),
            derived: None,
            long_name: None,
            zenith: Zenith::default(),
            act_compat: false,
        }
    }
}

impl ShortwaveOptions {
    /// Set the direct normal irradiance variable.
    pub fn dni(mut self, name: impl Into<String>) -> Self {
        self.dni = name.into();
        self
    }
    /// Set the diffuse horizontal irradiance variable.
    pub fn dhi(mut self, name: impl Into<String>) -> Self {
        self.dhi = name.into();
        self
    }
    /// Set the global horizontal irradiance variable.
    pub fn ghi(mut self, name: impl Into<String>) -> Self {
        self.ghi = name.into();
        self
    }
    /// Name the derived variable.
    pub fn derived(mut self, name: impl Into<String>) -> Self {
        self.derived = Some(name.into());
        self
    }
    /// Set the solar zenith source.
    pub fn zenith(mut self, z: Zenith) -> Self {
        self.zenith = z;
        self
    }
    /// Reproduce ACT 2.3.4 (see [`ShortwaveOptions::act_compat`]).
    pub fn act_compat(mut self, yes: bool) -> Self {
        self.act_compat = yes;
        self
    }
    fn out(
        &self,
        ds: &Dataset,
        default_name: &str,
        default_long: &str,
        units_from: &str,
        v: Vec<f64>,
    ) -> Result<Dataset> {
        let name = self.derived.as_deref().unwrap_or(default_name);
        let long = self.long_name.as_deref().unwrap_or(default_long);
        output(ds, name, long, units_from, v)
    }
}

/// Global horizontal irradiance `GHI = DHI + DNI·cos(SZA)` (units of `dhi`, W m⁻²), as the new
/// variable `o.derived` (ACT default `derived_down_short_hemisp`). ACT `calculate_ghi_from_dni_dhi`.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_retrievals::radiation::irradiance::{ShortwaveOptions, Zenith, calculate_ghi_from_dni_dhi};
/// let mut ds = Dataset::new();
/// ds.insert("sza", Variable::new(["time"], vec![60.0f64])?.with_attr("units", "degree"))?;
/// ds.insert("short_direct_normal", Variable::new(["time"], vec![800.0f64])?.with_attr("units", "W/m^2"))?;
/// ds.insert("down_short_diffuse_hemisp", Variable::new(["time"], vec![100.0f64])?.with_attr("units", "W/m^2"))?;
/// let o = ShortwaveOptions::default().zenith(Zenith::Variable("sza".into()));
/// let ghi = calculate_ghi_from_dni_dhi(&ds, &o)?;
/// assert!((ghi.values_f64("derived_down_short_hemisp")?[0] - 500.0).abs() < 1e-9); // 100 + 800·cos 60°
/// # Ok::<(), atmokit_core::Error>(())
/// ```
///
/// # Errors
/// A missing or non-numeric variable, lengths that differ from the times, no zenith source.
pub fn calculate_ghi_from_dni_dhi(ds: &Dataset, o: &ShortwaveOptions) -> Result<Dataset> {
    let c = cos_zenith(ds, &o.zenith)?;
    let (b, d) = (series(ds, &o.dni, c.len())?, series(ds, &o.dhi, c.len())?);
    let v = (0..c.len()).map(|i| d[i] + c[i] * b[i]).collect();
    o.out(
        ds,
        "derived_down_short_hemisp",
        "Derived global horizontal irradiance",
        &o.dhi,
        v,
    )
}

/// ACT `calculate_dsh_from_dsdh_sdn`: [`calculate_ghi_from_dni_dhi`] with SIRS names
/// (`short_direct_normal`, `down_short_diffuse_hemisp` → `derived_down_short_hemisp`).
///
/// # Errors
/// As [`calculate_ghi_from_dni_dhi`].
pub fn calculate_dsh_from_dsdh_sdn(ds: &Dataset, zenith: &Zenith) -> Result<Dataset> {
    calculate_ghi_from_dni_dhi(ds, &ShortwaveOptions::default().zenith(zenith.clone()))
}

/// Direct normal irradiance `DNI = (GHI − DHI)/cos(SZA)` as `o.derived` (ACT default
/// `derived_short_direct_normal`), units of `dhi`.
///
/// Difference from ACT: with the sun at or below the horizon (cos SZA ≤ 0) the division is
/// meaningless (ACT returns huge or sign-flipped values); those samples are NaN here unless
/// `o.act_compat`.
///
/// # Errors
/// As [`calculate_ghi_from_dni_dhi`].
pub fn calculate_dni_from_dhi_ghi(ds: &Dataset, o: &ShortwaveOptions) -> Result<Dataset> {
    let c = cos_zenith(ds, &o.zenith)?;
    let (g, d) = (series(ds, &o.ghi, c.len())?, series(ds, &o.dhi, c.len())?);
    let v = (0..c.len())
        .map(|i| {
            if c[i] > 0.0 || o.act_compat {
                (g[i] - d[i]) / c[i]
            } else {
                f64::NAN
            }
        })
        .collect();
    o.out(
        ds,
        "derived_short_direct_normal",
        "Derived direct normal irradiance",
        &o.dhi,
        v,
    )
}

/// Diffuse horizontal irradiance `DHI = GHI − DNI·cos(SZA)` as `o.derived` (ACT default
/// `derived_down_short_diffuse_hemisp`), units of `ghi`.
///
/// # Errors
/// As [`calculate_ghi_from_dni_dhi`].
pub fn calculate_dhi_from_dni_ghi(ds: &Dataset, o: &ShortwaveOptions) -> Result<Dataset> {
    let c = cos_zenith(ds, &o.zenith)?;
    let (b, g) = (series(ds, &o.dni, c.len())?, series(ds, &o.ghi, c.len())?);
    let v = (0..c.len()).map(|i| g[i] - b[i] * c[i]).collect();
    o.out(
        ds,
        "derived_down_short_diffuse_hemisp",
        "Derived diffuse horizontal irradiance",
        &o.ghi,
        v,
    )
}

/// The variables and options of [`calculate_irradiance_stats`] (ACT's keywords).
#[derive(Clone, Debug, PartialEq)]
pub struct IrradianceStatsOptions {
    /// The first variable, `a` (ACT `variable`).
    pub variable: String,
    /// The second variable, `b` (ACT `variable2`).
    pub variable2: String,
    /// Name of the difference; `None`: `diff_<variable>`.
    pub diff_output_variable: Option<String>,
    /// Name of the ratio; `None`: `ratio_<variable>`.
    pub ratio_output_variable: Option<String>,
    /// The ratio is NaN where both values are below this (W m⁻²); `None`: never.
    pub threshold: Option<f64>,
}

impl IrradianceStatsOptions {
    /// Compare `variable` with `variable2`, ACT's defaults otherwise.
    pub fn new(variable: impl Into<String>, variable2: impl Into<String>) -> Self {
        IrradianceStatsOptions {
            variable: variable.into(),
            variable2: variable2.into(),
            diff_output_variable: None,
            ratio_output_variable: None,
            threshold: None,
        }
    }
    /// Set the threshold (W m⁻²).
    pub fn threshold(mut self, t: f64) -> Self {
        self.threshold = Some(t);
        self
    }
}

/// ACT `calculate_irradiance_stats`: `diff_<variable> = a − b` (W/m^2) and
/// `ratio_<variable> = a / b`, the ratio NaN where both are below `o.threshold` (W m⁻²).
/// Output names default to `diff_<variable>` / `ratio_<variable>`.
///
/// # Errors
/// A missing or non-numeric variable, or lengths that differ.
pub fn calculate_irradiance_stats(ds: &Dataset, o: &IrradianceStatsOptions) -> Result<Dataset> {
    let (variable, variable2) = (o.variable.as_str(), o.variable2.as_str());
    let a = ds.values_f64(variable)?;
    let b = series(ds, variable2, a.len())?;
    let diff: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
    let ratio: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(&x, &y)| {
            if o.threshold.is_some_and(|t| x < t && y < t) {
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
    let dn = o
        .diff_output_variable
        .clone()
        .unwrap_or_else(|| format!("diff_{variable}"));
    let rn = o
        .ratio_output_variable
        .clone()
        .unwrap_or_else(|| format!("ratio_{variable}"));
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
        let o = ShortwaveOptions::default().dni("dni").dhi("dhi").ghi("ghi").zenith(z);
        let g = calculate_ghi_from_dni_dhi(&ds, &o.clone().derived("ghi")).unwrap();
        let gv = g.get("ghi").unwrap().data().to_f64().unwrap();
        assert!((gv[[0]] - 500.0).abs() < 1e-9 && (gv[[1]] - 950.0).abs() < 1e-9);
        assert_eq!(g.get("ghi").unwrap().units(), Some("W/m^2"));
        let mut ds2 = ds.clone();
        ds2.insert("ghi", g.get("ghi").unwrap().clone()).unwrap();
        let d = calculate_dni_from_dhi_ghi(&ds2, &o.clone().derived("dni2")).unwrap();
        let dv = d.get("dni2").unwrap().data().to_f64().unwrap();
        assert!((dv[[0]] - 800.0).abs() < 1e-9);
        assert!(dv[[2]].is_nan(), "sun below the horizon");
        let act = calculate_dni_from_dhi_ghi(&ds2, &o.clone().derived("dni2").act_compat(true)).unwrap();
        assert!(act.values_f64("dni2").unwrap()[2].is_finite(), "ACT divides by cos 95°");
        let h = calculate_dhi_from_dni_ghi(&ds2, &o.clone().derived("dhi2")).unwrap();
        assert!((h.get("dhi2").unwrap().data().to_f64().unwrap()[[1]] - 50.0).abs() < 1e-9);
    }

    #[test]
    fn stats_threshold() {
        let ds = sample();
        let s = calculate_irradiance_stats(&ds, &IrradianceStatsOptions::new("dni", "dhi").threshold(60.0)).unwrap();
        let r = s.get("ratio_dni").unwrap().data().to_f64().unwrap();
        assert_eq!(r[[0]], 8.0);
        assert!(r[[2]].is_nan());
        assert_eq!(s.get("diff_dni").unwrap().data().to_f64().unwrap()[[1]], 850.0);
        assert!(calculate_irradiance_stats(&ds, &IrradianceStatsOptions::new("dni", "nope")).is_err());
    }
}
