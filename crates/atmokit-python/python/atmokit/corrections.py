"""ACT's instrument corrections on xarray Datasets (``act.corrections``), same names and arguments.

Each function takes a Dataset and returns a new, corrected one (the input is not changed; ACT
changes its input in place and returns it)::

    import atmokit
    ds = atmokit.read_arm_netcdf("sgpceilC1.b1.20190101.000000.nc")
    ds = atmokit.corrections.correct_ceil(ds, fill_value=1e-7, var_name="backscatter")

``correct_mpl`` also offers what ACT lacks: a dead-time correction (``dead_time="file"`` for the
file's own table, or polynomial coefficients highest degree first, in kcount/s), energy
normalisation (``energy_var_name="energy_monitor"``) and linear output (``decibels=False``).
Defaults reproduce ACT.

Dask-backed Datasets stay lazy: every correction here except ``calc_cog_sog`` works on each time
sample (profile) on its own, so each block of whole profiles is corrected by itself, giving the
in-memory result exactly. ``calc_cog_sog`` (differences between fixes) loads its variables.
"""

from __future__ import annotations

from typing import Any, Sequence

import xarray as xr

from . import _native
from ._call import is_lazy_in_time, plain_kwargs, through, through_time_blocks
from ._xr import from_xarray, to_xarray


def _run(name: str, ds: xr.Dataset, kwargs: dict) -> xr.Dataset:
    return through(_native.correct, ds, name, plain_kwargs(kwargs))


def _run_profiles(name: str, ds: xr.Dataset, var: str, kwargs: dict) -> xr.Dataset:
    """A correction that works profile by profile on ``var`` (time, range): lazily block by block
    when ``var`` is Dask-backed, else in memory."""
    if not isinstance(ds, xr.Dataset) or var not in ds.variables:
        return _run(name, ds, kwargs)
    v = ds[var]
    if v.chunks is None or v.ndim != 2:
        return _run(name, ds, kwargs)
    kw = plain_kwargs(kwargs)
    profile_dims = {d: ds[d].variable.load() for d in v.dims[1:] if d in ds.variables}

    def corrected(block: Any) -> xr.DataArray:
        sub = xr.Dataset({var: xr.Variable(v.dims, block, attrs=v.attrs)}, coords=profile_dims)
        return to_xarray(_native.correct(from_xarray(sub), name, kw))[var]

    head = corrected(v[:1].values)  # the first profile: output dtype and attrs; errors raised now
    attrs = head.attrs
    data = v.data.rechunk({1: -1}).map_blocks(lambda b: corrected(b).values, dtype=head.dtype)
    out = ds.copy()
    out[var] = xr.Variable(v.dims, data, attrs=attrs)
    return out


def _run_time_blocks(name: str, ds: xr.Dataset, kwargs: dict) -> xr.Dataset:
    """A correction that treats each time sample on its own: lazily per block of ``time`` when
    the Dataset is Dask-backed, else in memory."""
    if not isinstance(ds, xr.Dataset) or not is_lazy_in_time(ds):
        return _run(name, ds, kwargs)
    kw = plain_kwargs(kwargs)
    return through_time_blocks(lambda d: _native.correct(d, name, kw), ds)


