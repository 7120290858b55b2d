"""The dataset dict of ``atmokit._native`` to and from :class:`xarray.Dataset`.

Rust hands numeric, char and time buffers over without a copy; this module only re-labels them
(``int64`` nanoseconds viewed as ``datetime64[ns]``, bytes viewed as ``S1``), so no array is
copied on the way out. On the way in, arrays are made aligned and C-contiguous (a copy only when
they are not already).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

_ENCODING_KEYS = (
    "dtype",
    "_FillValue",
    "missing_value",
    "scale_factor",
    "add_offset",
    "units",
    "calendar",
    "char_dim",
    "char_len",
    "_Unsigned",
    "chunksizes",
    "zlib",
    "complevel",
    "shuffle",
)


def _attr_out(value: Any) -> Any:
    """A length-1 numeric attribute becomes a numpy scalar (what netCDF4/xarray give)."""
    if isinstance(value, np.ndarray) and value.ndim == 1 and value.size == 1:
        return value[0]
    return value


def _attrs_out(attrs: dict) -> dict:
    return {k: _attr_out(v) for k, v in attrs.items()}


def _data_out(v: dict) -> np.ndarray:
    kind = v["kind"]
    data = v["data"]
    if kind == "time":
        return data.view("datetime64[ns]")
    if kind == "char":
        return data.view("S1")
    if kind == "str":
        n = v.get("encoding", {}).get("char_len")
        if n is not None:
            # Decoded from a netCDF char array: bytes of the string length, as xarray gives.
            return np.array([s.encode("utf-8") for s in data], dtype=f"S{max(int(n), 1)}").reshape(tuple(v["shape"]))
        return np.array(data, dtype=object).reshape(tuple(v["shape"]))
    return data


def variable_to_xarray(v: dict) -> xr.Variable:
    """One variable dict to an :class:`xarray.Variable` (attrs, encoding and dtype kept)."""
    var = xr.Variable(tuple(v["dims"]), _data_out(v), attrs=_attrs_out(v["attrs"]), fastpath=True)
    enc = _attrs_out(v.get("encoding", {}))
    if "dtype" in enc:
        enc["dtype"] = np.dtype(enc["dtype"])
    var.encoding = enc
    return var


def to_xarray(d: dict) -> xr.Dataset:
    """The dataset dict to an :class:`xarray.Dataset`; the variable order is kept. As xarray's CF
    decoding does, a variable's ``coordinates`` attribute whose names all exist moves to its
    encoding and makes those variables coordinates (:func:`from_xarray` puts it back)."""
    coords = set(d.get("coords", ()))
    variables = {name: variable_to_xarray(v) for name, v in d["variables"].items()}
    for var in variables.values():
        names = str(var.attrs.get("coordinates", "")).split()
        if names and all(n in variables for n in names):
            var.encoding["coordinates"] = var.attrs.pop("coordinates")
            coords.update(names)
    ds = xr.Dataset(
        data_vars={k: v for k, v in variables.items() if k not in coords},
        coords={k: v for k, v in variables.items() if k in coords},
        attrs=_attrs_out(d["attrs"]),
    )
    unlimited = d.get("unlimited") or []
    if unlimited:
        ds.encoding["unlimited_dims"] = set(unlimited)
    return ds


def _attr_in(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value) and value:
        return list(value)
    arr = np.atleast_1d(np.asarray(value))
    if arr.dtype == bool:
        arr = arr.astype(np.int8)
    if arr.dtype.kind in "US":
        return [str(x) for x in arr.ravel()]
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"attribute value {value!r} of type {type(value).__name__} is not supported")
    return np.require(arr.ravel(), requirements=("C", "A"))


def _attrs_in(attrs: dict) -> dict:
    return {str(k): _attr_in(v) for k, v in attrs.items() if v is not None}


def _encoding_in(enc: dict) -> dict:
    out = {}
    for k in _ENCODING_KEYS:
        if k not in enc or enc[k] is None:
            continue
        v = enc[k]
        if k == "dtype":
            out[k] = str(np.dtype(v))
        elif k in ("_FillValue", "missing_value", "scale_factor", "add_offset"):
            if isinstance(v, float) and np.isnan(v) and k == "_FillValue":
                out[k] = np.array([np.nan])
            else:
                out[k] = _attr_in(v)
        elif k == "chunksizes":
            out[k] = [int(x) for x in v]
        elif k in ("zlib", "shuffle"):
            out[k] = bool(v)
        elif k in ("complevel", "char_len"):
            out[k] = int(v)
        else:
            out[k] = str(v)
    return out


def _data_in(data: np.ndarray) -> tuple[str, Any]:
    data = np.asarray(data)
    if data.dtype.kind == "M":
        return "time", np.require(data.astype("datetime64[ns]").view(np.int64), requirements=("C", "A"))
    if data.dtype.kind == "S" and data.dtype.itemsize == 1:
        return "char", np.require(data.view(np.uint8), requirements=("C", "A"))
    if data.dtype.kind in "USO":
        return "str", [str(x.decode() if isinstance(x, bytes) else x) for x in data.ravel()]
    if data.dtype == bool:
        data = data.astype(np.int8)
    if data.dtype.kind not in "iuf":
        raise TypeError(f"dtype {data.dtype} is not supported by atmokit")
    if data.dtype.byteorder not in ("=", "|"):
        data = data.astype(data.dtype.newbyteorder("="))
    return "num", np.require(data, requirements=("C", "A"))


def variable_from_xarray(var: xr.Variable | xr.DataArray) -> dict:
    """One xarray variable to its dict (computes Dask data)."""
    var = var.variable if isinstance(var, xr.DataArray) else var
    kind, data = _data_in(var.values)
    attrs = dict(var.attrs)
    if isinstance(var.encoding.get("coordinates"), str) and "coordinates" not in attrs:
        attrs["coordinates"] = var.encoding["coordinates"]
    return {
        "dims": [str(d) for d in var.dims],
        "kind": kind,
        "data": data,
        "shape": list(var.shape),
        "attrs": _attrs_in(attrs),
        "encoding": _encoding_in(var.encoding),
    }


def from_xarray(ds: xr.Dataset, names: list[str] | None = None) -> dict:
    """An :class:`xarray.Dataset` (or the variables ``names`` of it) to the dataset dict."""
    names = list(ds.variables) if names is None else names
    variables = {str(k): variable_from_xarray(ds.variables[k]) for k in names}
    unlimited = ds.encoding.get("unlimited_dims") or ()
    return {
        "dims": {str(k): int(v) for k, v in ds.sizes.items()},
        "attrs": _attrs_in(ds.attrs),
        "variables": variables,
        "unlimited": [str(u) for u in unlimited],
    }
