"""atmokit.discovery and atmokit.qc.add_dqr_to_qc against a server this test starts on
127.0.0.1, answering as ARM Live and ARM's DQR web service answer; DQR flags compared with ACT's
add_dqr_to_qc given the same answer."""

from __future__ import annotations

import json
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

import atmokit

from .conftest import DATA, data_file

MET = ["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"]
DQR = {
    "sgpmetE13.b1": {
        "Suspect": {
            "D190101.2": {
                "dates": [{"start_date": "2019-01-01T01:00:00", "end_date": "2019-01-01T01:30:00"}],
                "description": "Barometer drift.",
                "subject": "Drift",
                "suggestions": None,
                "variables": ["atmos_pressure", "lat"],
            }
        },
        "Incorrect": {
            "D190101.5": {
                "dates": [
                    {"start_date": "2019-01-01T10:00:00", "end_date": "2019-01-01T10:09:00"},
                    {"start_date": "2019-01-01T20:00:00", "end_date": "2019-01-01T20:00:00"},
                ],
                "description": "Temperature sensor wet.",
                "subject": "Wet",
                "suggestions": None,
                "variables": ["temp_mean", "rh_mean"],
            }
        },
    }
}


# A DOD as ARM's PCM service answers it (values as text, a null, a string variable's marker).
DOD = {
    "versions": {
        "1.1": {
            "atts": [{"name": "datastream", "type": "char", "value": "vdis.b1"}],
            "dims": [{"name": "time", "length": 0, "unlimited": True}],
            "vars": [{"name": "time", "type": "double", "dims": ["time"], "atts": []}],
        },
        "1.2": {
            "atts": [
                {"name": "command_line", "type": "char", "value": "vdis_ingest -s sgp -f S01"},
                {"name": "doi", "type": "char", "value": None},
                {"name": "sampling_interval", "type": "char", "value": "1 minute"},
            ],
            "dims": [
                {"name": "time", "length": 0, "unlimited": True},
                {"name": "drop_diameter", "length": 50, "unlimited": False},
            ],
            "vars": [
                {"name": "base_time", "type": "int", "dims": [],
                 "atts": [{"name": "units", "type": "char", "value": "seconds since 1970-1-1 0:00:00 0:00"}]},
                {"name": "time", "type": "double", "dims": ["time"],
                 "atts": [{"name": "units", "type": "char", "value": "seconds since 2019-01-01 00:00:00 0:00"}]},
                {"name": "drop_diameter", "type": "float", "dims": ["drop_diameter"],
                 "atts": [{"name": "long_name", "type": "char", "value": "Drop diameter"},
                          {"name": "units", "type": "char", "value": "mm"}]},
                {"name": "num_drops", "type": "int", "dims": ["time", "drop_diameter"],
                 "atts": [{"name": "missing_value", "type": "int", "value": "-9999"},
                          {"name": "comment", "type": "char", "value": None}]},
                {"name": "rain_rate", "type": "float", "dims": ["time"],
                 "atts": [{"name": "units", "type": "char", "value": "mm/hr"},
                          {"name": "valid_min", "type": "float", "value": "0"},
                          {"name": "missing_value", "type": "float", "value": "-9999"}]},
                {"name": "lat", "type": "float", "dims": [],
                 "atts": [{"name": "units", "type": "char", "value": "degree_N"}]},
                {"name": "serial", "type": "char", "dims": ["time"],
                 "atts": [{"name": "string", "type": "char", "value": "yes"},
                          {"name": "units", "type": "char", "value": "unitless"}]},
            ],
        },
    }
}


