//! Errors of the download clients, and the redaction that keeps tokens out of them.

use std::path::PathBuf;

use atmokit_core::output::OutputError;

/// Why a download or a query failed. Every variant names the URL (with credentials replaced
/// by `***`) or the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum DiscoveryError {
    /// The server refused the request for good: 401/403 (credentials), 404 (no such
    /// datastream or file) or another 4xx that retrying cannot fix.
    #[error("{url}: HTTP {status} {reason}{hint}")]
    Status {
        /// The URL, token redacted.
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The status' reason phrase.
        reason: &'static str,
        /// What to check (may be empty).
        hint: &'static str,
    },
    /// A transient failure (timeout, cut connection, 429, 5xx) that lasted through every attempt.
    #[error("{url}: gave up after {attempts} attempts; last: {last}")]
    GaveUp {
        /// The URL, token redacted.
        url: String,
        /// How many requests were made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The answer could not be read as the service's documented format.
    #[error("{url}: unexpected answer: {message}")]
    BadAnswer {
        /// The URL, token redacted.
        url: String,
        /// What was wrong.
        message: String,
    },
    /// The answer is larger than the bound set for it.
    #[error("{url}: answer larger than {limit} bytes")]
    TooLarge {
        /// The URL, token redacted.
        url: String,
        /// The bound in bytes.
        limit: u64,
    },
    /// Writing a downloaded file failed (the target is unchanged, no temporary file is left).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Creating the output folder failed.
    #[error("{path}: cannot create the output folder: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The dataset or the DQRs could not be used (names the variable or attribute).
    #[error(transparent)]
    Data(#[from] atmokit_core::Error),
    /// A saved answer could not be read into a Dataset.
    #[error("{}: {message}", path.display())]
    Answer {
        /// The saved file.
        path: PathBuf,
        /// What was wrong.
        message: String,
    },
    /// Credentials or arguments are missing or malformed.
    #[error("{0}")]
    Invalid(String),
}

/// Replace every occurrence of each non-empty secret in `text` by `***`.
///
/// ```
/// use atmokit_discovery::redact;
/// assert_eq!(
///     redact("https://h/q?user=me:abc123&ds=x", &["abc123"]),
///     "https://h/q?user=me:***&ds=x"
/// );
/// ```
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        out = out.replace(s, "***");
    }
    out
}

/// The reason phrase of the statuses named in errors.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// What to check after a permanent HTTP failure.
pub(crate) fn hint(status: u16) -> &'static str {
    match status {
        401 | 403 => " (check the user name and token, ARM_USERNAME / ARM_TOKEN)",
        404 => " (check the datastream, file name, dates and base URL)",
        _ => "",
    }
}
