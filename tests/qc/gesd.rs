//! GESD outlier test on the IRT file, as in ACT's `test_qcfilter2` (28 values bumped +30, two IQR
//! tests first). Expected flagged indices and QC sums computed with Python ACT 2.3.4 +
//! scikit-posthocs 0.17.1 (QC sums 204 and 332; ACT's older unit tests' "188 / 284" are the values
//! ACT's test lists for another scikit-posthocs release).

use atmokit_qc::{Assessment, GesdOptions, IqrOptions, TestOptions, add_gesd_test, add_iqr_test, get_qc_test_index};
use atmokit_tests::read_oracle;

#[test]
fn irt_gesd_test() {
    let mut ds = read_oracle("sgpirt25m20sC1.a0.20190601.000000.cdf");
    let v = "inst_up_long_dome_resist";
    let qc = "qc_inst_up_long_dome_resist";
    {
        let mut d = ds.get_mut(v).unwrap().data_mut().view_mut::<f32>().unwrap();
        (0..4).chain(1000..1024).for_each(|i| d[[i]] += 30.0);
    }
    add_iqr_test(
        &mut ds,
        v,
        &IqrOptions { coef: 1.4 },
        &TestOptions::default().assessment(Assessment::Bad).prepend("arm"),
    )
    .unwrap();
    add_iqr_test(
        &mut ds,
        v,
        &IqrOptions::default(),
        &TestOptions::default().number(3).prepend("ACT"),
    )
    .unwrap();
    let qsum = |ds: &atmokit_core::Dataset| ds.view::<i32>(qc).unwrap().iter().map(|&x| i64::from(x)).sum::<i64>();
    assert_eq!(qsum(&ds), 140);
    let top = vec![1000, 1001, 1002, 1003, 1004, 1006, 1007, 1009];

    let r = add_gesd_test(
        &mut ds,
        v,
        &GesdOptions::default(),
        &TestOptions::default().assessment(Assessment::Bad),
    )
    .unwrap();
    assert_eq!((r.test_number, r.test_assessment.as_str()), (4, "Bad"));
    assert_eq!(
        r.test_meaning,
        "Value failed generalized Extreme Studentized Deviate test with an alpha of 0.05"
    );
    assert_eq!(get_qc_test_index(&ds, qc, 4).unwrap(), top);
    assert_eq!(qsum(&ds), 204);

    let r = add_gesd_test(
        &mut ds,
        v,
        &GesdOptions {
            alpha: 0.1,
            ..Default::default()
        },
        &TestOptions::default(),
    )
    .unwrap();
    assert_eq!((r.test_number, r.test_assessment.as_str()), (5, "Indeterminate"));
    assert_eq!(get_qc_test_index(&ds, qc, 5).unwrap(), top);
    assert_eq!(qsum(&ds), 332);

    // Fraction: ceil(0.01 · 4320) = 44 candidate outliers → every bumped sample.
    let r = add_gesd_test(
        &mut ds,
        v,
        &GesdOptions {
            outliers: 0.01,
            ..Default::default()
        },
        &TestOptions::default(),
    )
    .unwrap();
    let want: Vec<usize> = (0..4).chain(1000..1024).collect();
    assert_eq!(get_qc_test_index(&ds, qc, r.test_number).unwrap(), want);
    assert_eq!(qsum(&ds), 1228);
}
