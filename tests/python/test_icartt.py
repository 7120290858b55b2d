"""ICARTT (FFI 1001) against ACT 2.3.4's read_icartt (which reads through the `icartt`
package) on the hand-written fixture of the ICARTT V2.0 specification's layout."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")
pytest.importorskip("icartt", reason="ACT's ICARTT reader needs the icartt package (scripts/python-requirements.txt)")

ICT = str(Path(__file__).resolve().parents[2] / "crates" / "atmokit-text" / "tests" / "fixtures" / "icartt_1001.ict")


def test_icartt_equals_act_with_the_scale_factors_applied():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = act.io.icartt.read_icartt(ICT)
    got = atmokit.read(ICT)
    np.testing.assert_array_equal(got["time"].values, want["time"].values)
    np.testing.assert_array_equal(got["Static_Pressure"].values, want["Static_Pressure"].values)
    # The file gives Temp a scale factor of 0.1: ACT leaves the stored numbers unscaled.
    np.testing.assert_allclose(got["Temp"].values, 0.1 * want["Temp"].values, rtol=1e-12)
    assert np.isnan(got["Temp"].values[2]) and np.isnan(want["Temp"].values[2])
