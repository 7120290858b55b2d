"""ACT 2.3.4 on the daily files of the streaming-QC benchmark (tests/benches/stream.rs), for the
scaling table: read N days, run the same 4 tests per variable, write one netCDF file.

    python stream_act.py [N ...]        (default: 1 7 30)

Run `cargo bench -p atmokit-tests --features qc --bench stream` first: it makes the daily files
(1-second data, 10 float32 variables, netCDF-4 written by atmokit) in the system temp folder.
Each N runs in a fresh child process (ACT has no file-by-file mode, so the days are read as one
dataset, as a user of ACT would); it prints wall time, CPU time and peak memory (ru_maxrss).
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDER = Path(tempfile.gettempdir()) / "atmokit_bench_stream_1s"


def child(n):
    import act

    files = [str(FOLDER / f"synmetX1.b1.day{d:04}.nc") for d in range(n)]
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        sys.exit(f"missing {missing[0]}: run the Rust stream bench first")
    t0, c0 = time.perf_counter(), time.process_time()
    ds = act.io.read_arm_netcdf(files)
    for k in range(10):
        var, lo = f"var_{k}", 10.0 * k - 4.0
        ds.qcfilter.add_missing_value_test(var)
        ds.qcfilter.add_outside_test(var, lo, lo + 8.0)
        ds.qcfilter.add_delta_test(var, 0.9)
        ds.qcfilter.add_persistence_test(var, window=10, test_limit=0.0001)
    # ACT's add_missing_value_test puts `missing_value` in the attrs, where xarray's encoder
    # refuses it next to the encoding's own ("Key 'missing_value' already exists"): the usual
    # workaround is to drop the attr before writing.
    for v in ds.data_vars.values():
        if "missing_value" in v.encoding:
            v.attrs.pop("missing_value", None)
    with tempfile.TemporaryDirectory(dir=FOLDER) as out:
        ds.write.write_netcdf(path=os.path.join(out, "all.nc"))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{wall} {cpu} {peak_mb}")


def main():
    if os.environ.get("ATMOKIT_ACT_CHILD"):
        child(int(os.environ["ATMOKIT_ACT_CHILD"]))
        return
    counts = [int(a) for a in sys.argv[1:]] or [1, 7, 30]
    print("| ACT 2.3.4 | days | wall | CPU | peak memory |")
    print("|---|---|---|---|---|")
    for n in counts:
        env = dict(os.environ, ATMOKIT_ACT_CHILD=str(n))
        r = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"| in memory | {n} | failed: {r.stderr.strip().splitlines()[-1:]} | | |")
            continue
        wall, cpu, peak = (float(x) for x in r.stdout.split()[-3:])
        print(f"| in memory | {n} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
