"""The ACT 2.3.4 equivalents of the five mentor workflows (`crates/atmokit/examples/act/*.py`) are
real ACT code: each runs on the oracle files and gives the numbers the Rust examples are checked
against (`crates/atmokit/tests/examples.rs`), so the line counts compared there are of scripts that
do the same work."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pytest

from .conftest import DATA, data_file, expected

pytest.importorskip("act")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

EXAMPLES = Path(__file__).resolve().parents[2] / "crates" / "atmokit" / "examples" / "act"


def load(name):
    spec = importlib.util.spec_from_file_location(f"act_example_{name}", EXAMPLES / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.workflow


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def png(path):
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 1000


def test_met_qc(tmp_path):
    import xarray as xr

    f = str(data_file("sgpmetE13.b1.20190101.000000.cdf"))
    n = load("met_qc")([f], str(tmp_path / "met_qc.nc"))
    t = xr.open_dataset(f)["temp_mean"].values
    assert n == int(np.sum(t < -5.5)) and n > 0
    assert (tmp_path / "met_qc.nc").exists()


def test_ceil_pbl(tmp_path):
    ds = load("ceil_pbl")(str(data_file("sgpceilC1.b1.20190101.000000.nc")), str(tmp_path / "c.png"))
    want = expected("ret_lidar_cbh_pbl")["gradient_pbl"]["pbl_gradient"]
    v = ds["pbl_gradient"].values
    assert int(np.isnan(v).sum()) == want["n_nan"]
    np.testing.assert_allclose(np.nansum(v), want["sum"], rtol=1e-9)
    png(tmp_path / "c.png")


def test_sonde_skewt(tmp_path):
    out = load("sonde_skewt")(str(data_file("sgpsondewnpnC1.b1.20190101.053200.cdf")), str(tmp_path / "s.png"))
    sc = expected("ret_sonde")["stability_indices"]["scalars"]
    for name in ["surface_based_cape", "lifted_index", "lifted_condensation_level_pressure"]:
        np.testing.assert_allclose(float(np.asarray(out[name].values)), sc[name]["value"], rtol=1e-3, err_msg=name)
    png(tmp_path / "s.png")


def test_met_week(tmp_path):
    ds, means = load("met_week")(str(DATA / "sgpmetE13.b1.2019010?.000000.cdf"), str(tmp_path / "m.png"))
    want = list(expected("io_read_met_multi")["daily_mean_temp_mean"].values())
    np.testing.assert_allclose(means, want, rtol=1e-6)
    png(tmp_path / "m.png")


def test_custom_math():
    ds = load("custom_math")(str(data_file("sgpmetE13.b1.20190101.000000.cdf")))
    s = expected("io_read_met_netcdf")["summaries"]
    np.testing.assert_allclose(float(ds["temp_k"].mean()), s["temp_mean"]["mean"] + 273.15, rtol=1e-9)
    assert float(ds["rh_mean"].max()) == min(s["rh_mean"]["max"], 100.0)
