"""atmokit's plots of xarray Datasets, rendered in Rust to PNG or SVG.

Each function returns a :class:`Figure`: Jupyter shows it (``_repr_png_`` / ``_repr_svg_``), and
``fig.save("temp.png")`` writes it atomically (PNG or SVG by the extension)::

    import atmokit
    ds = atmokit.read_arm_netcdf("sgpmetE13.b1.20190101.000000.cdf")
    fig = atmokit.plot.timeseries(ds, ["temp_mean", "rh_mean"], day_night_background=True)
    fig.save("met.png")

Arguments follow ACT's displays: ``TimeSeriesDisplay.plot`` (``assessment_overplot``,
``day_night_background``, ``set_yrng`` as ``yrange``, ``cmap``, ``log_scale``),
``qc_flag_block_plot``, ``SkewTDisplay.plot_from_spd_and_dir`` (``p_field``, ``t_field``,
``td_field``, ``spd_field``, ``dir_field``) and ``WindRoseDisplay.plot`` (``dir_field``,
``spd_field``, ``num_dirs``, ``calm_threshold``). A 2-D (time, height) variable draws as a
time-height mesh with a colorbar.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Sequence

import xarray as xr

from . import _native
from ._call import plain_kwargs
from ._xr import from_xarray


class Figure:
    """A rendered figure: PNG or SVG bytes, rendered on first use and kept."""

    def __init__(self, render: Callable[[str], bytes], format: str = "png") -> None:
        if format not in ("png", "svg"):
            raise ValueError(f"format '{format}': 'png' or 'svg'")
        self._render = render
        self._cache: dict[str, bytes] = {}
        self.format = format
        self.data  # render now, so bad arguments raise here

    def to_bytes(self, format: str | None = None) -> bytes:
        """The figure as PNG or SVG bytes (default: the format it was made with)."""
        fmt = format or self.format
        if fmt not in ("png", "svg"):
            raise ValueError(f"format '{fmt}': 'png' or 'svg'")
        if fmt not in self._cache:
            self._cache[fmt] = self._render(fmt)
        return self._cache[fmt]

    @property
    def data(self) -> bytes:
        """The bytes of the figure in its format."""
        return self.to_bytes()

    def save(self, path: str | os.PathLike) -> None:
        """Write the figure to ``path`` (``.png`` or ``.svg``), whole or not at all."""
        ext = os.path.splitext(os.fspath(path))[1].lower()
        if ext not in (".png", ".svg"):
            raise ValueError(f"output '{path}': extension must be .png or .svg")
        _native.write_file(os.fspath(path), self.to_bytes(ext[1:]))

    def _repr_png_(self) -> bytes | None:
        return self.to_bytes("png") if self.format == "png" else None

    def _repr_svg_(self) -> str | None:
        return self.to_bytes("svg").decode() if self.format == "svg" else None

    def __repr__(self) -> str:
        return f"<atmokit.plot.Figure {self.format}, {len(self.data)} bytes>"


def _figure(name: str, ds: xr.Dataset, names: list[str] | None, format: str, kwargs: dict) -> Figure:
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"{name}: expected an xarray.Dataset, got {type(ds).__name__}")
    if names is not None:
        missing = [n for n in names if n not in ds.variables]
        if missing:
            raise KeyError(f"{name}: variable(s) not found: {', '.join(missing)}")
        extra = [str(v) for v in ds.coords]
        names = list(dict.fromkeys([*names, *extra]))
    d = from_xarray(ds, names)
    kw = plain_kwargs({k: v for k, v in kwargs.items() if v is not None})
    return Figure(lambda fmt: _native.plot(d, name, fmt, kw), format)


def _fields(fields: str | Sequence[str]) -> list[str]:
    return [fields] if isinstance(fields, str) else [str(f) for f in fields]


def _with_support(ds: xr.Dataset, fields: list[str]) -> list[str]:
    """The variables a time-series figure reads: the fields, their QC variables, ``lat``/``lon``."""
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"expected an xarray.Dataset, got {type(ds).__name__}")
    names = list(fields)
    if any(f not in ds.variables for f in fields):
        return names  # _figure names the missing ones
    for f in fields:
        anc = str(ds[f].attrs.get("ancillary_variables", "")).split() if f in ds.variables else []
        names += [a for a in anc if a in ds.variables]
    names += [n for n in ("lat", "lon", "alt") if n in ds.variables]
    return names


def timeseries(
    ds: xr.Dataset,
    fields: str | Sequence[str],
    assessment_overplot: bool = False,
    day_night_background: bool = False,
    yrange: Sequence[float] | None = None,
    vrange: Sequence[float] | None = None,
    cmap: str = "viridis",
    log_scale: bool = False,
    title: str | None = None,
    width: int = 1000,
    panel_height: int = 300,
    format: str = "png",
) -> Figure:
    """One panel per field (ACT ``TimeSeriesDisplay.plot``): 1-D as lines, 2-D (time, height) as
    a mesh with a colorbar. ``assessment_overplot`` marks flagged samples and adds a QC flag
    panel; ``day_night_background`` shades night at the site's ``lat``/``lon``."""
    f = _fields(fields)
    return _figure(
        "timeseries",
        ds,
        _with_support(ds, f),
        format,
        dict(
            fields=f,
            assessment_overplot=assessment_overplot,
            day_night_background=day_night_background,
            yrange=yrange,
            vrange=vrange,
            cmap=cmap,
            log_scale=log_scale,
            title=title,
            width=width,
            panel_height=panel_height,
        ),
    )


