//! Raman lidar height coordinate and log range-normalised counts
//! (ACT `act.corrections.raman_lidar.correct_rl`).

use crate::util::{fill_log10, not_float, range_dim, scale_along, set_units, wrap_units};
use atmokit_core::{AttrValue, Data, Dataset, Error, Result, Variable};

/// Raman lidar correction, **in place**.
///
/// 1. The range dim of `var_name` is its dim that is not `time` (e.g. `high_bins`). When the dataset
///    has no variable of that name, a height coordinate is built from the global attributes, as ACT
///    does: level = the dim name up to the first `_` (`high`), bin size and unit from
///    `vertical_resolution_<level>_channels` (e.g. `"7.5 meters"`), and
///    `number_of_bins_before_shot` (e.g. `"382"`): `h_k = (k + 1)·bin − bins_before_shot·bin`
///    (float64, units = the unit word of the attribute, long_name "Height above ground").
/// 2. Only when `range_normalize_log_values`: `x·h²` (negative heights squared too), values `<= 0`
///    become `fill_value` (linear space, ACT default 1e-7), `log10`; units become `"log(<u>)"`.
///    The variable keeps its dtype (ACT would turn a float32 variable into float64).
///
/// Difference from ACT: when the range dim already is a coordinate variable, ACT still rebuilds it
/// from the attributes, treating its values as bin indices; here an existing variable is used as
/// the height as it is.
pub fn correct_rl(ds: &mut Dataset, var_name: &str, fill_value: f64, range_normalize_log_values: bool) -> Result<()> {
    let (dim, axis) = range_dim(ds, var_name)?;
    let height = if ds.contains(&dim) {
        ds.values_f64(&dim)?
    } else {
        let n = ds
            .dim_len(&dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.clone() })?;
        let (h, unit) = height_from_attrs(ds, &dim, n)?;
        let var = Variable::new([dim.as_str()], h.clone())?
            .with_attr("long_name", "Height above ground")
            .with_attr("units", unit.as_str());
        ds.insert(&dim, var)?;
        h
    };
    if !range_normalize_log_values {
        return Ok(());
    }
    let units = wrap_units(ds, var_name, "log(", "correct_rl")?;
    match ds.get_mut(var_name)?.data_mut() {
        Data::F32(a) => {
            let f: Vec<f32> = height.iter().map(|h| (h * h) as f32).collect();
            scale_along(&mut a.view_mut(), axis, &f);
            fill_log10(a.view_mut(), fill_value as f32);
        }
        Data::F64(a) => {
            let f: Vec<f64> = height.iter().map(|h| h * h).collect();
            scale_along(&mut a.view_mut(), axis, &f);
            fill_log10(a.view_mut(), fill_value);
        }
        other => return Err(not_float(var_name, other)),
    }
    set_units(ds, var_name, units)
}

/// A global attribute as text (numbers are formatted), naming it in the error.
fn global_text(ds: &Dataset, key: &str) -> Result<String> {
    match ds.attrs().get(key) {
        Some(AttrValue::Str(s)) => Ok(s.clone()),
        Some(v) => v
            .as_f64()
            .map(|x| x.to_string())
            .ok_or_else(|| Error::InvalidAttribute {
                var: String::new(),
                attr: key.into(),
                reason: "expected text or a number".into(),
            }),
        None => Err(Error::MissingAttribute {
            var: String::new(),
            attr: key.into(),
        }),
    }
}

/// Heights `(k+1)·bin − before·bin` for `n` bins and their unit, from the global attributes.
fn height_from_attrs(ds: &Dataset, dim: &str, n: usize) -> Result<(Vec<f64>, String)> {
    let level = dim.split('_').next().unwrap_or(dim);
    let res_key = format!("vertical_resolution_{level}_channels");
    let res = global_text(ds, &res_key)?;
    let mut words = res.split_whitespace();
    let bad = |attr: &str, reason: &str| Error::InvalidAttribute {
        var: String::new(),
        attr: attr.into(),
        reason: reason.into(),
    };
    let bin: f64 = words
        .next()
        .and_then(|w| w.parse().ok())
        .ok_or_else(|| bad(&res_key, &format!("'{res}' does not start with a bin size")))?;
    let unit = words
        .next()
        .ok_or_else(|| bad(&res_key, &format!("'{res}' has no unit after the bin size")))?
        .to_string();
    let before_txt = global_text(ds, "number_of_bins_before_shot")?;
    let before: f64 = before_txt
        .trim()
        .parse()
        .map_err(|_| bad("number_of_bins_before_shot", &format!("'{before_txt}' is not a number")))?;
    let h = (0..n).map(|k| (k as f64 + 1.0) * bin - before * bin).collect();
    Ok((h, unit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert(
            "counts",
            Variable::new(["high_bins"], vec![5.0f64, 0.0, 2.0, 1.0])
                .unwrap()
                .with_attr("units", "count"),
        )
        .unwrap();
        ds.attrs_mut()
            .insert("vertical_resolution_high_channels".into(), "7.5 meters".into());
        ds.attrs_mut().insert("number_of_bins_before_shot".into(), "2".into());
        ds
    }

    #[test]
    fn height_from_global_attrs_and_log() {
        let mut d = ds();
        correct_rl(&mut d, "counts", 1e-7, true).unwrap();
        // h = (k+1)*7.5 - 2*7.5 = -7.5, 0, 7.5, 15
        assert_eq!(
            d.view::<f64>("high_bins").unwrap().as_slice().unwrap(),
            &[-7.5, 0.0, 7.5, 15.0]
        );
        assert_eq!(d.get("high_bins").unwrap().units(), Some("meters"));
        let v = d.view::<f64>("counts").unwrap();
        let want = [(5.0f64 * 56.25).log10(), -7.0, (2.0f64 * 56.25).log10(), 225f64.log10()];
        for (g, w) in v.iter().zip(want) {
            assert!((g - w).abs() < 1e-12, "{g} vs {w}");
        }
        assert_eq!(d.get("counts").unwrap().units(), Some("log(count)"));
    }

    #[test]
    fn without_log_only_height_is_added() {
        let mut d = ds();
        correct_rl(&mut d, "counts", 1e-7, false).unwrap();
        assert!(d.contains("high_bins"));
        assert_eq!(d.view::<f64>("counts").unwrap()[0], 5.0);
    }

    #[test]
    fn missing_attribute_is_named() {
        let mut d = ds();
        d.attrs_mut().shift_remove("number_of_bins_before_shot");
        let e = correct_rl(&mut d, "counts", 1e-7, true).unwrap_err();
        assert!(e.to_string().contains("number_of_bins_before_shot"), "{e}");
    }
}
