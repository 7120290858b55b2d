//! Parcel theory on a sounding: parcel profile, LFC, EL, CAPE/CIN (surface-based and most
//! unstable), written out from MetPy 1.7 (`parcel_profile`, `parcel_profile_with_lcl`, `lfc`,
//! `el`, `cape_cin`, `surface_based_cape_cin`, `most_unstable_parcel`, `most_unstable_cape_cin`).
//!
//! All profiles here are ordered by non-increasing pressure, pressure in Pa, temperature in K.

use super::thermo::{
    RD, dry_lapse, equivalent_potential_temperature, isclose, lcl, moist_step, saturation_mixing_ratio,
    virtual_temperature,
};

/// Temperature (K) of a parcel lifted from `(p[0], t0)` with dewpoint `td0`, at every level of `p`
/// (non-increasing, Pa): dry adiabat down to the LCL pressure, then the pseudo-adiabat started
/// from the dry-adiabat temperature at the LCL (as MetPy). Levels within `isclose` of the LCL
/// get the LCL temperature of the dry adiabat.
pub fn parcel_profile(p: &[f64], t0: f64, td0: f64) -> Vec<f64> {
    parcel_profile_parts(p, t0, td0).0
}

/// Parcel profile plus `(p_lcl, t_lcl)` where `t_lcl` is Romps' LCL temperature.
fn parcel_profile_parts(p: &[f64], t0: f64, td0: f64) -> (Vec<f64>, f64, f64) {
    let mut out = Vec::with_capacity(p.len());
    if p.is_empty() {
        return (out, f64::NAN, f64::NAN);
    }
    let (p_lcl, t_lcl) = lcl(p[0], t0, td0);
    let t_dry_lcl = dry_lapse(p_lcl, t0, p[0]);
    let mut prev: Option<(f64, f64)> = None; // last moist (p, T), starting at the LCL
    for &pi in p {
        if pi >= p_lcl {
            out.push(dry_lapse(pi, t0, p[0]));
        } else if isclose(pi, p_lcl) {
            out.push(t_dry_lcl);
        } else {
            let (pp, tp) = prev.unwrap_or((p_lcl, t_dry_lcl));
            let t = if pi == pp { tp } else { moist_step(pp, tp, pi) };
            prev = Some((pi, t));
            out.push(t);
        }
    }
    (out, p_lcl, t_lcl)
}

/// A sounding with the LCL level inserted, and the parcel temperature on it
/// (MetPy `parcel_profile_with_lcl`). Returns `(p, t, td, parcel)`.
pub fn parcel_profile_with_lcl(p: &[f64], t: &[f64], td: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let (pp, tt, dd, prof, _) = parcel_profile_with_lcl_index(p, t, td);
    (pp, tt, dd, prof)
}

/// [`parcel_profile_with_lcl`] plus the index at which the LCL level was inserted (removing it
/// gives [`parcel_profile`] on the original levels).
pub fn parcel_profile_with_lcl_index(
    p: &[f64],
    t: &[f64],
    td: &[f64],
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, usize) {
    let (prof, p_lcl, t_lcl) = parcel_profile_parts(p, t[0], td[0]);
    // insertion index: after every level with p >= p_lcl
    let loc = p.iter().take_while(|&&x| x >= p_lcl).count();
    let interp = |v: &[f64]| -> f64 {
        // linear in pressure between the bracketing levels; NaN outside the profile
        if loc == 0 || loc == p.len() {
            return if loc < p.len() && p[loc] == p_lcl {
                v[loc]
            } else {
                f64::NAN
            };
        }
        let (p0, p1) = (p[loc - 1], p[loc]);
        if p0 == p1 {
            return v[loc];
        }
        v[loc - 1] + (v[loc] - v[loc - 1]) * (p_lcl - p0) / (p1 - p0)
    };
    let ins = |v: &[f64], x: f64| {
        let mut o = Vec::with_capacity(v.len() + 1);
        o.extend_from_slice(&v[..loc]);
        o.push(x);
        o.extend_from_slice(&v[loc..]);
        o
    };
    (
        ins(p, p_lcl),
        ins(t, interp(t)),
        ins(td, interp(td)),
        ins(&prof, t_lcl),
        loc,
    )
}

