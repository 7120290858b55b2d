"""Mentor workflow 1 with ACT 2.3.4: the equivalent of ../met_qc.rs (same steps, same result)."""

import act
import numpy as np


def workflow(inputs, out):
    ds = act.io.arm.read_arm_netcdf(inputs)
    ds.clean.cleanup()
    test = ds.qcfilter.add_less_test("temp_mean", -5.5)
    ds.write.write_netcdf(path=out)
    mask = ds.qcfilter.get_qc_test_mask("temp_mean", test["test_number"])
    return int(np.sum(mask))
