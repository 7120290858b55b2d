//! Splitting variables along a dimension, QC variables with them: ACT's
//! `act.utils.data_utils.convert_2d_to_1d`.

use atmokit_core::{AttrValue, Data, Dataset, Error, Result, Variable};

use crate::model::find_qc_variable;
use crate::values::py_float;

/// Options of [`convert_2d_to_1d`]; the defaults are ACT's.
#[derive(Clone, Debug, Default)]
pub struct Convert2dTo1dOptions {
    /// The dimension to split along; `None` takes the first dimension of the dataset other
    /// than `time` that a listed variable has (ACT guesses "the non-time dimension").
    pub parse: Option<String>,
    /// Variables to split; `None` splits every data variable on the `parse` dimension.
    pub variables: Option<Vec<String>>,
    /// Keep the variable's name when the dimension has length 1 (the variable just loses it).
    pub keep_name_if_one: bool,
    /// Name the parts `<var>_<dim>_<value><units>` from the coordinate's values instead of
    /// `<var>_<dim>_<index>`.
    pub use_dim_value_in_name: bool,
    /// Names the parts `<var>_<label>`, one label per index (takes precedence).
    pub dim_labels: Option<Vec<String>>,
    /// ACT 2.3.4 splits a QC variable only when it is listed itself, so a data variable split
    /// alone points its `ancillary_variables` at QC parts that do not exist; atmokit splits the
    /// QC variable of each split variable ([`find_qc_variable`]) with it. `true` gives ACT's.
    pub act_compat: bool,
}

/// Splits variables along one dimension into one variable per index — ACT
/// `convert_2d_to_1d(ds, parse, variables, keep_name_if_one, use_dim_value_in_name, dim_labels)`.
///
/// A `(time, wl)` variable `p` with 2 wavelengths becomes `p_wl_0` and `p_wl_1` on `time` (or
/// `p_wl_415.0nm` … with `use_dim_value_in_name`, or `p_<label>` with `dim_labels`); each part
/// keeps the attributes, and an `ancillary_variables` entry `qc_p` becomes `qc_p_wl_0` etc. The
/// QC variable of each split variable is split the same way (see
/// [`Convert2dTo1dOptions::act_compat`]), so `qc_p_wl_0` stays the QC of `p_wl_0`. Variables
/// without the dimension, and its coordinate, are unchanged. Variables of more than two
/// dimensions are split too (each part loses only the `parse` dimension).
///
/// ```
/// use atmokit_core::{Dataset, Variable};
/// use atmokit_qc::split::{Convert2dTo1dOptions, convert_2d_to_1d};
/// let mut ds = Dataset::new();
/// ds.insert("wl", Variable::new(["wl"], vec![415.0, 500.0])?.with_attr("units", "nm"))?;
/// let p = ndarray::arr2(&[[1.0, 2.0], [3.0, 4.0]]).into_dyn();
/// ds.insert("p", Variable::new(["time", "wl"], p)?)?;
/// let out = convert_2d_to_1d(&ds, &Convert2dTo1dOptions::default())?;
/// assert_eq!(out.view::<f64>("p_wl_1")?.iter().copied().collect::<Vec<_>>(), [2.0, 4.0]);
/// let named = Convert2dTo1dOptions { use_dim_value_in_name: true, ..Default::default() };
/// assert!(convert_2d_to_1d(&ds, &named)?.contains("p_wl_415.0nm"));
/// # Ok::<(), atmokit_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::VariableNotFound`] for a listed variable not in the dataset;
/// [`Error::DimensionNotFound`] for an unknown `parse` dimension or when none can be guessed;
/// [`Error::InvalidParameter`] when `dim_labels` does not have one label per index;
/// [`Error::InvalidData`] when a new name is already taken.
pub fn convert_2d_to_1d(ds: &Dataset, options: &Convert2dTo1dOptions) -> Result<Dataset> {
    let listed: Vec<String> = match &options.variables {
        Some(list) => {
            for name in list {
                ds.get(name)?;
            }
            list.clone()
        }
        None => ds.data_var_names().into_iter().map(String::from).collect(),
    };
    let dim = parse_dim(ds, &listed, options.parse.as_deref())?;
    let n = ds
        .dim_len(&dim)
        .ok_or_else(|| Error::DimensionNotFound { name: dim.clone() })?;
    if let Some(labels) = &options.dim_labels
        && labels.len() != n
    {
        return Err(Error::parameter(
            "dim_labels",
            format!("{} labels", labels.len()),
            format!("convert_2d_to_1d: give one label per index of '{dim}' ({n})"),
        ));
    }
    let suffixes = suffixes(ds, &dim, n, options)?;
    let mut split: Vec<String> = listed
        .iter()
        .filter(|name| *name != &dim && ds.get(name).is_ok_and(|v| v.axis_of(&dim).is_some()))
        .cloned()
        .collect();
    if !options.act_compat {
        let mut qc = Vec::new();
        for name in &split {
            if let Some(q) = find_qc_variable(ds, name)?
                && !split.contains(&q)
                && !qc.contains(&q)
            {
                qc.push(q);
            }
        }
        split.extend(qc);
    }
    let mut out = ds.clone();
    for name in &split {
        let var = ds.get(name)?;
        let axis = var
            .axis_of(&dim)
            .ok_or_else(|| Error::DimensionNotFound { name: dim.clone() })?;
        out.remove(name);
        let dims: Vec<String> = var.dims().iter().filter(|d| **d != dim).cloned().collect();
        let shape: Vec<usize> = dims.iter().filter_map(|d| ds.dim_len(d)).collect();
        for (i, suffix) in suffixes.iter().enumerate() {
            let new_name = part_name(name, suffix);
            if out.contains(&new_name) {
                return Err(Error::data(
                    name,
                    format!("convert_2d_to_1d: '{new_name}' is already in the dataset"),
                ));
            }
            let data = reshape(var.data().select(axis, &[i])?, &shape)?;
            let mut attrs = var.attrs().clone();
            if let Some(anc) = var.attr_str("ancillary_variables") {
                let renamed: Vec<String> = anc.split_whitespace().map(|a| part_name(a, suffix)).collect();
                attrs.insert("ancillary_variables".into(), AttrValue::Str(renamed.join(" ")));
            }
            out.insert(
                &new_name,
                Variable::from_parts(dims.clone(), data, attrs, var.encoding().clone())?,
            )?;
        }
    }
    Ok(out)
}

