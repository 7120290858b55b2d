"""ACT's QC options beyond the defaults, against ACT 2.3.4 run on the same real files here:
the difference test's comparison-instrument options (``apply_assessment_to_dataset2``,
``apply_tests_to_dataset2``, ``set_test_regardless``) and ``clean_arm_state_variables``'
options (``override_cf_flag``, ``clean_units_string``, ``integer_flag``,
``replace_in_flag_meanings``)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import atmokit

from .conftest import data_file

act = pytest.importorskip("act")

MET = "sgpmetE13.b1.20190101.000000.cdf"
CEIL = "sgpceilC1.b1.20190101.000000.nc"
NAV = "marnavM1.a1.20180201.000000.nc"
RL = "sgprlC1.a0.20160131.000000.nc"


def _act(name: str, cleanup: bool = True):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = act.io.arm.read_arm_netcdf(str(data_file(name)))
        if cleanup:
            ds.clean.cleanup()
    return ds


def _ours(name: str, cleanup: bool = True):
    ds = atmokit.read_arm_netcdf(str(data_file(name)))
    return atmokit.qc.cleanup(ds) if cleanup else ds


def _second_instrument(ds, bad_rows):
    """The met day as a second instrument: 0.4 K warmer, 3 K off where its own QC says Bad
    (test 2, "less than fail_min", set by hand) and 3 K off without a flag at rows 500-504."""
    ds = ds.copy(deep=True)
    temp = ds["temp_mean"].values.astype(np.float32) + np.float32(0.4)
    temp[bad_rows] += np.float32(3.0)
    temp[500:505] += np.float32(3.0)
    ds["temp_mean"].values = temp
    qc = ds["qc_temp_mean"].values.copy()
    qc[bad_rows] |= 2
    ds["qc_temp_mean"].values = qc
    return ds


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"apply_assessment_to_dataset2": ["Bad"]},
        {"apply_assessment_to_dataset2": "Indeterminate"},
        {"apply_tests_to_dataset2": [2]},
        {"apply_tests_to_dataset2": 3},
    ],
)
def test_difference_test_comparison_qc_matches_act(options):
    bad = np.arange(100, 130)
    theirs, ours = _act(MET), _ours(MET)
    theirs2, ours2 = _second_instrument(_act(MET), bad), _second_instrument(_ours(MET), bad)
    before = ours2["temp_mean"].values.copy()
    kw = dict(ds2_var_name="temp_mean", diff_limit=1.0, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.qcfilter.add_difference_test("temp_mean", dataset2_dict={"met2": theirs2}, **kw)
    got = atmokit.qc.add_difference_test(ours, "temp_mean", dataset2_dict={"met2": ours2}, **kw)
    np.testing.assert_array_equal(got["qc_temp_mean"].values, theirs["qc_temp_mean"].values)
    flagged = (got["qc_temp_mean"].values & 16) != 0  # the new test is test 5 after ARM's four
    masked = options.get("apply_assessment_to_dataset2") in (["Bad"],) or options.get("apply_tests_to_dataset2") == [2]
    assert flagged[500:505].all()
    assert flagged[bad].any() != masked, options
    # The comparison dataset is left alone (ACT writes NaN into it when it applies the QC).
    np.testing.assert_array_equal(ours2["temp_mean"].values, before)


def test_difference_test_set_test_regardless():
    theirs, ours = _act(MET), _ours(MET)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = theirs.qcfilter.add_difference_test(
            "temp_mean", ds2_var_name="temp_mean", diff_limit=1.0, set_test_regardless=False
        )
    assert r is None
    got = atmokit.qc.add_difference_test(
        ours, "temp_mean", ds2_var_name="temp_mean", diff_limit=1.0, set_test_regardless=False
    )
    assert list(got["qc_temp_mean"].attrs["flag_meanings"]) == list(theirs["qc_temp_mean"].attrs["flag_meanings"])
    assert len(got["qc_temp_mean"].attrs["flag_meanings"]) == 4
    # With set_test_regardless=True (the default) and the same dataset: the test is added,
    # nothing differs from itself.
    got = atmokit.qc.add_difference_test(ours, "temp_mean", ds2_var_name="temp_mean", diff_limit=1.0)
    assert len(got["qc_temp_mean"].attrs["flag_meanings"]) == 5
    assert not (got["qc_temp_mean"].values & 16).any()
    with pytest.raises(ValueError, match="Bda"):
        atmokit.qc.add_difference_test(
            ours, "temp_mean", dataset2_dict={"m": ours}, ds2_var_name="temp_mean", diff_limit=1.0,
            apply_assessment_to_dataset2=["Bda"],
        )


def _attrs(ds, name):
    out = {}
    for k, v in ds[name].attrs.items():
        out[k] = [str(x) if isinstance(x, str) else x.item() if hasattr(x, "item") else x for x in v] if isinstance(
            v, (list, np.ndarray)
        ) else v
    return out


STATE_CASES = [
    (CEIL, ["detection_status", "status_flag"], {}),
    (CEIL, ["detection_status"], {"clean_units_string": False}),
    (RL, ["laser_head", "filter", "cloud_value_check"], {}),
    (NAV, ["seanav_monitor"], {"integer_flag": False}),
]


@pytest.mark.parametrize("name,variables,options", STATE_CASES)
def test_clean_arm_state_variables_matches_act(name, variables, options):
    theirs, ours = _act(name, cleanup=False), _ours(name, cleanup=False)
    theirs.clean.clean_arm_state_variables(variables, **options)
    got = atmokit.qc.clean_arm_state_variables(ours, variables, **options)
    for v in variables:
        want, have = _attrs(theirs, v), _attrs(got, v)
        assert set(have) == set(want), (v, set(have) ^ set(want))
        for k in want:
            assert have[k] == want[k], (v, k, have[k], want[k])
            if k == "flag_values":
                assert np.asarray(got[v].attrs[k]).dtype == np.asarray(theirs[v].attrs[k]).dtype, (v, k)
    assert "flag_masks" in _attrs(got, variables[0]) or "flag_values" in _attrs(got, variables[0])


def test_state_meanings_replace_and_override_false():
    ours = _ours(CEIL, cleanup=False)
    # A string flag_meanings (as netCDF stores it), split with "_" replaced by a space, as ACT does.
    ours["detection_status"].attrs = {"flag_values": [0, 1], "flag_meanings": "no_significant_backscatter some_backscatter"}
    theirs = _act(CEIL, cleanup=False)
    theirs["detection_status"].attrs = dict(ours["detection_status"].attrs)
    theirs.clean.clean_arm_state_variables("detection_status", replace_in_flag_meanings="_")
    got = atmokit.qc.clean_arm_state_variables(ours, "detection_status", replace_in_flag_meanings="_")
    assert list(got["detection_status"].attrs["flag_meanings"]) == theirs["detection_status"].attrs["flag_meanings"]
    assert list(got["detection_status"].attrs["flag_meanings"]) == ["no significant backscatter", "some backscatter"]
    # override_cf_flag=False: ACT writes nothing and deletes the flag_N_description attrs (the
    # state descriptions are lost); atmokit keeps the file's flag_values and adds nothing it has.
    theirs, ours = _act(CEIL, cleanup=False), _ours(CEIL, cleanup=False)
    theirs.clean.clean_arm_state_variables("status_flag", override_cf_flag=False)
    got = atmokit.qc.clean_arm_state_variables(ours, "status_flag", override_cf_flag=False)
    assert not any(k.endswith("_description") for k in theirs["status_flag"].attrs)
    file_meanings = ours["status_flag"].attrs.get("flag_meanings")
    if file_meanings is None:
        assert "flag_meanings" not in theirs["status_flag"].attrs
        assert len(got["status_flag"].attrs["flag_meanings"]) == 3
    np.testing.assert_array_equal(got["status_flag"].attrs["flag_values"], ours["status_flag"].attrs["flag_values"])
    with pytest.raises(KeyError, match="nope"):
        atmokit.qc.clean_arm_state_variables(ours, ["nope"])
