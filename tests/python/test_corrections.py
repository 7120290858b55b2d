"""atmokit.corrections against ACT 2.3.4 (the oracle's expected/corr_*.json, same files and calls)."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

import atmokit
from tests.python.conftest import check_summary, data_file, expected


def read(name: str) -> xr.Dataset:
    return atmokit.read_arm_netcdf(str(data_file(name)))


def test_correct_ceil_matches_act():
    exp = expected("corr_ceil")
    ds = read("sgpceilC1.b1.20190101.000000.nc")
    before = ds["backscatter"].values.copy()
    out = atmokit.corrections.correct_ceil(ds, fill_value=1e-7, var_name="backscatter")
    v = out["backscatter"].values
    assert v.dtype == np.float32
    check_summary(v, exp["output_backscatter"], rtol=1e-6, what="backscatter")
    assert int((v == np.float32(-7.0)).sum()) == exp["output_backscatter"]["n_eq_minus7"]
    assert out["backscatter"].attrs["units"] == exp["units_after"]
    # A new Dataset: the input is unchanged.
    np.testing.assert_array_equal(ds["backscatter"].values, before)


@pytest.mark.parametrize(
    ("label", "kwargs"),
    [
        ("range_normalize_true_fill_nan", dict(fill_value=np.nan)),
        ("range_normalize_false_fill_1e-7", dict(range_normalize=False)),
        ("defaults", dict()),
    ],
)
def test_correct_dl_matches_act(label, kwargs):
    res = expected("corr_doppler_lidar")["results"][label]
    out = atmokit.corrections.correct_dl(read("sgpdlppiC1.b1.20191015.120023.cdf"), **kwargs)
    v = out["attenuated_backscatter"].values
    check_summary(v, res["summary"], rtol=1e-5, what=label)
    np.testing.assert_allclose(np.nansum(v.astype(np.float64)), res["nansum"], rtol=1e-6)
    assert out["attenuated_backscatter"].attrs["units"] == res["units_after"]


def test_correct_rl_matches_act():
    exp = expected("corr_raman_lidar")
    out = atmokit.corrections.correct_rl(
        read("sgprlC1.a0.20160131.000000.nc"), var_name="depolarization_counts_high", range_normalize_log_values=True
    )
    check_summary(out["depolarization_counts_high"].values, exp["output"], rtol=1e-5, what="depolarization")
    check_summary(out["high_bins"].values, exp["height_created"], rtol=1e-6, what="high_bins")
    assert out["depolarization_counts_high"].attrs["units"] == exp["units_after"]


def test_correct_mpl_matches_act():
    exp = expected("corr_mpl")
    out = atmokit.corrections.correct_mpl(read("sgpmplpolfsC1.b1.20190502.000000.cdf"))
    assert out.sizes["range_bins"] == exp["dims_after"]["range_bins"]
    check_summary(out["height"].values, exp["height_after"], rtol=1e-6, what="height")
    # The oracle README's tolerance for MPL: dB values ~0.01 absolute, ratio ~1e-3 relative.
    for name in ("signal_return_co_pol", "signal_return_cross_pol"):
        check_summary(out[name].values, exp[name], rtol=0, atol=0.01, what=name)
        assert out[name].attrs["units"] == exp["units_after"][name]
    check_summary(out["cross_co_ratio"].values, exp["cross_co_ratio"], rtol=1e-3, what="ratio")
    linear = atmokit.corrections.correct_mpl(
        read("sgpmplpolfsC1.b1.20190502.000000.cdf"), ratio_var_name=None, decibels=False
    )
    assert "cross_co_ratio" not in linear
    db = 10 * np.log10(linear["signal_return_co_pol"].values.astype(np.float64)[0, 500])
    np.testing.assert_allclose(db, out["signal_return_co_pol"].values[0, 500], atol=1e-3)


def test_ship_wind_matches_act():
    exp = expected("corr_ship_wind")
    nav = atmokit.corrections.calc_cog_sog(read("marnavM1.a1.20180201.000000.nc"))
    check_summary(nav["speed_over_ground"].values, exp["speed_over_ground"], rtol=1e-6, what="sog")
    met = read("maraosmetM1.a1.20180201.000000.nc")
    ds = xr.merge([nav, met], join="outer", compat="override")
    out = atmokit.corrections.correct_wind_for_ship_motion(ds)
    for name in ("wind_speed_corrected", "wind_direction_corrected"):
        check_summary(out[name].values, exp[name], rtol=1e-6, atol=1e-9, what=name)
        for k, v in exp["corrected_attrs"][name].items():
            assert out[name].attrs[k] == v


def test_errors_are_python_exceptions():
    ds = read("sgpceilC1.b1.20190101.000000.nc")
    with pytest.raises(KeyError, match="nope"):
        atmokit.corrections.correct_ceil(ds, var_name="nope")
    with pytest.raises(ValueError, match="dead_time"):
        atmokit.corrections.correct_mpl(ds, dead_time="sometimes")
    with pytest.raises(TypeError):
        atmokit.corrections.correct_ceil([1, 2, 3])
    with pytest.raises(ValueError, match="unsupported argument 'bogus'"):
        atmokit._native.correct(atmokit._xr.from_xarray(ds), "correct_ceil", {"bogus": 1})


@pytest.mark.parametrize(
    ("func", "path", "var"),
    [
        (atmokit.corrections.correct_ceil, "sgpceilC1.b1.20190101.000000.nc", "backscatter"),
        (atmokit.corrections.correct_dl, "sgpdlppiC1.b1.20191015.120023.cdf", "attenuated_backscatter"),
    ],
)
def test_per_profile_corrections_stay_lazy_and_equal_in_memory(func, path, var):
    eager = func(read(path))
    chunked = xr.open_dataset(str(data_file(path)), engine="atmokit", chunks={"time": 3})
    lazy = func(chunked)
    assert lazy[var].chunks is not None  # nothing computed yet
    computed = lazy.compute()
    xr.testing.assert_equal(computed, eager)  # every variable, value for value
    assert computed[var].dtype == eager[var].dtype
    assert computed[var].attrs == eager[var].attrs


def _ship_dataset() -> xr.Dataset:
    nav = atmokit.corrections.calc_cog_sog(read("marnavM1.a1.20180201.000000.nc"))
    return xr.merge([nav, read("maraosmetM1.a1.20180201.000000.nc")], join="outer", compat="override")


@pytest.mark.parametrize(
    ("func", "make", "var"),
    [
        (atmokit.corrections.correct_mpl, lambda: read("sgpmplpolfsC1.b1.20190502.000000.cdf"), "signal_return_co_pol"),
        (atmokit.corrections.correct_wind_for_ship_motion, _ship_dataset, "wind_speed_corrected"),
    ],
)
def test_whole_dataset_corrections_stay_lazy_and_equal_in_memory(func, make, var):
    ds = make()
    eager = func(ds)
    lazy = func(ds.chunk({"time": max(1, ds.sizes["time"] // 5)}))
    assert lazy[var].chunks is not None  # nothing computed yet
    assert len(lazy[var].chunks[0]) > 1
    computed = lazy.compute()
    assert sorted(computed.variables) == sorted(eager.variables)
    for k in eager.variables:
        assert computed[k].dims == eager[k].dims, k
        assert computed[k].dtype == eager[k].dtype, k
        np.testing.assert_array_equal(computed[k].values, eager[k].values, err_msg=k)
        assert computed[k].attrs.keys() == eager[k].attrs.keys(), k
