//! NOAA SURFRAD daily files (`bon21001.dat`): ACT's `act.io.noaagml.read_surfrad`.
//!
//! SURFRAD daily files share the GML radiation layout (SURFRAD README: station name; latitude,
//! longitude, elevation; then year, day of year, month, day, hour, minute, decimal time, solar
//! zenith angle and 20 value/QC pairs, missing −9999.9), so they are parsed by
//! [`crate::gml::radiation::read_gml_radiation`] with the same variable names and CF QC attrs.
//! Several daily files are concatenated on `time`; global attr `datastream` is
//! `"SURFRAD Site: <station>"` (ACT's form).
//!
//! Difference from ACT: ACT 2.3.4 names the columns its own way (`downwelling_global`, …, and
//! `net_radiation` for the net *solar* column), keeps −9999.9 and the eight date/time columns,
//! and attaches only a QC description; atmokit uses the GML radiation names (`net_solar`,
//! `net_radiation` = total net), NaN for missing values and full CF QC attrs for both products.
//! [`SurfradOptions::act_compat`] gives ACT's form ([`crate::surfrad_act`]). ACT's download from
//! URLs is not part of this reader.

use crate::error::{Result, TextError};
use atmokit_core::{AttrValue, Dataset};
use std::path::Path;

/// Options of [`read_surfrad_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurfradOptions {
    /// ACT 2.3.4's names, attributes and raw values ([`crate::surfrad_act`]) instead of atmokit's
    /// GML-radiation form (default false).
    pub act_compat: bool,
}

/// [`read_surfrad`], or with `o.act_compat` ACT's form of the same files.
///
/// ```no_run
/// use atmokit_text::surfrad::{SurfradOptions, read_surfrad_with};
/// let act = read_surfrad_with(&["bon24001.dat"], &SurfradOptions { act_compat: true })?;
/// assert!(act.contains("downwelling_global") && act.contains("qc_downwelling_global"));
/// # Ok::<(), atmokit_text::TextError>(())
/// ```
pub fn read_surfrad_with<P: AsRef<Path>>(paths: &[P], o: &SurfradOptions) -> Result<Dataset> {
    if o.act_compat {
        crate::surfrad_act::read_surfrad_act(paths)
    } else {
        read_surfrad(paths)
    }
}

/// Read one or more SURFRAD daily files, concatenated on time in the order given.
pub fn read_surfrad<P: AsRef<Path>>(paths: &[P]) -> Result<Dataset> {
    let first = paths
        .first()
        .ok_or_else(|| TextError::Invalid("read_surfrad: no files given".into()))?
        .as_ref();
    let mut parts = Vec::with_capacity(paths.len());
    for p in paths {
        parts.push(crate::gml::radiation::read_gml_radiation(p.as_ref(), true)?);
    }
    let station = parts[0].attr_str("location").unwrap_or("").to_string();
    let mut ds = if parts.len() == 1 {
        parts.pop().expect("one part")
    } else {
        // Scalars (lat/lon/alt) are taken from the first file.
        let scalars: Vec<(String, atmokit_core::Variable)> = parts[0]
            .variables()
            .filter(|(_, v)| v.dims().is_empty())
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        for p in &mut parts {
            for (k, _) in &scalars {
                p.remove(k);
            }
        }
        let mut ds = Dataset::concat(&parts, "time").map_err(|e| TextError::dataset(first, e))?;
        for (k, v) in scalars {
            ds.insert(&k, v).map_err(|e| TextError::dataset(first, e))?;
        }
        ds
    };
    ds.attrs_mut()
        .insert("datastream".into(), AttrValue::Str(format!("SURFRAD Site: {station}")));
    Ok(ds)
}
