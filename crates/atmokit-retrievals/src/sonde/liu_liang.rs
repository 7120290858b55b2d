//! PBL height from a radiosonde by Liu & Liang (2010) (ACT `calculate_pbl_liu_liang`).

use super::preprocess::{GriddedSonde, SondeNames, preprocess_sonde_data};
use atmokit_core::{Data, Dataset, Error, Result, Variable};

/// Options of [`calculate_pbl_liu_liang`] (ACT's defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct LiuLiangOptions {
    /// Variable names (`tdry`, `pres`, `alt`, `wspd`).
    pub names: SondeNames,
    /// Pressure smoothing window (samples), default 3.
    pub smooth_height: usize,
    /// Land thresholds (1.0 K, 0.5 K, 4 K/km) when true, ocean (0.2 K, 0.1 K, 0.5 K/km) when false.
    pub land_parameter: bool,
    /// Highest altitude (m) searched for a low-level jet, default 1500.
    pub llj_max_alt: f64,
    /// Wind-speed drop (m/s) above the jet nose that makes it a jet, default 2.0.
    pub llj_max_wspd: f64,
    /// Reproduce ACT 2.3.4 (default false): the SBL minimum search starts at layer 0, which
    /// ACT compares with the *last* layer through Python's negative index (and it stops one
    /// layer early), and an SBL without a PBL gives −9999 instead of NaN. CBL/NRL profiles
    /// where ACT raises an IndexError still give NaN.
    pub act_compat: bool,
}

impl Default for LiuLiangOptions {
    fn default() -> Self {
        LiuLiangOptions {
            names: SondeNames::default(),
            smooth_height: 3,
            land_parameter: true,
            llj_max_alt: 1500.0,
            llj_max_wspd: 2.0,
            act_compat: false,
        }
    }
}

impl LiuLiangOptions {
    /// Check the low-level-jet limits: `llj_max_alt` finite and positive, `llj_max_wspd` finite
    /// and non-negative. (`smooth_height` is checked against the sounding's length when it is
    /// gridded.) Errors name the option.
    pub fn validate(&self) -> Result<()> {
        if !(self.llj_max_alt.is_finite() && self.llj_max_alt > 0.0) {
            return Err(Error::parameter(
                "llj_max_alt",
                self.llj_max_alt,
                "must be finite and positive",
            ));
        }
        if !(self.llj_max_wspd.is_finite() && self.llj_max_wspd >= 0.0) {
            return Err(Error::parameter(
                "llj_max_wspd",
                self.llj_max_wspd,
                "must be finite and non-negative",
            ));
        }
        Ok(())
    }
}

/// Boundary-layer regime of Liu & Liang (2010).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// Convective boundary layer (θ decreases with height near the surface).
    Cbl,
    /// Stable boundary layer.
    Sbl,
    /// Neutral residual layer.
    Nrl,
}

impl Regime {
    /// ACT's label (`"CBL"`, `"SBL"`, `"NRL"`).
    pub fn label(self) -> &'static str {
        match self {
            Regime::Cbl => "CBL",
            Regime::Sbl => "SBL",
            Regime::Nrl => "NRL",
        }
    }
}

/// Result of the Liu-Liang retrieval.
#[derive(Clone, Debug, PartialEq)]
pub struct LiuLiang {
    /// PBL height (m, same datum as the altitude input); NaN when none is found.
    pub pblht: f64,
    /// Regime.
    pub regime: Regime,
    /// SBL: height from the θ-gradient criterion (m), NaN otherwise.
    pub pbl_stable: f64,
    /// SBL: height of the low-level-jet nose (m), NaN otherwise.
    pub pbl_shear: f64,
    /// The gridded profile the decision was made on.
    pub grid: GriddedSonde,
}

