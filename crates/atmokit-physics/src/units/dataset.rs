//! Dataset-wide unit changes: ACT's `ds.utils.change_units` (`act.utils.data_utils.ChangeUnits`).

use atmokit_core::{Dataset, Error, Result};

use super::{ConvertOptions, convert_units_with};

/// Options of [`change_units`]; the defaults are ACT's keyword defaults.
#[derive(Clone, Debug)]
pub struct ChangeUnitsOptions {
    /// Variables to convert; `None` (the default) tries every data variable (coordinates are
    /// left alone unless named here, as in ACT).
    pub variables: Option<Vec<String>>,
    /// Variables never converted (default none).
    pub skip_variables: Vec<String>,
    /// Skip QC variables (`standard_name = "quality_flag"`), default `true`. ACT 2.3.4 documents
    /// this keyword but always skips them; `false` here really tries them.
    pub skip_standard: bool,
    /// Fail on the first variable that cannot be converted (ACT's `raise_error`, default
    /// `false`: such variables are listed in [`ChangeUnitsReport::not_converted`]).
    pub raise_error: bool,
    /// Round as pint does, bit for bit ([`super::ConvertOptions::act_compat`]). Default off.
    pub act_compat: bool,
}

impl Default for ChangeUnitsOptions {
    fn default() -> Self {
        ChangeUnitsOptions {
            variables: None,
            skip_variables: Vec::new(),
            skip_standard: true,
            raise_error: false,
            act_compat: false,
        }
    }
}

/// What [`change_units`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeUnitsReport {
    /// Variables converted, in dataset order.
    pub converted: Vec<String>,
    /// Variables tried but not converted, with the reason (missing, no `units`, units not
    /// understood or of another dimension, non-numeric data); ACT prints these with
    /// `verbose=True`.
    pub not_converted: Vec<(String, String)>,
}

