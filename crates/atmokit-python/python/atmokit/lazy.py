"""Many files as one lazy, Dask-backed Dataset: ``atmokit.open_mfdataset``.

``xr.open_mfdataset(paths, engine="atmokit", parallel=True)`` works, but it opens every file as
its own Dataset and joins them in xarray: for a year of daily files (365 files × 50 variables)
that bookkeeping, not the reading, takes most of the time. ``open_mfdataset`` here builds the Dask
graph directly: one task reads a group of consecutive files with atmokit's multi-file reader (in
Rust, GIL released) and one cheap task per variable picks its array out, so a year is a few
hundred tasks instead of tens of thousands. The values equal ``read_arm_netcdf(paths)``.
"""

from __future__ import annotations

import operator
import os
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import xarray as xr

from . import _native
from ._xr import _data_out, to_xarray
from .io import PathLike, expand_paths, names, read_arm_netcdf

_DEFAULT_GROUP_BYTES = 16 * 2**20
"""Decoded bytes aimed at per task when ``files_per_chunk`` is not given."""


def _read_group(paths: list[str], keep: list[str] | None, drop: list[str] | None, timed: dict[str, int]) -> dict[str, np.ndarray]:
    """Read one group of files (one task): every variable's array, keyed by name.

    ``timed`` gives the rank each variable has along ``time`` in a multi-file read. Joining files
    puts every variable on ``time`` (xarray's ``data_vars="all"``, as ACT reads), so a variable
    that one file holds without ``time`` (``base_time``) is repeated along the file's times.
    """
    d = _native.read_arm_netcdf(paths, keep, drop)
    out = {name: _data_out(v) for name, v in d["variables"].items()}
    n = len(out["time"])
    for name, ndim in timed.items():
        a = out.get(name)
        if a is not None and a.ndim == ndim - 1:
            out[name] = np.broadcast_to(a, (n, *a.shape)).copy()
    return out


