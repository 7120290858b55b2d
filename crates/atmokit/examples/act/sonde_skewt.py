"""Mentor workflow 3 with ACT 2.3.4: the equivalent of ../sonde_skewt.rs (same steps, same result)."""

import act


def workflow(input, png):
    ds = act.io.arm.read_arm_netcdf(input)
    indices = act.retrievals.calculate_stability_indicies(ds, temp_name="tdry", td_name="dp", p_name="pres")
    skewt = act.plotting.SkewTDisplay(ds)
    skewt.plot_from_spd_and_dir("wspd", "deg", "pres", "tdry", "dp")
    skewt.fig.savefig(png)
    return indices
