//! A surface-based parcel for the skew-T, computed here because atmokit-retrievals was not yet
//! available (ACT uses MetPy's `parcel_profile`, `cape_cin`, `lcl`): dry adiabat to the lifting
//! condensation level, then the pseudo-adiabat; CAPE and CIN by the trapezoidal rule in ln p.
//!
//! Formulas: θ = T (1000/p)^κ with κ = Rd/cp = 0.2857; saturation vapour pressure
//! e_s = 6.112 exp(17.67 T / (T + 243.5)) hPa (Bolton 1980, T in °C); mixing ratio
//! w = ε e/(p − e), ε = 0.622; LCL temperature T_L = 1/(1/(T_d − 56) + ln(T/T_d)/800) + 56 K
//! (Bolton 1980 eq. 15); pseudo-adiabatic lapse dT/dp = (Rd T + L w)/(p (cp + L² w ε/(Rd T²)))
//! (AMS Glossary), integrated with Heun's method in 2 hPa steps; CAPE = Rd ∫ (T_parcel − T_env)
//! d ln p over the positive area above the level of free convection, CIN = the negative area
//! below it (temperatures, not virtual temperatures: MetPy's default when given T).

const RD: f64 = 287.04;
const CP: f64 = 1005.7;
const LV: f64 = 2.501e6;
const EPS: f64 = 0.622;
const KAPPA: f64 = RD / CP;

/// Saturation vapour pressure (hPa) over water at `t_c` °C (Bolton 1980).
pub fn sat_vapor_pressure(t_c: f64) -> f64 {
    6.112 * (17.67 * t_c / (t_c + 243.5)).exp()
}

/// Saturation mixing ratio (kg/kg) at `p` hPa and `t_c` °C.
pub fn sat_mixing_ratio(p: f64, t_c: f64) -> f64 {
    let e = sat_vapor_pressure(t_c);
    EPS * e / (p - e).max(1e-6)
}

/// Temperature (°C) on the dry adiabat through (p0, t0_c) at pressure `p` (hPa).
pub fn dry_adiabat(p0: f64, t0_c: f64, p: f64) -> f64 {
    (t0_c + 273.15) * (p / p0).powf(KAPPA) - 273.15
}

/// Lifting condensation level (pressure hPa, temperature °C) of a parcel at (p, t, td).
pub fn lcl(p: f64, t_c: f64, td_c: f64) -> (f64, f64) {
    let (t, td) = (t_c + 273.15, td_c.min(t_c) + 273.15);
    let tl = 1.0 / (1.0 / (td - 56.0) + (t / td).ln() / 800.0) + 56.0;
    (p * (tl / t).powf(1.0 / KAPPA), tl - 273.15)
}

fn moist_lapse(p: f64, t_k: f64) -> f64 {
    let w = sat_mixing_ratio(p, t_k - 273.15);
    (RD * t_k + LV * w) / (p * (CP + LV * LV * w * EPS / (RD * t_k * t_k)))
}

/// Temperatures (°C) along the pseudo-adiabat from (p0, t0_c) at each of `levels` (hPa, decreasing).
pub fn moist_adiabat(p0: f64, t0_c: f64, levels: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(levels.len());
    let (mut p, mut t) = (p0, t0_c + 273.15);
    for &target in levels {
        while p - target > 1e-9 {
            let dp = (p - target).min(2.0);
            let k1 = moist_lapse(p, t);
            let k2 = moist_lapse(p - dp, t - dp * k1);
            t -= dp * 0.5 * (k1 + k2);
            p -= dp;
        }
        out.push(t - 273.15);
    }
    out
}

/// A lifted parcel and its stability numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Parcel {
    /// Parcel temperature (°C) at each input level.
    pub temperature: Vec<f64>,
    /// LCL pressure (hPa).
    pub lcl_pressure: f64,
    /// LCL temperature (°C).
    pub lcl_temperature: f64,
    /// Convective available potential energy (J/kg).
    pub cape: f64,
    /// Convective inhibition (J/kg, ≤ 0).
    pub cin: f64,
    /// Lifted index at 500 hPa (K): environment minus parcel; `None` if 500 hPa is not reached.
    pub lifted_index: Option<f64>,
    /// Index of the level of free convection (first level above the LCL where the parcel is
    /// warmer than the environment), if any.
    pub lfc: Option<usize>,
}

