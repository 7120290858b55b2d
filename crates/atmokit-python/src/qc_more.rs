//! ACT's QC functions that flag several variables at once or need more than one variable and
//! its QC: the BSRN tests, the relative-variability test, the FFT shading test, the time-shift
//! trend test, supplemental YAML flags and the QC summary. Each runs on the whole dataset dict,
//! in place, under ACT's name and argument names; solar geometry comes from the dataset's
//! `lat`/`lon` and times, as ACT computes it.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use crate::qc::common;
use atmokit::Dataset;
use atmokit::physics::solar::{Refraction, get_solar_azimuth_elevation, is_sun_visible};
use atmokit::qc;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The functions of this module, by ACT's names.
pub const FUNCTIONS: &[&str] = &[
    "add_relative_variability_test",
    "bsrn_limits_test",
    "bsrn_comparison_tests",
    "normalized_rradiance_test",
    "fft_shading_test",
    "compare_time_series_trends",
    "apply_supplemental_qc",
    "create_qc_summary",
    "clean_arm_state_variables",
];

fn err(e: impl Into<crate::errors::Failure>) -> PyErr {
    to_py(e.into())
}

/// The first value of a (scalar or 1-D) numeric variable, named in the error when absent.
fn first_value(ds: &Dataset, name: &str, func: &str) -> PyResult<f64> {
    let v = ds.get(name).map_err(err)?;
    v.data()
        .iter_f64()
        .and_then(|mut it| it.next())
        .filter(|x| x.is_finite())
        .ok_or_else(|| PyValueError::new_err(format!("{func}: variable '{name}' has no finite numeric value")))
}

/// Times (ns) and the first latitude / longitude of `ds`.
fn place(ds: &Dataset, kw: &mut Kwargs<'_, '_>, func: &str) -> PyResult<(Vec<i64>, f64, f64)> {
    let lat_name: String = kw.get_or("lat_name", "lat".to_string())?;
    let lon_name: String = kw.get_or("lon_name", "lon".to_string())?;
    let t = ds.time().map_err(err)?.to_vec();
    Ok((t, first_value(ds, &lat_name, func)?, first_value(ds, &lon_name, func)?))
}

/// Solar zenith angles (deg, standard refraction) and the mean Sun–Earth distance (AU).
fn solar(t: &[i64], lat: f64, lon: f64) -> PyResult<(Vec<f64>, f64)> {
    let g = get_solar_azimuth_elevation(lat, lon, t, Refraction::Standard).map_err(err)?;
    let n = g.distance_au.len().max(1) as f64;
    let d = g.distance_au.iter().sum::<f64>() / n;
    Ok((g.elevation.iter().map(|e| 90.0 - e).collect(), d))
}

fn bsrn_variables(kw: &mut Kwargs<'_, '_>) -> PyResult<qc::bsrn::BsrnVariables> {
    Ok(qc::bsrn::BsrnVariables {
        gbl_sw_dn: kw.get("gbl_SW_dn_name")?,
        glb_diffuse_sw_dn: kw.get("glb_diffuse_SW_dn_name")?,
        direct_normal_sw_dn: kw.get("direct_normal_SW_dn_name")?,
        direct_sw_dn: kw.get("direct_SW_dn_name")?,
        glb_sw_up: kw.get("glb_SW_up_name")?,
        glb_lw_dn: kw.get("glb_LW_dn_name")?,
        glb_lw_up: kw.get("glb_LW_up_name")?,
    })
}

/// ACT's custom BSRN limits are not offered: refuse them rather than ignore them.
fn refuse_custom_limits(kw: &mut Kwargs<'_, '_>) -> PyResult<()> {
    for k in [
        "sw_min_limit",
        "lw_min_dn_limit",
        "lw_min_up_limit",
        "lw_max_dn_limit",
        "lw_max_up_limit",
    ] {
        if kw.get::<f64>(k)?.is_some() {
            return Err(PyValueError::new_err(format!(
                "bsrn_limits_test: '{k}' is not supported; the BSRN limits of the chosen test are used"
            )));
        }
    }
    Ok(())
}

