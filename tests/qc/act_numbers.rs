//! Numbers ACT's own unit tests assert (ACT 2.3.4's unit tests) for QC, on the oracle data files.

use atmokit_core::summary::Summary;
use atmokit_qc::*;
use atmokit_tests::{assert_close, read_oracle};

/// IRT25m20s `inst_up_long_dome_resist`, raw read: counts of each limit test.
#[test]
fn irt_limit_test_counts() {
    let mut ds = read_oracle("sgpirt25m20sC1.a0.20190601.000000.cdf");
    let v = "inst_up_long_dome_resist";
    let o = TestOptions::default();
    let count = |ds: &atmokit_core::Dataset, r: &TestResult| {
        get_qc_test_index(ds, &r.qc_variable_name, r.test_number).unwrap().len()
    };
    let r = add_less_test(&mut ds, v, 6.8, &o).unwrap();
    assert_eq!(count(&ds, &r), 54, "less");
    let r = add_greater_test(&mut ds, v, 12.7, &o).unwrap();
    assert_eq!(count(&ds, &r), 61, "greater");
    let r = add_less_equal_test(&mut ds, v, 6.9, &o).unwrap();
    assert_eq!(count(&ds, &r), 149, "less_equal");
    let r = add_greater_equal_test(&mut ds, v, 12.0, &o).unwrap();
    assert_eq!(count(&ds, &r), 606, "greater_equal");
    let r = add_equal_to_test(&mut ds, v, 7.6705, &o).unwrap();
    assert_eq!(count(&ds, &r), 2, "equal_to");
    let r = add_not_equal_to_test(&mut ds, v, 7.6705, &o).unwrap();
    assert_eq!(count(&ds, &r), 4318, "not_equal_to");
    let r = add_outside_test(&mut ds, v, 6.8, 12.7, &o).unwrap();
    assert_eq!(count(&ds, &r), 115, "outside");
    // ACT's unit test asserts 479, but the file holds 480 values in [7, 8] whether the bounds are
    // inclusive or exclusive (counted from `ncdump -p 9,17`: index 0 is 7.84, and no value equals
    // 7 or 8), so 479 cannot come from this file with either semantics; 480 is what it holds.
    let r = add_inside_test(&mut ds, v, 7.0, 8.0, &o).unwrap();
    assert_eq!(count(&ds, &r), 480, "inside");
    assert_eq!(
        get_qc_test_index(&ds, &r.qc_variable_name, r.test_number).unwrap()[0],
        0
    );
    let r = add_delta_test(&mut ds, v, 0.05, &o).unwrap();
    assert_eq!(count(&ds, &r), 175, "delta");
}

fn nansum(ds: &atmokit_core::Dataset, v: &str) -> f64 {
    match Summary::of(ds.get(v).unwrap()) {
        Summary::Numeric(s) => s.sum.unwrap(),
        other => panic!("{v}: not numeric: {other:?}"),
    }
}

/// MET1 `datafilter`: sum(rh_mean) 104602.23; less-than-80 (Bad) and less-than-70 (Suspect)
/// removed by Bad → 7466.40; by Suspect only → 80244.33.
#[test]
fn met_datafilter_sums() {
    let base = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    assert_close("sum all", nansum(&base, "rh_mean"), 104602.23, 0.0, 0.02);
    let prep = || {
        let mut ds = base.clone();
        atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
        // ARM's tests describe `fail_min`: ACT reuses the name (in the history checked below),
        // atmokit by default writes `fail_min_2` (tests/qc/limits_guard.rs).
        let o = TestOptions::default().act_compatible(true);
        add_less_test(&mut ds, "rh_mean", 80.0, &o.clone().assessment(Assessment::Bad)).unwrap();
        add_less_test(&mut ds, "rh_mean", 70.0, &o.assessment(Assessment::Suspect)).unwrap();
        ds
    };
    let mut ds = prep();
    datafilter(&mut ds, &["rh_mean"], &["Bad"], &[], false).unwrap();
    assert_close("rm Bad", nansum(&ds, "rh_mean"), 7466.40, 0.0, 0.02);
    assert!(
        ds.get("rh_mean")
            .unwrap()
            .attr_str("history")
            .unwrap()
            .contains("act.qc.datafilter: Data value less than fail_min.")
    );
    let mut ds = prep();
    datafilter(&mut ds, &["rh_mean"], &["Suspect"], &[], false).unwrap();
    assert_close("rm Suspect", nansum(&ds, "rh_mean"), 80244.33, 0.0, 0.02);
}