/// Which crossing to report when there are several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// The highest-pressure (lowest) one.
    Bottom,
    /// The lowest-pressure (highest) one.
    Top,
}

/// Direction of a crossing of `a` over `b` as pressure decreases.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Increasing,
    Decreasing,
    All,
}

/// Crossings of `a` and `b` over `x` (pressure), interpolated linearly in ln x
/// (MetPy `find_intersections(..., log_x=True)`). Returns `(x, y)` pairs in profile order.
fn intersections(x: &[f64], a: &[f64], b: &[f64], dir: Dir) -> Vec<(f64, f64)> {
    let sign = |v: f64| {
        if v > 0.0 {
            1.0
        } else if v < 0.0 {
            -1.0
        } else {
            0.0
        }
    };
    let mut out: Vec<(f64, f64, f64)> = Vec::new();
    for i in 0..x.len().saturating_sub(1) {
        let s0 = sign(a[i] - b[i]);
        let s1 = sign(a[i + 1] - b[i + 1]);
        if s0 == s1 {
            continue;
        }
        let (x0, x1) = (x[i].ln(), x[i + 1].ln());
        let (d0, d1) = (a[i] - b[i], a[i + 1] - b[i + 1]);
        let ix = (d1 * x0 - d0 * x1) / (d1 - d0);
        let iy = (ix - x0) / (x1 - x0) * (a[i + 1] - a[i]) + a[i];
        out.push((ix.exp(), iy, s1));
    }
    let n = out.len();
    (0..n)
        .filter(|&k| k + 1 == n || out[k + 1].0 != out[k].0)
        .filter(|&k| match dir {
            Dir::Increasing => out[k].2 > 0.0,
            Dir::Decreasing => out[k].2 < 0.0,
            Dir::All => true,
        })
        .map(|k| (out[k].0, out[k].1))
        .collect()
}

fn less_or_close(a: f64, b: f64) -> bool {
    a < b || isclose(a, b)
}

fn greater_or_close(a: f64, b: f64) -> bool {
    a > b || isclose(a, b)
}

/// Level of free convection `(p, T)` (Pa, K) given the parcel profile (MetPy `lfc`); NaN when none.
pub fn lfc(p: &[f64], t: &[f64], td: &[f64], parcel: &[f64], which: Which) -> (f64, f64) {
    let nan = (f64::NAN, f64::NAN);
    if p.is_empty() {
        return nan;
    }
    let x = if isclose(parcel[0], t[0]) {
        intersections(&p[1..], &parcel[1..], &t[1..], Dir::Increasing)
    } else {
        intersections(p, parcel, t, Dir::Increasing)
    };
    let this_lcl = lcl(p[0], parcel[0], td[0]);
    if x.is_empty() {
        let all_below = p
            .iter()
            .zip(parcel)
            .zip(t)
            .filter(|((pp, _), _)| **pp < this_lcl.0)
            .all(|((_, pa), te)| less_or_close(*pa, *te));
        return if all_below { nan } else { this_lcl };
    }
    let valid: Vec<(f64, f64)> = x.iter().copied().filter(|c| c.0 < this_lcl.0).collect();
    if valid.is_empty() {
        let el_p = intersections(&p[1..], &parcel[1..], &t[1..], Dir::Decreasing);
        let min_el = el_p.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
        return if !el_p.is_empty() && min_el > this_lcl.0 {
            nan
        } else {
            this_lcl
        };
    }
    match which {
        Which::Bottom => valid[0],
        Which::Top => valid[valid.len() - 1],
    }
}