/// Liu-Liang on an already gridded sonde (see [`calculate_pbl_liu_liang`]).
pub fn liu_liang_gridded(g: GriddedSonde, opts: &LiuLiangOptions) -> LiuLiang {
    let (theta, alt, wspd) = (&g.theta, &g.alt, &g.wspd);
    let n = theta.len();
    let nan = f64::NAN;
    let alt0 = alt.iter().copied().find(|a| a.is_finite()).unwrap_or(nan);
    let agl: Vec<f64> = alt.iter().map(|a| a - alt0).collect();
    // dθ/dz (K/km) of the layer between levels i and i+1
    let mut grad: Vec<f64> = (0..n.saturating_sub(1))
        .map(|i| (theta[i + 1] - theta[i]) / ((alt[i + 1] - alt[i]) / 1000.0))
        .collect();
    let (stab, inst, over) = if opts.land_parameter {
        (1.0, 0.5, 4.0)
    } else {
        (0.2, 0.1, 0.5)
    };
    let theta_diff = if n > 4 { theta[4] - theta[1] } else { nan };
    let regime = if theta_diff < -stab {
        Regime::Cbl
    } else if theta_diff > stab {
        Regime::Sbl
    } else {
        Regime::Nrl
    };
    let (mut pbl_stable, mut pbl_shear) = (nan, nan);
    let pblht = match regime {
        Regime::Cbl | Regime::Nrl => {
            // lowest level above 150 m AGL where θ − θ0 ≥ inst, then the first layer above with
            // dθ/dz ≥ overshoot
            let start = agl.iter().position(|&a| a > 150.0);
            let unstable_top = start.and_then(|s| (s..n).find(|&i| theta[i] - theta[0] >= inst));
            match unstable_top {
                Some(k) => {
                    for v in grad.iter_mut().take(k) {
                        *v = nan;
                    }
                    grad.iter().position(|&v| v >= over).map_or(nan, |i| alt[i])
                }
                None => nan,
            }
        }
        Regime::Sbl => {
            // local minima of dθ/dz with a jump of < −40 K/km from below, or the next layers
            // below the overshoot threshold
            let m = grad.len();
            // ACT enumerates `grad[1:-1]` but indexes `grad[i]` with i from 0: layers 0..m-2,
            // where layer 0's "previous" layer is grad[-1], the last one.
            let layers = if opts.act_compat {
                0..m.saturating_sub(2)
            } else {
                1..m.saturating_sub(1)
            };
            for i in layers {
                let prev = grad[(i + m - 1) % m];
                if grad[i] < prev && grad[i] < grad[i + 1] {
                    let cond1 = grad[i] - prev < -40.0;
                    let cond2 = grad[i + 1] < over || (i + 2 < m && grad[i + 2] < over);
                    if cond1 || cond2 {
                        pbl_stable = (alt[i + 1] + alt[i]) / 2.0;
                        break;
                    }
                }
            }
            // low-level jet: first wind maximum from the surface
            let top = alt.iter().rposition(|&a| a <= opts.llj_max_alt);
            let nose = (0..n.saturating_sub(1)).find(|&i| wspd[i] > wspd[i + 1]);
            if let (Some(top), Some(nose)) = (top, nose) {
                let jet = (nose..top).any(|j| wspd[nose] - wspd[j] > opts.llj_max_wspd);
                let monotonic_below = wspd[..nose].windows(2).all(|w| w[1] - w[0] >= 0.0);
                if jet && monotonic_below {
                    pbl_shear = alt[nose];
                }
            }
            match (pbl_stable.is_nan(), pbl_shear.is_nan()) {
                (true, true) if opts.act_compat => -9999.0,
                (true, true) => nan,
                (false, true) => pbl_stable,
                (true, false) => pbl_shear,
                (false, false) => pbl_stable.min(pbl_shear),
            }
        }
    };
    LiuLiang {
        pblht,
        regime,
        pbl_stable,
        pbl_shear,
        grid: g,
    }
}

