//! One entry point for `atmokit retrieve NAME …`: a retrieval chosen by name, its options as
//! plain optional fields, and [`run`] returning the output Dataset. Command-line syntax, so it lives
//! in the CLI; the retrievals themselves are `atmokit_retrievals`.

use atmokit_core::{Dataset, Error, Result, Variable};
use atmokit_retrievals::doppler::vad::{PpiOptions, compute_winds_from_ppi};
use atmokit_retrievals::infrared::aeri2irt::{Aeri2IrtOptions, aeri2irt};
use atmokit_retrievals::infrared::sst::{SstOptions, sst_from_irt};
use atmokit_retrievals::lidar::gradient_pbl::{
    GradientPblOptions, calculate_gradient_pbl, calculate_modified_gradient_pbl,
};
use atmokit_retrievals::lidar::sobel_cbh::{SobelOptions, generic_sobel_cbh};
use atmokit_retrievals::radiation::irradiance::{
    IrradianceStatsOptions, ShortwaveOptions, calculate_ghi_from_dni_dhi, calculate_irradiance_stats,
};
use atmokit_retrievals::radiation::longwave::{LongwaveOptions, calculate_longwave_radiation};
use atmokit_retrievals::radiation::net::{NetRadiationOptions, calculate_net_radiation};
use atmokit_retrievals::sonde::heffter::calculate_pbl_heffter;
use atmokit_retrievals::sonde::liu_liang::{LiuLiangOptions, calculate_pbl_liu_liang};
use atmokit_retrievals::sonde::preprocess::SondeNames;
use atmokit_retrievals::sonde::pwv::{PwvMethod, calculate_precipitable_water};
use atmokit_retrievals::sonde::stability::{StabilityOptions, calculate_stability_indices};

/// The retrievals the command line offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retrieval {
    /// Sonde stability indices.
    Stability,
    /// Sonde precipitable water.
    Pwv,
    /// Liu-Liang PBL height.
    PblLiuLiang,
    /// Heffter PBL height.
    PblHeffter,
    /// Gradient (or, with `modified`, modified-gradient) lidar PBL height.
    PblGradient,
    /// Sobel cloud-base height.
    CbhSobel,
    /// AERI → IRT-equivalent temperature.
    Aeri2Irt,
    /// SST from sky/surface IRTs.
    Sst,
    /// SIRS shortwave closure, irradiance statistics, net radiation (and longwave with a met file).
    Radiation,
    /// Doppler lidar VAD winds.
    Vad,
}

impl Retrieval {
    /// All names, in the order of the help text.
    pub const NAMES: [&'static str; 10] = [
        "stability",
        "pwv",
        "pbl-liu-liang",
        "pbl-heffter",
        "pbl-gradient",
        "cbh-sobel",
        "aeri2irt",
        "sst",
        "radiation",
        "vad",
    ];

    /// Parse a command-line name (see [`Retrieval::NAMES`]).
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "stability" => Retrieval::Stability,
            "pwv" => Retrieval::Pwv,
            "pbl-liu-liang" => Retrieval::PblLiuLiang,
            "pbl-heffter" => Retrieval::PblHeffter,
            "pbl-gradient" => Retrieval::PblGradient,
            "cbh-sobel" => Retrieval::CbhSobel,
            "aeri2irt" => Retrieval::Aeri2Irt,
            "sst" => Retrieval::Sst,
            "radiation" => Retrieval::Radiation,
            "vad" => Retrieval::Vad,
            other => {
                return Err(Error::invalid(format!(
                    "unknown retrieval '{other}'; one of {}",
                    Retrieval::NAMES.join(", ")
                )));
            }
        })
    }
}

