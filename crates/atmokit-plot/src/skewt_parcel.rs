//! What the skew-T draws from parcel theory, computed by `atmokit-retrievals` (MetPy 1.7's
//! methods, as ACT's `SkewTDisplay` uses MetPy): the surface parcel on the sounding with its LCL
//! level inserted (`parcel_profile_with_lcl`), the CAPE/CIN areas to shade (MetPy
//! `SkewT.shade_cape` / `shade_cin`), the background dry and moist adiabats, and the stability
//! table of ACT's `add_stability_info` (`calculate_stability_indices`).
//!
//! Shading follows MetPy: CAPE wherever the parcel is warmer than the environment, CIN where it
//! is colder *and* below the level of free convection (MetPy `lfc`, 'bottom'), both on plain
//! temperatures (the CAPE/CIN *numbers* use virtual temperature, as MetPy and ACT). Sign
//! changes inside a layer are split at the crossing (linear in ln p), like matplotlib's
//! `fill_betweenx(interpolate=True)`.

use crate::error::{PlotError, Result};
use atmokit_core::Dataset;
use atmokit_retrievals::sonde::parcel::{Which, lfc, parcel_profile_with_lcl};
use atmokit_retrievals::sonde::stability::stability_indices_profile;
use atmokit_retrievals::sonde::thermo::{ZERO_DEGC, dry_lapse, moist_step};

/// A lifted surface parcel on the sounding's levels plus the LCL (pressure in hPa, temperatures
/// in °C, pressure decreasing).
#[derive(Debug, Clone, PartialEq)]
pub struct ParcelOverlay {
    /// Pressure (hPa) of the sounding levels with the LCL inserted.
    pub p: Vec<f64>,
    /// Environment temperature (°C) on those levels (interpolated at the LCL).
    pub env: Vec<f64>,
    /// Parcel temperature (°C).
    pub parcel: Vec<f64>,
    /// Level of free convection (hPa, MetPy `lfc` 'bottom' on plain temperature); NaN if none.
    pub lfc: f64,
}

/// The surface parcel of a sounding `p` (hPa, decreasing), `t` and `td` (°C), all finite;
/// `None` for fewer than two levels or mismatched lengths.
pub fn parcel_overlay(p: &[f64], t: &[f64], td: &[f64]) -> Option<ParcelOverlay> {
    if p.len() < 2 || t.len() != p.len() || td.len() != p.len() {
        return None;
    }
    let pa: Vec<f64> = p.iter().map(|v| v * 100.0).collect();
    let tk: Vec<f64> = t.iter().map(|v| v + ZERO_DEGC).collect();
    let dk: Vec<f64> = td.iter().map(|v| v + ZERO_DEGC).collect();
    let (pp, tt, dd, prof) = parcel_profile_with_lcl(&pa, &tk, &dk);
    let (lfc_pa, _) = lfc(&pp, &tt, &dd, &prof, Which::Bottom);
    let keep: Vec<usize> = (0..pp.len())
        .filter(|&i| pp[i].is_finite() && tt[i].is_finite() && prof[i].is_finite())
        .collect();
    (keep.len() >= 2).then(|| ParcelOverlay {
        p: keep.iter().map(|&i| pp[i] / 100.0).collect(),
        env: keep.iter().map(|&i| tt[i] - ZERO_DEGC).collect(),
        parcel: keep.iter().map(|&i| prof[i] - ZERO_DEGC).collect(),
        lfc: lfc_pa / 100.0,
    })
}

/// A shaded area: quadrilaterals (or triangles) of (temperature °C, pressure hPa) corners.
pub type Areas = Vec<Vec<(f64, f64)>>;

