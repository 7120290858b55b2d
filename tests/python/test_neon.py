"""atmokit.io.read_neon_csv against ACT 2.3.4's read_neon_csv on a NEON download laid out as
NEON publishes it (a SAAT_1min data file, the product's variables file with rows for every
field of two tables, and a sensor-positions file with NEON's older `referenceLatitude` columns,
which ACT 2.3.4 reads)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")

DIR = Path(__file__).resolve().parents[2] / "crates" / "atmokit-text" / "tests" / "fixtures" / "neon_act"
DATA = [str(p) for p in sorted(DIR.glob("NEON*SAAT_1min*.csv"))]
VARS = [str(p) for p in DIR.glob("*variables*.csv")]
POS = [str(p) for p in DIR.glob("*sensor_positions*.csv")]


def test_neon_equals_act():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = act.io.neon.read_neon_csv(DATA, VARS, POS)
    got = atmokit.io.read_neon_csv(DATA, VARS, POS)
    np.testing.assert_array_equal(got["time"].values, want["time"].values.astype("datetime64[ns]"))
    for name in ("tempSingleMean", "tempSingleMinimum", "finalQF"):
        assert got[name].dtype == want[name].dtype, name
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
        w = dict(want[name].attrs)
        if w.get("units") == "nan":  # NEON's "NA", read by pandas as NaN then printed
            w.pop("units")
        assert dict(got[name].attrs) == w, name
    # The 30-minute table's row of the same field is not taken for the 1-minute file.
    assert got["tempSingleMean"].attrs["long_name"] == "Arithmetic mean of single aspirated air temperature"
    for name in ("lat", "lon", "alt", "xOffset", "yOffset", "zOffset", "eastOffset", "northOffset",
                 "pitch", "roll", "azimuth", "xAzimuth", "yAzimuth"):  # fmt: skip
        assert float(got[name]) == float(want[name]), name
    for key in ("_sites", "averaging_interval", "HOR.VER"):
        assert got.attrs[key] == want.attrs[key], key
    # endDateTime: ACT keeps the text, atmokit the instants.
    np.testing.assert_array_equal(
        got["endDateTime"].values, np.array([np.datetime64(t.rstrip("Z"), "ns") for t in want["endDateTime"].values])
    )
