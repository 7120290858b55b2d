//! `read_arm_mmcr` on the constructed MMCR files of `tests/io/mmcr` (`make_mmcr.py`): the counts
//! follow from how the files were built (modes 0–3 interleaved over 36 and 24 profiles, 20, 14,
//! 20 and 9 gates, mode 4 never run), the values from the interleaved variables.

use atmokit_netcdf::mmcr::{MmcrOptions, read_arm_mmcr};
use std::path::PathBuf;

fn files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("io/mmcr");
    vec![
        dir.join("sgpmmcrC1.b1.20250101.001000.cdf"),
        dir.join("sgpmmcrC1.b1.20250101.000000.cdf"),
    ]
}

#[test]
fn modes_split_as_built() {
    let one = read_arm_mmcr(&files()[1..], &MmcrOptions::default()).unwrap();
    for (mode, gates) in [("BL", 20), ("CI", 14), ("GE", 20), ("PR", 9)] {
        assert_eq!(one.dim_len(&format!("time_{mode}")), Some(9), "{mode}");
        assert_eq!(one.dim_len(&format!("range_{mode}")), Some(gates), "{mode}");
    }
    assert!(!one.contains("Reflectivity_XX"), "the mode that never ran");
    // Profile 2 is mode GE's first: its gates are the first 20 of the interleaved row 2.
    let all = one.values_f64("Reflectivity").unwrap();
    let ge = one.values_f64("Reflectivity_GE").unwrap();
    let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
    assert!((0..20).all(|j| same(ge[j], all[2 * 20 + j])));
    // Mode PR (profiles 3, 7, ...) keeps 9 of the 20 gates.
    let pr = one.values_f64("Reflectivity_PR").unwrap();
    assert!((0..9).all(|j| same(pr[9 + j], all[7 * 20 + j])));
    // Two files (given out of order; sorted by name, as ACT): 60 profiles, 15 of each mode.
    let two = read_arm_mmcr(&files(), &MmcrOptions::default()).unwrap();
    assert_eq!(two.dim_len("time"), Some(60));
    assert_eq!(two.dim_len("time_BL"), Some(15));
    let t = two.time_of("time_BL").unwrap();
    assert_eq!(
        t[9] - t[0],
        600_000_000_000,
        "the second file's first BL profile is at 00:10"
    );
    assert!(read_arm_mmcr::<PathBuf>(&[], &MmcrOptions::default()).is_err());
}