/// CAPE (parcel warmer) and CIN (parcel colder, below the LFC) areas between the parcel and the
/// environment, one polygon per layer or part of a layer.
pub fn shade_areas(ov: &ParcelOverlay) -> (Areas, Areas) {
    let (mut cape, mut cin) = (Vec::new(), Vec::new());
    let d: Vec<f64> = ov.parcel.iter().zip(&ov.env).map(|(a, b)| a - b).collect();
    for i in 1..ov.p.len() {
        let (p0, p1) = (ov.p[i - 1], ov.p[i]);
        // Pieces of the layer as (p_a, env_a, par_a, p_b, env_b, par_b), split at a crossing.
        let mut pieces = vec![(p0, ov.env[i - 1], ov.parcel[i - 1], p1, ov.env[i], ov.parcel[i])];
        if d[i - 1] * d[i] < 0.0 {
            let f = d[i - 1] / (d[i - 1] - d[i]);
            let pc = (p0.ln() + f * (p1.ln() - p0.ln())).exp();
            let tc = ov.env[i - 1] + f * (ov.env[i] - ov.env[i - 1]);
            pieces = vec![
                (p0, ov.env[i - 1], ov.parcel[i - 1], pc, tc, tc),
                (pc, tc, tc, p1, ov.env[i], ov.parcel[i]),
            ];
        }
        for (pa, ea, qa, pb, eb, qb) in pieces {
            let mean = (qa - ea) + (qb - eb);
            let poly = vec![(ea, pa), (qa, pa), (qb, pb), (eb, pb)];
            if mean > 0.0 {
                cape.push(poly);
            } else if mean < 0.0 && pb >= ov.lfc * (1.0 - 1e-9) {
                // MetPy: pressure > LFC and parcel ≤ environment; a NaN LFC shades no CIN.
                cin.push(poly);
            }
        }
    }
    (cape, cin)
}

/// Temperatures (°C) along the dry adiabat through (1000 hPa, `theta_c` °C) at `levels` (hPa).
pub fn dry_adiabat(theta_c: f64, levels: &[f64]) -> Vec<f64> {
    levels
        .iter()
        .map(|&p| dry_lapse(p * 100.0, theta_c + ZERO_DEGC, 100_000.0) - ZERO_DEGC)
        .collect()
}

/// Temperatures (°C) along the pseudo-adiabat through (1000 hPa, `t0_c` °C) at `levels` (hPa,
/// decreasing, all ≤ 1000), integrated level to level with retrievals' `moist_step`.
pub fn moist_adiabat(t0_c: f64, levels: &[f64]) -> Vec<f64> {
    let (mut p, mut t) = (100_000.0, t0_c + ZERO_DEGC);
    levels
        .iter()
        .map(|&q| {
            t = moist_step(p, t, q * 100.0);
            p = q * 100.0;
            t - ZERO_DEGC
        })
        .collect()
}

/// `v` with `decimals` decimals, never "-0" (a value that rounds to zero prints as 0).
pub fn fixed(v: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    format!("{:.*}", decimals, (v * scale).round() / scale + 0.0)
}

