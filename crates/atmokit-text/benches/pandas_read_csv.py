"""Time pandas.read_csv on the benchmark file (what ACT's read_csv does, engine C and python)."""
import sys
import time

import pandas as pd

path = sys.argv[1]
for engine in ['c', 'python']:
    best = float('inf')
    for _ in range(3 if engine == 'c' else 1):
        t0 = time.perf_counter()
        df = pd.read_csv(path, engine=engine)
        df.index = pd.to_datetime(df['date_time'])
        best = min(best, time.perf_counter() - t0)
    print(f'pandas read_csv engine={engine}: {best:.3f} s ({len(df)} rows)')
