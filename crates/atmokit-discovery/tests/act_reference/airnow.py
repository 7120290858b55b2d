"""Reference numbers for tests/airnow_dataset.rs: ACT 2.3.4's own `get_airnow_forecast`,
`get_airnow_obs` and `get_airnow_bounded_obs` run on the test answers in ../answers, with
pandas' `read_csv` given those files instead of the AirNow URLs.

Run: ~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/airnow.py
"""

import json
import math
import pathlib

import act.discovery.airnow as airnow
import pandas as pd

HERE = pathlib.Path(__file__).parent / ".." / "answers"
real_read_csv = pd.read_csv
asked = []


def fake_read_csv(url, **kw):
    asked.append(url)
    name = {"forecast": "airnow_forecast.csv", "observation": "airnow_obs.csv", "data/": "airnow_bounded.csv"}
    for k, v in name.items():
        if k in url:
            return real_read_csv(HERE / v, **kw)
    raise ValueError(url)


airnow.pd.read_csv = fake_read_csv


def clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


def show(ds):
    out = {"dims": dict(ds.sizes), "attrs": dict(ds.attrs), "vars": {}}
    for name in ds.variables:
        v = ds[name]
        out["vars"][name] = {"dims": list(v.dims), "dtype": str(v.dtype), "attrs": dict(v.attrs),
                             "values": [clean(x) for x in v.values.ravel().tolist()]}
    return out


res = {
    "forecast": show(airnow.get_airnow_forecast("KEY", "2012-05-31", zipcode="60440")),
    "obs": show(airnow.get_airnow_obs("KEY", date="2021-12-01", zipcode="60440")),
    "bounded": show(airnow.get_airnow_bounded_obs("KEY", "2020-08-01T00", "2020-08-01T01",
                                                  "-118.3,33.9,-117.8,34.2")),
    "asked": asked,
}
print(json.dumps(res, indent=1, default=str))
