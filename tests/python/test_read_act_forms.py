"""Readers' ``act_compat`` forms against ACT 2.3.4 run here on the same files: SURFRAD
(``act.io.noaagml.read_surfrad``) on the two daily fixture files written from the SURFRAD README."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")

FIXTURES = Path(__file__).resolve().parents[2] / "crates" / "atmokit-text" / "tests" / "fixtures"
SURFRAD = [str(FIXTURES / "bon24001.dat"), str(FIXTURES / "bon24002.dat")]


def test_surfrad_act_form_equals_act():
    from act.io.noaagml import read_surfrad

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_surfrad(SURFRAD)
    got = atmokit.io.read_surfrad(SURFRAD, act_compat=True)
    assert list(got.variables) == list(want.variables)
    assert got.attrs == want.attrs
    for name in want.variables:
        if name != "time":  # pandas 3 builds datetime64[us]; atmokit's times are always [ns]
            assert got[name].dtype == want[name].dtype, name
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
        assert got[name].attrs == want[name].attrs, name
    # The default form: GML radiation names, NaN for -9999.9, the total net under net_radiation.
    ours = atmokit.io.read_surfrad(SURFRAD)
    assert np.isnan(ours["downwelling_global_solar"].values[1])
    np.testing.assert_array_equal(ours["net_solar"].values, want["net_radiation"].values)
    np.testing.assert_array_equal(ours["net_radiation"].values, want["total_net"].values)
    with pytest.raises(Exception, match="no files"):
        atmokit.io.read_surfrad([], act_compat=True)
