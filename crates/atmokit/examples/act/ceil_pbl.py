"""Mentor workflow 2 with ACT 2.3.4: the equivalent of ../ceil_pbl.rs (same steps, same result)."""

import act


def workflow(input, png):
    ds = act.io.arm.read_arm_netcdf(input)
    ds = act.corrections.correct_ceil(ds, var_name="backscatter")
    ds = act.retrievals.calculate_gradient_pbl(ds, parm="backscatter", smooth_dis=3, min_height=200)
    display = act.plotting.TimeSeriesDisplay(ds, subplot_shape=(2,))
    display.plot("backscatter", subplot_index=(0,))
    display.plot("pbl_gradient", subplot_index=(1,))
    display.fig.savefig(png)
    return ds
