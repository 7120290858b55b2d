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


def _time(t) -> str:
    """A datetime (or text) of ACT's ``time_window`` as ``YYYY-MM-DDTHH:MM:SS``."""
    return t.strftime("%Y-%m-%dT%H:%M:%S") if hasattr(t, "strftime") else str(t)


def _stations(station):
    if station is None:
        return None
    return [station] if isinstance(station, str) else list(station)


def get_asos_data(
    time_window,
    lat_range=None,
    lon_range=None,
    station=None,
    regions: str | None = None,
    output: PathLike | None = None,
    *,
    base_url: str | None = None,
    overwrite: bool = False,
    act_compat: bool = False,
) -> list[str]:
    """ACT's ``get_asos_data``: ASOS/AWOS observations from the Iowa Environmental Mesonet over
    ``time_window`` (two datetimes, UTC) for ``station`` (an IEM id or a list of them) or every
    station of ``regions``' networks (``"IL IA"``; default ACT's list) inside ``lat_range`` and
    ``lon_range``. Unlike ACT, which returns datasets, each station's IEM CSV is saved in
    ``output`` (default ``asos``) as ``{STATION}_{start}_{end}.csv``; the paths are returned.
    ``act_compat`` joins ``regions`` as ACT 2.3.4 does (``"IL IA"`` searches Israel's network)."""
    start, end = time_window
    return _native_fn("get_asos_data")(
        _time(start), _time(end), _pair(lat_range), _pair(lon_range), _stations(station), regions,
        _path(output), base_url, overwrite, act_compat,
    )


def get_asos_datasets(
    time_window,
    lat_range=None,
    lon_range=None,
    station=None,
    regions: str | None = None,
    output: PathLike | None = None,
    *,
    base_url: str | None = None,
    overwrite: bool = False,
    act_compat: bool = False,
) -> dict:
    """ACT's ``get_asos_data`` with its return value: ``{station: xarray.Dataset}`` on ``time``
    with ACT's variables (``temp``, ``dwpc``, ``spdms``, ``u``, ``v``, ``vsbykm``, gusts in m/s,
    sky levels in m, ice accretion in cm, ``u_peak``, ``v_peak``) and the station's IEM metadata
    as attrs; each IEM CSV is also kept in ``output`` (default ``asos``). ACT's slips
    (``temp = 5/9*tmpf - 32``, ``dwpc`` from ``tmpf``, the 6-hour ice accretion from the 3-hour
    column, sky-level units in ``long_name``, the latitude as ``site_longitude`` in a box, ~270
    metadata requests per station) are reproduced only with ``act_compat``."""
    from ._xr import to_xarray

    start, end = time_window
    sets = _native_fn("get_asos_datasets")(
        _time(start), _time(end), _pair(lat_range), _pair(lon_range), _stations(station), regions,
        _path(output), base_url, overwrite, act_compat,
    )
    return {k: to_xarray(v) for k, v in sets.items()}


def _pair(r):
    return None if r is None else (float(r[0]), float(r[1]))


def get_asos_stations(
    lat_range=None, lon_range=None, station=None, regions: str | None = None, *, base_url: str | None = None, act_compat: bool = False
) -> list[dict]:
    """IEM station lookup (the metadata ACT attaches to each ASOS dataset): one dict per station
    with ``id``, ``network``, ``site_latitude``, ``site_longitude`` and IEM's properties."""
    import json

    rows = _native_fn("get_asos_stations")(_pair(lat_range), _pair(lon_range), _stations(station), regions, base_url, act_compat)
    out = []
    for sid, net, lat, lon, props in rows:
        d = json.loads(props)
        d.update({"id": sid, "network": net, "site_latitude": lat, "site_longitude": lon})
        out.append(d)
    return out


def get_airnow_forecast(
    token: str | None, date: str, zipcode: str | None = None, latlon=None, distance: int = 25,
    output: PathLike | None = None, *, base_url: str | None = None,
) -> str:
    """ACT's ``get_airnow_forecast``: the AQI forecast CSV of a ZIP code or ``[lat, lon]`` for
    ``date`` (``YYYY-MM-DD``), saved in ``output`` (default ``airnow``); returns its path.
    ``token`` None: ``AIRNOW_API_KEY``. The key never appears in errors."""
    return _native_fn("get_airnow_forecast")(
        token, date, None if zipcode is None else str(zipcode), _pair(latlon), distance, _path(output), base_url
    )