def time_height(ds: xr.Dataset, field: str, **kwargs: Any) -> Figure:
    """A (time, height) variable as a mesh with a colorbar (``timeseries`` of one 2-D field)."""
    if field in ds.variables and ds[field].ndim != 2:
        raise ValueError(f"time_height: '{field}' has {ds[field].ndim} dimensions, expected 2")
    return timeseries(ds, [field], **kwargs)


def qc_flag_block(
    ds: xr.Dataset,
    fields: str | Sequence[str],
    title: str | None = None,
    width: int = 1000,
    panel_height: int = 300,
    format: str = "png",
) -> Figure:
    """The QC tests of each field as coloured blocks over time (ACT ``qc_flag_block_plot``)."""
    f = _fields(fields)
    return _figure(
        "qc_flag_block",
        ds,
        _with_support(ds, f),
        format,
        dict(fields=f, title=title, width=width, panel_height=panel_height),
    )


def skewt(
    ds: xr.Dataset,
    spd_field: str = "wspd",
    dir_field: str = "deg",
    p_field: str = "pres",
    t_field: str = "tdry",
    td_field: str = "dp",
    format: str = "png",
) -> Figure:
    """Skew-T log-p diagram of a sounding with wind barbs, the surface parcel and CAPE/CIN
    shading (ACT ``SkewTDisplay.plot_from_spd_and_dir``)."""
    f = [spd_field, dir_field, p_field, t_field, td_field]
    return _figure(
        "skewt",
        ds,
        f,
        format,
        dict(spd_field=spd_field, dir_field=dir_field, p_field=p_field, t_field=t_field, td_field=td_field),
    )


def wind_rose(
    ds: xr.Dataset,
    dir_field: str,
    spd_field: str,
    num_dirs: int = 20,
    calm_threshold: float = 1.0,
    format: str = "png",
) -> Figure:
    """Wind rose: frequency of direction by speed class (ACT ``WindRoseDisplay.plot``)."""
    return _figure(
        "wind_rose",
        ds,
        [dir_field, spd_field],
        format,
        dict(dir_field=dir_field, spd_field=spd_field, num_dirs=num_dirs, calm_threshold=calm_threshold),
    )


def hodograph(
    ds: xr.Dataset,
    spd_field: str,
    dir_field: str,
    color_field: str | None = None,
    component_range: float = 80,
    format: str = "png",
) -> Figure:
    """Hodograph of a wind profile, optionally coloured by ``color_field`` (ACT
    ``SkewTDisplay.plot_hodograph``)."""
    names = [spd_field, dir_field] + ([color_field] if color_field else [])
    return _figure(
        "hodograph",
        ds,
        names,
        format,
        dict(spd_field=spd_field, dir_field=dir_field, color_field=color_field, component_range=component_range),
    )


def stacked_bar(
    ds: xr.Dataset,
    field: str,
    bins: int = 10,
    sortby_field: str | None = None,
    sortby_bins: int = 5,
    density: bool = False,
    width: int = 800,
    height: int = 500,
    format: str = "png",
) -> Figure:
    """Histogram of ``field``, stacked by bins of ``sortby_field`` (ACT
    ``DistributionDisplay.plot_stacked_bar``; ``bins`` and ``sortby_bins`` are bin counts)."""
    names = [field] + ([sortby_field] if sortby_field else [])
    return _figure(
        "stacked_bar",
        ds,
        names,
        format,
        dict(field=field, bins=bins, sortby_field=sortby_field, sortby_bins=sortby_bins, density=density,
             width=width, height=height),
    )


