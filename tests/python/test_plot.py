"""atmokit.plot: figures render to real PNG/SVG, show in Jupyter, save atomically, refuse bad input."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import atmokit
from tests.python.conftest import data_file

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (PNG specification, section 11.2.2)."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def met():
    return atmokit.read_arm_netcdf(str(data_file("sgpmetE13.b1.20190101.000000.cdf")))


def test_timeseries_png_and_svg(met, tmp_path):
    fig = atmokit.plot.timeseries(met, ["temp_mean", "rh_mean"], width=800, panel_height=250)
    w, h = png_size(fig._repr_png_())
    assert w == 800 and h >= 2 * 250
    assert fig._repr_svg_() is None
    svg = atmokit.plot.timeseries(met, "temp_mean", day_night_background=True, format="svg")
    root = ET.fromstring(svg._repr_svg_())
    assert root.tag.endswith("svg")
    assert svg._repr_png_() is None
    out = tmp_path / "t.svg"
    fig.save(out)  # a PNG-made figure saves as SVG by the extension
    assert ET.parse(out).getroot().tag.endswith("svg")
    fig.save(tmp_path / "t.png")
    assert (tmp_path / "t.png").read_bytes() == fig.data


def test_qc_panels(met):
    ds = atmokit.qc.add_outside_test(atmokit.qc.cleanup(met), "temp_mean", limit_value_lower=-5, limit_value_upper=5)
    plain = atmokit.plot.timeseries(ds, "temp_mean", width=600, panel_height=200)
    flagged = atmokit.plot.timeseries(ds, "temp_mean", assessment_overplot=True, width=600, panel_height=200)
    # The QC flag panel is added below the data panel.
    assert png_size(flagged.data)[1] > png_size(plain.data)[1]
    block = atmokit.plot.qc_flag_block(ds, "temp_mean", width=600, panel_height=200)
    assert png_size(block.data)[0] == 600


def test_time_height_skewt_wind_rose():
    ceil = atmokit.read_arm_netcdf(str(data_file("sgpceilC1.b1.20190101.000000.nc")))
    th = atmokit.plot.time_height(ceil, "backscatter", log_scale=True, cmap="magma", width=700, panel_height=300)
    assert png_size(th.data)[0] == 700
    # The mesh is coloured: far more distinct bytes than a blank figure would give.
    assert len(th.data) > 20_000
    with pytest.raises(ValueError, match="2"):
        atmokit.plot.time_height(ceil, "first_cbh")

    sonde = atmokit.read_arm_netcdf(str(data_file("sgpsondewnpnC1.b1.20190101.053200.cdf")))
    st = atmokit.plot.skewt(sonde)
    assert png_size(st.data)[0] >= 400
    rose = atmokit.plot.wind_rose(
        atmokit.read_arm_netcdf(str(data_file("sgpmetE13.b1.20190101.000000.cdf"))), "wdir_vec_mean", "wspd_vec_mean",
        format="svg",
    )
    assert ET.fromstring(rose.data).tag.endswith("svg")


def test_distribution_and_sonde_figures(met):
    sonde = atmokit.read_arm_netcdf(str(data_file("sgpsondewnpnC1.b1.20190101.053200.cdf")))
    figs = {
        "hodograph": atmokit.plot.hodograph(sonde, "wspd", "deg", color_field="alt"),
        "stacked_bar": atmokit.plot.stacked_bar(met, "temp_mean", bins=12, sortby_field="rh_mean", sortby_bins=3,
                                                width=640, height=400),
        "heatmap": atmokit.plot.heatmap(met, "temp_mean", "rh_mean", x_bins=20, y_bins=10),
        "scatter": atmokit.plot.scatter(met, "temp_mean", "rh_mean", width=500, height=450),
        "stripes": atmokit.plot.stripes(met, "temp_mean", reference_period=["2019-01-01T00:00", "2019-01-01T12:00"]),
    }
    for name, fig in figs.items():
        w, h = png_size(fig.data)
        assert w >= 300 and h >= 200, name
    assert png_size(figs["stacked_bar"].data) == (640, 400)
    assert png_size(figs["scatter"].data) == (500, 450)
    with pytest.raises(ValueError, match="bins"):
        atmokit.plot.stacked_bar(met, "temp_mean", bins=0)
    with pytest.raises(ValueError, match="x_bins"):
        atmokit.plot.heatmap(met, "temp_mean", "rh_mean", x_bins=100_000, y_bins=100_000)
    with pytest.raises(ValueError, match="reference_period"):
        atmokit.plot.stripes(met, "temp_mean", reference_period=["2019-01-02", "2019-01-01"])


def test_errors(met, tmp_path):
    with pytest.raises(KeyError, match="nope"):
        atmokit.plot.timeseries(met, "nope")
    with pytest.raises(ValueError, match="colormap"):
        atmokit.plot.timeseries(met, "temp_mean", cmap="no_such_map")
    with pytest.raises(ValueError, match="yrange"):
        atmokit.plot.timeseries(met, "temp_mean", yrange=[5, 1])
    with pytest.raises(ValueError, match="size"):
        atmokit.plot.timeseries(met, "temp_mean", width=10)
    with pytest.raises(ValueError, match="format"):
        atmokit.plot.timeseries(met, "temp_mean", format="jpg")
    with pytest.raises(TypeError):
        atmokit.plot.timeseries(np.zeros(3), "temp_mean")
    with pytest.raises(ValueError, match="unsupported argument 'log_scale'"):
        atmokit._native.plot(atmokit._xr.from_xarray(met), "qc_flag_block", "png",
                             {"fields": ["temp_mean"], "log_scale": True})
    fig = atmokit.plot.wind_rose(met, "wdir_vec_mean", "wspd_vec_mean")
    with pytest.raises(ValueError, match="extension"):
        fig.save(tmp_path / "x.jpg")
    with pytest.raises(OSError):
        fig.save(tmp_path / "missing_folder" / "x.png")
    (tmp_path / "real.png").write_bytes(b"")
    (tmp_path / "link.png").symlink_to(tmp_path / "real.png")
    with pytest.raises(OSError, match="refusing"):
        fig.save(tmp_path / "link.png")
    assert (tmp_path / "real.png").read_bytes() == b""


def _svg_texts(fig) -> list[str]:
    root = ET.fromstring(fig._repr_svg_())
    return [(t.text or "").strip() for t in root.iter() if t.tag.endswith("text")]


def test_group_by_day_one_titled_subplot_per_day(met_files):
    import xarray as xr

    ds = atmokit.read_arm_netcdf(met_files[:3])
    assert isinstance(ds, xr.Dataset)
    fig = atmokit.plot.group_by(ds, "temp_mean", "day", columns=2, share_limits=True, format="svg")
    texts = _svg_texts(fig)
    for d in ("01", "02", "03"):
        assert f"sgpmetE13.b1 temp_mean on 2019-01-{d}" in texts
    assert png_size(atmokit.plot.group_by(ds, "temp_mean", "day", columns=2, height=200)._repr_png_()) == (1000, 400)
    with pytest.raises(Exception, match="year, month, day or hour"):
        atmokit.plot.group_by(ds, "temp_mean", "week")._repr_png_()


def test_time_height_xsection_from_1d_data_of_the_twp_sondes():
    names = [
        "twpsondewnpnC3.b1.20060121.051500.custom.cdf",
        "twpsondewnpnC3.b1.20060121.111600.custom.cdf",
        "twpsondewnpnC3.b1.20060121.171600.custom.cdf",
    ]
    ds = atmokit.read_arm_netcdf([str(data_file(n)) for n in names])
    fig = atmokit.plot.time_height_xsection_from_1d_data(ds, "tdry", "pres", 10, 12, format="svg")
    texts = _svg_texts(fig)
    assert "pres (hPa)" in texts and "tdry (C)" in texts
    with pytest.raises(Exception, match="num_y_levels"):
        atmokit.plot.time_height_xsection_from_1d_data(ds, "tdry", "pres", 10, 0)._repr_png_()


def test_xsection_by_index_and_value():
    import xarray as xr

    f = np.arange(2 * 3 * 4, dtype="f4").reshape(2, 3, 4)
    ds = xr.Dataset(
        {"t": (("height", "lat", "lon"), f, {"units": "K"})},
        coords={"height": [0.0, 1000.0], "lat": [30.0, 40.0, 50.0], "lon": [-100.0, -95.0, -90.0, -85.0]},
    )
    texts = _svg_texts(atmokit.plot.xsection(ds, "t", "lon", "lat", isel={"height": 1}, format="svg"))
    assert "t at height=1000" in texts and "t (K)" in texts
    texts = _svg_texts(atmokit.plot.xsection(ds, "t", "lat", "height", sel={"lon": -94.0}, format="svg"))
    assert "t at lon=-95" in texts
    with pytest.raises(Exception, match="fix dimension 'height'"):
        atmokit.plot.xsection(ds, "t", "lon", "lat")._repr_png_()
