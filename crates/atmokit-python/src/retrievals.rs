//! ACT's retrievals (`act.retrievals.*`) by name, with ACT's argument names, on a dataset dict.
//! Each returns a dataset of the derived variables (ACT's names); precipitable water is a number.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::retrievals::doppler::vad::{PpiOptions, compute_winds_from_ppi};
use atmokit::retrievals::infrared::aeri2irt::{Aeri2IrtOptions, aeri2irt};
use atmokit::retrievals::infrared::sst::{SstOptions, sst_from_irt};
use atmokit::retrievals::lidar::gradient_pbl::{
    GradientPblOptions, calculate_gradient_pbl, calculate_modified_gradient_pbl,
};
use atmokit::retrievals::lidar::sobel_cbh::{SobelOptions, generic_sobel_cbh};
use atmokit::retrievals::radiation::irradiance::{
    IrradianceStatsOptions, ShortwaveOptions, Zenith, calculate_dhi_from_dni_ghi, calculate_dni_from_dhi_ghi,
    calculate_ghi_from_dni_dhi, calculate_irradiance_stats,
};
use atmokit::retrievals::radiation::longwave::{LongwaveOptions, calculate_longwave_radiation};
use atmokit::retrievals::radiation::net::{NetRadiationOptions, calculate_net_radiation};
use atmokit::retrievals::sonde::heffter::calculate_pbl_heffter;
use atmokit::retrievals::sonde::liu_liang::{LiuLiangOptions, calculate_pbl_liu_liang};
use atmokit::retrievals::sonde::preprocess::SondeNames;
use atmokit::retrievals::sonde::pwv::{PwvMethod, calculate_precipitable_water};
use atmokit::retrievals::sonde::stability::{StabilityOptions, calculate_stability_indices};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every retrieval reachable from Python, by ACT's function name.
pub const RETRIEVALS: &[&str] = &[
    "calculate_stability_indicies",
    "calculate_precipitable_water",
    "calculate_pbl_liu_liang",
    "calculate_pbl_heffter",
    "generic_sobel_cbh",
    "calculate_gradient_pbl",
    "calculate_modified_gradient_pbl",
    "aeri2irt",
    "sst_from_irt",
    "calculate_dsh_from_dsdh_sdn",
    "calculate_ghi_from_dni_dhi",
    "calculate_dni_from_dhi_ghi",
    "calculate_dhi_from_dni_ghi",
    "calculate_irradiance_stats",
    "calculate_net_radiation",
    "calculate_longwave_radiation",
    "compute_winds_from_ppi",
];

/// What a retrieval gives: new variables, or one number (precipitable water).
pub enum Output {
    /// The derived variables under ACT's names.
    Variables(Box<Dataset>),
    /// A scalar (precipitable water, cm).
    Number(f64),
}

fn s(kw: &mut Kwargs<'_, '_>, key: &str, default: &str) -> PyResult<String> {
    kw.get_or(key, default.to_string())
}

fn window(kw: &mut Kwargs<'_, '_>, key: &str, default: usize) -> PyResult<usize> {
    let v: usize = kw.get_or(key, default)?;
    if v > 1_000_000 {
        return Err(PyValueError::new_err(format!("{key} = {v} is too large")));
    }
    Ok(v)
}

