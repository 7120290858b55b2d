"""NOAA GML aerosol (EBAS NASA-Ames 1001) against ACT 2.3.4's read_gml_aerosol on a file laid
out as EBAS writes them (the NASA-Ames header with the `9999.999999` missing-value line, the
EBAS metadata block with `Startdate:`, station and measurement positions, altitudes written
`11.0m`)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")

DIR = Path(__file__).resolve().parents[2] / "crates" / "atmokit-text" / "tests" / "fixtures" / "gml_aerosol_act"
NAS = str(next(DIR.glob("*.nas")))


def test_gml_aerosol_equals_act():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = act.io.noaagml.read_gml_aerosol(NAS)
    got = atmokit.read(NAS)
    np.testing.assert_array_equal(got["time"].values, want["time"].values.astype("datetime64[ns]"))
    for name in ("sc450", "sc550", "T_int", "RH_int", "p_int", "lat", "lon", "alt"):
        assert got[name].dtype == want[name].dtype, name
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
    assert np.isnan(got["sc450"].values[1]) and np.isnan(got["p_int"].values[2]), "missing values are NaN"
    assert got.attrs["Station GAW-Name"] == want.attrs["Station_GAW-Name"]
    assert got.attrs["Matrix"] == want.attrs["Matrix"] == "pm10"
