//! ARM file-standards checks (ACT `io_utils.arm_standards_validator`).

use crate::datastream::DatastreamParserARM;
use atmokit_core::{Dataset, NAT, Variable};

/// True when the variable declares a missing value or fill value (attrs or encoding).
fn has_missing(v: &Variable) -> bool {
    let e = v.encoding();
    e.missing_value.is_some()
        || e.fill_value.is_some()
        || v.attrs().contains_key("missing_value")
        || v.attrs().contains_key("_FillValue")
}

/// Problems with a file name (checks 1–3 of ACT): length, ARM pattern, data level.
fn check_file_name(file_name: &str, err: &mut Vec<String>) {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    if base.chars().count() > 60 {
        err.push("Filename length exceeds 60 characters".into());
    }
    let pattern = "Filename does not follow the normal ARM convention: (sss)(inst)(qualifier)(temporal)(Fn).(dl).(yyyymmdd).(hhmmss).nc";
    match DatastreamParserARM::parse(base) {
        Ok(p) => match (
            &p.site,
            &p.datastream_class,
            &p.facility,
            &p.level,
            &p.date,
            &p.time,
            &p.ext,
        ) {
            (Some(_), Some(_), Some(_), Some(level), Some(_), Some(_), Some(_)) => {
                if !level.starts_with(['0', 'a', 'b', 'c', 's', 'm']) {
                    err.push(format!("{level} is not a standard ARM data level"));
                }
            }
            _ => err.push(pattern.into()),
        },
        Err(_) => err.push(pattern.into()),
    }
}

/// Time checks: first dimension, NaT, duplicates, order, base_time/time_offset.
fn check_time(ds: &Dataset, err: &mut Vec<String>) {
    if ds.dims().keys().next().is_none_or(|d| !d.contains("time")) {
        err.push("\"time\" is required to be the first dimension.".into());
    }
    let Ok(time) = ds.time() else {
        err.push("Time variable is missing or not a time.".into());
        return;
    };
    if time.iter().any(|&t| t == NAT) {
        err.push("Time must not include NaNs.".into());
    }
    let mut sorted: Vec<i64> = time.iter().copied().filter(|&t| t != NAT).collect();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        err.push("Duplicate times present in the file".into());
    }
    if time.windows(2).into_iter().any(|w| w[1] <= w[0]) {
        err.push("Time is not in increasing order".into());
    }
    if !ds.contains("base_time") || !ds.contains("time_offset") {
        err.push("ARM requires base_time and time_offset variables.".into());
    }
}

/// Non-time coordinate checks: NaN, increasing, no missing value.
fn check_coords(ds: &Dataset, err: &mut Vec<String>) {
    for name in ds.coord_names() {
        if name == "time" {
            continue;
        }
        let Ok(v) = ds.get(name) else { continue };
        if let Some(vals) = v.data().iter_f64().map(|it| it.collect::<Vec<f64>>()) {
            if vals.iter().any(|x| x.is_nan()) {
                err.push(format!("Coordinates must not include NaNs {name}"));
            }
            if vals.windows(2).any(|w| w[1] <= w[0]) {
                err.push(format!("{name} is not in increasing order"));
            }
        }
        if v.encoding().missing_value.is_some() || v.attrs().contains_key("missing_value") {
            err.push(format!("{name} should not include missing value"));
        }
    }
}

