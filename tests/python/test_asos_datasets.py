"""atmokit.discovery.get_asos_datasets against a server this test starts on 127.0.0.1 answering
with IEM-shaped files (crates/atmokit-discovery/tests/answers); with ``act_compat`` every
variable and attribute equals what ACT 2.3.4's own ``get_asos_data`` returns for the same
answers (ACT's ``urlopen`` is pointed at the same local server, nothing goes to the internet)."""

from __future__ import annotations

import math
import pathlib
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

import atmokit.discovery as disc

ANSWERS = pathlib.Path(__file__).resolve().parents[2] / "crates" / "atmokit-discovery" / "tests" / "answers"
WINDOW = (datetime(2020, 2, 4, 2, 0), datetime(2020, 2, 4, 6, 0))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.endswith("/geojson/network/IL_ASOS.geojson"):
            body, code = (ANSWERS / "network_IL_ASOS.geojson").read_bytes(), 200
        elif "/geojson/network/" in path:
            body, code = b'{"type": "FeatureCollection", "features": []}', 200
        elif path.endswith("/cgi-bin/request/asos.py"):
            body, code = (ANSWERS / "asos_ORD.csv").read_bytes(), 200
        else:
            body, code = b"not found", 404
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


def test_act_compat_equals_act(base, tmp_path, monkeypatch):
    act_asos = pytest.importorskip("act.discovery.asos")
    real = act_asos.urlopen

    def local(uri, timeout=None):
        for prefix in ("https://mesonet.agron.iastate.edu/", "http://mesonet.agron.iastate.edu/"):
            uri = uri.replace(prefix, base)
        return real(uri, timeout=30)

    monkeypatch.setattr(act_asos, "urlopen", local)
    want = act_asos.get_asos_data(list(WINDOW), station="ORD", regions="IL")["ORD"]
    got = disc.get_asos_datasets(WINDOW, station="ORD", regions="IL", output=tmp_path, base_url=base, act_compat=True)["ORD"]
    assert list(got.time.values) == list(want.time.values.astype("datetime64[ns]"))
    assert set(want.data_vars) == set(got.data_vars)
    for name in want.data_vars:
        w, g = want[name], got[name]
        if w.dtype.kind == "f":
            np.testing.assert_allclose(g.values, w.values, rtol=1e-12, atol=1e-15, equal_nan=True, err_msg=name)
        else:
            # ACT's missing text is NaN; atmokit's is "".
            assert [("" if isinstance(x, float) and math.isnan(x) else x) for x in w.values] == list(g.values), name
        assert dict(g.attrs) == dict(w.attrs), name
    # ACT's `archive_end: None` has no netCDF form and is left out.
    assert {k: v for k, v in want.attrs.items() if v is not None} == dict(got.attrs)


def test_default_fixes_the_formulas(base, tmp_path):
    ds = disc.get_asos_datasets(WINDOW, station="ORD", regions="IL", output=tmp_path, base_url=base)["ORD"]
    np.testing.assert_allclose(ds.temp.values[[0, 1, 3]], (np.array([30.0, 28.9, 27.0]) - 32) * 5 / 9, rtol=1e-12)
    np.testing.assert_allclose(ds.dwpc.values[[0, 1, 3]], (np.array([24.1, 23.0, 21.9]) - 32) * 5 / 9, rtol=1e-12)
    np.testing.assert_allclose(ds.ice_accretion_6hr.values[1:3], np.array([0.08, 0.15]) * 2.54, rtol=1e-12)
    assert ds.skyl1.attrs == {"units": "meter", "long_name": "Sky level 1 altitude"}
    assert ds.attrs["site_longitude"] == -87.9322
    assert ds.attrs["elevation"] == "201.700000 meter"
    assert (tmp_path / "ORD_202002040200_202002040600.csv").exists()
