"""Reference numbers for tests/asos_dataset.rs: ACT 2.3.4's own `get_asos_data` run on the
test answers in ../answers (IEM's CSV and network GeoJSON), with `urlopen` replaced by a
function returning those answers.

Run: ~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/asos.py
"""

import contextlib
import io
import sys
import json
import math
import pathlib
from datetime import datetime

import act.discovery.asos as asos

HERE = pathlib.Path(__file__).parent / ".." / "answers"
CSV = (HERE / "asos_ORD.csv").read_text()
IL = (HERE / "network_IL_ASOS.geojson").read_text()
asked = []


def fake_urlopen(uri, timeout=None):
    asked.append(uri)
    if "geojson/network/IL_ASOS.geojson" in uri:
        return io.BytesIO(IL.encode())
    if "geojson/network/" in uri:
        return io.BytesIO(b'{"type": "FeatureCollection", "features": []}')
    return io.BytesIO(CSV.encode())


asos.urlopen = fake_urlopen


def show(ds):
    out = {"attrs": {k: v for k, v in ds.attrs.items()}, "vars": {}}
    for name in ds.variables:
        v = ds[name]
        vals = []
        for x in v.values.tolist():
            if isinstance(x, float) and math.isnan(x):
                x = None
            vals.append(x if not hasattr(x, "isoformat") else str(x))
        out["vars"][name] = {"dtype": str(v.dtype), "attrs": dict(v.attrs), "values": vals}
    return out


tw = [datetime(2020, 2, 4, 2, 0), datetime(2020, 2, 4, 6, 0)]
with contextlib.redirect_stdout(sys.stderr):
    station = asos.get_asos_data(tw, station="ORD")
n_station = len(asked)
asked.clear()
with contextlib.redirect_stdout(sys.stderr):
    box = asos.get_asos_data(tw, lat_range=(41.9, 42.0), lon_range=(-88.0, -87.9), regions="IL")
print(json.dumps({"station_requests": n_station, "station": show(station["ORD"]),
                  "box_requests": asked, "box": show(box["ORD"])}, indent=1, default=str))
