//! Merging datasets on `time`: xarray's `xr.merge(objects, join=, compat=, combine_attrs=)`.
//!
//! ```
//! use atmokit_core::{Dataset, Variable, merge::{Join, MergeOptions}};
//! let mut met = Dataset::new();
//! met.insert("time", Variable::time("time", vec![0, 60]))?;
//! met.insert("temp", Variable::new(["time"], vec![1.0f32, 2.0])?)?;
//! let mut cbh = Dataset::new();
//! cbh.insert("time", Variable::time("time", vec![60, 120]))?;
//! cbh.insert("cloud_base", Variable::new(["time"], vec![800.0f32, 900.0])?)?;
//! let both = Dataset::merge(&[&met, &cbh], &MergeOptions::default())?;
//! assert_eq!(both.time()?.to_vec(), vec![0, 60, 120]);
//! assert!(both.view::<f32>("cloud_base")?[[0]].is_nan());
//! let inner = Dataset::merge(&[&met, &cbh], &MergeOptions { join: Join::Inner, ..Default::default() })?;
//! assert_eq!(inner.time()?.to_vec(), vec![60]);
//! # Ok::<(), atmokit_core::Error>(())
//! ```

use crate::{Attrs, Data, Dataset, Error, NAT, Result, Variable};
use ndarray::{ArrayD, Axis};
use std::collections::{BTreeSet, HashMap};

/// How the `time` coordinates of the datasets are combined (xarray's `join`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Join {
    /// The union of all times, sorted (xarray's default). Missing samples become NaN / NaT;
    /// integer variables that need a fill become float64, as in xarray.
    #[default]
    Outer,
    /// The times present in every dataset, sorted.
    Inner,
    /// The first dataset's times, in its order.
    Left,
    /// The times must be identical in every dataset; anything else is an error.
    Exact,
}

/// What to do when a variable is in several datasets (xarray's `compat`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compat {
    /// The values after alignment must be identical (NaN equal to NaN), else an error naming the
    /// variable (xarray's `compat='equals'`).
    #[default]
    Equals,
    /// Take the variable from the first dataset that has it (xarray's `compat='override'`).
    Override,
}

/// How global attributes are combined (xarray's `combine_attrs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CombineAttrs {
    /// The first dataset's attributes (xarray's default for `merge`).
    #[default]
    Override,
    /// The union; an attribute with different values in two datasets is an error naming it.
    NoConflicts,
    /// The union, leaving out attributes whose values differ between datasets.
    DropConflicts,
    /// No global attributes.
    Drop,
}

/// Options of [`Dataset::merge`]; the defaults are xarray's (`join='outer'`,
/// `combine_attrs='override'`), with `compat='equals'`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MergeOptions {
    /// How times are combined.
    pub join: Join,
    /// What to do with a variable present in several datasets.
    pub compat: Compat,
    /// How global attributes are combined.
    pub combine_attrs: CombineAttrs,
}

fn merge_error(reason: String) -> Error {
    Error::Merge { reason }
}

/// The times every dataset is aligned to, or `None` when no dataset has a `time` coordinate.
/// NaT matches nothing, so it is left out of outer and inner joins.
fn target_times(times: &[(usize, Vec<i64>)], join: Join) -> Result<Option<Vec<i64>>> {
    let Some((first_i, first)) = times.first() else {
        return Ok(None);
    };
    let valid = |t: &Vec<i64>| t.iter().copied().filter(|&v| v != NAT).collect::<BTreeSet<i64>>();
    Ok(Some(match join {
        Join::Outer => times
            .iter()
            .flat_map(|(_, t)| valid(t))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        Join::Inner => {
            let mut common = valid(first);
            for (_, t) in &times[1..] {
                let other = valid(t);
                common.retain(|v| other.contains(v));
            }
            common.into_iter().collect()
        }
        Join::Left => first.clone(),
        Join::Exact => {
            if let Some((i, _)) = times[1..].iter().find(|(_, t)| t != first) {
                return Err(merge_error(format!(
                    "join 'exact': the time of dataset {i} differs from the time of dataset {first_i}"
                )));
            }
            first.clone()
        }
    }))
}

/// For each target time, the index of the same time in `own` (`None`: a gap); `None` as a whole
/// when `own` already equals the target (nothing to reindex).
fn index_map(part: usize, own: &[i64], target: &[i64]) -> Result<Option<Vec<Option<usize>>>> {
    if own == target {
        return Ok(None);
    }
    let mut at: HashMap<i64, usize> = HashMap::with_capacity(own.len());
    for (j, &t) in own.iter().enumerate() {
        if t != NAT && at.insert(t, j).is_some() {
            return Err(merge_error(format!(
                "dataset {part}: time {} appears more than once, so it cannot be aligned",
                crate::time::format_ns(t)
            )));
        }
    }
    Ok(Some(target.iter().map(|t| at.get(t).copied()).collect()))
}

