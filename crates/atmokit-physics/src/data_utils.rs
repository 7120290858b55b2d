//! Data helpers (ACT `act.utils.data_utils`): `add_in_nan`, `get_missing_value`.

use crate::time_utils::modal_step_ns;
use atmokit_core::{AttrValue, DType, Data, Dataset, Error, Result};
use ndarray::{ArrayD, Axis, IxDyn};

/// Inserts NaN rows into a time series where the step exceeds twice the modal step, so plots
/// break lines at data gaps — ACT `add_in_nan(time, data)`.
///
/// `data` has time as its first axis. For 1-D data one NaN is inserted at the middle of each
/// gap; for N-D data two NaN rows at 1 ns after the gap's start and 1 ns before its end (ACT's
/// rule). Returns the new times and data; with fewer than three times the input is returned.
///
/// dtypes: floats keep their type. **Differs from ACT** for integers: ACT turns any integer
/// data into float32, even without gaps (losing precision above 2²⁴); here integer data
/// become float64, and only when a gap is found.
///
/// # Errors
/// The first axis of `data` is not as long as `times_ns`; non-numeric data.
pub fn add_in_nan(times_ns: &[i64], data: &Data) -> Result<(Vec<i64>, Data)> {
    if data.shape().first() != Some(&times_ns.len()) {
        return Err(Error::data(
            "time",
            format!(
                "add_in_nan: {} times, but the data's first axis has {:?} rows",
                times_ns.len(),
                data.shape().first()
            ),
        ));
    }
    if times_ns.len() <= 2 {
        return Ok((times_ns.to_vec(), data.clone()));
    }
    let Some(mode) = modal_step_ns(times_ns) else {
        return Ok((times_ns.to_vec(), data.clone()));
    };
    let gaps: Vec<usize> = (0..times_ns.len() - 1)
        .filter(|&i| (times_ns[i + 1] as i128 - times_ns[i] as i128) > 2 * mode as i128)
        .collect();
    if gaps.is_empty() {
        return Ok((times_ns.to_vec(), data.clone()));
    }
    let one_d = data.ndim() == 1;
    let mut times = Vec::with_capacity(times_ns.len() + 2 * gaps.len());
    let mut next_gap = gaps.iter().peekable();
    for i in 0..times_ns.len() {
        times.push(times_ns[i]);
        if next_gap.peek() == Some(&&i) {
            next_gap.next();
            let (a, b) = (times_ns[i], times_ns[i + 1]);
            if one_d {
                times.push(a + (b - a) / 2);
            } else {
                times.extend([a + 1, b - 1]);
            }
        }
    }
    let per_gap = if one_d { 1 } else { 2 };
    Ok((
        times,
        match data {
            Data::F32(a) => Data::F32(insert_rows(a, &gaps, per_gap, f32::NAN)),
            Data::F64(a) => Data::F64(insert_rows(a, &gaps, per_gap, f64::NAN)),
            other => {
                let a = other
                    .to_f64()
                    .filter(|_| !matches!(other, Data::Time(_)))
                    .ok_or_else(|| {
                        Error::invalid(format!("add_in_nan: cannot insert NaN into {} data", other.dtype()))
                    })?;
                Data::F64(insert_rows(&a, &gaps, per_gap, f64::NAN))
            }
        },
    ))
}

/// ACT 2.3.4's [`add_in_nan`] (`act_compat`): integer data become float32 whether or not a gap
/// is found (2²⁴ + 1 reads back as 2²⁴), as ACT's `data.astype('float32')` does; floats as in
/// [`add_in_nan`].
///
/// # Errors
/// As [`add_in_nan`].
pub fn add_in_nan_act_compat(times_ns: &[i64], data: &Data) -> Result<(Vec<i64>, Data)> {
    let data = match data.dtype() {
        DType::F32 | DType::F64 => data.clone(),
        _ => data.cast(DType::F32)?,
    };
    add_in_nan(times_ns, &data)
}

/// Copies `a` with `per_gap` rows of `fill` after each row index in `gaps`.
fn insert_rows<T: Copy>(a: &ArrayD<T>, gaps: &[usize], per_gap: usize, fill: T) -> ArrayD<T> {
    let mut shape = a.shape().to_vec();
    shape[0] += per_gap * gaps.len();
    let mut out = ArrayD::from_elem(IxDyn(&shape), fill);
    let mut row = 0;
    let mut g = gaps.iter().peekable();
    for (i, src) in a.axis_iter(Axis(0)).enumerate() {
        out.index_axis_mut(Axis(0), row).assign(&src);
        row += 1;
        if g.peek() == Some(&&i) {
            g.next();
            row += per_gap;
        }
    }
    out
}

/// Where [`get_missing_value`] looks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingOrder {
    /// `missing_value`, then `_FillValue` (ACT's default).
    #[default]
    MissingValueFirst,
    /// `_FillValue`, then `missing_value` (ACT `use_FillValue=True`).
    FillValueFirst,
}

