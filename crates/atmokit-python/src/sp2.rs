//! `atmokit.io.read_sp2`, `read_hk_file`, `read_sp2_config`: PySP2's readers (ACT 2.3.4's
//! `act.io.read_sp2`, `act.io.read_hk_file`) on [`atmokit::text::sp2`]; and
//! `atmokit.retrievals.gaussian_fit`, `calc_sp2_diams_masses` on
//! [`atmokit::retrievals::sp2`].

use crate::convert;
use crate::errors::{Failure, to_py};
use atmokit::retrievals::sp2::diams::{self, DiamsOptions};
use atmokit::retrievals::sp2::globals::Sp2Globals;
use atmokit::retrievals::sp2::stats::gaussian_fit;
use atmokit::text::sp2::{dat, hk, ini, sp2b};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A raw SP2 binary file (`.sp2b`) as a dataset dict; `arm_convention`: the date is the third
/// dot-separated field of the file name (else its first eight characters), as in PySP2.
#[pyfunction]
#[pyo3(signature = (path, arm_convention=true))]
pub fn read_sp2<'py>(py: Python<'py>, path: String, arm_convention: bool) -> PyResult<Bound<'py, PyDict>> {
    let opts = sp2b::Sp2bOptions {
        naming: if arm_convention {
            sp2b::Sp2bNaming::Arm
        } else {
            sp2b::Sp2bNaming::Instrument
        },
    };
    let ds = py
        .detach(|| sp2b::read_sp2(&path, &opts))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// An SP2 housekeeping file (`.hk`) as a dataset dict.
#[pyfunction]
pub fn read_hk_file<'py>(py: Python<'py>, path: String) -> PyResult<Bound<'py, PyDict>> {
    let ds = py
        .detach(|| hk::read_hk_file(&path))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// SP2 `.dat` files (`kind`: "particle" or "conc") as one dataset dict.
#[pyfunction]
pub fn read_sp2_dat<'py>(py: Python<'py>, paths: Vec<String>, kind: String) -> PyResult<Bound<'py, PyDict>> {
    let ds = py
        .detach(|| {
            let kind: dat::DatKind = kind.parse()?;
            dat::read_sp2_dat(&paths, kind)
        })
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// An SP2 `.ini` file as `[(section, [(lower-cased key, value)])]` in file order.
#[pyfunction]
#[allow(clippy::type_complexity)]
pub fn read_sp2_config(py: Python<'_>, path: String) -> PyResult<Vec<(String, Vec<(String, String)>)>> {
    let cfg = py
        .detach(|| ini::read_config(&path))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    Ok(cfg
        .sections()
        .map(|s| (s.to_string(), cfg.section(s).unwrap_or_default().to_vec()))
        .collect())
}

/// PySP2's `gaussian_fit` on a waveform dataset dict
/// ([`atmokit::retrievals::sp2::stats::gaussian_fit`]); `globals`: `(name, value)` overrides of
/// PySP2's `DMTGlobals`.
#[pyfunction]
#[pyo3(signature = (ds, pre_trig_points, globals=Vec::new()))]
pub fn sp2_gaussian_fit<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    pre_trig_points: i64,
    globals: Vec<(String, f64)>,
) -> PyResult<Bound<'py, PyDict>> {
    let ds = convert::dataset_from_py(ds)?;
    let g = sp2_globals(globals)?;
    let out = py
        .detach(|| gaussian_fit(&ds, pre_trig_points, &g))
        .map_err(|e| to_py(e.into()))?;
    convert::dataset_to_py(py, out)
}

/// PySP2's `DMTGlobals` with the given overrides.
fn sp2_globals(overrides: Vec<(String, f64)>) -> PyResult<Sp2Globals> {
    let mut g = Sp2Globals::default();
    for (name, value) in overrides {
        g.set(&name, value).map_err(|e| to_py(e.into()))?;
    }
    Ok(g)
}

/// PySP2's `calc_diams_masses` ([`atmokit::retrievals::sp2::diams::calc_sp2_diams_masses`]);
/// `globals`: `(name, value)` overrides of PySP2's `DMTGlobals`.
#[pyfunction]
#[pyo3(signature = (ds, factor=1.0, globals=Vec::new()))]
pub fn calc_sp2_diams_masses<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    factor: f64,
    globals: Vec<(String, f64)>,
) -> PyResult<Bound<'py, PyDict>> {
    let ds = convert::dataset_from_py(ds)?;
    let opts = DiamsOptions {
        factor,
        globals: sp2_globals(globals)?,
    };
    let out = py
        .detach(|| diams::calc_sp2_diams_masses(&ds, &opts))
        .map_err(|e| to_py(e.into()))?;
    convert::dataset_to_py(py, out)
}

