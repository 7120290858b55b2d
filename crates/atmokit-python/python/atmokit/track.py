"""Ocetrac-style tracking of objects (marine heatwaves, ...) in a (time, lat, lon) field, or in
depth in a (time, depth, lat, lon) one (Ocetrac's ``DeepTracker``), on regular or curvilinear
grids.

``atmokit.track(ds, var, ...)`` thresholds the field (per-point percentile of the anomalies
from a harmonic climatology, as Ocetrac's tutorial, or one fixed value), closes then opens the
binary images with a disk of ``radius`` grid points, drops objects smaller than the
``min_size_quantile`` of the areas, labels them in 3-D (time, lat, lon) and returns a Dataset
with ``labels`` (int32, 0 = none) and the object table on dim ``object``::

    import atmokit, xarray as xr
    sst = xr.open_dataset("sst.nc")
    out = atmokit.track(sst, "sst", mask="mask", radius=8, min_size_quantile=0.75)
    out["labels"].max()   # number of objects

A 4-D variable is tracked in depth (``frac_filter``, ``alpha``, ``connect_depth`` as
DeepTracker's); ``lat=`` / ``lon=`` name 2-D coordinate variables of a curvilinear grid (with
``cell_area=`` when the file has cell areas)::

    deep = atmokit.track(temp, "TEMP", threshold=0.5, radius=2, frac_filter=0.25)
    curvi = atmokit.track(sst, "sst", lat="TLAT", lon="TLONG", cell_area="TAREA")
"""

from __future__ import annotations

import xarray as xr

from . import _native
from ._call import plain_kwargs
from ._xr import from_xarray, to_xarray


def track(
    ds: xr.Dataset,
    var: str,
    mask: str | xr.DataArray | None = None,
    radius: int | None = None,
    min_size_quantile: float | None = None,
    percentile: float | None = None,
    threshold: float | None = None,
    min_area: float = 0.0,
    area: str = "km2",
    connectivity: int = 26,
    disk: str = "closed",
    harmonics: int = 2,
    periodic: bool | None = None,
    positive: bool = True,
    method: str = "3d",
    contain_thresh: float | None = None,
    *,
    lat: str | None = None,
    lon: str | None = None,
    cell_area: str | None = None,
    frac_filter: float | None = None,
    alpha: float | None = None,
    connect_depth: bool | None = None,
    volume_ranking: str | None = None,
    area_connectivity: int | None = None,
) -> xr.Dataset:
    """Track objects of ``ds[var]`` (dims time, lat, lon; or time, depth, lat, lon).

    ``mask``: a (lat, lon) variable name or DataArray, non-zero where to track (Ocetrac's
    ``mask``). ``percentile`` (default 90) of the anomalies, or a fixed ``threshold`` of the raw
    field. ``area``: ``"km2"`` (cos-latitude weighted, default) or ``"cells"`` (Ocetrac);
    ``connectivity``: 6, 18 or 26 neighbours; ``disk``: ``"closed"`` (scikit-image ``disk``) or
    ``"strict"`` (Ocetrac 0.1.7); ``periodic``: periodic longitude (None = detect);
    ``positive=False`` tracks cold events (Ocetrac's ``positive``): anomalies at or below the
    ``100 - percentile`` th percentile, or values at or below ``threshold``; ``method``:
    ``"3d"`` (connected in time, lat, lon) or ``"temporal_neighbor"`` (Ocetrac's: consecutive
    blobs join only when they overlap, by at least ``contain_thresh`` of one of them).
    Defaults: ``radius`` 8, ``min_size_quantile`` 0.75, ``contain_thresh`` 0 (3-D).

    In depth (a 4-D variable, Ocetrac's ``DeepTracker``): cells NaN at every step are left out
    (no ``mask``); ``radius`` 3 and ``min_size_quantile`` 0.25 (of each level's 2-D blob areas)
    by default; ``frac_filter`` (0.25) drops that fraction of the per-step 3-D objects, smallest
    first; an object continues an event when its containment exceeds ``contain_thresh`` (0.3),
    weighted by ``alpha`` (0.5) between cells and volume; ``connect_depth=False`` tracks levels
    apart (DeepTracker's ``connect_z``); ``volume_ranking="step-label"`` and
    ``area_connectivity=4`` reproduce Ocetrac 0.1.7's volume ranking and 4-neighbour blobs.

    Curvilinear grids: ``lat`` and ``lon`` name 2-D (y, x) coordinate variables (degrees),
    ``cell_area`` a cell-area variable (m², cm² or km²; computed on the sphere when absent).
    """
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"track: expected an xarray.Dataset, got {type(ds).__name__}")
    if var not in ds.variables:
        raise KeyError(f"track: variable '{var}' not found")
    names = [var, *[d for d in ds[var].dims if d in ds.variables]]
    mask_name = None
    if isinstance(mask, xr.DataArray):
        ds = ds.assign(_atmokit_track_mask=mask)
        mask_name = "_atmokit_track_mask"
    elif mask is not None:
        mask_name = str(mask)
        if mask_name not in ds.variables:
            raise KeyError(f"track: mask variable '{mask_name}' not found")
    if mask_name:
        names.append(mask_name)
    for extra in (lat, lon, cell_area):
        if extra is not None:
            if extra not in ds.variables:
                raise KeyError(f"track: variable '{extra}' not found")
            names.append(extra)
    kw = {
        k: v
        for k, v in dict(
            radius=radius,
            min_size_quantile=min_size_quantile,
            percentile=percentile,
            threshold=threshold,
            min_area=min_area,
            area=area,
            connectivity=connectivity,
            disk=disk,
            harmonics=harmonics,
            periodic=periodic,
            positive=positive,
            method=method,
            contain_thresh=contain_thresh,
            lat=lat,
            lon=lon,
            cell_area=cell_area,
            frac_filter=frac_filter,
            alpha=alpha,
            connect_depth=connect_depth,
            volume_ranking=volume_ranking,
            area_connectivity=area_connectivity,
        ).items()
        if v is not None
    }
    out = _native.track(from_xarray(ds, list(dict.fromkeys(names))), var, mask_name, plain_kwargs(kw))
    return to_xarray(out)


__all__ = ["track"]
