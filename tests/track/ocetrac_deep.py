"""Run Ocetrac 0.1.7's DeepTracker (4-D: time, depth, lat, lon) on a constructed field and store
its labels for `tests/track/deep.rs`.

Usage (venv: python3 -m venv VENV && VENV/bin/pip install ocetrac==0.1.7 xarray dask scipy
scikit-image netcdf4):
  VENV/bin/python tests/track/ocetrac_deep.py tests/track/ocetrac_deep.nc

The field is built here (seeded, no input file): moving ellipsoids that cross depth levels and
time steps, one that splits, two that merge, one across the dateline, small specks and small
3-D blobs for the two filters. It is stored as `mask` (int8, 1 = event cell) with its
coordinates (no event cell within 4 columns of the dateline, as Ocetrac's cleaning always wraps
longitude while its labelling does not), and `mask_seam` is the same plus a blob across the
dateline; every run of DeepTracker is stored as `labels_<run>` (int16, 0 = none) with its event
count as the attribute `n_events`. Runs:
  voxel:   radius=2, min_area_cells=6, min_quantile=0.25, frac_filter=0.25, contain_thresh=0.3,
           connect_z=True, wrap_lon=False, run() without cell_volume
  volume:  the same with run(cell_volume): cell area (cos-latitude, R = 6371.0088 km, m²) times
           layer thickness (DeepTrack.grid.compute_dz of the depths, m), alpha=0.5
  no_z:    voxel with connect_z=False
  wrap:    voxel with wrap_lon=True, min_quantile=0, frac_filter=0, on mask_seam (without the
           two filters' cascades: see deep.rs)
"""
import sys

import numpy as np
import xarray as xr
from ocetrac.DeepTrack import DeepTracker
from ocetrac.DeepTrack.grid import compute_dz

out = sys.argv[1]
nt, nz, ny, nx = 14, 5, 36, 72
lat = -43.75 + 2.5 * np.arange(ny)
lon = -177.5 + 5.0 * np.arange(nx)
depth = np.array([5.0, 15.0, 30.0, 55.0, 90.0])
rng = np.random.default_rng(19)
mask = np.zeros((nt, nz, ny, nx), dtype=bool)
T, Z, Y, X = np.meshgrid(np.arange(nt), np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")


def blob(t0, t1, y, x, vy, vx, ry, rx, z0, z1, seam=False):
    """Ellipse of radii (ry, rx) cells at levels z0..z1, centre moving (vy, vx) cells per step."""
    for t in range(t0, t1 + 1):
        cy, cx = y + vy * (t - t0), x + vx * (t - t0)
        dx = X[t] - cx
        if seam:
            dx = (dx + nx / 2) % nx - nx / 2
        e = ((Y[t] - cy) / ry) ** 2 + (dx / rx) ** 2 <= 1.0
        mask[t] |= e & (Z[t] >= z0) & (Z[t] <= z1)


blob(0, 9, 10, 10, 0.3, 1.0, 4, 6, 0, 2)            # long-lived, three levels
blob(2, 6, 24, 30, 0, 0.5, 3, 5, 1, 4)              # subsurface only
blob(1, 5, 12, 45, 0, -1.0, 3, 4, 0, 1)              # merges with the next one
blob(1, 5, 12, 55, 0, 1.0, 3, 4, 0, 1)
blob(6, 10, 12, 41, 0, 0, 4, 7, 0, 1)              # the merged body
blob(8, 13, 20, 22, 0, 1.5, 3, 4, 2, 3)             # splits: two parts moving apart
blob(8, 13, 20, 22, 0, -1.5, 3, 4, 2, 3)
blob(11, 13, 8, 60, 0, 0, 2, 2, 3, 4)              # small deep blob
specks = rng.random(mask.shape) < 0.0015            # single cells for the filters
mask |= specks
for _ in range(12):                                  # small 3-D blobs for the volume filter
    t, z, y, x = rng.integers(0, nt), rng.integers(0, nz - 1), rng.integers(6, ny - 6), rng.integers(0, nx - 3)
    mask[t, z:z + 2, y:y + 3, x:x + 3] = True

# The seam field: the same plus a blob across the dateline (tracked with wrap_lon=True).
mask_main = mask.copy()
blob(3, 12, 26, 0, 0, 0.0, 4, 6, 0, 1, seam=True)
mask_seam, mask = mask, mask_main
times = np.datetime64("2020-01-15", "ns") + np.arange(nt) * np.timedelta64(30, "D")
coords = {"time": times, "z_t": depth, "nlat": lat, "nlon": lon}
da = xr.DataArray(mask.astype("f8"), dims=("time", "z_t", "nlat", "nlon"), coords=coords)
base = dict(radius=2, min_area_cells=6, min_quantile=0.25, frac_filter=0.25, contain_thresh=0.3,
            connect_z=True, positive=True, n_z=nz, wrap_lon=False)
area_m2 = (6371.0088e3 * np.deg2rad(2.5)) * (6371.0088e3 * np.deg2rad(5.0)) * np.cos(np.deg2rad(lat))
cell_volume = compute_dz(depth)[:, None, None] * area_m2[None, :, None] * np.ones((1, 1, nx))
runs = {
    "voxel": (base, None),
    "volume": (base, cell_volume),
    "no_z": (dict(base, connect_z=False), None),
}
dims = ("time", "z_t", "nlat", "nlon")
ds = xr.Dataset({"mask": (dims, mask.astype("i1")), "mask_seam": (dims, mask_seam.astype("i1"))}, coords=coords)
ds["z_t"].attrs["units"] = "m"
ds["nlat"].attrs["units"] = "degrees_north"
ds["nlon"].attrs["units"] = "degrees_east"
for name, (kw, vol) in runs.items():
    tr = DeepTracker(da, **kw)
    res = tr.run(cell_volume=vol)
    lab = np.nan_to_num(res.values, nan=0).astype("i2")
    n = len(np.unique(lab[lab > 0]))
    print(f"{name}: {n} events, {int((lab > 0).sum())} cells")
    ds[f"labels_{name}"] = (("time", "z_t", "nlat", "nlon"), lab)
    ds[f"labels_{name}"].attrs["n_events"] = np.int32(n)
tr = DeepTracker(xr.DataArray(mask_seam.astype("f8"), dims=dims, coords=coords), **dict(base, wrap_lon=True, min_quantile=0.0, frac_filter=0.0))
lab = np.nan_to_num(tr.run().values, nan=0).astype("i2")
print(f"wrap: {len(np.unique(lab[lab > 0]))} events, {int((lab > 0).sum())} cells")
ds["labels_wrap"] = (dims, lab)
ds["labels_wrap"].attrs["n_events"] = np.int32(len(np.unique(lab[lab > 0])))
enc = {v: {"zlib": True, "complevel": 9} for v in ds.data_vars}
ds.to_netcdf(out, encoding=enc)