/// Lift the first level's air through `p` (hPa, decreasing), `t` and `td` (°C); NaN levels must
/// be removed by the caller. `None` for fewer than two levels.
pub fn surface_parcel(p: &[f64], t: &[f64], td: &[f64]) -> Option<Parcel> {
    if p.len() < 2 || p.len() != t.len() || p.len() != td.len() {
        return None;
    }
    let (plcl, tlcl) = lcl(p[0], t[0], td[0]);
    let above: Vec<f64> = p.iter().copied().filter(|&q| q < plcl).collect();
    let moist = moist_adiabat(plcl, tlcl, &above);
    let mut k = 0;
    let temperature: Vec<f64> = p
        .iter()
        .map(|&q| {
            if q >= plcl {
                dry_adiabat(p[0], t[0], q)
            } else {
                k += 1;
                moist[k - 1]
            }
        })
        .collect();
    let diff: Vec<f64> = temperature.iter().zip(t).map(|(a, b)| a - b).collect();
    let lfc = (1..p.len()).find(|&i| p[i] <= plcl && diff[i] > 0.0);
    let (mut cape, mut cin) = (0.0, 0.0);
    for i in 1..p.len() {
        let area = RD * 0.5 * (diff[i] + diff[i - 1]) * (p[i - 1] / p[i]).ln();
        match lfc {
            Some(l) if i > l && area > 0.0 => cape += area,
            Some(l) if i <= l && area < 0.0 => cin += area,
            _ => {}
        }
    }
    let lifted_index = (1..p.len()).find(|&i| p[i] <= 500.0).map(|i| t[i] - temperature[i]);
    Some(Parcel {
        temperature,
        lcl_pressure: plcl,
        lcl_temperature: tlcl,
        cape,
        cin,
        lifted_index,
        lfc,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values() {
        // e_s(0 °C) = 6.112 hPa; e_s(20 °C) ≈ 23.37 hPa (Bolton 1980 table agreement ~0.1 %).
        assert!((sat_vapor_pressure(0.0) - 6.112).abs() < 1e-12);
        assert!((sat_vapor_pressure(20.0) - 23.37).abs() < 0.05);
        // Dry adiabat: 20 °C at 1000 hPa → θ = 293.15 K; at 850 hPa T = 293.15·0.85^0.2857 ≈ 279.9 K.
        assert!((dry_adiabat(1000.0, 20.0, 850.0) - (279.9 - 273.15)).abs() < 0.1);
        // Saturated parcel: LCL at the start point.
        let (p, t) = lcl(1000.0, 20.0, 20.0);
        assert!((p - 1000.0).abs() < 1.0 && (t - 20.0).abs() < 0.1);
        // Moist adiabat from 1000 hPa/20 °C reaches ≈ 13.6 °C at 850 hPa and ≈ −7 °C at 500 hPa
        // (skew-T chart values for θe ≈ 330 K).
        let m = moist_adiabat(1000.0, 20.0, &[850.0, 500.0]);
        assert!((m[0] - 13.6).abs() < 0.7, "{m:?}");
        assert!((m[1] + 7.0).abs() < 2.0, "{m:?}");
    }

    #[test]
    fn unstable_sounding_has_cape() {
        // Environment cooling at 7 K/km-ish in pressure levels, moist surface parcel.
        let p: Vec<f64> = (0..=45).map(|i| 1000.0 - 20.0 * f64::from(i)).collect();
        let t: Vec<f64> = p.iter().map(|&q| 30.0 - 75.0 * (1000.0 / q).ln()).collect();
        let td: Vec<f64> = p.iter().map(|&q| 22.0 - 90.0 * (1000.0 / q).ln()).collect();
        let parcel = surface_parcel(&p, &t, &td).unwrap();
        assert!(parcel.cape > 500.0, "{parcel:?}");
        assert!(parcel.cin <= 0.0);
        assert!(parcel.lifted_index.unwrap() < 0.0);
        assert!(surface_parcel(&p[..1], &t[..1], &td[..1]).is_none());
    }
}
