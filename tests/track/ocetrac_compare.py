"""Run Ocetrac 0.1.7 on the inputs written by `export_for_ocetrac` and store its result.

Usage:
  TRACK_EXPORT_DIR=/tmp/track-export cargo test -p atmokit-tests --features track --test track \
      -- --ignored export_for_ocetrac
  /tmp/venv-track/bin/python tests/track/ocetrac_compare.py /tmp/track-export \
      tests/track/ocetrac_sst_cube.json

  (with a third argument, tests/track/ocetrac_sst_cube_labels.nc, it also stores Ocetrac's
  labels there for `labels_match_ocetrac_cell_by_cell`)

Writes the JSON the Rust test `same_objects_as_ocetrac` reads, plus labels_ocetrac.i32 and a
per-object comparison in the export directory. Timings are printed. The labels file holds
Ocetrac's labels (int16, zlib) for warm events (`positive=True` on binary.u8), cold events
(`positive=False` on -binary_cold.u8, i.e. -1 on the cold cells: Ocetrac's cold rule is `da < 0`)
and the `method="temporal_neighbor"` labelling of the warm events.
"""
import json
import sys
import time

import numpy as np
import xarray as xr
import ocetrac
from ocetrac.preprocessing.preprocessing import calculate_anomalies_trend_features

d = sys.argv[1]
out = sys.argv[2]
meta = json.load(open(f"{d}/meta.json"))
nt, ny, nx = meta["nt"], meta["ny"], meta["nx"]
shape = (nt, ny, nx)
times = np.array(meta["days_since_1970"], dtype="datetime64[D]").astype("datetime64[ns]")
coords = {"time": times, "lat": meta["lat"], "lon": meta["lon"]}
sst = xr.DataArray(np.fromfile(f"{d}/sst.f32", "<f4").reshape(shape).astype("f8"), dims=("time", "lat", "lon"), coords=coords)
anom_ours = np.fromfile(f"{d}/anom.f32", "<f4").reshape(shape)
binary = np.fromfile(f"{d}/binary.u8", "u1").reshape(shape).astype("f8")
ocean = np.fromfile(f"{d}/ocean.u8", "u1").reshape((ny, nx))
labels_ours = np.fromfile(f"{d}/labels_atmokit.i32", "<i4").reshape(shape)

# 1. Anomalies: Ocetrac's 6-coefficient model (its preprocessing) against ours.
t0 = time.perf_counter()
_, _, _, _, anom_oc = calculate_anomalies_trend_features(sst.fillna(0.0).where(ocean == 1), 0.9)
anom_oc = np.asarray(anom_oc)
t_anom = time.perf_counter() - t0
ok = np.isfinite(anom_oc) & np.isfinite(anom_ours)
anom_diff = float(np.max(np.abs(anom_oc[ok] - anom_ours[ok])))

# 2. The tracker on the same binary field.
da = xr.DataArray(binary, dims=("time", "lat", "lon"), coords=coords)
mask = xr.DataArray(ocean, dims=("lat", "lon"), coords={"lat": meta["lat"], "lon": meta["lon"]})
t0 = time.perf_counter()
tr = ocetrac.Tracker(da, mask, radius=meta["radius"], min_size_quartile=meta["quantile"], min_area_cells=0,
                     timedim="time", xdim="lon", ydim="lat", positive=True)
res = tr.run()
t_track = time.perf_counter() - t0
lab = np.nan_to_num(res.values, nan=0).astype("i4")
lab.tofile(f"{d}/labels_ocetrac.i32")
ids = np.unique(lab[lab > 0])
sizes = [int((lab == i).sum()) for i in ids]

# Per-object match: for each Ocetrac object the atmokit labels it overlaps.
pairs = []
for i in ids:
    ours = np.unique(labels_ours[lab == i])
    pairs.append({"ocetrac": int(i), "cells": int((lab == i).sum()), "atmokit": [int(o) for o in ours]})
only_ours = int(((labels_ours > 0) & (lab == 0)).sum())
only_theirs = int(((labels_ours == 0) & (lab > 0)).sum())

result = {
    "source": "ocetrac 0.1.7 SurfTracker(radius, min_size_quartile, min_area_cells=0, method='3d') on the "
              "atmokit sst_cube sample's 90th-percentile exceedance mask; written by tests/track/ocetrac_compare.py",
    "radius": meta["radius"],
    "min_size_quartile": meta["quantile"],
    "n_initial": int(tr.N_initial),
    "min_area": float(tr.min_area),
    "n_final": int(len(ids)),
    "sizes": sizes,
    "cells_only_in_atmokit": only_ours,
    "cells_only_in_ocetrac": only_theirs,
    "anomaly_max_abs_diff_vs_atmokit": anom_diff,
    "seconds_anomalies": t_anom,
    "seconds_tracker": t_track,
}
json.dump(result, open(out, "w"), indent=1)

if len(sys.argv) > 3:
    def run(field, **kw):
        t = ocetrac.Tracker(xr.DataArray(field, dims=("time", "lat", "lon"), coords=coords), mask,
                            radius=meta["radius"], min_size_quartile=meta["quantile"], min_area_cells=0,
                            timedim="time", xdim="lon", ydim="lat", **kw)
        r = np.nan_to_num(t.run().values, nan=0).astype("i4")
        assert r.max() < 2**15
        return r.astype("i2")

    cold = np.fromfile(f"{d}/binary_cold.u8", "u1").reshape(shape).astype("f8")
    labels = {
        "labels_warm": lab.astype("i2"),
        "labels_cold": run(-cold, positive=False),
        "labels_temporal": run(binary, positive=True, method="temporal_neighbor"),
    }
    enc = {k: {"zlib": True, "complevel": 9, "shuffle": True} for k in labels}
    xr.Dataset({k: (("time", "lat", "lon"), v, {"source": "ocetrac 0.1.7, tests/track/ocetrac_compare.py"}) for k, v in labels.items()}).to_netcdf(
        sys.argv[3], encoding=enc, engine="netcdf4")
    print({k: int(len(np.unique(v[v > 0]))) for k, v in labels.items()})
json.dump(pairs, open(f"{d}/pairs.json", "w"), indent=1)
print(json.dumps({k: v for k, v in result.items() if k != "sizes"}, indent=1))