/// Per-variable checks: dims, scalars, long_name, units, missing values, QC attributes.
fn check_variables(ds: &Dataset, err: &mut Vec<String>) {
    for (name, v) in ds.variables() {
        if name == "time" {
            // ACT iterates data variables only; time is checked above.
            continue;
        }
        if v.dims().first().is_some_and(|d| !d.contains("time")) && !name.contains("bounds") {
            err.push(format!("{name}: \"time\" is required to be the first dimension."));
        }
        if v.len() == 1 && !v.dims().is_empty() {
            err.push(format!("{name}: is not defined as a scalar."));
        }
        match v.long_name() {
            None => err.push(format!("Required attribute long_name not in {name}")),
            Some(l) if !l.chars().next().is_some_and(char::is_uppercase) => {
                err.push(format!("{name} long_name attribute does not start with uppercase"));
            }
            Some(_) => {}
        }
        let exempt = ["time", "time_offset", "base_time", "lat", "lon", "alt"];
        if !name.contains("qc_") && !exempt.contains(&name) && !name.contains("bounds") && !has_missing(v) {
            err.push(format!("{name} does not include missing_value or FillValue attributes"));
        }
        if let Some(target) = name.strip_prefix("qc_") {
            match ds.var(target) {
                None => err.push(format!("QC variable does not have a corresponding variable {target}")),
                Some(t) if !t.attrs().contains_key("ancillary_variables") => {
                    err.push(format!(
                        "{target} does not include ancillary_variable attribute pointing to {name}"
                    ));
                }
                Some(_) => {}
            }
            for a in ["description", "flag_method"] {
                if !v.attrs().contains_key(a) {
                    err.push(format!("{name} does not include {a} attribute"));
                }
            }
        }
        if !["base_time", "time_offset"].contains(&name) && !name.contains("bounds") && v.units().is_none() {
            err.push(format!("Required attribute units not in {name}"));
        }
    }
}

/// Location variables and required global attributes.
fn check_location_and_globals(ds: &Dataset, err: &mut Vec<String>) {
    for (var, long) in [("lat", "latitude"), ("lon", "longitude"), ("alt", "altitude")] {
        match ds.var(var) {
            None => err.push(format!("ARM requires the {long} variable to be named {var}")),
            Some(v) => match v.attr_str("standard_name") {
                Some(s) if s == long => {}
                Some(_) => err.push(format!("ARM requires the {var} standard_name to be {long}")),
                None => err.push(format!("\"{var}\" variable does not have a standard_name attribute")),
            },
        }
    }
    for a in ["doi", "sampling_interval", "averaging_interval"] {
        if !ds.attrs().contains_key(a) {
            err.push(format!("Global attribute is missing: {a}"));
        }
    }
}

/// Checks a dataset (and optionally its file name) against ARM's file standards — ACT
/// `arm_standards_validator(file, dataset)`. Returns the list of problems (empty = passes).
///
/// Checks: file name ≤ 60 characters, ARM pattern and data level; time first dimension, no
/// NaT, no duplicates, increasing, `base_time`/`time_offset` present; other coordinates without
/// NaN, increasing, without `missing_value`; each variable with time first (bounds exempt),
/// true scalars, `long_name` starting upper case, `units`, a missing/fill value (QC, bounds and
/// time/location variables exempt), QC variables with `description`, `flag_method` and a parent
/// pointing back through `ancillary_variables`; `lat`/`lon`/`alt` with their standard names;
/// global `doi`, `sampling_interval`, `averaging_interval`.
///
/// Differences from ACT: the site/facility lookup on ARM's web service is not done (no network
/// in atmokit's science crates); a QC variable without parent is reported rather than raising;
/// ACT's message `"long" variable …` reads `"lon" variable …`. Reading the file is the caller's
/// job (`atmokit_netcdf::read_arm_netcdf`), so an unreadable file is the reader's error.
pub fn arm_standards_validator(file_name: Option<&str>, ds: &Dataset) -> Vec<String> {
    check_all(file_name, ds)
}

/// Options of [`arm_standards_validator_with`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValidatorOptions {
    /// Fail as ACT 2.3.4 does on a QC variable `qc_X` whose parent `X` is absent: ACT raises
    /// `KeyError: "No variable named 'X'"`, here [`atmokit_core::Error::VariableNotFound`] for
    /// `X`. (ACT's online site lookup is not reproduced.) Default off: the problem is reported.
    pub act_compat: bool,
}

/// [`arm_standards_validator`] with options.
///
/// # Errors
/// With `act_compat`, a `qc_X` variable without its parent `X`.
pub fn arm_standards_validator_with(
    file_name: Option<&str>,
    ds: &Dataset,
    opts: &ValidatorOptions,
) -> atmokit_core::Result<Vec<String>> {
    if opts.act_compat
        && let Some(parent) = ds
            .data_var_names()
            .into_iter()
            .filter_map(|v| v.strip_prefix("qc_"))
            .find(|p| !ds.contains(p))
    {
        return Err(atmokit_core::Error::not_found(parent));
    }
    Ok(check_all(file_name, ds))
}

