//! ARM Live's mod service: several files of one datastream joined into one netCDF or CSV file,
//! all or some variables, as ACT 2.3.4's `act.discovery.download_arm_data_mod` asks for it.

use std::path::{Path, PathBuf};

use crate::arm::{ARM_LIVE_BASE_URL, base_url};
use crate::client::Client;
use crate::credentials::ArmCredentials;
use crate::error::DiscoveryError;

/// Join `files` (names of one datastream's files) on the service and write the result into
/// `output` under the name the service gives: GET
/// `{base}mod?user=USER:TOKEN[&variables=a,b]&wt=cdf|csv` with the JSON list of files as the body
/// (ACT's request). `base` replaces [`ARM_LIVE_BASE_URL`]. Returns the file written.
pub fn download_arm_data_mod(
    client: &Client,
    creds: &ArmCredentials,
    files: &[String],
    variables: Option<&[String]>,
    filetype: &str,
    output: &Path,
    base: Option<&str>,
) -> Result<PathBuf, DiscoveryError> {
    if !matches!(filetype, "cdf" | "csv") {
        return Err(DiscoveryError::Invalid(format!(
            "file type {filetype:?}: expected cdf or csv"
        )));
    }
    if files.is_empty() {
        return Err(DiscoveryError::Invalid(
            "the mod service needs at least one file".into(),
        ));
    }
    let plain = |v: &String| {
        !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    };
    if let Some(bad) = variables.into_iter().flatten().find(|v| !plain(v)) {
        return Err(DiscoveryError::Invalid(format!("variable name {bad:?} is not plain")));
    }
    let client = client.clone().with_secret(creds.token.clone());
    let base = base_url(Some(base.unwrap_or(ARM_LIVE_BASE_URL)))?;
    let vars = variables
        .map(|v| format!("&variables={}", v.join(",")))
        .unwrap_or_default();
    let url = format!("{base}mod?user={}{vars}&wt={filetype}", creds.user_param());
    let body = serde_json::to_vec(files).map_err(|e| DiscoveryError::Invalid(e.to_string()))?;
    std::fs::create_dir_all(output).map_err(|source| DiscoveryError::Folder {
        path: output.to_path_buf(),
        source,
    })?;
    let (path, _) = client.download_attachment(&url, &body, output, &mut |_| {})?;
    Ok(path)
}
