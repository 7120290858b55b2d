//! # atmokit-python: the `atmokit._native` extension module
//!
//! The Rust half of the Python package `atmokit` (its Python half is in `python/atmokit/`). Every
//! function takes and returns the dataset dict of [`convert`]; the Python layer turns it into an
//! `xarray.Dataset`. Rust work runs with the GIL released, so Dask threads read in parallel.
//!
//! | `_native` function | Rust |
//! |---|---|
//! | `read_arm_netcdf(paths, keep_variables, drop_variables)` | [`atmokit::netcdf::read_arm_netcdf`] |
//! | `read(paths, keep_variables, drop_variables)` | [`atmokit::open::open_paths`] (netCDF, raw MPL, text) |
//! | `read_sp2(path, arm_convention)`, `read_hk_file(path)`, `read_sp2_dat(paths, kind)`, `read_sp2_config(path)` | [`sp2`]: [`atmokit::text::sp2`] (PySP2's readers) |
//! | `sp2_gaussian_fit(ds, pre_trig_points, globals)`, `calc_sp2_diams_masses(ds, factor, globals)` | [`sp2`]: [`atmokit::retrievals::sp2`] |
//! | `write_netcdf(ds, path, format)` | [`atmokit::netcdf::write_netcdf`] |
//! | `qc_test(ds, test, variable, kwargs)` | [`qc::run_test`]: every `ds.qcfilter.add_*_test` of ACT |
//! | `qc_cleanup(ds, kwargs)` | [`qc::cleanup`] (`ds.clean.cleanup()`) |
//! | `qc_apply(ds, name, comp, kwargs)`, `qc_functions()` | [`qc_more::run`]: BSRN, relative variability, FFT shading, trends, supplemental YAML, QC summary |
//! | `download_arm_data`, `get_arm_doi`, `download_surfrad_data`, `download_noaa_psl_data`, `download_neon_data`, `add_dqr(ds, kwargs)` (feature `discovery`) | [`atmokit::discovery`] clients, [`atmokit::qc::dqr::add_dqr_to_qc`] |
//! | `qc_test_mask(ds, variable, test_number)` | [`atmokit::qc::get_qc_test_mask`] |
//! | `qc_tests()`, `version()` | the test names; the crate version |
//! | `retrieve(ds, name, kwargs, met)`, `retrievals()` | [`retrievals::run`]: ACT's `act.retrievals.*` (new variables, or a number) |
//! | `plot(ds, name, format, kwargs)`, `figures()` | [`plot::run`]: atmokit-plot figures as PNG or SVG bytes |
//! | `track(ds, var, mask, kwargs)` | [`track::run`]: Ocetrac-style tracking, labels and object table |
//! | `write_file(path, data)` | [`atmokit::core::output::write_atomic`] (a figure's `.save`) |
//! | `correct(ds, name, kwargs)`, `corrections()` | [`corrections::run`]: ACT's `act.corrections.correct_*`, ship wind, `calc_cog_sog` |
//!
//! Errors map to Python exceptions in [`errors`]; keyword arguments are read by ACT's names in
//! [`kwargs`], and unknown ones are refused.

pub mod ameriflux;
pub mod convert;
pub mod corrections;
#[cfg(feature = "discovery")]
pub mod discovery;
pub mod dod;
pub mod errors;
pub mod kwargs;
pub mod movie;
pub mod plot;
pub mod qc;
pub mod qc_model;
pub mod qc_more;
pub mod retrievals;
pub mod sites;
pub mod sp2;
pub mod track;
pub mod utils;

use atmokit::Dataset;
use errors::{Failure, to_py};
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn read_options(keep: Option<Vec<String>>, drop: Option<Vec<String>>) -> atmokit::netcdf::ReadOptions {
    let mut o = atmokit::netcdf::ReadOptions::default();
    if let Some(k) = keep {
        o = o.keep(&k);
    }
    if let Some(d) = drop {
        o = o.drop(&d);
    }
    o
}