/// Options for [`run`]; None means the retrieval's (ACT's) default.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunOptions {
    /// Temperature variable (sonde: `tdry`; longwave: `temp_mean`).
    pub temperature: Option<String>,
    /// Dewpoint variable (`dp`).
    pub dewpoint: Option<String>,
    /// Pressure variable (`pres`).
    pub pressure: Option<String>,
    /// Relative humidity variable (`rh`).
    pub rh: Option<String>,
    /// Height / altitude variable (sonde `alt`, lidar `range`).
    pub height: Option<String>,
    /// Wind speed variable (`wspd`).
    pub windspeed: Option<String>,
    /// Data variable for lidar retrievals (`backscatter` for cbh-sobel, `beta_att` for pbl-gradient).
    pub variable: Option<String>,
    /// Smoothing window (sonde pressure samples, lidar gates, net-radiation samples).
    pub smooth: Option<usize>,
    /// Liu-Liang: ocean thresholds.
    pub ocean: bool,
    /// pbl-gradient: use the modified-gradient method with this prominence threshold.
    pub modified_threshold: Option<f64>,
    /// Minimum PBL height (lidar).
    pub min_height: Option<f64>,
    /// Variable threshold (cbh-sobel `var_thresh`).
    pub var_thresh: Option<f64>,
    /// Fill value (cbh-sobel `fill_na`).
    pub fill_na: Option<f64>,
    /// Edge threshold (cbh-sobel).
    pub edge_thresh: Option<f64>,
    /// Reproduce ACT's numbers where atmokit fixes a bug (pwv unit mix, Sobel no-op diff, Liu-Liang
    /// SBL layer search, stability indices' dropped level and NaN LFC).
    pub act_compat: bool,
    /// VAD: intensity variable (SNR + 1).
    pub intensity: Option<String>,
    /// VAD: SNR threshold.
    pub snr_threshold: Option<f64>,
    /// Radiation: vapour-pressure variable of the met dataset (`vapor_pressure_mean`).
    pub vapor_pressure: Option<String>,
}

fn or(o: &Option<String>, d: &str) -> String {
    o.clone().unwrap_or_else(|| d.to_string())
}

/// Merge `part` into `out` (variables replace same-named ones).
fn merge(out: &mut Dataset, part: Dataset) -> Result<()> {
    for (k, v) in part.variables() {
        out.insert(k, v.clone())?;
    }
    Ok(())
}

