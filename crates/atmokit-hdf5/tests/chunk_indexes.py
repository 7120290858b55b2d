"""Write HDF5 files with the chunk indexes of HDF5 >= 1.10 and huge fractal-heap objects, for
crates/atmokit-hdf5/tests/chunk_indexes.rs.

    python chunk_indexes.py OUT_DIR

h5py with libver latest writes layout message version 4: a fixed array for chunked datasets of
fixed maximum shape (paged when it has more than 1024 chunks), an extensible array for one
unlimited dimension, a version-2 B-tree for several; each with and without filters. An attribute
larger than 4 KiB in dense attribute storage is a huge fractal-heap object.
"""

import sys
from pathlib import Path

import h5py
import numpy as np

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
kw = dict(libver="latest")

with h5py.File(out / "fixed_array.h5", "w", **kw) as f:
    f.create_dataset("plain", data=np.arange(100, dtype="f8"), chunks=(16,))
    f.create_dataset("deflate", data=np.arange(60, dtype="i4").reshape(6, 10), chunks=(4, 3),
                     compression="gzip", shuffle=True, fletcher32=True)

with h5py.File(out / "fixed_array_paged.h5", "w", **kw) as f:
    f.create_dataset("plain", data=np.arange(3000, dtype="i2"), chunks=(2,))
    f.create_dataset("deflate", data=np.arange(3000, dtype="i2"), chunks=(2,), compression="gzip")

with h5py.File(out / "extensible_array.h5", "w", **kw) as f:
    d = f.create_dataset("plain", shape=(0, 3), maxshape=(None, 3), chunks=(2, 3), dtype="f4")
    d.resize((5000, 3))
    d[:] = np.arange(15000, dtype="f4").reshape(5000, 3)
    g = f.create_dataset("deflate", shape=(0,), maxshape=(None,), chunks=(4,), dtype="i8",
                         compression="gzip", shuffle=True)
    g.resize((1000,))
    g[:] = np.arange(1000)

with h5py.File(out / "extensible_array_paged.h5", "w", **kw) as f:
    d = f.create_dataset("bytes", shape=(0,), maxshape=(None,), chunks=(1,), dtype="u1")
    d.resize((140000,))
    d[:] = np.arange(140000) % 251

with h5py.File(out / "btree2.h5", "w", **kw) as f:
    d = f.create_dataset("plain", shape=(0, 0), maxshape=(None, None), chunks=(2, 2), dtype="f8")
    d.resize((40, 30))
    d[:] = np.arange(1200, dtype="f8").reshape(40, 30)
    g = f.create_dataset("deflate", shape=(0, 0), maxshape=(None, None), chunks=(1, 5), dtype="i4",
                         compression="gzip", fletcher32=True)
    g.resize((200, 20))
    g[:] = np.arange(4000, dtype="i4").reshape(200, 20)

with h5py.File(out / "huge_attribute.h5", "w", **kw) as f:
    d = f.create_dataset("x", data=np.arange(10, dtype="f4"))
    for i in range(12):
        d.attrs[f"a{i}"] = np.float64(i)
    d.attrs["big"] = np.arange(2000, dtype="f8")
    f.attrs["huge"] = np.arange(20000, dtype="i4")
