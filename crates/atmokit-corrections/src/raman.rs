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
    let opts = RlOptions {
        fill_value,
        range_normalize_log_values,
        act_compat: false,
    };
    correct_rl_with(ds, var_name, &opts)
}

/// Options of [`correct_rl_with`].
#[derive(Clone, Debug, PartialEq)]
pub struct RlOptions {
    /// Value for `<= 0` before the log (linear space; ACT's default 1e-7).
    pub fill_value: f64,
    /// Multiply by the squared height, fill and take `log10` (ACT's default `False`).
    pub range_normalize_log_values: bool,
    /// As ACT 2.3.4: the height is rebuilt from the global attributes even when the range
    /// coordinate exists, its values taken as bin indices (`(v + 1)·bin − before·bin`), and the
    /// normalised variable becomes float64. Default off.
    pub act_compat: bool,
}

impl Default for RlOptions {
    fn default() -> Self {
        RlOptions {
            fill_value: 1e-7,
            range_normalize_log_values: false,
            act_compat: false,
        }
    }
}

/// [`correct_rl`] with options.
///
/// # Errors
/// As [`correct_rl`].
pub fn correct_rl_with(ds: &mut Dataset, var_name: &str, opts: &RlOptions) -> Result<()> {
    let (fill_value, range_normalize_log_values) = (opts.fill_value, opts.range_normalize_log_values);
    let (dim, axis) = range_dim(ds, var_name)?;
    if opts.act_compat {
        let n = ds
            .dim_len(&dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.clone() })?;
        // ACT reads `ds[dim].values`: the coordinate when there is one, else 0..n-1.
        let bins: Vec<f64> = if ds.contains(&dim) {
            ds.values_f64(&dim)?
        } else {
            (0..n).map(|k| k as f64).collect()
        };
        let (bin, before, unit) = bin_attrs(ds, &dim)?;
        let h: Vec<f64> = bins.iter().map(|v| (v + 1.0) * bin - before * bin).collect();
        let var = Variable::new([dim.as_str()], h.clone())?
            .with_attr("long_name", "Height above ground")
            .with_attr("units", unit.as_str());
        ds.insert(&dim, var)?;
        if range_normalize_log_values {
            let units = wrap_units(ds, var_name, "log(", "correct_rl")?;
            let v = ds.get(var_name)?;
            let mut a = v.data().to_f64().ok_or_else(|| not_float(var_name, v.data()))?;
            let f: Vec<f64> = h.iter().map(|x| x * x).collect();
            scale_along(&mut a.view_mut(), axis, &f);
            fill_log10(a.view_mut(), fill_value);
            ds.replace_data(var_name, Data::F64(a))?;
            set_units(ds, var_name, units)?;
        }
        return Ok(());
    }
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
    let (bin, before, unit) = bin_attrs(ds, dim)?;
    let h = (0..n).map(|k| (k as f64 + 1.0) * bin - before * bin).collect();
    Ok((h, unit))
}

/// Bin size, bins before the shot and the unit, from the global attributes.
fn bin_attrs(ds: &Dataset, dim: &str) -> Result<(f64, f64, String)> {
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
    Ok((bin, before, unit))
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

    /// ACT 2.3.4 on a float32 profile with an existing `high_bins` coordinate (100, 200, 300,
    /// 400 m), bin 7.5 meters, 2 bins before the shot: `correct_rl(ds, var_name='counts',
    /// range_normalize_log_values=True)` printed heights 742.5, 1492.5, 2242.5, 2992.5 and
    /// float64 values 6.440362920314518, -7.0, 7.002494899096241, 6.952068318156897.
    #[test]
    fn act_compat_rebuilds_an_existing_coordinate() {
        let mut d = Dataset::new();
        let a = ndarray::ArrayD::from_shape_vec(vec![1, 4], vec![5.0f32, 0.0, 2.0, 1.0]).unwrap();
        d.insert(
            "counts",
            Variable::new(["time", "high_bins"], a)
                .unwrap()
                .with_attr("units", "count"),
        )
        .unwrap();
        d.insert(
            "high_bins",
            Variable::new(["high_bins"], vec![100.0f64, 200.0, 300.0, 400.0]).unwrap(),
        )
        .unwrap();
        d.attrs_mut()
            .insert("vertical_resolution_high_channels".into(), "7.5 meters".into());
        d.attrs_mut().insert("number_of_bins_before_shot".into(), "2".into());
        let mut plain = d.clone();
        let o = RlOptions {
            range_normalize_log_values: true,
            act_compat: true,
            ..Default::default()
        };
        correct_rl_with(&mut d, "counts", &o).unwrap();
        assert_eq!(
            d.view::<f64>("high_bins").unwrap().as_slice().unwrap(),
            &[742.5, 1492.5, 2242.5, 2992.5]
        );
        let got: Vec<f64> = d.view::<f64>("counts").unwrap().iter().copied().collect();
        for (g, w) in got
            .iter()
            .zip([6.440362920314518, -7.0, 7.002494899096241, 6.952068318156897])
        {
            assert!((g - w).abs() < 1e-12, "{g} vs ACT {w}");
        }
        correct_rl(&mut plain, "counts", 1e-7, true).unwrap();
        assert_eq!(
            plain.view::<f64>("high_bins").unwrap().as_slice().unwrap(),
            &[100.0, 200.0, 300.0, 400.0]
        );
        assert_eq!(plain.get("counts").unwrap().dtype(), atmokit_core::DType::F32);
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
