"""ACT's dataset utilities (``act.utils``) on xarray Datasets, same names and arguments.

Each function takes a Dataset and returns a new one; the input is not changed::

    import atmokit
    ds = atmokit.read_arm_netcdf("sgpmetE13.b1.20190101.000000.cdf")
    ds = atmokit.utils.change_units(ds, desired_unit="K")          # every temperature in kelvin
    mfrsr = atmokit.utils.convert_2d_to_1d(mfrsr, parse="filter")   # one variable per filter

``change_units`` is ACT's ``ds.utils.change_units`` as a function; with ``verbose=True`` it prints
the variables it could not convert, as ACT does. ``convert_2d_to_1d`` splits the QC variable of a
split variable with it (``act_compat=True``: only the variables listed, as ACT 2.3.4);
``assign_coordinates`` keeps every attribute, which ACT 2.3.4 drops.
"""

from __future__ import annotations

from typing import Any

import xarray as xr

from . import _native
from ._call import plain_kwargs
from ._xr import from_xarray, to_xarray

__all__ = [
    "accumulate_precip",
    "arm_site_location_search",
    "assign_coordinates",
    "change_units",
    "convert_2d_to_1d",
    "decode_present_weather",
    "generate_movie",
]


def _run(name: str, ds: xr.Dataset, kwargs: dict) -> tuple[xr.Dataset, list]:
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"{name}: expected an xarray.Dataset, got {type(ds).__name__}")
    out, skipped = _native.utils(from_xarray(ds), name, plain_kwargs(kwargs))
    return to_xarray(out), skipped


def change_units(
    ds: xr.Dataset,
    variables: str | list[str] | None = None,
    desired_unit: str | None = None,
    skip_variables: str | list[str] | None = None,
    skip_standard: bool = True,
    verbose: bool = False,
    raise_error: bool = False,
) -> xr.Dataset:
    """Convert every variable whose ``units`` converts to ``desired_unit`` (ACT
    ``ds.utils.change_units``); others are left as they are, or with ``raise_error`` the first
    one raises ``ValueError``."""
    if desired_unit is None:
        raise ValueError("change_units: need 'desired_unit'")
    out, skipped = _run(
        "change_units",
        ds,
        dict(
            variables=variables,
            desired_unit=desired_unit,
            skip_variables=skip_variables,
            skip_standard=skip_standard,
            raise_error=raise_error,
        ),
    )
    if verbose:
        for name, reason in skipped:
            print(f"Unable to convert '{name}' to units of '{desired_unit}' ({reason}); skipped.")
    return out


def assign_coordinates(ds: xr.Dataset, coord_list: dict[str, str]) -> xr.Dataset:
    """Make each variable of ``coord_list`` (``{variable: dimension}``) the coordinate of its
    dimension (ACT ``assign_coordinates``)."""
    return _run("assign_coordinates", ds, dict(coord_list=dict(coord_list)))[0]


def convert_2d_to_1d(
    ds: xr.Dataset,
    parse: str | None = None,
    variables: str | list[str] | None = None,
    keep_name_if_one: bool = False,
    use_dim_value_in_name: bool = False,
    dim_labels: str | list[str] | None = None,
    act_compat: bool = False,
) -> xr.Dataset:
    """Split variables along ``parse`` into one variable per index (ACT ``convert_2d_to_1d``)."""
    kw: dict[str, Any] = dict(
        parse=parse,
        variables=variables,
        keep_name_if_one=keep_name_if_one,
        use_dim_value_in_name=use_dim_value_in_name,
        dim_labels=dim_labels,
        act_compat=act_compat,
    )
    return _run("convert_2d_to_1d", ds, kw)[0]


def accumulate_precip(ds: xr.Dataset, variable: str, time_delta: float | None = None) -> xr.Dataset:
    """Add ``<variable>_accumulated`` (mm), the running total (ACT ``accumulate_precip``)."""
    return _run("accumulate_precip", ds, dict(variable=variable, time_delta=time_delta))[0]


def decode_present_weather(ds: xr.Dataset, variable: str, decoded_name: str | None = None) -> xr.Dataset:
    """Add the WMO 4680 text of each present-weather code (ACT ``decode_present_weather``)."""
    return _run("decode_present_weather", ds, dict(variable=variable, decoded_name=decoded_name))[0]


def generate_movie(images, write_filename: str | None = None, fps: float = 10) -> str:
    """A movie from PNG images (ACT ``generate_movie``): an animated GIF when ``write_filename``
    ends in ``.gif`` (written natively), else MP4 and other formats through ``ffmpeg``.

    ``images`` is a list of files (shown in that order), a folder (its ``.png`` files in name
    order) or a glob pattern (its matches in name order). ``write_filename`` defaults to
    ``movie.mp4`` in the current folder, as in ACT. Returns the movie's path.
    """
    import glob
    import os

    if isinstance(images, (str, os.PathLike)):
        images = os.fspath(images)
        if os.path.isdir(images):
            images = sorted(
                os.path.join(images, f) for f in os.listdir(images) if f.lower().endswith(".png")
            )
        else:
            images = sorted(glob.glob(images))
    frames = [os.fspath(p) for p in images]
    out = os.fspath(write_filename) if write_filename is not None else "movie.mp4"
    return str(_native.generate_movie(frames, out, float(fps)))


def arm_site_location_search(
    site_code: str = "sgp",
    facility_code: str | None = None,
    *,
    offline: bool = False,
    tables=None,
    base_url: str | None = None,
) -> dict[str, dict[str, float | None]]:
    """The locations of an ARM site's facilities (ACT ``arm_site_location_search``):
    ``{"sgp C1": {"latitude": 36.605, "longitude": -97.485}, ...}``, ``None`` where the ARM Data
    Center has no location. ``facility_code`` picks facilities (comma-separated).

    Online (the default) it asks the ARM Data Center's metadata search as ACT does
    (``base_url`` replaces ``https://adc.arm.gov/``). With ``offline=True`` it answers from the
    facility table shipped with atmokit (taken from real ARM files) and the ``tables`` saved
    earlier with ``atmokit download arm-sites SITE --save FILE`` (which win), without a network.

    >>> import atmokit
    >>> atmokit.utils.arm_site_location_search("sgp", "E13", offline=True)["sgp E13"]["latitude"]  # doctest: +ELLIPSIS
    36.60...
    """
    import os

    if isinstance(tables, (str, os.PathLike)):
        tables = [tables]
    rows = _native.arm_site_location_search(
        site_code,
        facility_code,
        bool(offline),
        None if tables is None else [os.fspath(t) for t in tables],
        base_url,
    )
    return {key: {"latitude": lat, "longitude": lon} for key, lat, lon in rows}
