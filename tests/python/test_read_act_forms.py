"""Readers' ``act_compat`` forms against ACT 2.3.4 run here on the same files: SURFRAD
(``act.io.noaagml.read_surfrad``) on the two daily fixture files written from the SURFRAD README."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import atmokit

act = pytest.importorskip("act")

FIXTURES = Path(__file__).resolve().parents[2] / "crates" / "atmokit-text" / "tests" / "fixtures"
SURFRAD = [str(FIXTURES / "bon24001.dat"), str(FIXTURES / "bon24002.dat")]


def test_surfrad_act_form_equals_act():
    from act.io.noaagml import read_surfrad

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_surfrad(SURFRAD)
    got = atmokit.io.read_surfrad(SURFRAD, act_compat=True)
    assert list(got.variables) == list(want.variables)
    assert got.attrs == want.attrs
    for name in want.variables:
        if name != "time":  # pandas 3 builds datetime64[us]; atmokit's times are always [ns]
            assert got[name].dtype == want[name].dtype, name
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
        assert got[name].attrs == want[name].attrs, name
    # The default form: GML radiation names, NaN for -9999.9, the total net under net_radiation.
    ours = atmokit.io.read_surfrad(SURFRAD)
    assert np.isnan(ours["downwelling_global_solar"].values[1])
    np.testing.assert_array_equal(ours["net_solar"].values, want["net_radiation"].values)
    np.testing.assert_array_equal(ours["net_radiation"].values, want["total_net"].values)
    with pytest.raises(Exception, match="no (input )?files"):
        atmokit.io.read_surfrad([], act_compat=True)


@pytest.fixture()
def fixture_server():
    """The fixture folder over HTTP on 127.0.0.1 (a random port), as SURFRAD's archive serves
    its daily files."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(FIXTURES)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


