//! Getting data in: ARM Live downloads, ARM citations (DOI), ARM Data Quality Reports (DQRs) and
//! NOAA SURFRAD and PSL files, NEON data products, IEM ASOS, EPA AirNow, NASA MPLNET,
//! AmeriFlux, IMPROVE and USDA CropScape, over a blocking
//! HTTPS client (ureq with rustls; no async runtime).
//!
//! Every client takes a base URL, writes each file whole or not at all through
//! [`atmokit_core::output::write_atomic_with`], keeps files already present, retries
//! timeouts, cut connections, 429 and 5xx with exponential backoff (honouring
//! `Retry-After`, a bounded number of attempts), and names the URL — token replaced by
//! `***` — when it gives up or the server refuses (401, 403, 404).
//!
//! With the feature `datasets` (on by default) the ASOS, AirNow and IMPROVE answers are also
//! read into Datasets as ACT returns them (`get_asos_datasets`, `get_airnow_*_dataset`,
//! `get_improve_dataset`, and `read_*` for saved answers), ACT's slips fixed unless `act_compat`;
//! and ARM's DODs become empty Datasets ([`create_ds_from_arm_dod`], ACT's
//! `create_ds_from_arm_dod` from the PCM service).

mod airnow;
#[cfg(feature = "datasets")]
mod airnow_dataset;
mod ameriflux;
#[cfg(feature = "datasets")]
mod answer_table;
mod arm;
mod arm_mod;
mod asos;
#[cfg(feature = "datasets")]
mod asos_dataset;
mod citation;
mod client;
mod credentials;
mod cropscape;
#[cfg(feature = "datasets")]
mod dod;
mod dqr;
mod error;
mod fetch;
#[cfg(feature = "datasets")]
mod html_table;
mod improve;
#[cfg(feature = "datasets")]
mod improve_dataset;
mod mplnet;
mod neon;
mod neon_sites;
mod noaapsl;
mod query;
mod report;
mod sites;
mod surfrad;

pub use airnow::{
    AIRNOW_BASE_URL, AirNowLocation, airnow_api_key, get_airnow_bounded_obs, get_airnow_forecast, get_airnow_obs,
};
#[cfg(feature = "datasets")]
pub use airnow_dataset::{
    AIRNOW_BOUNDED_COLUMNS, get_airnow_bounded_obs_dataset, get_airnow_forecast_dataset, get_airnow_obs_dataset,
    read_airnow_bounded_csv, read_airnow_csv,
};
pub use ameriflux::{
    AMERIFLUX_BASE_URL, AMERIFLUX_INTENDED_USES, AmerifluxRequest, ameriflux_request_json, ameriflux_sites,
    download_ameriflux_data,
};
pub use arm::{ARM_LIVE_BASE_URL, ArmRequest, download_arm_data, download_arm_data_with, parse_date};
pub use arm_mod::download_arm_data_mod;
pub use asos::{
    ASOS_DEFAULT_REGIONS, AsosSelection, AsosStation, IEM_BASE_URL, asos_networks, asos_url, get_asos_data,
    get_asos_stations,
};
#[cfg(feature = "datasets")]
pub use asos_dataset::{AsosPick, get_asos_datasets, read_asos_csv};
pub use citation::{ARM_CITATION_BASE_URL, get_arm_doi};
pub use client::{Client, ClientOptions};
pub use credentials::ArmCredentials;
pub use cropscape::{CROPSCAPE_BASE_URL, CropType, cdl_albers, get_crop_type};
#[cfg(feature = "datasets")]
pub use dod::{ARM_PCM_BASE_URL, create_ds_from_arm_dod, dod_url, get_arm_dod};
pub use dqr::{DQR_BASE_URL, dqr_url, fetch_dqr, fetch_dqr_for};
pub use error::{DiscoveryError, redact};
pub use improve::{IMPROVE_BASE_URL, IMPROVE_DEFAULT_PARAMETERS, get_improve_data, improve_url};
#[cfg(feature = "datasets")]
pub use improve_dataset::{IMPROVE_SITE_BASE_URL, get_improve_dataset, read_improve_html};
pub use mplnet::{MPLNET_BASE_URL, MplnetRequest, download_mplnet_data, get_mplnet_meta, mplnet_url};
pub use neon::{NEON_BASE_URL, download_neon_data};
pub use neon_sites::{
    NeonProduct, get_neon_product_avail, get_neon_site_products, neon_site_products_full, parse_site_products,
};
pub use noaapsl::{NOAA_PSL_BASE_URL, download_noaa_psl_data, listed_files, noaa_psl_instrument_path};
pub use report::{DownloadReport, Progress};
pub use sites::{ARM_METADATA_BASE_URL, SiteLocation, arm_site_location_search, parse_sites, site_query};
pub use surfrad::{SURFRAD_BASE_URL, download_surfrad_data, surfrad_site_name};