/// MET1 atmospheric pressure test: data[200:250] += 5, data[500:550] -= 4.6 → 100 points;
/// after cleanup the test is number 5 (mask 16): QC sum 1600; on a fresh QC variable: 100.
#[test]
fn met_atmospheric_pressure_test() {
    for (clean, want_sum) in [(true, 1600i64), (false, 100)] {
        let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
        if clean {
            atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
        } else {
            ds.remove("qc_atmos_pressure");
        }
        {
            let mut p = ds
                .get_mut("atmos_pressure")
                .unwrap()
                .data_mut()
                .view_mut::<f32>()
                .unwrap();
            (200..250).for_each(|i| p[[i]] += 5.0);
            (500..550).for_each(|i| p[[i]] -= 4.6);
        }
        let r = add_atmospheric_pressure_test(
            &mut ds,
            "atmos_pressure",
            &PressureOptions::default(),
            &TestOptions::default(),
        )
        .unwrap();
        let q: i64 = ds
            .view::<i32>(&r.qc_variable_name)
            .unwrap()
            .iter()
            .map(|&v| i64::from(v))
            .sum();
        assert_eq!(q, want_sum, "cleanup={clean}");
        assert!(
            r.test_meaning
                .starts_with("Value outside of atmospheric pressure range test range: ")
        );
        assert!(r.test_meaning.ends_with(" kPa"));
    }
}

/// MET1 `create_qc_summary`: bit 4 on 100..200, bit 1 on 170..230, bit 2 on 250..400, bit 3 on
/// 450..510 (cleaned ARM QC) → summary sum 880, Suspect indices sum 9415, Incorrect 89415.
#[test]
fn met_create_qc_summary() {
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
    for var in ["temp_mean", "rh_mean"] {
        let qc = format!("qc_{var}");
        for (bit, a, b) in [(4u32, 100, 200), (1, 170, 230), (2, 250, 400), (3, 450, 510)] {
            let mask: Vec<bool> = (0..1440).map(|i| (a..b).contains(&i)).collect();
            set_test(&mut ds, &qc, &mask, bit, FlagKind::Masks).unwrap();
        }
    }
    atmokit_qc::create_summary::create_qc_summary(&mut ds, &Default::default()).unwrap();
    for var in ["temp_mean", "rh_mean"] {
        let qc = format!("qc_{var}");
        let q = ds.get(&qc).unwrap();
        assert!(!q.attrs().contains_key("flag_masks") && q.attrs().contains_key("flag_values"));
        let sum: i64 = ds.view::<i32>(&qc).unwrap().iter().map(|&v| i64::from(v)).sum();
        assert_eq!(sum, 880, "{qc}");
        let idxsum = |m: Vec<bool>| m.iter().enumerate().filter(|(_, b)| **b).map(|(i, _)| i).sum::<usize>();
        assert_eq!(idxsum(get_masked_mask(&mut ds, var, &["Suspect"], &[]).unwrap()), 9415);
        assert_eq!(
            idxsum(get_masked_mask(&mut ds, var, &["Incorrect"], &[]).unwrap()),
            89415
        );
    }
}

fn flagged(ds: &atmokit_core::Dataset, r: &TestResult) -> Vec<usize> {
    get_qc_test_index(ds, &r.qc_variable_name, r.test_number).unwrap()
}

