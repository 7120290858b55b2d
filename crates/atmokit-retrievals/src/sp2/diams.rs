//! Scattering and incandescence diameters and black-carbon masses of each particle: PySP2's
//! `calc_diams_masses` (ACT 2.3.4's `act.retrievals.sp2.calc_sp2_diams_masses`).

use super::globals::Sp2Globals;
use atmokit_core::{Dataset, Error, Result, Variable};

/// Options of [`calc_sp2_diams_masses`] (PySP2's keywords).
#[derive(Clone, Debug, PartialEq)]
pub struct DiamsOptions {
    /// Multiplies the black-carbon masses (PySP2's `factor`, 1.0; 1.3 for an AquaDag
    /// calibration at NSA).
    pub factor: f64,
    /// Particle criteria and calibration (PySP2's `Globals`; default [`Sp2Globals::default`]).
    pub globals: Sp2Globals,
}

impl Default for DiamsOptions {
    fn default() -> Self {
        DiamsOptions {
            factor: 1.0,
            globals: Sp2Globals::default(),
        }
    }
}

/// The per-particle variables of PySP2's `gaussian_fit` that [`calc_sp2_diams_masses`] reads.
pub const DIAMS_INPUTS: [&str; 19] = [
    "PkHt_ch0",
    "FtAmp_ch0",
    "PkHt_ch4",
    "FtAmp_ch4",
    "PkFWHM_ch0",
    "FtPos_ch0",
    "PkHt_ch1",
    "PkHt_ch2",
    "PkHt_ch5",
    "PkStart_ch1",
    "PkEnd_ch1",
    "PkStart_ch5",
    "PkEnd_ch5",
    "IncanRatioch1ch2",
    "IncanRatioch5ch6",
    "IncanPkOffsetch1ch2",
    "IncanPkOffsetch5ch6",
    "PkPos_ch1",
    "PkPos_ch5",
];

/// Volume of a sphere over its diameter cubed (π/6), as PySP2 writes it, times 10⁻⁹: with a
/// diameter in nm and a density in g cm⁻³ the mass comes out in pg (nm³ = 10⁻²¹ cm³).
const SPHERE_PG_PER_NM3: f64 = 0.5236e-9;

/// numpy's `nanmax` of two values: the larger one, the other when one is NaN, NaN when both are.
fn nanmax2(a: f64, b: f64) -> f64 {
    if a.is_nan() {
        b
    } else if b.is_nan() || a >= b {
        a
    } else {
        b
    }
}

