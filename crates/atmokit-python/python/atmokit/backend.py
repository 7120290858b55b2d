"""The xarray backend: ``xr.open_dataset(path, engine="atmokit")``.

Registered through the ``xarray.backends`` entry point, so ``xr.open_mfdataset(paths,
engine="atmokit", parallel=True)`` reads each file with atmokit in a Dask task.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from xarray.backends import BackendEntrypoint

from . import _native
from ._xr import to_xarray
from .io import names


class AtmokitBackendEntrypoint(BackendEntrypoint):
    """Open netCDF, raw MPL and text files with atmokit's Rust readers."""

    description = "Read ARM/NOAA netCDF, raw MPL and text files with atmokit (Rust)"
    url = "https://example.invalid/atmokit"
    open_dataset_parameters = ("filename_or_obj", "drop_variables", "keep_variables")

    def open_dataset(
        self,
        filename_or_obj,
        *,
        drop_variables: str | Iterable[str] | None = None,
        keep_variables: str | Iterable[str] | None = None,
    ):
        """Read one file (decoded as ACT's reader decodes it)."""
        if not isinstance(filename_or_obj, (str, os.PathLike)):
            raise TypeError("the atmokit engine reads files by name (str or os.PathLike)")
        d = _native.read([os.fspath(filename_or_obj)], names(keep_variables), names(drop_variables))
        return to_xarray(d)

    def guess_can_open(self, filename_or_obj) -> bool:
        """Claim only raw MPL files (no other engine reads them); use ``engine="atmokit"`` otherwise."""
        if not isinstance(filename_or_obj, (str, os.PathLike)):
            return False
        return os.fspath(filename_or_obj).lower().endswith((".mpl", ".bi"))
