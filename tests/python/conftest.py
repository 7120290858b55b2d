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
