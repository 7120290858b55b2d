//! Stability indices of one sounding (ACT `calculate_stability_indicies`, spelled right here).

use super::parcel::{Which, cape_cin, lfc, most_unstable_index, parcel_profile_with_lcl_index, surface_based_cape_cin};
use super::thermo::{ZERO_DEGC, lcl};
use crate::input::{Want, values_1d};
use atmokit_core::{Dataset, Error, Result, Variable};

/// Options of [`calculate_stability_indices`].
#[derive(Clone, Debug, PartialEq)]
pub struct StabilityOptions {
    /// Temperature variable (any temperature units the crate knows; ACT default `temperature`).
    pub temp_name: String,
    /// Dewpoint variable (ACT default `dewpoint_temperature`).
    pub td_name: String,
    /// Pressure variable (ACT default `pressure`).
    pub p_name: String,
    /// Centred moving-average window (levels) applied to T, Td and p after sorting; 0 = none.
    pub moving_ave_window: usize,
    /// Reproduce ACT 2.3.4 (default false): drop the lowest-pressure level (ACT's
    /// `ind_sort[-1:0:-1]`) and report the level of free convection as NaN (ACT's `lfc` call on
    /// the surface values always fails). ACT's 'full'-mode moving average is not reproduced.
    pub act_compat: bool,
}

impl Default for StabilityOptions {
    fn default() -> Self {
        StabilityOptions {
            temp_name: "temperature".into(),
            td_name: "dewpoint_temperature".into(),
            p_name: "pressure".into(),
            moving_ave_window: 0,
            act_compat: false,
        }
    }
}

impl StabilityOptions {
    /// Options for ARM `sondewnpn` files (`tdry`, `dp`, `pres`).
    pub fn sondewnpn() -> Self {
        StabilityOptions {
            temp_name: "tdry".into(),
            td_name: "dp".into(),
            p_name: "pres".into(),
            moving_ave_window: 0,
            act_compat: false,
        }
    }
}

/// The indices of one sounding (SI-ish units as ACT reports them).
#[derive(Clone, Debug, PartialEq)]
pub struct StabilityIndices {
    /// Pressure (hPa) of the levels used, sorted by decreasing pressure.
    pub parcel_pressure: Vec<f64>,
    /// Surface parcel temperature (K) at those levels.
    pub parcel_temperature: Vec<f64>,
    /// Surface-based CAPE (J/kg).
    pub surface_based_cape: f64,
    /// Surface-based CIN (J/kg, ≤ 0).
    pub surface_based_cin: f64,
    /// Most-unstable CAPE (J/kg).
    pub most_unstable_cape: f64,
    /// Most-unstable CIN (J/kg).
    pub most_unstable_cin: f64,
    /// Lifted index (K): environment minus parcel temperature at the level nearest 500 hPa.
    pub lifted_index: f64,
    /// Level of free convection (hPa), NaN when the parcel never becomes buoyant.
    pub level_of_free_convection: f64,
    /// LCL temperature (°C).
    pub lifted_condensation_level_temperature: f64,
    /// LCL pressure (hPa).
    pub lifted_condensation_level_pressure: f64,
}

/// Centred moving average of width `w` with the window shrunk at the ends (same length).
fn moving_average(v: &[f64], w: usize) -> Vec<f64> {
    if w <= 1 {
        return v.to_vec();
    }
    let half_lo = (w - 1) / 2;
    let half_hi = w / 2;
    (0..v.len())
        .map(|i| {
            let lo = i.saturating_sub(half_lo);
            let hi = (i + half_hi + 1).min(v.len());
            v[lo..hi].iter().sum::<f64>() / (hi - lo) as f64
        })
        .collect()
}

