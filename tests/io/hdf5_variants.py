"""Write netCDF-4 / HDF5 files in the layouts netCDF4-python and h5py produce, for the HDF5 gate
test (tests/io/hdf5_variants.rs).

    python hdf5_variants.py OUT_DIR

Writes the files into OUT_DIR and OUT_DIR/manifest.json: for every file its writer and, for
each variable read back at the root group, its shape and values (numbers as floats, strings as
text) as they were written, and selected attributes. The values come from the arrays this script
writes, not from reading the files back.
"""

import json
import sys
from pathlib import Path

import h5py
import netCDF4
import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
manifest = []


def entry(name, writer, variables, attrs=None, var_attrs=None):
    """Record a file: variables {name: array}, global attrs, per-variable attrs."""
    vs = {}
    for k, a in variables.items():
        a = np.asarray(a)
        if a.dtype.kind in "OUS":
            values = [x.decode() if isinstance(x, bytes) else str(x) for x in a.ravel()]
        else:
            values = [float(x) for x in a.ravel()]
        vs[k] = {"shape": list(a.shape), "values": values}
    manifest.append(
        {"file": name, "writer": writer, "vars": vs, "attrs": attrs or {}, "var_attrs": var_attrs or {}}
    )


rng = np.random.default_rng(17)

# --- netCDF4-python -------------------------------------------------------------------------

# Chunked, deflate + shuffle, an unlimited time dimension appended in three writes.
temp = rng.normal(280.0, 5.0, (37, 5)).astype("f4")
with netCDF4.Dataset(out / "nc_deflate_shuffle.nc", "w") as ds:
    ds.createDimension("time", None)
    ds.createDimension("height", 5)
    v = ds.createVariable("temp", "f4", ("time", "height"), zlib=True, complevel=4, shuffle=True,
                          chunksizes=(10, 5))
    v.units = "K"
    v[0:10] = temp[0:10]
    v[10:30] = temp[10:30]
    v[30:37] = temp[30:37]
entry("nc_deflate_shuffle.nc", "netCDF4", {"temp": temp}, var_attrs={"temp": {"units": "K"}})

# Fletcher-32 checksums on a chunked float64 variable.
pres = np.linspace(1000.0, 100.0, 64)
with netCDF4.Dataset(out / "nc_fletcher32.nc", "w") as ds:
    ds.createDimension("level", 64)
    v = ds.createVariable("pres", "f8", ("level",), fletcher32=True, chunksizes=(16,))
    v[:] = pres
entry("nc_fletcher32.nc", "netCDF4", {"pres": pres})

# Nested groups, each with variables and attributes; the root's variable is compared.
xs = np.arange(12, dtype="i4")
with netCDF4.Dataset(out / "nc_groups.nc", "w") as ds:
    ds.title = "groups"
    ds.createDimension("x", 12)
    ds.createVariable("x", "i4", ("x",))[:] = xs
    g = ds.createGroup("instrument")
    g.serial = "A17"
    g.createDimension("y", 3)
    g.createVariable("y", "f4", ("y",))[:] = [1.0, 2.0, 3.0]
    h = g.createGroup("calibration")
    h.createVariable("gain", "f8", ("y",))[:] = [0.5, 0.25, 0.125]
entry("nc_groups.nc", "netCDF4", {"x": xs}, attrs={"title": "groups"})

# More than 8 attributes on a variable and on the file: dense attribute storage (fractal heap
# and version-2 B-trees, as netCDF-4 tracks creation order).
rh = np.linspace(10.0, 90.0, 9).astype("f4")
with netCDF4.Dataset(out / "nc_dense_attrs.nc", "w") as ds:
    ds.createDimension("time", 9)
    v = ds.createVariable("rh", "f4", ("time",))
    v[:] = rh
    for i in range(20):
        v.setncattr(f"attr_{i:02d}", f"value {i}")
    for i in range(12):
        ds.setncattr(f"global_{i:02d}", np.int32(i * 3))
entry("nc_dense_attrs.nc", "netCDF4", {"rh": rh}, attrs={"global_11": 33.0},
      var_attrs={"rh": {"attr_00": "value 0", "attr_19": "value 19"}})

# Fill values: an explicit _FillValue with masked elements, and a variable only half written
# (the rest reads as netCDF's default float fill).
counts = np.ma.masked_array(np.arange(10, dtype="i2"), mask=[i % 3 == 0 for i in range(10)])
half = np.array([1.5, 2.5, 3.5, 4.5, 5.5], dtype="f4")
with netCDF4.Dataset(out / "nc_fill.nc", "w") as ds:
    ds.createDimension("n", 10)
    v = ds.createVariable("counts", "i2", ("n",), fill_value=np.int16(-9999))
    v[:] = counts
    w = ds.createVariable("half", "f4", ("n",))
    w[0:5] = half
counts_raw = counts.filled(-9999)
half_raw = np.concatenate([half, np.full(5, netCDF4.default_fillvals["f4"], dtype="f4")])
entry("nc_fill.nc", "netCDF4", {"counts": counts_raw, "half": half_raw},
      var_attrs={"counts": {"_FillValue": -9999.0}})