/// The stability table of ACT's `add_stability_info`: rows "name value unit" for Lifted Index,
/// SBCAPE, SBCIN, MUCAPE, MUCIN, LCL Temp, LCL Pres, from
/// [`stability_indices_profile`] on every level of the file with finite `p` (hPa), `t`, `td`
/// (°C). Unlike ACT, no level is dropped (ACT 2.3.4's `ind_sort[-1:0:-1]` loses
/// the lowest-pressure level); `act_compat` drops it as ACT does
/// ([`atmokit_retrievals::sonde::stability::drop_lowest_pressure`]).
///
/// # Errors
/// A missing variable, or fewer than two usable levels.
pub fn stability_rows(ds: &Dataset, p: &str, t: &str, td: &str, act_compat: bool) -> Result<Vec<String>> {
    let (mut pv, mut tv, mut dv) = (ds.values_f64(p)?, ds.values_f64(t)?, ds.values_f64(td)?);
    if act_compat {
        atmokit_retrievals::sonde::stability::drop_lowest_pressure(&mut pv, &mut tv, &mut dv);
    }
    let s = stability_indices_profile(&pv, &tv, &dv, 0)
        .map_err(|e| PlotError::input(format!("skew-T stability of '{p}'/'{t}'/'{td}': {e}")))?;
    Ok(vec![
        format!("Lifted Index {} K", fixed(s.lifted_index, 1)),
        format!("SBCAPE {} J/kg", fixed(s.surface_based_cape, 0)),
        format!("SBCIN {} J/kg", fixed(s.surface_based_cin, 0)),
        format!("MUCAPE {} J/kg", fixed(s.most_unstable_cape, 0)),
        format!("MUCIN {} J/kg", fixed(s.most_unstable_cin, 0)),
        format!("LCL Temp {} C", fixed(s.lifted_condensation_level_temperature, 1)),
        format!("LCL Pres {} hPa", fixed(s.lifted_condensation_level_pressure, 1)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adiabats_match_textbook_values() {
        // Dry: θ = 20 °C → T(850) = 293.15·0.85^(2/7) = 279.87 K.
        let d = dry_adiabat(20.0, &[850.0]);
        assert!((d[0] - (293.15 * 0.85f64.powf(2.0 / 7.0) - 273.15)).abs() < 1e-9);
        // Moist from 1000 hPa / 20 °C: MetPy 1.7.1 `moist_lapse([1000, 850, 500] hPa, 20 degC)`
        // (run independently in a venv) = 13.983620, −8.484556 °C.
        let m = moist_adiabat(20.0, &[850.0, 500.0]);
        assert!((m[0] - 13.983620).abs() < 1e-3, "{m:?}");
        assert!((m[1] + 8.484556).abs() < 1e-3, "{m:?}");
    }

    #[test]
    fn fixed_never_prints_negative_zero() {
        assert_eq!(fixed(-0.2, 0), "0");
        assert_eq!(fixed(-0.0, 1), "0.0");
        assert_eq!(fixed(927.1374, 1), "927.1");
        assert_eq!(fixed(-8.0778, 1), "-8.1");
        assert_eq!(fixed(f64::NAN, 0), "NaN");
    }

    fn unstable() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let p: Vec<f64> = (0..=45).map(|i| 1000.0 - 20.0 * f64::from(i)).collect();
        let t: Vec<f64> = p.iter().map(|&q| 30.0 - 75.0 * (1000.0 / q).ln()).collect();
        let td: Vec<f64> = p.iter().map(|&q| 22.0 - 90.0 * (1000.0 / q).ln()).collect();
        (p, t, td)
    }

    #[test]
    fn parcel_starts_at_the_surface_and_shading_splits_at_the_lfc() {
        let (p, t, td) = unstable();
        let ov = parcel_overlay(&p, &t, &td).unwrap();
        assert_eq!(ov.p.len(), p.len() + 1, "LCL inserted");
        assert!((ov.parcel[0] - 30.0).abs() < 1e-9);
        // Dry adiabat below the LCL: T = 303.15 (p/1000)^(2/7).
        let k = ov.p.iter().position(|&q| q == 980.0).unwrap();
        assert!((ov.parcel[k] - (303.15 * 0.98f64.powf(2.0 / 7.0) - 273.15)).abs() < 1e-6);
        let (cape, cin) = shade_areas(&ov);
        assert!(!cape.is_empty());
        // Every CAPE polygon has the parcel at or right of the environment, CIN the opposite,
        // and CIN lies below (at higher pressure than) the LFC.
        for q in &cape {
            assert!(q[1].0 >= q[0].0 - 1e-9 && q[2].0 >= q[3].0 - 1e-9, "{q:?}");
        }
        for q in &cin {
            assert!(q[1].0 <= q[0].0 + 1e-9 && q[3].1 >= ov.lfc - 1e-9, "{q:?}");
        }
        assert!(parcel_overlay(&p[..1], &t[..1], &td[..1]).is_none());
    }

    #[test]
    fn crossing_layers_are_split_where_parcel_meets_environment() {
        let ov = ParcelOverlay {
            p: vec![1000.0, 900.0],
            env: vec![10.0, 0.0],
            parcel: vec![8.0, 2.0],
            lfc: 940.0,
        };
        let (cape, cin) = shade_areas(&ov);
        assert_eq!((cape.len(), cin.len()), (1, 1));
        // Crossing halfway in ln p: p = sqrt(1000·900), T = 5 °C.
        let pc = (1000.0f64 * 900.0).sqrt();
        assert!((cin[0][2].1 - pc).abs() < 1e-9 && (cin[0][2].0 - 5.0).abs() < 1e-9);
        assert!((cape[0][0].1 - pc).abs() < 1e-9);
    }
}