/// Run a reader with the keep/drop lists, the GIL released, and hand its Dataset to Python.
fn read_with<'py>(
    py: Python<'py>,
    keep: Option<Vec<String>>,
    drop: Option<Vec<String>>,
    reader: impl FnOnce(&atmokit::netcdf::ReadOptions) -> Result<Dataset, Failure> + Send,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = read_options(keep, drop);
    let ds = py.detach(|| reader(&opts)).map_err(to_py)?;
    convert::dataset_to_py(py, ds)
}

/// Read ARM netCDF files as one dataset dict (ACT's `act.io.arm.read_arm_netcdf`).
#[pyfunction]
#[pyo3(signature = (paths, keep_variables=None, drop_variables=None))]
fn read_arm_netcdf<'py>(
    py: Python<'py>,
    paths: Vec<String>,
    keep_variables: Option<Vec<String>>,
    drop_variables: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyDict>> {
    read_with(py, keep_variables, drop_variables, |o| {
        atmokit::netcdf::read_arm_netcdf(&paths, o).map_err(Failure::from)
    })
}

/// Read files of any format atmokit knows (netCDF, raw MPL, every text format) as one dataset dict.
#[pyfunction]
#[pyo3(signature = (paths, keep_variables=None, drop_variables=None))]
fn read<'py>(
    py: Python<'py>,
    paths: Vec<String>,
    keep_variables: Option<Vec<String>>,
    drop_variables: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyDict>> {
    read_with(py, keep_variables, drop_variables, |o| {
        atmokit::open::open_paths(&paths, o).map_err(Failure::from)
    })
}

/// Read a NOAA PSL wind profiler winds file: one dataset dict per operating mode (ACT's
/// `act.io.noaapsl.read_psl_wind_profiler`); `act_compat`: ACT's pair of odd and even sections.
#[pyfunction]
#[pyo3(signature = (path, act_compat=false))]
fn read_psl_wind_profiler<'py>(py: Python<'py>, path: String, act_compat: bool) -> PyResult<Vec<Bound<'py, PyDict>>> {
    use atmokit::text::psl::wind_profiler::{WindProfilerOptions, read_psl_wind_profiler_with};
    let o = WindProfilerOptions { act_compat };
    let modes = py
        .detach(|| read_psl_wind_profiler_with(std::path::Path::new(&path), &o))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    modes.into_iter().map(|d| convert::dataset_to_py(py, d)).collect()
}

/// Read NOAA SURFRAD daily files, concatenated (ACT's `act.io.noaagml.read_surfrad`);
/// `act_compat`: ACT's names, attributes and raw values.
#[pyfunction]
#[pyo3(signature = (paths, act_compat=false))]
fn read_surfrad<'py>(py: Python<'py>, paths: Vec<String>, act_compat: bool) -> PyResult<Bound<'py, PyDict>> {
    use atmokit::text::surfrad::{SurfradOptions, read_surfrad_with};
    let o = SurfradOptions { act_compat };
    let ds = py
        .detach(|| {
            // Local files or URLs (ACT reads SURFRAD days by URL too).
            let (_fetched, files) = atmokit::open::resolve_inputs(&paths)?;
            read_surfrad_with(&files, &o).map_err(atmokit::open::OpenError::from)
        })
        .map_err(|e| to_py(Failure::Open(e)))?;
    convert::dataset_to_py(py, ds)
}

/// Read NEON data files with their variables and sensor-positions files (ACT's `read_neon_csv`).
#[pyfunction]
#[pyo3(signature = (files, variable_files=Vec::new(), position_files=Vec::new()))]
fn read_neon_csv<'py>(
    py: Python<'py>,
    files: Vec<String>,
    variable_files: Vec<String>,
    position_files: Vec<String>,
) -> PyResult<Bound<'py, PyDict>> {
    let ds = py
        .detach(|| atmokit::text::neon::read_neon_csv(&files, &variable_files, &position_files))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// The global attributes of AmeriFlux BADM rows `(VARIABLE, DATAVALUE as text)`
