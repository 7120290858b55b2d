"""Shared plumbing of the function modules: keyword arguments to plain Python values, and a
Dataset through one ``_native`` call and back."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import xarray as xr

from ._xr import from_xarray, to_xarray


def plain(value: Any) -> Any:
    """numpy scalars and arrays, tuples → plain Python numbers and lists (what the Rust side reads)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (tuple, list, np.ndarray)):
        return [plain(v) for v in (value.tolist() if isinstance(value, np.ndarray) else value)]
    return value


def plain_kwargs(kwargs: dict) -> dict:
    """The keyword arguments as plain values (None ones kept: some arguments mean "none" by None)."""
    return {k: plain(v) for k, v in kwargs.items()}


def through(native: Callable[..., dict], ds: xr.Dataset, *args: Any) -> xr.Dataset:
    """Run ``native(dataset_dict, *args)`` on a copy of ``ds`` and return the new Dataset.

    Dask-backed variables are loaded (the Rust side needs the values).
    """
    if not isinstance(ds, xr.Dataset):
        raise TypeError(f"expected an xarray.Dataset, got {type(ds).__name__}")
    return to_xarray(native(from_xarray(ds), *args))


def is_lazy_in_time(ds: xr.Dataset) -> bool:
    """Whether ``ds`` is Dask-backed and has a ``time`` dimension to split work along."""
    return bool(ds.chunks) and "time" in ds.dims


def through_time_blocks(native: Callable[[dict], dict], ds: xr.Dataset) -> xr.Dataset:
    """``native(dataset_dict)`` on each block of ``time`` of a Dask-backed Dataset, lazily
    (``xarray.map_blocks``). Only for functions that treat each time sample (or profile) on its
    own: the result then equals one call on the whole Dataset.

    The result's layout (names, dims, sizes, dtypes, attrs) comes from a call on the first
    sample, so argument errors are raised here, before any task runs.
    """
    import dask.array as da

    ds = ds.chunk({d: -1 for d in ds.dims if d != "time"})  # whole profiles per block
    head = to_xarray(native(from_xarray(ds.isel(time=slice(0, 1)).compute())))
    time_chunks = ds.chunks["time"]
    variables = {}
    for k, v in head.variables.items():
        if k == "time":
            variables[k] = ds["time"].variable
        elif "time" in v.dims:
            shape = tuple(ds.sizes["time"] if d == "time" else head.sizes[d] for d in v.dims)
            chunks = tuple(time_chunks if d == "time" else (head.sizes[d],) for d in v.dims)
            variables[k] = xr.Variable(v.dims, da.empty(shape, dtype=v.dtype, chunks=chunks), attrs=v.attrs)
            variables[k].encoding = v.encoding
        else:
            variables[k] = v
    coords = [k for k in head.coords if k in variables]
    template = xr.Dataset(
        {k: v for k, v in variables.items() if k not in coords},
        coords={k: variables[k] for k in coords},
        attrs=head.attrs,
    )
    return xr.map_blocks(lambda part: to_xarray(native(from_xarray(part))), ds, template=template)
