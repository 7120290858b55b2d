"""Write two small legacy ARM MMCR b1 files (`sgpmmcrC1.b1.20250101.000000.cdf`, `...001000.cdf`)
in the layout ACT's `act.io.arm.read_arm_mmcr` reads: dims `time`, `heights`, `mode` and a
string length; `heights(mode, heights)` with fill beyond each mode's gates (and one mode whose
heights are all fill: an unused mode), `ModeDescription(mode, strlen)` char
(`MMCR_mode_<NAME>`), `ModeNum(time)` with the modes interleaved, and (time, heights)
moments. No real MMCR file is reachable from this workplace (ACT's come from GitHub), so the
layout follows ACT's reader and ARM's MMCR b1 description (the Millimeter Wavelength Cloud
Radar handbook); values are seeded random.

Usage: python make_mmcr.py OUT_DIR
"""
import sys
from pathlib import Path

import netCDF4
import numpy as np

MODES = ["MMCR_mode_BL", "MMCR_mode_CI", "MMCR_mode_GE", "MMCR_mode_PR", "MMCR_mode_XX"]
GATES = [20, 14, 20, 9, 0]  # the last mode is unused: every height is fill
NH = 20
FILL = -9999.0


def write(path: Path, start: int, nt: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    with netCDF4.Dataset(path, "w", format="NETCDF3_CLASSIC") as nc:
        nc.createDimension("time", None)
        nc.createDimension("heights", NH)
        nc.createDimension("mode", len(MODES))
        nc.createDimension("strlen", 16)
        nc.datastream = "sgpmmcrC1.b1"
        nc.site_id = "sgp"
        nc.facility_id = "C1: Lamont, Oklahoma"
        nc.input_source = "constructed for atmokit's tests"
        bt = nc.createVariable("base_time", "i4")
        bt.units = "seconds since 1970-1-1 0:00:00 0:00"
        bt.long_name = "Base time in Epoch"
        bt.assignValue(1735689600 + start)
        to = nc.createVariable("time_offset", "f8", ("time",))
        to.units = "seconds since 2025-01-01 00:00:00 0:00"
        to.long_name = "Time offset from base_time"
        t = nc.createVariable("time", "f8", ("time",))
        t.units = "seconds since 2025-01-01 00:00:00 0:00"
        t.long_name = "Time offset from midnight"
        secs = np.arange(nt) * 10.0
        to[:] = secs + start
        t[:] = secs + start
        mn = nc.createVariable("ModeNum", "i4", ("time",))
        mn.long_name = "Mode number of the profile"
        mn[:] = np.arange(nt) % 4  # modes 0-3 interleaved; mode 4 never runs
        md = nc.createVariable("ModeDescription", "S1", ("mode", "strlen"))
        md.long_name = "Mode description"
        md[:] = netCDF4.stringtochar(np.array(MODES, dtype="S16"))
        h = nc.createVariable("heights", "f4", ("mode", "heights"), fill_value=np.float32(FILL))
        h.long_name = "Height of each range gate above ground"
        h.units = "m"
        hv = np.full((len(MODES), NH), FILL, dtype=np.float32)
        for m, g in enumerate(GATES):
            hv[m, :g] = 105.0 + 45.0 * m + np.arange(g) * (45.0 * (m + 1))
        h[:] = hv
        for name, units, lo, hi in [
            ("Reflectivity", "dBZ", -60.0, 20.0),
            ("MeanDopplerVelocity", "m/s", -5.0, 10.0),
            ("SpectralWidth", "m/s", 0.0, 2.0),
            ("SignalToNoiseRatio", "dB", -20.0, 40.0),
        ]:
            v = nc.createVariable(name, "f4", ("time", "heights"))
            v.long_name = name
            v.units = units
            v.missing_value = np.float32(FILL)
            x = rng.uniform(lo, hi, (nt, NH)).astype(np.float32)
            x[rng.uniform(size=(nt, NH)) < 0.05] = FILL
            v[:] = x
        for name, val, units in [("lat", 36.605, "degree_N"), ("lon", -97.485, "degree_E"), ("alt", 318.0, "m")]:
            v = nc.createVariable(name, "f4")
            v.units = units
            v.assignValue(val)


out = Path(sys.argv[1])
write(out / "sgpmmcrC1.b1.20250101.000000.cdf", 0, 36, 1)
write(out / "sgpmmcrC1.b1.20250101.001000.cdf", 600, 24, 2)
