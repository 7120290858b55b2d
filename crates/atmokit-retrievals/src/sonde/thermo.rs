//! Moist thermodynamics for parcel theory, written out from MetPy 1.7's formulas (SI units:
//! pressure in Pa, temperature in K, mixing ratio in kg/kg).
//!
//! Constants are MetPy's (`metpy.constants`, defined in [`atmokit_physics::constants`]): they
//! matter at the 1e-4 level for CAPE.
//! References: Ambaum (2020, QJRMS 146) for saturation vapour pressure with temperature-dependent
//! latent heat; Romps (2017, JAS 74) for the exact LCL; Bolton (1980, MWR 108) for θe.

pub use atmokit_physics::constants::{
    CP_D, CP_I, CP_L, CP_V, EPSILON, KAPPA, LS, LV, P0_THETA, RD, RV, SAT_PRESSURE_0C, T_TRIPLE_POINT, ZERO_DEGC,
};

/// Saturation vapour pressure over liquid water (Pa) at `t` (K) (Ambaum 2020, as MetPy 1.7):
/// `es = 611.2 (T₃/T)^((cpl−cpv)/Rv) exp((Lv/T₃ − L(T)/T)/Rv)`, `L(T) = Lv − (cpl−cpv)(T−T₃)`, T₃ the triple point.
pub fn es_liquid(t: f64) -> f64 {
    let latent = LV - (CP_L - CP_V) * (t - T_TRIPLE_POINT);
    let power = (CP_L - CP_V) / RV;
    SAT_PRESSURE_0C * (T_TRIPLE_POINT / t).powf(power) * ((LV / T_TRIPLE_POINT - latent / t) / RV).exp()
}

/// Saturation vapour pressure over ice (Pa) at `t` (K), same form with Ls and cpi.
pub fn es_ice(t: f64) -> f64 {
    let latent = LS - (CP_I - CP_V) * (t - T_TRIPLE_POINT);
    let power = (CP_I - CP_V) / RV;
    SAT_PRESSURE_0C * (T_TRIPLE_POINT / t).powf(power) * ((LS / T_TRIPLE_POINT - latent / t) / RV).exp()
}

/// Mixing ratio (kg/kg) of vapour at partial pressure `e` in air at total pressure `p` (same units).
pub fn mixing_ratio(e: f64, p: f64) -> f64 {
    EPSILON * e / (p - e)
}

/// Saturation mixing ratio over liquid (kg/kg) at `p` (Pa), `t` (K); NaN where `es ≥ p`.
pub fn saturation_mixing_ratio(p: f64, t: f64) -> f64 {
    let es = es_liquid(t);
    if es >= p { f64::NAN } else { mixing_ratio(es, p) }
}

/// Virtual temperature (K) of air at `t` (K) with mixing ratio `w`: `T (w + ε)/(ε (1 + w))`.
pub fn virtual_temperature(t: f64, w: f64) -> f64 {
    t * (w + EPSILON) / (EPSILON * (1.0 + w))
}

/// Potential temperature (K) of one sample: `θ = T (p₀/p)^κ`, p₀ = 1000 hPa, `p` in Pa (the
/// public function on arrays in any units is `atmokit_physics::thermo::potential_temperature`).
fn theta(p: f64, t: f64) -> f64 {
    t * (P0_THETA / p).powf(KAPPA)
}

/// Equivalent potential temperature (K) by Bolton (1980) eq. 39, `p` Pa, `t`, `td` K.
pub fn equivalent_potential_temperature(p: f64, t: f64, td: f64) -> f64 {
    let r = saturation_mixing_ratio(p, td);
    let e = es_liquid(td);
    let t_l = 56.0 + 1.0 / (1.0 / (td - 56.0) + (t / td).ln() / 800.0);
    let th_l = theta(p - e, t) * (t / t_l).powf(0.28 * r);
    th_l * (r * (1.0 + 0.448 * r) * (3036.0 / t_l - 1.78)).exp()
}