/// ([`atmokit::text::ameriflux_badm::badm_attrs`]), as an empty dataset dict carrying them.
#[pyfunction]
#[pyo3(signature = (rows, act_compat=false))]
fn ameriflux_badm<'py>(py: Python<'py>, rows: Vec<(String, String)>, act_compat: bool) -> PyResult<Bound<'py, PyDict>> {
    let mut ds = Dataset::new();
    for (k, v) in atmokit::text::ameriflux_badm::badm_attrs(&rows, act_compat) {
        ds.attrs_mut().insert(k, v);
    }
    convert::dataset_to_py(py, ds)
}

/// Read legacy ARM MMCR files with their modes split (ACT's `read_arm_mmcr`).
#[pyfunction]
#[pyo3(signature = (paths, act_compat=false))]
fn read_arm_mmcr<'py>(py: Python<'py>, paths: Vec<String>, act_compat: bool) -> PyResult<Bound<'py, PyDict>> {
    use atmokit::netcdf::mmcr::{MmcrOptions, read_arm_mmcr as read};
    let o = MmcrOptions {
        act_compat,
        ..Default::default()
    };
    let ds = py.detach(|| read(&paths, &o)).map_err(|e| to_py(e.into()))?;
    convert::dataset_to_py(py, ds)
}

/// Read an AmeriFlux BASE or FLUXNET file with ACT's `data_type`, `rename_vars_dict` and
/// `variable_units_dict` (as pairs).
#[pyfunction]
#[pyo3(signature = (path, data_type=None, rename_vars=Vec::new(), variable_units=Vec::new()))]
fn read_ameriflux<'py>(
    py: Python<'py>,
    path: String,
    data_type: Option<String>,
    rename_vars: Vec<(String, String)>,
    variable_units: Vec<(String, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    use atmokit::text::ameriflux_options::{AmerifluxKind, AmerifluxOptions, read_ameriflux_with};
    let data_type = match data_type.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("base") => Some(AmerifluxKind::Base),
        Some("fluxnet") => Some(AmerifluxKind::Fluxnet),
        Some(other) => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "read_ameriflux: data_type '{other}': choose 'base' or 'fluxnet'"
            )));
        }
    };
    let o = AmerifluxOptions {
        data_type,
        rename_vars,
        variable_units,
    };
    let ds = py
        .detach(|| read_ameriflux_with(std::path::Path::new(&path), &o))
        .map_err(|e| to_py(Failure::Open(e.into())))?;
    convert::dataset_to_py(py, ds)
}

/// Write a dataset dict to netCDF (`format`: "netcdf4", "classic" or "64bit_offset"), atomically,
/// with ACT's `write_netcdf` options (`nan_fill` is ACT's `FillValue`; `None` follows
/// `act_compat`).
#[pyfunction]
#[pyo3(signature = (ds, path, format="netcdf4", cleanup_global_atts=true, cleanup_qc_atts=true, join_char="__", cf_compliant=false, delete_global_attrs=None, nan_fill=None, cf_convention="CF-1.8", history=None, act_compat=false))]
#[allow(clippy::too_many_arguments)]
fn write_netcdf(
    py: Python<'_>,
    ds: &Bound<'_, PyAny>,
    path: String,
    format: &str,
    cleanup_global_atts: bool,
    cleanup_qc_atts: bool,
    join_char: &str,
    cf_compliant: bool,
    delete_global_attrs: Option<Vec<String>>,
    nan_fill: Option<bool>,
    cf_convention: &str,
    history: Option<String>,
    act_compat: bool,
) -> PyResult<()> {
    let ds = convert::dataset_from_py(ds)?;
    let format = match format.to_ascii_lowercase().as_str() {
        "netcdf4" | "nc4" => atmokit::netcdf::Format::Netcdf4,
        "classic" | "netcdf3_classic" | "nc3" => atmokit::netcdf::Format::Classic,
        "64bit_offset" | "netcdf3_64bit_offset" | "offset64" => atmokit::netcdf::Format::Offset64,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "write_netcdf: unknown format '{other}' (netcdf4, classic, 64bit_offset)"
            )));
        }
    };
    let opts = atmokit::netcdf::WriteOptions {
        format,
        cleanup_global_atts,
        cleanup_qc_atts,
        join_char: join_char.to_string(),
        cf_compliant,
        delete_global_attrs: delete_global_attrs.unwrap_or_default(),
        nan_fill,
        cf_convention: cf_convention.to_string(),
        history,
        act_compat,
        ..Default::default()
    };
    py.detach(|| atmokit::netcdf::write_netcdf(&ds, &path, &opts))
        .map_err(|e| to_py(e.into()))
}

