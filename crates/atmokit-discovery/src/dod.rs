//! ARM's Data Object Definitions (DODs) from the PCM web service: ACT 2.3.4's
//! `act.io.arm.create_ds_from_arm_dod(proc, set_dims, version, fill_value, scalar_fill_dim)`
//! with `local_file=False`. The answer of `{base}pcm/api/dods/{proc}` is the DOD JSON that
//! [`atmokit_text::dod::parse_arm_dod`] turns into an empty Dataset (a saved answer is read by
//! [`atmokit_text::dod::read_arm_dod`]).

use std::path::Path;

use atmokit_core::Dataset;
use atmokit_text::dod::{DodOptions, parse_arm_dod};

use crate::arm::{base_url, check_datastream};
use crate::client::Client;
use crate::error::DiscoveryError;

/// The PCM DOD service's root used when no base URL is given (ACT's
/// `https://pcm.arm.gov/pcm/api/dods/`).
pub const ARM_PCM_BASE_URL: &str = "https://pcm.arm.gov/";

/// Longest DOD answer accepted, in bytes (real DODs are tens of kilobytes).
const DOD_LIMIT: u64 = 16 * 1024 * 1024;

/// The URL of a process's DOD: `{base}pcm/api/dods/{proc}`.
///
/// ```
/// let u = atmokit_discovery::dod_url(None, "vdis.b1").unwrap();
/// assert_eq!(u, "https://pcm.arm.gov/pcm/api/dods/vdis.b1");
/// ```
pub fn dod_url(base: Option<&str>, proc: &str) -> Result<String, DiscoveryError> {
    check_datastream(proc)?;
    let base = base_url(Some(base.unwrap_or(ARM_PCM_BASE_URL)))?;
    Ok(format!("{base}pcm/api/dods/{proc}"))
}

/// The DOD JSON text of `proc` (`vdis.b1`, `kazrge.a1`) from the PCM service.
pub fn get_arm_dod(client: &Client, base: Option<&str>, proc: &str) -> Result<String, DiscoveryError> {
    let url = dod_url(base, proc)?;
    let body = client.get_bytes(&url, DOD_LIMIT)?;
    String::from_utf8(body).map_err(|_| DiscoveryError::BadAnswer {
        url: client.redact(&url),
        message: "the DOD answer is not UTF-8 text".into(),
    })
}

/// ACT's `create_ds_from_arm_dod(proc, set_dims, version, fill_value, scalar_fill_dim)`: the
/// empty Dataset of `proc`'s DOD fetched from the PCM service (see [`DodOptions`] for the
/// arguments and [`atmokit_text::dod`] for what the Dataset holds). Errors name the URL; a DOD
/// that cannot be built (a dim without a length, an unknown type) is [`DiscoveryError::Invalid`].
///
/// ```no_run
/// use atmokit_discovery::{Client, ClientOptions, create_ds_from_arm_dod};
/// use atmokit_text::dod::DodOptions;
/// let client = Client::new(ClientOptions::default());
/// let o = DodOptions { version: Some("1.2".into()), ..DodOptions::with_dims(&[("time", 1440), ("drop_diameter", 50)]) };
/// let ds = create_ds_from_arm_dod(&client, None, "vdis.b1", &o)?;
/// # Ok::<(), atmokit_discovery::DiscoveryError>(())
/// ```
pub fn create_ds_from_arm_dod(
    client: &Client,
    base: Option<&str>,
    proc: &str,
    options: &DodOptions,
) -> Result<Dataset, DiscoveryError> {
    let text = get_arm_dod(client, base, proc)?;
    let url = client.redact(&dod_url(base, proc)?);
    parse_arm_dod(&text, Path::new(&url), options).map_err(|e| DiscoveryError::Invalid(e.to_string()))
}
