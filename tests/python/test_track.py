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


REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def _same_up_to_renumbering(ours: np.ndarray, theirs: np.ndarray) -> int:
    """The number of objects when both labellings mark the same cells and map one-to-one."""
    assert np.array_equal(ours > 0, theirs > 0), "the labelled cells differ"
    pairs = set(zip(ours[ours > 0].tolist(), theirs[theirs > 0].tolist()))
    assert len({a for a, _ in pairs}) == len(pairs) == len({b for _, b in pairs}), "not one-to-one"
    return len(pairs)


@pytest.mark.parametrize(
    "run,extra",
    [("voxel", {}), ("volume", {"alpha": 0.5}), ("no_z", {"connect_depth": False})],
)
def test_depth_tracking_equals_ocetrac_deeptracker(run, extra):
    """A (time, depth, lat, lon) field is tracked as Ocetrac 0.1.7's DeepTracker: the constructed
    field of tests/track/ocetrac_deep.py (moving ellipsoids, a split, a merge) against the
    labels DeepTracker gave it, cell by cell up to renumbering."""
    fx = xr.open_dataset(REPO / "tests" / "track" / "ocetrac_deep.nc")
    ds = xr.Dataset({"event": fx["mask"].astype(np.float32)})
    out = atmokit.track(
        ds,
        "event",
        threshold=0.5,
        radius=2,
        min_size_quantile=0.25,
        min_area=6.0,
        area="cells",
        area_connectivity=4,
        frac_filter=0.25,
        volume_ranking="step-label",
        contain_thresh=0.3,
        alpha=extra.get("alpha", 1.0),
        connect_depth=extra.get("connect_depth", True),
        periodic=False,
    )
    theirs = fx[f"labels_{run}"].values.astype(np.int32)
    assert out["labels"].dims == ("time", "z_t", "nlat", "nlon")
    assert _same_up_to_renumbering(out["labels"].values, theirs) == int(fx[f"labels_{run}"].attrs["n_events"])


def test_curvilinear_grid_tracks_like_the_regular_grid():
    """The sst_cube sample on a rotated copy of its grid (2-D latitudes and longitudes, every
    cell moved by a rotation of the sphere): counting cells, the objects are the regular grid's,
    cell for cell, since a rotation changes no cell's neighbours."""
    ds = xr.open_dataset(REPO / "data" / "sst_cube.nc")
    kw = dict(mask="mask", percentile=90, radius=3, disk="strict", min_size_quantile=0.75, area="cells")
    regular = atmokit.track(ds, "sst", **kw)["labels"].values
    lat, lon = np.meshgrid(ds["lat"].values, ds["lon"].values, indexing="ij")
    # Rotate by 35 degrees about the axis through 0N 0E.
    x, y, z = (np.cos(np.radians(lat)) * np.cos(np.radians(lon)),
               np.cos(np.radians(lat)) * np.sin(np.radians(lon)),
               np.sin(np.radians(lat)))
    c, s = np.cos(np.radians(35.0)), np.sin(np.radians(35.0))
    y, z = c * y - s * z, s * y + c * z
    rot = ds.rename({"lat": "y", "lon": "x"}).drop_vars(["y", "x"])
    rot = rot.assign(
        TLAT=(("y", "x"), np.degrees(np.arcsin(np.clip(z, -1, 1)))),
        TLONG=(("y", "x"), np.degrees(np.arctan2(y, x))),
    )
    out = atmokit.track(rot, "sst", lat="TLAT", lon="TLONG", **kw)
    assert out["labels"].dims == ("time", "y", "x")
    assert regular.max() > 5
    assert _same_up_to_renumbering(out["labels"].values, regular) == regular.max()
    with pytest.raises(ValueError, match="both lat and lon"):
        atmokit.track(rot, "sst", lat="TLAT", **kw)
    with pytest.raises(KeyError, match="NOPE"):
        atmokit.track(rot, "sst", lat="NOPE", lon="TLONG", **kw)


def test_depth_tracking_refuses_a_mask():
    fx = xr.open_dataset(REPO / "tests" / "track" / "ocetrac_deep.nc")
    ds = xr.Dataset({"event": fx["mask"].astype(np.float32), "m": fx["mask"].isel(time=0, z_t=0)})
    with pytest.raises(ValueError, match="no mask"):
        atmokit.track(ds, "event", mask="m", threshold=0.5)