/// Stability indices from profiles of pressure (hPa), temperature (°C) and dewpoint (°C) in any
/// order. Levels where any of the three is NaN are dropped; the rest are sorted by decreasing
/// pressure (stable sort, so ties keep file order).
///
/// Methods are MetPy 1.7's (see [`super::parcel`]): parcel from the highest-pressure level,
/// Romps (2017) LCL, pseudo-adiabatic ascent, virtual-temperature CAPE/CIN with LFC 'bottom'
/// and EL 'top', most-unstable parcel = max θe within 300 hPa of the surface; LFC from MetPy's
/// `lfc` with the full profile (which 'top'). Errors when fewer than 2 usable levels remain.
/// Levels with a non-finite or non-positive pressure are left out.
pub fn stability_indices_profile(
    p_hpa: &[f64],
    t_c: &[f64],
    td_c: &[f64],
    moving_ave_window: usize,
) -> Result<StabilityIndices> {
    if p_hpa.len() != t_c.len() || p_hpa.len() != td_c.len() {
        return Err(Error::invalid(
            "stability indices: pressure, temperature and dewpoint lengths differ",
        ));
    }
    let mut idx: Vec<usize> = (0..p_hpa.len())
        .filter(|&i| p_hpa[i].is_finite() && p_hpa[i] > 0.0 && t_c[i].is_finite() && td_c[i].is_finite())
        .collect();
    if idx.len() < 2 {
        return Err(Error::invalid(format!(
            "stability indices: need at least 2 levels with finite pressure, temperature and dewpoint, found {}",
            idx.len()
        )));
    }
    if moving_ave_window > idx.len() {
        return Err(Error::parameter(
            "moving_ave_window",
            moving_ave_window,
            format!(
                "stability indices: must be at most the {} usable levels (--smooth)",
                idx.len()
            ),
        ));
    }
    idx.sort_by(|&a, &b| p_hpa[b].total_cmp(&p_hpa[a]));
    let pick = |v: &[f64]| moving_average(&idx.iter().map(|&i| v[i]).collect::<Vec<_>>(), moving_ave_window);
    let p_h = pick(p_hpa);
    let p: Vec<f64> = p_h.iter().map(|x| x * 100.0).collect();
    let t: Vec<f64> = pick(t_c).iter().map(|x| x + ZERO_DEGC).collect();
    let td: Vec<f64> = pick(td_c).iter().map(|x| x + ZERO_DEGC).collect();
    // one ascent serves the parcel profile, SB CAPE/CIN and the LFC
    let (pp, tt, dd, prof, loc) = parcel_profile_with_lcl_index(&p, &t, &td);
    let parcel: Vec<f64> = prof
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != loc)
        .map(|(_, &v)| v)
        .collect();
    let (sbcape, sbcin) = cape_cin(&pp, &tt, &dd, &prof);
    let mu = most_unstable_index(&p, &t, &td);
    let (mucape, mucin) = if mu == 0 {
        (sbcape, sbcin)
    } else {
        surface_based_cape_cin(&p[mu..], &t[mu..], &td[mu..])
    };
    let (lcl_p, lcl_t) = lcl(p[0], t[0], td[0]);
    let (lfc_p, _) = lfc(&pp, &tt, &dd, &prof, Which::Top);
    let i500 = (0..p_h.len())
        .min_by(|&a, &b| (p_h[a] - 500.0).abs().total_cmp(&(p_h[b] - 500.0).abs()))
        .unwrap_or(0);
    Ok(StabilityIndices {
        lifted_index: t[i500] - parcel[i500],
        parcel_pressure: p_h,
        parcel_temperature: parcel,
        surface_based_cape: sbcape,
        surface_based_cin: sbcin,
        most_unstable_cape: mucape,
        most_unstable_cin: mucin,
        level_of_free_convection: lfc_p / 100.0,
        lifted_condensation_level_temperature: lcl_t - ZERO_DEGC,
        lifted_condensation_level_pressure: lcl_p / 100.0,
    })
}

impl StabilityIndices {
    /// The indices as a Dataset with ACT's variable names, units and long names; the parcel
    /// profile is on dim `parcel_temperature` (as in ACT) with `parcel_pressure` beside it.
    pub fn to_dataset(&self) -> Result<Dataset> {
        let mut ds = Dataset::new();
        let dim = ["parcel_temperature"];
        ds.insert(
            "parcel_temperature",
            Variable::new(dim, self.parcel_temperature.clone())?
                .with_attr("units", "kelvin")
                .with_attr("long_name", "Parcel temperature"),
        )?;
        ds.insert(
            "parcel_pressure",
            Variable::new(dim, self.parcel_pressure.clone())?
                .with_attr("units", "hectopascal")
                .with_attr("long_name", "Pressure of the parcel levels"),
        )?;
        let scalars: [(&str, f64, &str, &str); 8] = [
            (
                "surface_based_cape",
                self.surface_based_cape,
                "J/kg",
                "Surface-based CAPE",
            ),
            ("surface_based_cin", self.surface_based_cin, "J/kg", "Surface-based CIN"),
            (
                "most_unstable_cape",
                self.most_unstable_cape,
                "J/kg",
                "Most unstable CAPE",
            ),
            ("most_unstable_cin", self.most_unstable_cin, "J/kg", "Most unstable CIN"),
            ("lifted_index", self.lifted_index, "kelvin", "Lifted index"),
            (
                "level_of_free_convection",
                self.level_of_free_convection,
                "hectopascal",
                "Level of free convection",
            ),
            (
                "lifted_condensation_level_temperature",
                self.lifted_condensation_level_temperature,
                "degree_Celsius",
                "Lifted condensation level temperature",
            ),
            (
                "lifted_condensation_level_pressure",
                self.lifted_condensation_level_pressure,
                "hectopascal",
                "Lifted condensation level pressure",
            ),
        ];
        for (name, v, units, long) in scalars {
            ds.insert(
                name,
                Variable::scalar(v)
                    .with_attr("units", units)
                    .with_attr("long_name", long),
            )?;
        }
        Ok(ds)
    }
}