/// Converts every variable whose `units` can be converted to `desired_unit`, in place — ACT
/// `ds.utils.change_units(variables, desired_unit, skip_variables, skip_standard, raise_error)`.
///
/// Each variable's values go through [`super::convert_units`] (float32 stays float32; integers stay
/// integers only when every result is whole) and its `units` attribute becomes
/// `desired_unit`. Variables whose units are of another dimension are left unchanged, so one
/// call converts "every temperature" or "every pressure" of a file. As in ACT, attributes that
/// hold values in the old units (limits such as `valid_min` or a QC variable's `fail_max`) are
/// not converted: run QC tests before changing units, or convert the limits too.
///
/// Like pint (which ACT uses), a `degC` standard deviation converted to `K` gets the 273.15 K
/// offset: units strings do not say whether a value is a temperature or a difference.
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_physics::units::{ChangeUnitsOptions, change_units};
/// let mut ds = Dataset::new();
/// ds.insert("temp", Variable::new(["time"], vec![0.0f32, 10.0])?.with_attr("units", "degC"))?;
/// ds.insert("rh", Variable::new(["time"], vec![50.0f32, 60.0])?.with_attr("units", "%"))?;
/// let report = change_units(&mut ds, "K", &ChangeUnitsOptions::default())?;
/// assert_eq!(report.converted, ["temp"]);
/// assert_eq!(ds.view::<f32>("temp")?[[0]], 273.15);
/// assert_eq!(ds.get("temp")?.units(), Some("K"));
/// assert_eq!(ds.get("rh")?.units(), Some("%")); // a humidity is not a temperature
/// # Ok::<(), atmokit_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty `desired_unit`, [`Error::Units`] when it is not a
/// unit atmokit understands; with `raise_error`, the first variable that cannot be converted
/// ([`Error::VariableNotFound`], or [`Error::Units`] naming the variable). Nothing is changed
/// when an error is returned.
pub fn change_units(ds: &mut Dataset, desired_unit: &str, options: &ChangeUnitsOptions) -> Result<ChangeUnitsReport> {
    if desired_unit.trim().is_empty() {
        return Err(Error::parameter(
            "desired_unit",
            "\"\"",
            "change_units: must not be empty",
        ));
    }
    super::parse(desired_unit)?;
    let names: Vec<String> = match &options.variables {
        Some(list) => list.clone(),
        None => ds.data_var_names().into_iter().map(String::from).collect(),
    };
    let mut report = ChangeUnitsReport::default();
    let mut converted = Vec::new();
    for name in names.iter().filter(|n| !options.skip_variables.contains(n)) {
        let Some(var) = ds.var(name) else {
            if options.raise_error {
                return Err(Error::not_found(name.as_str()));
            }
            report.not_converted.push((name.clone(), "not in the dataset".into()));
            continue;
        };
        if options.skip_standard && var.attr_str("standard_name") == Some("quality_flag") {
            continue;
        }
        let outcome = match var.units() {
            None => Err("no 'units' attribute".to_string()),
            Some(from) => {
                let o = ConvertOptions {
                    act_compat: options.act_compat,
                };
                convert_units_with(var.data(), from, desired_unit, &o).map_err(|e| e.to_string())
            }
        };
        match outcome {
            Ok(data) => converted.push((name.clone(), data)),
            Err(reason) if options.raise_error => {
                return Err(Error::Units(format!(
                    "cannot convert '{name}' to '{desired_unit}': {reason}"
                )));
            }
            Err(reason) => report.not_converted.push((name.clone(), reason)),
        }
    }
    for (name, data) in converted {
        ds.replace_data(&name, data)?;
        ds.get_mut(&name)?
            .attrs_mut()
            .insert("units".into(), desired_unit.into());
        report.converted.push(name);
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        let t = Variable::new(["time"], vec![1.0f32, 2.0, 3.0]).unwrap();
        ds.insert("a", t.clone().with_attr("units", "degC")).unwrap();
        ds.insert(
            "qc_a",
            Variable::new(["time"], vec![0i32, 1, 0])
                .unwrap()
                .with_attr("units", "degC")
                .with_attr("standard_name", "quality_flag"),
        )
        .unwrap();
        ds.insert(
            "b",
            Variable::new(["time"], vec![1i32, 2, 3])
                .unwrap()
                .with_attr("units", "degC"),
        )
        .unwrap();
        ds.insert(
            "h",
            Variable::new(["h"], vec![100.0, 200.0])
                .unwrap()
                .with_attr("units", "m"),
        )
        .unwrap();
        ds.insert(
            "p",
            Variable::new(["time"], vec![1.0f64, 2.0, 3.0])
                .unwrap()
                .with_attr("units", "m"),
        )
        .unwrap();
        ds.insert("n", Variable::new(["time"], vec![1.0f64, 2.0, 3.0]).unwrap())
            .unwrap();
        ds
    }

    #[test]
    fn converts_what_it_can_and_lists_the_rest() {
        let mut ds = sample();
        let r = change_units(&mut ds, "K", &ChangeUnitsOptions::default()).unwrap();
        assert_eq!(r.converted, ["a", "b"]);
        // Values derived by hand: x + 273.15; float32 stays float32, int32 becomes float64.
        assert_eq!(
            ds.view::<f32>("a").unwrap().iter().copied().collect::<Vec<_>>(),
            [274.15f32, 275.15, 276.15]
        );
        assert_eq!(
            ds.view::<f64>("b").unwrap().iter().copied().collect::<Vec<_>>(),
            [274.15, 275.15, 276.15]
        );
        assert_eq!(
            ds.view::<i32>("qc_a").unwrap().iter().copied().collect::<Vec<_>>(),
            [0, 1, 0]
        );
        let reasons: Vec<&str> = r.not_converted.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(reasons, ["p", "n"]);
        assert!(r.not_converted[1].1.contains("no 'units'"));
    }

    #[test]
    fn coordinates_only_when_named_and_skips_apply() {
        let mut ds = sample();
        let r = change_units(&mut ds, "km", &ChangeUnitsOptions::default()).unwrap();
        assert_eq!(r.converted, ["p"]);
        assert_eq!(
            ds.view::<f64>("h").unwrap().iter().copied().collect::<Vec<_>>(),
            [100.0, 200.0]
        );
        let mut ds = sample();
        let opts = ChangeUnitsOptions {
            variables: Some(vec!["h".into(), "p".into()]),
            skip_variables: vec!["p".into()],
            ..Default::default()
        };
        let r = change_units(&mut ds, "km", &opts).unwrap();
        assert_eq!(r.converted, ["h"]);
        assert_eq!(
            ds.view::<f64>("h").unwrap().iter().copied().collect::<Vec<_>>(),
            [0.1, 0.2]
        );
        assert_eq!(ds.get("h").unwrap().units(), Some("km"));
    }

    #[test]
    fn skip_standard_false_tries_qc_variables() {
        let mut ds = sample();
        let opts = ChangeUnitsOptions {
            variables: Some(vec!["qc_a".into()]),
            skip_standard: false,
            ..Default::default()
        };
        let r = change_units(&mut ds, "K", &opts).unwrap();
        assert_eq!(r.converted, ["qc_a"]);
    }

    #[test]
    fn raise_error_changes_nothing() {
        let mut ds = sample();
        let before = ds.clone();
        let opts = ChangeUnitsOptions {
            raise_error: true,
            ..Default::default()
        };
        let e = change_units(&mut ds, "K", &opts).unwrap_err();
        assert!(e.to_string().contains("'p'"), "{e}");
        assert!(ds.identical(&before));
        let opts = ChangeUnitsOptions {
            variables: Some(vec!["nope".into()]),
            raise_error: true,
            ..Default::default()
        };
        assert!(matches!(
            change_units(&mut ds, "K", &opts),
            Err(Error::VariableNotFound { .. })
        ));
        assert!(change_units(&mut ds, "", &ChangeUnitsOptions::default()).is_err());
        assert!(matches!(
            change_units(&mut ds, "furlongs", &ChangeUnitsOptions::default()),
            Err(Error::Units(_))
        ));
    }

    #[test]
    fn empty_dataset_is_a_no_op() {
        let mut ds = Dataset::new();
        let r = change_units(&mut ds, "K", &ChangeUnitsOptions::default()).unwrap();
        assert!(r.converted.is_empty() && r.not_converted.is_empty());
    }
}
