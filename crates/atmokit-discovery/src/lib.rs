//! Getting data in: ARM Live downloads, ARM citations (DOI), ARM Data Quality Reports (DQRs) and
//! NOAA SURFRAD and PSL files, NEON data products, over a blocking
//! HTTPS client (ureq with rustls; no async runtime).
//!
//! Every client takes a base URL, writes each file whole or not at all through
//! [`atmokit_core::output::write_atomic_with`], keeps files already present, retries
//! timeouts, cut connections, 429 and 5xx with exponential backoff (honouring
//! `Retry-After`, a bounded number of attempts), and names the URL — token replaced by
//! `***` — when it gives up or the server refuses (401, 403, 404).

mod arm;
mod arm_mod;
mod citation;
mod client;
mod credentials;
mod dqr;
mod error;
mod fetch;
mod neon;
mod noaapsl;
mod report;
mod surfrad;

pub use arm::{ARM_LIVE_BASE_URL, ArmRequest, download_arm_data, download_arm_data_with, parse_date};
pub use arm_mod::download_arm_data_mod;
pub use citation::{ARM_CITATION_BASE_URL, get_arm_doi};
pub use client::{Client, ClientOptions};
pub use credentials::ArmCredentials;
pub use dqr::{DQR_BASE_URL, dqr_url, fetch_dqr, fetch_dqr_for};
pub use error::{DiscoveryError, redact};
pub use neon::{NEON_BASE_URL, download_neon_data};
pub use noaapsl::{NOAA_PSL_BASE_URL, download_noaa_psl_data, listed_files, noaa_psl_instrument_path};
pub use report::{DownloadReport, Progress};
pub use surfrad::{SURFRAD_BASE_URL, download_surfrad_data, surfrad_site_name};
