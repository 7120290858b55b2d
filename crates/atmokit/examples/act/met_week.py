"""Mentor workflow 4 with ACT 2.3.4: the equivalent of ../met_week.rs (same steps, same result)."""

import act


def workflow(pattern, png):
    ds = act.io.arm.read_arm_netcdf(pattern)
    ds.clean.cleanup()
    ds.qcfilter.add_outside_test("temp_mean", -10, 15)
    display = act.plotting.TimeSeriesDisplay(ds, subplot_shape=(2,))
    display.plot("temp_mean", subplot_index=(0,), assessment_overplot=True)
    display.day_night_background(subplot_index=(0,))
    display.qc_flag_block_plot("temp_mean", subplot_index=(1,))
    display.fig.savefig(png)
    means = ds["temp_mean"].resample(time="1D").mean().values
    return ds, means