def _group_size(files: list[str], per_file_bytes: int, files_per_chunk: int | None) -> int:
    if files_per_chunk is not None:
        if int(files_per_chunk) < 1:
            raise ValueError(f"files_per_chunk must be >= 1, got {files_per_chunk}")
        return int(files_per_chunk)
    return max(1, min(len(files), _DEFAULT_GROUP_BYTES // max(per_file_bytes, 1)))


def open_mfdataset(
    paths: PathLike | Iterable[PathLike],
    *,
    files_per_chunk: int | None = None,
    keep_variables: str | Iterable[str] | None = None,
    drop_variables: str | Iterable[str] | None = None,
    threads: int = 8,
) -> xr.Dataset:
    """Open many ARM files (a glob, a folder listing, a list) as one Dask-backed Dataset.

    Files are joined along ``time`` in the order given (sorted for a glob), as
    ``read_arm_netcdf`` joins them. Each Dask chunk along ``time`` is a group of
    ``files_per_chunk`` consecutive files (by default, as many as make about 16 MB decoded), read by
    one task on whichever worker runs it; variables without a ``time`` dimension, the time
    coordinate and the attributes are read up front (times only, in ``threads`` threads).

    Everything in :mod:`atmokit.qc` keeps such a Dataset lazy, so a year of files is QC'd on a
    ``dask.distributed`` cluster with nothing loaded on the client::

        from distributed import Client, LocalCluster
        client = Client(LocalCluster(n_workers=2))
        ds = atmokit.open_mfdataset("sgpmetE13.b1.2019*.cdf")
        ds = atmokit.qc.add_delta_test(ds, "temp_mean", diff_limit=2.0)
        flags = ds["qc_temp_mean"].compute()

    Raises ``FileNotFoundError`` for a pattern that matches nothing, and the reader's error
    (naming the file) when a file is unreadable or its variables differ from the first file's.
    """
    import dask.array as da
    from dask.highlevelgraph import HighLevelGraph

    files = expand_paths(paths)
    keep, drop = names(keep_variables), names(drop_variables)
    # The layout of the joined Dataset: that of the first two files joined.
    first = read_arm_netcdf(files[:2], keep, drop)
    if "time" not in first.dims:
        raise ValueError(f"{files[0]}: no 'time' dimension to join the files along")
    per_file = sum(v.nbytes for v in first.variables.values() if "time" in v.dims) // min(len(files), 2)
    timed = {str(k): v.ndim for k, v in first.variables.items() if "time" in v.dims and k != "time"}
    size = _group_size(files, per_file, files_per_chunk)
    groups = [files[i : i + size] for i in range(0, len(files), size)]

    # Times per group give the chunk lengths and the index; the attrs are the first group's, with
    # the file dates and times of every group, as `read_arm_netcdf(files)` gives them.
    def times(group: list[str]) -> dict:
        return _native.read_arm_netcdf(group, ["time"], None)

    with ThreadPoolExecutor(max_workers=max(1, int(threads))) as pool:
        parts = list(pool.map(times, groups))
    group_times = [_data_out(p["variables"]["time"]) for p in parts]
    attrs = dict(parts[0]["attrs"])
    for key in ("_file_dates", "_file_times"):
        lists = [p["attrs"].get(key) for p in parts]
        if all(isinstance(v, list) for v in lists) and sum(map(len, lists)) == len(files):
            attrs[key] = [x for v in lists for x in v]
    head = to_xarray({**parts[0], "attrs": attrs})
    if "_arm_standards_flag" in head.attrs:
        head.attrs["_arm_standards_flag"] = int(head.attrs["_arm_standards_flag"])
    for a, b, ga, gb in zip(group_times, group_times[1:], groups, groups[1:]):
        if len(a) and len(b) and not a[-1] < b[0]:
            raise ValueError(f"{gb[0]}: files are not in time order after {ga[-1]}; sort them (ARM names sort by time)")
    time = np.concatenate(group_times) if group_times else np.array([], dtype="datetime64[ns]")
    lengths = tuple(len(t) for t in group_times)

    token = uuid.uuid4().hex
    read_name = f"atmokit-read-{token}"
    layers: dict[str, dict] = {read_name: {(read_name, i): (_read_group, g, keep, drop, timed) for i, g in enumerate(groups)}}
    deps: dict[str, set] = {read_name: set()}
    data_vars: dict[str, xr.Variable] = {}
    for name, v in first.variables.items():
        if name == "time":
            continue
        if "time" not in v.dims:
            data_vars[name] = v
            continue
        if v.dims[0] != "time":
            raise ValueError(f"{files[0]}: variable '{name}' has 'time' as a later dimension {v.dims}; not supported lazily")
        lname = f"{name}-{token}"
        rest = (0,) * (v.ndim - 1)
        layers[lname] = {(lname, i, *rest): (operator.getitem, (read_name, i), name) for i in range(len(groups))}
        deps[lname] = {read_name}
        chunks = (lengths,) + tuple((s,) for s in v.shape[1:])
        graph = HighLevelGraph({k: layers[k] for k in (read_name, lname)}, {k: deps[k] for k in (read_name, lname)})
        arr = da.Array(graph, lname, chunks, dtype=v.dtype, meta=np.empty((0,) * v.ndim, dtype=v.dtype))
        var = xr.Variable(v.dims, arr, attrs=v.attrs)
        var.encoding = dict(v.encoding)
        data_vars[name] = var
    coords = {k: data_vars.pop(k) for k in list(first.coords) if k in data_vars}
    tvar = xr.Variable(("time",), time, attrs=first["time"].attrs)
    tvar.encoding = dict(first["time"].encoding)
    coords["time"] = tvar
    ds = xr.Dataset({k: data_vars[k] for k in first.data_vars if k in data_vars}, coords=coords, attrs=head.attrs)
    ds.encoding = dict(first.encoding)
    ds.encoding["source"] = [os.fspath(f) for f in files]
    return ds
