"""ACT 2.3.4's answers on crafted inputs for the `act_compat` forms of atmokit functions
(determine_time_delta, add_in_nan, decode_present_weather, the QC missing-value test); the numbers it prints are the ones
asserted in the Rust tests that cite this script. Run with the project's Python environment:

    ~/.cache/atmokit/venv/bin/python tests/physics/act_compat_values.py   (from the repository root,
    with the oracle beside it as ../shared)
"""
import numpy as np, xarray as xr, act, warnings
warnings.filterwarnings("ignore")
from act.utils.datetime_utils import determine_time_delta
from act.utils.data_utils import add_in_nan
t0 = np.datetime64("2019-01-01T00:00:00", "ns")
for step_ms in (500, 16600, 100):
    t = t0 + np.arange(10) * np.timedelta64(step_ms, "ms")
    print("determine_time_delta", step_ms, repr(determine_time_delta(t)))
t = t0 + np.array([0, 60, 120, 180, 400, 460], dtype="timedelta64[s]")
d = np.array([16777217, 2, 3, 4, 5, 6], dtype="int32")
tt, dd = add_in_nan(xr.DataArray(t), xr.DataArray(d))
print("add_in_nan gap", dd.dtype, list(map(float, np.asarray(dd))))
t2 = t0 + np.arange(4) * np.timedelta64(60, "s")
tt, dd = add_in_nan(xr.DataArray(t2), xr.DataArray(np.array([16777217, 2, 3, 4], dtype="int32")))
print("add_in_nan nogap", dd.dtype, list(map(float, np.asarray(dd))))
from act.utils.inst_utils import decode_present_weather
ds = xr.Dataset({"pw": ("time", np.array([0.0, 7.0, 61.0, np.nan]))}, coords={"time": t2})
try:
    out = decode_present_weather(ds, variable="pw")
    print("decode", out["pw_decoded"].dtype, list(out["pw_decoded"].values))
except Exception as e:
    print("decode error", type(e).__name__, e)

# QC missing-value test: ACT flags NaN only, not the -9999 code (atmokit-qc limits.rs test).
ds = xr.Dataset(
    {"t": ("time", np.array([1.0, -9999.0, np.nan, 2.0], dtype="float32"),
           {"missing_value": np.float32(-9999.0), "units": "degC"})},
    coords={"time": np.arange(4).astype("datetime64[m]").astype("datetime64[ns]")},
)
ds.qcfilter.add_missing_value_test("t")
print("missing_value_test flagged", [int(i) for i in np.where(ds["qc_t"].values != 0)[0]])

# Stability indices with a moving average: ACT's 'full' convolution ramps the pressure ends, and
# MetPy refuses the profile (docs/for-act-users.md, "not reproduced").
sonde = act.io.arm.read_arm_netcdf("../shared/oracle/data/sgpsondewnpnC1.b1.20190101.053200.cdf")
try:
    act.retrievals.calculate_stability_indicies(sonde, temp_name="tdry", td_name="dp", p_name="pres",
                                                moving_ave_window=5)
    print("stability window 5: no error")
except Exception as e:
    print("stability window 5:", type(e).__name__)