/// Run one QC test (ACT's method name and keyword arguments) on `variable`.
///
/// Returns `{"result": {test_number, test_meaning, test_assessment, qc_variable_name,
/// variable_name}, "qc": <the QC variable dict>, "attrs": <the data variable's new attrs>}`.
#[pyfunction]
#[pyo3(signature = (ds, test, variable, kwargs=None))]
fn qc_test<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    test: &str,
    variable: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut ds = convert::dataset_from_py(ds)?;
    let r = qc::run_test(&mut ds, test, variable, kwargs)?;
    let out = PyDict::new(py);
    let res = PyDict::new(py);
    res.set_item("test_number", r.test_number)?;
    res.set_item("test_meaning", &r.test_meaning)?;
    res.set_item("test_assessment", &r.test_assessment)?;
    res.set_item("qc_variable_name", &r.qc_variable_name)?;
    res.set_item("variable_name", &r.variable_name)?;
    out.set_item("result", res)?;
    out.set_item(
        "attrs",
        convert::attrs_to_py(py, ds.get(variable).map_err(|e| to_py(e.into()))?.attrs())?,
    )?;
    let qc_var = ds.remove(&r.qc_variable_name).ok_or_else(|| {
        to_py(Failure::Core(atmokit::core::Error::not_found(
            r.qc_variable_name.clone(),
        )))
    })?;
    out.set_item("qc", convert::variable_to_py(py, qc_var)?)?;
    Ok(out)
}

/// ACT's QC functions on the whole dataset (BSRN tests, relative variability, FFT shading,
/// time-shift trends, supplemental YAML flags, QC summary): `name` with ACT's keyword arguments;
/// `comp` is the comparison dataset of `compare_time_series_trends`. Returns the new dataset dict.
#[pyfunction]
#[pyo3(signature = (ds, name, comp=None, kwargs=None))]
fn qc_apply<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    comp: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut ds: Dataset = convert::dataset_from_py(ds)?;
    let comp = comp.map(convert::dataset_from_py).transpose()?;
    qc_more::run(&mut ds, name, comp.as_ref(), kwargs)?;
    convert::dataset_to_py(py, ds)
}

/// ACT's QC-variable helpers (`add_test`, `set_test`, `unset_test`, `remove_test`,
/// `available_bit`, `get_masked_data`'s mask, `datafilter`, `merge_qc_variables`) by name on a
/// dataset dict. Returns `(new dataset dict, what ACT's method returns)`.
#[pyfunction]
#[pyo3(signature = (ds, name, kwargs=None))]
fn qc_helper<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyAny>)> {
    let mut ds: Dataset = convert::dataset_from_py(ds)?;
    let value = qc_model::run(py, &mut ds, name, kwargs)?;
    Ok((convert::dataset_to_py(py, ds)?, value))
}

/// The names `qc_apply` knows.
#[pyfunction]
fn qc_functions() -> Vec<&'static str> {
    qc_more::FUNCTIONS.to_vec()
}

/// ACT's `ds.clean.cleanup()`: ARM QC variables to CF, on the whole dataset dict.
#[pyfunction]
#[pyo3(signature = (ds, kwargs=None))]
fn qc_cleanup<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut ds: Dataset = convert::dataset_from_py(ds)?;
    qc::cleanup(&mut ds, kwargs)?;
    convert::dataset_to_py(py, ds)
}

