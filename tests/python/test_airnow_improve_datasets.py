"""atmokit.discovery's AirNow and IMPROVE datasets against a server this test starts on
127.0.0.1 answering with the service-shaped files of crates/atmokit-discovery/tests/answers;
with ``act_compat`` they equal what ACT 2.3.4's own functions return for the same answers
(ACT's pandas reads are pointed at the same local server, nothing goes to the internet)."""

from __future__ import annotations

import math
import pathlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

import atmokit.discovery as disc

ANSWERS = pathlib.Path(__file__).resolve().parents[2] / "crates" / "atmokit-discovery" / "tests" / "answers"
FILES = {
    "/aq/forecast/": "airnow_forecast.csv",
    "/aq/observation/": "airnow_obs.csv",
    "/aq/data/": "airnow_bounded.csv",
    "/fed/svc/DataSvc.aspx": "improve_data.html",
    "/adms/Pub/SiteSummary.aspx": "improve_site.html",
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        name = next((f for p, f in FILES.items() if self.path.startswith(p)), None)
        body, code = ((ANSWERS / name).read_bytes(), 200) if name else (b"not found", 404)
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


def _text(values):
    return [("" if isinstance(x, float) and math.isnan(x) else x) for x in values]


def _same(got, want, skip_attrs=()):
    assert set(got.data_vars) | set(got.coords) >= set(want.data_vars) | set(want.coords)
    for name in list(want.data_vars) + list(want.coords):
        w, g = want[name], got[name]
        assert w.dims == g.dims, name
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g.values, w.values, rtol=1e-12, equal_nan=True, err_msg=name)
        elif w.dtype.kind in "biu":
            assert (g.values.astype("int64") == w.values.astype("int64")).all(), name
        elif w.dtype.kind == "M":
            assert (g.values == w.values.astype("datetime64[ns]")).all(), name
        else:
            assert _text(w.values.ravel()) == list(g.values.ravel()), name
        wa = {k: v for k, v in w.attrs.items() if k not in skip_attrs}
        assert dict(g.attrs) == wa, name


@pytest.fixture
def act_pandas(base, monkeypatch):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("act")
    real_csv, real_html = pd.read_csv, pd.read_html

    def local(url):
        for real in ("https://www.airnowapi.org/", "https://views.cira.colostate.edu/"):
            url = url.replace(real, base)
        return url

    monkeypatch.setattr(pd, "read_csv", lambda url, **kw: real_csv(local(url), **kw))
    monkeypatch.setattr(pd, "read_html", lambda url, **kw: real_html(local(url), **kw))


def test_airnow_with_act_compat_equals_act(base, tmp_path, act_pandas):
    import act.discovery.airnow as act_airnow

    aq = base + "aq/"
    want = act_airnow.get_airnow_forecast("KEY", "2012-05-31", zipcode="60440")
    got = disc.get_airnow_forecast_dataset("KEY", "2012-05-31", zipcode="60440", output=tmp_path, base_url=aq)
    _same(got, want)
    want = act_airnow.get_airnow_obs("KEY", date="2021-12-01", zipcode="60440")
    got = disc.get_airnow_obs_dataset("KEY", date="2021-12-01", zipcode="60440", output=tmp_path, base_url=aq)
    _same(got, want)
    bbox = "-118.3,33.9,-117.8,34.2"
    want = act_airnow.get_airnow_bounded_obs("KEY", "2020-08-01T00", "2020-08-01T01", bbox)
    got = disc.get_airnow_bounded_obs_dataset(
        "KEY", "2020-08-01T00", "2020-08-01T01", bbox, output=tmp_path, base_url=aq, act_compat=True
    )
    _same(got, want)


def test_airnow_bounded_by_default(base, tmp_path):
    ds = disc.get_airnow_bounded_obs_dataset(
        "KEY", "2020-08-01T00", "2020-08-01T01", "-118.3,33.9,-117.8,34.2", output=tmp_path, base_url=base + "aq/"
    )
    np.testing.assert_allclose(ds.AQI.values, [[54.0, 33.0], [57.0, np.nan]])
    assert list(ds.aqs_id.values) == ["060370002", "060371103"]
    assert "raw_concentration" not in ds


def test_improve_with_act_compat_equals_act(base, tmp_path, act_pandas, capsys):
    import act.discovery.improve as act_improve

    want = act_improve.get_improve_data(site_id="244", parameter_id=["101", "102"], start_date="1/1/2022", end_date="1/7/2022")
    kw = dict(output=tmp_path, base_url=base + "fed/svc/", site_base_url=base + "adms/")
    got = disc.get_improve_dataset("244", ["101", "102"], "1/1/2022", "1/7/2022", act_compat=True, **kw)
    # ACT holds `_FillValue` among the attrs; atmokit in the encoding (xarray writes both alike).
    _same(got, want, skip_attrs=("_FillValue",))
    assert got.mass_pm2_5.encoding["_FillValue"] == -999.0
    assert {k: v for k, v in got.attrs.items() if k != "url"} == {k: v for k, v in want.attrs.items() if k != "url"}
    default = disc.get_improve_dataset("244", ["101", "102"], "1/1/2022", "1/7/2022", overwrite=True, **kw)
    assert np.isnan(default.mass_pm2_5.values[0])
