"""Zero copy: a 100 MB variable crosses from Rust into numpy without doubling peak memory."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np

import atmokit

N = 12_500_000  # float64: 100 MB


def test_100_mb_variable_is_not_copied(tmp_path):
    import xarray as xr

    path = tmp_path / "big.nc"
    # One float64 variable on a dim without a coordinate: nothing to decode, so the only
    # possible copies are the reader's and the hand-over's.
    ds = xr.Dataset({"x": ("sample", np.linspace(0.0, 1.0, N))})
    atmokit.write_netcdf(ds, path)
    del ds
    script = textwrap.dedent(
        f"""
        import atmokit, numpy as np
        def hwm():
            for line in open('/proc/self/status'):
                if line.startswith('VmHWM'):
                    return int(line.split()[1]) * 1024
        base = hwm()
        ds = atmokit.read_arm_netcdf({str(path)!r}, keep_variables=['x'])
        x = ds['x'].values
        assert x.shape == ({N},) and x.dtype == np.float64 and x[-1] == 1.0
        assert not x.flags.owndata
        print(base, hwm())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    base, peak = map(int, out.stdout.split())
    data = N * 8
    grown = peak - base
    # One copy of the data is the floor; a second copy (Rust buffer + numpy copy) would need 2x.
    assert grown < 1.5 * data, f"peak grew by {grown / 1e6:.0f} MB for {data / 1e6:.0f} MB of data"