/// ACT's `ds.qcfilter.get_qc_test_mask(var_name, test_number)`: where the test is set.
#[pyfunction]
#[pyo3(signature = (ds, variable, test_number, qc_var_name=None))]
fn qc_test_mask<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    variable: &str,
    test_number: u32,
    qc_var_name: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let ds = convert::dataset_from_py(ds)?;
    let qc_name = match qc_var_name {
        Some(n) => n,
        None => atmokit::qc::model::find_qc_variable(&ds, variable)
            .map_err(|e| to_py(e.into()))?
            .ok_or_else(|| {
                pyo3::exceptions::PyKeyError::new_err(format!("variable '{variable}' has no QC variable"))
            })?,
    };
    let mask = atmokit::qc::get_qc_test_mask(&ds, &qc_name, test_number).map_err(|e| to_py(e.into()))?;
    let shape = ds.get(&qc_name).map_err(|e| to_py(e.into()))?.shape().to_vec();
    let a = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&shape), mask)
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("{qc_name}: {e}")))?;
    Ok(numpy::PyArray::from_owned_array(py, a).into_any())
}

/// The QC tests `qc_test` runs (ACT's method names).
#[pyfunction]
fn qc_tests() -> Vec<&'static str> {
    qc::TESTS.to_vec()
}

/// Run one correction (ACT's function name and keyword arguments) on the dataset dict; returns
/// the corrected dataset dict.
#[pyfunction]
#[pyo3(signature = (ds, name, kwargs=None))]
fn correct<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut ds: Dataset = convert::dataset_from_py(ds)?;
    corrections::run(py, &mut ds, name, kwargs)?;
    convert::dataset_to_py(py, ds)
}

/// The corrections `correct` runs (ACT's function names).
#[pyfunction(name = "corrections")]
fn correction_names() -> Vec<&'static str> {
    corrections::CORRECTIONS.to_vec()
}

/// Run one retrieval (ACT's function name and keyword arguments) on the dataset dict; returns the
/// dataset dict of the derived variables, or a float (precipitable water). `met` is ACT's `met_ds`.
#[pyfunction]
#[pyo3(signature = (ds, name, kwargs=None, met=None))]
fn retrieve<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
    met: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let ds: Dataset = convert::dataset_from_py(ds)?;
    let met = met.map(convert::dataset_from_py).transpose()?;
    match retrievals::run(py, &ds, met.as_ref(), name, kwargs)? {
        retrievals::Output::Variables(d) => Ok(convert::dataset_to_py(py, *d)?.into_any()),
        retrievals::Output::Number(x) => Ok(x.into_pyobject(py)?.into_any()),
    }
}

/// The retrievals `retrieve` runs (ACT's function names).
#[pyfunction(name = "retrievals")]
fn retrieval_names() -> Vec<&'static str> {
    retrievals::RETRIEVALS.to_vec()
}

/// Run one dataset utility (ACT's function name and keyword arguments) on the dataset dict;
/// returns the new dataset dict and the `(variable, reason)` pairs `change_units` skipped.
#[pyfunction(name = "utils")]
#[pyo3(signature = (ds, name, kwargs=None))]
fn run_util<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<(Bound<'py, PyAny>, utils::Skipped)> {
    let ds: Dataset = convert::dataset_from_py(ds)?;
    let (out, skipped) = utils::run(py, ds, name, kwargs)?;
    Ok((convert::dataset_to_py(py, out)?.into_any(), skipped))
}

/// The utilities `utils` runs (ACT's function names).
#[pyfunction]
fn util_names() -> Vec<&'static str> {
    utils::UTILS.to_vec()
}

/// Render one figure (`name`: see `figures()`) of the dataset dict as PNG or SVG bytes.
#[pyfunction(name = "plot")]
#[pyo3(signature = (ds, name, format="png", kwargs=None))]
fn plot_figure<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    name: &str,
    format: &str,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    let ds: Dataset = convert::dataset_from_py(ds)?;
    let bytes = plot::run(py, &ds, name, format, kwargs)?;
    Ok(pyo3::types::PyBytes::new(py, &bytes))
}

