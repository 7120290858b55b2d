"""SP2 benchmark: atmokit vs PySP2 on the MOSAiC test files PySP2's wheel ships.

    python crates/atmokit-python/bench/bench_sp2.py [--runs 3] [--records 1000]

Items (file and layout named in each row):
  read      the 9.7 MB .sp2b (5877 records x 8 channels x 100 int16 samples): read_sp2
  hk        the 31 MB .hk (86400 lines x 46 tab-separated columns): read_hk_file
  fit       gaussian_fit on the first --records records of the .sp2b (two Gaussian fits and
            six channels of peak statistics per record; PySP2 serial, as ACT calls it)
  diams     calc_diams_masses on PySP2's fit of those records
Build the extension with --release for figures (ATMOKIT_PY_RELEASE=1 bash scripts/python-env.sh).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time
import warnings

import atmokit
import pysp2
from pysp2.testing.sample_files import EXAMPLE_HK, EXAMPLE_INI, EXAMPLE_SP2B

warnings.simplefilter("ignore")


def timeit(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--records", type=int, default=1000)
    a = ap.parse_args()
    cfg = pysp2.io.read_config(EXAMPLE_INI)
    raw = pysp2.io.read_sp2(EXAMPLE_SP2B)
    sub = raw.isel(event_index=slice(0, a.records))
    ours = atmokit.io.read_sp2(EXAMPLE_SP2B)
    with contextlib.redirect_stdout(io.StringIO()):
        fitted = pysp2.util.gaussian_fit(sub.copy(deep=True), cfg)
    glob = pysp2.util.DMTGlobals()
    rows = [
        ("read .sp2b 9.7 MB", lambda: pysp2.io.read_sp2(EXAMPLE_SP2B), lambda: atmokit.io.read_sp2(EXAMPLE_SP2B)),
        ("read .hk 31 MB", lambda: pysp2.io.read_hk_file(EXAMPLE_HK), lambda: atmokit.io.read_hk_file(EXAMPLE_HK)),
        (
            f"gaussian_fit {a.records} records",
            lambda: pysp2.util.gaussian_fit(sub.copy(deep=True), cfg),
            lambda: atmokit.retrievals.gaussian_fit(ours, cfg, num_records=a.records),
        ),
        (
            f"calc_diams_masses {a.records} records",
            lambda: pysp2.util.calc_diams_masses(fitted, debug=False, Globals=glob),
            lambda: atmokit.retrievals.calc_sp2_diams_masses(fitted, Globals=glob),
        ),
    ]
    print(f"{'item':<36} {'PySP2':>10} {'atmokit':>10} {'speed-up':>9}")
    for name, ref, mine in rows:
        tr, tm = timeit(ref, a.runs), timeit(mine, a.runs)
        print(f"{name:<36} {tr * 1e3:8.1f}ms {tm * 1e3:8.1f}ms {tr / tm:8.1f}x", flush=True)


if __name__ == "__main__":
    main()
