"""Readers and the writer: ACT's ``act.io`` functions on atmokit's Rust readers."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

import xarray as xr

from . import _native
from ._xr import from_xarray, to_xarray

PathLike = str | os.PathLike
"""A file name."""


def names(x: str | Iterable[str] | None) -> list[str] | None:
    """A variable name or several as a list (None stays None): ACT's keep/drop arguments."""
    if x is None:
        return None
    return [x] if isinstance(x, str) else [str(v) for v in x]


def expand_paths(paths: PathLike | Iterable[PathLike]) -> list[str]:
    """File names from one path, a glob pattern (``"sgpmetE13.b1.2019*.cdf"``) or a list of either;
    ``http://`` and ``https://`` URLs are passed on as they are.

    Patterns expand to the sorted list of matching files; a pattern that matches nothing is an
    error naming it (``FileNotFoundError``), so a typo never reads as an empty dataset.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    out: list[str] = []
    for p in items:
        p = os.fspath(p)
        if p.startswith(("http://", "https://")):
            out.append(p)  # a URL: fetched by the reader
        elif any(c in p for c in "*?["):
            matched = sorted(glob.glob(p))
            if not matched:
                raise FileNotFoundError(f"{p}: no file matches this pattern")
            out.extend(matched)
        else:
            out.append(p)
    if not out:
        raise ValueError("no input files")
    return out


def read_arm_netcdf(
    filenames: PathLike | Iterable[PathLike],
    keep_variables: str | Iterable[str] | None = None,
    drop_variables: str | Iterable[str] | None = None,
) -> xr.Dataset:
    """Read ARM netCDF files into one :class:`xarray.Dataset`, like ``act.io.arm.read_arm_netcdf``.

    Files are joined along ``time``; ``keep_variables`` keeps those variables (and the
    coordinates they need), ``drop_variables`` drops some. Times are ``datetime64[ns]``, fill
    values are NaN with ``_FillValue`` / ``missing_value`` in ``.encoding``, attrs keep their
    netCDF types. Differences from ACT are listed in ``docs/for-act-users.md``.

    >>> import atmokit
    >>> ds = atmokit.read_arm_netcdf("sgpmetE13.b1.2019010*.cdf", keep_variables=["temp_mean"])  # doctest: +SKIP
    """
    keep, drop = names(keep_variables), names(drop_variables)
    d = _native.read_arm_netcdf(
        expand_paths(filenames),
        keep,
        drop,
    )
    ds = to_xarray(d)
    if "_arm_standards_flag" in ds.attrs:
        # ACT stores a Python int here.
        ds.attrs["_arm_standards_flag"] = int(ds.attrs["_arm_standards_flag"])
    return ds


def read(
    filenames: PathLike | Iterable[PathLike],
    keep_variables: str | Iterable[str] | None = None,
    drop_variables: str | Iterable[str] | None = None,
) -> xr.Dataset:
    """Read files of any format atmokit knows into one :class:`xarray.Dataset`.

    netCDF (classic and netCDF-4), raw SigmaSpace MPL (``.mpl``/``.bi``) and every text format
    (CSV, NOAA GML and PSL, sodar, HYSPLIT, ICARTT, NEON, AmeriFlux, SURFRAD), recognised by
    content. Several files are joined along ``time``. Inputs may be files, folders, glob
    patterns, archives (``.tar``, ``.tar.gz``, ``.tgz``, ``.gz``, ``.zip``, read in memory) and
    ``http(s)://`` URLs (fetched into memory; ACT's ``read_csv`` and ``read_surfrad`` take URLs).
    """
    keep, drop = names(keep_variables), names(drop_variables)
    d = _native.read(
        expand_paths(filenames),
        keep,
        drop,
    )
    return to_xarray(d)


def read_neon_csv(
    files: PathLike | Iterable[PathLike],
    variable_files: PathLike | Iterable[PathLike] | None = None,
    position_files: PathLike | Iterable[PathLike] | None = None,
) -> xr.Dataset:
    """Read NEON data-product CSV files (ACT's ``act.io.neon.read_neon_csv``), joined on
    ``time`` (their ``startDateTime``), with units, long names and formats from the product's
    variables file (the row of the file's table, e.g. ``SAAT_1min``) and the sensor's position
    (``lat``, ``lon``, ``alt``, offsets and angles) from its sensor-positions file.

    >>> import atmokit
    >>> ds = atmokit.io.read_neon_csv("NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.*.csv")  # doctest: +SKIP
    """
    def many(x):
        return [] if x is None else expand_paths(x)

    return to_xarray(_native.read_neon_csv(expand_paths(files), many(variable_files), many(position_files)))


def read_arm_mmcr(filenames: PathLike | Iterable[PathLike], act_compat: bool = False) -> xr.Dataset:
    """Read legacy ARM MMCR radar files (ACT's ``act.io.arm.read_arm_mmcr``): the files joined
    along time, the ``heights`` dim renamed ``range``, and each (time, range) variable ``V``
    split per operating mode into ``V_<MODE>`` on ``time_<MODE>`` / ``range_<MODE>`` (the
    profiles ``ModeNum`` gives that mode, the mode's gates from ``heights``). ``<MODE>`` is the
    last ``_``-separated word of ``ModeDescription``; ``act_compat=True`` names modes as ACT
    does (a description without ``_`` gives ``b``).

    >>> import atmokit
    >>> ds = atmokit.io.read_arm_mmcr("sgpmmcrC1.b1.20040101.*.cdf")  # doctest: +SKIP
    """
    return to_xarray(_native.read_arm_mmcr(expand_paths(filenames), bool(act_compat)))


def read_psl_wind_profiler(filepath: PathLike, act_compat: bool = False) -> list[xr.Dataset]:
    """Read a NOAA PSL wind profiler winds file (``.NNw``): one :class:`xarray.Dataset` per
    operating mode, in order of first appearance, with dims ``(time, HT)``.

    ACT's ``act.io.noaapsl.read_psl_wind_profiler`` returns a pair of the odd and the even
    sections, which mixes modes when a file has three; ``act_compat=True`` returns that pair.

    >>> import atmokit
    >>> short, long = atmokit.io.read_psl_wind_profiler("ctd21125.15w")  # doctest: +SKIP
    """
    return [to_xarray(d) for d in _native.read_psl_wind_profiler(os.fspath(filepath), act_compat)]


def read_surfrad(filename: PathLike | list[PathLike], act_compat: bool = False) -> xr.Dataset:
    """Read NOAA SURFRAD daily files (``bon24001.dat``), concatenated on time in the order given.

    By default variables carry the GML radiation names (``downwelling_global_solar``, ...,
    ``net_solar``, ``net_radiation`` = total net), −9999.9 becomes NaN and each ``qc_*`` has CF
    flag attributes. ``act_compat=True`` gives ACT's ``act.io.noaagml.read_surfrad`` form: its
    names (``downwelling_global``, ``net_radiation`` for the net solar column), the date/time
    columns, raw values and ACT's attributes.

    >>> import atmokit
    >>> ds = atmokit.io.read_surfrad(["bon24001.dat", "bon24002.dat"])  # doctest: +SKIP
    """
    files = [filename] if isinstance(filename, (str, os.PathLike)) else list(filename)
    return to_xarray(_native.read_surfrad([os.fspath(f) for f in files], act_compat))


def read_ameriflux(
    filename: PathLike,
    metadata_filename: PathLike | None = None,
    data_type: str | None = None,
    timestep: str | None = None,
    rename_vars_dict: dict[str, str] | None = None,
    variable_units_dict: dict[str, str] | None = None,
    act_compat: bool = False,
) -> xr.Dataset:
    """Read an AmeriFlux BASE or FLUXNET CSV file (ACT's ``act.io.ameriflux.read_ameriflux``).

    ``data_type`` (``"base"`` or ``"fluxnet"``) is checked against the file; ``timestep`` is not
    needed (the timestamps give their resolution) and, when given, must be one of ACT's
    (``year``, ``month``, ``week``, ``day``, ``hour``); ``rename_vars_dict`` renames variables and
    ``variable_units_dict`` sets the units of the variables it names. ``metadata_filename``: the
    site's BADM Excel sheet (read with ``pandas.read_excel``, which needs ``openpyxl``), whose
    ``VARIABLE`` / ``DATAVALUE`` rows become global attributes as ACT makes them
    (``TEAM_MEMBERS``, ``DOI_CONTRIBUTORS``, ``FLUX_MEASUREMENTS_METHODS`` lists for the
    repeated groups); ``act_compat=True`` ends each kind's last group after five rows and drops
    contributor addresses, as ACT does.

    >>> import atmokit
    >>> ds = atmokit.io.read_ameriflux("AMF_US-CU1_BASE_HH_1-5.csv", rename_vars_dict={"CO2": "co2"})  # doctest: +SKIP
    """
    if timestep is not None and timestep not in ("year", "month", "week", "day", "hour"):
        raise ValueError(f"read_ameriflux: timestep '{timestep}': choose year, month, week, day or hour")
    ds = to_xarray(
        _native.read_ameriflux(
            os.fspath(filename),
            data_type,
            list((rename_vars_dict or {}).items()),
            list((variable_units_dict or {}).items()),
        )
    )
    if metadata_filename is not None:
        import pandas as pd

        sheet = pd.read_excel(os.fspath(metadata_filename))
        for col in ("VARIABLE", "DATAVALUE"):
            if col not in sheet.columns:
                raise KeyError(f"read_ameriflux: {metadata_filename}: the BADM sheet has no '{col}' column")
        rows = [(str(k), str(v)) for k, v in zip(sheet["VARIABLE"], sheet["DATAVALUE"])]
        ds.attrs.update(to_xarray(_native.ameriflux_badm(rows, bool(act_compat))).attrs)
    return ds


def read_sp2(file_name: PathLike, debug: bool = False, arm_convention: bool = True) -> xr.Dataset:
    """Read a raw SP2 waveform file (``.sp2b``): PySP2's ``read_sp2`` (ACT ``act.io.read_sp2``).

    Dims ``(event_index, columns)``; variables ``time``, ``Flag``, ``Res1``, ``Res5``-``Res8``,
    ``EventIndex``, ``DateTimeWaveUTC``, ``TimeWave``, ``DateTimeWave``, ``Data_ch0``...
    The waveforms keep the file's ``int16`` (PySP2 widens them to ``int64``); a truncated record
    or an empty file raises an error naming the file (PySP2 drops the partial record, and
    returns ``None`` for an empty file). ``debug`` is accepted for PySP2 compatibility.

    >>> import atmokit
    >>> ds = atmokit.io.read_sp2("mosaossp2M1.00.20191216.130601.raw.20191216x193.sp2b")  # doctest: +SKIP
    """
    del debug
    return to_xarray(_native.read_sp2(os.fspath(file_name), arm_convention))


def read_hk_file(file_name: PathLike) -> xr.Dataset:
    """Read an SP2 housekeeping file (``.hk``): PySP2's ``read_hk_file`` (ACT
    ``act.io.read_hk_file``). ``Name (units)`` columns become ``Name`` with ``units`` and
    ``long_name`` attrs; ``time`` comes from ``Timestamp`` (s since 1904-01-01)."""
    return to_xarray(_native.read_hk_file(os.fspath(file_name)))


def read_sp2_dat(file_name: PathLike | Iterable[PathLike], type: str) -> xr.Dataset:  # noqa: A002
    """Read SP2 ``.dat`` files (``type``: ``"particle"`` or ``"conc"``): PySP2's ``read_dat``
    (ACT ``act.io.read_sp2_dat``); wildcards expand, the rows are sorted by ``DateTimeWave``
    (particle) or ``Start DateTime`` (conc). An empty file raises (PySP2 skips it)."""
    return to_xarray(_native.read_sp2_dat(expand_paths(file_name), type))


def read_sp2_config(file_name: PathLike) -> dict[str, dict[str, str]]:
    """Read an SP2 ``.ini`` file as ``{section: {key: value}}`` (keys lower-cased, as PySP2's
    ``read_config`` / ``configparser`` give them)."""
    return {s: dict(kv) for s, kv in _native.read_sp2_config(os.fspath(file_name))}


def write_netcdf(
    ds: xr.Dataset,
    path: PathLike,
    format: str = "netcdf4",
    *,
    cleanup_global_atts: bool = True,
    cleanup_qc_atts: bool = True,
    join_char: str = "__",
    make_copy: bool = True,
    cf_compliant: bool = False,
    delete_global_attrs=None,
    FillValue: bool | None = None,
    cf_convention: str = "CF-1.8",
    encoding: dict | None = None,
    history: str | None = None,
    act_compat: bool = False,
) -> None:
    """Write ``ds`` to ``path`` (``format``: ``"netcdf4"``, ``"classic"``, ``"64bit_offset"``),
    with ACT's ``ds.write.write_netcdf`` options.

    The write is atomic: a temporary file next to the target is renamed into place, so a crash
    never leaves a partial file. Encodings (``_FillValue``, time units, chunking, compression)
    are honoured; ``encoding`` (ACT's, as xarray's ``to_netcdf`` takes it:
    ``{"temp_mean": {"_FillValue": -9999.0}}``) is laid over each variable's ``.encoding``.
    ``cleanup_global_atts`` drops global attributes starting with ``_``; ``cleanup_qc_atts``
    joins ``flag_meanings`` / ``flag_assessments`` lists with ``join_char`` inside each item;
    ``cf_compliant`` adds CF axis, standard-name, ``featureType`` and ``Conventions``
    (``cf_convention``) attributes; ``delete_global_attrs`` lists global attributes to drop;
    ``FillValue=True`` gives every float variable without one a NaN ``_FillValue``. ``make_copy``
    is accepted for ACT's sake: ``ds`` is never changed.

    Defaults that differ from ACT's (nothing is dropped or added silently): ACT deletes
    ``qc_standards_version``, ``qc_method`` and ``qc_comment`` and adds NaN fill values
    (``FillValue=True``) and a history line; ``act_compat=True`` does all three.
    """
    del make_copy  # the dataset is never modified
    if encoding:
        ds = ds.copy(deep=False)
        for name, enc in encoding.items():
            if name not in ds.variables:
                raise KeyError(f"write_netcdf: encoding names '{name}', which is not in the dataset")
            ds.variables[name].encoding = {**ds.variables[name].encoding, **enc}
    if delete_global_attrs is None and act_compat:
        delete_global_attrs = ["qc_standards_version", "qc_method", "qc_comment"]
    _native.write_netcdf(
        from_xarray(ds),
        os.fspath(Path(path)),
        format,
        bool(cleanup_global_atts),
        bool(cleanup_qc_atts),
        str(join_char),
        bool(cf_compliant),
        None if delete_global_attrs is None else [str(a) for a in delete_global_attrs],
        None if FillValue is None else bool(FillValue),
        str(cf_convention),
        history,
        bool(act_compat),
    )


def convert_to_ameriflux(
    ds: xr.Dataset,
    variable_mapping: dict | None = None,
    soil_mapping: dict | None = None,
    depth_profile=(2.5, 5, 10, 15, 20, 30, 35, 50, 75, 100),
    include_missing_variables: bool = False,
    **kwargs,
):
    """ARM data as an AmeriFlux table (ACT ``convert_to_ameriflux``): a pandas DataFrame with
    ``TIMESTAMP_START``, ``TIMESTAMP_END`` and one column per mapped variable, in AmeriFlux's
    names and units, missing values -9999.

    The mappings are ACT's: ``{"co2_flux": {"name": "FC", "units": "umol/(m^2 s)"}, ...}``;
    ``None`` uses ACT's ARM defaults. Soil variables are numbered ``NAME_H_V_R`` as ACT does; a
    depth not in ``depth_profile`` takes the nearest one (ACT raises ``IndexError``).
    """
    import pandas as pd

    def rows(m):
        return None if m is None else [(k, v["name"], v.get("units", "")) for k, v in m.items()]

    start, end, cols = _native.convert_to_ameriflux(
        from_xarray(ds),
        rows(variable_mapping),
        rows(soil_mapping),
        [float(d) for d in depth_profile],
        bool(include_missing_variables),
    )
    data = {"TIMESTAMP_START": start, "TIMESTAMP_END": end}
    for name, values in cols:
        data[name] = values
    return pd.DataFrame(data).fillna(-9999.0)


def create_ds_from_arm_dod(
    proc: str,
    set_dims: dict[str, int],
    version: str = "",
    fill_value: float = -9999.0,
    scalar_fill_dim: str | None = None,
    local_file: bool = False,
    *,
    base_url: str | None = None,
    act_compat: bool = False,
) -> xr.Dataset:
    """An empty dataset from an ARM Data Object Definition (ACT's
    ``act.io.arm.create_ds_from_arm_dod``), with ACT's arguments.

    ``proc`` is a process (``"vdis.b1"``) fetched from ARM's PCM DOD service
    (``https://pcm.arm.gov/pcm/api/dods/{proc}``; ``base_url`` replaces the root, for mirrors
    and tests), or the path of a saved DOD JSON when ``local_file=True``. ``set_dims`` gives the
    dim lengths the DOD leaves open (always ``time``). Variables get the DOD's types and typed
    attributes; ``act_compat=True`` gives ACT's float64 / int64 arrays and text attributes. An
    empty or unknown ``version`` takes the newest (ACT warns and takes the last listed).

    >>> import atmokit
    >>> ds = atmokit.io.create_ds_from_arm_dod("vdis.b1", {"time": 1440, "drop_diameter": 50})  # doctest: +SKIP
    """
    return to_xarray(
        _native.create_ds_from_arm_dod(
            os.fspath(proc) if local_file else str(proc),
            [(str(k), int(v)) for k, v in set_dims.items()],
            version or None,
            float(fill_value),
            scalar_fill_dim,
            bool(local_file),
            base_url,
            bool(act_compat),
        )
    )
