//! The validator on a file's bytes in memory gives the same report and chunk maps as on the
//! file, and refuses a damaged copy with an error naming the in-memory name.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use atmokit_hdf5::{Error, Limits, check_bytes, check_file, chunked_datasets, chunked_datasets_bytes, is_hdf5};

fn oracle_hdf5() -> Vec<PathBuf> {
    let dir = std::env::var("ATMOKIT_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"))
        .join("data");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_hdf5(p))
        .collect();
    paths.sort();
    paths
}

#[test]
fn bytes_equal_file() {
    let paths = oracle_hdf5();
    if paths.is_empty() {
        println!("skipped: no oracle data");
        return;
    }
    let limits = Limits::default();
    let mut checked = 0;
    for p in &paths {
        let bytes: Arc<[u8]> = std::fs::read(p).unwrap().into();
        let name = Path::new("a.tar.gz/member.nc");
        let from_file = check_file(p, &limits);
        let from_bytes = check_bytes(name, bytes.clone(), &limits);
        assert_eq!(
            format!("{:?}", from_file.ok()),
            format!("{:?}", from_bytes.ok()),
            "{}",
            p.display()
        );
        let f = chunked_datasets(p, &limits).ok();
        let b = chunked_datasets_bytes(name, bytes, &limits).ok();
        assert_eq!(format!("{f:?}"), format!("{b:?}"), "{}", p.display());
        checked += usize::from(f.is_some());
    }
    assert!(
        checked >= 10,
        "expected the oracle's netCDF-4 files to pass, {checked} did"
    );
}

#[test]
fn damaged_bytes_are_refused_with_the_name() {
    let Some(p) = oracle_hdf5().into_iter().next() else {
        println!("skipped: no oracle data");
        return;
    };
    let mut bytes = std::fs::read(&p).unwrap();
    // Keep the signature, cut the file short: every address past the cut is out of range.
    bytes.truncate(200);
    let name = Path::new("a.tar.gz/member.nc");
    let err = check_bytes(name, bytes.into(), &Limits::default()).unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("a.tar.gz/member.nc"), "{err}");
}
