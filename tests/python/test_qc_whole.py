"""atmokit.qc's whole-Dataset functions (BSRN, relative variability, FFT shading, trends,
supplemental YAML, QC summary) against ACT 2.3.4 run on the same real files in this test."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import atmokit

from .conftest import data_file

act = pytest.importorskip("act")

BRS = "sgpbrsC1.b1.20190705.000000.cdf"
NAMES = dict(
    gbl_SW_dn_name="down_short_hemisp",
    glb_diffuse_SW_dn_name="down_short_diffuse_hemisp",
    direct_normal_SW_dn_name="short_direct_normal",
    glb_SW_up_name="up_short_hemisp",
    glb_LW_dn_name="down_long_hemisp_shaded",
    glb_LW_up_name="up_long_hemisp",
)


RAD = dict(dni="short_direct_normal", dhi="down_short_diffuse_hemisp", ghi="down_short_hemisp")


def _pair(name: str, edit=None):
    """(ACT's Dataset, ours) of one oracle file, cleaned up, with the same edits applied."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = act.io.arm.read_arm_netcdf(str(data_file(name)))
        theirs.clean.cleanup()
    ours = atmokit.qc.cleanup(atmokit.read_arm_netcdf(str(data_file(name))))
    if edit is not None:
        theirs, ours = edit(theirs), edit(ours)
    return theirs, ours


def _brs_edit(ds):
    """Push some samples past the BSRN limits (as ACT's own unit tests do)."""
    for v, a, b, x in (
        ("down_short_hemisp", 800, 850, 330.0),
        ("down_short_hemisp", 1340, 1380, 600.0),
        ("down_short_diffuse_hemisp", 200, 250, -3.9),
        ("short_direct_normal", 1340, 1380, 800.0),
        ("down_long_hemisp_shaded", 250, 300, -400.0),
        ("up_long_hemisp", 800, 850, 500.0),
    ):
        vals = ds[v].values.copy()
        vals[a:b] += np.float32(x)
        ds[v] = (ds[v].dims, vals, ds[v].attrs)
    ds["temp_mean"] = ("time", np.full(ds.sizes["time"], 13.5), {"units": "degC"})
    return ds


def _same_qc(theirs, ours, names):
    for v in names:
        qc = f"qc_{v}"
        assert qc in ours, qc
        np.testing.assert_array_equal(ours[qc].values, theirs[qc].values, err_msg=qc)
        np.testing.assert_array_equal(
            np.asarray(ours[qc].attrs["flag_assessments"]), np.asarray(theirs[qc].attrs["flag_assessments"]), err_msg=qc
        )


@pytest.mark.parametrize("level", ["Physically Possible", "Extremely Rare"])
def test_bsrn_limits_match_act(level):
    theirs, ours = _pair(BRS, _brs_edit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.bsrn_limits_test(test=level, **NAMES)
    got = atmokit.qc.bsrn_limits_test(ours, test=level, **NAMES)
    _same_qc(theirs, got, NAMES.values())
    assert sum(int((got[f"qc_{v}"].values != 0).sum()) for v in NAMES.values()) > 0
    with pytest.raises(ValueError, match="Physically Possible"):
        atmokit.qc.bsrn_limits_test(ours, test="Sometimes", **NAMES)
    with pytest.raises(ValueError, match="sw_min_limit"):
        atmokit.qc.bsrn_limits_test(ours, sw_min_limit=-10, **NAMES)


def test_bsrn_comparisons_match_act():
    tests = ["Global over Sum SW Ratio", "Diffuse Ratio", "SW up", "LW down to air temp", "LW up to air temp", "LW down to LW up"]
    theirs, ours = _pair(BRS, _brs_edit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.bsrn_comparison_tests(test=tests, air_temp_name="temp_mean", **NAMES)
    got = atmokit.qc.bsrn_comparison_tests(ours, tests, air_temp_name="temp_mean", **NAMES)
    _same_qc(theirs, got, NAMES.values())


def test_normalized_rradiance_matches_act():
    tests = ["Clearness index", "Upper total transmittance", "Upper direct transmittance", "Upper diffuse transmittance"]
    theirs, ours = _pair(BRS, _brs_edit)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.normalized_rradiance_test(tests, **RAD)
    got = atmokit.qc.normalized_rradiance_test(ours, tests, **RAD)
    _same_qc(theirs, got, ["short_direct_normal", "down_short_diffuse_hemisp"])


def test_relative_variability_matches_act():
    names = ["down_short_hemisp", "down_short_diffuse_hemisp", "short_direct_normal"]
    theirs, ours = _pair(BRS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.add_relative_variability_test(names, 30.0)
    got = atmokit.qc.add_relative_variability_test(ours, names, 30.0)
    _same_qc(theirs, got, names)
    assert sum(int((got[f"qc_{v}"].values != 0).sum()) for v in names) > 0


def test_fft_shading_matches_act():
    theirs, ours = _pair("sgpmfrsr7nchE11.b1.20210329.070000.nc")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = act.qc.fft_shading_test(theirs)
    got = atmokit.qc.fft_shading_test(ours)
    v = "diffuse_hemisp_narrowband_filter4"
    np.testing.assert_array_equal(got[f"qc_{v}"].values, theirs[f"qc_{v}"].values)
    assert (got[f"qc_{v}"].values != 0).sum() > 0


def test_fft_shading_window_matches_act():
    """The array-level ``fft_shading_test_process`` on windows of the real MFRSR day: every
    window of 60 samples (1/6 of the day's sunlit samples, some shaded), and a night window."""
    from act.qc.radiometer_tests import fft_shading_test_process as theirs

    ds = atmokit.read_arm_netcdf(str(data_file("sgpmfrsr7nchE11.b1.20210329.070000.nc")))
    x = ds["diffuse_hemisp_narrowband_filter4"].values.astype(float)
    bands = dict(shad_freq_lower=[0.008, 0.017], shad_freq_upper=[0.0105, 0.0195], ratio_thresh=[3.15, 1.2])
    shaded = 0
    for start in range(0, x.size - 60, 6):
        w = x[start : start + 60]
        w = w[w != -9999.0]
        want = theirs(None, w, time_interval=20.0, is_sunny=True, **bands)
        got = atmokit.qc.fft_shading_test_process(None, w, time_interval=20.0, is_sunny=True, **bands)
        assert got["shading"] == want["shading"], start
        np.testing.assert_allclose(got["fft"], want["fft"], rtol=1e-9, atol=1e-12, equal_nan=True)
        np.testing.assert_allclose(got["freq"], want["freq"], rtol=1e-12, equal_nan=True)
        shaded += got["shading"]
    assert shaded > 0
    night = atmokit.qc.fft_shading_test_process(None, x[:60], time_interval=20.0, is_sunny=False)
    assert night["shading"] == theirs(None, x[:60], time_interval=20.0, is_sunny=False, **bands)["shading"] == 0
    with pytest.raises(ValueError, match="edge pair"):
        atmokit.qc.fft_shading_test_process(None, x[:60], [0.008], [0.01, 0.02], [3.0], 20.0, True)


def test_time_shift_trend_matches_act():
    theirs, ours = _pair("sgpmetE13.b1.20190101.000000.cdf")
    shift = np.timedelta64(20, "m")
    comp_t = act.io.arm.read_arm_netcdf(str(data_file("sgpmetE13.b1.20190101.000000.cdf")))
    comp_t = comp_t.assign_coords(time=comp_t["time"] + shift)
    comp = atmokit.read_arm_netcdf(str(data_file("sgpmetE13.b1.20190101.000000.cdf")))
    comp = comp.assign_coords(time=comp["time"] + shift)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.compare_time_series_trends("temp_mean", comp_t, "temp_mean")
    got = atmokit.qc.compare_time_series_trends(ours, "temp_mean", comp, "temp_mean")
    np.testing.assert_array_equal(got["qc_temp_mean"].values, theirs["qc_temp_mean"].values)
    assert (got["qc_temp_mean"].values != 0).all()  # a 20-minute shift exceeds the 15-minute limit
    assert str(np.atleast_1d(got["qc_temp_mean"].attrs["flag_meanings"])[-1]) == str(
        np.atleast_1d(theirs["qc_temp_mean"].attrs["flag_meanings"])[-1]
    )


def test_supplemental_yaml_matches_act(tmp_path):
    text = """
temp_mean:
  Bad:
    Sensor was being cleaned: ["2019-01-01 02:00:00, 2019-01-01 03:00:00"]
_all:
  Suspect:
    Site visit: ["2019-01-01 12:00:00, 2019-01-01 12:10:00"]
"""
    (tmp_path / "sgpmetE13.b1.yaml").write_text(text)
    theirs, ours = _pair("sgpmetE13.b1.20190101.000000.cdf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        act.qc.add_supplemental_qc.apply_supplemental_qc(theirs, str(tmp_path / "sgpmetE13.b1.yaml"))
    got = atmokit.qc.apply_supplemental_qc(ours, tmp_path)  # the folder: <datastream>.yaml is found
    for v in ("temp_mean", "rh_mean", "atmos_pressure"):
        np.testing.assert_array_equal(got[f"qc_{v}"].values, theirs[f"qc_{v}"].values, err_msg=v)
    assert int((got["qc_temp_mean"].values != 0).sum()) == 61 + 11
    with pytest.raises(FileNotFoundError, match="no supplemental QC file"):
        atmokit.qc.apply_supplemental_qc(ours, tmp_path / "..")


def test_qc_summary_matches_act():
    theirs, ours = _pair("sgpmetE13.b1.20190101.000000.cdf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.add_less_test("temp_mean", 2.0, test_assessment="Suspect")
        summary_t = theirs.qcfilter.create_qc_summary()
    ours = atmokit.qc.add_less_test(ours, "temp_mean", 2.0, test_assessment="Suspect")
    got = atmokit.qc.create_qc_summary(ours)
    for qc in [k for k in summary_t.variables if str(k).startswith("qc_")]:
        np.testing.assert_array_equal(got[qc].values, summary_t[qc].values, err_msg=qc)
        np.testing.assert_array_equal(
            np.asarray(got[qc].attrs["flag_meanings"]), np.asarray(summary_t[qc].attrs["flag_meanings"]), err_msg=qc
        )


def test_every_whole_dataset_function_is_exposed():
    for name in atmokit._native.qc_functions():
        assert callable(getattr(atmokit.qc, name)), name
    with pytest.raises(ValueError, match="unknown QC function"):
        atmokit._native.qc_apply(atmokit._xr.from_xarray(atmokit.read_arm_netcdf(str(data_file(BRS)))), "nope")
