//! ACT's corrections (`act.corrections.correct_*`, `correct_wind_for_ship_motion`, and
//! `act.utils.ship_utils.calc_cog_sog`) by name, with ACT's argument names, on a dataset dict.

use crate::errors::to_py;
use crate::kwargs::Kwargs;
use atmokit::Dataset;
use atmokit::corrections as corr;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Every correction reachable from Python, by ACT's function name.
pub const CORRECTIONS: &[&str] = &[
    "correct_mpl",
    "correct_ceil",
    "correct_dl",
    "correct_rl",
    "correct_wind_for_ship_motion",
    "calc_cog_sog",
];

/// The MPL options from ACT's `correct_mpl` arguments, plus atmokit's `dead_time`
/// (`None`/`"file"`/polynomial coefficients), `energy_var_name` and `decibels`.
fn mpl_options(kw: &mut Kwargs<'_, '_>) -> PyResult<corr::MplOptions> {
    let mut n = corr::MplNames::default();
    n.co_pol = kw.get_or("co_pol_var_name", n.co_pol)?;
    n.cross_pol = kw.get_or("cross_pol_var_name", n.cross_pol)?;
    n.co_pol_afterpulse = kw.get_or("co_pol_afterpuls_var_name", n.co_pol_afterpulse)?;
    n.cross_pol_afterpulse = kw.get_or("cross_pol_afterpulse_var_name", n.cross_pol_afterpulse)?;
    n.overlap = kw.get_or("overlap_corr_var_name", n.overlap)?;
    n.overlap_heights = kw.get_or("overlap_corr_heights_var_name", n.overlap_heights)?;
    n.range_bins = kw.get_or("range_bins_var_name", n.range_bins)?;
    n.height = kw.get_or("height_var_name", n.height)?;
    if kw.given("ratio_var_name")? {
        n.ratio = kw.get("ratio_var_name")?;
    } else {
        kw.ignore("ratio_var_name");
    }
    let dead_time = match kw.get::<Bound<'_, PyAny>>("dead_time")? {
        None => corr::DeadTime::None,
        Some(v) => {
            if let Ok(s) = v.extract::<String>() {
                match s.as_str() {
                    "file" => corr::DeadTime::arm_file_table(),
                    "none" => corr::DeadTime::None,
                    other => {
                        return Err(PyValueError::new_err(format!(
                            "correct_mpl: dead_time '{other}' (None, 'file' or polynomial coefficients, highest degree first)"
                        )));
                    }
                }
            } else {
                let c: Vec<f64> = v.extract().map_err(|_| {
                    PyValueError::new_err(
                        "correct_mpl: dead_time must be None, 'file' or a list of polynomial coefficients",
                    )
                })?;
                if c.is_empty() || c.iter().any(|x| !x.is_finite()) {
                    return Err(PyValueError::new_err(
                        "correct_mpl: dead_time coefficients must be finite and at least one",
                    ));
                }
                corr::DeadTime::Model(corr::DeadTimeModel::Polynomial(c))
            }
        }
    };
    Ok(corr::MplOptions {
        names: n,
        dead_time,
        energy: kw.get("energy_var_name")?,
        decibels: kw.get_or("decibels", true)?,
    })
}

/// Run the correction `name` on `ds` (in place), reading ACT's keyword arguments.
pub fn run(py: Python<'_>, ds: &mut Dataset, name: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    let mut kw = Kwargs::new(kwargs, name);
    let r = match name {
        "correct_mpl" => {
            let o = mpl_options(&mut kw)?;
            kw.finish()?;
            py.detach(|| corr::correct_mpl(ds, &o))
        }
        "correct_ceil" => {
            let fill: f64 = kw.get_or("fill_value", 1e-7)?;
            let var: String = kw.get_or("var_name", "backscatter".to_string())?;
            kw.finish()?;
            py.detach(|| corr::correct_ceil(ds, &var, &corr::CeilOptions { fill_value: fill }))
        }
        "correct_dl" => {
            let var: String = kw.get_or("var_name", "attenuated_backscatter".to_string())?;
            let rn: bool = kw.get_or("range_normalize", true)?;
            let fill: f64 = kw.get_or("fill_value", 1e-7)?;
            kw.finish()?;
            py.detach(|| {
                corr::correct_dl(
                    ds,
                    &var,
                    &corr::DlOptions {
                        range_normalize: rn,
                        fill_value: fill,
                    },
                )
            })
        }
        "correct_rl" => {
            let var: String = kw.get_or("var_name", "depolarization_counts_high".to_string())?;
            let fill: f64 = kw.get_or("fill_value", 1e-7)?;
            let log: bool = kw.get_or("range_normalize_log_values", false)?;
            kw.finish()?;
            py.detach(|| corr::correct_rl(ds, &var, fill, log))
        }
        "correct_wind_for_ship_motion" => {
            let mut n = corr::ShipNames::default();
            n.wind_speed = kw.get_or("wspd_name", n.wind_speed)?;
            n.wind_direction = kw.get_or("wdir_name", n.wind_direction)?;
            n.heading = kw.get_or("heading_name", n.heading)?;
            n.course_over_ground = kw.get_or("cog_name", n.course_over_ground)?;
            n.speed_over_ground = kw.get_or("sog_name", n.speed_over_ground)?;
            kw.finish()?;
            py.detach(|| corr::correct_wind_for_ship_motion(ds, &n))
        }
        "calc_cog_sog" => {
            kw.finish()?;
            py.detach(|| corr::calc_cog_sog(ds))
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown correction '{other}' (one of: {})",
                CORRECTIONS.join(", ")
            )));
        }
    };
    r.map_err(|e| to_py(e.into()))
}
