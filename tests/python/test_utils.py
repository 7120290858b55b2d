"""atmokit.utils against ACT 2.3.4's act.utils on the same real ARM files."""

from __future__ import annotations

import numpy as np
import pytest

import atmokit

from .conftest import data_file

act = pytest.importorskip("act")

MET = "sgpmetE13.b1.20190101.000000.cdf"
SWATS = "sgpswatsE8.b1.20071229.000700.cdf"  # soil temperatures on (time, depth), 8 depths, with QC


def _act(name: str):
    return act.io.arm.read_arm_netcdf(str(data_file(name)))


@pytest.mark.parametrize(
    "kwargs",
    [dict(desired_unit="K"), dict(desired_unit="hPa", skip_variables="atmos_pressure"), dict(desired_unit="degF", variables=["temp_mean", "rh_mean"])],
)
def test_change_units_matches_act(kwargs):
    ours = atmokit.utils.change_units(atmokit.read_arm_netcdf(str(data_file(MET))), **kwargs)
    theirs = _act(MET).utils.change_units(**kwargs)
    unit = kwargs["desired_unit"]
    converted = sorted(v for v in theirs.variables if theirs[v].attrs.get("units") == unit)
    assert converted, "ACT converted nothing: the case tests nothing"
    assert sorted(v for v in ours.variables if ours[v].attrs.get("units") == unit) == converted
    for v in converted:
        assert ours[v].dtype == theirs[v].dtype, v
        # pint rounds each intermediate step to float32 (degC -> K -> degF rounds at ~300 K, where
        # a float32 step is 3e-5); atmokit rounds once: within a few float32 steps of pint.
        np.testing.assert_allclose(ours[v].values, theirs[v].values, rtol=2e-6, err_msg=v)


def test_change_units_errors_and_verbose(capsys):
    ds = atmokit.read_arm_netcdf(str(data_file(MET)))
    with pytest.raises(ValueError):
        atmokit.utils.change_units(ds, desired_unit="degF", variables="rh_mean", raise_error=True)
    out = atmokit.utils.change_units(ds, desired_unit="degF", variables="rh_mean", verbose=True)
    assert "rh_mean" in capsys.readouterr().out
    assert out["rh_mean"].attrs["units"] == "%"
    assert ds["temp_mean"].attrs["units"] == "degC"  # the input is not changed
    with pytest.raises(ValueError):
        atmokit.utils.change_units(ds)


@pytest.mark.parametrize(
    "kwargs",
    [dict(parse="depth"), dict(parse="depth", use_dim_value_in_name=True), dict(), dict(parse="depth", variables=["tsoil_W", "qc_tsoil_W"])],
)
def test_convert_2d_to_1d_matches_act(kwargs):
    ours = atmokit.utils.convert_2d_to_1d(atmokit.read_arm_netcdf(str(data_file(SWATS))), **kwargs)
    theirs = act.utils.data_utils.convert_2d_to_1d(_act(SWATS), **kwargs)
    assert set(ours.data_vars) == set(theirs.data_vars)
    split = [v for v in theirs.data_vars if "_depth_" in v]
    assert len(split) >= 16
    for v in split:
        assert ours[v].dims == theirs[v].dims, v
        np.testing.assert_array_equal(ours[v].values, theirs[v].values, err_msg=v)
        assert ours[v].attrs.get("ancillary_variables") == theirs[v].attrs.get("ancillary_variables"), v


def test_convert_2d_to_1d_keeps_qc_with_its_variable():
    ds = atmokit.read_arm_netcdf(str(data_file(SWATS)))
    ours = atmokit.utils.convert_2d_to_1d(ds, parse="depth", variables="tsoil_W")
    assert "qc_tsoil_W_depth_0" in ours and "qc_tsoil_W" not in ours
    compat = atmokit.utils.convert_2d_to_1d(ds, parse="depth", variables="tsoil_W", act_compat=True)
    theirs = act.utils.data_utils.convert_2d_to_1d(_act(SWATS), parse="depth", variables="tsoil_W")
    assert set(compat.data_vars) == set(theirs.data_vars)


def test_assign_coordinates_keeps_attributes():
    ds = atmokit.read_arm_netcdf(str(data_file(SWATS)))
    ds["depth_m"] = ("depth", ds["depth"].values / 100.0, {"units": "m"})
    out = atmokit.utils.assign_coordinates(ds, {"depth_m": "depth"})
    theirs = act.utils.data_utils.assign_coordinates(ds, {"depth_m": "depth"})
    np.testing.assert_array_equal(out["depth"].values, theirs["depth"].values)
    assert out["depth"].attrs["units"] == "m"
    assert out["tsoil_W"].attrs == ds["tsoil_W"].attrs  # ACT 2.3.4 drops these
    assert out.attrs == ds.attrs
    with pytest.raises(KeyError):
        atmokit.utils.assign_coordinates(ds, {"nope": "depth"})


def test_generate_movie_gif_from_a_folder(tmp_path):
    """Three PNG frames (drawn here with matplotlib) in a folder → a GIF with three frames of
    1/fps seconds each, checked with Pillow; a frame of another size is an error naming it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    frames = tmp_path / "frames"
    frames.mkdir()
    for k, colour in enumerate(["red", "green", "blue"]):
        fig = plt.figure(figsize=(2, 1.5), dpi=50)
        fig.patch.set_facecolor(colour)
        fig.savefig(frames / f"{k}.png", facecolor=colour)
        plt.close(fig)
    out = tmp_path / "m.gif"
    got = atmokit.utils.generate_movie(str(frames), str(out), fps=5)
    assert got == str(out)
    with Image.open(out) as im:
        assert im.n_frames == 3
        durations, colours = [], []
        for k in range(3):
            im.seek(k)
            durations.append(im.info["duration"])
            colours.append(im.convert("RGB").getpixel((2, 2)))
    assert durations == [200, 200, 200]
    assert colours[0][0] > 200 and colours[0][1] < 60
    assert colours[1][1] > 100 and colours[1][0] < 60
    assert colours[2][2] > 200 and colours[2][0] < 60
    fig = plt.figure(figsize=(1, 1), dpi=50)
    fig.savefig(frames / "9.png")
    plt.close(fig)
    with pytest.raises(Exception, match="9.png"):
        atmokit.utils.generate_movie(str(frames), str(tmp_path / "bad.gif"))
    assert not (tmp_path / "bad.gif").exists()