def heatmap(
    ds: xr.Dataset,
    x_field: str,
    y_field: str,
    x_bins: int = 30,
    y_bins: int = 20,
    threshold: float | None = None,
    cmap: str = "viridis",
    format: str = "png",
) -> Figure:
    """2-D histogram of two variables (ACT ``DistributionDisplay.plot_heatmap``)."""
    return _figure(
        "heatmap",
        ds,
        [x_field, y_field],
        format,
        dict(x_field=x_field, y_field=y_field, x_bins=x_bins, y_bins=y_bins, threshold=threshold, cmap=cmap),
    )


def scatter(
    ds: xr.Dataset, x_field: str, y_field: str, width: int = 700, height: int = 600, format: str = "png"
) -> Figure:
    """Scatter plot of two variables with their linear fit (ACT
    ``DistributionDisplay.plot_scatter`` + ``set_ratio_line``)."""
    return _figure(
        "scatter", ds, [x_field, y_field], format, dict(x_field=x_field, y_field=y_field, width=width, height=height)
    )


def stripes(
    ds: xr.Dataset,
    field: str,
    reference_period: Sequence[Any] | None = None,
    width: int = 1000,
    height: int = 300,
    format: str = "png",
) -> Figure:
    """Climate stripes: anomalies of ``field`` from its mean over ``reference_period`` (two times;
    default the whole record) (ACT ``TimeSeriesDisplay.plot_stripes``)."""
    ref = None
    if reference_period is not None:
        import numpy as np

        if len(reference_period) != 2:
            raise ValueError("reference_period: two times")
        ref = [int(np.datetime64(t, "ns").astype("int64")) for t in reference_period]
    return _figure(
        "stripes", ds, [field], format, dict(field=field, reference_period_ns=ref, width=width, height=height)
    )


def group_by(
    ds: xr.Dataset,
    field: str,
    units: str = "day",
    columns: int = 1,
    share_limits: bool = False,
    width: int = 1000,
    height: int = 300,
    format: str = "png",
) -> Figure:
    """One time-series subplot of ``field`` per calendar ``units`` ("year", "month", "day",
    "hour") in a grid of ``columns`` (ACT ``display.group_by(units).plot_group("plot", ...)``;
    ``height`` is per grid row)."""
    return _figure(
        "group_by",
        ds,
        [field],
        format,
        dict(field=field, units=units, columns=columns, share_limits=share_limits, width=width, height=height),
    )


def xsection(
    ds: xr.Dataset,
    field: str,
    x: str,
    y: str,
    isel: dict[str, int] | None = None,
    sel: dict[str, float] | None = None,
    coastlines: bool = False,
    cmap: str = "viridis",
    vrange: Sequence[float] | None = None,
    width: int = 900,
    height: int = 600,
    format: str = "png",
) -> Figure:
    """A 2-D slice of ``field`` against dimensions ``x`` and ``y``, the other dimensions fixed by
    index (``isel``) or nearest value (``sel``); ``coastlines=True`` draws it as a lon/lat map (ACT
    ``XSectionDisplay.plot_xsection`` / ``plot_xsection_map``)."""
    return _figure(
        "xsection",
        ds,
        [field],
        format,
        dict(field=field, x=x, y=y, isel=isel, sel=sel, map=coastlines, cmap=cmap, vrange=vrange, width=width, height=height),
    )


def time_height_xsection_from_1d_data(
    ds: xr.Dataset,
    data_field: str,
    pres_field: str,
    num_time_periods: int = 20,
    num_y_levels: int = 20,
    cmap: str = "viridis",
    width: int = 1000,
    height: int = 400,
    format: str = "png",
) -> Figure:
    """1-D ``data_field`` regridded by nearest neighbour onto ``num_time_periods`` x
    ``num_y_levels`` points of time and ``pres_field`` and drawn as a mesh (ACT
    ``TimeSeriesDisplay.plot_time_height_xsection_from_1d_data``)."""
    return _figure(
        "time_height_xsection_from_1d_data",
        ds,
        [data_field, pres_field],
        format,
        dict(
            data_field=data_field,
            pres_field=pres_field,
            num_time_periods=num_time_periods,
            num_y_levels=num_y_levels,
            cmap=cmap,
            width=width,
            height=height,
        ),
    )


__all__ = [
    "Figure",
    "group_by",
    "heatmap",
    "hodograph",
    "qc_flag_block",
    "scatter",
    "skewt",
    "stacked_bar",
    "stripes",
    "time_height",
    "time_height_xsection_from_1d_data",
    "timeseries",
    "wind_rose",
    "xsection",
]
