"""atmokit: ARM/NOAA atmospheric time-series data for xarray and Dask, on a Rust engine.

Read files into :class:`xarray.Dataset` (``read_arm_netcdf``, ``read``, or
``xr.open_dataset(path, engine="atmokit")``), quality-control them with ARM's bit-packed QC under
ACT's names (:mod:`atmokit.qc`), correct them (:mod:`atmokit.corrections`), derive retrievals
(:mod:`atmokit.retrievals`), change units and reshape (:mod:`atmokit.utils`), plot them (:mod:`atmokit.plot`), track objects in gridded fields
(``track``), and write them (``write_netcdf``). ::

    import atmokit
    ds = atmokit.read_arm_netcdf("sgpmetE13.b1.2019010*.cdf")
    ds = atmokit.qc.add_delta_test(ds, "temp_mean", diff_limit=2.0)
"""

from . import corrections, discovery, plot, qc, retrievals, utils
from ._native import version
from .io import expand_paths, read, read_arm_netcdf, write_netcdf
from .lazy import open_mfdataset
from .track import track

__version__ = version()

__all__ = ["__version__", "corrections", "discovery", "expand_paths", "open_mfdataset", "plot", "qc", "read", "read_arm_netcdf", "retrievals", "track", "utils", "write_netcdf"]
