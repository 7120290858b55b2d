"""Shared fixtures: the oracle's real ARM/NOAA files (../shared/oracle/data beside the clone)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORACLE = Path(os.environ.get("ATMOKIT_ORACLE", ROOT.parent / "shared" / "oracle"))
DATA = ORACLE / "data"


def data_file(name: str) -> Path:
    """A file of the oracle's data folder (the test is skipped when the folder is absent)."""
    p = DATA / name
    if not p.exists():
        pytest.skip(f"oracle data file {p} not present")
    return p


@pytest.fixture(scope="session")
def met_files() -> list[str]:
    """The seven SGP met days 2019-01-01..07 (1-minute data, netCDF classic)."""
    files = sorted(str(p) for p in DATA.glob("sgpmetE13.b1.2019010*.cdf"))
    if len(files) != 7:
        pytest.skip("oracle met files not present")
    return files


EXPECTED = ORACLE / "expected"


def expected(case: str) -> dict:
    """The ACT oracle JSON ``expected/<case>.json`` (the test is skipped when it is absent)."""
    import json

    p = EXPECTED / f"{case}.json"
    if not p.exists():
        pytest.skip(f"oracle JSON {p} not present")
    return json.loads(p.read_text())


def check_summary(values, summ: dict, rtol: float = 1e-6, atol: float = 0.0, what: str = "") -> None:
    """``values`` match an oracle summary: shape, NaN and finite counts, min/max/mean of the finite
    values, and every sample (``null`` = NaN, ``"inf"``/``"-inf"``)."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    assert list(v.shape) == list(summ["shape"]), f"{what}: shape {v.shape} != {summ['shape']}"
    assert int(np.isnan(v).sum()) == summ["n_nan"], f"{what}: n_nan"
    fin = v[np.isfinite(v)]
    assert fin.size == summ["n_finite"], f"{what}: n_finite"
    if fin.size:
        for key, got in (("min", fin.min()), ("max", fin.max()), ("mean", fin.mean())):
            np.testing.assert_allclose(got, summ[key], rtol=rtol, atol=atol, err_msg=f"{what}: {key}")
    for idx, want in summ["samples"]:
        got = v[tuple(idx)]
        if want is None:
            assert np.isnan(got), f"{what}{idx}: {got} != NaN"
        elif isinstance(want, str):
            assert got == float(want), f"{what}{idx}: {got} != {want}"
        else:
            np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"{what}{idx}")