/// PBL height by Liu & Liang (2010) as in the ARM PBLHT VAP (Sivaraman et al. 2013) and ACT
/// `calculate_pbl_liu_liang`. The sonde is gridded by [`preprocess_sonde_data`] (5 hPa), then
/// `Δθ = θ[4] − θ[1]` classifies the regime (CBL if Δθ < −s, SBL if > s, else NRL, s = 1 K land /
/// 0.2 K ocean). CBL/NRL: the lowest level above 150 m AGL with `θ − θ₀ ≥ 0.5 K` (0.1 ocean),
/// then the first layer above with `dθ/dz ≥ 4 K/km` (0.5 ocean) gives the PBL height (its base).
/// SBL: the lower of a θ-gradient minimum and a low-level-jet nose.
///
/// Returns a new Dataset: `pblht_liu_liang` (m), `pblht_regime_liu_liang` (text),
/// `pblht_liu_liang_stable_cond`, `pblht_liu_liang_shear_cond` (m), and the gridded
/// `atm_pres_ss` (hPa), `potential_temperature_ss` (K), `alt_ss` (m) on dim `atm_pres_ss`.
///
/// Differences from ACT 2.3.4 (set [`LiuLiangOptions::act_compat`] to get ACT's numbers): no PBL
/// found is NaN (ACT: −9999 in SBL, an IndexError crash in CBL/NRL); the SBL minimum search
/// looks at interior layers only (ACT's loop also tries layer 0, comparing it with the last layer
/// through Python's negative index, and skips the last interior layer). On the BNF sonde of
/// 2025-06-19 05:30 this gives 608 m where ACT gives 319.4 m (default smoothing).
///
/// Reference: Liu, S. and Liang, X.-Z. (2010), J. Climate 23, 5790–5809.
pub fn calculate_pbl_liu_liang(ds: &Dataset, opts: &LiuLiangOptions) -> Result<Dataset> {
    opts.validate()?;
    let g = preprocess_sonde_data(ds, &opts.names, opts.smooth_height, 5.0, true)?;
    liu_liang_gridded(g, opts).to_dataset()
}

impl LiuLiang {
    /// The result as a Dataset with ACT's variable names.
    pub fn to_dataset(&self) -> Result<Dataset> {
        let mut ds = gridded_dataset(&self.grid)?;
        ds.insert(
            "pblht_liu_liang",
            scalar(self.pblht, "m", "Planetary Boundary Layer Height Liu-Liang"),
        )?;
        let regime = Variable::new(
            Vec::<String>::new(),
            Data::Str(ndarray::arr0(self.regime.label().to_string()).into_dyn()),
        )?
        .with_attr("units", "")
        .with_attr("long_name", "Planetary Boundary Layer Regime Classification Liu-Liang");
        ds.insert("pblht_regime_liu_liang", regime)?;
        ds.insert(
            "pblht_liu_liang_stable_cond",
            scalar(self.pbl_stable, "m", "PBL Stable Condition 1"),
        )?;
        ds.insert(
            "pblht_liu_liang_shear_cond",
            scalar(self.pbl_shear, "m", "PBL Shear Condition 2"),
        )?;
        Ok(ds)
    }
}

/// A scalar f64 variable with units and long name.
pub(crate) fn scalar(v: f64, units: &str, long: &str) -> Variable {
    Variable::scalar(v)
        .with_attr("units", units)
        .with_attr("long_name", long)
}