/// Lower branch `W₋₁(x)` of the Lambert W function for `x ∈ [−1/e, 0)` (Halley iteration);
/// NaN outside that interval.
pub fn lambert_w_m1(x: f64) -> f64 {
    let branch_pt = -(-1.0f64).exp();
    if !(x >= branch_pt && x < 0.0) {
        return f64::NAN;
    }
    if x == branch_pt {
        return -1.0;
    }
    let mut w = if x < -0.25 {
        let p = -(2.0 * (1.0 + std::f64::consts::E * x)).sqrt();
        -1.0 + p - p * p / 3.0 + 11.0 / 72.0 * p * p * p
    } else {
        let l1 = (-x).ln();
        l1 - (-l1).ln()
    };
    for _ in 0..64 {
        let ew = w.exp();
        let f = w * ew - x;
        let wp1 = w + 1.0;
        let denom = ew * wp1 - (w + 2.0) * f / (2.0 * wp1);
        let step = f / denom;
        w -= step;
        if step.abs() <= 1e-15 * (1.0 + w.abs()) {
            break;
        }
    }
    w
}

/// Lifted condensation level `(p_lcl, t_lcl)` (Pa, K) of a parcel at `p` (Pa), `t` (K) with dewpoint
/// `td` (K), by Romps (2017) exact solution with Lambert W (MetPy 1.7 `lcl`).
pub fn lcl(p: f64, t: f64, td: f64) -> (f64, f64) {
    let q = {
        let w = saturation_mixing_ratio(p, td);
        w / (1.0 + w)
    };
    let cpm = CP_D + q * (CP_V - CP_D);
    let rm = RD + q * (RV - RD);
    let ratio = cpm / rm;
    let a = ratio + (CP_L - CP_V) / RV;
    let b = -(LV + (CP_L - CP_V) * T_TRIPLE_POINT) / (RV * t);
    let c = b / a;
    let rh = es_liquid(td) / es_liquid(t);
    let w = lambert_w_m1(rh.powf(1.0 / a) * c * c.exp());
    let t_lcl = c / w * t;
    let p_lcl = p * (t_lcl / t).powf(ratio);
    (p_lcl, t_lcl)
}

/// Dry adiabat: temperature (K) at `p` of a parcel starting at `(p_ref, t_ref)`: `T (p/p_ref)^κ`.
pub fn dry_lapse(p: f64, t_ref: f64, p_ref: f64) -> f64 {
    t_ref * (p / p_ref).powf(KAPPA)
}

/// dT/dp (K/Pa) along the pseudo-adiabat (MetPy `moist_lapse`):
/// `(Rd T + Lv rs)/(cpd + Lv² rs ε/(Rd T²)) / p`.
fn moist_dtdp(p: f64, t: f64) -> f64 {
    let rs = saturation_mixing_ratio(p, t);
    let frac = (RD * t + LV * rs) / (CP_D + LV * LV * rs * EPSILON / (RD * t * t));
    frac / p
}

/// Integrate the pseudo-adiabat from `(p_from, t_from)` to `p_to` (Pa) with classical RK4 in
/// ln p, steps no larger than 0.005 in ln p (error ≪ 1e-6 K against MetPy's LSODA at rtol 1.5e-8).
pub fn moist_step(p_from: f64, t_from: f64, p_to: f64) -> f64 {
    // ln of a zero, negative or non-finite pressure would make the step count unbounded.
    if !(p_from > 0.0 && p_to > 0.0 && p_from.is_finite() && p_to.is_finite()) {
        return f64::NAN;
    }
    let (l0, l1) = (p_from.ln(), p_to.ln());
    let n = (((l1 - l0).abs() / 0.005).ceil() as usize).max(1);
    let h = (l1 - l0) / n as f64;
    // dT/dlnp = p dT/dp
    let f = |lp: f64, t: f64| {
        let p = lp.exp();
        p * moist_dtdp(p, t)
    };
    let mut t = t_from;
    let mut lp = l0;
    for _ in 0..n {
        let k1 = f(lp, t);
        let k2 = f(lp + h / 2.0, t + h / 2.0 * k1);
        let k3 = f(lp + h / 2.0, t + h / 2.0 * k2);
        let k4 = f(lp + h, t + h * k3);
        t += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        lp += h;
    }
    t
}

