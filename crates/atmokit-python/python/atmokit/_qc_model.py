"""ACT's QC-variable helpers on xarray Datasets (``ds.qcfilter.add_test``, ``set_test``,
``unset_test``, ``remove_test``, ``available_bit``, ``get_masked_data``, ``datafilter``,
``merge_qc_variables``), under ACT's names and argument names. Functions that change QC return a
new Dataset (the input is unchanged); re-exported by :mod:`atmokit.qc`."""

from __future__ import annotations

from typing import Any

import numpy as np
import xarray as xr

from . import _native
from ._xr import from_xarray, variable_to_xarray


def _qc_of(ds: xr.Dataset, var_name: str) -> str | None:
    """The QC variable of ``var_name`` as atmokit_qc finds it (``find_qc_variable``): the first
    ``ancillary_variables`` member whose ``standard_name`` holds quality_flag and whose dims are the
    variable's, else ``qc_<var>`` with the same dims; None when there is none."""
    dims = ds[var_name].dims
    for name in str(ds[var_name].attrs.get("ancillary_variables", "")).split():
        if (
            name in ds.variables
            and "quality_flag" in str(ds[name].attrs.get("standard_name", ""))
            and ds[name].dims == dims
        ):
            return name
    qc = f"qc_{var_name}"
    return qc if qc in ds.variables and ds[qc].dims == dims else None


def _names(ds: xr.Dataset, variables: list[str]) -> list[str]:
    """The variables, their QC variables and their dimension coordinates."""
    out = []
    for v in variables:
        if v not in ds.variables:
            raise KeyError(f"variable '{v}' not found")
        out.append(v)
        qc = _qc_of(ds, v)
        if qc is not None:
            out.append(qc)
        out.extend(d for d in ds[v].dims if d in ds.variables)
    return list(dict.fromkeys(out))


def _value(ds: xr.Dataset, name: str, sent: list[str], **kwargs: Any) -> tuple[dict, Any]:
    """Run the native helper on the ``sent`` variables; returns (its dataset dict, ACT's return value)."""
    kw = {k: v for k, v in kwargs.items() if v is not None}
    return _native.qc_helper(from_xarray(ds, sent), name, kw)


def _call(ds: xr.Dataset, name: str, sent: list[str], **kwargs: Any) -> tuple[xr.Dataset, Any]:
    """Run the native helper on the ``sent`` variables; returns (new Dataset, ACT's return value)."""
    out, value = _value(ds, name, sent, **kwargs)
    new = ds.copy()
    variables = out["variables"]
    for k in sent:
        if k not in variables and k in new.variables:
            new = new.drop_vars(k)
    for k, v in variables.items():
        if k in new.indexes:
            continue
        new[k] = variable_to_xarray(v)
    return new, value


def _mask(ds: xr.Dataset, var_name: str, index: Any) -> list[bool] | None:
    """ACT's ``index`` (a boolean array, integer positions along the first axis, or a tuple from
    ``np.where``) as one boolean per element of ``var_name``, in C order."""
    if index is None:
        return None
    shape = ds[var_name].shape
    m = np.zeros(shape, dtype=bool)
    if isinstance(index, tuple):
        m[index] = True
    else:
        a = np.asarray(index)
        if a.dtype == bool:
            if a.size != m.size:
                raise ValueError(f"index has {a.size} booleans, '{var_name}' has {m.size} elements")
            m = a.reshape(shape)
        else:
            m[a.astype(np.int64)] = True
    return [bool(x) for x in m.ravel()]


def add_test(
    ds: xr.Dataset,
    var_name: str,
    index: Any = None,
    test_number: int | None = None,
    test_meaning: str | None = None,
    test_assessment: str = "Bad",
    flag_value: bool = False,
    recycle: bool = False,
) -> xr.Dataset:
    """ACT's ``add_test``: a new test on ``var_name``'s QC variable (created when missing), set at
    ``index``. Returns a new Dataset; ``atmokit.qc.add_test_info`` returns ACT's dict as well."""
    return add_test_info(ds, var_name, index, test_number, test_meaning, test_assessment, flag_value, recycle)[0]