/// Equilibrium level `(p, T)` (Pa, K) given the parcel profile (MetPy `el`); NaN when none.
pub fn el(p: &[f64], t: &[f64], td: &[f64], parcel: &[f64], which: Which) -> (f64, f64) {
    let nan = (f64::NAN, f64::NAN);
    let n = p.len();
    if n < 2 || parcel[n - 1] > t[n - 1] {
        return nan;
    }
    let x = intersections(&p[1..], &parcel[1..], &t[1..], Dir::Decreasing);
    let (lcl_p, _) = lcl(p[0], t[0], td[0]);
    match x.last() {
        Some(last) if last.0 < lcl_p => {
            let valid: Vec<(f64, f64)> = x.iter().copied().filter(|c| c.0 < lcl_p).collect();
            match which {
                Which::Bottom => valid[0],
                Which::Top => valid[valid.len() - 1],
            }
        }
        _ => nan,
    }
}

/// Trapezoid of `y` over `ln x`.
fn trapz_ln(x: &[f64], y: &[f64]) -> f64 {
    x.windows(2)
        .zip(y.windows(2))
        .map(|(xw, yw)| 0.5 * (yw[0] + yw[1]) * (xw[1].ln() - xw[0].ln()))
        .sum()
}

/// CAPE and CIN (J/kg) of a parcel (MetPy `cape_cin`, LFC 'bottom', EL 'top'):
/// virtual-temperature correction of environment and parcel, then
/// `CAPE = Rd ∫_{EL}^{LFC} (Tv,parcel − Tv,env) d ln p`, `CIN = Rd ∫_{LFC}^{p0} (…) d ln p` (≤ 0),
/// with zero crossings inserted. Both 0 when there is no LFC.
pub fn cape_cin(p: &[f64], t: &[f64], td: &[f64], parcel: &[f64]) -> (f64, f64) {
    // remove NaN levels
    let keep: Vec<usize> = (0..p.len())
        .filter(|&i| !(p[i].is_nan() || t[i].is_nan() || td[i].is_nan() || parcel[i].is_nan()))
        .collect();
    if keep.len() < 2 {
        return (0.0, 0.0);
    }
    let p: Vec<f64> = keep.iter().map(|&i| p[i]).collect();
    let t: Vec<f64> = keep.iter().map(|&i| t[i]).collect();
    let td: Vec<f64> = keep.iter().map(|&i| td[i]).collect();
    let parcel: Vec<f64> = keep.iter().map(|&i| parcel[i]).collect();
    let (p_lcl, _) = lcl(p[0], t[0], td[0]);
    let w_surface = saturation_mixing_ratio(p[0], td[0]);
    let tv: Vec<f64> = (0..p.len())
        .map(|i| virtual_temperature(t[i], saturation_mixing_ratio(p[i], td[i])))
        .collect();
    let pv: Vec<f64> = (0..p.len())
        .map(|i| {
            let w = if p[i] > p_lcl {
                w_surface
            } else {
                saturation_mixing_ratio(p[i], parcel[i])
            };
            virtual_temperature(parcel[i], w)
        })
        .collect();
    let (lfc_p, _) = lfc(&p, &tv, &td, &pv, Which::Bottom);
    if lfc_p.is_nan() {
        return (0.0, 0.0);
    }
    let (el_p, _) = el(&p, &tv, &td, &pv, Which::Top);
    let el_p = if el_p.is_nan() { p[p.len() - 1] } else { el_p };
    let y: Vec<f64> = pv.iter().zip(&tv).map(|(a, b)| a - b).collect();
    // append zero crossings, sort by ascending pressure, drop near-duplicates
    let zero = vec![0.0; y.len()];
    let mut pts: Vec<(f64, f64)> = p.iter().copied().zip(y.iter().copied()).collect();
    pts.extend(intersections(&p[1..], &y[1..], &zero[1..], Dir::All));
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pts.len();
    let pts: Vec<(f64, f64)> = (0..n)
        .filter(|&k| k + 1 == n || pts[k + 1].0 - pts[k].0 > 1e-6)
        .map(|k| pts[k])
        .collect();
    let (cx, cy): (Vec<f64>, Vec<f64>) = pts
        .iter()
        .filter(|(x, _)| less_or_close(*x, lfc_p) && greater_or_close(*x, el_p))
        .copied()
        .unzip();
    let cape = RD * trapz_ln(&cx, &cy);
    let (nx, ny): (Vec<f64>, Vec<f64>) = pts.iter().filter(|(x, _)| greater_or_close(*x, lfc_p)).copied().unzip();
    let cin = (RD * trapz_ln(&nx, &ny)).min(0.0);
    (cape, cin)
}

