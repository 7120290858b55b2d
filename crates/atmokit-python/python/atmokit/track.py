"""Ocetrac-style tracking of objects (marine heatwaves, ...) in a (time, lat, lon) field.

``atmokit.track(ds, var, ...)`` thresholds the field (per-point percentile of the anomalies
from a harmonic climatology, as Ocetrac's tutorial, or one fixed value), closes then opens the
binary images with a disk of ``radius`` grid points, drops objects smaller than the
``min_size_quantile`` of the areas, labels them in 3-D (time, lat, lon) and returns a Dataset
with ``labels`` (int32, 0 = none) and the object table on dim ``object``::

    import atmokit, xarray as xr
    sst = xr.open_dataset("sst.nc")
    out = atmokit.track(sst, "sst", mask="mask", radius=8, min_size_quantile=0.75)
    out["labels"].max()   # number of objects
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
    radius: int = 8,
    min_size_quantile: float = 0.75,
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
    contain_thresh: float = 0.0,
) -> xr.Dataset:
    """Track objects of ``ds[var]`` (dims time, lat, lon).

    ``mask``: a (lat, lon) variable name or DataArray, non-zero where to track (Ocetrac's
    ``mask``). ``percentile`` (default 90) of the anomalies, or a fixed ``threshold`` of the raw
    field. ``area``: ``"km2"`` (cos-latitude weighted, default) or ``"cells"`` (Ocetrac);
    ``connectivity``: 6, 18 or 26 neighbours; ``disk``: ``"closed"`` (scikit-image ``disk``) or
    ``"strict"`` (Ocetrac 0.1.7); ``periodic``: periodic longitude (None = detect);
    ``positive=False`` tracks cold events (Ocetrac's ``positive``): anomalies at or below the
    ``100 - percentile`` th percentile, or values at or below ``threshold``; ``method``:
    ``"3d"`` (connected in time, lat, lon) or ``"temporal_neighbor"`` (Ocetrac's: consecutive
    blobs join only when they overlap, by at least ``contain_thresh`` of one of them).
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
        ).items()
        if v is not None
    }
    out = _native.track(from_xarray(ds, list(dict.fromkeys(names))), var, mask_name, plain_kwargs(kw))
    return to_xarray(out)


__all__ = ["track"]
