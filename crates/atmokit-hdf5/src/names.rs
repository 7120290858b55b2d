//! Names of links, attributes and members: at most 256 bytes (netCDF's `NC_MAX_NAME`) and
//! valid UTF-8.

use crate::error::{Res, invalid};

/// Longest name accepted, in bytes (`NC_MAX_NAME` of netCDF).
pub const MAX_NAME: usize = 256;

/// Check a name and return it as text.
pub(crate) fn check_name<'a>(raw: &'a [u8], what: &str) -> Res<&'a str> {
    if raw.len() > MAX_NAME {
        return invalid(format!("{what} name of {} bytes is longer than {MAX_NAME}", raw.len()));
    }
    if raw.contains(&0) {
        return invalid(format!("{what} name contains a NUL byte"));
    }
    std::str::from_utf8(raw).map_err(|_| {
        crate::error::Fault::Invalid(format!(
            "{what} name is not valid UTF-8: {}",
            String::from_utf8_lossy(raw)
        ))
    })
}