def get_airnow_obs(
    token: str | None, date: str | None = None, zipcode: str | None = None, latlon=None, distance: int = 25,
    output: PathLike | None = None, *, base_url: str | None = None,
) -> str:
    """ACT's ``get_airnow_obs``: observed AQI (current, or of ``date``) saved as CSV."""
    return _native_fn("get_airnow_obs")(
        token, date, None if zipcode is None else str(zipcode), _pair(latlon), distance, _path(output), base_url
    )


def get_airnow_bounded_obs(
    token: str | None, start_date: str, end_date: str, latlon_bnds: str, parameters: str = "OZONE,PM25",
    data_type: str = "B", mon_type: int = 0, output: PathLike | None = None, *, base_url: str | None = None,
) -> str:
    """ACT's ``get_airnow_bounded_obs``: monitor data in ``latlon_bnds`` (``minX,minY,maxX,maxY``)
    from ``start_date`` to ``end_date`` (``YYYY-MM-DDTHH``) saved as CSV."""
    return _native_fn("get_airnow_bounded_obs")(
        token, start_date, end_date, latlon_bnds, parameters, data_type, mon_type, _path(output), base_url
    )


def get_airnow_forecast_dataset(
    token: str | None, date: str, zipcode: str | None = None, latlon=None, distance: int = 25,
    output: PathLike | None = None, *, base_url: str | None = None,
):
    """ACT's ``get_airnow_forecast`` with its return value: the forecast as an
    ``xarray.Dataset`` on ``index`` (one variable per CSV column); the CSV is kept in ``output``."""
    from ._xr import to_xarray

    path = get_airnow_forecast(token, date, zipcode, latlon, distance, output, base_url=base_url)
    return to_xarray(_native_fn("read_airnow_csv")(path))


def get_airnow_obs_dataset(
    token: str | None, date: str | None = None, zipcode: str | None = None, latlon=None, distance: int = 25,
    output: PathLike | None = None, *, base_url: str | None = None,
):
    """ACT's ``get_airnow_obs`` with its return value (an ``xarray.Dataset`` on ``index``)."""
    from ._xr import to_xarray

    path = get_airnow_obs(token, date, zipcode, latlon, distance, output, base_url=base_url)
    return to_xarray(_native_fn("read_airnow_csv")(path))


def get_airnow_bounded_obs_dataset(
    token: str | None, start_date: str, end_date: str, latlon_bnds: str, parameters: str = "OZONE,PM25",
    data_type: str = "B", mon_type: int = 0, output: PathLike | None = None, *, base_url: str | None = None,
    act_compat: bool = False,
):
    """ACT's ``get_airnow_bounded_obs`` with its return value: an ``xarray.Dataset`` on
    (``time``, ``sites``). By default ``AQI`` is the highest of the parameters' AQIs (EPA's
    reported AQI) with its ``category``, ``{PARAMETER}_AQI`` / ``{PARAMETER}_raw_concentration``
    are per parameter, AirNow's -999 is NaN and ``aqs_id`` keeps its leading zero;
    ``act_compat`` gives ACT's first-row ``AQI`` / ``category`` / ``raw_concentration``."""
    from ._xr import to_xarray

    path = get_airnow_bounded_obs(
        token, start_date, end_date, latlon_bnds, parameters, data_type, mon_type, output, base_url=base_url
    )
    return to_xarray(_native_fn("read_airnow_bounded_csv")(path, act_compat))


def download_mplnet_data(
    version=None, level=None, product=None, site=None, year=None, month=None, day=None, outdir: PathLike | None = None,
    *, base_url: str | None = None, overwrite: bool = False,
) -> list[str]:
    """ACT's ``download_mplnet_data``: the MPLNET file (or month zip) for the arguments, saved
    under the name the service gives in ``outdir`` (default ``MPLNET``). A file of that name
    already there with the answer's size is kept unless ``overwrite``."""
    for name, v in [("version", version), ("level", level), ("product", product), ("site", site), ("year", year), ("month", month)]:
        if v is None:
            raise ValueError(f"Please provide the MPLNET {name}")
    return _native_fn("download_mplnet_data")(
        int(version), int(level), str(product), str(site), str(year), str(month), None if day is None else str(day),
        _path(outdir), base_url, overwrite,
    )