/// MET1 step-change (CUSUM) numbers asserted by ACT's `test_add_step_change_test`.
#[test]
fn met_step_change_test() {
    // ACT reads with keep_variables=['temp_mean', 'atmos_pressure']: no QC variables.
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    ds.remove("qc_temp_mean");
    ds.remove("qc_atmos_pressure");
    let o = TestOptions::default();
    let r = add_step_change_test(&mut ds, "temp_mean", &StepChangeOptions::default(), &o).unwrap();
    assert_eq!(r.test_meaning, "Shift in data detected with CUSUM algorithm: k=1.0");
    assert_eq!((r.test_number, r.test_assessment.as_str()), (1, "Indeterminate"));
    assert!(flagged(&ds, &r).is_empty());
    {
        let mut d = ds.get_mut("temp_mean").unwrap().data_mut().view_mut::<f32>().unwrap();
        for (from, add) in [(100, -5.0f32), (600, 4.0), (800, 10.0), (1000, -2.0)] {
            (from..1440).for_each(|i| d[[i]] += add);
        }
    }
    let r = add_step_change_test(&mut ds, "temp_mean", &StepChangeOptions::default(), &o).unwrap();
    assert_eq!(flagged(&ds, &r), vec![99, 100, 599, 600, 799, 800, 999, 1000]);
    let r = add_step_change_test(
        &mut ds,
        "temp_mean",
        &StepChangeOptions {
            k: 4.0,
            ..Default::default()
        },
        &o,
    )
    .unwrap();
    assert_eq!(flagged(&ds, &r), vec![99, 100, 599, 600, 799, 800]);
    let r = add_step_change_test(
        &mut ds,
        "temp_mean",
        &StepChangeOptions {
            n_flagged: 3,
            ..Default::default()
        },
        &o,
    )
    .unwrap();
    assert_eq!(
        flagged(&ds, &r),
        vec![99, 100, 101, 599, 600, 601, 799, 800, 801, 999, 1000, 1001]
    );
    let r = add_step_change_test(
        &mut ds,
        "temp_mean",
        &StepChangeOptions {
            k: 5.1,
            n_flagged: -1,
            ..Default::default()
        },
        &o.clone().assessment(Assessment::Suspect),
    )
    .unwrap();
    assert_eq!(flagged(&ds, &r), (799..1440).collect::<Vec<_>>());
    assert_eq!(r.test_meaning, "Shift in data detected with CUSUM algorithm: k=5.1");
    let r = add_step_change_test(
        &mut ds,
        "atmos_pressure",
        &StepChangeOptions {
            detrend: false,
            ..Default::default()
        },
        &o,
    )
    .unwrap();
    assert!(flagged(&ds, &r).is_empty());

    // Hours 3-5 removed and +2 from index 600: the gap reads as a step unless add_nan.
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    {
        let mut d = ds.get_mut("temp_mean").unwrap().data_mut().view_mut::<f32>().unwrap();
        (600..1440).for_each(|i| d[[i]] += 2.0);
    }
    let keep: Vec<usize> = ds
        .time()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let hour = (**t / 3_600_000_000_000).rem_euclid(24);
            !(3..=5).contains(&hour)
        })
        .map(|(i, _)| i)
        .collect();
    let mut ds = ds.isel("time", &keep).unwrap();
    ds.remove("qc_temp_mean");
    let r = add_step_change_test(&mut ds, "temp_mean", &StepChangeOptions::default(), &o).unwrap();
    assert_eq!(flagged(&ds, &r), vec![179, 180, 419, 420]);
    let r = add_step_change_test(
        &mut ds,
        "temp_mean",
        &StepChangeOptions {
            add_nan: true,
            ..Default::default()
        },
        &o,
    )
    .unwrap();
    assert_eq!(flagged(&ds, &r), vec![419, 420]);
}

/// MFRSR relative variability (ACT's example and unit test): first diffuse filter +20 on
/// [1000, 1200), threshold 1 → test number 4, QC sum 2030, value[1200] = 8, bits of value[1000] = [4].
#[test]
fn mfrsr_relative_variability() {
    let mut ds = read_oracle("sgpmfrsr7nchE11.b1.20210329.070000.nc");
    atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
    let vars: Vec<String> = ds
        .names()
        .filter(|n| n.starts_with("diffuse_hemisp_narrowband_filter"))
        .map(str::to_string)
        .collect();
    {
        let x = ds.get_mut(&vars[0]).unwrap().data_mut();
        let mut a = x.view_mut::<f32>().unwrap();
        (1000..1200).for_each(|i| a[[i]] += 20.0);
    }
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    let r = add_relative_variability_test(&mut ds, &names, 1.0, 60, 1, &TestOptions::default()).unwrap();
    assert_eq!(r[0].test_number, 4);
    let q = ds.get(&r[0].qc_variable_name).unwrap().data().to_f64().unwrap();
    let sum: f64 = q.iter().filter(|v| v.is_finite()).sum();
    assert_eq!(sum, 2030.0);
    assert_eq!(q[[1200]], 8.0);
    assert_eq!(parse_bit(q[[1000]] as u64), vec![4]);
}