/// Diameters and masses of each particle from its peak statistics (the variables of
/// [`DIAMS_INPUTS`], on one dim). Returns a new Dataset on dim `index` (PySP2's dim) with:
///
/// * `Scatter` = 10⁻¹⁸·(c0Scat1 + c1Scat1·H₀ + c2Scat1·H₀²) with H₀ = nanmax(`PkHt_ch0`,
///   `FtAmp_ch0`) when H₀ < `ScatMaxPeakHt1`, else the same with `*Scat2` and
///   H₄ = nanmax(`PkHt_ch4`, `FtAmp_ch4`); NaN unless the particle passes the scattering
///   criteria (`ScatMinWidth` < `PkFWHM_ch0` < `ScatMaxWidth`, `PkHt_ch0` > `ScatMinPeakHt1`,
///   `ScatMinPeakPos` < `FtPos_ch0` < `ScatMaxPeakPos`); `logScatter` = log₁₀ `Scatter`;
/// * `ScatDiaSO4` = 1000·(−0.015256 + 16.835·Scatter^0.15502) (nm, sulfate-equivalent
///   diameter), `ScatMassSO4` = 0.5236·10⁻⁹·ρ_SO4·`ScatDiaSO4`³ (pg),
///   `ScatDiaBC50` = 1000·(0.013416 + 25.066·Scatter^0.18057) (nm);
/// * `sootMass` (pg) = `factor`·10⁻³·(c0Mass1 + c1Mass1·H₁ + c2Mass1·H₁²) for an unsaturated
///   incandescence peak (H₁ = `PkHt_ch1` < `IncanMaxPeakHt1`, ratio, offset and position of
///   channels 1/2 within the criteria), or the low-gain curve (`*Mass2`, H₅ = `PkHt_ch5`) for a
///   saturated one passing the channel 5/6 criteria; NaN otherwise; a particle is considered at
///   all only when `PkEnd − PkStart` (channel 1, or 5 where 1 is NaN) ≥ `IncanMinWidth` and
///   `PkHt_ch1`, `PkHt_ch2` ≥ `IncanMinPeakHt1`;
/// * `sootDiam` = (`sootMass` / (0.5236·10⁻⁹·ρ_BC))^⅓ (nm, mass-equivalent diameter).
///
/// The calibration forms follow Schwarz et al. (2006) (incandescence peak height ∝ BC mass,
/// scattering peak height ∝ scattering cross-section); the constants are PySP2's. PySP2's
/// second low-gain curve (`IncanUsePeakHt2CalAfter`) and LEO fits are not supported.
///
/// Errors: a missing input variable, or inputs of different lengths, named.
pub fn calc_sp2_diams_masses(ds: &Dataset, opts: &DiamsOptions) -> Result<Dataset> {
    let mut cols = Vec::with_capacity(DIAMS_INPUTS.len());
    for name in DIAMS_INPUTS {
        let v = ds.values_f64(name)?;
        if let Some(first) = cols.first().map(|c: &Vec<f64>| c.len())
            && v.len() != first
        {
            return Err(Error::InvalidArgument(format!(
                "calc_sp2_diams_masses: '{name}' has {} values, '{}' has {first}",
                v.len(),
                DIAMS_INPUTS[0]
            )));
        }
        cols.push(v);
    }
    let c = |name: &str| -> &[f64] {
        let i = DIAMS_INPUTS.iter().position(|n| *n == name).unwrap_or(0);
        &cols[i]
    };
    let g = &opts.globals;
    let n = c("PkHt_ch0").len();
    let mut out: [Vec<f64>; 7] = std::array::from_fn(|_| Vec::with_capacity(n));
    for i in 0..n {
        let h0 = nanmax2(c("PkHt_ch0")[i], c("FtAmp_ch0")[i]);
        let h4 = nanmax2(c("PkHt_ch4")[i], c("FtAmp_ch4")[i]);
        let fwhm = c("PkFWHM_ch0")[i];
        let ftpos = c("FtPos_ch0")[i];
        let accepted = fwhm > g.ScatMinWidth
            && fwhm < g.ScatMaxWidth
            && c("PkHt_ch0")[i] > g.ScatMinPeakHt1
            && ftpos < g.ScatMaxPeakPos
            && ftpos > g.ScatMinPeakPos;
        let scatter = if !accepted {
            f64::NAN
        } else if h0 < g.ScatMaxPeakHt1 {
            1e-18 * (g.c0Scat1 + g.c1Scat1 * h0 + g.c2Scat1 * (h0 * h0))
        } else {
            1e-18 * (g.c0Scat2 + g.c1Scat2 * h4 + g.c2Scat2 * (h4 * h4))
        };
        let dia_so4 = 1000.0 * (-0.015256 + 16.835 * scatter.powf(0.15502));
        out[0].push(scatter);
        out[1].push(scatter.log10());
        out[2].push(dia_so4);
        out[3].push(SPHERE_PG_PER_NM3 * g.densitySO4 * (dia_so4 * dia_so4 * dia_so4));
        out[4].push(1000.0 * (0.013416 + 25.066 * scatter.powf(0.18057)));

        let (h1, h2, h5) = (c("PkHt_ch1")[i], c("PkHt_ch2")[i], c("PkHt_ch5")[i]);
        let w1 = c("PkEnd_ch1")[i] - c("PkStart_ch1")[i];
        let w5 = c("PkEnd_ch5")[i] - c("PkStart_ch5")[i];
        let width = if w1.is_nan() { w5 } else { w1 };
        let considered = width >= g.IncanMinWidth && h2 >= g.IncanMinPeakHt1 && h1 >= g.IncanMinPeakHt1;
        let within = |ratio: f64, offset: f64, pos: f64| {
            ratio > g.IncanMinPeakRatio
                && ratio < g.IncanMaxPeakRatio
                && offset.abs() < g.IncanMaxPeakOffset
                && pos > g.IncanMinPeakPos
                && pos < g.IncanMaxPeakPos
        };
        let unsat = considered
            && h1 < g.IncanMaxPeakHt1
            && within(c("IncanRatioch1ch2")[i], c("IncanPkOffsetch1ch2")[i], c("PkPos_ch1")[i]);
        let sat = considered
            && h1 >= g.IncanMaxPeakHt1
            && h5 <= g.IncanMaxPeakHt1
            && within(c("IncanRatioch5ch6")[i], c("IncanPkOffsetch5ch6")[i], c("PkPos_ch5")[i]);
        let mass = if unsat {
            opts.factor * 1e-3 * (g.c0Mass1 + g.c1Mass1 * h1 + g.c2Mass1 * (h1 * h1))
        } else if sat {
            opts.factor * 1e-3 * (g.c0Mass2 + g.c1Mass2 * h5 + g.c2Mass2 * (h5 * h5))
        } else {
            f64::NAN
        };
        out[5].push(mass);
        out[6].push((mass / (SPHERE_PG_PER_NM3 * g.densityBC)).powf(1.0 / 3.0));
    }
    let names = [
        "Scatter",
        "logScatter",
        "ScatDiaSO4",
        "ScatMassSO4",
        "ScatDiaBC50",
        "sootMass",
        "sootDiam",
    ];
    let units = ["", "", "nm", "pg", "nm", "pg", "nm"];
    let mut res = Dataset::new();
    for ((name, unit), values) in names.into_iter().zip(units).zip(out) {
        let mut v = Variable::new(["index"], values)?;
        if !unit.is_empty() {
            v = v.with_attr("units", unit);
        }
        res.insert(name, v)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One particle with every input given; `edit` changes some before the call.
    fn one(edit: &[(&str, f64)]) -> Dataset {
        let mut ds = Dataset::new();
        for name in DIAMS_INPUTS {
            let v = match name {
                "PkHt_ch0" | "FtAmp_ch0" => 1000.0,
                "PkHt_ch4" | "FtAmp_ch4" => 90.0,
                "PkFWHM_ch0" => 20.0,
                "FtPos_ch0" | "PkPos_ch1" | "PkPos_ch5" => 40.0,
                "PkHt_ch1" => 5000.0,
                "PkHt_ch2" | "PkHt_ch5" => 500.0,
                "PkStart_ch1" | "PkStart_ch5" => 30.0,
                "PkEnd_ch1" | "PkEnd_ch5" => 50.0,
                "IncanRatioch1ch2" | "IncanRatioch5ch6" => 2.0,
                _ => 1.0, // offsets
            };
            let v = edit.iter().find(|(n, _)| *n == name).map_or(v, |(_, x)| *x);
            ds.insert(name, Variable::new(["event_index"], vec![v]).unwrap())
                .unwrap();
        }
        ds
    }

    #[test]
    fn hand_computed_particle() {
        let out = calc_sp2_diams_masses(&one(&[]), &DiamsOptions::default()).unwrap();
        let get = |n: &str| out.values_f64(n).unwrap()[0];
        // Scatter = 1e-18 · 78.141 · 1000
        let s = 7.8141e-14;
        assert!((get("Scatter") - s).abs() < 1e-27);
        let d = 1000.0 * (-0.015256 + 16.835 * s.powf(0.15502));
        assert!((get("ScatDiaSO4") - d).abs() < 1e-9, "{}", get("ScatDiaSO4"));
        assert!((get("ScatMassSO4") - 0.5236e-9 * 1.8 * d.powi(3)).abs() < 1e-15);
        // sootMass = 1e-3 · 0.0001896 · 5000 pg = 9.48e-4 pg; sootDiam = (m / (0.5236e-9·1.8))^(1/3)
        assert!((get("sootMass") - 9.48e-4).abs() < 1e-15);
        let dbc = (9.48e-4f64 / (0.5236e-9 * 1.8)).cbrt();
        assert!((get("sootDiam") - dbc).abs() < 1e-9, "{} {dbc}", get("sootDiam"));
    }

    #[test]
    fn rejections_and_saturation() {
        // Too narrow a scattering peak: no scattering, soot still there.
        let out = calc_sp2_diams_masses(&one(&[("PkFWHM_ch0", 5.0)]), &DiamsOptions::default()).unwrap();
        assert!(out.values_f64("Scatter").unwrap()[0].is_nan());
        assert!(out.values_f64("sootMass").unwrap()[0].is_finite());
        // Saturated high-gain incandescence: the low-gain curve on PkHt_ch5, times factor.
        let opts = DiamsOptions {
            factor: 1.3,
            ..Default::default()
        };
        let out = calc_sp2_diams_masses(&one(&[("PkHt_ch1", 60000.0)]), &opts).unwrap();
        let m = out.values_f64("sootMass").unwrap()[0];
        assert!((m - 1.3e-3 * 0.0016815 * 500.0).abs() < 1e-15, "{m}");
        // Offset too large: no soot.
        let out = calc_sp2_diams_masses(&one(&[("IncanPkOffsetch1ch2", -12.0)]), &DiamsOptions::default()).unwrap();
        assert!(out.values_f64("sootMass").unwrap()[0].is_nan());
    }

    #[test]
    fn missing_input_is_named() {
        let mut ds = one(&[]);
        ds.remove("PkPos_ch5");
        let e = calc_sp2_diams_masses(&ds, &DiamsOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("PkPos_ch5"), "{e}");
    }
}