/// `name` with a part suffix; an empty suffix (length-1 dimension with `keep_name_if_one`) keeps it.
fn part_name(name: &str, suffix: &str) -> String {
    if suffix.is_empty() {
        name.to_string()
    } else {
        format!("{name}_{suffix}")
    }
}

/// The dimension to split along: the one asked for, or the first non-`time` dimension of the
/// dataset that a listed variable has.
fn parse_dim(ds: &Dataset, listed: &[String], parse: Option<&str>) -> Result<String> {
    if let Some(dim) = parse {
        return ds
            .dim_len(dim)
            .map(|_| dim.to_string())
            .ok_or_else(|| Error::DimensionNotFound { name: dim.into() });
    }
    ds.dims()
        .keys()
        .filter(|d| d.as_str() != "time")
        .find(|d| {
            listed
                .iter()
                .any(|v| *v != **d && ds.var(v).is_some_and(|v| v.axis_of(d).is_some()))
        })
        .cloned()
        .ok_or_else(|| Error::DimensionNotFound {
            name: "(a non-time dimension to split along; pass parse)".into(),
        })
}

/// The suffix of each index's part (empty: keep the name).
fn suffixes(ds: &Dataset, dim: &str, n: usize, options: &Convert2dTo1dOptions) -> Result<Vec<String>> {
    if let Some(labels) = &options.dim_labels {
        return Ok(labels.clone());
    }
    if n == 1 && options.keep_name_if_one {
        return Ok(vec![String::new()]);
    }
    if options.use_dim_value_in_name {
        let coord = ds.get(dim)?;
        let units = coord.units().unwrap_or("");
        let values = coord_values(coord.data())
            .ok_or_else(|| Error::invalid(format!("convert_2d_to_1d: coordinate '{dim}' is not numeric")))?;
        return Ok(values.iter().map(|v| format!("{dim}_{v}{units}")).collect());
    }
    Ok((0..n).map(|i| format!("{dim}_{i}")).collect())
}

/// A coordinate's values as Python prints them (`415.0`, `7`, `1e-05`), as ACT names the parts.
fn coord_values(data: &Data) -> Option<Vec<String>> {
    let is_float = matches!(data, Data::F32(_) | Data::F64(_));
    let values: Vec<f64> = match data {
        Data::F32(a) => a.iter().map(|&v| python_f32(v)).collect(),
        _ => data.iter_f64()?.collect(),
    };
    Some(
        values
            .into_iter()
            .map(|v| if is_float { py_float(v) } else { format!("{v}") })
            .collect(),
    )
}