def add_test_info(
    ds: xr.Dataset,
    var_name: str,
    index: Any = None,
    test_number: int | None = None,
    test_meaning: str | None = None,
    test_assessment: str = "Bad",
    flag_value: bool = False,
    recycle: bool = False,
) -> tuple[xr.Dataset, dict]:
    """:func:`add_test`, returning ``(new Dataset, ACT's test information dict)``."""
    if test_meaning is None:
        raise ValueError("add_test: give test_meaning")
    return _call(
        ds, "add_test", _names(ds, [var_name]), var_name=var_name, index=_mask(ds, var_name, index),
        test_number=test_number, test_meaning=test_meaning, test_assessment=test_assessment,
        flag_value=flag_value, recycle=recycle,
    )


def _qc_target(ds: xr.Dataset, var_name: str | None, qc_var_name: str | None, func: str) -> tuple[list[str], str]:
    if qc_var_name is not None:
        if qc_var_name not in ds.variables:
            raise KeyError(f"{func}: variable '{qc_var_name}' not found")
        sent = [qc_var_name] + ([var_name] if var_name is not None and var_name in ds.variables else [])
        return _names(ds, sent), qc_var_name
    if var_name is None:
        raise ValueError(f"{func}: give var_name or qc_var_name")
    qc = _qc_of(ds, var_name)
    if qc is None:
        raise ValueError(f"{func}: '{var_name}' has no QC variable")
    return _names(ds, [var_name]), qc


def set_test(
    ds: xr.Dataset, var_name: str, index: Any = None, test_number: int | None = None,
    flag_value: bool = False, qc_var_name: str | None = None,
) -> xr.Dataset:
    """ACT's ``set_test``: set test ``test_number`` at ``index`` (everywhere when None)."""
    sent, qc = _qc_target(ds, var_name, qc_var_name, "set_test")
    return _call(
        ds, "set_test", sent, var_name=var_name, qc_var_name=qc, test_number=test_number,
        flag_value=flag_value, index=_mask(ds, qc, index),
    )[0]


def unset_test(
    ds: xr.Dataset, var_name: str | None = None, qc_var_name: str | None = None, index: Any = None,
    test_number: int | None = None, flag_value: bool = False, flag_values_reset_value: int = 0,
) -> xr.Dataset:
    """ACT's ``unset_test``: clear test ``test_number`` at ``index`` (everywhere when None)."""
    sent, qc = _qc_target(ds, var_name, qc_var_name, "unset_test")
    return _call(
        ds, "unset_test", sent, var_name=var_name, qc_var_name=qc, test_number=test_number,
        flag_value=flag_value, flag_values_reset_value=flag_values_reset_value, index=_mask(ds, qc, index),
    )[0]


def remove_test(
    ds: xr.Dataset, var_name: str | None = None, test_number: int | None = None, qc_var_name: str | None = None,
    flag_value: bool = False, flag_values_reset_value: int = 0,
) -> xr.Dataset:
    """ACT's ``remove_test``: clear test ``test_number`` everywhere and remove its definition."""
    if test_number is None:
        raise ValueError("remove_test: give test_number")
    sent, qc = _qc_target(ds, var_name, qc_var_name, "remove_test")
    return _call(
        ds, "remove_test", sent, var_name=var_name, qc_var_name=qc, test_number=test_number,
        flag_value=flag_value, flag_values_reset_value=flag_values_reset_value,
    )[0]


def available_bit(ds: xr.Dataset, qc_var_name: str, recycle: bool = False) -> int:
    """ACT's ``available_bit``: the next free test number of ``qc_var_name``."""
    return int(_value(ds, "available_bit", _names(ds, [qc_var_name]), qc_var_name=qc_var_name, recycle=recycle)[1])


