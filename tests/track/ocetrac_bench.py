"""Time Ocetrac 0.1.7 on the 365 x 180 x 360 cube that tests/benches/track.rs writes.

  TRACK_BENCH_EXPORT=/tmp/track-bench-cube.f32 cargo bench -p atmokit-tests --features track --bench track
  /tmp/venv-track/bin/python tests/track/ocetrac_bench.py /tmp/track-bench-cube.f32

Prints wall times of Ocetrac's anomaly step (calculate_anomalies_trend_features, which also
takes the 90th percentile) and of its tracker (SurfTracker.run, radius 8, quantile 0.75,
min_area_cells 0), the number of objects, and the peak resident memory of the process.
"""
import resource
import sys
import time

import numpy as np
import xarray as xr
import ocetrac
from ocetrac.preprocessing.preprocessing import calculate_anomalies_trend_features

nt, ny, nx = 365, 180, 360
raw = np.fromfile(sys.argv[1], "<f4").reshape((nt, ny, nx))
times = np.datetime64("2000-01-01", "ns") + np.arange(nt) * np.timedelta64(1, "D")
lat = -89.5 + np.arange(ny)
lon = 0.5 + np.arange(nx)
sst = xr.DataArray(raw, dims=("time", "lat", "lon"), coords={"time": times, "lat": lat, "lon": lon})
mask = xr.DataArray(np.isfinite(raw[0]).astype("i1"), dims=("lat", "lon"), coords={"lat": lat, "lon": lon})
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

t0 = time.perf_counter()
_, _, _, features, _ = calculate_anomalies_trend_features(sst, 0.9)
features = features.where(mask == 1, other=0).fillna(0)
t1 = time.perf_counter()
tr = ocetrac.Tracker(features, mask, radius=8, min_size_quartile=0.75, min_area_cells=0,
                     timedim="time", xdim="lon", ydim="lat", positive=True)
res = tr.run()
t2 = time.perf_counter()
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"anomalies+threshold {t1 - t0:.2f} s, tracker {t2 - t1:.2f} s, total {t2 - t0:.2f} s")
print(f"initial objects {tr.N_initial}, final objects {tr.n_events()}")
print(f"peak RSS after loading {rss0 / 1024:.0f} MiB, at the end {rss1 / 1024:.0f} MiB")