/// Run `name` on `ds` in place (`comp` is the second dataset of `compare_time_series_trends`).
pub fn run(ds: &mut Dataset, name: &str, comp: Option<&Dataset>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    let mut kw = Kwargs::new(kwargs, name);
    kw.ignore("use_dask");
    match name {
        "add_relative_variability_test" => {
            let vars: Vec<String> = kw
                .get_names("var_names")?
                .ok_or_else(|| PyValueError::new_err("add_relative_variability_test: var_names is required"))?;
            let threshold: f64 = kw.require("threshold")?;
            let window: usize = kw.get_or("window", 60)?;
            let min_periods: usize = kw.get_or("min_period", 1)?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let refs: Vec<&str> = vars.iter().map(String::as_str).collect();
            qc::add_relative_variability_test(ds, &refs, threshold, window, min_periods, &o).map_err(err)?;
        }
        "bsrn_limits_test" => {
            let test: String = kw.get_or("test", "Physically Possible".to_string())?;
            let level = match test.to_lowercase().as_str() {
                "physically possible" => qc::bsrn::BsrnLevel::PhysicallyPossible,
                "extremely rare" => qc::bsrn::BsrnLevel::ExtremelyRare,
                _ => {
                    return Err(PyValueError::new_err(format!(
                        "bsrn_limits_test: test '{test}' is not 'Physically Possible' or 'Extremely Rare'"
                    )));
                }
            };
            let vars = bsrn_variables(&mut kw)?;
            let s0: f64 = kw.get_or("solar_constant", 1366.0)?;
            refuse_custom_limits(&mut kw)?;
            let (t, lat, lon) = place(ds, &mut kw, name)?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let (sza, d) = solar(&t, lat, lon)?;
            qc::bsrn::bsrn_limits_test(ds, level, &vars, &sza, d, s0, &o).map_err(err)?;
        }
        "bsrn_comparison_tests" => {
            let tests = kw
                .get_names("test")?
                .ok_or_else(|| PyValueError::new_err("bsrn_comparison_tests: test is required"))?
                .iter()
                .map(|t| qc::bsrn_compare::ComparisonTest::parse(t))
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            let vars = bsrn_variables(&mut kw)?;
            let air: Option<String> = kw.get("air_temp_name")?;
            let lw = qc::bsrn_compare::LwComponents {
                lw_dn_lt_lw_up: kw.get_or("LWdn_lt_LWup_component", 25.0)?,
                lw_dn_gt_lw_up: kw.get_or("LWdn_gt_LWup_component", 300.0)?,
            };
            let (t, lat, lon) = place(ds, &mut kw, name)?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let (sza, _) = solar(&t, lat, lon)?;
            qc::bsrn_compare::bsrn_comparison_tests(ds, &tests, &vars, air.as_deref(), &sza, lw, &o).map_err(err)?;
        }
        "normalized_rradiance_test" => {
            let tests = kw
                .get_names("test")?
                .ok_or_else(|| PyValueError::new_err("normalized_rradiance_test: test is required"))?
                .iter()
                .map(|t| qc::bsrn_normalized::NormalizedTest::parse(t))
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            let alt_name: String = kw.get_or("alt_name", "alt".to_string())?;
            let mut inp = qc::bsrn_normalized::NormalizedInputs {
                dni: kw.get("dni")?,
                dhi: kw.get("dhi")?,
                ghi: kw.get("ghi")?,
                altitude_m: 0.0,
                sun_earth_au: 1.0,
                upper_total: kw.get_or("upper_total_transmittance_limit", 1.6)?,
                upper_diffuse: kw.get_or("upper_diffuse_transmittance_limit", 1.0)?,
            };
            let (t, lat, lon) = place(ds, &mut kw, name)?;
            let o = common(&mut kw)?;
            kw.finish()?;
            let (sza, d) = solar(&t, lat, lon)?;
            inp.sun_earth_au = d;
            if tests.contains(&qc::bsrn_normalized::NormalizedTest::UpperDirectTransmittance) {
                inp.altitude_m = first_value(ds, &alt_name, name)?;
            }
            qc::bsrn_normalized::normalized_rradiance_test(ds, &tests, &inp, &sza, &o).map_err(err)?;
        }
        "fft_shading_test" => {
            let var: String = kw.get_or("variable", "diffuse_hemisp_narrowband_filter4".to_string())?;
            let d = qc::radiometer::FftShadingOptions::default();
            let o = qc::radiometer::FftShadingOptions {
                fft_window: kw.get_or("fft_window", d.fft_window)?,
                shad_freq_lower: kw.get_or("shad_freq_lower", d.shad_freq_lower)?,
                shad_freq_upper: kw.get_or("shad_freq_upper", d.shad_freq_upper)?,
                ratio_thresh: kw.get_or("ratio_thresh", d.ratio_thresh)?,
                time_interval: kw.get("time_interval")?,
                smooth_window: kw.get_or("smooth_window", d.smooth_window)?,
                shading_thresh: kw.get_or("shading_thresh", d.shading_thresh)?,
            };
            let (t, lat, lon) = place(ds, &mut kw, name)?;
            let opts = common(&mut kw)?;
            kw.finish()?;
            let sun_up = is_sun_visible(lat, lon, &t).map_err(err)?;
            qc::radiometer::fft_shading_test(ds, &var, &sun_up, &o, &opts).map_err(err)?;
        }
        "compare_time_series_trends" => {
            let var: String = kw.require("var_name")?;
            let comp_var: Option<String> = kw.get("comp_var_name")?;
            let d = qc::trends::TrendOptions::default();
            let o = qc::trends::TrendOptions {
                time_match_threshold: kw.get_or("time_match_threshhold", d.time_match_threshold)?,
                time_shift: kw.get_or("time_shift", d.time_shift)?,
                time_step: kw.get("time_step")?,
                time_qc_threshold: kw.get_or("time_qc_threshold", d.time_qc_threshold)?,
            };
            let opts = common(&mut kw)?;
            kw.finish()?;
            qc::trends::compare_time_series_trends(ds, &var, comp, comp_var.as_deref(), &o, &opts).map_err(err)?;
        }
        "apply_supplemental_qc" => {
            let yaml: String = kw.require("yaml_text")?;
            let variables = kw.get_names("variables")?;
            let assessments = kw.get_names("assessments")?;
            let apply_all: bool = kw.get_or("apply_all", true)?;
            let exclude = kw.get_names("exclude_all_variables")?.unwrap_or_default();
            kw.ignore("quiet");
            kw.finish()?;
            let tests = qc::supplemental::read_yaml_supplemental_qc(&yaml).map_err(err)?;
            let v: Option<Vec<&str>> = variables.as_ref().map(|v| v.iter().map(String::as_str).collect());
            let a: Option<Vec<&str>> = assessments.as_ref().map(|v| v.iter().map(String::as_str).collect());
            let e: Vec<&str> = exclude.iter().map(String::as_str).collect();
            qc::supplemental::apply_supplemental_qc(ds, &tests, v.as_deref(), a.as_deref(), apply_all, &e)
                .map_err(err)?;
        }
        "create_qc_summary" => {
            let d = qc::create_summary::QcSummaryOptions::default();
            let o = qc::create_summary::QcSummaryOptions {
                cleanup_qc: kw.get_or("cleanup_qc", d.cleanup_qc)?,
                remove_attrs: kw.get_or("remove_attrs", d.remove_attrs)?,
                normalize_assessment: kw.get_or("normalize_assessment", d.normalize_assessment)?,
            };
            kw.finish()?;
            qc::create_summary::create_qc_summary(ds, &o).map_err(err)?;
        }
        "clean_arm_state_variables" => {
            let names = kw.get_names("variables")?.unwrap_or_default();
            let d = qc::state_vars::StateVariableOptions::default();
            let o = qc::state_vars::StateVariableOptions {
                override_cf_flag: kw.get_or("override_cf_flag", d.override_cf_flag)?,
                clean_units_string: kw.get_or("clean_units_string", d.clean_units_string)?,
                integer_flag: kw.get_or("integer_flag", d.integer_flag)?,
                replace_in_flag_meanings: kw.get("replace_in_flag_meanings")?,
            };
            kw.finish()?;
            let n: Vec<&str> = names.iter().map(String::as_str).collect();
            qc::state_vars::clean_arm_state_variables(ds, &n, &o).map_err(err)?;
        }
        _ => {
            return Err(PyValueError::new_err(format!(
                "unknown QC function '{name}' (known: {})",
                FUNCTIONS.join(", ")
            )));
        }
    }
    Ok(())
}

