//! Masks by assessment or test number, NaN-filled data, and `datafilter`.
//! Port of ACT `get_masked_data` and `datafilter` (ACT API reference, `act.qc.qcfilter.QCFilter`).

use crate::model::{FlagKind, QcFlags, check_for_ancillary_qc, get_qc_test_mask};
use atmokit_core::{AttrValue, Data, Dataset, Error, Result};

/// The QC variable of `var` without creating one.
fn qc_of(ds: &mut Dataset, var: &str) -> Result<String> {
    check_for_ancillary_qc(ds, var, false, FlagKind::Masks)?
        .ok_or_else(|| Error::data(var, format!("has no QC variable (no ancillary qc_{var})")))
}

/// The test numbers of `qc_name` whose assessment is in `rm_assessments` (case-insensitive)
/// plus `rm_tests`.
pub fn selected_tests(flags: &QcFlags, rm_assessments: &[&str], rm_tests: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = flags
        .numbers
        .iter()
        .zip(&flags.assessments)
        .filter(|(_, a)| rm_assessments.iter().any(|r| r.eq_ignore_ascii_case(a)))
        .map(|(&n, _)| n)
        .collect();
    out.extend(rm_tests.iter().filter(|n| flags.numbers.contains(n)));
    out.sort_unstable();
    out.dedup();
    out
}

/// [`get_masked_mask`] on a known QC variable, without touching the dataset.
pub fn qc_mask(ds: &Dataset, qc: &str, rm_assessments: &[&str], rm_tests: &[u32]) -> Result<Vec<bool>> {
    let flags = QcFlags::read(ds, qc)?;
    let mut mask = vec![false; ds.get(qc)?.len()];
    for n in selected_tests(&flags, rm_assessments, rm_tests) {
        let m = get_qc_test_mask(ds, qc, n)?;
        mask.iter_mut().zip(m).for_each(|(a, b)| *a |= b);
    }
    Ok(mask)
}

/// True where any selected test is set (logical order): the OR of the masks of the tests whose
/// assessment is in `rm_assessments` and of the test numbers `rm_tests`. ACT's
/// `get_masked_data(..., return_mask_only=True)`; `count` of trues = ACT's `np.ma.count_masked`.
pub fn get_masked_mask(ds: &mut Dataset, var: &str, rm_assessments: &[&str], rm_tests: &[u32]) -> Result<Vec<bool>> {
    let qc = qc_of(ds, var)?;
    qc_mask(ds, &qc, rm_assessments, rm_tests)
}

/// `var`'s data with NaN where the selected tests are set: float64 for float64 / 64-bit integer
/// data, float32 otherwise (ACT's `return_nan_array=True`). Returns a new array.
pub fn get_nan_filled(ds: &mut Dataset, var: &str, rm_assessments: &[&str], rm_tests: &[u32]) -> Result<Data> {
    let mask = get_masked_mask(ds, var, rm_assessments, rm_tests)?;
    let v = ds.get(var)?;
    let wide = matches!(
        v.dtype(),
        atmokit_core::DType::F64 | atmokit_core::DType::I64 | atmokit_core::DType::U64
    );
    let a = v
        .data()
        .to_f64()
        .ok_or_else(|| crate::values::not_numeric(var, v.data()))?;
    let mut it = mask.iter();
    let filled = a.mapv(|x| if *it.next().unwrap_or(&false) { f64::NAN } else { x });
    Ok(if wide {
        Data::F64(filled)
    } else {
        Data::F32(filled.mapv(|x| x as f32))
    })
}

/// The meanings [`datafilter`] records in `history`, in ACT's order: each of `rm_tests` that the
/// QC variable defines, then for each of `rm_assessments` every test with exactly that assessment
/// (a test chosen both ways is listed twice, as ACT lists it).
fn filtered_meanings<'f>(flags: &'f QcFlags, rm_assessments: &[&str], rm_tests: &[u32]) -> Vec<&'f str> {
    let by_number = rm_tests
        .iter()
        .filter_map(|&n| flags.position(n))
        .map(|p| flags.meanings[p].as_str());
    let by_assessment = rm_assessments.iter().flat_map(|a| {
        flags
            .assessments
            .iter()
            .zip(&flags.meanings)
            .filter(move |(fa, _)| fa.as_str() == *a)
            .map(|(_, m)| m.as_str())
    });
    by_number.chain(by_assessment).collect()
}

