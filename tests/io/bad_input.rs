//! Bad input: each gives a clear error naming the file, and no partial output.

use atmokit_core::{Dataset, Variable};
use atmokit_netcdf::{Error, ReadOptions, WriteOptions, read, read_arm_netcdf, write_netcdf};
use atmokit_tests::data_file;

#[test]
fn truncated_netcdf() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(data_file("sgpmetE13.b1.20190101.000000.cdf")).unwrap();
    let p = dir.path().join("sgpmetE13.b1.20190101.000000.cdf");
    std::fs::write(&p, &bytes[..bytes.len() / 3]).unwrap();
    let e = read(&p).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("sgpmetE13.b1.20190101.000000.cdf"), "{msg}");
    assert!(matches!(e, Error::Truncated { .. }), "{e:?}");
    assert!(msg.contains("truncated"), "{msg}");
    // A netCDF-4 (HDF5) file cut short is refused by libhdf5 itself.
    let nc4 = std::fs::read(data_file("sgpmetE40.b1.20190508.000000.cdf")).unwrap();
    let p4 = dir.path().join("cut4.nc");
    std::fs::write(&p4, &nc4[..nc4.len() / 2]).unwrap();
    let e = read(&p4).unwrap_err();
    assert!(e.to_string().contains("cut4.nc"), "{e}");
    // Cut inside the header.
    let p0 = dir.path().join("cut0.cdf");
    std::fs::write(&p0, &bytes[..200]).unwrap();
    assert!(read(&p0).is_err());
}

#[test]
fn not_netcdf() {
    let e = read(data_file("brw21001.dat")).unwrap_err();
    assert!(matches!(e, Error::Open { .. }), "{e:?}");
    assert!(
        e.to_string().contains("brw21001.dat") && e.to_string().contains("not a readable netCDF"),
        "{e}"
    );
}

#[test]
fn missing_file() {
    let e = read("/nonexistent/sgpmetE13.b1.20190101.000000.cdf").unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }));
    assert!(
        e.to_string()
            .contains("/nonexistent/sgpmetE13.b1.20190101.000000.cdf: no such file"),
        "{e}"
    );
    assert!(matches!(
        read_arm_netcdf::<&str>(&[], &ReadOptions::default()),
        Err(Error::NoFiles)
    ));
}

#[test]
fn unparseable_time_unit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("odd.nc");
    let mut ds = Dataset::new();
    ds.insert(
        "time",
        Variable::new(["time"], vec![0.0f64, 1.0])
            .unwrap()
            .with_attr("units", "seconds since launch"),
    )
    .unwrap();
    write_netcdf(&ds, &p, &WriteOptions::default()).unwrap();
    let e = read(&p).unwrap_err().to_string();
    assert!(
        e.contains("odd.nc") && e.contains("'time'") && e.contains("seconds since launch"),
        "{e}"
    );
    // The raw values are still reachable.
    let mut opts = ReadOptions::default();
    opts.decode.decode_times = false;
    let ds = read_arm_netcdf(&[&p], &opts).unwrap();
    assert_eq!(ds.get("time").unwrap().attr_str("units"), Some("seconds since launch"));
}

fn small() -> Dataset {
    let mut ds = Dataset::new();
    ds.insert("x", Variable::new(["time"], vec![1.0f32, 2.0]).unwrap())
        .unwrap();
    ds
}

#[test]
fn write_into_a_read_only_place() {
    // /proc refuses new files even to root.
    let e = write_netcdf(&small(), "/proc/atmokit-test.nc", &WriteOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("/proc/atmokit-test.nc"), "{e}");
    // A folder without write permission (only meaningful when not running as root).
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let mut perm = std::fs::metadata(&ro).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o555);
    std::fs::set_permissions(&ro, perm).unwrap();
    let root = std::fs::File::create(ro.join("probe")).is_ok();
    if !root {
        let e = write_netcdf(&small(), ro.join("out.nc"), &WriteOptions::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("out.nc"), "{e}");
        assert_eq!(std::fs::read_dir(&ro).unwrap().count(), 0);
    }
    // A folder that does not exist.
    let e = write_netcdf(&small(), dir.path().join("nope/out.nc"), &WriteOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not exist"), "{e}");
}

#[test]
fn a_failed_write_leaves_an_existing_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("keep.nc");
    write_netcdf(&small(), &target, &WriteOptions::default()).unwrap();
    let before = std::fs::read(&target).unwrap();
    let mut bad = small();
    bad.insert("flags", Variable::new(["time"], vec![1u64, 2]).unwrap())
        .unwrap();
    let opts = WriteOptions {
        format: atmokit_netcdf::Format::Classic,
        ..Default::default()
    };
    assert!(write_netcdf(&bad, &target, &opts).is_err());
    assert_eq!(std::fs::read(&target).unwrap(), before, "existing file unchanged");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 1, "no temp file left: {left:?}");
}
