//! Every netCDF-4 (HDF5) file of the ACT oracle passes the validator.

use std::path::Path;

use atmokit_hdf5::{Limits, check_file, is_hdf5};

#[test]
fn oracle_netcdf4_files_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle/data");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no oracle data at {}", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_hdf5(p))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 10,
        "expected the oracle's netCDF-4 files, found {}",
        paths.len()
    );
    let mut failed = Vec::new();
    for p in &paths {
        match check_file(p, &Limits::default()) {
            Ok(r) => println!("{}: {r:?}", p.display()),
            Err(e) => failed.push(e.to_string()),
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}
