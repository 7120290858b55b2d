"""atmokit.write_netcdf with ACT's write_netcdf options, file against file: ACT 2.3.4 and atmokit
write the SGP met day (cleaned up by each, so the QC variables carry CF flag lists) under the same options, and every
variable's values, dtype and attributes, and the global attributes, are compared (the
``history`` line says who wrote the file, so it is left out)."""

from __future__ import annotations

import warnings

import netCDF4
import numpy as np
import pytest

import atmokit

from .conftest import data_file

MET = "sgpmetE13.b1.20190101.000000.cdf"


def _act_write(path, **kwargs):
    act = pytest.importorskip("act")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = act.io.arm.read_arm_netcdf(str(data_file(MET)))
        ds.clean.cleanup()
        # A fresh `encoding` every call: ACT's default `encoding={}` is one dict shared by all
        # calls, and `FillValue=False` writes into it, so every later write in the process
        # would lose its fill values (not reproduced by atmokit; see docs/for-act-users.md).
        kwargs.setdefault("encoding", {})
        ds.write.write_netcdf(path=str(path), **kwargs)


def _ours_write(path, **kwargs):
    ds = atmokit.qc.cleanup(atmokit.read_arm_netcdf(str(data_file(MET))))
    atmokit.write_netcdf(ds, path, **kwargs)


def _attrs(obj) -> dict:
    """Attributes as comparable values (NaN as the text 'nan', so NaN fills compare equal)."""
    out = {}
    for k in obj.ncattrs():
        if k == "history":
            continue
        v = obj.getncattr(k)
        v = v.tolist() if isinstance(v, np.ndarray) else v
        if isinstance(v, (float, np.floating)):
            v = (type(v).__name__, "nan" if np.isnan(v) else float(v))
        out[k] = v
    return out


def _compare(a, b):
    """ACT's file `a` against atmokit's `b`. Where ACT lost a variable's `missing_value` (xarray
    replaces the encoding of every variable named in `to_netcdf(encoding=)`, which ACT fills for
    `FillValue=False`, and with it the stored type), atmokit keeps it: there `b` must hold the
    missing value exactly where `a` holds NaN, and otherwise the same values."""
    with netCDF4.Dataset(a) as fa, netCDF4.Dataset(b) as fb:
        assert _attrs(fa) == _attrs(fb)
        assert set(fa.variables) == set(fb.variables)
        for name, va in fa.variables.items():
            vb = fb.variables[name]
            assert va.dimensions == vb.dimensions, name
            if " since " in getattr(va, "units", ""):
                # Times: xarray re-encodes them (int64, its own units); compare the instants.
                ta = netCDF4.num2date(va[:], va.units, only_use_cftime_datetimes=False)
                tb = netCDF4.num2date(vb[:], vb.units, only_use_cftime_datetimes=False)
                assert np.array_equal(np.asarray(ta), np.asarray(tb)), name
                continue
            attrs_a, attrs_b = _attrs(va), _attrs(vb)
            kept = "missing_value" in attrs_b and "missing_value" not in attrs_a
            # Losing the encoding also loses the stored type: ACT writes an int32 variable with
            # a missing value as float64 then.
            assert va.dtype == vb.dtype or kept, name
            if kept:
                attrs_b.pop("missing_value")
            assert attrs_a == attrs_b, name
            va.set_auto_maskandscale(False)
            vb.set_auto_maskandscale(False)
            xa, xb = np.asarray(va[:]), np.asarray(vb[:])
            if kept:
                xa, xb = xa.astype(float), xb.astype(float)
            if kept:
                missing = vb.getncattr("missing_value")
                assert np.array_equal(np.isnan(xa), xb == missing), name
                xb = np.where(xb == missing, np.nan, xb)
            np.testing.assert_array_equal(xa, xb, err_msg=name)


ACT_DEFAULTS = dict(delete_global_attrs=["qc_standards_version", "qc_method", "qc_comment"], FillValue=True)

CASES = [
    dict(ACT_DEFAULTS, cf_compliant=True),
    dict(ACT_DEFAULTS, cf_compliant=True, cf_convention="CF-1.10", FillValue=False),
    dict(ACT_DEFAULTS, encoding={"temp_mean": {"_FillValue": -9999.0}, "rh_mean": {"zlib": True, "complevel": 4}}),
    dict(ACT_DEFAULTS, join_char="_"),
    dict(ACT_DEFAULTS, delete_global_attrs=[], cleanup_global_atts=False),
]


@pytest.mark.parametrize("kwargs", CASES, ids=["cf", "cf-1.10-nofill", "encoding", "join_char", "keep-attrs"])
def test_write_options_equal_act(tmp_path, kwargs):
    act_file, ours_file = tmp_path / "act.nc", tmp_path / "ours.nc"
    _act_write(act_file, **kwargs)
    _ours_write(ours_file, **kwargs)
    _compare(act_file, ours_file)


def test_write_options_defaults_and_errors(tmp_path):
    ds = atmokit.read_arm_netcdf(str(data_file(MET)))
    ds.attrs["qc_standards_version"] = "1.0"
    out = tmp_path / "plain.nc"
    atmokit.write_netcdf(ds, out)
    with netCDF4.Dataset(out) as f:
        # atmokit's defaults: nothing deleted, no fill value invented, no history line added.
        assert "qc_standards_version" in f.ncattrs()
        assert "_FillValue" not in f.variables["temp_mean"].ncattrs()
    atmokit.write_netcdf(ds, out, act_compat=True)
    with netCDF4.Dataset(out) as f:
        assert "qc_standards_version" not in f.ncattrs()
        assert "Written to file by ACT-2.3.4" in f.getncattr("history")
    with pytest.raises(KeyError, match="nope"):
        atmokit.write_netcdf(ds, out, encoding={"nope": {"_FillValue": 1}})
