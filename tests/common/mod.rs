//! Shared helpers for the integration tests: where the oracle lives, and JSON comparison.

use std::path::PathBuf;

/// The ACT oracle folder (`../shared/oracle` beside the repository; `ATMOKIT_ORACLE` overrides).
pub fn oracle_dir() -> PathBuf {
    if let Ok(p) = std::env::var("ATMOKIT_ORACLE") {
        return PathBuf::from(p);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/oracle")
}