/// `atm_pres_ss`, `potential_temperature_ss`, `alt_ss` on dim `atm_pres_ss` (f32 when the input
/// pressure was f32).
pub(crate) fn gridded_dataset(g: &GriddedSonde) -> Result<Dataset> {
    let mut ds = Dataset::new();
    let dim = ["atm_pres_ss"];
    let mk = |v: &[f64]| -> Result<Variable> {
        if g.f32_input {
            Variable::new(dim, v.iter().map(|&x| x as f32).collect::<Vec<f32>>())
        } else {
            Variable::new(dim, v.to_vec())
        }
    };
    ds.insert(
        "atm_pres_ss",
        mk(&g.pres)?
            .with_attr("units", "hPa")
            .with_attr("long_name", "Gridded pressure"),
    )?;
    ds.insert(
        "potential_temperature_ss",
        mk(&g.theta)?
            .with_attr("units", "K")
            .with_attr("long_name", "Gridded potential temperature"),
    )?;
    ds.insert(
        "alt_ss",
        mk(&g.alt)?
            .with_attr("units", "m")
            .with_attr("long_name", "Gridded altitude"),
    )?;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(theta: Vec<f64>, alt: Vec<f64>, wspd: Vec<f64>) -> GriddedSonde {
        let n = theta.len();
        GriddedSonde {
            pres: vec![0.0; n],
            alt,
            temp: vec![0.0; n],
            wspd,
            theta,
            f32_input: false,
        }
    }

    #[test]
    fn convective_profile_by_hand() {
        // θ decreasing near the surface (CBL), well mixed to 1000 m, then a 10 K/km inversion.
        let alt: Vec<f64> = (0..20).map(|i| 100.0 * i as f64).collect();
        let theta: Vec<f64> = alt
            .iter()
            .map(|&z| {
                if z < 400.0 {
                    302.0 - z / 100.0
                } else if z <= 1000.0 {
                    298.0 + (z - 400.0) / 1000.0
                } else {
                    298.6 + (z - 1000.0) / 100.0
                }
            })
            .collect();
        let r = liu_liang_gridded(grid(theta, alt, vec![5.0; 20]), &LiuLiangOptions::default());
        assert_eq!(r.regime, Regime::Cbl);
        // θ − θ0 ≥ 0.5 first at... θ0 = 302; the inversion reaches 302.5 at 1400 m; first layer
        // ≥ 4 K/km above that starts at 1400 m.
        assert_eq!(r.pblht, 1400.0);
    }

    #[test]
    fn stable_with_jet() {
        let alt: Vec<f64> = (0..20).map(|i| 100.0 * i as f64).collect();
        // strong surface inversion: θ +3 K over the first 400 m then weaker
        let theta: Vec<f64> = alt
            .iter()
            .map(|&z| {
                if z <= 400.0 {
                    290.0 + z / 100.0 * 1.5
                } else if z <= 500.0 {
                    296.0 + (z - 400.0) / 2000.0
                } else {
                    296.05 + (z - 500.0) / 500.0
                }
            })
            .collect();
        let wspd: Vec<f64> = alt
            .iter()
            .map(|&z| {
                if z <= 300.0 {
                    2.0 + z / 50.0
                } else {
                    8.0 - (z - 300.0) / 50.0
                }
                .max(1.0)
            })
            .collect();
        let r = liu_liang_gridded(grid(theta, alt, wspd), &LiuLiangOptions::default());
        assert_eq!(r.regime, Regime::Sbl);
        assert_eq!(r.pbl_shear, 300.0);
        // gradient minimum at the 400→500 m layer (15 → 0.5 → 2 K/km): mid-height 450 m
        assert_eq!(r.pbl_stable, 450.0);
        assert_eq!(r.pblht, 300.0);
    }

    /// θ profile on 100 m levels with the given layer gradients (K/km), from 290 K.
    fn from_gradients(grads: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let alt: Vec<f64> = (0..=grads.len()).map(|i| 100.0 * i as f64).collect();
        let mut theta = vec![290.0];
        for g in grads {
            theta.push(theta.last().unwrap() + g / 10.0);
        }
        (theta, alt)
    }

    /// ACT's SBL loop starts at layer 0 and compares it with the last layer (Python's index -1).
    /// Gradients 2, then 30 falling to 12, then a last layer of `top` K/km: no interior minimum
    /// passes, and no jet (constant wind). With `top` = 50, layer 0 is a "minimum" whose jump
    /// from the last layer is 2 − 50 < −40 K/km, so ACT reports the middle of layer 0, 50 m; with
    /// `top` = 10 nothing passes and ACT reports −9999. Without act_compat both are NaN.
    #[test]
    fn act_compat_wraps_to_the_last_layer() {
        for (top, act) in [(50.0, 50.0), (10.0, -9999.0)] {
            let mut grads = vec![2.0];
            grads.extend((0..17).map(|k| 30.0 - k as f64));
            grads.push(top);
            let (theta, alt) = from_gradients(&grads);
            let n = alt.len();
            let ours = liu_liang_gridded(
                grid(theta.clone(), alt.clone(), vec![5.0; n]),
                &LiuLiangOptions::default(),
            );
            assert_eq!(ours.regime, Regime::Sbl);
            assert!(ours.pblht.is_nan(), "top {top}: {}", ours.pblht);
            let compat = LiuLiangOptions {
                act_compat: true,
                ..Default::default()
            };
            let r = liu_liang_gridded(grid(theta, alt, vec![5.0; n]), &compat);
            assert!((r.pblht - act).abs() < 1e-9, "top {top}: {}", r.pblht);
        }
    }

    #[test]
    fn llj_limits_are_checked() {
        for o in [
            LiuLiangOptions {
                llj_max_alt: f64::NAN,
                ..Default::default()
            },
            LiuLiangOptions {
                llj_max_alt: 0.0,
                ..Default::default()
            },
            LiuLiangOptions {
                llj_max_wspd: -1.0,
                ..Default::default()
            },
        ] {
            let e = o.validate().unwrap_err().to_string();
            assert!(e.contains("llj_max"), "{e}");
        }
        LiuLiangOptions::default().validate().unwrap();
    }
}