/// The figures `plot` renders.
#[pyfunction]
fn figures() -> Vec<&'static str> {
    plot::FIGURES.to_vec()
}

/// Write `data` to `path` atomically (a temporary file renamed into place; symbolic links,
/// folders and device nodes refused), as every atmokit output.
#[pyfunction]
fn write_file(py: Python<'_>, path: std::path::PathBuf, data: &[u8]) -> PyResult<()> {
    py.detach(|| atmokit::core::output::write_atomic(&path, data, &Default::default()))
        .map_err(|e| to_py(e.into()))
}

/// Track objects of `var` (dims time, lat, lon) of the dataset dict (see [`track::run`]).
#[pyfunction(name = "track")]
#[pyo3(signature = (ds, var, mask=None, kwargs=None))]
fn track_objects<'py>(
    py: Python<'py>,
    ds: &Bound<'py, PyAny>,
    var: &str,
    mask: Option<String>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let ds: Dataset = convert::dataset_from_py(ds)?;
    let out = track::run(py, &ds, var, mask.as_deref(), kwargs)?;
    convert::dataset_to_py(py, out)
}

/// The atmokit version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The `atmokit._native` module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_arm_netcdf, m)?)?;
    m.add_function(wrap_pyfunction!(read, m)?)?;
    m.add_function(wrap_pyfunction!(read_psl_wind_profiler, m)?)?;
    m.add_function(wrap_pyfunction!(read_surfrad, m)?)?;
    m.add_function(wrap_pyfunction!(read_arm_mmcr, m)?)?;
    m.add_function(wrap_pyfunction!(read_neon_csv, m)?)?;
    m.add_function(wrap_pyfunction!(ameriflux_badm, m)?)?;
    m.add_function(wrap_pyfunction!(read_ameriflux, m)?)?;
    sp2::register(m)?;
    m.add_function(wrap_pyfunction!(run_util, m)?)?;
    m.add_function(wrap_pyfunction!(util_names, m)?)?;
    m.add_function(wrap_pyfunction!(movie::generate_movie, m)?)?;
    m.add_function(wrap_pyfunction!(ameriflux::convert_to_ameriflux, m)?)?;
    m.add_function(wrap_pyfunction!(dod::create_ds_from_arm_dod, m)?)?;
    m.add_function(wrap_pyfunction!(sites::arm_site_location_search, m)?)?;
    m.add_function(wrap_pyfunction!(write_netcdf, m)?)?;
    m.add_function(wrap_pyfunction!(qc_test, m)?)?;
    m.add_function(wrap_pyfunction!(qc_cleanup, m)?)?;
    m.add_function(wrap_pyfunction!(qc_apply, m)?)?;
    #[cfg(feature = "discovery")]
    discovery::register(m)?;
    m.add_function(wrap_pyfunction!(qc_functions, m)?)?;
    m.add_function(wrap_pyfunction!(qc_helper, m)?)?;
    m.add_function(wrap_pyfunction!(qc_more::qc_fft_shading_window, m)?)?;
    m.add_function(wrap_pyfunction!(qc_test_mask, m)?)?;
    m.add_function(wrap_pyfunction!(qc_tests, m)?)?;
    m.add_function(wrap_pyfunction!(correct, m)?)?;
    m.add_function(wrap_pyfunction!(correction_names, m)?)?;
    m.add_function(wrap_pyfunction!(retrieve, m)?)?;
    m.add_function(wrap_pyfunction!(retrieval_names, m)?)?;
    m.add_function(wrap_pyfunction!(plot_figure, m)?)?;
    m.add_function(wrap_pyfunction!(figures, m)?)?;
    m.add_function(wrap_pyfunction!(write_file, m)?)?;
    m.add_function(wrap_pyfunction!(track_objects, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