# Two unlimited dimensions.
grid = np.arange(4 * 3, dtype="f8").reshape(4, 3)
with netCDF4.Dataset(out / "nc_unlimited.nc", "w") as ds:
    ds.createDimension("time", None)
    ds.createDimension("bin", None)
    v = ds.createVariable("grid", "f8", ("time", "bin"))
    v[0:2, 0:3] = grid[0:2]
    v[2:4, 0:3] = grid[2:4]
entry("nc_unlimited.nc", "netCDF4", {"grid": grid})

# Variable-length strings: a string variable, a string attribute and a string-array attribute.
names = np.array(["alpha", "", "\u03b3\u03b4 gamma delta", "x" * 300], dtype=object)
with netCDF4.Dataset(out / "nc_strings.nc", "w") as ds:
    ds.createDimension("station", 4)
    v = ds.createVariable("station_name", str, ("station",))
    for i, s in enumerate(names):
        v[i] = s
    ds.setncattr_string("site", "Southern Great Plains")
    ds.setncattr_string("flag_meanings_list", ["good", "suspect", "bad"])
entry("nc_strings.nc", "netCDF4", {"station_name": names}, attrs={"site": "Southern Great Plains"})

# Contiguous storage.
wind = rng.uniform(0.0, 20.0, 50).astype("f4")
with netCDF4.Dataset(out / "nc_contiguous.nc", "w") as ds:
    ds.createDimension("time", 50)
    ds.createVariable("wind", "f4", ("time",), contiguous=True)[:] = wind
entry("nc_contiguous.nc", "netCDF4", {"wind": wind})

# --- h5py (dimension scales attached, so libnetcdf sees named dimensions) --------------------


def scaled(f, name, data, dim, **kw):
    """A dataset over dimension-scale dataset `dim` (created on first use)."""
    if dim not in f:
        d = f.create_dataset(dim, data=np.arange(len(data), dtype="i4"))
        d.make_scale(dim)
    v = f.create_dataset(name, data=data, **kw)
    v.dims[0].attach_scale(f[dim])
    return v


# Default format (superblock 0, version-1 object headers), contiguous, with attributes of
# fixed-length and variable-length strings.
a = rng.normal(0.0, 1.0, 40)
with h5py.File(out / "h5_contiguous.h5", "w") as f:
    v = scaled(f, "a", a, "n")
    v.attrs["units"] = np.bytes_("m s-1")
    v.attrs["long_name"] = "vertical velocity"
    f.attrs["source"] = "h5py"
entry("h5_contiguous.h5", "h5py", {"a": a}, attrs={"source": "h5py"},
      var_attrs={"a": {"units": "m s-1", "long_name": "vertical velocity"}})

# Chunked with gzip, shuffle and Fletcher-32.
b = np.arange(1000, dtype="i4") * 7
with h5py.File(out / "h5_chunked_gzip.h5", "w") as f:
    scaled(f, "b", b, "n", chunks=(128,), compression="gzip", compression_opts=6, shuffle=True,
           fletcher32=True)
entry("h5_chunked_gzip.h5", "h5py", {"b": b})

# Compact layout (the data inside the object header).
c = np.array([3.25, -1.5, 8.0, 0.0], dtype="f4")
with h5py.File(out / "h5_compact.h5", "w") as f:
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    space = h5py.h5s.create_simple((4,))
    dsid = h5py.h5d.create(f.id, b"c", h5py.h5t.IEEE_F32LE, space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, c)
    d = f.create_dataset("m", data=np.arange(4, dtype="i4"))
    d.make_scale("m")
    f["c"].dims[0].attach_scale(d)
entry("h5_compact.h5", "h5py", {"c": c})

# The newest format libhdf5 1.10 reads (libnetcdf here links it; a file of HDF5 2.0's own newest
# format is refused by it as an "HDF error"): superblock 3, version-2 object headers, creation order tracked, more
# than 8 attributes (dense storage), and the chunk indexes of that format (fixed array for a
# fixed shape, extensible array for one unlimited dimension, version-2 B-tree for two).
e = np.arange(24, dtype="f8")
g2 = np.arange(6, dtype="f4").reshape(2, 3)
with h5py.File(out / "h5_latest.h5", "w", libver=("v110", "v110"), track_order=True) as f:
    v = scaled(f, "fixed", e, "n", chunks=(8,))
    for i in range(12):
        v.attrs[f"attr_{i:02d}"] = np.int32(i)
    u = f.create_dataset("growing", data=e, chunks=(8,), maxshape=(None,))
    d = f.create_dataset("k", data=np.arange(24, dtype="i4"))
    d.make_scale("k")
    u.dims[0].attach_scale(d)
    f.create_dataset("two_unlimited", data=g2, chunks=(1, 3), maxshape=(None, None))
entry("h5_latest.h5", "h5py", {"fixed": e, "growing": e, "two_unlimited": g2},
      var_attrs={"fixed": {"attr_11": 11.0}})

# Variable-length strings in a dataset and in an attribute.
words = np.array(["one", "two", "three", "", "f\u00fcnf"], dtype=object)
with h5py.File(out / "h5_vlen_strings.h5", "w") as f:
    v = scaled(f, "words", words.astype(h5py.string_dtype()), "n")
    v.attrs["comment"] = "variable-length"
entry("h5_vlen_strings.h5", "h5py", {"words": words}, var_attrs={"words": {"comment": "variable-length"}})

(out / "manifest.json").write_text(json.dumps(manifest, indent=1))
print(f"wrote {len(manifest)} files to {out}")