def get_masked_data(
    ds: xr.Dataset, var_name: str, rm_assessments: str | list[str] | None = None,
    rm_tests: int | list[int] | None = None, return_nan_array: bool = False, ma_fill_value: Any = None,
    return_inverse: bool = False, return_mask_only: bool = False,
) -> np.ndarray:
    """ACT's ``get_masked_data``: ``var_name`` as a masked array, masked where the tests chosen by
    assessment (any case) or number are set; ``return_mask_only`` gives the mask,
    ``return_nan_array`` a float array (float64 for float64/int64 data, else float32) with NaN."""
    tests = [rm_tests] if isinstance(rm_tests, (int, np.integer)) else rm_tests
    qc = _qc_of(ds, var_name)
    shape = ds[qc].shape if qc is not None else ds[var_name].shape
    flat = _value(
        ds, "get_masked_mask", _names(ds, [var_name]), var_name=var_name, rm_assessments=rm_assessments,
        rm_tests=[int(t) for t in tests] if tests is not None else None,
    )[1]
    mask = np.asarray(flat, dtype=bool).reshape(shape)
    if return_mask_only:
        return mask
    values = ds[var_name].values
    try:
        out = np.ma.array(values, mask=mask, fill_value=ma_fill_value)
    except TypeError:
        out = np.ma.array(values, mask=mask, fill_value=ma_fill_value, dtype=np.array(ma_fill_value).dtype)
    if return_inverse:
        out.mask = np.invert(out.mask)
    if return_nan_array:
        nan_dtype = np.float64 if values.dtype in (np.float64, np.int64) else np.float32
        out = out.astype(nan_dtype).filled(fill_value=np.nan)
    return out


def datafilter(
    ds: xr.Dataset, variables: str | list[str] | None = None, rm_assessments: str | list[str] | None = None,
    rm_tests: int | list[int] | None = None, verbose: bool = False, del_qc_var: bool = False,
) -> xr.Dataset:
    """ACT's ``datafilter``: values where the chosen tests are set become NaN (integer data become
    float first, as in ACT), each removed test is named in the variable's ``history``, and with
    ``del_qc_var`` the QC variable goes. Returns a new Dataset."""
    if rm_assessments is None and rm_tests is None:
        raise ValueError("datafilter: give rm_assessments or rm_tests")
    names = [variables] if isinstance(variables, str) else list(variables) if variables is not None else None
    if names is None:
        names = [str(v) for v in ds.data_vars if _qc_of(ds, str(v)) is not None and not str(v).startswith("qc_")]
    names = [v for v in names if _qc_of(ds, v) is not None]
    if not names:
        return ds.copy()
    work = ds.copy()
    for v in names:
        dtype = work[v].dtype
        if dtype.kind in "iu":
            work[v] = work[v].astype(np.float64 if dtype == np.int64 else np.float32)
    tests = [rm_tests] if isinstance(rm_tests, (int, np.integer)) else rm_tests
    return _call(
        work, "datafilter", _names(work, names), variables=names, rm_assessments=rm_assessments,
        rm_tests=[int(t) for t in tests] if tests is not None else None, del_qc_var=del_qc_var,
    )[0]


def merge_qc_variables(ds: xr.Dataset, var_name: str, qc_var_names: list[str] | None = None) -> xr.Dataset:
    """ACT's ``merge_qc_variables``: every test of the other QC variables of ``var_name`` (its
    ``ancillary_variables``, or ``qc_var_names``) is added to the first as new tests."""
    extra = list(qc_var_names or []) + [
        n for n in str(ds[var_name].attrs.get("ancillary_variables", "")).split() if n in ds.variables
    ]
    return _call(ds, "merge_qc_variables", _names(ds, [var_name] + extra), var_name=var_name, qc_var_names=qc_var_names)[0]


__all__ = [
    "add_test",
    "add_test_info",
    "available_bit",
    "datafilter",
    "get_masked_data",
    "merge_qc_variables",
    "remove_test",
    "set_test",
    "unset_test",
]
