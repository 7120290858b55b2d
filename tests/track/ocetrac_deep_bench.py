"""Time Ocetrac 0.1.7's DeepTracker on a realistic 4-D size and write the same input for atmokit.

Usage:
  VENV/bin/python tests/track/ocetrac_deep_bench.py DIR [nt nz ny nx]   (default 120 10 180 360)
  /usr/bin/time -v VENV/bin/python ...                                  (peak memory)
then, for atmokit (release):
  TRACK_DEEP_BENCH=DIR /usr/bin/time -v cargo test --release -p atmokit-tests --features track \\
      --test track -- --ignored --nocapture depth_bench

The input is a smooth random field (seeded Gaussian-filtered noise, sigma 2 steps, 1 level,
4 × 4 cells) thresholded at its 90th percentile, written as DIR/mask.u8 with DIR/shape.txt;
DeepTracker runs with its defaults but min_area_cells=20 and without cell_volume.
"""
import resource
import sys
import time

import numpy as np
import xarray as xr
from scipy import ndimage
from ocetrac.DeepTrack import DeepTracker

d = sys.argv[1]
shape = tuple(int(v) for v in sys.argv[2:6]) if len(sys.argv) > 2 else (120, 10, 180, 360)
nt, nz, ny, nx = shape
rng = np.random.default_rng(19)
field = ndimage.gaussian_filter(rng.standard_normal(shape, dtype=np.float32), sigma=(2, 1, 4, 4), mode="wrap")
mask = field >= np.percentile(field, 90)
del field
mask.astype("u1").tofile(f"{d}/mask.u8")
open(f"{d}/shape.txt", "w").write(" ".join(map(str, shape)))
coords = {"time": np.arange(nt), "z_t": 5.0 + 10.0 * np.arange(nz),
          "nlat": -89.5 + 180.0 / ny * np.arange(ny), "nlon": -179.5 + 360.0 / nx * np.arange(nx)}
da = xr.DataArray(mask.astype("f4"), dims=("time", "z_t", "nlat", "nlon"), coords=coords)
t0 = time.perf_counter()
tr = DeepTracker(da, min_area_cells=20, n_z=nz)
res = tr.run()
dt = time.perf_counter() - t0
print(f"Ocetrac DeepTracker {shape}: {tr.n_events()} events, {dt:.1f} s, "
      f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
