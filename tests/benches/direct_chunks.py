"""The 30-day netCDF-4 file of issue 16 read raw by netCDF4-python and xarray, for comparison
with atmokit's direct chunk reader (tests/benches/direct_chunks.rs).

    python direct_chunks.py [FILE]

Makes FILE (default /tmp/atmokit_direct_30d_1s.nc) if it does not exist: 30 days at 1 s
(2,592,000 records on an unlimited time dimension), time and time_offset (f8) and ten f32
variables, written by netCDF4-python with its default chunking and no compression, like the
synthetic file of ACT's benchmark. Then prints the median of 5 raw reads of all variables with
netCDF4-python (no masking or scaling) and with xarray (decode_cf=False, load()), in seconds.
Run the Rust bench on the same file: ATMOKIT_DIRECT_FILE=FILE cargo bench -p atmokit-tests
--bench direct_chunks.
"""

import statistics
import sys
import time
from pathlib import Path

import netCDF4
import numpy as np

path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/atmokit_direct_30d_1s.nc")
if not path.exists():
    n = 30 * 86400
    rng = np.random.default_rng(0)
    t = np.arange(n, dtype=np.float64)
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("time", None)
        for name in ("time_offset", "time"):
            nc.createVariable(name, "f8", ("time",))[:] = t
        for k in range(10):
            v = nc.createVariable(f"var{k}", "f4", ("time",), fill_value=np.float32(-9999.0))
            x = 10.0 * k + 5 * np.sin(2 * np.pi * t / 86400.0) + rng.normal(0, 0.2, n)
            x[rng.integers(0, n, n // 1000)] = -9999.0
            v[:] = x.astype(np.float32)


def median(fn, runs=5):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def nc4_raw():
    with netCDF4.Dataset(path) as nc:
        for v in nc.variables.values():
            v.set_auto_maskandscale(False)
            v[:]


print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
print(f"netCDF4-python raw read: {median(nc4_raw):.3f} s")
try:
    import xarray as xr

    print(f"xarray load (decode_cf=False): {median(lambda: xr.open_dataset(path, decode_cf=False).load()):.3f} s")
except ImportError:
    print("xarray not installed")