# The ARM Data Center's metadata search answer for sgp (one facility without a location).
SITES = {
    "aggregations": {
        "distinct_facility_code": {
            "buckets": [
                {"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "C1", "location": "36.605,-97.485"}}]}}},
                {"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "E13", "location": "36.605,-97.485"}}]}}},
                {"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "X9", "location": None}}]}}},
            ]
        }
    }
}


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):  # quiet
        pass

    def _send(self, code: int, body: bytes, ctype: str = "application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Handler.hits.append(self.path)
        u = urlparse(self.path)
        q = parse_qs(u.query)
        if u.path == "/pcm/api/dods/vdis.b1":
            return self._send(200, json.dumps(DOD).encode())
        if u.path.startswith("/dqr_full/"):
            return self._send(200, json.dumps(DQR).encode())
        if u.path.endswith("/data/query") or u.path.endswith("/data/saveData"):
            if q.get("user", [""])[0] != "mentor:s3cret":
                return self._send(401, b"Unauthorized", "text/plain")
            if u.path.endswith("/data/query"):
                return self._send(200, json.dumps({"status": "success", "files": MET}).encode())
            name = q["file"][0]
            return self._send(200, (DATA / name).read_bytes(), "application/octet-stream")
        return self._send(404, b"no such thing", "text/plain")

    def do_POST(self):
        Handler.hits.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path == "/elastic/metadata/_search":
            return self._send(200, json.dumps(SITES).encode())
        return self._send(404, b"no such thing", "text/plain")


@pytest.fixture(scope="module")
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


def test_arm_live_download_is_atomic_resumable_and_refuses_bad_tokens(server, tmp_path):
    data_file(MET[0])
    Handler.hits.clear()
    out = tmp_path / "met"
    files = atmokit.discovery.download_arm_data(
        "mentor", "s3cret", "sgpmetE13.b1", "2019-01-01", "2019-01-02", output=out, base_url=server
    )
    assert [p.rsplit("/", 1)[1] for p in files] == MET
    for name in MET:
        assert (out / name).read_bytes() == (DATA / name).read_bytes()
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file left"
    assert sum("saveData" in h for h in Handler.hits) == 2
    # A second run keeps the complete files: only the query is asked again.
    atmokit.discovery.download_arm_data("mentor", "s3cret", "sgpmetE13.b1", "2019-01-01", "2019-01-02", output=out, base_url=server)
    assert sum("saveData" in h for h in Handler.hits) == 2
    ds = atmokit.read_arm_netcdf(files)
    assert ds.sizes["time"] == 2880
    with pytest.raises(PermissionError) as e:
        atmokit.discovery.download_arm_data("mentor", "wrong-token", "sgpmetE13.b1", "2019-01-01", "2019-01-02", output=tmp_path / "x", base_url=server, attempts=1)
    assert "401" in str(e.value) and "wrong-token" not in str(e.value)


def _act_with_answer(monkeypatch, files, **kwargs):
    act = pytest.importorskip("act")

    class Answer:
        status_code = 200
        text = json.dumps(DQR)

    monkeypatch.setattr(act.qc.arm.requests, "get", lambda url, *a, **k: Answer())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = act.io.arm.read_arm_netcdf(files)
        return act.qc.arm.add_dqr_to_qc(ds, **kwargs)


@pytest.mark.parametrize("kwargs", [{}, {"assessment": "incorrect"}, {"skip_location_vars": True}, {"exclude": ["D190101.5"]}])
def test_dqrs_from_the_service_match_act(server, monkeypatch, kwargs):
    files = [str(data_file(MET[0]))]
    expected = _act_with_answer(monkeypatch, files, **kwargs)
    Handler.hits.clear()
    got = atmokit.qc.add_dqr_to_qc(atmokit.read_arm_netcdf(files), base_url=server, **kwargs)
    assert Handler.hits[-1].startswith("/dqr_full/sgpmetE13.b1/20190101/20190101/")
    for v in ("temp_mean", "rh_mean", "atmos_pressure"):
        np.testing.assert_array_equal(got[f"qc_{v}"].values, expected[f"qc_{v}"].values, err_msg=v)
        assert list(np.atleast_1d(got[f"qc_{v}"].attrs["flag_meanings"])) == list(
            np.atleast_1d(expected[f"qc_{v}"].attrs["flag_meanings"])
        )
    # A DQR on `lat` (no time dimension): ACT fails inside add_test and leaves an empty qc_lat
    # behind; atmokit skips the variable (docs/for-act-users.md, deviations).
    assert "qc_lat" not in got
    if "qc_lat" in expected:
        assert not np.any(expected["qc_lat"].values)


def test_dqrs_from_a_saved_answer(tmp_path, monkeypatch):
    files = [str(data_file(MET[0]))]
    saved = tmp_path / "dqr.json"
    saved.write_text(json.dumps(DQR))
    expected = _act_with_answer(monkeypatch, files, assessment="incorrect,suspect")
    got = atmokit.qc.add_dqr_to_qc(atmokit.read_arm_netcdf(files), dqr_file=saved)
    np.testing.assert_array_equal(got["qc_temp_mean"].values, expected["qc_temp_mean"].values)
    assert int((got["qc_temp_mean"].values != 0).sum()) == 11  # 10:00-10:09 and 20:00, inclusive
    # Only Suspect asked: the saved answer's Incorrect DQR is left out, as the service would.
    suspect = atmokit.qc.add_dqr_to_qc(atmokit.read_arm_netcdf(files), assessment="suspect", dqr_file=saved)
    assert int((suspect["qc_temp_mean"].values != 0).sum()) == 0
    saved.write_text("{not json")
    with pytest.raises(ValueError, match="not JSON"):
        atmokit.qc.add_dqr_to_qc(atmokit.read_arm_netcdf(files), dqr_file=saved)


def _act_dod(monkeypatch, server, *args, **kwargs):
    """ACT's create_ds_from_arm_dod with its fixed PCM root pointed at the loopback server."""
    act = pytest.importorskip("act")
    import urllib.request

    real = urllib.request.urlopen
    monkeypatch.setattr(
        act.io.arm.urllib.request, "urlopen", lambda url, *a, **k: real(url.replace("https://pcm.arm.gov/", server), *a, **k)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return act.io.arm.create_ds_from_arm_dod(*args, **kwargs)


@pytest.mark.parametrize("version,scalar_fill_dim", [("1.2", None), ("", "time"), ("9.9", None)])
def test_dod_from_the_service_equals_act(monkeypatch, server, tmp_path, version, scalar_fill_dim):
    dims = {"time": 1440}
    act_ds = _act_dod(monkeypatch, server, "vdis.b1", dict(dims), version=version, scalar_fill_dim=scalar_fill_dim)
    ours = atmokit.io.create_ds_from_arm_dod(
        "vdis.b1", dims, version=version, scalar_fill_dim=scalar_fill_dim, base_url=server, act_compat=True
    )
    assert list(ours.data_vars) + list(ours.coords) != []
    assert set(ours.variables) == set(act_ds.variables)
    assert dict(ours.sizes) == dict(act_ds.sizes)
    assert ours.attrs == act_ds.attrs
    for name, v in act_ds.variables.items():
        o = ours[name]
        assert o.dims == v.dims, name
        assert o.dtype == v.dtype, name
        np.testing.assert_array_equal(o.values, v.values, err_msg=name)
        assert dict(o.attrs) == dict(v.attrs), name
    # The same answer saved to a file gives the same dataset (ACT's local_file=True).
    saved = tmp_path / "vdis.b1.json"
    saved.write_text(json.dumps(DOD))
    local = atmokit.io.create_ds_from_arm_dod(
        str(saved), dims, version=version, scalar_fill_dim=scalar_fill_dim, local_file=True, act_compat=True
    )
    assert local.identical(ours)


def test_dod_keeps_the_dod_types_by_default(server):
    ds = atmokit.io.create_ds_from_arm_dod("vdis.b1", {"time": 3}, base_url=server)
    assert ds["num_drops"].dtype == np.int32 and ds["rain_rate"].dtype == np.float32
    assert (ds["num_drops"].values == -9999).all()
    assert ds["drop_diameter"].dtype == np.float32 and ds["drop_diameter"].values[-1] == 49
    assert ds["rain_rate"].attrs["valid_min"] == np.float32(0)
    assert ds["serial"].attrs["units"] == "unitless"
    assert "comment" not in ds["num_drops"].attrs
    with pytest.raises(ValueError, match="time"):
        atmokit.io.create_ds_from_arm_dod("vdis.b1", {}, base_url=server)
    with pytest.raises(FileNotFoundError, match="nope.b1"):
        atmokit.io.create_ds_from_arm_dod("nope.b1", {"time": 3}, base_url=server)


def test_site_location_search_equals_act_online_and_offline(monkeypatch, server, tmp_path):
    act = pytest.importorskip("act")
    import requests

    real = requests.post
    monkeypatch.setattr(
        act.utils.data_utils.requests, "post", lambda url, *a, **k: real(url.replace("https://adc.arm.gov/", server), *a, **k)
    )
    want = act.utils.arm_site_location_search(site_code="sgp")
    assert atmokit.utils.arm_site_location_search("sgp", base_url=server) == want
    assert want["sgp X9"] == {"latitude": None, "longitude": None}
    # Offline: the shipped table (from the real files' lat/lon) and a saved table, which wins.
    shipped = atmokit.utils.arm_site_location_search("sgp", "E13,C1", offline=True)
    assert set(shipped) == {"sgp C1", "sgp E13"}
    assert shipped["sgp E13"]["latitude"] == pytest.approx(36.60499954, abs=1e-7)
    saved = tmp_path / "sgp.csv"
    saved.write_text("site,facility,latitude,longitude\nsgp,E13,36.6,-97.5\nnsa,C1,71.323,-156.609\n")
    mine = atmokit.utils.arm_site_location_search("sgp", "E13", offline=True, tables=saved)
    assert mine == {"sgp E13": {"latitude": 36.6, "longitude": -97.5}}
    assert atmokit.utils.arm_site_location_search("nsa", offline=True, tables=[saved])["nsa C1"]["latitude"] == 71.323
    saved.write_text("site,facility,latitude,longitude\nsgp,E13,136.6,-97.5\n")
    with pytest.raises(ValueError, match="sgp.csv:2"):
        atmokit.utils.arm_site_location_search("sgp", offline=True, tables=saved)
