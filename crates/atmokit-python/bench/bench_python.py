"""Python-side benchmarks: atmokit vs ACT 2.3.4 vs plain xarray, medians of several runs.

    python crates/atmokit-python/bench/bench_python.py [--runs 5] [--days 30] [--year] [--act-big]

Items (each names its file layout):
  read7   the 7 SGP met days (netCDF classic, 1-minute, 50 variables): atmokit / ACT / xarray
  read30  a 30-day 1-second 10-variable file written by netCDF4-python with its default chunking
          (the layout ACT's benchmark uses): atmokit / xarray (ACT with --act-big: ~97 s a run)
  qc30    5 QC tests x 10 variables on that file (missing, less p5, greater p95, outside p10-p90,
          delta std(diff)): atmokit (with --act-big also ACT)
  year    365 daily met files (classic netCDF written by atmokit, the 7 days shifted), read and QC'd
          (cleanup, delta, persistence, missing on 3 variables) on a 2-worker LocalCluster, vs ACT
          reading the same 365 files (--year)
Build the extension with --release for figures (ATMOKIT_PY_RELEASE=1 bash scripts/python-env.sh).
"""

from __future__ import annotations

import argparse
import glob
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import xarray as xr

import atmokit

warnings.simplefilter("ignore")
ROOT = Path(__file__).resolve().parents[3]
DATA = Path(os.environ.get("ATMOKIT_ORACLE", ROOT.parent / "shared" / "oracle")) / "data"
MET = sorted(glob.glob(str(DATA / "sgpmetE13.b1.2019010*.cdf")))


def timeit(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times)


def row(name, t):
    print(f"{name:<72} {t[0] * 1e3:10.1f} ms  (min {t[1] * 1e3:.1f})", flush=True)


