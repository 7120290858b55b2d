//! SERI QC cleanup on `sgpsirsC1.b1.20040101` (ACT 2.3.4's unit tests). Expected per-test counts are
//! the counts of each raw code in the file (read with ncdump/numpy before cleanup: DNI codes
//! 1×986, 3×391, 11×26, 15×34, 19×3; diffuse 1×984, 3×391, 8×2, 11×26, 15×34, 19×3; LW 1×63,
//! 2×1377; SW↑ 1×944, 2×391, 8×105), mapped by the SERI tables; they equal ACT 2.3.4's counts
//! except for the diffuse variable, where ACT applies the longwave table (see `atmokit_qc::seri`).

use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_qc::{QcFlags, get_qc_test_mask};
use atmokit_tests::read_oracle;

fn counts(ds: &atmokit_core::Dataset, qc: &str) -> Vec<usize> {
    let f = QcFlags::read(ds, qc).unwrap();
    f.numbers
        .iter()
        .map(|&n| get_qc_test_mask(ds, qc, n).unwrap().iter().filter(|&&b| b).count())
        .collect()
}

#[test]
fn sirs_seri_qc_cleanup() {
    let mut ds = read_oracle("sgpsirsC1.b1.20040101.000000.cdf");
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    // 16 tests: missing, 11 codes, 4 decoded 10–93 tests.
    let sw = |c1: usize, c3: usize, c8: usize| vec![0, c1, 0, c3, 0, 0, c8, 0, 0, 0, 0, 0, 34, 3, 0, 26];
    assert_eq!(counts(&ds, "qc_short_direct_normal"), sw(986, 391, 0));
    assert_eq!(counts(&ds, "qc_down_short_hemisp"), sw(986, 391, 0));
    assert_eq!(counts(&ds, "qc_down_short_diffuse_hemisp"), sw(984, 391, 2));
    assert_eq!(counts(&ds, "qc_up_long_hemisp"), vec![0, 63, 1377, 0, 0, 0]);
    assert_eq!(counts(&ds, "qc_down_long_hemisp_shaded"), vec![0, 63, 1377, 0, 0, 0]);
    assert_eq!(counts(&ds, "qc_up_short_hemisp"), vec![0, 944, 391, 0, 105, 0]);
    let q = ds.view::<i32>("qc_short_direct_normal").unwrap();
    // ACT's QC sum for this variable: 1020908.
    assert_eq!(q.iter().map(|&x| i64::from(x)).sum::<i64>(), 1_020_908);
    let f = QcFlags::read(&ds, "qc_up_short_hemisp").unwrap();
    assert_eq!(
        f.assessments,
        ["Bad", "Not failing", "Not failing", "Bad", "Bad", "Bad"]
    );
    assert_eq!(f.meanings[0], "Value is set to missing_value.");
    assert_eq!(
        ds.get("short_direct_normal").unwrap().attr_str("ancillary_variables"),
        Some("qc_short_direct_normal")
    );
}