/// Remove flagged data in place: for each of `variables` (all variables with a QC variable when
/// empty), write NaN (float data) or the variable's `missing_value` / `_FillValue` / -9999
/// (integer data, which keeps its dtype) where tests with an assessment in `rm_assessments`
/// or numbers in `rm_tests` are set, and append `"act.qc.datafilter: <meaning>"` lines to the
/// `history` attr (ACT's order and `"\n "` separator). With `del_qc_var` the QC variable and its `ancillary_variables` link are
/// removed. Errors when both selections are empty. Port of ACT `datafilter`.
pub fn datafilter(
    ds: &mut Dataset,
    variables: &[&str],
    rm_assessments: &[&str],
    rm_tests: &[u32],
    del_qc_var: bool,
) -> Result<()> {
    if rm_assessments.is_empty() && rm_tests.is_empty() {
        return Err(Error::invalid("datafilter: give rm_assessments or rm_tests"));
    }
    let names: Vec<String> = if variables.is_empty() {
        ds.names()
            .filter(|n| !n.starts_with("qc_"))
            .filter(|n| {
                ds.contains(&format!("qc_{n}"))
                    || ds.var(n).is_some_and(|v| v.attrs().contains_key("ancillary_variables"))
            })
            .map(str::to_string)
            .collect()
    } else {
        variables.iter().map(|s| s.to_string()).collect()
    };
    for var in names {
        let Some(qc) = check_for_ancillary_qc(ds, &var, false, FlagKind::Masks)? else {
            continue;
        };
        let flags = QcFlags::read(ds, &qc)?;
        let mask = get_masked_mask(ds, &var, rm_assessments, rm_tests)?;
        let fill = crate::limits::missing_codes(ds, &var, None)?
            .first()
            .copied()
            .unwrap_or(-9999.0);
        let v = ds.get_mut(&var)?;
        fn apply<T: atmokit_core::Numeric>(a: &mut ndarray::ArrayD<T>, mask: &[bool], fill: T) {
            a.iter_mut().zip(mask).filter(|(_, m)| **m).for_each(|(x, _)| *x = fill);
        }
        match v.data_mut() {
            Data::F32(a) => apply(a, &mask, f32::NAN),
            Data::F64(a) => apply(a, &mask, f64::NAN),
            d => atmokit_core::with_numeric!(d, a => apply(a, &mask, atmokit_core::Numeric::from_f64(fill)),
                other => return Err(crate::values::not_numeric(&var, other))),
        }
        let mut hist = v.attr_str("history").unwrap_or("").to_string();
        for meaning in filtered_meanings(&flags, rm_assessments, rm_tests) {
            if !hist.is_empty() {
                hist.push_str("\n ");
            }
            hist.push_str(&format!("act.qc.datafilter: {meaning}"));
        }
        v.attrs_mut().insert("history".into(), AttrValue::Str(hist));
        if del_qc_var {
            let rest: Vec<String> = v
                .attr_str("ancillary_variables")
                .unwrap_or("")
                .split_whitespace()
                .filter(|n| *n != qc)
                .map(str::to_string)
                .collect();
            if rest.is_empty() {
                v.attrs_mut().shift_remove("ancillary_variables");
            } else {
                v.attrs_mut()
                    .insert("ancillary_variables".into(), AttrValue::Str(rest.join(" ")));
            }
            ds.remove(&qc);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Assessment;
    use crate::{TestOptions, add_less_test};
    use atmokit_core::Variable;

    #[test]
    fn masks_and_datafilter() {
        let mut ds = Dataset::new();
        ds.insert("x", Variable::new(["time"], vec![1.0f32, 5.0, 7.0, 9.0]).unwrap())
            .unwrap();
        add_less_test(&mut ds, "x", 6.0, &TestOptions::default()).unwrap();
        add_less_test(
            &mut ds,
            "x",
            8.0,
            &TestOptions::default().assessment(Assessment::Suspect),
        )
        .unwrap();
        assert_eq!(
            get_masked_mask(&mut ds, "x", &["bad"], &[]).unwrap(),
            vec![true, true, false, false]
        );
        assert_eq!(
            get_masked_mask(&mut ds, "x", &[], &[2]).unwrap(),
            vec![true, true, true, false]
        );
        let f = get_nan_filled(&mut ds, "x", &["Suspect"], &[]).unwrap();
        let f = f.view::<f32>().unwrap();
        assert!(f[[2]].is_nan() && f[[3]] == 9.0);
        assert!(datafilter(&mut ds, &["x"], &[], &[], false).is_err());
        datafilter(&mut ds, &["x"], &["Bad"], &[], true).unwrap();
        let x = ds.view::<f32>("x").unwrap();
        assert!(x[[0]].is_nan() && x[[1]].is_nan() && x[[2]] == 7.0);
        assert_eq!(
            ds.get("x").unwrap().attr_str("history"),
            Some("act.qc.datafilter: Data value less than fail_min.")
        );
        assert!(!ds.contains("qc_x") && ds.get("x").unwrap().attr_str("ancillary_variables").is_none());
    }
}