def make_1s_file(path: Path, days: int, seed: int = 0) -> None:
    """days x 86400 s x 10 float32 variables, -9999 fill, written by netCDF4-python (default chunks)."""
    import netCDF4

    n = days * 86400
    rng = np.random.default_rng(seed)
    t = np.arange(n, dtype=np.float64)
    with netCDF4.Dataset(path, "w", format="NETCDF4") as nc:
        nc.createDimension("time", None)
        bt = nc.createVariable("base_time", "i4")
        bt.units = "seconds since 1970-1-1 0:00:00 0:00"
        bt.assignValue(1546300800)
        for name in ("time_offset", "time"):
            v = nc.createVariable(name, "f8", ("time",))
            v.units = "seconds since 2019-01-01 00:00:00 0:00"
            v[:] = t
        day = 2 * np.pi * t / 86400.0
        for i in range(10):
            v = nc.createVariable(f"var{i}", "f4", ("time",), fill_value=np.float32(-9999.0))
            v.units = "degC"
            v.missing_value = np.float32(-9999.0)
            x = 10 + 8 * np.sin(day + i) + rng.normal(0, 0.4, n)
            x[rng.integers(0, n, n // 1000)] = -9999.0
            v[:] = x.astype(np.float32)
        nc.datastream = "synmetX1.b1"


def five_qc_atmokit(ds, names, lim):
    for n in names:
        lo5, hi95, lo10, hi90, d = lim[n]
        ds = atmokit.qc.add_missing_value_test(ds, n)
        ds = atmokit.qc.add_less_test(ds, n, lo5)
        ds = atmokit.qc.add_greater_test(ds, n, hi95)
        ds = atmokit.qc.add_outside_test(ds, n, lo10, hi90)
        ds = atmokit.qc.add_delta_test(ds, n, diff_limit=d)
    return ds


def five_qc_act(ds, names, lim):
    for n in names:
        lo5, hi95, lo10, hi90, d = lim[n]
        ds.qcfilter.add_missing_value_test(n)
        ds.qcfilter.add_less_test(n, lo5)
        ds.qcfilter.add_greater_test(n, hi95)
        ds.qcfilter.add_outside_test(n, lo10, hi90)
        ds.qcfilter.add_delta_test(n, diff_limit=d)
    return ds


def limits(ds, names):
    out = {}
    for n in names:
        x = ds[n].values.astype(np.float64)
        p = np.nanpercentile(x, [5, 10, 90, 95])
        out[n] = (float(p[0]), float(p[3]), float(p[1]), float(p[2]), float(np.nanstd(np.diff(x))))
    return out


def make_year(folder: Path) -> list[str]:
    days = [atmokit.read_arm_netcdf(f) for f in MET]
    files = []
    for i in range(365):
        ds = days[i % 7]
        shift = np.timedelta64(i - i % 7, "D")
        ds = ds.assign_coords(time=ds["time"] + shift)
        ds["time_offset"] = ds["time_offset"] + shift
        ds["base_time"] = ds["base_time"] + shift
        day = np.datetime64("2019-01-01") + np.timedelta64(i, "D")
        # Classic netCDF, as ARM's b1 met files are.
        path = folder / f"sgpmetE13.b1.{str(day).replace('-', '')}.000000.cdf"
        atmokit.write_netcdf(ds, path, format="classic")
        files.append(str(path))
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--year", action="store_true")
    ap.add_argument("--act-big", action="store_true")
    ap.add_argument("--year-only", action="store_true", help="only the year benchmark")
    ap.add_argument("--year-dir", help="reuse the 365 files of an earlier run in this folder")
    a = ap.parse_args()
    import act

    print(f"atmokit {atmokit.__version__}, act {act.__version__}, xarray {xr.__version__}, runs={a.runs}")
    tmp = Path(tempfile.mkdtemp(prefix="atmokit-bench-"))
    if not a.year_only:
        basic(a, act, tmp)
    if a.year or a.year_only:
        year(a, act, tmp)


def basic(a, act, tmp: Path) -> None:
    row("read7  atmokit.read_arm_netcdf, 7 met days", timeit(lambda: atmokit.read_arm_netcdf(MET), a.runs))
    row("read7  act.io.arm.read_arm_netcdf + load", timeit(lambda: act.io.arm.read_arm_netcdf(MET).load(), a.runs))
    row(
        "read7  xr.open_mfdataset + load",
        timeit(lambda: xr.open_mfdataset(MET, combine="by_coords", data_vars="all").load(), a.runs),
    )

    big = tmp / f"synmet_{a.days}d_1s.nc"
    make_1s_file(big, a.days)
    print(f"{big.name}: {big.stat().st_size / 1e6:.1f} MB (netCDF4-python default chunking)")
    row(f"read{a.days} atmokit.read_arm_netcdf", timeit(lambda: atmokit.read_arm_netcdf(str(big)), a.runs))
    row(f"read{a.days} xr.open_dataset + load", timeit(lambda: xr.open_dataset(big).load(), a.runs))
    ds = atmokit.read_arm_netcdf(str(big))
    names = [f"var{i}" for i in range(10)]
    lim = limits(ds, names)
    row(f"qc{a.days}   atmokit 5 QC tests x 10 variables", timeit(lambda: five_qc_atmokit(ds, names, lim), a.runs))
    if a.act_big:
        row(f"read{a.days} act.io.arm.read_arm_netcdf + load", timeit(lambda: act.io.arm.read_arm_netcdf(str(big)).load(), 1))
        base = act.io.arm.read_arm_netcdf(str(big)).load()
        row(f"qc{a.days}   ACT 5 QC tests x 10 variables", timeit(lambda: five_qc_act(base.copy(deep=True), names, lim), 1))
    big.unlink()


def year(a, act, tmp: Path) -> None:
    from distributed import Client, LocalCluster

    if a.year_dir:
        files = sorted(str(p) for p in Path(a.year_dir).glob("sgpmetE13.b1.2019*.cdf"))
    else:
        files = make_year(tmp)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c):

        def year_qc(opener):
            ys = atmokit.qc.cleanup(opener())
            for v in ("temp_mean", "rh_mean", "atmos_pressure"):
                ys = atmokit.qc.add_missing_value_test(ys, v)
                ys = atmokit.qc.add_delta_test(ys, v, diff_limit=1.0)
                ys = atmokit.qc.add_persistence_test(ys, v, window=30, test_limit=0.0001)
            return ys[["qc_temp_mean", "qc_rh_mean", "qc_atmos_pressure"]].compute()

        row(
            "year   atmokit.open_mfdataset: 365 files read + cleanup + 9 QC tests, LocalCluster(2)",
            timeit(lambda: year_qc(lambda: atmokit.open_mfdataset(files)), min(a.runs, 3)),
        )
        xr_open = lambda: xr.open_mfdataset(  # noqa: E731
            files, engine="atmokit", parallel=True, combine="by_coords", data_vars="all", chunks={"time": 1440}
        )
        row(
            "year   xr.open_mfdataset(engine=atmokit): same work, LocalCluster(2)",
            timeit(lambda: year_qc(xr_open), 1),
        )
    row("year   act.io.arm.read_arm_netcdf(365 files) + load", timeit(lambda: act.io.arm.read_arm_netcdf(files).load(), 1))


if __name__ == "__main__":
    main()
