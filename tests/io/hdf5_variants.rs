//! Files in the layouts netCDF4-python and h5py write (chunked, deflate + shuffle, Fletcher-32,
//! groups, dense attributes, fill values, unlimited dimensions, variable-length strings,
//! compact and contiguous storage, the newest HDF5 format) pass the netCDF-4 gate and read
//! through libnetcdf to the values they were written with.
//!
//! The files are made by `tests/io/hdf5_variants.py`, run with the project's Python environment
//! (`ATMOKIT_PYTHON`, else `~/.cache/atmokit/venv/bin/python`, which `scripts/python-env.sh`
//! makes); the test is skipped, saying why, when that Python or its netCDF4 and h5py modules
//! are missing.

use atmokit_core::{AttrValue, Data, Dataset};
use atmokit_hdf5::{Limits, check_file};
use atmokit_netcdf::{Input, ReadOptions, read_arm_netcdf_inputs, read_raw};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The project's Python, if it has netCDF4 and h5py.
fn python() -> Result<PathBuf, String> {
    let py = match std::env::var_os("ATMOKIT_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
            Path::new(&home).join(".cache/atmokit/venv/bin/python")
        }
    };
    if !py.exists() {
        return Err(format!("{} not found (scripts/python-env.sh makes it)", py.display()));
    }
    let ok = Command::new(&py)
        .args(["-c", "import netCDF4, h5py"])
        .output()
        .map_err(|e| format!("{}: {e}", py.display()))?;
    if !ok.status.success() {
        return Err(format!(
            "{} cannot import netCDF4 and h5py: {}",
            py.display(),
            String::from_utf8_lossy(&ok.stderr).trim()
        ));
    }
    Ok(py)
}

fn values(data: &Data) -> Vec<Value> {
    match data {
        Data::Str(a) => a.iter().map(|s| Value::from(s.as_str())).collect(),
        d => d
            .iter_f64()
            .expect("numeric data")
            .map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number))
            .collect(),
    }
}

fn attr_equals(a: &AttrValue, want: &Value) -> bool {
    match want {
        Value::String(s) => a.as_str() == Some(s.as_str()),
        Value::Number(n) => a.as_f64() == n.as_f64(),
        _ => false,
    }
}

fn check_attrs(file: &str, place: &str, attrs: &atmokit_core::Attrs, want: &Value) {
    for (k, v) in want.as_object().unwrap() {
        let got = attrs
            .get(k)
            .unwrap_or_else(|| panic!("{file}: {place} has no attribute {k}"));
        assert!(attr_equals(got, v), "{file}: {place} attribute {k}: {got:?} != {v}");
    }
}

/// The file's bytes in memory (an archive member: gate, direct chunk reader and libnetcdf's
/// `nc_open_mem`, nothing written to disk) read bit for bit as the file; the same bytes with
/// damaged HDF5 metadata are refused naming the in-memory name.
fn from_memory_equals_file(p: &Path) {
    let opts = ReadOptions::default().raw();
    let bytes: std::sync::Arc<[u8]> = std::fs::read(p).unwrap().into();
    let name = PathBuf::from("a.tar.gz").join(p.file_name().unwrap());
    let memory = Input::Memory {
        name: name.clone(),
        bytes: bytes.clone(),
    };
    let from_file = read_arm_netcdf_inputs(&[Input::File(p.to_path_buf())], &opts);
    let from_memory = read_arm_netcdf_inputs(&[memory], &opts);
    match (from_file, from_memory) {
        (Ok(a), Ok(b)) => assert!(a.identical(&b), "{}: memory read differs", p.display()),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("{}: file {:?} vs memory {:?}", p.display(), a.err(), b.err()),
    }
    let mut bad = bytes.to_vec();
    for b in bad.iter_mut().take(200).skip(8) {
        *b = 0xff;
    }
    let damaged = Input::Memory {
        name: name.clone(),
        bytes: bad.into(),
    };
    let e = read_arm_netcdf_inputs(&[damaged], &opts).unwrap_err().to_string();
    assert!(e.contains(&name.display().to_string()), "{e}");
}

fn check_entry(dir: &Path, e: &Value) {
    let file = e["file"].as_str().unwrap();
    let p = dir.join(file);
    // The validator either checks the whole file or names a feature it does not check yet
    // (then libnetcdf decides); it never calls a valid file damaged.
    match check_file(&p, &Limits::default()) {
        Ok(_) => {}
        Err(atmokit_hdf5::Error::Unsupported { reason, .. }) => eprintln!("{file}: not fully checked: {reason}"),
        Err(err) => panic!("{file} ({}): refused: {err}", e["writer"]),
    }
    let ds: Dataset = read_raw(&p, &|_| true).unwrap_or_else(|err| panic!("{file}: {err}"));
    from_memory_equals_file(&p);
    for (name, want) in e["vars"].as_object().unwrap() {
        let v = ds.get(name).unwrap_or_else(|err| panic!("{file}: {err}"));
        let shape: Vec<u64> = v.shape().iter().map(|&n| n as u64).collect();
        let want_shape: Vec<u64> = want["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        assert_eq!(shape, want_shape, "{file}: shape of {name}");
        assert_eq!(
            &values(v.data()),
            want["values"].as_array().unwrap(),
            "{file}: values of {name}"
        );
    }
    check_attrs(file, "the file", ds.attrs(), &e["attrs"]);
    for (name, want) in e["var_attrs"].as_object().unwrap() {
        check_attrs(file, name, ds.get(name).unwrap().attrs(), want);
    }
}

#[test]
fn netcdf4_python_and_h5py_variants_pass_the_gate_and_read_equal() {
    let py = match python() {
        Ok(p) => p,
        Err(why) => {
            eprintln!("hdf5 variants: skipped: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("io/hdf5_variants.py");
    let out = Command::new(&py).arg(&script).arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
    let entries = manifest.as_array().unwrap();
    assert!(entries.len() >= 13, "{} files", entries.len());
    for e in entries {
        check_entry(dir.path(), e);
    }
}