/// `numpy.isclose(a, b)` with its defaults (rtol 1e-5, atol 1e-8).
pub fn isclose(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-8 + 1e-5 * b.abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saturation_vapour_pressure_tables() {
        // WMO (Goff-Gratch) tables: es(20 °C) = 2338.8 Pa, es(-20 °C) over ice 103.2 Pa; Ambaum's
        // form is within 0.2 % of them. MetPy 1.7 gives 2334.74812472616 Pa and 103.20583548371924 Pa.
        assert!(
            (es_liquid(293.15) - 2338.8).abs() < 0.005 * 2338.8,
            "{}",
            es_liquid(293.15)
        );
        assert!((es_ice(253.15) - 103.2).abs() < 0.005 * 103.2, "{}", es_ice(253.15));
        assert!((es_liquid(293.15) - 2334.74812472616).abs() < 1e-9);
        assert!((es_ice(253.15) - 103.20583548371924).abs() < 1e-11);
        assert!((es_liquid(273.16) - 611.2).abs() < 1e-9);
    }

    #[test]
    fn lambert_w_identity() {
        for &x in &[-0.3678, -0.3, -0.1, -1e-3, -1e-8] {
            let w = lambert_w_m1(x);
            assert!(w <= -1.0);
            assert!((w * w.exp() - x).abs() < 1e-13 * (1.0 + x.abs()), "x={x} w={w}");
        }
        assert!(lambert_w_m1(0.1).is_nan());
    }

    #[test]
    fn lcl_saturated_parcel_is_at_surface_and_romps_example() {
        let (p, t) = lcl(100_000.0, 290.0, 290.0);
        assert!((p - 100_000.0).abs() < 1e-6 && (t - 290.0).abs() < 1e-9);
        // MetPy 1.7.1: lcl(1000 hPa, 30 °C, 20 °C) = (864.213026 hPa, 17.6624964 °C); the classic
        // Bolton approximation gives ~864.8 hPa.
        let (p, t) = lcl(100_000.0, 303.15, 293.15);
        assert!((p / 100.0 - 864.213026).abs() < 1e-5, "{p}");
        assert!((t - 273.15 - 17.6624964).abs() < 1e-6, "{t}");
    }

    #[test]
    fn moist_adiabat_cools_less_than_dry() {
        // A pressure of zero (or below) has no moist adiabat: NaN at once, never an endless loop.
        assert!(moist_step(100_000.0, 300.0, 0.0).is_nan());
        assert!(moist_step(-1.0, 300.0, 50_000.0).is_nan());
        assert!(moist_step(100_000.0, 300.0, f64::INFINITY).is_nan());
        let tm = moist_step(100_000.0, 300.0, 50_000.0);
        let td = dry_lapse(50_000.0, 300.0, 100_000.0);
        assert!(tm > td && tm < 300.0);
        // Refining the step does not change the answer.
        let half = moist_step(75_000.0, moist_step(100_000.0, 300.0, 75_000.0), 50_000.0);
        assert!((half - tm).abs() < 1e-8);
        // MetPy 1.7.1 (LSODA, rtol 1.5e-8): moist_lapse(500 hPa, 20 °C, 1000 hPa) = -8.484556 °C.
        let t500 = moist_step(100_000.0, 293.15, 50_000.0) - 273.15;
        assert!((t500 - -8.484556).abs() < 1e-4, "{t500}");
    }
}
