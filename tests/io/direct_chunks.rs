//! The direct chunk reader (raw bytes of chunked and contiguous netCDF-4 variables read and
//! decoded without libnetcdf) gives exactly what libnetcdf gives: on every netCDF-4 oracle file,
//! and on files made by `tests/io/direct_chunks.py` with each filter and chunk shape it handles
//! (deflate levels 1, 4, 9, shuffle on and off, Fletcher-32, partial edge chunks, an unlimited
//! dimension, 2-D variables, big-endian storage, h5py's fixed-array and version-2 B-tree
//! indexes). A damaged chunk is a clear error naming the variable, never wrong values.

use atmokit_core::Dataset;
use atmokit_netcdf::{Error, direct_chunk_variables, read_raw, read_raw_libnetcdf};
use atmokit_tests::oracle_dir;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Both readers agree bit for bit; returns the variables the direct reader took.
fn same(p: &Path) -> Vec<String> {
    let direct = direct_chunk_variables(p).unwrap_or_else(|e| panic!("{e}"));
    let ours = read_raw(p, &|_| true).unwrap_or_else(|e| panic!("{e}"));
    let theirs = read_raw_libnetcdf(p, &|_| true).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ours.identical(&theirs),
        "{}: the direct reader differs from libnetcdf",
        p.display()
    );
    bits_equal(&ours, &theirs, p);
    direct
}

fn bits_equal(a: &Dataset, b: &Dataset, p: &Path) {
    for (name, v) in a.variables() {
        let w = b.get(name).unwrap();
        assert_eq!(v.dtype(), w.dtype(), "{}: {name}", p.display());
        if let (Some(x), Some(y)) = (v.data().iter_f64(), w.data().iter_f64()) {
            let same = x.zip(y).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "{}: {name} differs", p.display());
        }
    }
}

#[test]
fn every_netcdf4_oracle_file_reads_as_libnetcdf_reads_it() {
    let mut dir: Vec<_> = std::fs::read_dir(oracle_dir().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| atmokit_hdf5::is_hdf5(p))
        .collect();
    dir.sort();
    let (mut files, mut direct) = (0, 0);
    for p in &dir {
        let d = same(p);
        println!("{}: {} variables read directly", p.display(), d.len());
        direct += d.len();
        files += 1;
    }
    assert!(files >= 10, "only {files} netCDF-4 oracle files");
    assert!(direct > 0, "the direct reader read no variable of the oracle files");
}

fn python() -> Option<PathBuf> {
    let py = match std::env::var_os("ATMOKIT_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(&std::env::var_os("HOME")?).join(".cache/atmokit/venv/bin/python"),
    };
    let ok = Command::new(&py).args(["-c", "import netCDF4, h5py"]).output().ok()?;
    ok.status.success().then_some(py)
}

fn generated() -> Option<tempfile::TempDir> {
    let Some(py) = python() else {
        println!("skipped: no Python with netCDF4 and h5py (ATMOKIT_PYTHON or scripts/python-env.sh)");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("io/direct_chunks.py");
    let out = Command::new(py).arg(script).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(dir)
}

#[test]
fn each_filter_and_chunk_shape_reads_as_libnetcdf_reads_it() {
    let Some(dir) = generated() else { return };
    let mut d = same(&dir.path().join("filters.nc"));
    d.sort();
    assert_eq!(
        d,
        [
            "all",
            "big",
            "counts",
            "flags",
            "fletcher",
            "i64",
            "plain",
            "time",
            "z1",
            "z9_shuffle"
        ],
        "every variable of filters.nc is read directly"
    );
    let mut d = same(&dir.path().join("latest.h5"));
    d.sort();
    assert_eq!(d, ["fixed", "two_unlimited"]);
}

#[test]
fn a_damaged_chunk_is_an_error_not_wrong_values() {
    let Some(dir) = generated() else { return };
    let p = dir.path().join("filters.nc");
    let orig = std::fs::read(&p).unwrap();
    let maps = atmokit_hdf5::chunked_datasets(&p, &atmokit_hdf5::Limits::default())
        .unwrap()
        .1;
    for (var, filter) in [("/fletcher", "Fletcher-32"), ("/z1", "deflate")] {
        let c = &maps[var].chunks[3];
        let mut data = orig.clone();
        let at = (c.addr + c.size / 2) as usize;
        data[at] ^= 0x10;
        let q = dir.path().join("damaged.nc");
        std::fs::write(&q, &data).unwrap();
        let e = read_raw(&q, &|n| format!("/{n}") == var).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, Error::DamagedData { .. }), "{var}: {msg}");
        assert!(msg.contains(&var[1..]) && msg.contains(filter), "{var}: {msg}");
        // A stored size past the end: the file cut inside the chunk.
        let q2 = dir.path().join("cut.nc");
        std::fs::write(&q2, &orig[..(c.addr + c.size / 2) as usize]).unwrap();
        assert!(read_raw(&q2, &|n| format!("/{n}") == var).is_err());
    }
}