fn check_all(file_name: Option<&str>, ds: &Dataset) -> Vec<String> {
    let mut err = Vec::new();
    if let Some(f) = file_name {
        check_file_name(f, &mut err);
    }
    check_time(ds, &mut err);
    check_coords(ds, &mut err);
    check_variables(ds, &mut err);
    check_location_and_globals(ds, &mut err);
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Dataset {
        let mut ds = Dataset::new();
        let t = Variable::time("time", vec![0, 60_000_000_000])
            .with_attr("long_name", "Time")
            .with_attr("units", "s");
        ds.insert("time", t).unwrap();
        ds.insert("base_time", Variable::scalar(0i32).with_attr("long_name", "Base time"))
            .unwrap();
        ds.insert(
            "time_offset",
            Variable::new(["time"], vec![0.0, 60.0])
                .unwrap()
                .with_attr("long_name", "Offset"),
        )
        .unwrap();
        ds.insert(
            "temp",
            Variable::new(["time"], vec![1.0f32, 2.0])
                .unwrap()
                .with_attr("long_name", "Temperature")
                .with_attr("units", "degC")
                .with_attr("missing_value", -9999.0f32)
                .with_attr("ancillary_variables", "qc_temp"),
        )
        .unwrap();
        ds.insert(
            "qc_temp",
            Variable::new(["time"], vec![0i32, 0])
                .unwrap()
                .with_attr("long_name", "Quality check results on field: Temperature")
                .with_attr("units", "1")
                .with_attr("description", "d")
                .with_attr("flag_method", "bit"),
        )
        .unwrap();
        for (v, s) in [("lat", "latitude"), ("lon", "longitude"), ("alt", "altitude")] {
            ds.insert(
                v,
                Variable::scalar(1.0f32)
                    .with_attr("long_name", "L")
                    .with_attr("units", "degree")
                    .with_attr("standard_name", s),
            )
            .unwrap();
        }
        for a in ["doi", "sampling_interval", "averaging_interval"] {
            ds.attrs_mut().insert(a.into(), "x".into());
        }
        ds
    }

    /// A QC variable without its parent: reported by default; with act_compat the error ACT
    /// 2.3.4 raises (checked: `arm_standards_validator(dataset=ds)` on such a dataset raises
    /// `KeyError: "No variable named 'temp'"`), naming the missing parent.
    #[test]
    fn orphan_qc_variable_act_compat() {
        let mut ds = good();
        ds.remove("temp");
        let err = arm_standards_validator(None, &ds);
        assert!(
            err.iter()
                .any(|e| e.contains("does not have a corresponding variable temp")),
            "{err:?}"
        );
        let o = ValidatorOptions { act_compat: true };
        match arm_standards_validator_with(None, &ds, &o) {
            Err(atmokit_core::Error::VariableNotFound { name }) => assert_eq!(name, "temp"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            arm_standards_validator_with(None, &good(), &o).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_good_dataset_passes_and_each_fault_is_reported() {
        assert_eq!(
            arm_standards_validator(Some("sgpmetE13.b1.20190101.000000.cdf"), &good()),
            Vec::<String>::new()
        );
        let mut ds = good();
        ds.get_mut("temp")
            .unwrap()
            .attrs_mut()
            .insert("long_name".into(), "temperature".into());
        ds.remove("alt");
        ds.attrs_mut().shift_remove("doi");
        let err = arm_standards_validator(Some("sgpmetE13.x1.20190101.000000.cdf"), &ds);
        assert_eq!(
            err,
            vec![
                "Filename does not follow the normal ARM convention: (sss)(inst)(qualifier)(temporal)(Fn).(dl).(yyyymmdd).(hhmmss).nc",
                "temp long_name attribute does not start with uppercase",
                "ARM requires the altitude variable to be named alt",
                "Global attribute is missing: doi",
            ]
        );
        let mut ds = good();
        ds.insert(
            "time",
            Variable::time("time", vec![60_000_000_000, 60_000_000_000])
                .with_attr("long_name", "T")
                .with_attr("units", "s"),
        )
        .unwrap();
        let err = arm_standards_validator(None, &ds);
        assert!(
            err.contains(&"Duplicate times present in the file".to_string())
                && err.contains(&"Time is not in increasing order".to_string())
        );
    }
}