/// Stability indices of a sonde Dataset (ACT `calculate_stability_indicies`): reads T and Td
/// (converted to °C from their `units`) and p (to hPa), and returns a new Dataset with
/// `parcel_temperature` (K), `parcel_pressure` (hPa), `surface_based_cape`/`_cin`,
/// `most_unstable_cape`/`_cin` (J/kg), `lifted_index` (K), `level_of_free_convection` (hPa),
/// `lifted_condensation_level_temperature` (°C) and `_pressure` (hPa).
///
/// Differences from ACT 2.3.4 (bugs not copied):
/// - ACT sorts with `ind_sort[-1:0:-1]`, silently dropping the lowest-pressure level; all levels are kept.
/// - ACT calls MetPy `lfc` with the surface values only, which always fails and yields NaN;
///   here the LFC of the whole profile is reported.
/// - ACT's `moving_ave_window` uses `np.convolve` in 'full' mode (longer arrays with ramped
///   ends); here it is a centred average of the same length.
/// - NaN levels are dropped instead of reaching MetPy.
///
/// [`StabilityOptions::act_compat`] reproduces the first two.
///
/// Reference: MetPy 1.7 (May et al., `metpy.calc`); Romps (2017) LCL; Bolton (1980) θe.
pub fn calculate_stability_indices(ds: &Dataset, opts: &StabilityOptions) -> Result<Dataset> {
    let mut t = values_1d(ds, &opts.temp_name, Want::Celsius)?;
    let mut td = values_1d(ds, &opts.td_name, Want::Celsius)?;
    let mut p = values_1d(ds, &opts.p_name, Want::Hpa)?;
    if opts.act_compat {
        drop_lowest_pressure(&mut p, &mut t, &mut td);
    }
    let mut s = stability_indices_profile(&p, &t, &td, opts.moving_ave_window)?;
    if opts.act_compat {
        s.level_of_free_convection = f64::NAN;
    }
    s.to_dataset()
}

/// Remove the level of lowest finite pressure from `p`, `t` and `td` (same length), as ACT
/// 2.3.4's `calculate_stability_indices` loses it: its argsort puts that level first and
/// `ind_sort[-1:0:-1]` leaves it out.
pub fn drop_lowest_pressure(p: &mut Vec<f64>, t: &mut Vec<f64>, td: &mut Vec<f64>) {
    if let Some(i) = (0..p.len())
        .filter(|&i| p[i].is_finite())
        .min_by(|&a, &b| p[a].total_cmp(&p[b]))
        && i < t.len()
        && i < td.len()
    {
        p.remove(i);
        t.remove(i);
        td.remove(i);
    }
}

/// ACT's spelling of [`calculate_stability_indices`].
pub fn calculate_stability_indicies(ds: &Dataset, opts: &StabilityOptions) -> Result<Dataset> {
    calculate_stability_indices(ds, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_average_keeps_length() {
        let m = moving_average(&[1.0, 2.0, 3.0, 4.0], 3);
        assert_eq!(m, vec![1.5, 2.0, 3.0, 3.5]);
    }

    #[test]
    fn too_few_levels_and_nans() {
        assert!(stability_indices_profile(&[1000.0], &[20.0], &[10.0], 0).is_err());
        assert!(stability_indices_profile(&[1000.0, f64::NAN], &[20.0, 10.0], &[10.0, 0.0], 0).is_err());
        let r = stability_indices_profile(
            &[900.0, 1000.0, f64::NAN, 800.0],
            &[12.0, 20.0, 5.0, 4.0],
            &[2.0, 10.0, 0.0, -6.0],
            0,
        )
        .unwrap();
        assert_eq!(r.parcel_pressure, vec![1000.0, 900.0, 800.0]);
        assert!((r.parcel_temperature[0] - 293.15).abs() < 1e-12);
    }

    #[test]
    fn zero_and_negative_pressures_are_dropped_not_looped_on() {
        // A 0 hPa level used to send the moist ascent into a loop of usize::MAX steps.
        let t0 = std::time::Instant::now();
        let r = stability_indices_profile(
            &[1000.0, 900.0, 800.0, 700.0, 0.0, -5.0],
            &[20.0, 14.0, 8.0, 2.0, -60.0, -60.0],
            &[10.0, 6.0, 0.0, -8.0, -80.0, -80.0],
            0,
        )
        .unwrap();
        assert_eq!(r.parcel_pressure, vec![1000.0, 900.0, 800.0, 700.0]);
        assert!(t0.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn lifted_index_uses_level_nearest_500() {
        let p = [1000.0, 700.0, 520.0, 300.0];
        let t = [30.0, 10.0, -5.0, -30.0];
        let td = [25.0, 0.0, -20.0, -50.0];
        let r = stability_indices_profile(&p, &t, &td, 0).unwrap();
        assert!((r.lifted_index - (-5.0 + 273.15 - r.parcel_temperature[2])).abs() < 1e-12);
        // a warm moist surface parcel is buoyant here: positive CAPE, negative LI
        assert!(r.surface_based_cape > 0.0 && r.lifted_index < 0.0);
    }

    #[test]
    fn moving_average_window_is_bound_by_the_levels() {
        let p = [1000.0, 900.0, 800.0];
        let e = stability_indices_profile(&p, &[20.0, 12.0, 5.0], &[10.0, 5.0, 0.0], 100_000).unwrap_err();
        assert!(e.to_string().contains("moving_ave_window"), "{e}");
    }
}
