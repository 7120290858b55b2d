"""Write ACT 2.3.4's histogram and heat-map numbers on oracle files to act_distributions.json,
for tests/plot/distributions.rs: `DistributionDisplay.plot_stacked_bar('tdry', bins=10)` on the
SGP sonde (bar heights read back from the axes) and `plot_heatmap('temp_mean', 'rh_mean',
x_bins=20, y_bins=20)` on the SGP met day (its returned histogram and edges).

Usage: VENV/bin/python tests/plot/act_distributions.py ORACLE_DATA_DIR
"""
import json
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import act  # noqa: E402

data = Path(sys.argv[1])
warnings.simplefilter("ignore")
sonde = act.io.arm.read_arm_netcdf(str(data / "sgpsondewnpnC1.b1.20190101.053200.cdf"))
d = act.plotting.DistributionDisplay(sonde)
d.plot_stacked_bar("tdry", bins=10)
heights = [float(p.get_height()) for p in d.axes[0].patches]
lefts = [float(p.get_x() + p.get_width() / 2) for p in d.axes[0].patches]
met = act.io.arm.read_arm_netcdf(str(data / "sgpmetE13.b1.20190101.000000.cdf"))
h = act.plotting.DistributionDisplay(met).plot_heatmap("temp_mean", "rh_mean", x_bins=20, y_bins=20)
out = {
    "stacked_bar_tdry_10": {"heights": heights, "centres": lefts},
    "heatmap_temp_rh_20": {
        "histogram": h["histogram"].tolist(),
        "x_bins": h["x_bins"].tolist(),
        "y_bins": h["y_bins"].tolist(),
    },
}
Path(__file__).with_name("act_distributions.json").write_text(json.dumps(out, indent=1) + "\n")
