//! ARM state variables → CF: `flag_N_description` (or `bit_N_description`) attributes become
//! `flag_values` (or `flag_masks`) and `flag_meanings`. The port of ACT's
//! `ds.clean.clean_arm_state_variables` with its options (ACT API reference,
//! `act.qc.clean.CleanDataset`); [`crate::cleanup::cleanup`] runs it with the defaults on
//! `CleanupOptions::clean_arm_state_vars`.

use crate::bits::test_mask;
use crate::cleanup::{is_def_attr, parse_defs};
use atmokit_core::{AttrValue, Dataset, Error, Result};

/// Options of [`clean_arm_state_variables`] (ACT's keyword arguments of the same names; the
/// defaults are ACT's).
///
/// ```
/// let o = atmokit_qc::state_vars::StateVariableOptions::default();
/// assert!(o.override_cf_flag && o.clean_units_string && o.integer_flag);
/// assert_eq!(o.replace_in_flag_meanings, None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct StateVariableOptions {
    /// Replace `flag_values` / `flag_masks` / `flag_meanings` that the variable already has with
    /// the ones built from its ARM attributes (default true). With false, only the missing ones
    /// are written.
    pub override_cf_flag: bool,
    /// Units "unitless" become udunits' "1" (default true).
    pub clean_units_string: bool,
    /// The states are integers, described by `flag_N_description` and stored as
    /// `flag_values = [N…]` (default true). With false they are bits described by
    /// `bit_N_description` (ACT's choice of prefix: `bit_` unless the file's `qc_flag_comment`
    /// global says `flag_`) and stored as `flag_masks = [2^(N-1)…]`.
    pub integer_flag: bool,
    /// In a `flag_meanings` given as one space-separated string, this text is replaced by a space
    /// in each meaning once split (`"_"` turns `full_obscuration` into `full obscuration`).
    pub replace_in_flag_meanings: Option<String>,
}

impl Default for StateVariableOptions {
    fn default() -> Self {
        StateVariableOptions {
            override_cf_flag: true,
            clean_units_string: true,
            integer_flag: true,
            replace_in_flag_meanings: None,
        }
    }
}

/// Convert the ARM state variables `names` to CF in place (see [`StateVariableOptions`]):
/// `flag_N_description` attrs become `flag_values = [N…]` (the variable's integer type, int32
/// for float data) and `flag_meanings` (the descriptions, ordered by N); the ARM attributes
/// (`flag_N_description`, `_assessment`, `_comment`) are removed; a string `flag_meanings` is
/// split on white space; units "unitless" become "1". Errors name a variable that does not exist
/// or a bit number 0 or above 64 in bit mode.
///
/// Unlike ACT, `override_cf_flag = false` keeps the existing CF attributes and adds the missing
/// ones: ACT 2.3.4 then writes nothing at all but still deletes the ARM attributes, so the state
/// descriptions are lost (`docs/for-act-users.md`).
///
/// ```
/// use atmokit_core::{AttrValue, Dataset, Variable};
/// use atmokit_qc::state_vars::{StateVariableOptions, clean_arm_state_variables};
/// let mut ds = Dataset::new();
/// let v = Variable::new(["time"], vec![0i16, 4])?
///     .with_attr("units", "unitless")
///     .with_attr("flag_0_description", "No obscuration")
///     .with_attr("flag_4_description", "Full obscuration");
/// ds.insert("status", v)?;
/// clean_arm_state_variables(&mut ds, &["status"], &StateVariableOptions::default())?;
/// let s = ds.get("status")?;
/// assert_eq!(s.attrs()["flag_values"], AttrValue::I16(vec![0, 4]));
/// assert_eq!(s.attr_str("units"), Some("1"));
/// assert!(!s.attrs().contains_key("flag_0_description"));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
pub fn clean_arm_state_variables(ds: &mut Dataset, names: &[&str], opts: &StateVariableOptions) -> Result<()> {
    for name in names {
        clean_one(ds, name, opts)?;
    }
    Ok(())
}

/// ACT's choice of attribute prefix: `flag_` for integer states; for bits `bit_`, unless the
/// file has no `qc_bit_comment` global but a `qc_flag_comment` one, or (neither global, the
/// dataset has QC variables) the variable says `flag_method = "integer"`.
fn prefix(ds: &Dataset, name: &str, opts: &StateVariableOptions) -> Result<&'static str> {
    if opts.integer_flag {
        return Ok("flag_");
    }
    let has = |k: &str| {
        ds.attrs()
            .get(k)
            .is_some_and(|v| !v.is_empty() && v.as_str() != Some(""))
    };
    if has("qc_bit_comment") {
        return Ok("bit_");
    }
    if has("qc_flag_comment") {
        return Ok("flag_");
    }
    let any_qc = ds.names().any(|n| crate::cleanup::is_qc_name(ds, n));
    Ok(if any_qc && ds.get(name)?.attr_str("flag_method") == Some("integer") {
        "flag_"
    } else {
        "bit_"
    })
}