/// Surface-based CAPE and CIN (J/kg): the parcel from the first level (MetPy `surface_based_cape_cin`).
pub fn surface_based_cape_cin(p: &[f64], t: &[f64], td: &[f64]) -> (f64, f64) {
    if p.len() < 2 {
        return (f64::NAN, f64::NAN);
    }
    let (pp, tt, dd, prof) = parcel_profile_with_lcl(p, t, td);
    cape_cin(&pp, &tt, &dd, &prof)
}

/// Index of the most unstable parcel: the maximum θe among levels within 300 hPa of the first
/// level (MetPy `most_unstable_parcel` with its defaults, no interpolation).
pub fn most_unstable_index(p: &[f64], t: &[f64], td: &[f64]) -> usize {
    if p.is_empty() {
        return 0;
    }
    let bottom = p[0];
    let target = bottom - 30_000.0;
    // top bound: the level closest to bottom − 300 hPa
    let top = p
        .iter()
        .copied()
        .min_by(|a, b| (a - target).abs().total_cmp(&(b - target).abs()))
        .unwrap_or(bottom);
    let mut best = 0;
    let mut best_val = f64::NEG_INFINITY;
    for i in 0..p.len() {
        if less_or_close(p[i], bottom) && greater_or_close(p[i], top) {
            let th = equivalent_potential_temperature(p[i], t[i], td[i]);
            if th > best_val {
                best_val = th;
                best = i;
            }
        }
    }
    best
}

/// Most-unstable CAPE and CIN (J/kg): the parcel with the highest θe in the lowest 300 hPa,
/// lifted from its level (MetPy `most_unstable_cape_cin`).
pub fn most_unstable_cape_cin(p: &[f64], t: &[f64], td: &[f64]) -> (f64, f64) {
    let i = most_unstable_index(p, t, td);
    surface_based_cape_cin(&p[i..], &t[i..], &td[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersections_linear_in_log_p() {
        let x = [1000.0, 100.0];
        let a = [0.0, 2.0];
        let b = [1.0, 1.0];
        let c = intersections(&x, &a, &b, Dir::All);
        assert_eq!(c.len(), 1);
        // halfway in ln p: sqrt(1000*100)
        assert!((c[0].0 - (1000.0f64 * 100.0).sqrt()).abs() < 1e-9);
        assert!((c[0].1 - 1.0).abs() < 1e-12);
        assert!(intersections(&x, &a, &b, Dir::Decreasing).is_empty());
    }

    #[test]
    fn dry_part_is_poisson() {
        let p = [100_000.0, 95_000.0, 90_000.0];
        // very dry parcel: LCL far above, so all levels dry-adiabatic
        let prof = parcel_profile(&p, 300.0, 250.0);
        for (pi, ti) in p.iter().zip(&prof) {
            assert!((ti - 300.0 * (pi / 100_000.0f64).powf(2.0 / 7.0)).abs() < 1e-9);
        }
    }

    #[test]
    fn stable_sounding_has_no_cape() {
        // isothermal warm environment, cold parcel: CAPE = CIN = 0 (no LFC)
        let p: Vec<f64> = (0..50).map(|i| 100_000.0 - 1500.0 * i as f64).collect();
        let t = vec![300.0; 50];
        let td = vec![260.0; 50];
        let (cape, cin) = surface_based_cape_cin(&p, &t, &td);
        assert_eq!((cape, cin), (0.0, 0.0));
    }
}
