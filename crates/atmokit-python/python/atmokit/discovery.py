"""ACT's ``act.discovery`` download clients on atmokit's HTTPS clients (Rust, rustls).

Every file is written whole or not at all (temporary name, then rename), files already present
are kept (re-running resumes), transient failures (timeouts, 429, 5xx) are retried with backoff,
and a refusal raises ``PermissionError`` (401/403) or ``FileNotFoundError`` (404) naming the URL
without the token. ARM credentials come from the arguments or from ``ARM_USERNAME`` /
``ARM_TOKEN``. Each function takes ``base_url`` so that mirrors and tests can point it elsewhere::

    import atmokit.discovery as disc
    files = disc.download_arm_data(None, None, "sgpmetE13.b1", "2019-01-01", "2019-01-07", output="met")
    ds = atmokit.read_arm_netcdf(files)

Each returns the paths of the files written or kept.
"""

from __future__ import annotations

import os

from . import _native

PathLike = str | os.PathLike


def _native_fn(name: str):
    fn = getattr(_native, name, None)
    if fn is None:
        raise ImportError(f"atmokit was built without its 'discovery' feature: {name} is not available")
    return fn


def _path(p: PathLike | None) -> str | None:
    return os.fspath(p) if p is not None else None


def download_arm_data(
    username: str | None,
    token: str | None,
    datastream: str,
    startdate: str,
    enddate: str,
    time: str | None = None,
    output: PathLike | None = None,
    *,
    base_url: str | None = None,
    overwrite: bool = False,
    attempts: int | None = None,
) -> list[str]:
    """ACT's ``download_arm_data``: the files of ``datastream`` from ``startdate`` to ``enddate``
    (``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ss``; ``time`` keeps files of that time of day) from
    ARM Live into ``output`` (default: a folder named after the datastream). ``username`` and
    ``token`` None: taken from ``ARM_USERNAME`` / ``ARM_TOKEN``."""
    return _native_fn("download_arm_data")(
        username, token, datastream, startdate, enddate, time, _path(output), base_url, overwrite, attempts
    )


def get_arm_doi(datastream: str, startdate: str, enddate: str, *, base_url: str | None = None) -> str:
    """ACT's ``get_arm_doi``: the APA citation with DOI of ``datastream`` for the period, or
    ``"No DOI Found"``."""
    return _native_fn("get_arm_doi")(datastream, startdate, enddate, base_url)


def download_surfrad_data(
    site: str, startdate: str, enddate: str, output: PathLike | None = None, *, base_url: str | None = None, overwrite: bool = False
) -> list[str]:
    """ACT's ``download_surfrad_data``: NOAA SURFRAD daily files of ``site`` (e.g. ``"bnd"``),
    both dates included. Days the archive lacks are skipped."""
    return _native_fn("download_surfrad_data")(site, startdate, enddate, _path(output), base_url, overwrite)


def download_noaa_psl_data(
    site: str,
    instrument: str,
    startdate: str,
    enddate: str | None = None,
    hour: str | None = None,
    output: PathLike | None = None,
    *,
    base_url: str | None = None,
    overwrite: bool = False,
) -> list[str]:
    """ACT's ``download_noaa_psl_data``: NOAA PSL files of ``instrument`` (e.g.
    ``"Parsivel"``, ``"Radar FMCW Moment"``) at ``site`` per day; ``hour`` keeps one hour."""
    return _native_fn("download_noaa_psl_data")(site, instrument, startdate, enddate, hour, _path(output), base_url, overwrite)


def download_neon_data(
    site: str,
    product_code: str,
    begin_date: str,
    end_date: str | None = None,
    output_dir: PathLike | None = None,
    *,
    base_url: str | None = None,
    overwrite: bool = False,
) -> list[str]:
    """ACT's ``download_neon_data``: every file of NEON data product ``product_code`` (e.g.
    ``"DP1.00002.001"``) at ``site`` per month (``YYYY-MM``)."""
    return _native_fn("download_neon_data")(site, product_code, begin_date, end_date, _path(output_dir), base_url, overwrite)


__all__ = ["download_arm_data", "download_neon_data", "download_noaa_psl_data", "download_surfrad_data", "get_arm_doi"]
