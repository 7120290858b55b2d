"""Write the HDF5 seed files of the netCDF-4 fuzz corpus that no oracle file provides
(tests/fuzz/netcdf4.rs): the chunk indexes of HDF5 >= 1.10 and huge fractal-heap objects.

    python make_seeds.py OUT_DIR

v4_indexes.h5: fixed array (unfiltered; deflate + shuffle + Fletcher-32), paged fixed array
(1100 chunks), extensible array with secondary blocks (300 chunks), version-2 B-tree (two
unlimited dimensions, filtered). huge_attrs.h5: dense attribute storage holding 5 kB and 9 kB
attributes, which are huge objects of its fractal heap.
"""

import sys
from pathlib import Path

import h5py
import numpy as np

out = Path(sys.argv[1])
with h5py.File(out / "v4_indexes.h5", "w", libver="latest") as f:
    f.create_dataset("fixed", data=np.arange(40, dtype="f4"), chunks=(8,))
    f.create_dataset("fixed_z", data=np.arange(60, dtype="i4").reshape(6, 10), chunks=(4, 3),
                     compression="gzip", shuffle=True, fletcher32=True)
    f.create_dataset("paged", data=np.arange(1100, dtype="u1"), chunks=(1,))
    e = f.create_dataset("ext", shape=(0,), maxshape=(None,), chunks=(1,), dtype="u1")
    e.resize((300,))
    e[:] = np.arange(300) % 256
    b = f.create_dataset("bt2", shape=(0, 0), maxshape=(None, None), chunks=(2, 2), dtype="i2",
                         compression="gzip")
    b.resize((8, 6))
    b[:] = np.arange(48, dtype="i2").reshape(8, 6)
with h5py.File(out / "huge_attrs.h5", "w", libver="latest") as f:
    d = f.create_dataset("x", data=np.arange(4, dtype="f4"))
    for i in range(10):
        d.attrs[f"a{i}"] = np.int32(i)
    d.attrs["big"] = np.arange(640, dtype="f8")
    f.attrs["big"] = np.arange(2300, dtype="i4")
