"""atmokit.read_arm_netcdf against ACT's act.io.arm.read_arm_netcdf on every oracle netCDF file."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import xarray as xr

import atmokit

from .conftest import DATA

act = pytest.importorskip("act")

FILES = sorted(p.name for p in list(DATA.glob("*.cdf")) + list(DATA.glob("*.nc")))

# Differences documented in docs/for-act-users.md (Python section): variable -> reason.
KNOWN = {
    # ACT decodes CF bounds through the parent's units into cftime objects; atmokit keeps the
    # stored offsets (float64 seconds) because the variable itself has no units.
    "time_bounds": "bounds kept as stored offsets",
}
# Whole-file differences: ACT 2.3.4 leaves base_time/time_offset undecoded (object) on this
# Raman lidar file and adds `coordinates` attrs; atmokit decodes them. Times on the marine
# files differ below a microsecond (atmokit keeps nanoseconds, ACT goes through cftime).
SKIP_FILES = {"sgprlC1.a0.20160131.000000.nc": "ACT leaves times undecoded"}
SUBMICRO = {"time_offset", "time", "base_time"}
# A file without a `datastream` attr: ACT names it "act_datastream", atmokit takes the
# datastream from the ARM file name ("marirtsstM1.b1").
KNOWN_GLOBAL = {"_datastream"}


def same_attr(x, y) -> bool:
    if type(x) is not type(y):
        return False
    try:
        return bool(np.array_equal(np.asarray(x), np.asarray(y), equal_nan=True))
    except TypeError:
        return bool(np.array_equal(np.asarray(x), np.asarray(y)))


def compare(a: xr.Dataset, b: xr.Dataset) -> list:
    problems = []
    if set(a.variables) != set(b.variables):
        problems.append(("variables", sorted(set(a.variables) ^ set(b.variables))))
    for k in a.variables:
        if k not in b.variables or k in KNOWN:
            continue
        va, vb = a[k].variable, b[k].variable
        if va.dtype != vb.dtype or va.dims != vb.dims:
            problems.append((k, "dtype/dims", va.dtype, vb.dtype, va.dims, vb.dims))
            continue
        if not va.equals(vb):
            if k in SUBMICRO and va.dtype.kind == "M":
                diff = np.abs(va.values.astype(np.int64) - vb.values.astype(np.int64))
                if diff.max() < 1000:
                    continue
            problems.append((k, "values"))
        if set(va.attrs) != set(vb.attrs):
            problems.append((k, "attr names", sorted(set(va.attrs) ^ set(vb.attrs))))
        else:
            problems += [(k, "attr", n) for n in va.attrs if not same_attr(va.attrs[n], vb.attrs[n])]
        for key in ("_FillValue", "missing_value", "units", "calendar"):
            if key in va.encoding and not same_attr(va.encoding[key], vb.encoding.get(key)):
                problems.append((k, "encoding", key, va.encoding[key], vb.encoding.get(key)))
    if set(a.attrs) != set(b.attrs):
        problems.append(("global attr names", sorted(set(a.attrs) ^ set(b.attrs))))
    else:
        problems += [
            ("global attr", n)
            for n in a.attrs
            if not same_attr(a.attrs[n], b.attrs[n]) and not (n in KNOWN_GLOBAL and a.attrs[n] == "act_datastream")
        ]
    return problems


@pytest.mark.parametrize("name", FILES)
def test_read_matches_act(name):
    if name in SKIP_FILES:
        pytest.skip(SKIP_FILES[name])
    path = str(DATA / name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = act.io.arm.read_arm_netcdf(path)
        except Exception as e:  # ACT cannot read it: atmokit must still read it or fail cleanly
            pytest.skip(f"ACT cannot read {name}: {type(e).__name__}")
    got = atmokit.read_arm_netcdf(path)
    assert compare(expected, got) == []


def test_seven_met_days_match_act(met_files):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = act.io.arm.read_arm_netcdf(met_files)
    got = atmokit.read_arm_netcdf(str(DATA / "sgpmetE13.b1.2019010*.cdf"))
    assert got.sizes["time"] == 7 * 1440
    assert compare(expected, got) == []


def test_keep_and_drop_variables(met_files):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = act.io.arm.read_arm_netcdf(met_files[:2], keep_variables=["temp_mean", "rh_mean"])
    got = atmokit.read_arm_netcdf(met_files[:2], keep_variables=["temp_mean", "rh_mean"])
    assert sorted(got.variables) == sorted(expected.variables)
    dropped = atmokit.read_arm_netcdf(met_files[0], drop_variables="temp_mean")
    assert "temp_mean" not in dropped and "rh_mean" in dropped


def test_arrays_are_numpy_owned_views_of_rust_buffers(met_files):
    ds = atmokit.read_arm_netcdf(met_files[0])
    temp = ds["temp_mean"].values
    # numpy does not own the memory: it is the Rust Vec, kept alive by the array's base object.
    assert not temp.flags.owndata and temp.base is not None
    assert ds["time"].dtype == np.dtype("datetime64[ns]")


def test_other_formats_through_read():
    sodar = atmokit.read(str(DATA / "sodar.20230404.mnd"))
    assert "time" in sodar.dims and len(sodar.data_vars) > 0
    mpl = atmokit.read(str(DATA / "201509021500.bi"))
    assert mpl["channel_1"].shape == (102, 1000)
    gml = atmokit.read(str(DATA / "brw21001.dat"))
    assert gml.sizes["time"] > 0


def test_errors_are_python_exceptions(tmp_path, met_files):
    with pytest.raises(FileNotFoundError, match="nope.cdf"):
        atmokit.read_arm_netcdf(str(tmp_path / "nope.cdf"))
    with pytest.raises(FileNotFoundError, match="no file matches"):
        atmokit.read_arm_netcdf(str(tmp_path / "*.cdf"))
    bad = tmp_path / "bad.cdf"
    bad.write_bytes(b"CDF\x01" + b"\x00" * 3)
    with pytest.raises(ValueError, match="bad.cdf"):
        atmokit.read_arm_netcdf(str(bad))
    with pytest.raises(KeyError, match="no_such_var"):
        atmokit.qc.add_less_test(atmokit.read_arm_netcdf(met_files[0]), "no_such_var", 1.0)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises((ValueError, OSError)):
        atmokit.read(str(empty))


def test_write_round_trip(tmp_path, met_files):
    ds = atmokit.read_arm_netcdf(met_files[0])
    for fmt in ("netcdf4", "classic"):
        out = tmp_path / f"out_{fmt}.nc"
        atmokit.write_netcdf(ds, out, format=fmt)
        back = atmokit.read_arm_netcdf(str(out))
        for k in ("temp_mean", "qc_temp_mean", "time", "rh_mean"):
            assert back[k].equals(ds[k]), (fmt, k)
        assert back["temp_mean"].attrs == ds["temp_mean"].attrs or set(back["temp_mean"].attrs) == set(ds["temp_mean"].attrs)
        # And xarray's own netCDF reader reads the same values.
        with xr.open_dataset(out) as x:
            np.testing.assert_array_equal(x["temp_mean"].values, ds["temp_mean"].values)
    assert not list(tmp_path.glob(".*tmp*"))


def _three_mode_winds(tmp_path):
    """The oracle winds file with a third operating mode: sections A B C A B C, C being an A
    section with another gate configuration and 40 gates 0.05 km higher."""
    secs, cur = [], []
    for line in (DATA / "ctd21125.15w").read_text().split("\n"):
        cur.append(line)
        if line.startswith("$"):
            secs.append(cur)
            cur = []

    def third(sec):
        s = list(sec)
        hdr = next(i for i, v in enumerate(s) if v.strip().startswith("HT"))
        s[hdr - 5] = s[hdr - 5].replace(" 49", " 40", 1)
        s[hdr - 2] = s[hdr - 2].replace("49 49 708 708", "40 40 808 808")
        rows = []
        for r in s[hdr + 1 : hdr + 41]:
            ht = r.split()[0]
            rows.append(r.replace(ht, f"{float(ht) + 0.05:.3f}", 1))
        return s[: hdr + 1] + rows + s[hdr + 50 :]

    p = tmp_path / "three_modes.15w"
    p.write_text("\n".join(sum([secs[0], secs[1], third(secs[2]), secs[4], secs[5], third(secs[6])], [])) + "\n")
    return p


@pytest.mark.parametrize("three", [False, True])
def test_psl_wind_profiler_modes_and_act_pair(tmp_path, three):
    """ACT's pair of odd and even sections, run live on the oracle file and on a file of three
    modes, equals atmokit's `act_compat=True` pair; the default gives one dataset per mode."""
    path = _three_mode_winds(tmp_path) if three else DATA / "ctd21125.15w"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = act.io.read_psl_wind_profiler(str(path))
    ours = atmokit.io.read_psl_wind_profiler(path, act_compat=True)
    assert len(ours) == 2
    for o, t in zip(ours, theirs):
        t = t.transpose("time", "HT")
        np.testing.assert_array_equal(o["HT"].values, t["HT"].values)
        np.testing.assert_array_equal(o["time"].values, t["time"].values)
        for name in ["SPD", "DIR", "RAD1", "CNT3", "SNR2", "QC1"]:
            np.testing.assert_array_equal(o[name].values, t[name].values, err_msg=name)
        assert o.attrs["number_of_range_gates"] == t.attrs["number_of_range_gates"]
    modes = atmokit.io.read_psl_wind_profiler(path)
    assert len(modes) == (3 if three else 2)
    if three:
        assert [m.sizes["HT"] for m in modes] == [49, 50, 40]
        assert not np.isnan(modes[2]["SPD"].values).all()
