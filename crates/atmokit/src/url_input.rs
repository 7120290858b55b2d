//! URLs as inputs (`https://…/bon19001.dat`), as ACT's `read_surfrad` and `read_csv` take them:
//! the file is fetched into memory (with the `discovery` feature's HTTP client: retries,
//! timeouts, a size bound) and read by the same readers as a file on disk, registered under
//! the URL without its query ([`crate::core::memory_files`]), so errors and file-name parsing
//! see the URL's last path part. Nothing is written to disk.

use std::path::{Path, PathBuf};

use crate::core::memory_files::MemoryFiles;
use crate::open::OpenError;

/// Largest download read as an input: an archive member's bound.
#[cfg(feature = "discovery")]
const MAX_URL_BYTES: u64 = 1 << 30;

/// The URL `input` holds, when it is one (`http://` or `https://`).
pub(crate) fn as_url(input: &Path) -> Option<&str> {
    input
        .to_str()
        .filter(|s| s.starts_with("https://") || s.starts_with("http://"))
}

/// The name a URL's bytes are read under: the URL without query and fragment (a token in the
/// query never shows in messages).
fn input_name(url: &str) -> Result<PathBuf, OpenError> {
    let bare = url.split(['?', '#']).next().unwrap_or(url);
    let last = bare.rsplit('/').next().unwrap_or("");
    if last.is_empty() || bare.matches('/').count() < 3 {
        return Err(OpenError::Url(format!("{bare}: the URL names no file")));
    }
    Ok(PathBuf::from(bare))
}

/// Fetch `url` into `memory`; returns the name its bytes are read under.
pub(crate) fn fetch(url: &str, memory: &mut MemoryFiles) -> Result<PathBuf, OpenError> {
    let name = input_name(url)?;
    let bytes = download(url)?;
    memory.register(name.clone(), bytes);
    Ok(name)
}

#[cfg(feature = "discovery")]
fn download(url: &str) -> Result<Vec<u8>, OpenError> {
    use crate::discovery::{Client, ClientOptions};
    let bare = url.split(['?', '#']).next().unwrap_or(url);
    Client::new(ClientOptions::default())
        .get_bytes(url, MAX_URL_BYTES)
        // The query may hold a token: messages show the URL without it.
        .map_err(|e| OpenError::Url(e.to_string().replace(url, bare)))
}

#[cfg(not(feature = "discovery"))]
fn download(url: &str) -> Result<Vec<u8>, OpenError> {
    let bare = url.split(['?', '#']).next().unwrap_or(url);
    Err(OpenError::Url(format!(
        "{bare}: reading URLs needs atmokit's `discovery` feature (network access)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_the_query_and_need_a_file() {
        assert_eq!(
            input_name("https://x.org/a/bon19001.dat?token=s3cret").unwrap(),
            PathBuf::from("https://x.org/a/bon19001.dat")
        );
        assert!(input_name("https://x.org/").is_err());
        assert!(input_name("https://x.org").is_err());
        assert!(as_url(Path::new("data/x.nc")).is_none());
        assert!(as_url(Path::new("http://h/x.nc")).is_some());
    }
}
