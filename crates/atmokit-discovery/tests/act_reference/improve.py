"""Reference numbers for tests/improve_dataset.rs: ACT 2.3.4's own `get_improve_data` run on
the test answers in ../answers, with pandas' `read_html` given those files instead of the
FED service's URLs.

Run: ~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/improve.py
"""

import contextlib
import io
import json
import math
import pathlib
import sys

import act.discovery.improve as improve
import pandas as pd

HERE = pathlib.Path(__file__).parent / ".." / "answers"
real_read_html = pd.read_html
asked = []


def fake_read_html(url, **kw):
    asked.append(url)
    name = "improve_site.html" if "SiteSummary" in url else "improve_data.html"
    return real_read_html(io.StringIO((HERE / name).read_text()), **kw)


improve.pd.read_html = fake_read_html


def clean(x):
    if isinstance(x, float) and math.isnan(x):
        return None
    return x


with contextlib.redirect_stdout(sys.stderr):
    ds = improve.get_improve_data(site_id="244", parameter_id=["101", "102"], start_date="1/1/2022",
                                  end_date="1/7/2022")
out = {"dims": dict(ds.sizes), "attrs": dict(ds.attrs), "vars": {}, "asked": asked}
for name in ds.variables:
    v = ds[name]
    out["vars"][name] = {"dims": list(v.dims), "dtype": str(v.dtype), "attrs": dict(v.attrs),
                         "encoding_fill": v.encoding.get("_FillValue"),
                         "values": [clean(x) for x in v.values.ravel().tolist()]}
print(json.dumps(out, indent=1, default=str))
