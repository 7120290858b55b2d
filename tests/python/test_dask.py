"""The xarray backend and Dask: open_dataset / open_mfdataset(engine="atmokit"), lazy QC on a
LocalCluster equal to the in-memory result across chunk and file boundaries."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import atmokit

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


def test_open_dataset_engine(met_files):
    ds = xr.open_dataset(met_files[0], engine="atmokit")
    ref = atmokit.read_arm_netcdf(met_files[0])
    assert ds["temp_mean"].equals(ref["temp_mean"])
    kept = xr.open_dataset(met_files[0], engine="atmokit", drop_variables=["temp_mean"])
    assert "temp_mean" not in kept


def test_open_mfdataset_parallel_equals_one_read(met_files):
    ds = xr.open_mfdataset(met_files, engine="atmokit", parallel=True, combine="by_coords", data_vars="all")
    ref = atmokit.read_arm_netcdf(met_files)
    assert ds.sizes["time"] == 7 * 1440
    for k in ("temp_mean", "rh_mean", "qc_temp_mean", "time"):
        np.testing.assert_array_equal(ds[k].values, ref[k].values)


@pytest.fixture(scope="module")
def cluster_client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def month_files(tmp_path_factory, met_files):
    """30 daily files: the 7 met days (QC cleaned up) repeated with time shifted, written by atmokit."""
    out = tmp_path_factory.mktemp("month")
    days = [atmokit.qc.cleanup(atmokit.read_arm_netcdf(f)) for f in met_files]
    files = []
    for i in range(30):
        ds = days[i % 7].copy()
        shift = np.timedelta64(i - i % 7, "D")
        for k in ("time", "time_offset", "base_time"):
            ds[k] = ds[k] + shift if k != "time" else ds[k]
        ds = ds.assign_coords(time=ds["time"] + shift)
        path = out / f"sgpmetE13.b1.201901{i + 1:02d}.000000.nc"
        atmokit.write_netcdf(ds, path)
        files.append(str(path))
    return files


def test_lazy_qc_on_cluster_equals_in_memory(cluster_client, month_files):
    lazy = xr.open_mfdataset(
        month_files, engine="atmokit", parallel=True, combine="by_coords", data_vars="all", chunks={"time": 1000}
    )
    assert lazy["temp_mean"].chunks is not None
    eager = atmokit.read_arm_netcdf(month_files)
    steps = [
        ("add_outside_test", "temp_mean", {"limit_value_lower": -5.0, "limit_value_upper": 12.0}),
        ("add_delta_test", "temp_mean", {"diff_limit": 0.25}),
        ("add_persistence_test", "rh_mean", {"window": 30, "test_limit": 0.5}),
        ("add_missing_value_test", "rh_mean", {}),
    ]
    for test, var, kw in steps:
        lazy = getattr(atmokit.qc, test)(lazy, var, **kw)
        eager = getattr(atmokit.qc, test)(eager, var, **kw)
    for qc in ("qc_temp_mean", "qc_rh_mean"):
        assert lazy[qc].chunks is not None, "QC on Dask data stays lazy"
        got = lazy[qc].compute()
        np.testing.assert_array_equal(got.values, eager[qc].values)
        assert list(got.attrs["flag_meanings"]) == list(eager[qc].attrs["flag_meanings"])
    # The overlap matters: the same persistence test run on 50-sample pieces without it differs
    # (with this limit it flags 1,070 of the first 2,880 samples).
    ref = atmokit.read_arm_netcdf(month_files[:2], keep_variables=["rh_mean", "qc_rh_mean"])
    whole = atmokit.qc.add_persistence_test(ref, "rh_mean", window=30, test_limit=0.5)["qc_rh_mean"].values
    pieces = [
        atmokit.qc.add_persistence_test(ref.isel(time=slice(a, a + 50)), "rh_mean", window=30, test_limit=0.5)
        for a in range(0, ref.sizes["time"], 50)
    ]
    naive = np.concatenate([p["qc_rh_mean"].values for p in pieces])
    assert (naive != whole).any()


def test_lazy_cleanup_equals_in_memory(met_files):
    raw = xr.open_mfdataset(
        met_files[:3], engine="atmokit", combine="by_coords", data_vars="all", chunks={"time": 700}
    )
    lazy = atmokit.qc.cleanup(raw)
    assert lazy["qc_temp_mean"].chunks is not None
    eager = atmokit.qc.cleanup(atmokit.read_arm_netcdf(met_files[:3]))
    got = lazy.compute()
    assert sorted(got.variables) == sorted(eager.variables)
    for k in eager.variables:
        assert got[k].variable.identical(eager[k].variable) or got[k].equals(eager[k]), k
        for name in ("flag_masks", "flag_meanings", "flag_assessments"):
            if name in eager[k].attrs:
                np.testing.assert_array_equal(np.asarray(got[k].attrs[name]), np.asarray(eager[k].attrs[name]))
    # QC tests then run lazily on the cleaned, still lazy Dataset.
    flagged = atmokit.qc.add_delta_test(lazy, "temp_mean", diff_limit=0.2)
    ref = atmokit.qc.add_delta_test(eager, "temp_mean", diff_limit=0.2)
    np.testing.assert_array_equal(flagged["qc_temp_mean"].values, ref["qc_temp_mean"].values)


def test_atmokit_open_mfdataset_equals_one_read(met_files):
    ds = atmokit.open_mfdataset(met_files, files_per_chunk=2)
    ref = atmokit.read_arm_netcdf(met_files)
    assert ds["temp_mean"].chunks == ((2880, 2880, 2880, 1440),)
    assert sorted(ds.variables) == sorted(ref.variables)
    assert ds.attrs.keys() == ref.attrs.keys()
    for k, v in ref.attrs.items():
        np.testing.assert_array_equal(np.asarray(ds.attrs[k]), np.asarray(v), err_msg=k)
    got = ds.compute()
    for k in ref.variables:
        assert got[k].dims == ref[k].dims, k
        assert got[k].dtype == ref[k].dtype, k
        np.testing.assert_array_equal(got[k].values, ref[k].values, err_msg=k)
        assert got[k].attrs.keys() == ref[k].attrs.keys(), k
    # The default groups files by decoded size: 7 small met days fit one chunk.
    assert atmokit.open_mfdataset(met_files)["temp_mean"].chunks == ((7 * 1440,),)
    # One file per chunk: variables a single file holds without time (base_time) are repeated
    # along its times, as joining files does.
    three = atmokit.open_mfdataset(met_files[:3], files_per_chunk=1).compute()
    ref3 = atmokit.read_arm_netcdf(met_files[:3])
    for k in ref3.variables:
        assert three[k].dims == ref3[k].dims, k
        np.testing.assert_array_equal(three[k].values, ref3[k].values, err_msg=k)
    kept = atmokit.open_mfdataset(met_files, keep_variables=["temp_mean"], files_per_chunk=3)
    assert "rh_mean" not in kept
    np.testing.assert_array_equal(kept["temp_mean"].values, ref["temp_mean"].values)


def test_atmokit_open_mfdataset_errors(met_files, tmp_path):
    with pytest.raises(FileNotFoundError, match="no file matches"):
        atmokit.open_mfdataset(str(tmp_path / "nothing*.cdf"))
    with pytest.raises(ValueError, match="not in time order"):
        atmokit.open_mfdataset(met_files[2:4] + met_files[:2], files_per_chunk=2)
    with pytest.raises(ValueError, match="files_per_chunk"):
        atmokit.open_mfdataset(met_files, files_per_chunk=0)
    with pytest.raises((FileNotFoundError, OSError), match="missing.cdf"):
        atmokit.open_mfdataset([met_files[0], str(tmp_path / "missing.cdf")])


def test_lazy_cleanup_keeps_untouched_arrays_and_recodes_float_flags(met_files):
    eager_in = atmokit.read_arm_netcdf(met_files[:2])
    # A state variable stored as float with CF flags (written so by some software): cleanup
    # re-codes it as int32 with -9999 for NaN, on every block alike.
    flags = np.tile(np.array([0.0, 1.0, 2.0, np.nan], dtype=np.float32), eager_in.sizes["time"] // 4)
    eager_in["state"] = xr.Variable(
        ("time",), flags, attrs={"units": "1", "flag_values": np.array([0, 1, 2], dtype=np.int32), "flag_meanings": "a b c"}
    )
    lazy_in = eager_in.chunk({"time": 1000})
    lazy = atmokit.qc.cleanup(lazy_in)
    eager = atmokit.qc.cleanup(eager_in)
    # Values cleanup leaves alone keep their very Dask array; only attrs change.
    assert lazy["temp_mean"].data.name == lazy_in["temp_mean"].data.name
    assert lazy["state"].chunks is not None and lazy["state"].dtype == np.int32
    got = lazy.compute()
    for k in eager.variables:
        assert got[k].dtype == eager[k].dtype, k
        np.testing.assert_array_equal(got[k].values, eager[k].values, err_msg=k)
        assert got[k].attrs.keys() == eager[k].attrs.keys(), k
    assert (got["state"].values == -9999).sum() == flags.size // 4


def test_atmokit_open_mfdataset_qc_on_cluster(cluster_client, month_files):
    lazy = atmokit.qc.cleanup(atmokit.open_mfdataset(month_files, files_per_chunk=4))
    eager = atmokit.qc.cleanup(atmokit.read_arm_netcdf(month_files))
    for var in ("temp_mean", "rh_mean"):
        for ds_name in ("lazy", "eager"):
            ds = lazy if ds_name == "lazy" else eager
            ds = atmokit.qc.add_missing_value_test(ds, var)
            ds = atmokit.qc.add_delta_test(ds, var, diff_limit=0.3)
            ds = atmokit.qc.add_persistence_test(ds, var, window=30, test_limit=0.2)
            if ds_name == "lazy":
                lazy = ds
            else:
                eager = ds
    got = lazy[["qc_temp_mean", "qc_rh_mean"]].compute()
    for qc in ("qc_temp_mean", "qc_rh_mean"):
        np.testing.assert_array_equal(got[qc].values, eager[qc].values)
        assert list(got[qc].attrs["flag_meanings"]) == list(eager[qc].attrs["flag_meanings"])