def test_surfrad_by_url_equals_act_by_url(fixture_server):
    """ACT's read_surfrad takes URLs; so do atmokit's readers (fetched into memory)."""
    from act.io.noaagml import read_surfrad

    urls = [fixture_server + "bon24001.dat", fixture_server + "bon24002.dat"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_surfrad(urls)
    got = atmokit.io.read_surfrad(urls, act_compat=True)
    assert list(got.variables) == list(want.variables)
    for name in want.variables:
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
        assert got[name].attrs == want[name].attrs, name
    # The generic reader takes URLs too, and equals the read of the local files.
    assert atmokit.read(urls).identical(atmokit.read(SURFRAD))
    with pytest.raises(OSError, match="nope.dat"):
        atmokit.read(fixture_server + "nope.dat?key=s3cret")


AMERIFLUX_BASE = str(FIXTURES / "AMF_US-Xxx_BASE_HH_1-5.csv")
AMERIFLUX_DD = str(FIXTURES / "FLX_US-Xxx_FLUXNET2015_FULLSET_DD_2024-2024_1-4.csv")


@pytest.mark.parametrize("path,data_type", [(AMERIFLUX_BASE, "base"), (AMERIFLUX_DD, None)])
def test_ameriflux_values_and_options_match_act(path, data_type):
    """Values, times, site and version equal ACT's; ACT's renames and unit overrides work the same.
    Units differ on purpose (docs/for-act-users.md: ACT's table drops the µ of µmol)."""
    from act.io.ameriflux import read_ameriflux

    rename = {"FC": "co2_flux"} if data_type else {"TA_F": "air_temp"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_ameriflux(path, data_type=data_type, rename_vars_dict=rename)
    got = atmokit.io.read_ameriflux(path, data_type=data_type, rename_vars_dict=rename)
    assert set(got.variables) == set(want.variables)
    for name in want.variables:
        np.testing.assert_array_equal(got[name].values, want[name].values, err_msg=name)
    for key in ("site", "version"):
        assert got.attrs.get(key) == want.attrs.get(key)
    # ACT needs every variable (time included) in variable_units_dict; atmokit takes any subset.
    units = {str(v): "custom units" for v in atmokit.io.read_ameriflux(path).data_vars}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want_u = read_ameriflux(path, data_type=data_type, variable_units_dict={**units, "time": ""})
    got_u = atmokit.io.read_ameriflux(path, data_type=data_type, variable_units_dict=units)
    for name in got_u.data_vars:
        assert got_u[name].attrs["units"] == want_u[name].attrs["units"] == "custom units", name
    with pytest.raises(Exception, match="fluxnet|base"):
        atmokit.io.read_ameriflux(path, data_type="fluxnet" if data_type == "base" else "base")
    with pytest.raises(FileNotFoundError, match="no-such-badm.xlsx"):
        atmokit.io.read_ameriflux(path, metadata_filename="no-such-badm.xlsx")


def _badm_sheet(path, rows):
    """A BADM workbook as AmeriFlux delivers it: VARIABLE_GROUP, VARIABLE, DATAVALUE columns."""
    import pandas as pd

    pd.DataFrame(
        {"SITE_ID": "US-Xxx", "VARIABLE_GROUP": [r[0].split("_")[0] for r in rows],
         "VARIABLE": [r[0] for r in rows], "DATAVALUE": [r[1] for r in rows]}
    ).to_excel(path, index=False)


BADM = [
    ("SITE_NAME", "Test site"), ("LOCATION_LAT", 36.605), ("LOCATION_LONG", -97.488), ("LOCATION_ELEV", 318),
    ("TEAM_MEMBER_NAME", "Ann Lee"), ("TEAM_MEMBER_ROLE", "PI"), ("TEAM_MEMBER_EMAIL", "ann@example.org"),
    ("TEAM_MEMBER_INSTITUTION", "Example University"),
    ("TEAM_MEMBER_NAME", "Bo Chen"), ("TEAM_MEMBER_ROLE", "Technician"), ("TEAM_MEMBER_EMAIL", "bo@example.org"),
    ("TEAM_MEMBER_INSTITUTION", "Example University"), ("TEAM_MEMBER_ORCID", "0000-0002-1825-0097"),
    ("TEAM_MEMBER_ADDRESS", "1 Main St"),
    ("DOI_CONTRIBUTOR_DATAPRODUCT", "AmeriFlux"), ("DOI_CONTRIBUTOR_NAME", "Ann Lee"),
    ("DOI_CONTRIBUTOR_ROLE", "Author"), ("DOI_CONTRIBUTOR_INSTITUTION", "Example University"),
    ("DOI_CONTRIBUTOR_EMAIL", "ann@example.org"),
    ("FLUX_MEASUREMENTS_METHOD", "Eddy Covariance"), ("FLUX_MEASUREMENTS_VARIABLE", "FC"),
    ("FLUX_MEASUREMENTS_DATE_START", 20190101), ("FLUX_MEASUREMENTS_OPERATIONS", "Continuous operation"),
    ("FLUX_MEASUREMENTS_METHOD", "Eddy Covariance"), ("FLUX_MEASUREMENTS_VARIABLE", "H"),
    ("FLUX_MEASUREMENTS_DATE_START", 20190101), ("FLUX_MEASUREMENTS_OPERATIONS", "Continuous operation"),
    ("URL_AMERIFLUX", "https://ameriflux.lbl.gov/sites/siteinfo/US-Xxx"),
]  # fmt: skip


def test_ameriflux_badm_metadata_equals_act(tmp_path):
    pytest.importorskip("openpyxl")
    from act.io.ameriflux import read_ameriflux

    sheet = tmp_path / "AMF_US-Xxx_BIF_20240101.xlsx"
    _badm_sheet(sheet, BADM)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_ameriflux(AMERIFLUX_BASE, metadata_filename=str(sheet), data_type="base")
    got = atmokit.io.read_ameriflux(AMERIFLUX_BASE, metadata_filename=sheet, act_compat=True)
    for key in ("SITE_NAME", "LOCATION_LAT", "LOCATION_LONG", "LOCATION_ELEV", "URL_AMERIFLUX",
                "TEAM_MEMBERS", "DOI_CONTRIBUTORS", "FLUX_MEASUREMENTS_METHODS"):  # fmt: skip
        w, g = want.attrs[key], got.attrs[key]
        if isinstance(w, list):
            assert list(g) == w, key
        else:
            assert g == w, key
    assert len(got.attrs["TEAM_MEMBERS"]) == 2 and len(got.attrs["FLUX_MEASUREMENTS_METHODS"]) == 2
    # atmokit's default keeps the whole last group: the second member's sixth field, the
    # address (ACT's five-row window drops it).
    ours = atmokit.io.read_ameriflux(AMERIFLUX_BASE, metadata_filename=sheet)
    assert ours.attrs["TEAM_MEMBERS"][1].endswith("TEAM_MEMBER_ADDRESS:1 Main St")
    assert "ADDRESS" not in want.attrs["TEAM_MEMBERS"][1]
