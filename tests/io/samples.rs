//! The committed sample files in `data/` are what the generator makes.

use std::path::PathBuf;

#[test]
fn regenerating_the_samples_gives_the_committed_values() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data");
    let dir = tempfile::tempdir().unwrap();
    let fresh = atmokit_samples::write_all(dir.path()).unwrap();
    assert!(!fresh.is_empty());
    let mut total = 0;
    for f in fresh {
        let name = f.file_name().unwrap();
        let committed = data.join(name);
        total += std::fs::metadata(&committed)
            .unwrap_or_else(|_| panic!("{} is not in data/", committed.display()))
            .len();
        let a = atmokit_netcdf::read(&committed).unwrap();
        let b = atmokit_netcdf::read(&f).unwrap();
        assert!(
            a.identical(&b),
            "{}: regenerated values differ; run `cargo run -p atmokit-samples -- data`",
            name.to_string_lossy()
        );
    }
    assert!(total < 2_000_000, "samples stay small ({total} bytes)");
}

#[test]
fn the_sample_met_days_read_as_one_dataset() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data");
    let files: Vec<PathBuf> = (0..3)
        .map(|d| data.join(atmokit_samples::met_day::file_name(d)))
        .collect();
    let ds = atmokit_netcdf::read_arm_netcdf(&files, &Default::default()).unwrap();
    assert_eq!(ds.dim_len("time"), Some(3 * 1420));
    assert_eq!(ds.attr_str("_datastream"), Some("atkmetS1.b1"));
    // -9999 became NaN, QC stayed int32 with ARM's bit 1 set there.
    let t = ds.view::<f32>("temp_mean").unwrap();
    let qc = ds.view::<i32>("qc_temp_mean").unwrap();
    assert!(t[[100]].is_nan());
    assert_eq!(qc[[100]] & 1, 1);
}