/// The missing-value indicator of a variable — ACT `get_missing_value(ds, variable, default,
/// use_FillValue, nodefault)`.
///
/// Looks at the attributes and, since readers move these into the encoding (as xarray does),
/// at the encoding too. Not found: `default` (`None` is ACT's `nodefault=True`, giving `None`).
/// The value is rounded to the variable's dtype (−9999.5 for an int variable gives −10000), as
/// ACT casts with `dtype.type(missing)`.
///
/// # Errors
/// The variable does not exist.
pub fn get_missing_value(
    ds: &Dataset,
    variable: &str,
    default: Option<f64>,
    order: MissingOrder,
) -> Result<Option<f64>> {
    let var = ds.get(variable)?;
    let enc = var.encoding();
    let from_attr = |name: &str| var.attrs().get(name).and_then(AttrValue::as_f64);
    let mv = from_attr("missing_value").or_else(|| enc.missing_value.as_ref().and_then(AttrValue::as_f64));
    let fv = from_attr("_FillValue").or_else(|| enc.fill_value.as_ref().and_then(AttrValue::as_f64));
    let found = match order {
        MissingOrder::MissingValueFirst => mv.or(fv),
        MissingOrder::FillValueFirst => fv.or(mv),
    };
    let Some(value) = found.or(default) else {
        return Ok(None);
    };
    Ok(Some(match var.dtype() {
        DType::F32 => f64::from(value as f32),
        DType::F64 | DType::Time | DType::Str | DType::Char => value,
        other => Data::F64(ndarray::arr1(&[value]).into_dyn())
            .cast(other)?
            .iter_f64()
            .and_then(|mut i| i.next())
            .unwrap_or(value),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use atmokit_core::Variable;

    #[test]
    fn act_compat_makes_integers_float32_like_act() {
        // ACT 2.3.4 `add_in_nan` on int32 [2^24 + 1, 2, 3, 4, 5, 6] at 0, 60, 120, 180, 400,
        // 460 s gave float32 [16777216, 2, 3, 4, nan, 5, 6]; without the gap (4 samples a
        // minute apart) float32 [16777216, 2, 3, 4] (tests/physics/act_compat_values.py).
        let s = 1_000_000_000i64;
        let t: Vec<i64> = [0, 60, 120, 180, 400, 460].iter().map(|x| x * s).collect();
        let d = Data::I32(ArrayD::from_shape_vec(IxDyn(&[6]), vec![16_777_217, 2, 3, 4, 5, 6]).unwrap());
        let (t2, d2) = add_in_nan_act_compat(&t, &d).unwrap();
        assert_eq!(d2.dtype(), DType::F32);
        let v: Vec<f64> = d2.iter_f64().unwrap().collect();
        assert_eq!(&v[..4], &[16_777_216.0, 2.0, 3.0, 4.0]);
        assert!(v[4].is_nan());
        assert_eq!(&v[5..], &[5.0, 6.0]);
        assert_eq!(t2[4], 290 * s);
        let d = Data::I32(ArrayD::from_shape_vec(IxDyn(&[4]), vec![16_777_217, 2, 3, 4]).unwrap());
        let (_, d3) = add_in_nan_act_compat(&t[..4], &d).unwrap();
        assert_eq!(d3.dtype(), DType::F32);
        assert_eq!(
            d3.iter_f64().unwrap().collect::<Vec<_>>(),
            vec![16_777_216.0, 2.0, 3.0, 4.0]
        );
        // Without act_compat the integers stay exact.
        let (_, d4) = add_in_nan(&t[..4], &d).unwrap();
        assert_eq!(d4.dtype(), DType::I32);
    }

    #[test]
    fn one_nan_per_gap_in_1d_two_in_2d() {
        let t = [0, 10, 20, 50, 60, 70];
        let d = Data::F32(ArrayD::from_shape_vec(IxDyn(&[6]), vec![1.0f32; 6]).unwrap());
        let (t2, d2) = add_in_nan(&t, &d).unwrap();
        assert_eq!(t2, vec![0, 10, 20, 35, 50, 60, 70]);
        assert!(d2.to_f64().unwrap()[[3]].is_nan() && d2.dtype() == DType::F32);
        let d = Data::I32(ArrayD::from_shape_vec(IxDyn(&[6, 2]), vec![1; 12]).unwrap());
        let (t3, d3) = add_in_nan(&t, &d).unwrap();
        assert_eq!(t3, vec![0, 10, 20, 21, 49, 50, 60, 70]);
        assert_eq!(d3.shape(), &[8, 2]);
        assert_eq!(d3.dtype(), DType::F64);
        assert!(add_in_nan(&t[..5], &d).is_err());
        // One sample: unchanged.
        let one = Data::F64(ArrayD::from_shape_vec(IxDyn(&[1]), vec![2.0]).unwrap());
        assert_eq!(add_in_nan(&[5], &one).unwrap(), (vec![5], one));
    }

    #[test]
    fn missing_value_lookup() {
        let mut ds = Dataset::new();
        ds.insert(
            "a",
            Variable::new(["x"], vec![1i32])
                .unwrap()
                .with_attr("_FillValue", -99i32),
        )
        .unwrap();
        ds.insert("b", Variable::new(["x"], vec![1.0f32]).unwrap()).unwrap();
        assert_eq!(
            get_missing_value(&ds, "a", Some(-9999.0), MissingOrder::default()).unwrap(),
            Some(-99.0)
        );
        assert_eq!(
            get_missing_value(&ds, "b", Some(-9999.0), MissingOrder::FillValueFirst).unwrap(),
            Some(-9999.0)
        );
        assert_eq!(
            get_missing_value(&ds, "b", None, MissingOrder::default()).unwrap(),
            None
        );
        assert!(get_missing_value(&ds, "zz", None, MissingOrder::default()).is_err());
    }
}
