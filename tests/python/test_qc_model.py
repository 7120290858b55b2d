"""ACT's QC-variable helpers (add_test, set_test, unset_test, remove_test, available_bit,
get_masked_data, datafilter, merge_qc_variables) against ACT 2.3.4 run here on the SGP met day:
same QC values, same attributes, same masked data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import atmokit

from .conftest import data_file

act = pytest.importorskip("act")

MET = "sgpmetE13.b1.20190101.000000.cdf"


@pytest.fixture()
def pair():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = act.io.arm.read_arm_netcdf(str(data_file(MET)))
        theirs.clean.cleanup()
    ours = atmokit.qc.cleanup(atmokit.read_arm_netcdf(str(data_file(MET))))
    return theirs, ours


def _same_qc(theirs, ours, qc):
    np.testing.assert_array_equal(ours[qc].values, theirs[qc].values, err_msg=qc)
    for k in ("flag_masks", "flag_meanings", "flag_assessments", "flag_values"):
        if k in theirs[qc].attrs or k in ours[qc].attrs:
            np.testing.assert_array_equal(
                np.asarray(ours[qc].attrs[k]), np.asarray(theirs[qc].attrs[k]), err_msg=f"{qc}.{k}"
            )


def test_add_set_unset_remove_match_act(pair):
    theirs, ours = pair
    idx = np.arange(10, 40)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        info = theirs.qcfilter.add_test("temp_mean", index=idx, test_meaning="Birds!", test_assessment="Suspect")
    ours, ours_info = atmokit.qc.add_test_info(ours, "temp_mean", index=idx, test_meaning="Birds!", test_assessment="Suspect")
    assert ours_info["test_number"] == info["test_number"] == 5
    assert ours_info["qc_variable_name"] == info["qc_variable_name"]
    _same_qc(theirs, ours, "qc_temp_mean")

    mask = np.zeros(theirs["temp_mean"].size, dtype=bool)
    mask[100:105] = True
    theirs.qcfilter.set_test("temp_mean", index=mask, test_number=2)
    ours = atmokit.qc.set_test(ours, "temp_mean", index=mask, test_number=2)
    _same_qc(theirs, ours, "qc_temp_mean")

    theirs.qcfilter.unset_test("temp_mean", index=np.arange(12, 20), test_number=5)
    ours = atmokit.qc.unset_test(ours, "temp_mean", index=np.arange(12, 20), test_number=5)
    _same_qc(theirs, ours, "qc_temp_mean")

    assert atmokit.qc.available_bit(ours, "qc_temp_mean") == theirs.qcfilter.available_bit("qc_temp_mean") == 6

    theirs.qcfilter.remove_test("temp_mean", test_number=2)
    ours = atmokit.qc.remove_test(ours, "temp_mean", test_number=2)
    _same_qc(theirs, ours, "qc_temp_mean")
    assert atmokit.qc.available_bit(ours, "qc_temp_mean", recycle=True) == theirs.qcfilter.available_bit(
        "qc_temp_mean", recycle=True
    )
    # The input Dataset is unchanged.
    fresh = atmokit.qc.cleanup(atmokit.read_arm_netcdf(str(data_file(MET))))
    assert len(fresh["qc_temp_mean"].attrs["flag_meanings"]) == 4
    with pytest.raises(ValueError, match="test_meaning"):
        atmokit.qc.add_test(ours, "temp_mean", index=idx)
    with pytest.raises(ValueError, match="index"):
        atmokit.qc.set_test(ours, "temp_mean", index=np.ones(3, dtype=bool), test_number=1)


@pytest.mark.parametrize(
    "options",
    [
        {"rm_assessments": "Bad"},
        {"rm_assessments": ["indeterminate"]},
        {"rm_tests": [5]},
        {"rm_tests": 2, "return_nan_array": True},
        {"rm_assessments": ["Bad", "Suspect"], "return_mask_only": True},
        {"rm_tests": [1, 5], "return_inverse": True},
    ],
)
def test_get_masked_data_matches_act(pair, options):
    theirs, ours = pair
    for ds in (theirs,):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds.qcfilter.add_less_test("temp_mean", -3.0, test_assessment="Suspect")  # test 5
    ours = atmokit.qc.add_less_test(ours, "temp_mean", -3.0, test_assessment="Suspect")
    want = theirs.qcfilter.get_masked_data("temp_mean", **options)
    got = atmokit.qc.get_masked_data(ours, "temp_mean", **options)
    assert type(got) is type(want)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    np.testing.assert_array_equal(np.ma.getmaskarray(got), np.ma.getmaskarray(want))
    np.testing.assert_array_equal(np.ma.filled(got, -1), np.ma.filled(want, -1))
    assert np.ma.getmaskarray(got).any() or np.isnan(np.asarray(got, dtype=float)).any() or np.asarray(got).any()


@pytest.mark.parametrize(
    "options",
    [
        {"rm_assessments": "Bad"},
        {"rm_assessments": ["Bad", "Indeterminate"], "variables": ["temp_mean", "rh_mean"]},
        {"rm_tests": [4, 5], "variables": "temp_mean", "del_qc_var": True},
    ],
)
def test_datafilter_matches_act(pair, options):
    theirs, ours = pair
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.add_less_test("temp_mean", -3.0)
        theirs.qcfilter.datafilter(**options)
    # act_compat: ACT writes its limit over ARM's own fail_min (atmokit names it fail_min_2).
    ours = atmokit.qc.add_less_test(ours, "temp_mean", -3.0, act_compat=True)
    got = atmokit.qc.datafilter(ours, **options)
    assert set(got.variables) == set(theirs.variables)
    for v in theirs.data_vars:
        assert got[v].dtype == theirs[v].dtype, v
        np.testing.assert_array_equal(got[v].values, theirs[v].values, err_msg=v)
        assert got[v].attrs.get("history") == theirs[v].attrs.get("history"), v
        assert got[v].attrs.get("ancillary_variables") == theirs[v].attrs.get("ancillary_variables"), v
    assert np.isnan(got["temp_mean"].values).sum() > 0


def test_merge_qc_variables_matches_act(pair):
    theirs, ours = pair

    def second_qc(ds):
        ds = ds.copy()
        q = np.zeros(ds.sizes["time"], dtype=np.int32)
        q[50:60] = 1
        q[70:75] = 2
        ds["qc2_temp_mean"] = ("time", q, {
            "long_name": "Quality check results on field: Temperature (second)", "units": "1",
            "flag_masks": np.array([1, 2], dtype=np.uint32), "flag_meanings": ["Spike", "Frozen sensor"],
            "flag_assessments": ["Bad", "Indeterminate"], "standard_name": "quality_flag",
        })
        ds["temp_mean"].attrs["ancillary_variables"] = "qc_temp_mean qc2_temp_mean"
        return ds

    theirs, ours = second_qc(theirs), second_qc(ours)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        name = theirs.qcfilter.merge_qc_variables("temp_mean")
    got = atmokit.qc.merge_qc_variables(ours, "temp_mean")
    assert name == "qc_temp_mean"
    _same_qc(theirs, got, "qc_temp_mean")
    assert len(got["qc_temp_mean"].attrs["flag_meanings"]) == 6