fn take<T: Clone>(a: &ArrayD<T>, ax: usize, map: &[Option<usize>], fill: T) -> ArrayD<T> {
    let mut shape = a.shape().to_vec();
    shape[ax] = map.len();
    let mut out = ArrayD::from_elem(shape, fill);
    for (k, m) in map.iter().enumerate() {
        if let Some(j) = m {
            out.index_axis_mut(Axis(ax), k).assign(&a.index_axis(Axis(ax), *j));
        }
    }
    out
}

/// Data reindexed along `ax`: floats fill with NaN, time with NaT, text with empty values;
/// integers keep their type when no fill is needed and become float64 otherwise.
fn reindex(name: &str, d: &Data, ax: usize, map: &[Option<usize>]) -> Result<Data> {
    Ok(match d {
        Data::F32(a) => Data::F32(take(a, ax, map, f32::NAN)),
        Data::F64(a) => Data::F64(take(a, ax, map, f64::NAN)),
        Data::Time(a) => Data::Time(take(a, ax, map, NAT)),
        Data::Str(a) => Data::Str(take(a, ax, map, String::new())),
        Data::Char(a) => Data::Char(take(a, ax, map, 0u8)),
        other if map.iter().all(Option::is_some) => {
            let idx: Vec<usize> = map.iter().flatten().copied().collect();
            other.select(ax, &idx)?
        }
        other => {
            let f = other.to_f64().ok_or_else(|| Error::DTypeMismatch {
                var: name.to_string(),
                expected: "numeric".into(),
                found: other.dtype(),
            })?;
            Data::F64(take(&f, ax, map, f64::NAN))
        }
    })
}

/// `v` aligned to the target times (a variable without a `time` axis is unchanged).
fn align(name: &str, v: &Variable, map: Option<&[Option<usize>]>) -> Result<Variable> {
    let (Some(ax), Some(map)) = (v.axis_of("time"), map) else {
        return Ok(v.clone());
    };
    let data = reindex(name, v.data(), ax, map)?;
    // A dtype promoted to hold NaN no longer fits the on-disk encoding of the input.
    let enc = if data.dtype() == v.dtype() {
        v.encoding().clone()
    } else {
        Default::default()
    };
    Variable::from_parts(v.dims().to_vec(), data, v.attrs().clone(), enc)
}