fn clean_one(ds: &mut Dataset, name: &str, opts: &StateVariableOptions) -> Result<()> {
    let prefix = prefix(ds, name, opts)?;
    let v = ds.get_mut(name)?;
    let dtype = v.dtype();
    let defs = parse_defs(v.attrs(), prefix);
    let a = v.attrs_mut();
    if !defs.is_empty() {
        let numbers: Vec<u32> = defs.keys().copied().collect();
        let codes = if opts.integer_flag {
            let values: Vec<f64> = numbers.iter().map(|&n| f64::from(n)).collect();
            let int_type = if dtype.is_integer() {
                dtype
            } else {
                atmokit_core::DType::I32
            };
            let attr = AttrValue::numbers_as(int_type, &values)
                .ok_or_else(|| Error::data(name, "state variable: no integer type for flag_values"))?;
            ("flag_values", attr)
        } else {
            let masks = numbers
                .iter()
                .map(|&n| {
                    test_mask(n).map_err(|_| Error::InvalidAttribute {
                        var: name.to_string(),
                        attr: format!("{prefix}{n}_description"),
                        reason: format!("state variable: names bit {n}; bits are 1 to 64"),
                    })
                })
                .collect::<Result<Vec<u64>>>()?;
            let attr = if masks.iter().all(|&m| m <= u64::from(u32::MAX)) {
                AttrValue::U32(masks.iter().map(|&m| m as u32).collect())
            } else {
                AttrValue::U64(masks)
            };
            ("flag_masks", attr)
        };
        let meanings = AttrValue::Strs(defs.into_values().map(|d| d.description.unwrap_or_default()).collect());
        for (key, value) in [codes, ("flag_meanings", meanings)] {
            if opts.override_cf_flag || !a.contains_key(key) {
                a.insert(key.into(), value);
            }
        }
        let arm: Vec<String> = a.keys().filter(|k| is_def_attr(k, prefix)).cloned().collect();
        for k in arm {
            a.shift_remove(&k);
        }
    }
    if let Some(AttrValue::Str(s)) = a.get("flag_meanings") {
        let list = s
            .split_whitespace()
            .map(|m| match &opts.replace_in_flag_meanings {
                Some(r) if !r.is_empty() => m.replace(r.as_str(), " "),
                _ => m.to_string(),
            })
            .collect();
        a.insert("flag_meanings".into(), AttrValue::Strs(list));
    }
    if opts.clean_units_string && a.get("units").and_then(|u| u.as_str()) == Some("unitless") {
        a.insert("units".into(), "1".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn status(values: Vec<f64>) -> Dataset {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], values)
            .unwrap()
            .with_attr("units", "unitless")
            .with_attr("flag_values", AttrValue::I16(vec![7]))
            .with_attr("flag_1_description", "Clear")
            .with_attr("flag_1_assessment", "Good")
            .with_attr("flag_3_description", "Cloudy")
            .with_attr("flag_3_comment", "any cloud");
        ds.insert("status", v).unwrap();
        ds
    }

    #[test]
    fn integer_states_bits_and_keeping_existing_attributes() {
        let mut ds = status(vec![1.0, 3.0]);
        clean_arm_state_variables(&mut ds, &["status"], &StateVariableOptions::default()).unwrap();
        let a = ds.get("status").unwrap().attrs().clone();
        assert_eq!(a["flag_values"], AttrValue::I32(vec![1, 3]));
        assert_eq!(
            a["flag_meanings"],
            AttrValue::Strs(vec!["Clear".into(), "Cloudy".into()])
        );
        assert!(a.keys().all(|k| !k.starts_with("flag_1_") && !k.starts_with("flag_3_")));
        assert_eq!(a["units"], AttrValue::from("1"));

        let mut ds = status(vec![1.0, 3.0]);
        let keep = StateVariableOptions {
            override_cf_flag: false,
            clean_units_string: false,
            ..Default::default()
        };
        clean_arm_state_variables(&mut ds, &["status"], &keep).unwrap();
        let a = ds.get("status").unwrap().attrs().clone();
        assert_eq!(a["flag_values"], AttrValue::I16(vec![7]), "kept");
        assert_eq!(
            a["flag_meanings"],
            AttrValue::Strs(vec!["Clear".into(), "Cloudy".into()]),
            "added"
        );
        assert_eq!(a["units"], AttrValue::from("unitless"));

        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![0i32, 5])
            .unwrap()
            .with_attr("bit_1_description", "Heater on")
            .with_attr("bit_3_description", "Door open")
            .with_attr("bit_40_description", "High bit");
        ds.insert("state", v).unwrap();
        let bits = StateVariableOptions {
            integer_flag: false,
            ..Default::default()
        };
        clean_arm_state_variables(&mut ds, &["state"], &bits).unwrap();
        let a = ds.get("state").unwrap().attrs();
        assert_eq!(a["flag_masks"], AttrValue::U64(vec![1, 4, 1 << 39]));
        assert!(!a.contains_key("bit_1_description"));
    }

    #[test]
    fn string_meanings_bad_bits_and_missing_variables() {
        let mut ds = Dataset::new();
        let v = Variable::new(["time"], vec![0i32])
            .unwrap()
            .with_attr("flag_values", AttrValue::I32(vec![0, 1]))
            .with_attr("flag_meanings", "no_rain light_rain");
        ds.insert("rain", v).unwrap();
        let o = StateVariableOptions {
            replace_in_flag_meanings: Some("_".into()),
            ..Default::default()
        };
        clean_arm_state_variables(&mut ds, &["rain"], &o).unwrap();
        assert_eq!(
            ds.get("rain").unwrap().attrs()["flag_meanings"],
            AttrValue::Strs(vec!["no rain".into(), "light rain".into()])
        );
        let v = Variable::new(["time"], vec![0i32])
            .unwrap()
            .with_attr("bit_0_description", "x");
        ds.insert("zero", v).unwrap();
        let bits = StateVariableOptions {
            integer_flag: false,
            ..Default::default()
        };
        let e = clean_arm_state_variables(&mut ds, &["zero"], &bits)
            .unwrap_err()
            .to_string();
        assert!(e.contains("'zero'") && e.contains("bit_0_description"), "{e}");
        assert!(clean_arm_state_variables(&mut ds, &["nope"], &o).is_err());
    }
}