/// IRT IQR test (ACT `test_qcfilter2`): 28 values bumped +30 → coef 1.4 flags 28 (QC sum 28);
/// a second IQR test as number 3 (mask 4) → QC sum 140.
#[test]
fn irt_iqr_test() {
    let mut ds = read_oracle("sgpirt25m20sC1.a0.20190601.000000.cdf");
    let v = "inst_up_long_dome_resist";
    {
        let mut d = ds.get_mut(v).unwrap().data_mut().view_mut::<f32>().unwrap();
        (0..4).chain(1000..1024).for_each(|i| d[[i]] += 30.0);
    }
    let r = add_iqr_test(
        &mut ds,
        v,
        &IqrOptions { coef: 1.4 },
        &TestOptions::default().assessment(Assessment::Bad).prepend("arm"),
    )
    .unwrap();
    assert_eq!(
        r.test_meaning,
        "arm: Value outside of interquartile range test range with a coefficient of 1.4"
    );
    let qsum = |ds: &atmokit_core::Dataset| {
        ds.view::<i32>("qc_inst_up_long_dome_resist")
            .unwrap()
            .iter()
            .map(|&x| i64::from(x))
            .sum::<i64>()
    };
    assert_eq!(qsum(&ds), 28);
    let r = add_iqr_test(
        &mut ds,
        v,
        &IqrOptions::default(),
        &TestOptions::default().number(3).prepend("ACT"),
    )
    .unwrap();
    assert_eq!(
        r.test_meaning,
        "ACT: Value outside of interquartile range test range with a coefficient of 1.5"
    );
    assert_eq!(qsum(&ds), 140);
    assert_eq!(
        ds.get("qc_inst_up_long_dome_resist").unwrap().attrs()["flag_masks"]
            .as_f64_vec()
            .unwrap(),
        vec![1.0, 4.0]
    );
}

fn nanmean(ds: &atmokit_core::Dataset, v: &str) -> f64 {
    match Summary::of(ds.get(v).unwrap()) {
        Summary::Numeric(s) => s.mean.unwrap(),
        other => panic!("{v}: not numeric: {other:?}"),
    }
}

/// ACT `test_datafilter`: atmos_pressure mean 98.86; after a less-than-99 Bad test and
/// datafilter(Bad) 99.15; with del_qc_var only that QC variable disappears, or all of them.
#[test]
fn met_datafilter_means_and_qc_removal() {
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
    assert_close("mean before", nanmean(&ds, "atmos_pressure"), 98.86, 0.0, 0.01);
    add_less_test(
        &mut ds,
        "atmos_pressure",
        99.0,
        &TestOptions::default().assessment(Assessment::Bad),
    )
    .unwrap();
    let mut f = ds.clone();
    datafilter(&mut f, &[], &["Bad"], &[], false).unwrap();
    assert_close("mean after", nanmean(&f, "atmos_pressure"), 99.15, 0.0, 0.01);
    assert!(
        f.get("atmos_pressure")
            .unwrap()
            .attr_str("history")
            .unwrap()
            .contains("act.qc.datafilter")
    );
    let mut f = ds.clone();
    datafilter(&mut f, &["atmos_pressure"], &["Bad"], &[], true).unwrap();
    assert_close("mean after, one var", nanmean(&f, "atmos_pressure"), 99.15, 0.0, 0.01);
    assert!(!f.contains("qc_atmos_pressure") && f.contains("qc_temp_mean"));
    let mut f = ds.clone();
    datafilter(&mut f, &[], &["Bad"], &[], true).unwrap();
    assert_eq!(f.names().filter(|n| n.starts_with("qc_")).count(), 0);
}

/// MET1 atmospheric pressure test meaning with `act_compat` (float32 `alt` = 318 m): ACT 2.3.4's
/// own strings, from `ds.clean.cleanup(); ds.qcfilter.add_atmospheric_pressure_test('atmos_pressure')`
/// on the file as read, and again after `atmos_pressure` × 10 with units `hPa`. atmokit's default
/// prints the rounded limits.
#[test]
fn met_atmospheric_pressure_meaning_act_compat() {
    let run = |hpa: bool, act: bool| {
        let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
        atmokit_qc::cleanup::cleanup(&mut ds, &Default::default()).unwrap();
        if hpa {
            let v = ds.get_mut("atmos_pressure").unwrap();
            v.data_mut().view_mut::<f32>().unwrap().mapv_inplace(|x| x * 10.0);
            v.attrs_mut().insert("units".into(), "hPa".into());
        }
        let o = TestOptions::default().act_compatible(act);
        add_atmospheric_pressure_test(&mut ds, "atmos_pressure", &PressureOptions::default(), &o)
            .unwrap()
            .test_meaning
    };
    let m = "Value outside of atmospheric pressure range test range: ";
    assert_eq!(
        run(false, true),
        format!("{m}94.41000366210938 to 101.41000366210938 kPa")
    );
    assert_eq!(
        run(true, true),
        format!("{m}944.1099853515625 to 1014.1099853515625 hPa")
    );
    assert_eq!(run(false, false), format!("{m}94.41 to 101.41 kPa"));
    assert_eq!(run(true, false), format!("{m}944.11 to 1014.11 hPa"));
}