/// Run the retrieval `name` on `ds` (`met` = ACT's `met_ds` for the longwave estimate).
pub fn run(
    py: Python<'_>,
    ds: &Dataset,
    met: Option<&Dataset>,
    name: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<Output> {
    let mut kw = Kwargs::new(kwargs, name);
    let vars = |r: atmokit::core::Result<Dataset>| r.map(|d| Output::Variables(Box::new(d)));
    let r = match name {
        "calculate_stability_indicies" => {
            let o = StabilityOptions {
                temp_name: s(&mut kw, "temp_name", "temperature")?,
                td_name: s(&mut kw, "td_name", "dewpoint_temperature")?,
                p_name: s(&mut kw, "p_name", "pressure")?,
                moving_ave_window: window(&mut kw, "moving_ave_window", 0)?,
                act_compat: kw.get_or("act_compat", false)?,
            };
            kw.finish()?;
            vars(py.detach(|| calculate_stability_indices(ds, &o)))
        }
        "calculate_precipitable_water" => {
            let t = s(&mut kw, "temp_name", "tdry")?;
            let rh = s(&mut kw, "rh_name", "rh")?;
            let p = s(&mut kw, "pres_name", "pres")?;
            let method = if kw.get_or("act_compatible", false)? {
                PwvMethod::ActCompatible
            } else {
                PwvMethod::Consistent
            };
            kw.finish()?;
            py.detach(|| calculate_precipitable_water(ds, &t, &rh, &p, method))
                .map(Output::Number)
        }
        "calculate_pbl_liu_liang" => {
            let d = LiuLiangOptions::default();
            let o = LiuLiangOptions {
                names: SondeNames {
                    temperature: s(&mut kw, "temperature", "tdry")?,
                    pressure: s(&mut kw, "pressure", "pres")?,
                    windspeed: s(&mut kw, "windspeed", "wspd")?,
                    height: s(&mut kw, "height", "alt")?,
                },
                smooth_height: window(&mut kw, "smooth_height", d.smooth_height)?,
                land_parameter: kw.get_or("land_parameter", d.land_parameter)?,
                llj_max_alt: kw.get_or("llj_max_alt", d.llj_max_alt)?,
                llj_max_wspd: kw.get_or("llj_max_wspd", d.llj_max_wspd)?,
                act_compat: kw.get_or("act_compat", false)?,
            };
            kw.finish()?;
            vars(py.detach(|| calculate_pbl_liu_liang(ds, &o)))
        }
        "calculate_pbl_heffter" => {
            let n = SondeNames {
                temperature: s(&mut kw, "temperature", "tdry")?,
                pressure: s(&mut kw, "pressure", "pres")?,
                height: s(&mut kw, "height", "alt")?,
                ..SondeNames::default()
            };
            let smooth = window(&mut kw, "smooth_height", 3)?;
            let base: f64 = kw.get_or("base", 5.0)?;
            kw.finish()?;
            vars(py.detach(|| calculate_pbl_heffter(ds, &n, smooth, base)))
        }
        "generic_sobel_cbh" => {
            let variable: String = kw.require("variable")?;
            let height: String = kw.require("height_dim")?;
            if kw.get_or("return_thresh", false)? {
                return Err(PyValueError::new_err(
                    "generic_sobel_cbh: return_thresh=True is not supported (pass var_thresh)",
                ));
            }
            let uniform = match kw.get::<String>("filter_type")? {
                None => false,
                Some(f) if f == "uniform" => true,
                Some(f) => {
                    return Err(PyValueError::new_err(format!(
                        "generic_sobel_cbh: filter_type '{f}' ('uniform' or None)"
                    )));
                }
            };
            let o = SobelOptions {
                var_thresh: kw.get("var_thresh")?,
                fill_na: kw.get("fill_na")?,
                edge_thresh: kw.get_or("edge_thresh", 5.0)?,
                uniform_filter: uniform,
                act_noop_diff: kw.get_or("act_compatible", false)?,
            };
            kw.finish()?;
            vars(py.detach(|| generic_sobel_cbh(ds, &variable, &height, &o)))
        }
        "calculate_gradient_pbl" | "calculate_modified_gradient_pbl" => {
            let g = GradientPblOptions {
                parm: s(&mut kw, "parm", "beta_att")?,
                dis_parm: s(&mut kw, "dis_parm", "range")?,
                min_height: kw.get_or("min_height", 100.0)?,
                smooth_dis: window(&mut kw, "smooth_dis", 5)?,
            };
            if name == "calculate_gradient_pbl" {
                kw.finish()?;
                vars(py.detach(|| calculate_gradient_pbl(ds, &g)))
            } else {
                let t: f64 = kw.get_or("threshold", 0.001)?;
                kw.finish()?;
                vars(py.detach(|| calculate_modified_gradient_pbl(ds, &g, t)))
            }
        }
        "aeri2irt" => {
            let d = Aeri2IrtOptions::default();
            let hatch = if kw.given("hatch_name")? {
                kw.get("hatch_name")?
            } else {
                kw.ignore("hatch_name");
                d.hatch_name
            };
            let o = Aeri2IrtOptions {
                wnum_name: kw.get_or("wnum_name", d.wnum_name)?,
                rad_name: kw.get_or("rad_name", d.rad_name)?,
                hatch_name: hatch,
                tolerance: kw.get_or("tolerance", d.tolerance)?,
                temp_low: kw.get_or("temp_low", d.temp_low)?,
                temp_high: kw.get_or("temp_high", d.temp_high)?,
                maxiter: window(&mut kw, "maxiter", d.maxiter)?,
            };
            kw.finish()?;
            vars(py.detach(|| aeri2irt(ds, &o)))
        }
        "sst_from_irt" => {
            let d = SstOptions::default();
            let o = SstOptions {
                sky_irt: kw.get_or("sky_irt", d.sky_irt)?,
                sfc_irt: kw.get_or("sfc_irt", d.sfc_irt)?,
                emis: kw.get_or("emis", d.emis)?,
                maxit: window(&mut kw, "maxit", d.maxit)?,
                temp_low: kw.get_or("tempLow", d.temp_low)?,
                temp_high: kw.get_or("tempHigh", d.temp_high)?,
                tol: kw.get_or("tol", d.tol)?,
                sst_variable: kw.get_or("sst_variable", d.sst_variable)?,
            };
            kw.finish()?;
            vars(py.detach(|| sst_from_irt(ds, &o)))
        }
        "calculate_dsh_from_dsdh_sdn" => {
            let d = ShortwaveOptions::default();
            let o = ShortwaveOptions {
                dhi: kw.get_or("dsdh", d.dhi.clone())?,
                dni: kw.get_or("sdn", d.dni.clone())?,
                zenith: Zenith::Site {
                    lat: s(&mut kw, "lat", "lat")?,
                    lon: s(&mut kw, "lon", "lon")?,
                },
                ..d
            };
            kw.finish()?;
            vars(py.detach(|| calculate_ghi_from_dni_dhi(ds, &o)))
        }
        "calculate_ghi_from_dni_dhi" | "calculate_dni_from_dhi_ghi" | "calculate_dhi_from_dni_ghi" => {
            // Each function reads two of the three irradiances (ACT's keywords); a third is refused.
            let d = ShortwaveOptions::default();
            let (dni_used, dhi_used, ghi_used) = match name {
                "calculate_ghi_from_dni_dhi" => (true, true, false),
                "calculate_dni_from_dhi_ghi" => (false, true, true),
                _ => (true, false, true),
            };
            let mut o = ShortwaveOptions {
                derived: kw.get("derived")?,
                long_name: kw.get("long_name")?,
                ..d.clone()
            };
            if dni_used {
                o.dni = kw.get_or("dni", d.dni.clone())?;
            }
            if dhi_used {
                o.dhi = kw.get_or("dhi", d.dhi.clone())?;
            }
            if ghi_used {
                o.ghi = kw.get_or("ghi", d.ghi.clone())?;
            }
            o.zenith = match kw.get::<String>("solar_zenith")? {
                Some(v) => {
                    kw.ignore("lat");
                    kw.ignore("lon");
                    Zenith::Variable(v)
                }
                None => Zenith::Site {
                    lat: s(&mut kw, "lat", "lat")?,
                    lon: s(&mut kw, "lon", "lon")?,
                },
            };
            o.act_compat = kw.get_or("act_compat", false)?;
            kw.finish()?;
            vars(py.detach(|| match name {
                "calculate_ghi_from_dni_dhi" => calculate_ghi_from_dni_dhi(ds, &o),
                "calculate_dni_from_dhi_ghi" => calculate_dni_from_dhi_ghi(ds, &o),
                _ => calculate_dhi_from_dni_ghi(ds, &o),
            }))
        }
        "calculate_irradiance_stats" => {
            let mut o =
                IrradianceStatsOptions::new(kw.require::<String>("variable")?, kw.require::<String>("variable2")?);
            o.diff_output_variable = kw.get("diff_output_variable")?;
            o.ratio_output_variable = kw.get("ratio_output_variable")?;
            o.threshold = kw.get("threshold")?;
            kw.finish()?;
            vars(py.detach(|| calculate_irradiance_stats(ds, &o)))
        }
        "calculate_net_radiation" => {
            let d = NetRadiationOptions::default();
            let o = NetRadiationOptions {
                ush: kw.get_or("ush", d.ush)?,
                ulh: kw.get_or("ulh", d.ulh)?,
                dsh: kw.get_or("dsh", d.dsh)?,
                dlhs: kw.get_or("dlhs", d.dlhs)?,
                smooth: kw.get("smooth")?,
            };
            if o.smooth.is_some_and(|n| n == 0 || n > 1_000_000) {
                return Err(PyValueError::new_err(
                    "calculate_net_radiation: smooth must be between 1 and 1e6 samples",
                ));
            }
            kw.finish()?;
            vars(py.detach(|| calculate_net_radiation(ds, &o)))
        }
        "calculate_longwave_radiation" => {
            let mut o = LongwaveOptions::new(
                kw.require::<String>("temperature_var")?,
                kw.require::<String>("vapor_pressure_var")?,
            );
            o.emiss_a = kw.get_or("emiss_a", o.emiss_a)?;
            o.emiss_b = kw.get_or("emiss_b", o.emiss_b)?;
            kw.finish()?;
            vars(py.detach(|| calculate_longwave_radiation(ds, met, &o)))
        }
        "compute_winds_from_ppi" => {
            let d = PpiOptions::default();
            let o = PpiOptions {
                elevation_name: kw.get_or("elevation_name", d.elevation_name)?,
                azimuth_name: kw.get_or("azimuth_name", d.azimuth_name)?,
                radial_velocity_name: kw.get_or("radial_velocity_name", d.radial_velocity_name)?,
                snr_name: kw.get_or("snr_name", d.snr_name)?,
                intensity_name: kw.get("intensity_name")?,
                snr_threshold: kw.get_or("snr_threshold", d.snr_threshold)?,
                remove_all_missing: kw.get_or("remove_all_missing", d.remove_all_missing)?,
                condition_limit: kw.get_or("condition_limit", d.condition_limit)?,
            };
            kw.finish()?;
            vars(py.detach(|| compute_winds_from_ppi(ds, &o)))
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown retrieval '{other}' (one of: {})",
                RETRIEVALS.join(", ")
            )));
        }
    };
    r.map_err(|e| to_py(e.into()))
}
