"""atmokit.track on crafted cubes whose objects are known by construction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import atmokit


def cube() -> xr.Dataset:
    """4 days x 10 lat x 12 lon of zeros with two separate blocks of 5:
    A = days 0-2, lat 1-3, lon 1-3 (27 cells); B = day 3, lat 6-8, lon 7-9 (9 cells)."""
    v = np.zeros((4, 10, 12), dtype=np.float32)
    v[0:3, 1:4, 1:4] = 5
    v[3, 6:9, 7:10] = 5
    return xr.Dataset(
        {"field": (("time", "lat", "lon"), v)},
        coords={
            "time": pd.date_range("2020-01-01", periods=4, freq="D"),
            "lat": np.arange(10, dtype=np.float64),
            "lon": np.arange(12, dtype=np.float64) + 100.0,
        },
    )


KW = dict(threshold=1.0, radius=0, min_size_quantile=0.0, area="cells")


def test_two_blocks_are_two_objects():
    ds = cube()
    out = atmokit.track(ds, "field", **KW)
    labels = out["labels"].values
    assert labels.shape == (4, 10, 12)
    # Every cell of a block carries one label, the blocks differ, nothing else is labelled.
    a = np.unique(labels[0:3, 1:4, 1:4])
    b = np.unique(labels[3, 6:9, 7:10])
    assert len(a) == 1 and len(b) == 1 and a[0] > 0 and b[0] > 0 and a[0] != b[0]
    assert int((labels > 0).sum()) == 27 + 9
    n_cells = dict(zip(out["object_label"].values.tolist(), out["n_cells"].values.tolist()))
    assert n_cells == {int(a[0]): 27, int(b[0]): 9}
    assert "field" in ds and "labels" not in ds  # input unchanged


def test_mask_and_size_filter():
    ds = cube()
    mask = xr.DataArray(np.ones((10, 12)), dims=("lat", "lon"))
    mask[6:, :] = 0  # block B is on land
    out = atmokit.track(ds, "field", mask=mask, **KW)
    assert int(out["labels"].max()) == 1
    assert int((out["labels"].values > 0).sum()) == 27
    # Keep only objects at least as large as the 0.75 quantile of the per-day areas (9 cells each):
    # all are 9 cells, so both blocks survive; a fixed floor of 10 cells drops every day of both.
    kept = atmokit.track(ds, "field", **{**KW, "min_size_quantile": 0.75})
    assert int((kept["labels"].values > 0).sum()) == 36
    none = atmokit.track(ds, "field", **{**KW, "min_area": 10.0})
    assert int((none["labels"].values > 0).sum()) == 0


def test_errors():
    ds = cube()
    with pytest.raises(KeyError, match="nope"):
        atmokit.track(ds, "nope")
    with pytest.raises(KeyError, match="land"):
        atmokit.track(ds, "field", mask="land")
    with pytest.raises(ValueError, match="not both"):
        atmokit.track(ds, "field", percentile=90, threshold=1.0)
    with pytest.raises(ValueError, match="connectivity"):
        atmokit.track(ds, "field", connectivity=7, **{k: v for k, v in KW.items()})
    with pytest.raises(ValueError, match="min_size_quantile"):
        atmokit.track(ds, "field", threshold=1.0, min_size_quantile=2.0)
    with pytest.raises(ValueError, match="radius"):
        atmokit.track(ds, "field", threshold=1.0, radius=5000)  # a 10001-wide disk is refused
    flat = ds.isel(time=0)
    with pytest.raises(ValueError):
        atmokit.track(flat, "field", **KW)