/// The shortest decimal that reads back as the float32 value, as numpy prints a float32.
fn python_f32(v: f32) -> f64 {
    format!("{v:?}").parse().unwrap_or(f64::from(v))
}

/// Data with its shape changed to `shape` (same number of elements).
fn reshape(data: Data, shape: &[usize]) -> Result<Data> {
    let shape = ndarray::IxDyn(shape);
    Ok(atmokit_core::map_data!(data, a => a
        .into_shape_with_order(shape.clone())
        .map_err(|e| Error::invalid(format!("convert_2d_to_1d: {e}")))?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::arr2;

    /// The layout of the case checked with ACT 2.3.4 (see `convert_2d_to_1d_matches_act`).
    fn sample() -> Dataset {
        let mut ds = Dataset::new();
        ds.insert("time", Variable::time("time", vec![0, 60_000_000_000, 120_000_000_000]))
            .unwrap();
        ds.insert(
            "wl",
            Variable::new(["wl"], vec![415.0, 500.0])
                .unwrap()
                .with_attr("units", "nm"),
        )
        .unwrap();
        ds.insert("x", Variable::new(["x"], vec![7.0]).unwrap().with_attr("units", "m"))
            .unwrap();
        let p = arr2(&[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]).into_dyn();
        ds.insert(
            "p",
            Variable::new(["time", "wl"], p)
                .unwrap()
                .with_attr("units", "W")
                .with_attr("ancillary_variables", "qc_p"),
        )
        .unwrap();
        let qc = arr2(&[[0i32, 1], [0, 0], [1, 0]]).into_dyn();
        ds.insert(
            "qc_p",
            Variable::new(["time", "wl"], qc)
                .unwrap()
                .with_attr("standard_name", "quality_flag"),
        )
        .unwrap();
        let one = arr2(&[[0.0], [1.0], [2.0]]).into_dyn();
        ds.insert(
            "one",
            Variable::new(["time", "x"], one).unwrap().with_attr("units", "K"),
        )
        .unwrap();
        ds.insert("q", Variable::new(["time"], vec![0.0, 1.0, 2.0]).unwrap())
            .unwrap();
        ds
    }

    fn names(ds: &Dataset) -> Vec<&str> {
        ds.names().collect()
    }

    /// ACT 2.3.4 on the same Dataset (built with xarray): `convert_2d_to_1d(ds, parse='wl')`
    /// gives `p_wl_0`, `p_wl_1`, `qc_p_wl_0`, `qc_p_wl_1` with `ancillary_variables` `qc_p_wl_0`
    /// …; `use_dim_value_in_name=True` names `p_wl_415.0nm`; `dim_labels=['blue','green']`
    /// names `p_blue`; `parse='x', keep_name_if_one=True` leaves `one` on `time` alone;
    /// `parse='x'` names `one_x_0`; no `parse` splits along `wl`.
    #[test]
    fn convert_2d_to_1d_matches_act() {
        let ds = sample();
        let out = convert_2d_to_1d(
            &ds,
            &Convert2dTo1dOptions {
                parse: Some("wl".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            names(&out),
            [
                "time",
                "wl",
                "x",
                "one",
                "q",
                "p_wl_0",
                "p_wl_1",
                "qc_p_wl_0",
                "qc_p_wl_1"
            ]
        );
        assert_eq!(
            out.view::<f64>("p_wl_1").unwrap().iter().copied().collect::<Vec<_>>(),
            [1.0, 3.0, 5.0]
        );
        assert_eq!(
            out.view::<i32>("qc_p_wl_0")
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            [0, 0, 1]
        );
        assert_eq!(out.get("p_wl_0").unwrap().dims(), ["time"]);
        assert_eq!(
            out.get("p_wl_1").unwrap().attr_str("ancillary_variables"),
            Some("qc_p_wl_1")
        );
        assert_eq!(out.get("p_wl_1").unwrap().units(), Some("W"));
        let guessed = convert_2d_to_1d(&ds, &Convert2dTo1dOptions::default()).unwrap();
        assert!(guessed.identical(&out));

        let opts = Convert2dTo1dOptions {
            use_dim_value_in_name: true,
            ..Default::default()
        };
        let out = convert_2d_to_1d(&ds, &opts).unwrap();
        assert!(out.contains("p_wl_415.0nm") && out.contains("qc_p_wl_500.0nm"));
        assert_eq!(
            out.get("p_wl_500.0nm").unwrap().attr_str("ancillary_variables"),
            Some("qc_p_wl_500.0nm")
        );

        let opts = Convert2dTo1dOptions {
            dim_labels: Some(vec!["blue".into(), "green".into()]),
            ..Default::default()
        };
        let out = convert_2d_to_1d(&ds, &opts).unwrap();
        assert!(out.contains("p_blue") && out.contains("qc_p_green") && !out.contains("p"));

        let opts = Convert2dTo1dOptions {
            parse: Some("x".into()),
            keep_name_if_one: true,
            ..Default::default()
        };
        let out = convert_2d_to_1d(&ds, &opts).unwrap();
        assert_eq!(out.get("one").unwrap().dims(), ["time"]);
        assert_eq!(
            out.view::<f64>("one").unwrap().iter().copied().collect::<Vec<_>>(),
            [0.0, 1.0, 2.0]
        );
        assert_eq!(out.get("p").unwrap().dims(), ["time", "wl"]);
        let opts = Convert2dTo1dOptions {
            parse: Some("x".into()),
            ..Default::default()
        };
        assert!(convert_2d_to_1d(&ds, &opts).unwrap().contains("one_x_0"));
    }

    /// ACT with `variables='p'` splits `p` but not `qc_p`, leaving `ancillary_variables` naming
    /// `qc_p_wl_0`, which does not exist; atmokit splits the QC variable too.
    #[test]
    fn qc_goes_with_its_variable_unless_act_compat() {
        let ds = sample();
        let opts = Convert2dTo1dOptions {
            variables: Some(vec!["p".into()]),
            ..Default::default()
        };
        let out = convert_2d_to_1d(&ds, &opts).unwrap();
        assert!(out.contains("qc_p_wl_0") && !out.contains("qc_p"));
        let compat = Convert2dTo1dOptions {
            act_compat: true,
            ..opts
        };
        let out = convert_2d_to_1d(&ds, &compat).unwrap();
        assert!(out.contains("qc_p") && !out.contains("qc_p_wl_0"));
        assert_eq!(
            out.get("p_wl_0").unwrap().attr_str("ancillary_variables"),
            Some("qc_p_wl_0")
        );
    }

    #[test]
    fn convert_2d_to_1d_errors() {
        let ds = sample();
        let bad = |o: Convert2dTo1dOptions| convert_2d_to_1d(&ds, &o).unwrap_err().to_string();
        assert!(
            bad(Convert2dTo1dOptions {
                parse: Some("nope".into()),
                ..Default::default()
            })
            .contains("nope")
        );
        assert!(
            bad(Convert2dTo1dOptions {
                variables: Some(vec!["zz".into()]),
                ..Default::default()
            })
            .contains("zz")
        );
        assert!(
            bad(Convert2dTo1dOptions {
                dim_labels: Some(vec!["a".into()]),
                ..Default::default()
            })
            .contains("dim_labels = 1 labels")
        );
        let mut only_1d = Dataset::new();
        only_1d
            .insert("q", Variable::new(["time"], vec![1.0]).unwrap())
            .unwrap();
        assert!(convert_2d_to_1d(&only_1d, &Convert2dTo1dOptions::default()).is_err());
        let mut taken = sample();
        taken
            .insert("p_wl_0", Variable::new(["time"], vec![0.0, 0.0, 0.0]).unwrap())
            .unwrap();
        assert!(
            convert_2d_to_1d(&taken, &Convert2dTo1dOptions::default())
                .unwrap_err()
                .to_string()
                .contains("already")
        );
    }

    #[test]
    fn coordinate_values_print_as_python() {
        assert_eq!(py_float(415.0), "415.0");
        assert_eq!(py_float(0.1), "0.1");
        assert_eq!(py_float(1e-5), "1e-05");
        assert_eq!(py_float(1e16), "1e+16");
        assert_eq!(py_float(-2.5e-7), "-2.5e-07");
        assert_eq!(coord_values(&Data::from(vec![0.1f32])).unwrap(), ["0.1"]);
        assert_eq!(coord_values(&Data::from(vec![7i32])).unwrap(), ["7"]);
    }
}
