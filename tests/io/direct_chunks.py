"""Write netCDF-4 files with each filter and chunk shape the direct chunk reader handles, for
tests/io/direct_chunks.rs (which compares the direct reader with libnetcdf on them).

    python direct_chunks.py OUT_DIR
"""

import sys
from pathlib import Path

import h5py
import netCDF4
import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(16)
with netCDF4.Dataset(out / "filters.nc", "w") as ds:
    ds.createDimension("time", None)
    ds.createDimension("x", 37)
    t = ds.createVariable("time", "f8", ("time",))
    t[:] = np.arange(1000) * 1.5
    for name, kw in {
        "z1": dict(zlib=True, complevel=1),
        "z9_shuffle": dict(zlib=True, complevel=9, shuffle=True),
        "fletcher": dict(fletcher32=True),
        "all": dict(zlib=True, complevel=4, shuffle=True, fletcher32=True),
        "plain": dict(),
    }.items():
        v = ds.createVariable(name, "f4", ("time", "x"), chunksizes=(64, 10), **kw)
        v[:] = rng.normal(size=(1000, 37)).astype("f4")
    ds.createVariable("counts", "i2", ("time",), zlib=True, shuffle=True, chunksizes=(100,))[:] = (
        np.arange(1000) % 300 - 150
    )
    ds.createVariable("flags", "u1", ("x",), contiguous=True)[:] = np.arange(37)
    ds.createVariable("big", "i4", ("x",), endian="big", zlib=True)[:] = np.arange(37) * -1000
    ds.createVariable("i64", "i8", ("time",), zlib=True, chunksizes=(333,))[:] = np.arange(1000) ** 3
# HDF5 1.10 format (layout message version 4), which the system libhdf5 behind libnetcdf reads.
with h5py.File(out / "latest.h5", "w", libver=("v110", "v110")) as f:
    f.create_dataset("fixed", data=rng.normal(size=(50, 7)), chunks=(8, 3), compression="gzip", shuffle=True)
    d = f.create_dataset("two_unlimited", shape=(0, 0), maxshape=(None, None), chunks=(4, 4), dtype="f4",
                         compression="gzip", fletcher32=True)
    d.resize((30, 9))
    d[:] = rng.normal(size=(30, 9))
