"""``atmokit.io.convert_to_ameriflux`` against ACT 2.3.4's ``convert_to_ameriflux`` on the same
real ARM files (EBBR with its soil profile, ECOR), both with ACT's default ARM mappings."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import atmokit

from .conftest import data_file

act = pytest.importorskip("act")


@pytest.mark.parametrize(
    "name",
    ["sgp30ebbrE32.b1.20191125.000000.nc", "sgp30ecorE6.b1.20040705.000000.cdf"],
)
def test_same_table_as_act(name):
    path = str(data_file(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = act.io.ameriflux.convert_to_ameriflux(act.io.read_arm_netcdf(path))
    got = atmokit.io.convert_to_ameriflux(atmokit.io.read_arm_netcdf(path))
    assert list(got.columns) == list(want.columns)
    assert len(got.columns) > 2
    assert list(got["TIMESTAMP_START"]) == list(want["TIMESTAMP_START"])
    assert list(got["TIMESTAMP_END"]) == list(want["TIMESTAMP_END"])
    for c in list(want.columns)[2:]:
        np.testing.assert_allclose(
            got[c].to_numpy(np.float64), want[c].to_numpy(np.float64), rtol=1e-6, err_msg=c
        )


def test_mappings_and_missing_columns():
    """A user mapping with a unit change (W/m^2 → kW/m^2, checked by hand: ×1e-3), a variable
    the file lacks kept as -9999 with include_missing_variables, and no soil columns."""
    path = str(data_file("sgp30ebbrE32.b1.20191125.000000.nc"))
    ds = atmokit.io.read_arm_netcdf(path)
    df = atmokit.io.convert_to_ameriflux(
        ds,
        variable_mapping={
            "sensible_heat_flux": {"name": "H", "units": "kW/m^2"},
            "no_such_variable": {"name": "FC", "units": "umol/(m^2 s)"},
        },
        soil_mapping={},
        include_missing_variables=True,
    )
    assert list(df.columns) == ["TIMESTAMP_START", "TIMESTAMP_END", "H", "FC"]
    h = ds["sensible_heat_flux"].to_numpy().astype(np.float64)
    ok = np.isfinite(h)
    np.testing.assert_allclose(df["H"].to_numpy()[ok], h[ok] * 1e-3, rtol=1e-6)
    assert (df["FC"] == -9999).all()
