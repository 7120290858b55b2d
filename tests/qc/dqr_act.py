"""Run ACT's add_dqr_to_qc on an ARM file with a DQR answer served from a JSON file
(requests.get replaced), and print per QC variable the tests and flagged sample indices."""
import contextlib
import json
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np
import requests

import act

path, answer, exclude = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(answer).read()
urls = []


class Answer:
    status_code = 200

    def __init__(self, t):
        self.text = t


def fake_get(url, *a, **k):
    urls.append(url)
    return Answer(text)


requests.get = fake_get
ds = act.io.arm.read_arm_netcdf(path)
with contextlib.redirect_stdout(sys.stderr):
    ds = act.qc.arm.add_dqr_to_qc(ds, exclude=exclude or None)
out = {"urls": urls, "qc": {}}
for name in ds.data_vars:
    v = ds[name]
    if v.attrs.get("standard_name") != "quality_flag":
        continue
    masks = list(np.atleast_1d(v.attrs.get("flag_masks", [])))
    tests = []
    for i, m in enumerate(masks):
        data = np.asarray(v.values).astype(np.int64)
        hit = np.nonzero((data & int(m)) != 0)
        tests.append({
            "meaning": list(v.attrs["flag_meanings"])[i],
            "assessment": list(v.attrs["flag_assessments"])[i],
            "flagged": [int(x) for x in hit[0]],
        })
    out["qc"][name] = tests
print(json.dumps(out))