/// Run one retrieval on `ds` (and `met` for radiation's longwave part). The result holds the new
/// variables under ACT's names, plus the input's `time` when the result is on a `time` dim of the
/// same length, and the input's global attrs.
pub fn run(which: Retrieval, ds: &Dataset, met: Option<&Dataset>, o: &RunOptions) -> Result<Dataset> {
    let sonde = || SondeNames {
        temperature: or(&o.temperature, "tdry"),
        pressure: or(&o.pressure, "pres"),
        height: or(&o.height, "alt"),
        windspeed: or(&o.windspeed, "wspd"),
    };
    let mut out = match which {
        Retrieval::Stability => calculate_stability_indices(
            ds,
            &StabilityOptions {
                temp_name: or(&o.temperature, "tdry"),
                td_name: or(&o.dewpoint, "dp"),
                p_name: or(&o.pressure, "pres"),
                moving_ave_window: o.smooth.unwrap_or(0),
                act_compat: o.act_compat,
            },
        )?,
        Retrieval::Pwv => {
            let method = if o.act_compat {
                PwvMethod::ActCompatible
            } else {
                PwvMethod::Consistent
            };
            let v = calculate_precipitable_water(
                ds,
                &or(&o.temperature, "tdry"),
                &or(&o.rh, "rh"),
                &or(&o.pressure, "pres"),
                method,
            )?;
            let mut d = Dataset::new();
            d.insert(
                "precipitable_water",
                Variable::scalar(v)
                    .with_attr("units", "cm")
                    .with_attr("long_name", "Precipitable water"),
            )?;
            d
        }
        Retrieval::PblLiuLiang => calculate_pbl_liu_liang(
            ds,
            &LiuLiangOptions {
                names: sonde(),
                smooth_height: o.smooth.unwrap_or(3),
                land_parameter: !o.ocean,
                act_compat: o.act_compat,
                ..Default::default()
            },
        )?,
        Retrieval::PblHeffter => calculate_pbl_heffter(ds, &sonde(), o.smooth.unwrap_or(3), 5.0)?,
        Retrieval::PblGradient => {
            let g = GradientPblOptions {
                parm: or(&o.variable, "beta_att"),
                dis_parm: or(&o.height, "range"),
                min_height: o.min_height.unwrap_or(100.0),
                smooth_dis: o.smooth.unwrap_or(5),
            };
            match o.modified_threshold {
                Some(t) => calculate_modified_gradient_pbl(ds, &g, t)?,
                None => calculate_gradient_pbl(ds, &g)?,
            }
        }
        Retrieval::CbhSobel => generic_sobel_cbh(
            ds,
            &or(&o.variable, "backscatter"),
            &or(&o.height, "range"),
            &SobelOptions {
                var_thresh: o.var_thresh,
                fill_na: o.fill_na,
                edge_thresh: o.edge_thresh.unwrap_or(5.0),
                uniform_filter: true,
                act_noop_diff: o.act_compat,
            },
        )?,
        Retrieval::Aeri2Irt => aeri2irt(ds, &Aeri2IrtOptions::default())?,
        Retrieval::Sst => sst_from_irt(ds, &SstOptions::default())?,
        Retrieval::Radiation => {
            let mut d = calculate_ghi_from_dni_dhi(ds, &ShortwaveOptions::default())?;
            let mut with = ds.clone();
            merge(&mut with, d.clone())?;
            let stats = IrradianceStatsOptions::new("derived_down_short_hemisp", "down_short_hemisp").threshold(60.0);
            merge(&mut d, calculate_irradiance_stats(&with, &stats)?)?;
            let net = NetRadiationOptions {
                smooth: o.smooth,
                ..Default::default()
            };
            merge(&mut d, calculate_net_radiation(ds, &net)?)?;
            if let Some(m) = met {
                let lw = LongwaveOptions::new(
                    or(&o.temperature, "temp_mean"),
                    or(&o.vapor_pressure, "vapor_pressure_mean"),
                );
                merge(&mut d, calculate_longwave_radiation(ds, Some(m), &lw)?)?;
            }
            d
        }
        Retrieval::Vad => compute_winds_from_ppi(
            ds,
            &PpiOptions {
                intensity_name: o.intensity.clone(),
                snr_threshold: o.snr_threshold.unwrap_or(0.008),
                ..Default::default()
            },
        )?,
    };
    if !out.contains("time")
        && ds.contains("time")
        && out.dim_len("time").is_some()
        && out.dim_len("time") == ds.dim_len("time")
    {
        out.insert("time", ds.get("time")?.clone())?;
    }
    for (k, v) in ds.attrs() {
        out.attrs_mut().insert(k.clone(), v.clone());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown() {
        for n in Retrieval::NAMES {
            assert!(Retrieval::parse(n).is_ok(), "{n}");
        }
        let e = Retrieval::parse("cape").unwrap_err().to_string();
        assert!(e.contains("cape") && e.contains("stability"));
    }

    #[test]
    fn pwv_is_a_scalar_in_cm() {
        let mut ds = Dataset::new();
        ds.insert(
            "tdry",
            Variable::new(["time"], vec![10.0f32, 5.0, 0.0])
                .unwrap()
                .with_attr("units", "C"),
        )
        .unwrap();
        ds.insert(
            "rh",
            Variable::new(["time"], vec![50.0f32, 50.0, 50.0])
                .unwrap()
                .with_attr("units", "%"),
        )
        .unwrap();
        ds.insert(
            "pres",
            Variable::new(["time"], vec![1000.0f32, 950.0, 900.0])
                .unwrap()
                .with_attr("units", "hPa"),
        )
        .unwrap();
        let out = run(Retrieval::Pwv, &ds, None, &RunOptions::default()).unwrap();
        let v = out.get("precipitable_water").unwrap();
        assert_eq!(v.shape(), &[] as &[usize]);
        assert_eq!(v.units(), Some("cm"));
    }
}
