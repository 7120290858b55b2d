//! A limit test after ARM → CF cleanup: ARM's own tests describe `fail_min`, so atmokit's
//! `add_less_test` keeps ARM's limit and writes its own as `fail_min_2` (ACT overwrites it and
//! the file then misstates ARM's test), flagging the same samples as ACT.

use atmokit_core::AttrValue;
use atmokit_qc::*;
use atmokit_tests::expected;

#[test]
fn arm_limits_survive_a_new_limit_test() {
    // Read, clean up and edit as the oracle script does.
    let mut ds = crate::tests_met::prepare("cleanup");
    let attr = |ds: &atmokit_core::Dataset, k: &str| ds.get("qc_temp_mean").unwrap().attrs().get(k).cloned();
    let arm_min = attr(&ds, "fail_min").expect("ARM's qc_temp_mean has fail_min");
    let r = add_less_test(&mut ds, "temp_mean", -5.5, &TestOptions::default()).unwrap();
    assert_eq!(r.test_meaning, "Data value less than fail_min_2.");
    assert!(attr(&ds, "fail_min").unwrap().identical(&arm_min));
    assert_eq!(attr(&ds, "fail_min_2").and_then(|a| a.as_f64()), Some(-5.5));
    assert!(matches!(attr(&ds, "fail_min_2"), Some(AttrValue::F32(_))));
    // The same samples as ACT's call on the same data (the oracle's cleanup run, test 6).
    let want = expected("qc_tests_met_cleanup")["tests_in_order"][1]["count_flagged_now"]
        .as_u64()
        .unwrap();
    let n = get_qc_test_index(&ds, &r.qc_variable_name, r.test_number)
        .unwrap()
        .len();
    assert_eq!(n as u64, want);
}
