"""Mentor workflow 5 with ACT 2.3.4 / xarray: the equivalent of ../custom_math.rs."""

import act


def workflow(input):
    ds = act.io.arm.read_arm_netcdf(input)
    ds["temp_k"] = ds["temp_mean"].astype("float64") + 273.15
    ds["temp_k"].attrs["units"] = "K"
    ds["rh_mean"].values[ds["rh_mean"].values > 100] = 100
    return ds
