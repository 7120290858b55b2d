"""Type stubs of the Rust extension ``atmokit._native`` (the dataset dict is described in
``atmokit._xr``; every function releases the GIL while Rust works)."""

from typing import Any

import numpy as np

DatasetDict = dict[str, Any]

def read_arm_netcdf(
    paths: list[str], keep_variables: list[str] | None = None, drop_variables: list[str] | None = None
) -> DatasetDict: ...
def read(
    paths: list[str], keep_variables: list[str] | None = None, drop_variables: list[str] | None = None
) -> DatasetDict: ...
def read_psl_wind_profiler(path: str, act_compat: bool = False) -> list[DatasetDict]: ...
def read_surfrad(paths: list[str], act_compat: bool = False) -> DatasetDict: ...
def read_ameriflux(
    path: str,
    data_type: str | None = None,
    rename_vars: list[tuple[str, str]] = ...,
    variable_units: list[tuple[str, str]] = ...,
) -> DatasetDict: ...
def read_sp2(path: str, arm_convention: bool = True) -> DatasetDict: ...
def read_hk_file(path: str) -> DatasetDict: ...
def read_sp2_dat(paths: list[str], kind: str) -> DatasetDict: ...
def read_sp2_config(path: str) -> list[tuple[str, list[tuple[str, str]]]]: ...
def sp2_gaussian_fit(ds: DatasetDict, pre_trig_points: int, globals: list[tuple[str, float]] = ...) -> DatasetDict: ...
def sp2_reject_and_deadtime(
    stats: DatasetDict,
    time_wave: list[float],
    acquisition: tuple[float, float, float, float, float],
    globals: list[tuple[str, float]] = ...,
) -> tuple[list[int], list[int], list[float]]: ...
def sp2_leo_fit(
    ds: DatasetDict,
    globals: list[tuple[str, float]] = ...,
    moving_average_window: int = 5,
    max_amplitude_fraction: float = 0.033,
    align_on_split: bool = True,
) -> list[tuple[str, list[float]]]: ...
def sp2_process_psds(
    particles: DatasetDict,
    hk: DatasetDict,
    one_of_every: float = 1.0,
    delta_size: float | None = 0.005,
    num_bins: int = 199,
    avg_interval: float = 10.0,
    deadtime_correction: bool = False,
    globals: list[tuple[str, float]] = ...,
    act_compat: bool = False,
) -> DatasetDict: ...
def calc_sp2_diams_masses(ds: DatasetDict, factor: float = 1.0, globals: list[tuple[str, float]] = ...) -> DatasetDict: ...
def read_arm_mmcr(paths: list[str], act_compat: bool = False) -> DatasetDict: ...
def read_neon_csv(files: list[str], variable_files: list[str] = ..., position_files: list[str] = ...) -> DatasetDict: ...
def ameriflux_badm(rows: list[tuple[str, str]], act_compat: bool = False) -> DatasetDict: ...
def write_netcdf(
    ds: DatasetDict,
    path: str,
    format: str = "netcdf4",
    cleanup_global_atts: bool = True,
    cleanup_qc_atts: bool = True,
    join_char: str = "__",
    cf_compliant: bool = False,
    delete_global_attrs: list[str] | None = None,
    nan_fill: bool | None = None,
    cf_convention: str = "CF-1.8",
    history: str | None = None,
    act_compat: bool = False,
) -> None: ...
def qc_test(ds: DatasetDict, test: str, variable: str, kwargs: dict[str, Any] | None = None) -> dict[str, Any]: ...
def qc_cleanup(ds: DatasetDict, kwargs: dict[str, Any] | None = None) -> DatasetDict: ...
def qc_apply(ds: DatasetDict, name: str, comp: DatasetDict | None = None, kwargs: dict[str, Any] | None = None) -> DatasetDict: ...
def qc_functions() -> list[str]: ...
def qc_helper(ds: DatasetDict, name: str, kwargs: dict[str, Any] | None = None) -> tuple[DatasetDict, Any]: ...
def qc_fft_shading_window(
    data: list[float],
    time_interval: float,
    is_sunny: bool,
    shad_freq_lower: list[float] | None = None,
    shad_freq_upper: list[float] | None = None,
    ratio_thresh: list[float] | None = None,
) -> dict[str, Any]: ...
# With the `discovery` feature (the wheel's default):
def download_arm_data(
    username: str | None,
    token: str | None,
    datastream: str,
    startdate: str,
    enddate: str,
    time: str | None = None,
    output: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
    attempts: int | None = None,
) -> list[str]: ...
def get_asos_data(
    start: str,
    end: str,
    lat_range: tuple[float, float] | None = None,
    lon_range: tuple[float, float] | None = None,
    station: list[str] | None = None,
    regions: str | None = None,
    output: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
    act_compat: bool = False,
) -> list[str]: ...
def get_asos_datasets(
    start: str,
    end: str,
    lat_range: tuple[float, float] | None = None,
    lon_range: tuple[float, float] | None = None,
    station: list[str] | None = None,
    regions: str | None = None,
    output: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
    act_compat: bool = False,
) -> dict[str, dict]: ...
def read_airnow_csv(path: str) -> dict: ...
def read_airnow_bounded_csv(path: str, act_compat: bool = False) -> dict: ...
def get_improve_dataset(
    site_id: str,
    parameter_id: list[str] | None,
    start_date: str,
    end_date: str,
    output: str | None = None,
    base_url: str | None = None,
    site_base_url: str | None = None,
    overwrite: bool = False,
    act_compat: bool = False,
) -> dict: ...
def get_asos_stations(
    lat_range: tuple[float, float] | None = None,
    lon_range: tuple[float, float] | None = None,
    station: list[str] | None = None,
    regions: str | None = None,
    base_url: str | None = None,
    act_compat: bool = False,
) -> list[tuple[str, str, float, float, str]]: ...
def get_airnow_forecast(
    token: str | None,
    date: str,
    zipcode: str | None = None,
    latlon: tuple[float, float] | None = None,
    distance: int = 25,
    output: str | None = None,
    base_url: str | None = None,
) -> str: ...
def get_airnow_obs(
    token: str | None,
    date: str | None = None,
    zipcode: str | None = None,
    latlon: tuple[float, float] | None = None,
    distance: int = 25,
    output: str | None = None,
    base_url: str | None = None,
) -> str: ...
def get_airnow_bounded_obs(
    token: str | None,
    start_date: str,
    end_date: str,
    latlon_bnds: str,
    parameters: str = "OZONE,PM25",
    data_type: str = "B",
    mon_type: int = 0,
    output: str | None = None,
    base_url: str | None = None,
) -> str: ...
def download_mplnet_data(
    version: int,
    level: int,
    product: str,
    site: str,
    year: str,
    month: str,
    day: str | None = None,
    outdir: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
) -> list[str]: ...
def get_mplnet_meta(
    sites: str,
    method: str | None = None,
    year: str | None = None,
    month: str | None = None,
    day: str | None = None,
    base_url: str | None = None,
) -> str: ...
def download_ameriflux_data(
    user_id: str,
    user_email: str,
    site_ids: list[str],
    data_product: str,
    data_policy: str,
    data_variant: str,
    agree_policy: bool,
    intended_use: str,
    description: str,
    out_dir: str,
    base_url: str | None = None,
    overwrite: bool = False,
) -> tuple[list[str], list[str]]: ...
def get_improve_data(
    site_id: str,
    parameter_id: list[str] | None,
    start_date: str,
    end_date: str,
    output: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
) -> str: ...
def get_crop_type(lat: float, lon: float, year: int | None = None, base_url: str | None = None) -> str: ...
def get_arm_doi(datastream: str, startdate: str, enddate: str, base_url: str | None = None) -> str: ...
def download_surfrad_data(
    site: str, startdate: str, enddate: str, output: str | None = None, base_url: str | None = None, overwrite: bool = False
) -> list[str]: ...
def download_noaa_psl_data(
    site: str,
    instrument: str,
    startdate: str,
    enddate: str | None = None,
    hour: str | None = None,
    output: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
) -> list[str]: ...
def download_neon_data(
    site: str,
    product_code: str,
    begin_date: str,
    end_date: str | None = None,
    output_dir: str | None = None,
    base_url: str | None = None,
    overwrite: bool = False,
) -> list[str]: ...
def add_dqr(ds: DatasetDict, kwargs: dict[str, Any] | None = None) -> DatasetDict: ...
def qc_test_mask(ds: DatasetDict, variable: str, test_number: int, qc_var_name: str | None = None) -> np.ndarray: ...
def qc_tests() -> list[str]: ...
def correct(ds: DatasetDict, name: str, kwargs: dict[str, Any] | None = None) -> DatasetDict: ...
def corrections() -> list[str]: ...
def retrieve(
    ds: DatasetDict, name: str, kwargs: dict[str, Any] | None = None, met: DatasetDict | None = None
) -> DatasetDict | float: ...
def retrievals() -> list[str]: ...
def utils(ds: DatasetDict, name: str, kwargs: dict[str, Any] | None = None) -> tuple[DatasetDict, list[tuple[str, str]]]: ...
def util_names() -> list[str]: ...
def create_ds_from_arm_dod(
    proc_: str,
    set_dims: list[tuple[str, int]],
    version: str | None = None,
    fill_value: float = -9999.0,
    scalar_fill_dim: str | None = None,
    local_file: bool = False,
    base_url: str | None = None,
    act_compat: bool = False,
) -> DatasetDict: ...
def arm_site_location_search(
    site_code: str,
    facility_code: str | None = None,
    offline: bool = False,
    tables: list[str] | None = None,
    base_url: str | None = None,
) -> list[tuple[str, float | None, float | None]]: ...
def convert_to_ameriflux(
    ds: DatasetDict,
    variable_mapping: list[tuple[str, str, str]] | None = None,
    soil_mapping: list[tuple[str, str, str]] | None = None,
    depth_profile: list[float] | None = None,
    include_missing_variables: bool = False,
) -> tuple[list[str], list[str], list[tuple[str, list[float]]]]: ...
def generate_movie(frames: list[str], path: str, fps: float = 10.0) -> str: ...
def plot(ds: DatasetDict, name: str, format: str = "png", kwargs: dict[str, Any] | None = None) -> bytes: ...
def figures() -> list[str]: ...
def write_file(path: str, data: bytes) -> None: ...
def track(
    ds: DatasetDict, var: str, mask: str | None = None, kwargs: dict[str, Any] | None = None
) -> DatasetDict: ...
def version() -> str: ...
