//! PBL height from a radiosonde by Heffter (1980) (ACT `calculate_pbl_heffter`).

use super::liu_liang::{gridded_dataset, scalar};
use super::preprocess::{GriddedSonde, SondeNames, preprocess_sonde_data};
use atmokit_core::{Dataset, Result, Variable};

/// Result of the Heffter retrieval.
#[derive(Clone, Debug, PartialEq)]
pub struct Heffter {
    /// PBL height (m), NaN when there is no inversion layer.
    pub pblht: f64,
    /// Bottom altitude (m) of each inversion layer considered.
    pub bottom_inversion: Vec<f64>,
    /// Top altitude (m) of each inversion layer (ACT's definition: the base of its last gridded
    /// layer with dθ/dz ≥ 0.005 K/m).
    pub top_inversion: Vec<f64>,
    /// The gridded profile.
    pub grid: GriddedSonde,
}

/// Heffter on an already gridded sonde (see [`calculate_pbl_heffter`]).
pub fn heffter_gridded(g: GriddedSonde) -> Heffter {
    let (theta, alt) = (&g.theta, &g.alt);
    let n = theta.len();
    let alt0 = alt.iter().copied().find(|a| a.is_finite()).unwrap_or(f64::NAN);
    let grad: Vec<f64> = (0..n.saturating_sub(1))
        .map(|i| (theta[i + 1] - theta[i]) / (alt[i + 1] - alt[i]))
        .collect();
    // runs of consecutive layers with dθ/dz ≥ 0.005 K/m, at least two layers long, first five
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < grad.len() {
        if grad[i] >= 0.005 {
            let s = i;
            while i + 1 < grad.len() && grad[i + 1] >= 0.005 {
                i += 1;
            }
            if i > s {
                runs.push((s, i));
            }
        }
        i += 1;
    }
    runs.truncate(5);
    let (mut bottom, mut top, mut diffs) = (Vec::new(), Vec::new(), Vec::new());
    let mut pbl = f64::NAN;
    for (r0, r1) in runs {
        if alt[r1] - alt0 > 4000.0 {
            continue;
        }
        let d = theta[r1] - theta[r0];
        diffs.push(d);
        bottom.push(alt[r0]);
        top.push(alt[r1]);
        if pbl.is_nan() && d > 2.0 {
            pbl = alt[r0];
        }
    }
    if pbl.is_nan() && !diffs.is_empty() {
        let k = (0..diffs.len()).fold(0, |b, k| if diffs[k] > diffs[b] { k } else { b });
        pbl = bottom[k];
    }
    Heffter {
        pblht: pbl,
        bottom_inversion: bottom,
        top_inversion: top,
        grid: g,
    }
}

/// PBL height by Heffter (1980) as in the ARM PBLHT VAP and ACT `calculate_pbl_heffter`: on the
/// gridded sonde ([`preprocess_sonde_data`], step `base` hPa), inversion layers are runs of at
/// least two gridded layers with `dθ/dz ≥ 0.005 K/m`; of the first five, those with tops below
/// 4 km AGL are kept; the PBL height is the base of the lowest layer with `θ_top − θ_base > 2 K`,
/// else the base of the layer with the largest θ increase.
///
/// Returns a new Dataset: `pblht_heffter` (m), `bottom_inversion`, `top_inversion` (m, dim
/// `layers`) and the gridded `atm_pres_ss`, `potential_temperature_ss`, `alt_ss`.
/// Difference from ACT: no inversion is NaN (ACT −9999).
///
/// Reference: Heffter, J. L. (1980), 2nd Joint Conf. on Applications of Air Pollution
/// Meteorology, 297–302; Sivaraman et al. (2013), ARM PBLHT VAP report DOE/SC-ARM/TR-132.
pub fn calculate_pbl_heffter(ds: &Dataset, names: &SondeNames, smooth_height: usize, base: f64) -> Result<Dataset> {
    let g = preprocess_sonde_data(ds, names, smooth_height, base, false)?;
    heffter_gridded(g).to_dataset()
}

