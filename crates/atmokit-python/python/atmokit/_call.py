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
