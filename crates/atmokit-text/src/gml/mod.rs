//! NOAA Global Monitoring Laboratory (GML) text products: ACT's `act.io.noaagml`.
//!
//! | ACT | here |
//! |---|---|
//! | `read_gml(filename, datatype=None, convert_missing=True)` | [`read_gml`] |
//! | `read_gml_met` | [`met::read_gml_met`] |
//! | `read_gml_radiation` | [`radiation::read_gml_radiation`] |
//! | `read_gml_ozone` | [`ozone::read_gml_ozone`] |
//! | `read_gml_co2` | [`co2::read_gml_co2`] |
//! | `read_gml_halo` | [`halo::read_gml_halo`] |
//! | `read_gml_aerosol` | [`aerosol::read_gml_aerosol`] |
//!
//! Values are kept at full float64 precision. ACT rounds the MET, radiation and CO2 values
//! through float32 before storing them as float64 (`7.1` becomes `7.099999904632568`); atmokit
//! does not, so sums differ from ACT's in the 7th significant digit.

pub mod act_compat;
pub mod aerosol;
pub mod co2;
pub mod halo;
pub mod met;
pub mod ozone;
pub mod radiation;

use crate::error::{Result, TextError};
use atmokit_core::Dataset;
use std::path::Path;

/// The GML product kinds [`read_gml`] dispatches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GmlType {
    /// Hourly / minute meteorology (`met_*.txt`).
    Met,
    /// SURFRAD-style radiation (`brw21001.dat`).
    Radiation,
    /// Surface ozone (`brw_12_2020_hour.dat`).
    Ozone,
    /// CO2 in-situ / flask (`co2_*.txt`).
    Co2,
    /// Halocarbons (`brw_CCl4_Day.dat`).
    Halo,
    /// Aerosol, EBAS NASA-Ames (`*.nas`).
    Aerosol,
}

impl GmlType {
    /// Parse ACT's `datatype` argument (`"MET"`, `"RADIATION"`, `"OZONE"`, `"CO2"`, `"HALO"`, `"AEROSOL"`,
    /// case-insensitive).
    pub fn from_name(name: &str) -> Option<GmlType> {
        match name.to_ascii_uppercase().as_str() {
            "MET" => Some(GmlType::Met),
            "RADIATION" => Some(GmlType::Radiation),
            "OZONE" => Some(GmlType::Ozone),
            "CO2" => Some(GmlType::Co2),
            "HALO" => Some(GmlType::Halo),
            "AEROSOL" => Some(GmlType::Aerosol),
            _ => None,
        }
    }

    /// Guess the product from a file name as ACT's `read_gml` does; `None` when no pattern fits.
    pub fn from_file_name(name: &str) -> Option<GmlType> {
        let lower = name.to_ascii_lowercase();
        let b = lower.as_bytes();
        if lower.starts_with("met_") && lower.ends_with(".txt") {
            return Some(GmlType::Met);
        }
        if lower.ends_with(".nas") {
            return Some(GmlType::Aerosol);
        }
        if lower.starts_with("co2_") && lower.ends_with(".txt") {
            return Some(GmlType::Co2);
        }
        // [a-z]{3}\d{5}.dat: radiation
        if b.len() == 12
            && lower.ends_with(".dat")
            && b[..3].iter().all(u8::is_ascii_lowercase)
            && b[3..8].iter().all(u8::is_ascii_digit)
        {
            return Some(GmlType::Radiation);
        }
        // [a-z]{3}_\d{1,2}_\d{4}_hour.dat or *_o3*: ozone
        let parts: Vec<&str> = lower.trim_end_matches(".dat").split('_').collect();
        if lower.ends_with(".dat")
            && parts.len() == 4
            && parts[0].len() == 3
            && parts[1].bytes().all(|c| c.is_ascii_digit())
            && parts[2].bytes().all(|c| c.is_ascii_digit())
            && parts[3] == "hour"
        {
            return Some(GmlType::Ozone);
        }
        const HALO: [&str; 6] = ["ccl4", "mc_", "ch3ccl3", "sf6", "n2o", "cfc"];
        if lower.ends_with(".dat") && HALO.iter().any(|h| lower.contains(h)) {
            return Some(GmlType::Halo);
        }
        None
    }
}

/// Read a GML file of kind `datatype`, or of the kind its name shows when `None`.
/// `convert_missing` turns each column's missing-value code into NaN (ACT's default).
///
/// Errors when the kind cannot be told, or the file does not parse (naming file and line).
pub fn read_gml(path: impl AsRef<Path>, datatype: Option<GmlType>, convert_missing: bool) -> Result<Dataset> {
    let path = path.as_ref();
    let kind = match datatype {
        Some(k) => k,
        None => GmlType::from_file_name(&crate::util::file_name(path)).ok_or_else(|| {
            TextError::Invalid(format!(
                "{}: cannot tell the GML product from the file name",
                path.display()
            ))
        })?,
    };
    match kind {
        GmlType::Met => met::read_gml_met(path, convert_missing),
        GmlType::Radiation => radiation::read_gml_radiation(path, convert_missing),
        GmlType::Ozone => ozone::read_gml_ozone(path),
        GmlType::Co2 => co2::read_gml_co2(path, convert_missing),
        GmlType::Halo => halo::read_gml_halo(path),
        GmlType::Aerosol => aerosol::read_gml_aerosol(path),
    }
}

/// numpy's `isclose(value, fill)` (rtol 1e-5, atol 1e-8), ACT's missing-value match.
pub(crate) fn is_fill(value: f64, fill: f64) -> bool {
    (value - fill).abs() <= 1e-8 + 1e-5 * fill.abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_on_names() {
        assert_eq!(
            GmlType::from_file_name("met_brw_insitu_1_obop_hour_2020.txt"),
            Some(GmlType::Met)
        );
        assert_eq!(GmlType::from_file_name("brw21001.dat"), Some(GmlType::Radiation));
        assert_eq!(GmlType::from_file_name("brw_12_2020_hour.dat"), Some(GmlType::Ozone));
        assert_eq!(
            GmlType::from_file_name("co2_brw_surface-insitu_1_ccgg_MonthlyData.txt"),
            Some(GmlType::Co2)
        );
        assert_eq!(GmlType::from_file_name("brw_CCl4_Day.dat"), Some(GmlType::Halo));
        assert_eq!(GmlType::from_file_name("readme.txt"), None);
        assert_eq!(GmlType::from_name("halo"), Some(GmlType::Halo));
        assert!(is_fill(-999.9, -999.9) && is_fill(-999.90, -999.9) && !is_fill(-999.0, -999.9));
    }
}
