//! ACT's options of `read_ameriflux` (`data_type`, `rename_vars_dict`, `variable_units_dict`) on
//! [`crate::ameriflux::read_ameriflux`].
//!
//! `timestep` is not needed: the timestamps say their own resolution (`YYYY`, `YYYYMM`,
//! `YYYYMMDD`, `YYYYMMDDHHMM`), which is what ACT's `timestep` chooses among when the file name
//! does not. ACT's `metadata_filename` (the BADM Excel sheet): its rows become attributes with
//! [`crate::ameriflux_badm::badm_attrs`] (the Python binding reads the sheet with pandas).

use crate::error::{Result, TextError};
use atmokit_core::AttrValue;
use atmokit_core::Dataset;
use std::path::Path;

/// AmeriFlux's two products (ACT's `data_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmerifluxKind {
    /// The BASE product (`# Site:` and `# Version:` lines, half-hourly or hourly rows).
    Base,
    /// A FLUXNET product (no metadata lines; `HH`, `DD`, `WW`, `MM` or `YY` rows).
    Fluxnet,
}

impl AmerifluxKind {
    /// The name ACT uses (`"base"`, `"fluxnet"`), also the `data_type` global attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            AmerifluxKind::Base => "base",
            AmerifluxKind::Fluxnet => "fluxnet",
        }
    }
}

/// Options of [`read_ameriflux_with`] (ACT's keywords; all off by default).
///
/// ```
/// use atmokit_text::ameriflux_options::{AmerifluxKind, AmerifluxOptions};
/// let o = AmerifluxOptions {
///     data_type: Some(AmerifluxKind::Base),
///     rename_vars: vec![("CO2".into(), "co2".into())],
///     variable_units: vec![("co2".into(), "ppm".into())],
/// };
/// assert_eq!(o.data_type.map(AmerifluxKind::as_str), Some("base"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AmerifluxOptions {
    /// The product the file must be (ACT `data_type`); `None`: whatever the file is.
    pub data_type: Option<AmerifluxKind>,
    /// `(old, new)` variable names (ACT `rename_vars_dict`), applied first.
    pub rename_vars: Vec<(String, String)>,
    /// `(variable, units)` after renaming (ACT `variable_units_dict`), replacing the units of the
    /// AmeriFlux table.
    pub variable_units: Vec<(String, String)>,
}

/// Read an AmeriFlux file ([`crate::ameriflux::read_ameriflux`]) with ACT's options.
///
/// Differences from ACT: a `data_type` that contradicts the file is an error naming both (ACT
/// then misreads the file); `variable_units` may name only some variables (ACT raises a KeyError
/// for every variable it does not list, `time` included).
///
/// # Errors
/// The reader's errors; a file of the other product; a name to rename or to give units that the
/// file does not have; a rename onto an existing name.
pub fn read_ameriflux_with(path: &Path, o: &AmerifluxOptions) -> Result<crate::Dataset> {
    let mut ds = crate::ameriflux::read_ameriflux(path)?;
    apply(&mut ds, path, o)?;
    Ok(ds)
}

fn apply(ds: &mut Dataset, path: &Path, o: &AmerifluxOptions) -> Result<()> {
    let invalid = |reason: String| TextError::dataset(path, atmokit_core::Error::invalid(reason));
    if let Some(kind) = o.data_type {
        let found = ds.attr_str("data_type").unwrap_or("").to_string();
        if found != kind.as_str() {
            return Err(invalid(format!(
                "data_type '{}' was asked for, but the file is an AmeriFlux {found} file",
                kind.as_str()
            )));
        }
    }
    for (old, new) in &o.rename_vars {
        ds.rename(old, new).map_err(|e| TextError::dataset(path, e))?;
    }
    for (name, units) in &o.variable_units {
        let v = ds.get_mut(name).map_err(|e| TextError::dataset(path, e))?;
        v.attrs_mut().insert("units".into(), AttrValue::from(units.as_str()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    #[test]
    fn rename_units_and_product_checks() {
        let base = fixture("AMF_US-Xxx_BASE_HH_1-5.csv");
        let o = AmerifluxOptions {
            data_type: Some(AmerifluxKind::Base),
            rename_vars: vec![("CO2".into(), "co2".into())],
            variable_units: vec![("co2".into(), "ppm".into())],
        };
        let ds = read_ameriflux_with(&base, &o).unwrap();
        assert!(!ds.contains("CO2"));
        assert_eq!(ds.get("co2").unwrap().units(), Some("ppm"));
        assert_eq!(
            ds.get("FC").unwrap().units(),
            Some("µmolCO2 m-2 s-1"),
            "others keep the table's"
        );

        let wrong = AmerifluxOptions {
            data_type: Some(AmerifluxKind::Fluxnet),
            ..Default::default()
        };
        let e = read_ameriflux_with(&base, &wrong).unwrap_err().to_string();
        assert!(
            e.contains("AMF_US-Xxx_BASE_HH_1-5.csv") && e.contains("fluxnet") && e.contains("base"),
            "{e}"
        );
        let missing = AmerifluxOptions {
            rename_vars: vec![("NOPE".into(), "x".into())],
            ..Default::default()
        };
        assert!(
            read_ameriflux_with(&base, &missing)
                .unwrap_err()
                .to_string()
                .contains("NOPE")
        );
        let onto = AmerifluxOptions {
            rename_vars: vec![("CO2".into(), "FC".into())],
            ..Default::default()
        };
        assert!(read_ameriflux_with(&base, &onto).is_err());
        let flux = fixture("FLX_US-Xxx_FLUXNET2015_FULLSET_DD_2024-2024_1-4.csv");
        let ok = AmerifluxOptions {
            data_type: Some(AmerifluxKind::Fluxnet),
            ..Default::default()
        };
        assert!(read_ameriflux_with(&flux, &ok).is_ok());
    }
}