def correct_mpl(
    ds: xr.Dataset,
    co_pol_var_name: str = "signal_return_co_pol",
    cross_pol_var_name: str = "signal_return_cross_pol",
    co_pol_afterpuls_var_name: str = "afterpulse_correction_co_pol",
    cross_pol_afterpulse_var_name: str = "afterpulse_correction_cross_pol",
    overlap_corr_var_name: str = "overlap_correction",
    overlap_corr_heights_var_name: str = "overlap_correction_heights",
    range_bins_var_name: str = "range_bins",
    height_var_name: str = "height",
    ratio_var_name: str | None = "cross_co_ratio",
    dead_time: str | Sequence[float] | None = None,
    energy_var_name: str | None = None,
    decibels: bool = True,
) -> xr.Dataset:
    """Micropulse lidar correction (ACT ``act.corrections.correct_mpl``): background, afterpulse,
    range², overlap, the cross/co ratio (``ratio_var_name``, None for none), then dB.

    ``dead_time`` (None, ``"file"`` or polynomial coefficients), ``energy_var_name`` and
    ``decibels`` are atmokit additions; their defaults give ACT's result.
    """
    kw: dict[str, Any] = dict(
        co_pol_var_name=co_pol_var_name,
        cross_pol_var_name=cross_pol_var_name,
        co_pol_afterpuls_var_name=co_pol_afterpuls_var_name,
        cross_pol_afterpulse_var_name=cross_pol_afterpulse_var_name,
        overlap_corr_var_name=overlap_corr_var_name,
        overlap_corr_heights_var_name=overlap_corr_heights_var_name,
        range_bins_var_name=range_bins_var_name,
        height_var_name=height_var_name,
        ratio_var_name=ratio_var_name,
        dead_time=dead_time,
        energy_var_name=energy_var_name,
        decibels=decibels,
    )
    return _run_time_blocks("correct_mpl", ds, kw)


def correct_ceil(ds: xr.Dataset, fill_value: float = 1e-7, var_name: str = "backscatter") -> xr.Dataset:
    """Ceilometer backscatter (ACT ``act.corrections.correct_ceil``): values <= 0 set to
    ``fill_value``, then log10; units become ``log(<units>)``."""
    return _run_profiles("correct_ceil", ds, var_name, dict(fill_value=fill_value, var_name=var_name))


def correct_dl(
    ds: xr.Dataset,
    var_name: str = "attenuated_backscatter",
    range_normalize: bool = True,
    fill_value: float = 1e-7,
) -> xr.Dataset:
    """Doppler lidar backscatter (ACT ``act.corrections.correct_dl``): optional
    ``(range / max range)²`` normalisation, values <= 0 set to ``fill_value``, then log10."""
    return _run_profiles(
        "correct_dl", ds, var_name, dict(var_name=var_name, range_normalize=range_normalize, fill_value=fill_value)
    )


def correct_rl(
    ds: xr.Dataset,
    var_name: str = "depolarization_counts_high",
    fill_value: float = 1e-7,
    range_normalize_log_values: bool = False,
) -> xr.Dataset:
    """Raman lidar (ACT ``act.corrections.correct_rl``): a height coordinate from the global
    attributes; with ``range_normalize_log_values``, counts × height², values <= 0 set to
    ``fill_value``, then log10."""
    return _run_time_blocks(
        "correct_rl",
        ds,
        dict(var_name=var_name, fill_value=fill_value, range_normalize_log_values=range_normalize_log_values),
    )


def correct_wind_for_ship_motion(
    ds: xr.Dataset,
    wspd_name: str = "wind_speed",
    wdir_name: str = "wind_direction",
    heading_name: str = "yaw",
    cog_name: str = "course_over_ground",
    sog_name: str = "speed_over_ground",
) -> xr.Dataset:
    """True wind from ship-relative wind, heading, course and speed over ground (ACT
    ``act.corrections.ship.correct_wind_for_ship_motion``, NOAA PSD-311 vector subtraction)."""
    return _run_time_blocks(
        "correct_wind_for_ship_motion",
        ds,
        dict(wspd_name=wspd_name, wdir_name=wdir_name, heading_name=heading_name, cog_name=cog_name, sog_name=sog_name),
    )


def calc_cog_sog(ds: xr.Dataset) -> xr.Dataset:
    """Course and speed over ground from the ``lat``/``lon`` fixes of a navigation Dataset (ACT
    ``act.utils.ship_utils.calc_cog_sog``; WGS84 geodesic between consecutive fixes)."""
    return _run("calc_cog_sog", ds, {})


__all__ = [
    "calc_cog_sog",
    "correct_ceil",
    "correct_dl",
    "correct_mpl",
    "correct_rl",
    "correct_wind_for_ship_motion",
]
