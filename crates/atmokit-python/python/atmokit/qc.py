"""ACT's QC on xarray Datasets: ``ds.qcfilter.add_*_test``, ``ds.clean.cleanup``, masks.

Each test takes a Dataset and returns a new one (the input is not changed) holding the updated
``qc_<var>`` variable with ARM's bit-packed flags, under ACT's names and argument names::

    import atmokit
    ds = atmokit.read_arm_netcdf("sgpmetE13.b1.20190101.000000.cdf")
    ds = atmokit.qc.add_outside_test(ds, "temp_mean", limit_value_lower=-40, limit_value_upper=50)
    bad = atmokit.qc.get_qc_test_mask(ds, "temp_mean", test_number=1)

Dask-backed Datasets (``chunks=`` or ``open_mfdataset``) stay lazy: point-wise tests run per
block, the windowed ones (delta, persistence) on blocks overlapping by the window
(``dask.array.map_overlap``), so flags equal the in-memory result across chunk and file
boundaries. Tests on the whole series (IQR, GESD, step change, difference) load the variable.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np
import xarray as xr

from . import _native
from ._call import through_time_blocks
from . import _qc_model
from ._qc_model import *  # noqa: F403 (ACT's QC-variable helpers, listed in _qc_model.__all__)
from ._xr import _attrs_in, _attrs_out, _data_in, _encoding_in, from_xarray, variable_to_xarray

# Tests that flag each sample from its own value: any block split gives the same flags.
_POINTWISE = {
    "add_missing_value_test",
    "add_less_test",
    "add_greater_test",
    "add_less_equal_test",
    "add_greater_equal_test",
    "add_equal_to_test",
    "add_not_equal_to_test",
    "add_outside_test",
    "add_inside_test",
    "add_atmospheric_pressure_test",
}


def _qc_name(ds: xr.Dataset, var_name: str, kwargs: dict) -> str | None:
    """The QC variable a test on ``var_name`` will use, when it already exists."""
    if kwargs.get("qc_var_name"):
        return kwargs["qc_var_name"] if kwargs["qc_var_name"] in ds.variables else None
    return _qc_model._qc_of(ds, var_name)


def _needed(ds: xr.Dataset, var_name: str, kwargs: dict, test: str) -> list[str]:
    """The variables a test reads: the data variable, its QC variable, coordinates, extras."""
    if var_name not in ds.variables:
        raise KeyError(f"variable '{var_name}' not found")
    names = [var_name]
    qc = _qc_name(ds, var_name, kwargs)
    if qc:
        names.append(qc)
    for d in ds[var_name].dims:
        if d in ds.variables:
            names.append(d)
    if test == "add_difference_test" and kwargs.get("ds2_var_name") and kwargs.get("dataset2") is None:
        names.append(kwargs["ds2_var_name"])
        if kwargs["ds2_var_name"] in ds.variables:
            names.append(_qc_name(ds, kwargs["ds2_var_name"], {}))
    if test == "add_atmospheric_pressure_test":
        alt = kwargs.get("alt_name", "alt")
        if alt in ds.variables:
            names.append(alt)
    return list(dict.fromkeys(n for n in names if n in ds.variables))


def _native_kwargs(test: str, kwargs: dict) -> dict:
    kw = {k: v for k, v in kwargs.items() if v is not None}
    if test == "add_difference_test":
        other = kw.pop("dataset2_dict", None)
        if other is not None:
            if not isinstance(other, dict) or len(other) != 1:
                raise ValueError("add_difference_test: dataset2_dict must hold one {name: Dataset} entry")
            (name, ds2), = other.items()
            var2 = kw.get("ds2_var_name")
            if var2 is None or var2 not in ds2.variables:
                raise KeyError(f"add_difference_test: variable '{var2}' not found in dataset2_dict['{name}']")
            keep = [var2, "time", _qc_name(ds2, var2, {})]
            kw["dataset2"] = from_xarray(ds2, [n for n in keep if n is not None and n in ds2.variables])
            kw["ds2_name"] = str(name)
        for key in ("apply_assessment_to_dataset2", "apply_tests_to_dataset2"):
            if isinstance(kw.get(key), (str, int, np.integer)):
                kw[key] = [kw[key]]
        tol = kw.pop("tolerance", "1m")
        import pandas as pd

        kw["tolerance_seconds"] = pd.Timedelta(tol).total_seconds()
    for k, v in list(kw.items()):
        if isinstance(v, np.generic):
            kw[k] = v.item()
        elif isinstance(v, (tuple, np.ndarray)):
            kw[k] = list(np.asarray(v).tolist())
    return kw


def _apply(ds: xr.Dataset, var_name: str, out: dict) -> xr.Dataset:
    new = ds.copy()
    new[var_name].attrs = _attrs_out(out["attrs"])
    qc = out["result"]["qc_variable_name"]
    new[qc] = variable_to_xarray(out["qc"])
    return new


def _variable_dict(template: dict, values: np.ndarray) -> dict:
    """A variable dict from a template (dims, attrs, encoding in ``_native``'s form) and a block."""
    kind, data = _data_in(values)
    return {**template, "kind": kind, "data": data, "shape": list(values.shape)}


def _is_lazy(ds: xr.Dataset, var_name: str) -> bool:
    return ds[var_name].chunks is not None


def _run(test: str, ds: xr.Dataset, var_name: str, kwargs: dict) -> xr.Dataset:
    if test == "add_difference_test" and kwargs.get("dataset2_dict") is None and kwargs.get("set_test_regardless") is False:
        # ACT adds no test when there is no comparison dataset and set_test_regardless=False.
        if var_name not in ds.variables:
            raise KeyError(f"variable '{var_name}' not found")
        return ds.copy()
    kw = _native_kwargs(test, kwargs)
    if _is_lazy(ds, var_name) and ds[var_name].dims and ds[var_name].dims[0] == "time":
        if test in _POINTWISE:
            return _run_lazy(test, ds, var_name, kw, depth=0)
        if test == "add_delta_test":
            return _run_lazy(test, ds, var_name, kw, depth=1)
        if test == "add_persistence_test":
            window = int(kw.get("window", 10))
            return _run_lazy(test, ds, var_name, kw, depth=window // 2 + 1, min_chunk=window)
    names = _needed(ds, var_name, kw, test)
    out = _native.qc_test(from_xarray(ds, names), test, var_name, kw)
    return _apply(ds, var_name, out)


def _run_lazy(test: str, ds: xr.Dataset, var_name: str, kw: dict, depth: int, min_chunk: int = 1) -> xr.Dataset:
    """Run ``test`` block by block on Dask data; the result stays lazy."""
    import dask.array as da

    var = ds[var_name]
    n = var.shape[0]
    names = _needed(ds, var_name, kw, test)
    qc_name = _qc_name(ds, var_name, kw)
    data = var.data
    if not isinstance(data, da.Array):
        data = da.from_array(data, chunks=-1)
    chunks0 = data.chunks[0]
    if depth and any(c < max(min_chunk, depth) for c in chunks0[:-1]) and n > max(min_chunk, depth):
        data = data.rechunk({0: max(min_chunk, depth, max(chunks0))})
    time = ds["time"].values.astype("datetime64[ns]").view(np.int64)
    t = da.from_array(time, chunks=(data.chunks[0],))
    t = da.broadcast_to(t.reshape((n,) + (1,) * (data.ndim - 1)), data.shape, chunks=data.chunks)
    dims = list(var.dims)
    other = [k for k in names if k not in (var_name, qc_name) and "time" not in ds[k].dims]
    static = from_xarray(ds[other].compute(), other) if other else None
    # Only plain values go into the task closure (never `ds`: its graph would travel with each task).
    # Each block goes to Rust as a dataset dict built from these templates: no xarray objects
    # per block (their construction, not the test, dominated small blocks).
    var_tmpl = {"dims": dims, "attrs": _attrs_in(dict(var.attrs)), "encoding": _encoding_in(dict(var.encoding))}
    qc_tmpl = {"dims": dims, "attrs": _attrs_in(dict(ds[qc_name].attrs)) if qc_name is not None else {}, "encoding": {}}
    time_tmpl = {"dims": ["time"], "attrs": {}, "encoding": {}}
    static_vars = static["variables"] if static is not None else {}
    static_dims = static["dims"] if static is not None else {}

    def dataset(x: np.ndarray, qb: np.ndarray | None, tvals: np.ndarray) -> dict:
        variables = {
            var_name: _variable_dict(var_tmpl, x),
            "time": {**time_tmpl, "kind": "time", "data": tvals, "shape": [len(tvals)]},
        }
        if qb is not None:
            variables[qc_name] = _variable_dict(qc_tmpl, qb)
        variables.update(static_vars)
        sizes = dict(static_dims)
        sizes.update(zip(dims, x.shape))
        return {"dims": sizes, "attrs": {}, "variables": variables, "unlimited": []}

    # The attrs, the QC variable's name, dtype and attrs come from a run on a few zeros: they do
    # not depend on the values (test numbers come from the existing flag attrs), and computing a
    # real slice would run every lazy step before this one.
    probe_len = min(n, max(min_chunk, 2))
    shape = (probe_len, *var.shape[1:])
    qz = np.zeros(shape, dtype=ds[qc_name].dtype) if qc_name is not None else None
    meta = _native.qc_test(dataset(np.zeros(shape, dtype=var.dtype), qz, time[:probe_len].copy()), test, var_name, kw)
    qc_dtype = meta["qc"]["data"].dtype

    def block(x: np.ndarray, *rest: np.ndarray) -> np.ndarray:
        tb = rest[-1]
        qb = rest[0] if len(rest) == 2 else None
        tvals = np.require(tb[(slice(None),) + (0,) * (tb.ndim - 1)], np.int64, requirements=("C", "A"))
        out = _native.qc_test(dataset(x, qb, tvals), test, var_name, kw)
        return out["qc"]["data"].astype(qc_dtype, copy=False)

    arrays = [data]
    if qc_name is not None:
        q = ds[qc_name].data
        q = q.rechunk(data.chunks) if isinstance(q, da.Array) else da.from_array(q, chunks=data.chunks)
        arrays.append(q)
    arrays.append(t)
    if depth:
        lazy = da.map_overlap(
            block, *arrays, depth={0: depth}, boundary="none", dtype=qc_dtype, meta=np.array((), dtype=qc_dtype)
        )
    else:
        lazy = da.map_blocks(block, *arrays, dtype=qc_dtype, meta=np.array((), dtype=qc_dtype))
    new = ds.copy()
    new[var_name].attrs = _attrs_out(meta["attrs"])
    qc_attrs = _attrs_out(meta["qc"]["attrs"])
    new[meta["result"]["qc_variable_name"]] = xr.Variable(dims, lazy, attrs=qc_attrs)
    return new


def _make(test: str, positional: tuple[str, ...], summary: str):
    def fn(ds: xr.Dataset, var_name: str, *args: Any, **kwargs: Any) -> xr.Dataset:
        if len(args) > len(positional):
            raise TypeError(f"{test}() takes at most {len(positional) + 2} positional arguments")
        for name, value in zip(positional, args):
            if name in kwargs:
                raise TypeError(f"{test}() got multiple values for argument '{name}'")
            kwargs[name] = value
        return _run(test, ds, var_name, kwargs)

    fn.__name__ = test
    fn.__qualname__ = test
    args = ", ".join(("ds", "var_name") + positional)
    fn.__doc__ = (
        f"{test}({args}, **options) -> xarray.Dataset\n\n{summary}\n\n"
        "Options are ACT's: test_meaning, test_assessment, test_number, flag_value, prepend_text,\n"
        "limit_attr_name(s), and the test's own. Returns a new Dataset; the input is unchanged.\n"
        "Unknown options raise ValueError. See ACT's ``qcfilter`` documentation for the arguments."
    )
    return functools.update_wrapper(lambda *a, **k: fn(*a, **k), fn)


add_missing_value_test = _make("add_missing_value_test", ("missing_value",), "Flag missing values (NaN and the variable's missing_value / _FillValue codes).")
add_less_test = _make("add_less_test", ("limit_value",), "Flag values < limit_value (stores fail_min).")
add_greater_test = _make("add_greater_test", ("limit_value",), "Flag values > limit_value (stores fail_max).")
add_less_equal_test = _make("add_less_equal_test", ("limit_value",), "Flag values <= limit_value.")
add_greater_equal_test = _make("add_greater_equal_test", ("limit_value",), "Flag values >= limit_value.")
add_equal_to_test = _make("add_equal_to_test", ("limit_value",), "Flag values == limit_value.")
add_not_equal_to_test = _make("add_not_equal_to_test", ("limit_value",), "Flag values != limit_value.")
add_outside_test = _make("add_outside_test", ("limit_value_lower", "limit_value_upper"), "Flag values outside (lower, upper), bounds exclusive.")
add_inside_test = _make("add_inside_test", ("limit_value_lower", "limit_value_upper"), "Flag values inside [lower, upper].")
add_delta_test = _make("add_delta_test", ("diff_limit",), "Flag both samples of a step |x[i+1] - x[i]| >= diff_limit (circular for directions).")
add_persistence_test = _make("add_persistence_test", ("window", "test_limit", "min_periods"), "Flag where the centred rolling standard deviation over `window` samples is <= test_limit.")
add_difference_test = _make(
    "add_difference_test",
    ("dataset2_dict", "ds2_var_name", "diff_limit"),
    "Flag |var - b| > diff_limit, b being `ds2_var_name` of the one Dataset in `dataset2_dict` ({name: Dataset}), or of\n"
    "`ds` itself when `dataset2_dict` is None, matched at the nearest time within `tolerance` (default '1m').\n"
    "`apply_assessment_to_dataset2` / `apply_tests_to_dataset2` leave out comparison values that the comparison's\n"
    "own QC flags (the comparison Dataset is not changed; ACT writes NaN into it); with `set_test_regardless=False`\n"
    "and no `dataset2_dict` no test is added, as in ACT.",
)
add_iqr_test = _make("add_iqr_test", ("coef",), "Flag values outside the interquartile range widened by `coef`.")
add_gesd_test = _make("add_gesd_test", ("outliers", "alpha"), "Flag outliers by the generalized extreme Studentized deviate test.")
add_atmospheric_pressure_test = _make("add_atmospheric_pressure_test", ("alt_name",), "Flag pressures outside the expected range at the station altitude.")
add_step_change_test = _make("add_step_change_test", ("k",), "Flag shifts found by the CUSUM algorithm.")


def cleanup(ds: xr.Dataset, **kwargs: Any) -> xr.Dataset:
    """ACT's ``ds.clean.cleanup()``: ARM QC variables (``bit_N_description`` attrs) become CF
    (``flag_masks``, ``flag_meanings``, ``flag_assessments``), QC variables are linked through
    ``ancillary_variables``. Returns a new Dataset.

    A Dask-backed Dataset stays lazy: variables whose values cleanup leaves alone keep their Dask
    arrays (only attributes change); re-coded flag variables are cleaned per block.
    """
    kw = {k: v for k, v in kwargs.items() if v is not None}
    if not ds.chunks or "time" not in ds.dims:
        return _cleanup_now(ds, kw)
    # The result's layout (names, dtypes, attrs) from the first sample: the attributes cleanup
    # writes depend only on the attributes it reads, so every block agrees.
    head = ds.isel(time=slice(0, 1)).compute()
    probe = _cleanup_now(head, kw)
    variables = {}
    for name, v in probe.variables.items():
        if name == "time":
            variables[name] = ds["time"].variable
            continue
        if "time" not in v.dims:
            variables[name] = v
            continue
        lazy = _cleanup_lazily(ds, head, probe, name, kw)
        if lazy is None:
            return _cleanup_blockwise(ds, kw)
        variables[name] = xr.Variable(v.dims, lazy, attrs=v.attrs)
        variables[name].encoding = v.encoding
    coords = [k for k in probe.coords if k in variables]
    out = xr.Dataset(
        {k: v for k, v in variables.items() if k not in coords},
        coords={k: variables[k] for k in coords},
        attrs=probe.attrs,
    )
    out.encoding = dict(ds.encoding)
    return out


def _cleanup_lazily(ds: xr.Dataset, head: xr.Dataset, probe: xr.Dataset, name: str, kw: dict):
    """The cleaned values of ``name`` as a Dask array without a whole-Dataset task per block.

    Cleanup changes values only where it re-codes a float flag variable as integers; a variable
    it leaves alone keeps its lazy data as it is. Whether a variable can be cleaned on its own is
    checked on the first sample: ``None`` when it can't (the caller then cleans block-wise).
    """
    import dask.array as da

    if name not in ds.variables or ds[name].dims != probe[name].dims:
        return None
    data = ds[name].data
    if not isinstance(data, da.Array):
        data = da.from_array(data, chunks=tuple(ds.chunks.get(d, (ds.sizes[d],)) for d in ds[name].dims))
    got, want = head[name].values, probe[name].values
    if got.dtype == want.dtype:
        same = np.array_equal(got, want, equal_nan=got.dtype.kind == "f")
        return data if same else None
    attrs = _attrs_in(head[name].attrs)
    enc = _encoding_in(head[name].encoding)
    dims = [str(d) for d in head[name].dims]
    dtype = want.dtype

    def one(x: np.ndarray) -> np.ndarray:
        d = {"dims": dict(zip(dims, x.shape)), "attrs": {}, "unlimited": [],
             "variables": {name: _variable_dict({"dims": dims, "attrs": attrs, "encoding": enc}, x)}}
        return _native.qc_cleanup(d, kw)["variables"][name]["data"].astype(dtype, copy=False)

    if not np.array_equal(one(got), want, equal_nan=dtype.kind == "f"):
        return None
    return data.map_blocks(one, dtype=dtype, meta=np.array((), dtype=dtype))


def _cleanup_blockwise(ds: xr.Dataset, kw: dict) -> xr.Dataset:
    """Cleanup of the whole Dataset per block of ``time``: the general fallback (cleanup treats
    each sample on its own; the attributes it writes depend only on the attributes)."""
    out = through_time_blocks(lambda d: _native.qc_cleanup(d, kw), ds)
    out.encoding = dict(ds.encoding)
    return out


def _cleanup_now(ds: xr.Dataset, kw: dict) -> xr.Dataset:
    from ._xr import to_xarray

    out = to_xarray(_native.qc_cleanup(from_xarray(ds), kw))
    out.encoding = dict(ds.encoding)
    return out


def _whole(name: str, ds: xr.Dataset, comp: xr.Dataset | None = None, **kwargs: Any) -> xr.Dataset:
    """Run one of ACT's whole-Dataset QC functions (``_native.qc_apply``); returns a new Dataset."""
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"{name}: expected an xarray.Dataset, got {type(ds).__name__}")
    from ._xr import to_xarray

    kw = _native_kwargs(name, kwargs)
    out = to_xarray(_native.qc_apply(from_xarray(ds), name, from_xarray(comp) if comp is not None else None, kw))
    out.encoding = dict(ds.encoding)
    return out


def add_relative_variability_test(
    ds: xr.Dataset, var_names: list[str], threshold: float, window: int = 60, min_period: int = 1, **options: Any
) -> xr.Dataset:
    """ACT's ``add_relative_variability_test``: flag each of ``var_names`` where its rolling
    standard deviation (``window`` samples, at least ``min_period``) differs from the mean rolling
    standard deviation of the others by more than ``threshold``. Assessment Suspect by default."""
    return _whole(
        "add_relative_variability_test", ds, var_names=list(var_names), threshold=threshold, window=window,
        min_period=min_period, **options,
    )


def bsrn_limits_test(ds: xr.Dataset, test: str = "Physically Possible", **options: Any) -> xr.Dataset:
    """ACT's ``bsrn_limits_test`` (Long & Dutton 2010): BSRN "Physically Possible" or "Extremely
    Rare" minimum and maximum limits on the radiation variables named by ``gbl_SW_dn_name``,
    ``glb_diffuse_SW_dn_name``, ``direct_normal_SW_dn_name``, ``direct_SW_dn_name``,
    ``glb_SW_up_name``, ``glb_LW_dn_name``, ``glb_LW_up_name`` (W/m²). The solar zenith comes from
    ``lat_name``/``lon_name`` (default ``lat``/``lon``) and the times; ``solar_constant`` 1366 W/m²."""
    return _whole("bsrn_limits_test", ds, test=test, **options)


def bsrn_comparison_tests(ds: xr.Dataset, test: str | list[str], **options: Any) -> xr.Dataset:
    """ACT's ``bsrn_comparison_tests``: "Global over Sum SW Ratio", "Diffuse Ratio", "SW up",
    "LW down to air temp", "LW up to air temp", "LW down to LW up", "Closure" (one or a list), with
    the variable names of :func:`bsrn_limits_test` plus ``air_temp_name``; assessment
    Indeterminate by default. ``Closure`` uses the published formula (see docs/for-act-users.md)."""
    return _whole("bsrn_comparison_tests", ds, test=test, **options)


def normalized_rradiance_test(ds: xr.Dataset, test: str | list[str], **options: Any) -> xr.Dataset:
    """ACT's ``normalized_rradiance_test``: "Clearness index", "Upper total transmittance",
    "Upper direct transmittance", "Upper diffuse transmittance" on the variables named by ``dni``,
    ``dhi``, ``ghi`` (W/m²; each test needs the ones it uses, as in ACT), with ``upper_total_transmittance_limit`` (1.6), ``upper_diffuse_transmittance_limit``
    (1.0) and the station altitude from ``alt_name`` (default ``alt``)."""
    return _whole("normalized_rradiance_test", ds, test=test, **options)


def fft_shading_test(ds: xr.Dataset, variable: str = "diffuse_hemisp_narrowband_filter4", **options: Any) -> xr.Dataset:
    """ACT's ``act.qc.fft_shading_test`` (Alexandrov et al. 2007): shading of a shadow-band
    radiometer found from the FFT of ``fft_window`` samples around each daytime sample; options
    ``shad_freq_lower``, ``shad_freq_upper``, ``ratio_thresh``, ``time_interval``,
    ``smooth_window``, ``shading_thresh`` as ACT's. Night samples (sun below the horizon at
    ``lat``/``lon``) are not tested."""
    return _whole("fft_shading_test", ds, variable=variable, **options)


def compare_time_series_trends(
    ds: xr.Dataset, var_name: str, comp_dataset: xr.Dataset | None = None, comp_var_name: str | None = None, **options: Any
) -> xr.Dataset:
    """ACT's ``compare_time_series_trends``: the time shift (−``time_shift``..+``time_shift`` s in
    steps of ``time_step``) that best matches ``var_name`` to ``comp_var_name`` of
    ``comp_dataset`` (default: ``ds``); every sample is flagged when the shift exceeds
    ``time_qc_threshold`` s. ``time_match_threshhold`` keeps ACT's spelling."""
    return _whole("compare_time_series_trends", ds, comp_dataset, var_name=var_name, comp_var_name=comp_var_name, **options)


def apply_supplemental_qc(
    ds: xr.Dataset,
    fullpath: str | os.PathLike,
    variables: str | list[str] | None = None,
    assessments: str | list[str] | None = None,
    apply_all: bool = True,
    exclude_all_variables: str | list[str] | None = None,
    quiet: bool = False,
) -> xr.Dataset:
    """ACT's ``apply_supplemental_qc``: time ranges listed in a YAML file
    (``{variable or _all: {assessment: {meaning: ["start, end", ...]}}}``, inclusive) become QC
    tests. ``fullpath`` is the file, or a folder holding ``<datastream>.yaml`` / ``.yml``."""
    path = os.fspath(fullpath)
    if os.path.isdir(path):
        stream = str(ds.attrs.get("_datastream") or ds.attrs.get("datastream") or "")
        found = [os.path.join(path, f"{stream}{ext}") for ext in (".yaml", ".yml")]
        found = [f for f in found if stream and os.path.isfile(f)]
        if not found:
            raise FileNotFoundError(f"{path}: no supplemental QC file '{stream}.yaml' or '{stream}.yml'")
        path = found[0]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return _whole(
        "apply_supplemental_qc", ds, yaml_text=text, variables=variables, assessments=assessments, apply_all=apply_all,
        exclude_all_variables=exclude_all_variables, quiet=quiet,
    )


def create_qc_summary(
    ds: xr.Dataset, cleanup_qc: bool = False, remove_attrs: list[str] | None = None, normalize_assessment: bool = True
) -> xr.Dataset:
    """ACT's ``create_qc_summary``: every QC variable becomes an integer state (0 not failing, then
    one value per assessment: Suspect, Indeterminate, Incorrect, Bad), the most severe winning."""
    return _whole(
        "create_qc_summary", ds, cleanup_qc=cleanup_qc,
        remove_attrs=list(remove_attrs) if remove_attrs is not None else None, normalize_assessment=normalize_assessment,
    )


def fft_shading_test_process(
    time: Any,
    data: Any,
    shad_freq_lower: list[float] | None = None,
    shad_freq_upper: list[float] | None = None,
    ratio_thresh: list[float] | None = None,
    time_interval: float | None = None,
    is_sunny: bool | None = None,
) -> dict:
    """ACT's ``act.qc.radiometer_tests.fft_shading_test_process``: the shading decision for one
    window of irradiance ``data`` sampled every ``time_interval`` seconds. Returns
    ``{"shading": 0 | 1, "fft": [...], "freq": [...]}``. As in ACT, ``time`` is not used and a
    falsy ``is_sunny`` (``None`` included) returns no shading and NaN spectra. Band edges (Hz)
    and ratio thresholds default to ``fft_shading_test``'s ([0.008, 0.017], [0.0105, 0.0195],
    [3.15, 1.2])."""
    values = [float(x) for x in np.asarray(data, dtype=float).ravel()]
    if not is_sunny:
        return {"shading": 0, "fft": [np.nan] * len(values), "freq": [np.nan] * len(values)}
    if time_interval is None:
        raise ValueError("fft_shading_test_process: give time_interval (seconds between samples)")

    def _list(x):
        return None if x is None else [float(v) for v in np.atleast_1d(x)]

    return _native.qc_fft_shading_window(
        values, float(time_interval), True, _list(shad_freq_lower), _list(shad_freq_upper), _list(ratio_thresh)
    )


def clean_arm_state_variables(
    ds: xr.Dataset,
    variables: str | list[str],
    override_cf_flag: bool = True,
    clean_units_string: bool = True,
    integer_flag: bool = True,
    replace_in_flag_meanings: str | None = None,
) -> xr.Dataset:
    """ACT's ``ds.clean.clean_arm_state_variables``: ``flag_N_description`` attributes of ARM state
    variables become ``flag_values`` and ``flag_meanings`` (``bit_N_description`` → ``flag_masks``
    with ``integer_flag=False``); a string ``flag_meanings`` is split (``replace_in_flag_meanings``
    replaced by a space in each); units "unitless" become "1". Returns a new Dataset; only attributes
    change, so Dask-backed data stay lazy. With ``override_cf_flag=False`` existing CF attributes are
    kept and missing ones added (ACT 2.3.4 writes none and deletes the descriptions)."""
    names = [variables] if isinstance(variables, str) else list(variables)
    for n in names:
        if n not in ds.variables:
            raise KeyError(f"clean_arm_state_variables: variable '{n}' not found")
    head = ds.isel({d: slice(0, 1) for d in ds.dims})
    probe = _whole(
        "clean_arm_state_variables", head.compute(), variables=names, override_cf_flag=override_cf_flag,
        clean_units_string=clean_units_string, integer_flag=integer_flag,
        replace_in_flag_meanings=replace_in_flag_meanings,
    )
    out = ds.copy()
    for n in names:
        out[n].attrs = dict(probe[n].attrs)
    return out


def add_dqr_to_qc(
    ds: xr.Dataset,
    variable: str | list[str] | None = None,
    assessment: str = "incorrect,suspect",
    exclude: str | list[str] | None = None,
    include: str | list[str] | None = None,
    normalize_assessment: bool = True,
    cleanup_qc: bool = True,
    dqr_link: bool = False,
    skip_location_vars: bool = False,
    create_missing_qc_variables: bool = True,
    *,
    dqr_file: str | os.PathLike | None = None,
    base_url: str | None = None,
) -> xr.Dataset:
    """ACT's ``act.qc.arm.add_dqr_to_qc``: ARM Data Quality Reports of the Dataset's datastream
    and period become QC tests (one per DQR, meaning ``"<id> : <description>"``, assessment the
    DQR's category) on the variables each DQR lists.

    The DQRs come from ARM's DQR web service (``base_url`` replaces its address), or from
    ``dqr_file``, an answer of the service saved earlier (for closed networks), filtered by
    ``assessment`` as the service filters. Requires the ``discovery`` feature (on in the wheel).
    """
    fn = getattr(_native, "add_dqr", None)
    if fn is None:
        raise ImportError("atmokit was built without its 'discovery' feature: add_dqr_to_qc is not available")
    from ._xr import to_xarray

    kw = dict(
        variable=variable, assessment=assessment, exclude=exclude, include=include,
        normalize_assessment=normalize_assessment, cleanup_qc=cleanup_qc, dqr_link=dqr_link,
        skip_location_vars=skip_location_vars, create_missing_qc_variables=create_missing_qc_variables, base_url=base_url,
    )
    if dqr_file is not None:
        with open(dqr_file, encoding="utf-8") as f:
            kw["dqr_text"] = f.read()
    out = to_xarray(fn(from_xarray(ds), {k: v for k, v in kw.items() if v is not None}))
    out.encoding = dict(ds.encoding)
    return out


def get_qc_test_mask(ds: xr.Dataset, var_name: str, test_number: int, qc_var_name: str | None = None) -> np.ndarray:
    """ACT's ``get_qc_test_mask``: a boolean array, True where test ``test_number`` is set."""
    names = [var_name] if var_name in ds.variables else []
    qc = qc_var_name or _qc_name(ds, var_name, {})
    if qc is None:
        raise KeyError(f"variable '{var_name}' has no QC variable")
    names.append(qc)
    return _native.qc_test_mask(from_xarray(ds, names), var_name, int(test_number), qc)


TESTS = tuple(_native.qc_tests())
"""The QC tests available (ACT's method names)."""

__all__ = [
    "TESTS",
    *_qc_model.__all__,
    "add_dqr_to_qc",
    "add_relative_variability_test",
    "apply_supplemental_qc",
    "bsrn_comparison_tests",
    "bsrn_limits_test",
    "clean_arm_state_variables",
    "cleanup",
    "compare_time_series_trends",
    "create_qc_summary",
    "fft_shading_test",
    "fft_shading_test_process",
    "normalized_rradiance_test",
    "get_qc_test_mask",
    *[t for t in _native.qc_tests()],
]