/// PySP2's `process_psds` ([`atmokit::retrievals::sp2::psds::process_sp2_psds`]): `particles`
/// and `hk` as dataset dicts of plain columns; `delta_size` `None` for logarithmic bins.
#[pyfunction]
#[pyo3(signature = (particles, hk, one_of_every=1.0, delta_size=Some(0.005), num_bins=199, avg_interval=10.0, deadtime_correction=false, globals=Vec::new(), act_compat=false))]
#[allow(clippy::too_many_arguments)]
pub fn sp2_process_psds<'py>(
    py: Python<'py>,
    particles: &Bound<'py, PyAny>,
    hk: &Bound<'py, PyAny>,
    one_of_every: f64,
    delta_size: Option<f64>,
    num_bins: usize,
    avg_interval: f64,
    deadtime_correction: bool,
    globals: Vec<(String, f64)>,
    act_compat: bool,
) -> PyResult<Bound<'py, PyDict>> {
    use atmokit::retrievals::sp2::psds::{PsdOptions, SizeBins, process_sp2_psds};
    let particles = convert::dataset_from_py(particles)?;
    let hk = convert::dataset_from_py(hk)?;
    let opts = PsdOptions {
        bins: delta_size.map_or(SizeBins::Log, SizeBins::Linear),
        num_bins,
        avg_interval_s: avg_interval,
        deadtime_correction,
        one_of_every,
        globals: sp2_globals(globals)?,
        act_compat,
    };
    let out = py
        .detach(|| process_sp2_psds(&particles, &hk, &opts))
        .map_err(|e| to_py(e.into()))?;
    convert::dataset_to_py(py, out)
}

/// `(ScatRejectKey, IncanRejectKey, DeadtimeRelativeBias)` of the peak statistics `stats`
/// (a dataset dict of plain columns) with the records' `time_wave` and the `.ini`'s
/// acquisition numbers `(Samples/Sec, Scan Length, Points per Event, Pre-Trig Points, 1 of Every)`.
#[pyfunction]
#[pyo3(signature = (stats, time_wave, acquisition, globals=Vec::new()))]
#[allow(clippy::type_complexity)]
pub fn sp2_reject_and_deadtime(
    py: Python<'_>,
    stats: &Bound<'_, PyAny>,
    time_wave: Vec<f64>,
    acquisition: (f64, f64, f64, f64, f64),
    globals: Vec<(String, f64)>,
) -> PyResult<(Vec<i64>, Vec<i64>, Vec<f64>)> {
    use atmokit::retrievals::sp2::reject::{Acquisition, deadtime_relative_bias, reject_keys};
    let stats = convert::dataset_from_py(stats)?;
    let g = sp2_globals(globals)?;
    let (samples_per_sec, scan_length, points_per_event, pre_trig_points, one_of_every) = acquisition;
    let a = Acquisition {
        samples_per_sec,
        scan_length,
        points_per_event,
        pre_trig_points,
        one_of_every,
    };
    py.detach(|| {
        let (scat, incan) = reject_keys(&stats, &g)?;
        let bias = deadtime_relative_bias(&stats, &time_wave, &a)?;
        Ok((scat, incan, bias))
    })
    .map_err(|e: atmokit::core::Error| to_py(e.into()))
}

/// PySP2's `beam_shape` + `leo_fit` ([`atmokit::retrievals::sp2::leo::leo_fit`]) on a dataset
/// dict holding the gaussian-fit columns and the waves `Data_ch0`, `Data_ch4`; returns the LEO
/// columns and `leo_ScatDiaSO4`.
#[pyfunction]
#[pyo3(signature = (ds, globals=Vec::new(), moving_average_window=5, max_amplitude_fraction=0.033, align_on_split=true))]
pub fn sp2_leo_fit(
    py: Python<'_>,
    ds: &Bound<'_, PyAny>,
    globals: Vec<(String, f64)>,
    moving_average_window: usize,
    max_amplitude_fraction: f64,
    align_on_split: bool,
) -> PyResult<Vec<(String, Vec<f64>)>> {
    use atmokit::retrievals::sp2::leo::{LeoOptions, leo_fit, leo_scat_dia_so4};
    let ds = convert::dataset_from_py(ds)?;
    let g = sp2_globals(globals)?;
    let o = LeoOptions {
        moving_average_window,
        max_amplitude_fraction,
        align_on_split,
    };
    py.detach(|| {
        let mut cols = leo_fit(&ds, &g, &o)?;
        let (h0, f0) = (ds.values_f64("PkHt_ch0")?, ds.values_f64("FtAmp_ch0")?);
        let peak: Vec<f64> = h0
            .iter()
            .zip(&f0)
            .map(|(a, b)| match (a.is_nan(), b.is_nan()) {
                (true, _) => *b,
                (_, true) => *a,
                _ => a.max(*b),
            })
            .collect();
        let get = |n: &str, c: &[(String, Vec<f64>)]| {
            c.iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let dia = leo_scat_dia_so4(&peak, &get("leo_FtAmp_ch0", &cols), &get("leo_FtAmp_ch4", &cols), &g);
        cols.push(("leo_ScatDiaSO4".into(), dia));
        Ok(cols)
    })
    .map_err(|e: atmokit::core::Error| to_py(e.into()))
}

/// Register the SP2 functions in `_native`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sp2_gaussian_fit, m)?)?;
    m.add_function(wrap_pyfunction!(calc_sp2_diams_masses, m)?)?;
    m.add_function(wrap_pyfunction!(sp2_process_psds, m)?)?;
    m.add_function(wrap_pyfunction!(sp2_reject_and_deadtime, m)?)?;
    m.add_function(wrap_pyfunction!(sp2_leo_fit, m)?)?;
    m.add_function(wrap_pyfunction!(read_sp2, m)?)?;
    m.add_function(wrap_pyfunction!(read_hk_file, m)?)?;
    m.add_function(wrap_pyfunction!(read_sp2_dat, m)?)?;
    m.add_function(wrap_pyfunction!(read_sp2_config, m)?)?;
    Ok(())
}