/// ACT 2.3.4's [`calculate_pbl_heffter`] (`act_compat`): a sonde without an inversion layer
/// below 4 km gets `pblht_heffter = -9999`, ACT's sentinel (`if len(theta_diff_layer) == 0:
/// pbl = -9999.0`), instead of NaN.
///
/// # Errors
/// As [`calculate_pbl_heffter`].
pub fn calculate_pbl_heffter_act_compat(
    ds: &Dataset,
    names: &SondeNames,
    smooth_height: usize,
    base: f64,
) -> Result<Dataset> {
    let g = preprocess_sonde_data(ds, names, smooth_height, base, false)?;
    let mut h = heffter_gridded(g);
    h.act_sentinel();
    h.to_dataset()
}

impl Heffter {
    /// ACT's -9999 for "no inversion layer" (see [`calculate_pbl_heffter_act_compat`]).
    fn act_sentinel(&mut self) {
        if self.bottom_inversion.is_empty() {
            self.pblht = -9999.0;
        }
    }

    /// The result as a Dataset with ACT's variable names.
    pub fn to_dataset(&self) -> Result<Dataset> {
        let mut ds = gridded_dataset(&self.grid)?;
        ds.insert(
            "pblht_heffter",
            scalar(self.pblht, "m", "Planetary Boundary Layer Height Heffter"),
        )?;
        let layers: Vec<i64> = (0..self.bottom_inversion.len() as i64).collect();
        ds.insert("layers", Variable::new(["layers"], layers)?)?;
        ds.insert(
            "bottom_inversion",
            Variable::new(["layers"], self.bottom_inversion.clone())?
                .with_attr("units", "m")
                .with_attr("long_name", "Bottom height of inversion layers"),
        )?;
        ds.insert(
            "top_inversion",
            Variable::new(["layers"], self.top_inversion.clone())?
                .with_attr("units", "m")
                .with_attr("long_name", "Top height of inversion layers"),
        )?;
        Ok(ds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversion_layers_by_hand() {
        let alt: Vec<f64> = (0..30).map(|i| 100.0 * i as f64).collect();
        // neutral, then a 10 K/km inversion from 800 to 1100 m (+3 K), neutral, weak one later
        let theta: Vec<f64> = alt
            .iter()
            .map(|&z| {
                if z <= 800.0 {
                    300.0
                } else if z <= 1100.0 {
                    300.0 + (z - 800.0) / 100.0
                } else {
                    303.0
                }
            })
            .collect();
        let g = GriddedSonde {
            pres: vec![0.0; 30],
            alt,
            temp: vec![0.0; 30],
            wspd: vec![0.0; 30],
            theta,
            f32_input: false,
        };
        let h = heffter_gridded(g);
        assert_eq!(h.bottom_inversion, vec![800.0]);
        assert_eq!(h.top_inversion, vec![1000.0]);
        // θ(1000) − θ(800) = 2 K, not > 2: falls back to the largest layer → same base
        assert_eq!(h.pblht, 800.0);
    }

    #[test]
    fn act_compat_gives_acts_sentinel_without_an_inversion() {
        // A neutral profile (θ constant): no inversion layer, NaN by default, -9999 as in
        // ACT 2.3.4's code.
        let alt: Vec<f64> = (0..30).map(|i| 100.0 * i as f64).collect();
        let g = GriddedSonde {
            pres: vec![0.0; 30],
            alt,
            temp: vec![0.0; 30],
            wspd: vec![0.0; 30],
            theta: vec![300.0; 30],
            f32_input: false,
        };
        let mut h = heffter_gridded(g);
        assert!(h.pblht.is_nan() && h.bottom_inversion.is_empty());
        h.act_sentinel();
        assert_eq!(h.pblht, -9999.0);
    }
}
