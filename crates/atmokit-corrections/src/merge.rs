//! Outer join of datasets on `time` (what `xr.merge([a, b], join='outer', compat='override')` does
//! for ACT's ship-wind example).

use atmokit_core::{Data, Dataset, Error, NAT, Result, Variable};
use ndarray::{ArrayD, Axis};

/// Merge datasets on the union of their `time` values (sorted, duplicates removed); returns a new
/// dataset (the inputs are not changed).
///
/// Every variable on `time` is reindexed onto the union: float variables keep their dtype with NaN
/// where a dataset has no sample, time variables get NaT, integer variables become float64 with NaN
/// when they need a fill (as xarray does) and keep their dtype otherwise; text is filled with empty
/// values. Variables and global attributes present in several datasets are taken from the first
/// (`compat='override'`, `combine_attrs='override'`).
pub fn merge_outer_on_time(parts: &[&Dataset]) -> Result<Dataset> {
    let mut times: Vec<i64> = Vec::new();
    for p in parts {
        times.extend(p.time()?.iter().copied().filter(|&t| t != NAT));
    }
    times.sort_unstable();
    times.dedup();
    let mut out = Dataset::new();
    if let Some(first) = parts.first() {
        *out.attrs_mut() = first.attrs().clone();
    }
    out.insert("time", {
        let mut t = Variable::time("time", times.clone());
        if let Some(v) = parts.iter().find_map(|p| p.var("time")) {
            *t.attrs_mut() = v.attrs().clone();
        }
        t
    })?;
    for p in parts {
        let pt = p.time()?;
        let map: Vec<Option<usize>> = times
            .iter()
            .map(|t| {
                let j = pt.as_slice().map(|s| s.partition_point(|x| x < t)).unwrap_or(0);
                (j < pt.len() && pt[j] == *t).then_some(j)
            })
            .collect();
        for (name, v) in p.variables() {
            if name == "time" || out.contains(name) {
                continue;
            }
            let nv = match v.axis_of("time") {
                None => v.clone(),
                Some(ax) => {
                    let data = reindex(v.data(), ax, &map)
                        .ok_or_else(|| Error::invalid(format!("variable '{name}': cannot reindex on time")))?;
                    // A dtype promoted to hold NaN no longer fits the on-disk encoding of the input.
                    let enc = if data.dtype() == v.dtype() {
                        v.encoding().clone()
                    } else {
                        Default::default()
                    };
                    Variable::from_parts(v.dims().to_vec(), data, v.attrs().clone(), enc)?
                }
            };
            out.insert(name, nv)?;
        }
    }
    Ok(out)
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

fn reindex(d: &Data, ax: usize, map: &[Option<usize>]) -> Option<Data> {
    let complete = map.iter().all(Option::is_some);
    Some(match d {
        Data::F32(a) => Data::F32(take(a, ax, map, f32::NAN)),
        Data::F64(a) => Data::F64(take(a, ax, map, f64::NAN)),
        Data::Time(a) => Data::Time(take(a, ax, map, NAT)),
        Data::Str(a) => Data::Str(take(a, ax, map, String::new())),
        Data::Char(a) => Data::Char(take(a, ax, map, 0u8)),
        other if complete => {
            let idx: Vec<usize> = map.iter().flatten().copied().collect();
            other.select(ax, &idx).ok()?
        }
        other => Data::F64(take(&other.to_f64()?, ax, map, f64::NAN)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outer_join_fills_and_first_wins() {
        let mut a = Dataset::new();
        a.insert("time", Variable::time("time", vec![2, 3])).unwrap();
        a.insert("yaw", Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
            .unwrap();
        a.insert("n", Variable::new(["time"], vec![7i32, 8]).unwrap()).unwrap();
        let mut b = Dataset::new();
        b.insert("time", Variable::time("time", vec![1, 2, 3])).unwrap();
        b.insert("wind", Variable::new(["time"], vec![5.0f32, 6.0, 7.0]).unwrap())
            .unwrap();
        b.insert("yaw", Variable::new(["time"], vec![9.0f32, 9.0, 9.0]).unwrap())
            .unwrap();
        let m = merge_outer_on_time(&[&a, &b]).unwrap();
        assert_eq!(m.time().unwrap().to_vec(), vec![1, 2, 3]);
        let yaw = m.view::<f32>("yaw").unwrap();
        assert!(yaw[0].is_nan());
        assert_eq!((yaw[1], yaw[2]), (1.0, 2.0));
        assert_eq!(
            m.view::<f32>("wind").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![5.0, 6.0, 7.0]
        );
        let n = m.view::<f64>("n").unwrap();
        assert!(n[0].is_nan() && n[1] == 7.0);
    }
}
