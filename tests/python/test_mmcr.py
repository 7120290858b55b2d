"""atmokit.io.read_arm_mmcr against ACT 2.3.4's read_arm_mmcr on two MMCR files built in the
layout ACT's reader consumes (tests/io/mmcr/make_mmcr.py: interleaved modes, one mode that never
ran, fill beyond each mode's gates). No real MMCR file is reachable from this workplace."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import netCDF4
import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")

MMCR = sorted(str(p) for p in (Path(__file__).resolve().parents[1] / "io" / "mmcr").glob("sgpmmcrC1*.cdf"))


def _act(files):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return act.io.arm.read_arm_mmcr(list(files))


def _mode_vars(ds):
    return sorted(v for v in ds.variables if v.rsplit("_", 1)[-1] in ("BL", "CI", "GE", "PR"))


def test_one_file_equals_act():
    want, got = _act(MMCR[:1]), atmokit.io.read_arm_mmcr(MMCR[:1])
    assert set(got.variables) == set(want.variables)
    assert dict(got.sizes) == dict(want.sizes)
    for name, w in want.variables.items():
        g = got[name]
        assert g.dims == w.dims, name
        assert g.dtype == w.dtype, name
        np.testing.assert_array_equal(g.values, w.values, err_msg=name)
        assert dict(g.attrs) == dict(w.attrs), name
    assert "XX" not in str(list(got.variables)), "the mode that never ran gives no variables"
    assert got.sizes["time_BL"] == 9 and got.sizes["range_CI"] == 14


def test_two_files_equal_act():
    want, got = _act(MMCR), atmokit.io.read_arm_mmcr(MMCR)
    assert set(got.variables) == set(want.variables)
    for name in want.variables:
        assert got[name].dims == want[name].dims, name
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
    # Joined files give ModeDescription and heights a time dim, as in ACT.
    assert got["heights"].dims == ("time", "mode", "range")
    assert got.sizes["time_BL"] == 15


def test_mode_names_and_bad_files(tmp_path):
    # A description without '_': atmokit names the mode by it, ACT calls it 'b'.
    f = tmp_path / "sgpmmcrC1.b1.20250101.000000.cdf"
    shutil.copy(MMCR[0], f)
    with netCDF4.Dataset(f, "a") as nc:
        nc["ModeDescription"][0, :] = netCDF4.stringtochar(np.array(["Cirrus"], dtype="S16"))[0]
    assert "Reflectivity_Cirrus" in atmokit.io.read_arm_mmcr([str(f)]).variables
    act_form = atmokit.io.read_arm_mmcr([str(f)], act_compat=True)
    assert "Reflectivity_b" in act_form.variables and "Reflectivity_b" in _act([str(f)]).variables
    # No ModeNum, and heights without a row per mode: errors naming the file and variable.
    g = tmp_path / "sgpmmcrC1.b1.20250102.000000.cdf"
    with netCDF4.Dataset(MMCR[0]) as src, netCDF4.Dataset(g, "w", format="NETCDF3_CLASSIC") as dst:
        for d, dim in src.dimensions.items():
            dst.createDimension(d, None if dim.isunlimited() else len(dim))
        for name, v in src.variables.items():
            if name == "ModeNum":
                continue
            out = dst.createVariable(name, v.dtype, v.dimensions, fill_value=getattr(v, "_FillValue", None))
            out.setncatts({k: v.getncattr(k) for k in v.ncattrs() if k != "_FillValue"})
            out[:] = v[:]
    with pytest.raises(KeyError, match="ModeNum"):
        atmokit.io.read_arm_mmcr([str(g)])
