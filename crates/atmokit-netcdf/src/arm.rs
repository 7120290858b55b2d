//! ARM conventions applied at read time: file-name parsing, `_datastream`, `_file_dates`,
//! `_file_times`, `_arm_standards_flag`, and time normalisation (`base_time` + `time_offset`).

use atmokit_core::time::{TimeUnits, format_ns};
use atmokit_core::{AttrValue, Data, Dataset, Error as CoreError, NAT, Variable};
use std::path::Path;

/// Datastream name used when neither the file nor its name gives one (ACT's
/// `DEFAULT_DATASTREAM_NAME`).
pub const DEFAULT_DATASTREAM: &str = "act_datastream";

/// The file-name grammar has one owner, [`atmokit_core::arm_name`]; re-exported here where the
/// reader uses it.
pub use atmokit_core::arm_name::{ArmFileName, parse_arm_file_name};

/// 1 when the dataset follows ARM standards (a `datastream` global attr; a legacy `zeb_platform`
/// is renamed to `datastream` first), else 0. ACT's `check_arm_standards`.
pub fn check_arm_standards(ds: &mut Dataset) -> i32 {
    if !ds.attrs().contains_key("datastream")
        && let Some(v) = ds.attrs_mut().shift_remove("zeb_platform")
    {
        ds.attrs_mut().insert("datastream".into(), v);
    }
    i32::from(ds.attrs().contains_key("datastream"))
}

/// Add ACT's read-time global attrs from the file names read (in order) and the data. With
/// `act_compat`, `_datastream` ignores the file names as ACT does.
pub(crate) fn add_arm_attrs(ds: &mut Dataset, paths: &[&Path], act_compat: bool) {
    let flag = check_arm_standards(ds);
    let parsed: Vec<Option<ArmFileName>> = paths
        .iter()
        .map(|p| p.file_name().and_then(|n| n.to_str()).and_then(parse_arm_file_name))
        .collect();
    let datastream = ds
        .attr_str("datastream")
        .map(str::to_string)
        .or_else(|| {
            parsed
                .iter()
                .flatten()
                .next()
                .filter(|_| !act_compat)
                .map(|p| p.datastream.clone())
        })
        .unwrap_or_else(|| DEFAULT_DATASTREAM.to_string());
    let (dates, times): (Vec<String>, Vec<String>) = if parsed.iter().all(Option::is_some) {
        parsed.into_iter().flatten().map(|p| (p.date, p.time)).unzip()
    } else {
        // Not ARM names: the first time in the data, as ACT does.
        match ds.time().ok().and_then(|t| t.iter().copied().find(|&v| v != NAT)) {
            Some(t0) => {
                let s = format_ns(t0);
                (vec![s[..10].replace('-', "")], vec![s[11..19].replace(':', "")])
            }
            None => (Vec::new(), Vec::new()),
        }
    };
    let a = ds.attrs_mut();
    a.insert("_datastream".into(), AttrValue::Str(datastream));
    a.insert("_file_dates".into(), AttrValue::Strs(dates));
    a.insert("_file_times".into(), AttrValue::Strs(times));
    a.insert("_arm_standards_flag".into(), AttrValue::I32(vec![flag]));
}

/// Time from raw `base_time + time_offset` in `base_time`'s units (ACT's `use_base_time=True`).
/// `raw` is the undecoded file; the result replaces `time`.
pub(crate) fn time_from_base_time(raw: &Dataset) -> Result<Variable, CoreError> {
    let bt = raw.get("base_time")?;
    let off = raw.get("time_offset")?;
    let units = bt.attr_str("units").ok_or_else(|| CoreError::MissingAttribute {
        var: "base_time".into(),
        attr: "units".into(),
    })?;
    let tu = TimeUnits::parse(units)?;
    let b = bt
        .data()
        .to_f64()
        .and_then(|a| a.iter().next().copied())
        .ok_or_else(|| CoreError::DTypeMismatch {
            var: "base_time".into(),
            expected: "a numeric scalar".into(),
            found: bt.dtype(),
        })?;
    let base_ns = tu
        .decode_f64(b)
        .filter(|&v| v != NAT)
        .ok_or(CoreError::TimeOutOfRange {
            var: "base_time".into(),
            value: b,
        })?;
    let step = tu.step.ns() as f64;
    let offs = off.data().to_f64().ok_or_else(|| CoreError::DTypeMismatch {
        var: "time_offset".into(),
        expected: "numeric".into(),
        found: off.dtype(),
    })?;
    let ns = offs.mapv(|o| {
        if o.is_finite() {
            base_ns + (o * step).round() as i64
        } else {
            NAT
        }
    });
    Variable::from_parts(
        off.dims().to_vec(),
        Data::Time(ns),
        Default::default(),
        Default::default(),
    )
}

/// ACT's fallback: when `time` is missing or not decoded to time, use `time_offset` (decoded to
/// time when `times_decoded`, else as stored — ACT does this with `decode_times=False` too).
pub(crate) fn fix_time(ds: &mut Dataset, times_decoded: bool) -> Result<(), CoreError> {
    let time_ok = ds.var("time").is_some_and(|v| v.data().as_time().is_some());
    if !time_ok
        && let Some(off) = ds
            .var("time_offset")
            .filter(|v| (!times_decoded || v.data().as_time().is_some()) && v.dims() == ["time"])
    {
        let mut t = off.clone();
        *t.encoding_mut() = Default::default();
        t.encoding_mut().units = off.encoding().units.clone();
        ds.remove("time");
        insert_first(ds, "time", t)?;
    }
    Ok(())
}

/// Insert `name` as the first variable (coordinates first, as xarray lists them).
pub(crate) fn insert_first(ds: &mut Dataset, name: &str, var: Variable) -> Result<(), CoreError> {
    ds.insert(name, var)?;
    ds.move_to_front(name)
}
