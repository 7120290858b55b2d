"""Time ACT 2.3.4's PSL readers on the files `cargo bench --bench psl_read` generates.

Usage: python psl_act.py <folder printed by the bench>. Needs act-atmos 2.3.4 with pandas < 3
(its radar reader passes ``delim_whitespace``); see tests/fixtures/psl_radar_parsivel_act.py.
"""
import glob
import os
import sys
import time
import warnings

import act

warnings.simplefilter('ignore')
folder = sys.argv[1]
radar = os.path.join(folder, 'kps_fmcw_moment_22227.06.raw')
days = sorted(glob.glob(os.path.join(folder, 'kps22213*_stats.txt')))
for name, call in [
    ('fmcw moments, 1 h (360 x 500)', lambda: act.io.noaapsl.read_psl_radar_fmcw_moment([radar])),
    ('parsivel, 1 day (24 files)', lambda: act.io.noaapsl.read_psl_parsivel(days)),
]:
    best = float('inf')
    for _ in range(3):
        t0 = time.perf_counter()
        ds = call()
        best = min(best, time.perf_counter() - t0)
    print(f'ACT {name}: {best * 1e3:.1f} ms {dict(ds.sizes)}')