/// ACT's `fft_shading_test_process` on one window: `{"shading": 0 | 1, "fft": [...], "freq": [...]}`.
/// Band edges and thresholds default to ACT's `fft_shading_test` ones.
#[pyfunction]
#[pyo3(signature = (data, time_interval, is_sunny, shad_freq_lower=None, shad_freq_upper=None, ratio_thresh=None))]
pub fn qc_fft_shading_window<'py>(
    py: Python<'py>,
    data: Vec<f64>,
    time_interval: f64,
    is_sunny: bool,
    shad_freq_lower: Option<Vec<f64>>,
    shad_freq_upper: Option<Vec<f64>>,
    ratio_thresh: Option<Vec<f64>>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = qc::radiometer::FftShadingOptions::default();
    let o = qc::radiometer::FftShadingOptions {
        shad_freq_lower: shad_freq_lower.unwrap_or(d.shad_freq_lower.clone()),
        shad_freq_upper: shad_freq_upper.unwrap_or(d.shad_freq_upper.clone()),
        ratio_thresh: ratio_thresh.unwrap_or(d.ratio_thresh.clone()),
        ..d
    };
    let w = qc::radiometer::fft_shading_test_process(&data, time_interval, is_sunny, &o).map_err(err)?;
    let out = PyDict::new(py);
    out.set_item("shading", u8::from(w.shading))?;
    out.set_item("fft", w.fft)?;
    out.set_item("freq", w.freq)?;
    Ok(out)
}
