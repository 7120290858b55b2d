"""ACT's retrievals on xarray Datasets (``act.retrievals``), same names and arguments.

Each function takes a Dataset and returns a new one: the input's variables plus the derived ones
under ACT's names (the input is not changed). ``calculate_precipitable_water`` returns a number
(cm) and ``compute_winds_from_ppi`` a new wind-profile Dataset, as in ACT::

    import atmokit
    sonde = atmokit.read_arm_netcdf("sgpsondewnpnC1.b1.20190101.053200.cdf")
    pwv = atmokit.retrievals.calculate_precipitable_water(sonde)
    sonde = atmokit.retrievals.calculate_stability_indicies(sonde, temp_name="tdry", td_name="dp", p_name="pres")

Inputs are converted from their ``units`` attribute. On Dask-backed data the per-profile lidar
PBL retrievals (``calculate_gradient_pbl``, ``calculate_modified_gradient_pbl``) and the
per-sample radiation ones (``calculate_dsh_from_dsdh_sdn``, ``calculate_ghi_from_dni_dhi``,
``calculate_dni_from_dhi_ghi``, ``calculate_dhi_from_dni_ghi``, ``calculate_irradiance_stats``,
``calculate_net_radiation`` without ``smooth``) stay lazy; the others load what they read. Where ACT 2.3.4 has a bug atmokit fixes,
``act_compatible=True`` reproduces ACT's numbers (precipitable water, Sobel cloud base).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from . import _native
from ._call import is_lazy_in_time, plain_kwargs, through_time_blocks
from ._xr import from_xarray, to_xarray


def _derive(name: str, ds: xr.Dataset, kwargs: dict, met: xr.Dataset | None = None) -> Any:
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"{name}: expected an xarray.Dataset, got {type(ds).__name__}")
    met_d = from_xarray(met) if met is not None else None
    out = _native.retrieve(from_xarray(ds), name, plain_kwargs(kwargs), met_d)
    return out if isinstance(out, float) else to_xarray(out)


def _merge(ds: xr.Dataset, new: xr.Dataset) -> xr.Dataset:
    """The input with the derived variables added (ACT adds them to its input)."""
    out = ds.copy()
    for name in new.variables:
        if name in ds.dims and name in ds.variables:
            continue
        out[name] = new.variables[name]
    return out


def _add(name: str, ds: xr.Dataset, kwargs: dict, met: xr.Dataset | None = None) -> xr.Dataset:
    return _merge(ds, _derive(name, ds, kwargs, met))


def _add_samples(name: str, ds: xr.Dataset, kwargs: dict) -> xr.Dataset:
    """A retrieval that treats each time sample on its own: lazily per block of ``time`` when
    ``ds`` is Dask-backed, else in memory."""
    if not isinstance(ds, xr.Dataset) or not is_lazy_in_time(ds):
        return _add(name, ds, kwargs)
    kw = plain_kwargs(kwargs)
    return _merge(ds, through_time_blocks(lambda d: _native.retrieve(d, name, kw, None), ds))


def _add_profiles(name: str, ds: xr.Dataset, parm: str, dis_parm: str, out_name: str, kwargs: dict) -> xr.Dataset:
    """A retrieval of one value per profile of ``parm`` (time, range): lazily block by block when
    ``parm`` is Dask-backed (and ``dis_parm`` is 1-D along range), else in memory."""
    if not isinstance(ds, xr.Dataset) or parm not in ds.variables or dis_parm not in ds.variables:
        return _add(name, ds, kwargs)
    v = ds[parm]
    if v.chunks is None or v.ndim != 2 or ds[dis_parm].dims != v.dims[1:]:
        return _add(name, ds, kwargs)
    kw = plain_kwargs(kwargs)
    heights = {dis_parm: ds[dis_parm].variable.load()}

    def derived(block: Any) -> xr.DataArray:
        sub = xr.Dataset({parm: xr.Variable(v.dims, block, attrs=v.attrs)}, coords=heights)
        return to_xarray(_native.retrieve(from_xarray(sub), name, kw))[out_name]

    head = derived(v[:1].values)  # the first profile: output dtype and attrs; errors raised now
    data = v.data.rechunk({1: -1}).map_blocks(lambda b: derived(b).values, dtype=head.dtype, drop_axis=1)
    out = ds.copy()
    out[out_name] = xr.Variable(v.dims[:1], data, attrs=head.attrs)
    return out


def calculate_stability_indicies(
    ds: xr.Dataset,
    temp_name: str = "temperature",
    td_name: str = "dewpoint_temperature",
    p_name: str = "pressure",
    moving_ave_window: int = 0,
) -> xr.Dataset:
    """Sonde stability indices (ACT ``calculate_stability_indicies``: CAPE/CIN surface-based and
    most unstable, lifted index, LCL, LFC, ...; MetPy's formulas)."""
    return _add(
        "calculate_stability_indicies",
        ds,
        dict(temp_name=temp_name, td_name=td_name, p_name=p_name, moving_ave_window=moving_ave_window),
    )


def calculate_precipitable_water(
    ds: xr.Dataset,
    temp_name: str = "tdry",
    rh_name: str = "rh",
    pres_name: str = "pres",
    act_compatible: bool = False,
) -> float:
    """Precipitable water of one sonde, cm (ACT ``calculate_precipitable_water``). ACT mixes kPa
    and hPa and skips the last level; ``act_compatible=True`` reproduces that."""
    return _derive(
        "calculate_precipitable_water",
        ds,
        dict(temp_name=temp_name, rh_name=rh_name, pres_name=pres_name, act_compatible=act_compatible),
    )


def calculate_pbl_liu_liang(
    ds: xr.Dataset,
    temperature: str = "tdry",
    pressure: str = "pres",
    windspeed: str = "wspd",
    height: str = "alt",
    smooth_height: int = 3,
    land_parameter: bool = True,
    llj_max_alt: float = 1500.0,
    llj_max_wspd: float = 2.0,
) -> xr.Dataset:
    """Boundary-layer height of a sonde by Liu and Liang (2010) (ACT ``calculate_pbl_liu_liang``)."""
    return _add(
        "calculate_pbl_liu_liang",
        ds,
        dict(
            temperature=temperature,
            pressure=pressure,
            windspeed=windspeed,
            height=height,
            smooth_height=smooth_height,
            land_parameter=land_parameter,
            llj_max_alt=llj_max_alt,
            llj_max_wspd=llj_max_wspd,
        ),
    )


def calculate_pbl_heffter(
    ds: xr.Dataset,
    temperature: str = "tdry",
    pressure: str = "pres",
    height: str = "alt",
    smooth_height: int = 3,
    base: float = 5.0,
) -> xr.Dataset:
    """Boundary-layer height of a sonde by Heffter (1980) (ACT ``calculate_pbl_heffter``)."""
    return _add(
        "calculate_pbl_heffter",
        ds,
        dict(temperature=temperature, pressure=pressure, height=height, smooth_height=smooth_height, base=base),
    )


def generic_sobel_cbh(
    ds: xr.Dataset,
    variable: str | None = None,
    height_dim: str | None = None,
    var_thresh: float | None = None,
    fill_na: float | None = None,
    return_thresh: bool = False,
    filter_type: str | None = "uniform",
    edge_thresh: float = 5.0,
    act_compatible: bool = False,
) -> xr.Dataset:
    """Cloud-base height from the Sobel edges of a lidar/radar field (ACT ``generic_sobel_cbh``),
    as ``cbh_sobel_<variable>``. With ``return_thresh=True`` the variable is replaced by the
    thresholded field, as ACT does. ``act_compatible=True`` reproduces ACT 2.3.4's one-gate-higher
    result (its ``diff`` was a no-op)."""
    if variable is None or height_dim is None:
        raise ValueError("generic_sobel_cbh: variable and height_dim are required")
    out = _add(
        "generic_sobel_cbh",
        ds,
        dict(
            variable=variable,
            height_dim=height_dim,
            var_thresh=var_thresh,
            fill_na=fill_na,
            filter_type=filter_type,
            edge_thresh=edge_thresh,
            act_compatible=act_compatible,
        ),
    )
    if return_thresh:
        # ACT: the variable itself becomes the thresholded field (values <= var_thresh, and NaN,
        # replaced by fill_na, which defaults to var_thresh); dtype and attrs kept.
        v = out[variable]
        fill = var_thresh if fill_na is None else fill_na
        t = v.where(v > var_thresh) if var_thresh is not None else v
        out[variable] = t.fillna(fill).astype(v.dtype) if fill is not None else t.astype(v.dtype)
        out[variable].attrs = v.attrs
        out[variable].encoding = v.encoding
    return out


def calculate_gradient_pbl(
    ds: xr.Dataset, parm: str = "beta_att", dis_parm: str = "range", min_height: float = 100, smooth_dis: int = 5
) -> xr.Dataset:
    """Boundary-layer height from the largest negative gradient of lidar backscatter (ACT
    ``calculate_gradient_pbl``)."""
    return _add_profiles(
        "calculate_gradient_pbl",
        ds,
        parm,
        dis_parm,
        "pbl_gradient",
        dict(parm=parm, dis_parm=dis_parm, min_height=min_height, smooth_dis=smooth_dis),
    )


def calculate_modified_gradient_pbl(
    ds: xr.Dataset,
    parm: str = "beta_att",
    dis_parm: str = "range",
    min_height: float = 100,
    threshold: float = 0.001,
    smooth_dis: int = 5,
) -> xr.Dataset:
    """Boundary-layer height by the modified gradient method (ACT ``calculate_modified_gradient_pbl``)."""
    return _add_profiles(
        "calculate_modified_gradient_pbl",
        ds,
        parm,
        dis_parm,
        "pbl_mod_gradient",
        dict(parm=parm, dis_parm=dis_parm, min_height=min_height, threshold=threshold, smooth_dis=smooth_dis),
    )


def aeri2irt(
    aeri_ds: xr.Dataset,
    wnum_name: str = "wnum",
    rad_name: str = "mean_rad",
    hatch_name: str | None = "hatchOpen",
    tolerance: float = 0.1,
    temp_low: float = 150.0,
    temp_high: float = 320.0,
    maxiter: int = 200,
) -> xr.Dataset:
    """AERI radiances to the brightness temperature an IRT would see (ACT ``aeri2irt``)."""
    return _add(
        "aeri2irt",
        aeri_ds,
        dict(
            wnum_name=wnum_name,
            rad_name=rad_name,
            hatch_name=hatch_name,
            tolerance=tolerance,
            temp_low=temp_low,
            temp_high=temp_high,
            maxiter=maxiter,
        ),
    )


def sst_from_irt(
    ds: xr.Dataset,
    sky_irt: str = "sky_ir_temp",
    sfc_irt: str = "sfc_ir_temp",
    emis: float = 0.986,
    maxit: int = 500,
    tempLow: float = 250.0,  # noqa: N803 (ACT's argument name)
    tempHigh: float = 350.0,  # noqa: N803
    tol: float = 0.1,
    sst_variable: str = "sea_surface_temperature",
) -> xr.Dataset:
    """Sea-surface temperature from sky- and surface-looking IRTs (ACT ``sst_from_irt``)."""
    return _add(
        "sst_from_irt",
        ds,
        dict(
            sky_irt=sky_irt,
            sfc_irt=sfc_irt,
            emis=emis,
            maxit=maxit,
            tempLow=tempLow,
            tempHigh=tempHigh,
            tol=tol,
            sst_variable=sst_variable,
        ),
    )


def calculate_dsh_from_dsdh_sdn(
    ds: xr.Dataset,
    dsdh: str = "down_short_diffuse_hemisp",
    sdn: str = "short_direct_normal",
    lat: str = "lat",
    lon: str = "lon",
) -> xr.Dataset:
    """Derived downwelling shortwave ``derived_down_short_hemisp = dsdh + sdn·cos(SZA)`` (ACT
    ``calculate_dsh_from_dsdh_sdn``; solar zenith at the site's lat/lon)."""
    return _add_samples("calculate_dsh_from_dsdh_sdn", ds, dict(dsdh=dsdh, sdn=sdn, lat=lat, lon=lon))


def _irradiance(name: str, ds: xr.Dataset, kwargs: dict) -> xr.Dataset:
    return _add_samples(name, ds, kwargs)


def calculate_ghi_from_dni_dhi(
    ds: xr.Dataset,
    dni: str = "short_direct_normal",
    dhi: str = "down_short_diffuse_hemisp",
    derived: str = "derived_down_short_hemisp",
    long_name: str = "Derived global horizontal irradiance",
    solar_zenith: str | None = None,
    lat: str = "lat",
    lon: str = "lon",
) -> xr.Dataset:
    """Global horizontal irradiance ``GHI = DHI + DNI·cos(SZA)`` (ACT
    ``act.retrievals.radiation.calculate_ghi_from_dni_dhi``); the zenith angle from the variable
    ``solar_zenith`` or computed at ``lat``/``lon``."""
    return _irradiance(
        "calculate_ghi_from_dni_dhi",
        ds,
        dict(dni=dni, dhi=dhi, derived=derived, long_name=long_name, solar_zenith=solar_zenith, lat=lat, lon=lon),
    )


def calculate_dni_from_dhi_ghi(
    ds: xr.Dataset,
    dhi: str = "down_short_diffuse_hemisp",
    ghi: str = "down_short_hemisp",
    derived: str = "derived_short_direct_normal",
    long_name: str = "Derived direct normal irradiance",
    solar_zenith: str | None = None,
    lat: str = "lat",
    lon: str = "lon",
) -> xr.Dataset:
    """Direct normal irradiance ``DNI = (GHI - DHI)/cos(SZA)`` (ACT ``calculate_dni_from_dhi_ghi``);
    NaN with the sun at or below the horizon, where ACT's division gives meaningless values."""
    return _irradiance(
        "calculate_dni_from_dhi_ghi",
        ds,
        dict(dhi=dhi, ghi=ghi, derived=derived, long_name=long_name, solar_zenith=solar_zenith, lat=lat, lon=lon),
    )


def calculate_dhi_from_dni_ghi(
    ds: xr.Dataset,
    dni: str = "short_direct_normal",
    ghi: str = "down_short_hemisp",
    derived: str = "derived_down_short_diffuse_hemisp",
    long_name: str = "Derived diffuse horizontal irradiance",
    solar_zenith: str | None = None,
    lat: str = "lat",
    lon: str = "lon",
) -> xr.Dataset:
    """Diffuse horizontal irradiance ``DHI = GHI - DNI·cos(SZA)`` (ACT ``calculate_dhi_from_dni_ghi``)."""
    return _irradiance(
        "calculate_dhi_from_dni_ghi",
        ds,
        dict(dni=dni, ghi=ghi, derived=derived, long_name=long_name, solar_zenith=solar_zenith, lat=lat, lon=lon),
    )


def calculate_irradiance_stats(
    ds: xr.Dataset,
    variable: str | None = None,
    variable2: str | None = None,
    diff_output_variable: str | None = None,
    ratio_output_variable: str | None = None,
    threshold: float | None = None,
) -> xr.Dataset:
    """Difference and ratio of two irradiances (ACT ``calculate_irradiance_stats``)."""
    if variable is None or variable2 is None:
        raise ValueError("calculate_irradiance_stats: variable and variable2 are required")
    return _add_samples(
        "calculate_irradiance_stats",
        ds,
        dict(
            variable=variable,
            variable2=variable2,
            diff_output_variable=diff_output_variable,
            ratio_output_variable=ratio_output_variable,
            threshold=threshold,
        ),
    )


def calculate_net_radiation(
    ds: xr.Dataset,
    ush: str = "up_short_hemisp",
    ulh: str = "up_long_hemisp",
    dsh: str = "down_short_hemisp",
    dlhs: str = "down_long_hemisp_shaded",
    smooth: int | None = None,
) -> xr.Dataset:
    """Net radiation ``-ush + dsh - ulh + dlhs`` and, with ``smooth``, its running mean (ACT
    ``calculate_net_radiation``)."""
    kw = dict(ush=ush, ulh=ulh, dsh=dsh, dlhs=dlhs, smooth=smooth)
    # Smoothing is a rolling mean along time: per-block work would differ at block edges.
    return _add_samples("calculate_net_radiation", ds, kw) if smooth is None else _add("calculate_net_radiation", ds, kw)


def calculate_longwave_radiation(
    ds: xr.Dataset,
    temperature_var: str | None = None,
    vapor_pressure_var: str | None = None,
    met_ds: xr.Dataset | None = None,
    emiss_a: float = 0.61,
    emiss_b: float = 0.06,
) -> xr.Dataset:
    """Clear- and cloudy-sky longwave estimates (Monteith, Prata) from temperature and vapour
    pressure, read from ``met_ds`` when given (ACT ``calculate_longwave_radiation``)."""
    if temperature_var is None or vapor_pressure_var is None:
        raise ValueError("calculate_longwave_radiation: temperature_var and vapor_pressure_var are required")
    return _add(
        "calculate_longwave_radiation",
        ds,
        dict(temperature_var=temperature_var, vapor_pressure_var=vapor_pressure_var, emiss_a=emiss_a, emiss_b=emiss_b),
        met=met_ds,
    )


def compute_winds_from_ppi(
    ds: xr.Dataset,
    elevation_name: str = "elevation",
    azimuth_name: str = "azimuth",
    radial_velocity_name: str = "radial_velocity",
    snr_name: str = "signal_to_noise_ratio",
    intensity_name: str | None = None,
    snr_threshold: float = 0.008,
    remove_all_missing: bool = False,
    condition_limit: float = 1.0e4,
    return_ds: xr.Dataset | None = None,
) -> xr.Dataset:
    """Wind profiles from Doppler lidar PPI scans by VAD fits (ACT ``compute_winds_from_ppi``).
    Returns a new Dataset; with ``return_ds`` the new profiles are appended to it along time."""
    new = _derive(
        "compute_winds_from_ppi",
        ds,
        dict(
            elevation_name=elevation_name,
            azimuth_name=azimuth_name,
            radial_velocity_name=radial_velocity_name,
            snr_name=snr_name,
            intensity_name=intensity_name,
            snr_threshold=snr_threshold,
            remove_all_missing=remove_all_missing,
            condition_limit=condition_limit,
        ),
    )
    if return_ds is not None:
        return xr.concat([return_ds, new], dim="time")
    return new


__all__ = [
    "aeri2irt",
    "calculate_dhi_from_dni_ghi",
    "calculate_dni_from_dhi_ghi",
    "calculate_dsh_from_dsdh_sdn",
    "calculate_ghi_from_dni_dhi",
    "calculate_gradient_pbl",
    "calculate_irradiance_stats",
    "calculate_longwave_radiation",
    "calculate_modified_gradient_pbl",
    "calculate_net_radiation",
    "calculate_pbl_heffter",
    "calculate_pbl_liu_liang",
    "calculate_precipitable_water",
    "calculate_stability_indicies",
    "compute_winds_from_ppi",
    "generic_sobel_cbh",
    "sst_from_irt",
]


def _sp2_globals(globals_: Any) -> list[tuple[str, float]]:
    """PySP2 ``DMTGlobals`` (an object with attributes, or a dict) as ``(name, value)`` overrides."""
    if globals_ is None:
        return []
    items = globals_.items() if isinstance(globals_, dict) else vars(globals_).items()
    return [(str(k), float(v)) for k, v in items if not str(k).startswith("_")]


def gaussian_fit(
    my_ds: xr.Dataset,
    config: Any,
    parallel: Any = False,
    num_records: int | None = None,
    Globals: Any = None,
) -> xr.Dataset:
    """SP2 per-particle peak statistics: PySP2's ``gaussian_fit`` (ACT
    ``act.qc.sp2.get_waveform_statistics``) on a dataset from :func:`atmokit.io.read_sp2`.

    Adds, on ``event_index``: the Gaussian fits of scattering channels 0 and 4 (``FtAmp``,
    ``FtPos``, ``Base``, ``PkHt``, ``PkFWHM``, ``PkPos``, ``PkStart``, ``GaussChiSq``), the
    incandescence peaks of channels 1, 2, 5, 6 (``Base``, ``PkHt``, ``PkPos``, ``PkStart``,
    ``PkEnd``, ``PkHalfRise``, ``PkHalfDecay``, ``Peak2area``), the split-detector peaks of
    channels 3, 7 (``Base``, ``PkHt``, ``PkPos``, ``PkSplitPos``), ``IncanRatioch1ch2``,
    ``IncanRatioch5ch6``, ``IncanPkOffsetch1ch2``, ``IncanPkOffsetch5ch6``.

    ``config``: the ``.ini`` (PySP2's ``read_config`` or :func:`atmokit.io.read_sp2_config`),
    for ``[Acquisition] Pre-Trig Points`` (and, for the dead-time bias, ``Samples/Sec``,
    ``Scan Length``, ``Points per Event``, ``1 of Every``). ``num_records``: only the first
    records. ``parallel`` is accepted for compatibility. Also added, as PySP2: ``ScatRejectKey``
    and ``IncanRejectKey`` (0 accepted, else the first failed criterion), ``OneofEvery`` and
    ``DeadtimeRelativeBias`` (Schwarz et al. 2022), when the ``.ini`` gives those numbers.
    """
    del parallel
    acq = config["Acquisition"]
    pre_trig = int(acq.get("pre-trig points", acq.get("Pre-Trig Points")))
    if num_records is not None:
        my_ds = my_ds.isel(event_index=slice(0, int(num_records)))
    waves = xr.Dataset({k: v for k, v in my_ds.data_vars.items() if str(k).startswith("Data_ch")})
    new = to_xarray(_native.sp2_gaussian_fit(from_xarray(waves), pre_trig, _sp2_globals(Globals)))
    out = my_ds.assign(new.data_vars)

    def number(*keys):
        for k in keys:
            if k in acq:
                return float(acq[k])
        return None

    numbers = [number(k, k.lower()) for k in ("Samples/Sec", "Scan Length", "Points per Event", "Pre-Trig Points", "1 of Every")]
    if any(v is None for v in numbers) or "TimeWave" not in out.variables:
        return out
    stats = xr.Dataset({n: (("r",), np.asarray(out[n].values, dtype="float64")) for n in new.data_vars})
    scat, incan, bias = _native.sp2_reject_and_deadtime(
        from_xarray(stats), [float(t) for t in out["TimeWave"].values], tuple(numbers), _sp2_globals(Globals)
    )
    out["ScatRejectKey"] = (("event_index",), np.asarray(scat, dtype="int64"))
    out["ScatRejectKey"].attrs.update(long_name="Scattering reject flag", _FillValue=np.nan)
    out["IncanRejectKey"] = (("event_index",), np.asarray(incan, dtype="int64"))
    out["IncanRejectKey"].attrs.update(long_name="Incandescence reject flag", _FillValue=np.nan)
    out["OneofEvery"] = (("event_index",), np.full(out.sizes["event_index"], numbers[4], dtype="float64"))
    out["DeadtimeRelativeBias"] = (("event_index",), np.asarray(bias, dtype="float64"))
    return out


def get_waveform_statistics(
    ds: xr.Dataset, config_file: Any, parallel: Any = False, num_records: int | None = None
) -> xr.Dataset:
    """ACT's ``act.qc.sp2.get_waveform_statistics``: :func:`gaussian_fit` with the ``.ini`` given
    by its file name."""
    from .io import read_sp2_config

    return gaussian_fit(ds, read_sp2_config(config_file), parallel, num_records)


def calc_sp2_diams_masses(
    input_ds: xr.Dataset, debug: bool = True, factor: float = 1.0, Globals: Any = None, leo_fits: bool = False
) -> xr.Dataset:
    """Scattering and incandescence diameters and BC masses of each SP2 particle (ACT
    ``act.retrievals.sp2.calc_sp2_diams_masses`` / PySP2 ``calc_diams_masses``): a copy of
    ``input_ds`` with ``Scatter``, ``logScatter``, ``ScatDiaSO4`` (nm), ``ScatMassSO4`` (pg),
    ``ScatDiaBC50`` (nm), ``sootMass`` (pg) and ``sootDiam`` (nm) on dim ``index``, as PySP2.

    ``Globals``: PySP2's ``DMTGlobals`` object or a dict of its attributes (default: its
    defaults); ``factor`` multiplies the BC masses. ``debug`` is accepted (no printing).
    ``leo_fits=True`` adds PySP2's leading-edge-only variables (``beam_shape`` and ``leo_fit``:
    ``leo_AmpFactor``, ``leo_PkFWHM``, ``leo_PkPos``, ``leo_EndPos`` on ``event_index``,
    ``leo_FtAmp``, ``leo_Base`` and ``leo_ScatDiaSO4`` on ``index``); it needs the waves
    ``Data_ch0`` and ``Data_ch4`` in ``input_ds``.
    """
    del debug
    names = [
        "PkHt_ch0", "FtAmp_ch0", "PkHt_ch4", "FtAmp_ch4", "PkFWHM_ch0", "FtPos_ch0", "PkHt_ch1",
        "PkHt_ch2", "PkHt_ch5", "PkStart_ch1", "PkEnd_ch1", "PkStart_ch5", "PkEnd_ch5",
        "IncanRatioch1ch2", "IncanRatioch5ch6", "IncanPkOffsetch1ch2", "IncanPkOffsetch5ch6",
        "PkPos_ch1", "PkPos_ch5",
    ]  # fmt: skip
    sub = xr.Dataset({n: input_ds[n].astype("float64") for n in names})
    new = to_xarray(_native.calc_sp2_diams_masses(from_xarray(sub), float(factor), _sp2_globals(Globals)))
    if not leo_fits:
        return input_ds.assign(new.data_vars)
    leo_names = names + ["Data_ch0", "Data_ch4", "PkFWHM_ch4", "FtPos_ch4", "PkPos_ch0", "PkPos_ch4",
                         "PkSplitPos_ch3", "PkSplitPos_ch7"]  # fmt: skip
    leo_in = xr.Dataset({n: input_ds[n].astype("float64") for n in dict.fromkeys(leo_names)})
    out = input_ds.copy()
    for name, values in _native.sp2_leo_fit(from_xarray(leo_in), _sp2_globals(Globals)):
        dim = "index" if name in ("leo_FtAmp_ch0", "leo_FtAmp_ch4", "leo_Base_ch0", "leo_Base_ch4", "leo_ScatDiaSO4") else "event_index"
        out[name] = ((dim,), np.asarray(values, dtype="float64"))
    return out.assign(new.data_vars)


def process_sp2_psds(
    particle_ds: xr.Dataset,
    hk_ds: xr.Dataset,
    config: Any,
    deltaSize: float | str = 0.005,
    num_bins: int = 199,
    avg_interval: float = 10,
    deadtime_correction: bool = False,
    leo_fits: bool = False,
    Globals: Any = None,
    act_compat: bool = False,
) -> xr.Dataset:
    """SP2 size distributions and concentrations averaged over ``avg_interval`` seconds (ACT
    ``act.retrievals.sp2.process_sp2_psds`` / PySP2 ``process_psds``), from the particles of
    :func:`calc_sp2_diams_masses` and the housekeeping of :func:`atmokit.io.read_hk_file`.

    ``deltaSize``: bin width in µm (bins centred on 0.01 + i·deltaSize) or ``"log"``
    (``num_bins`` bins from 0.01 to 1 µm); ``config``: the ``.ini`` as a dict of sections, for
    ``[Acquisition] 1 of Every`` when the particles have no ``OneofEvery``;
    ``deadtime_correction`` divides it by 1 + ``DeadtimeRelativeBias``. Returns PySP2's dataset
    (``NumConcIncan``, ``MassIncand2``, ``ScatNumEnsemble``, ... on ``time`` and ``num_bins``).
    ``NumFracBC`` is the black-carbon number fraction (PySP2 divides it by the sampled volume;
    ``act_compat=True`` reproduces that and PySP2's handling of particles below 0.01 µm with
    ``"log"`` bins). ``leo_fits=True`` (PySP2's 2-D core/shell distribution) is not ported.
    """
    import warnings

    if leo_fits:
        raise NotImplementedError(
            "process_sp2_psds: leo_fits=True (the 2-D core/shell distribution, a dense 199 x 199 array per "
            "interval) is not ported; calc_sp2_diams_masses(leo_fits=True) gives the per-particle LEO sizes"
        )
    one_of_every = 1.0
    if "OneofEvery" not in particle_ds.variables:
        acq = config.get("Acquisition", {}) if isinstance(config, dict) else config["Acquisition"]
        value = acq.get("1 of Every", acq.get("1 of every"))
        if value is None:
            warnings.warn(
                "process_sp2_psds: no OneofEvery and no [Acquisition] 1 of Every: counting every "
                "particle once, which may underestimate concentrations",
                UserWarning,
                stacklevel=2,
            )
        else:
            one_of_every = float(value)
    pnames = ["DateTimeWaveUTC", "Scatter", "ScatDiaSO4", "ScatMassSO4", "ScatDiaBC50", "sootMass", "sootDiam",
              "PkHt_ch0", "PkHt_ch1"]  # fmt: skip
    for extra in ("OneofEvery", "DeadtimeRelativeBias"):
        if extra in particle_ds.variables:
            pnames.append(extra)
    particles = xr.Dataset({n: (("p",), np.asarray(particle_ds[n].values, dtype="float64")) for n in pnames})
    hnames = ["Timestamp", "Sample Flow LFE", "Duty Cycle", "Chamber Pressure", "Chamber Temp"]
    hk = xr.Dataset({n: (("h",), np.asarray(hk_ds[n].values, dtype="float64")) for n in hnames})
    delta = None if deltaSize == "log" else float(deltaSize)
    out = _native.sp2_process_psds(
        from_xarray(particles),
        from_xarray(hk),
        one_of_every,
        delta,
        int(num_bins),
        float(avg_interval),
        bool(deadtime_correction),
        _sp2_globals(Globals),
        bool(act_compat),
    )
    return to_xarray(out)


# The SP2 processing functions (PySP2's, which ACT re-exports); they run on their own native
# entry points, not through the generic retrieval dispatcher of `_native.retrievals()`.
SP2_FUNCTIONS = ("calc_sp2_diams_masses", "gaussian_fit", "get_waveform_statistics", "process_sp2_psds")
__all__ += list(SP2_FUNCTIONS)