def get_mplnet_meta(sites=None, method=None, year=None, month=None, day=None, print_to_screen: bool = False, *, base_url: str | None = None):
    """ACT's ``get_mplnet_meta``: MPLNET site metadata (GALION JSON, parsed)."""
    import json

    if sites is None:
        raise ValueError("Site Parameter is required to download MPLNET Meta Data")
    v = json.loads(_native_fn("get_mplnet_meta")(
        str(sites), method, None if year is None else str(year), None if month is None else str(month),
        None if day is None else str(day), base_url,
    ))
    if print_to_screen:
        for s in v:
            print(s.get("id"))
    return v


def download_ameriflux_data(
    user_id: str, user_email: str, site_ids, data_product: str = "FLUXNET", data_policy: str | None = None,
    data_variant: str = "FULLSET", agree_policy: bool = True, intended_use: str | None = None,
    description: str | None = None, out_dir: PathLike | None = None, *, base_url: str | None = None, overwrite: bool = False,
) -> list[str]:
    """ACT's ``download_ameriflux_data``: the site ids are checked against AmeriFlux's list
    (unknown ones warned about and dropped), the request posted to its data service and each
    file it names fetched into ``out_dir`` (default ``data``)."""
    import warnings

    ids = [site_ids] if isinstance(site_ids, str) else list(site_ids)
    files, unknown = _native_fn("download_ameriflux_data")(
        user_id, user_email, ids, data_product, data_policy or "", data_variant or "", agree_policy,
        intended_use or "", description or "", _path(out_dir) or "data", base_url, overwrite,
    )
    if unknown:
        warnings.warn(f"{', '.join(unknown)} not valid AmeriFlux Site ID", UserWarning, stacklevel=2)
    return files


def get_improve_data(
    site_id=None, parameter_id=None, start_date=None, end_date=None, output: PathLike | None = None,
    *, base_url: str | None = None, overwrite: bool = False,
) -> str:
    """ACT's ``get_improve_data``: the IMPROVE data table of ``site_id`` (dates ``M/D/YYYY``),
    saved as the service's HTML in ``output`` (default ``improve``); returns its path."""
    if site_id is None:
        raise ValueError("Please provide a site_id")
    if start_date is None or end_date is None:
        raise ValueError("Please provide a start date and an end date")
    params = None if parameter_id is None else [str(p) for p in parameter_id]
    return _native_fn("get_improve_data")(str(site_id), params, start_date, end_date, _path(output), base_url, overwrite)


def get_improve_dataset(
    site_id=None, parameter_id=None, start_date=None, end_date=None, output: PathLike | None = None,
    *, base_url: str | None = None, site_base_url: str | None = None, overwrite: bool = False,
    act_compat: bool = False,
):
    """ACT's ``get_improve_data`` with its return value: an ``xarray.Dataset`` on ``time`` (one
    variable per IMPROVE parameter with its ``poc_`` code, ``lat``/``lon`` and the site summary
    page's fields as attrs); the data table and the summary page are kept in ``output``.
    IMPROVE's -999 is NaN (``_FillValue`` -999 in the encoding) unless ``act_compat``."""
    from ._xr import to_xarray

    if site_id is None:
        raise ValueError("Please provide a site_id")
    if start_date is None or end_date is None:
        raise ValueError("Please provide a start date and an end date")
    params = None if parameter_id is None else [str(p) for p in parameter_id]
    d = _native_fn("get_improve_dataset")(
        str(site_id), params, start_date, end_date, _path(output), base_url, site_base_url, overwrite, act_compat
    )
    return to_xarray(d)


def get_crop_type(lat=None, lon=None, year=None, *, base_url: str | None = None) -> str:
    """ACT's ``get_crop_type``: the CropScape (USDA CDL) crop type at ``lat``, ``lon`` in
    ``year`` (default: last year); the point is projected to the CDL's Albers grid in Rust."""
    if lat is None or lon is None:
        raise RuntimeError("Lat and Lon need to be provided")
    return _native_fn("get_crop_type")(float(lat), float(lon), None if year is None else int(year), base_url)


__all__ = [
    "download_ameriflux_data",
    "download_arm_data",
    "download_mplnet_data",
    "download_neon_data",
    "download_noaa_psl_data",
    "download_surfrad_data",
    "get_airnow_bounded_obs",
    "get_airnow_bounded_obs_dataset",
    "get_airnow_forecast",
    "get_airnow_forecast_dataset",
    "get_airnow_obs",
    "get_airnow_obs_dataset",
    "get_arm_doi",
    "get_asos_data",
    "get_asos_datasets",
    "get_asos_stations",
    "get_crop_type",
    "get_improve_data",
    "get_improve_dataset",
    "get_mplnet_meta",
]