fn combine_attrs(parts: &[&Dataset], how: CombineAttrs) -> Result<Attrs> {
    let mut out = Attrs::new();
    match how {
        CombineAttrs::Drop => {}
        CombineAttrs::Override => {
            if let Some(first) = parts.first() {
                out = first.attrs().clone();
            }
        }
        CombineAttrs::NoConflicts | CombineAttrs::DropConflicts => {
            let mut dropped: Vec<String> = Vec::new();
            for (i, p) in parts.iter().enumerate() {
                for (k, v) in p.attrs() {
                    match out.get(k) {
                        None if !dropped.contains(k) => {
                            out.insert(k.clone(), v.clone());
                        }
                        Some(old) if !old.identical(v) => {
                            if how == CombineAttrs::NoConflicts {
                                return Err(merge_error(format!(
                                    "global attribute '{k}' is '{old}' in an earlier dataset and '{v}' in dataset {i}"
                                )));
                            }
                            out.shift_remove(k);
                            dropped.push(k.clone());
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(out)
}

impl Dataset {
    /// Merge datasets into one, aligned on their `time` coordinate: xarray's
    /// `xr.merge(parts, join=, compat=, combine_attrs=)` (see [`MergeOptions`]). Returns a new
    /// dataset; the inputs are not changed.
    ///
    /// - Only `time` is aligned. Other dims must have one size in every dataset (an error names
    ///   the variable otherwise).
    /// - A dataset with a `time` coordinate is aligned by its values, which must be unique
    ///   unless they already equal the joined times. A dataset without one (what a retrieval
    ///   returns) is taken position by position, as xarray does for a dim without an index: its
    ///   `time` length must equal the joined length. NaT matches no time: it is left out of
    ///   outer and inner joins, and a sample at NaT is not carried over.
    /// - Unsorted times are fine: outer and inner joins give sorted times, a left join keeps the
    ///   first dataset's order.
    /// - Variables keep the first dataset's order, then new names in the order met; attrs and
    ///   encoding of a variable come from the first dataset that has it. Empty datasets add
    ///   nothing (but count for the global attrs of [`CombineAttrs::Override`]).
    ///
    /// # Errors
    /// [`Error::Merge`] naming the variable, attribute or dataset (by its position in `parts`)
    /// that conflicts, or a dimension size that disagrees.
    pub fn merge(parts: &[&Dataset], opts: &MergeOptions) -> Result<Dataset> {
        let mut times: Vec<(usize, Vec<i64>)> = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            if p.contains("time") {
                times.push((i, p.time_of("time")?.to_vec()));
            }
        }
        let target = target_times(&times, opts.join)?;
        let mut out = Dataset::new();
        *out.attrs_mut() = combine_attrs(parts, opts.combine_attrs)?;
        if let Some(target) = &target {
            let first = parts[times[0].0].get("time")?;
            let mut t = Variable::time("time", target.clone());
            *t.attrs_mut() = first.attrs().clone();
            *t.encoding_mut() = first.encoding().clone();
            out.insert("time", t)?;
        }
        for (i, p) in parts.iter().enumerate() {
            let map = match (&target, times.iter().find(|(k, _)| *k == i)) {
                (Some(target), Some((_, own))) => index_map(i, own, target)?,
                _ => None,
            };
            for (name, v) in p.variables() {
                if name == "time" && target.is_some() {
                    continue;
                }
                let exists = out.contains(name);
                if exists && opts.compat == Compat::Override {
                    continue;
                }
                let aligned = align(name, v, map.as_deref())?;
                if exists {
                    let old = out.get(name)?;
                    if old.dims() != aligned.dims() || !old.data().identical(aligned.data()) {
                        return Err(merge_error(format!(
                            "variable '{name}' differs between dataset {i} and an earlier one (compat 'equals'; use Compat::Override to take the first)"
                        )));
                    }
                    continue;
                }
                out.insert(name, aligned)?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(times: Vec<i64>, name: &str, vals: Vec<f32>) -> Dataset {
        let mut d = Dataset::new();
        d.insert("time", Variable::time("time", times)).unwrap();
        d.insert(name, Variable::new(["time"], vals).unwrap()).unwrap();
        d
    }

    fn f32s(d: &Dataset, name: &str) -> Vec<f32> {
        d.view::<f32>(name).unwrap().iter().copied().collect()
    }

    fn opts(join: Join) -> MergeOptions {
        MergeOptions {
            join,
            ..Default::default()
        }
    }

    #[test]
    fn outer_fills_promotes_integers_and_sorts_unsorted_time() {
        let a = ds(vec![3, 1], "x", vec![30.0, 10.0]);
        let mut b = ds(vec![2, 3], "y", vec![2.0, 3.0]);
        b.insert("n", Variable::new(["time"], vec![7i32, 8]).unwrap()).unwrap();
        let m = Dataset::merge(&[&a, &b], &MergeOptions::default()).unwrap();
        assert_eq!(m.time().unwrap().to_vec(), vec![1, 2, 3]);
        let x = f32s(&m, "x");
        assert_eq!((x[0], x[2]), (10.0, 30.0));
        assert!(x[1].is_nan());
        let n = m.view::<f64>("n").unwrap();
        assert!(n[[0]].is_nan() && n[[1]] == 7.0 && n[[2]] == 8.0);
        assert_eq!(m.names().collect::<Vec<_>>(), ["time", "x", "y", "n"]);
    }

    #[test]
    fn inner_left_and_exact() {
        let a = ds(vec![3, 1, 2], "x", vec![3.0, 1.0, 2.0]);
        let b = ds(vec![2, 3, 4], "y", vec![2.0, 3.0, 4.0]);
        let inner = Dataset::merge(&[&a, &b], &opts(Join::Inner)).unwrap();
        assert_eq!(inner.time().unwrap().to_vec(), vec![2, 3]);
        assert_eq!(f32s(&inner, "x"), vec![2.0, 3.0]);
        let left = Dataset::merge(&[&a, &b], &opts(Join::Left)).unwrap();
        assert_eq!(left.time().unwrap().to_vec(), vec![3, 1, 2]);
        let y = f32s(&left, "y");
        assert_eq!((y[0], y[2]), (3.0, 2.0));
        assert!(y[1].is_nan());
        let e = Dataset::merge(&[&a, &b], &opts(Join::Exact)).unwrap_err().to_string();
        assert!(e.contains("exact") && e.contains("dataset 1"), "{e}");
        let same = ds(vec![3, 1, 2], "z", vec![0.0; 3]);
        let exact = Dataset::merge(&[&a, &same], &opts(Join::Exact)).unwrap();
        assert_eq!(exact.time().unwrap().to_vec(), vec![3, 1, 2]);
    }

    #[test]
    fn nat_matches_nothing_and_duplicates_are_refused() {
        let a = ds(vec![NAT, 1], "x", vec![9.0, 1.0]);
        let b = ds(vec![1, NAT], "y", vec![1.0, 9.0]);
        let m = Dataset::merge(&[&a, &b], &MergeOptions::default()).unwrap();
        assert_eq!(m.time().unwrap().to_vec(), vec![1]);
        assert_eq!((f32s(&m, "x"), f32s(&m, "y")), (vec![1.0], vec![1.0]));
        let dup = ds(vec![1, 1], "y", vec![1.0, 2.0]);
        let e = Dataset::merge(&[&a, &dup], &MergeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("dataset 1") && e.contains("more than once"), "{e}");
    }

    #[test]
    fn conflicting_variables_error_or_override() {
        let a = ds(vec![1, 2], "x", vec![1.0, 2.0]);
        let b = ds(vec![1, 2], "x", vec![1.0, 5.0]);
        let e = Dataset::merge(&[&a, &b], &MergeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'x'") && e.contains("dataset 1"), "{e}");
        let o = MergeOptions {
            compat: Compat::Override,
            ..Default::default()
        };
        assert_eq!(f32s(&Dataset::merge(&[&a, &b], &o).unwrap(), "x"), vec![1.0, 2.0]);
        let nan = ds(vec![1, 2], "x", vec![1.0, f32::NAN]);
        assert!(Dataset::merge(&[&nan, &nan.clone()], &MergeOptions::default()).is_ok());
    }

    #[test]
    fn conflicting_global_attrs() {
        let mut a = ds(vec![1], "x", vec![1.0]);
        let mut b = ds(vec![1], "y", vec![1.0]);
        a.attrs_mut().insert("site".into(), "sgp".into());
        a.attrs_mut().insert("only_a".into(), 1i32.into());
        b.attrs_mut().insert("site".into(), "nsa".into());
        b.attrs_mut().insert("only_b".into(), "b".into());
        let with = |c| MergeOptions {
            combine_attrs: c,
            ..Default::default()
        };
        let m = Dataset::merge(&[&a, &b], &with(CombineAttrs::Override)).unwrap();
        assert_eq!((m.attr_str("site"), m.attrs().len()), (Some("sgp"), 2));
        let e = Dataset::merge(&[&a, &b], &with(CombineAttrs::NoConflicts))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'site'") && e.contains("nsa"), "{e}");
        let m = Dataset::merge(&[&a, &b], &with(CombineAttrs::DropConflicts)).unwrap();
        assert_eq!(m.attrs().keys().collect::<Vec<_>>(), ["only_a", "only_b"]);
        assert!(
            Dataset::merge(&[&a, &b], &with(CombineAttrs::Drop))
                .unwrap()
                .attrs()
                .is_empty()
        );
    }

    #[test]
    fn empty_inputs_and_missing_time_coordinate() {
        assert!(Dataset::merge(&[], &MergeOptions::default()).unwrap().is_empty());
        let a = ds(vec![1, 2], "x", vec![1.0, 2.0]);
        let empty = Dataset::new();
        let m = Dataset::merge(&[&empty, &a], &MergeOptions::default()).unwrap();
        assert_eq!(f32s(&m, "x"), vec![1.0, 2.0]);
        // Without a time coordinate: by position, lengths must agree.
        let mut no_time = Dataset::new();
        no_time
            .insert("y", Variable::new(["time"], vec![5.0f32, 6.0]).unwrap())
            .unwrap();
        let m = Dataset::merge(&[&a, &no_time], &MergeOptions::default()).unwrap();
        assert_eq!((f32s(&m, "x"), f32s(&m, "y")), (vec![1.0, 2.0], vec![5.0, 6.0]));
        let mut longer = Dataset::new();
        longer
            .insert("y", Variable::new(["time"], vec![5.0f32; 3]).unwrap())
            .unwrap();
        let e = Dataset::merge(&[&a, &longer], &MergeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'y'") && e.contains("'time'"), "{e}");
        let mut scalar = Dataset::new();
        scalar.insert("lat", Variable::scalar(36.6f32)).unwrap();
        let m = Dataset::merge(&[&a, &scalar], &MergeOptions::default()).unwrap();
        assert_eq!(m.view::<f32>("lat").unwrap()[[]], 36.6);
        let mut h = Dataset::new();
        h.insert("z", Variable::new(["height"], vec![1.0f32, 2.0]).unwrap())
            .unwrap();
        let mut h3 = Dataset::new();
        h3.insert("w", Variable::new(["height"], vec![1.0f32; 3]).unwrap())
            .unwrap();
        let e = Dataset::merge(&[&h, &h3], &MergeOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("'w'") && e.contains("height"), "{e}");
    }
}
