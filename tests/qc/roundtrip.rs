//! Write → read round trips: QC added through the CLI's spec path, written with the netCDF writer
//! and read back, gives the same per-bit counts as the library; ARM on-disk form
//! (`to_arm_qc`) read back and cleaned up gives the same CF attributes.

use crate::common_qc::per_bit;
use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_qc::spec::{TestSpec, apply_all};
use atmokit_qc::*;
use atmokit_tests::read_oracle;

const FILE: &str = "sgpmetE13.b1.20190101.000000.cdf";
const SPECS: &[&str] = &[
    "temp_mean:missing_value",
    "temp_mean:less:-5.5",
    "temp_mean:greater:1.0:Suspect",
    "temp_mean:outside:-5,0.5",
    "temp_mean:delta:0.1",
    "rh_mean:persistence:10,0.0001",
    "rh_mean:inside:72,74:Indeterminate",
];

fn read_back(ds: &atmokit_core::Dataset) -> atmokit_core::Dataset {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("out.nc");
    atmokit_netcdf::write_netcdf(ds, &p, &atmokit_netcdf::WriteOptions::default()).unwrap();
    atmokit_netcdf::read_arm_netcdf(&[&p], &atmokit_netcdf::ReadOptions::default()).unwrap()
}

#[test]
fn spec_path_written_and_read_back_matches_library() {
    let mut via_spec = read_oracle(FILE);
    cleanup(&mut via_spec, &CleanupOptions::default()).unwrap();
    let specs: Vec<TestSpec> = SPECS.iter().map(|s| TestSpec::parse(s).unwrap()).collect();
    apply_all(&mut via_spec, &specs).unwrap();

    let mut lib = read_oracle(FILE);
    cleanup(&mut lib, &CleanupOptions::default()).unwrap();
    let d = TestOptions::default;
    add_missing_value_test(&mut lib, "temp_mean", None, &d()).unwrap();
    add_less_test(&mut lib, "temp_mean", -5.5, &d()).unwrap();
    add_greater_test(&mut lib, "temp_mean", 1.0, &d().assessment(Assessment::Suspect)).unwrap();
    add_outside_test(&mut lib, "temp_mean", -5.0, 0.5, &d()).unwrap();
    add_delta_test(&mut lib, "temp_mean", 0.1, &d()).unwrap();
    add_persistence_test(&mut lib, "rh_mean", &PersistenceOptions::default(), &d()).unwrap();
    add_inside_test(
        &mut lib,
        "rh_mean",
        72.0,
        74.0,
        &d().assessment(Assessment::Indeterminate),
    )
    .unwrap();

    let back = read_back(&via_spec);
    for qc in ["qc_temp_mean", "qc_rh_mean"] {
        let want = per_bit(&lib, qc);
        assert_eq!(per_bit(&back, qc), want, "{qc}: per-bit indices after write/read");
        assert!(want.iter().any(|(_, i)| !i.is_empty()), "{qc}: something flagged");
        let (a, b) = (QcFlags::read(&back, qc).unwrap(), QcFlags::read(&lib, qc).unwrap());
        assert_eq!(a, b, "{qc}: flags after write/read");
        for k in [
            "fail_min",
            "warn_max",
            "fail_lower_range",
            "fail_upper_range",
            "warn_delta",
        ] {
            assert_eq!(
                back.get(qc).unwrap().attrs().get(k).and_then(|v| v.as_f64()),
                lib.get(qc).unwrap().attrs().get(k).and_then(|v| v.as_f64()),
                "{qc}.{k}"
            );
        }
    }
}

#[test]
fn arm_on_disk_form_round_trips() {
    let mut ds = read_oracle(FILE);
    cleanup(&mut ds, &CleanupOptions::default()).unwrap();
    add_less_test(&mut ds, "temp_mean", -5.5, &TestOptions::default()).unwrap();
    let cf = ds.clone();
    to_arm::to_arm_qc(&mut ds).unwrap();
    let mut back = read_back(&ds);
    assert!(
        back.get("qc_temp_mean")
            .unwrap()
            .attrs()
            .contains_key("bit_5_description")
    );
    cleanup(&mut back, &CleanupOptions::default()).unwrap();
    for qc in ["qc_temp_mean", "qc_rh_mean", "qc_wdir_vec_mean"] {
        assert_eq!(
            QcFlags::read(&back, qc).unwrap(),
            QcFlags::read(&cf, qc).unwrap(),
            "{qc}"
        );
        assert_eq!(per_bit(&back, qc), per_bit(&cf, qc), "{qc}");
        for k in ["fail_min", "fail_max", "fail_delta"] {
            assert_eq!(
                back.get(qc).unwrap().attrs().get(k),
                cf.get(qc).unwrap().attrs().get(k),
                "{qc}.{k}"
            );
        }
    }
}

#[test]
fn bad_inputs_are_clear_errors() {
    let mut ds = read_oracle(FILE);
    let e = apply_all(&mut ds, &[TestSpec::parse("no_such_var:less:1").unwrap()]).unwrap_err();
    assert!(e.to_string().contains("no_such_var"), "{e}");
    let e = TestSpec::parse("temp_mean:less:cold").unwrap_err();
    assert!(e.to_string().contains("'cold' is not a number"), "{e}");
    let e = TestSpec::parse("temp_mean:too_warm").unwrap_err();
    assert!(e.to_string().contains("unknown test 'too_warm'"), "{e}");
    // A QC variable whose dims differ from its data variable's.
    let bad = atmokit_core::Variable::new(["other"], vec![0i32; 3]).unwrap();
    ds.remove("qc_rh_mean");
    ds.insert("qc_rh_mean", bad).unwrap();
    let e = apply_all(&mut ds, &[TestSpec::parse("rh_mean:less:1").unwrap()]).unwrap_err();
    assert!(e.to_string().contains("dims"), "{e}");
    // Raw ARM QC (not cleaned) is refused with a hint instead of mixing conventions.
    let e = apply_all(&mut ds, &[TestSpec::parse("temp_mean:less:1").unwrap()]).unwrap_err();
    assert!(e.to_string().contains("cleanup"), "{e}");
}
