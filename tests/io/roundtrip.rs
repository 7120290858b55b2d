//! Round trip: every netCDF file of the oracle read → written (classic and netCDF-4) → read gives
//! an identical Dataset (bit-exact values, equal attrs and dtypes).

use atmokit_core::{DType, Dataset};
use atmokit_netcdf::{Format, ReadOptions, WriteOptions, read_arm_netcdf, write_netcdf};
use atmokit_tests::oracle_dir;
use std::path::{Path, PathBuf};

fn netcdf_files() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(oracle_dir().join("data"))
        .expect("oracle data folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            let mut magic = [0u8; 4];
            std::fs::File::open(p)
                .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
                .is_ok_and(|_| &magic[..3] == b"CDF" || &magic == b"\x89HDF")
        })
        .collect();
    out.sort();
    out
}

/// Types netCDF classic cannot store.
fn classic_can_hold(ds: &Dataset) -> bool {
    ds.variables().all(|(_, v)| {
        let on_disk = v.encoding().dtype.unwrap_or(v.dtype());
        !matches!(on_disk, DType::U16 | DType::U32 | DType::U64 | DType::I64)
            && v.attrs().values().all(|a| {
                !matches!(
                    a,
                    atmokit_core::AttrValue::U16(_)
                        | atmokit_core::AttrValue::U32(_)
                        | atmokit_core::AttrValue::U64(_)
                        | atmokit_core::AttrValue::I64(_)
                        | atmokit_core::AttrValue::Strs(_)
                )
            })
    })
}

fn roundtrip(file: &Path, opts: &ReadOptions, format: Format, dir: &Path) -> Result<(), String> {
    let a = read_arm_netcdf(&[file], opts).map_err(|e| format!("first read: {e}"))?;
    // Same file name, so the names-derived attrs (_file_dates…) agree too.
    let out = dir.join(file.file_name().unwrap());
    // Keep the `_`-prefixed read-time attrs that ACT strips: a few sample files carry them on
    // disk, and the point here is that nothing is lost.
    let w = WriteOptions {
        format,
        cleanup_global_atts: false,
        ..WriteOptions::default()
    };
    write_netcdf(&a, &out, &w).map_err(|e| format!("write: {e}"))?;
    let b = read_arm_netcdf(&[&out], opts).map_err(|e| format!("second read: {e}"))?;
    std::fs::remove_file(&out).ok();
    if a.identical(&b) {
        return Ok(());
    }
    let mut why = Vec::new();
    if a.dims() != b.dims() {
        why.push(format!("dims {:?} vs {:?}", a.dims(), b.dims()));
    }
    let an: Vec<&str> = a.names().collect();
    let bn: Vec<&str> = b.names().collect();
    if an != bn {
        why.push(format!("variable order {an:?} vs {bn:?}"));
    }
    if !atmokit_core::attrs::attrs_identical(a.attrs(), b.attrs()) {
        why.push("global attrs differ".to_string());
    }
    for (k, v) in a.variables() {
        match b.var(k) {
            None => why.push(format!("'{k}' missing")),
            Some(w) if !v.identical(w) => why.push(format!(
                "'{k}' differs ({} vs {}; attrs equal: {})",
                v.dtype(),
                w.dtype(),
                v.attrs() == w.attrs()
            )),
            _ => {}
        }
    }
    Err(why.join("; "))
}

#[test]
fn every_oracle_netcdf_file_round_trips() {
    let files = netcdf_files();
    assert!(
        files.len() >= 30,
        "expected the oracle's netCDF files, found {}",
        files.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut n_classic = 0;
    for f in &files {
        for (label, opts) in [
            ("decoded", ReadOptions::default()),
            ("raw", ReadOptions::default().raw()),
        ] {
            let first = read_arm_netcdf(&[f], &opts).unwrap_or_else(|e| panic!("{e}"));
            let mut formats = vec![Format::Netcdf4];
            if classic_can_hold(&first) {
                formats.push(Format::Classic);
                n_classic += 1;
            }
            for fmt in formats {
                if let Err(e) = roundtrip(f, &opts, fmt, dir.path()) {
                    failures.push(format!(
                        "{} ({label}, {fmt:?}): {e}",
                        f.file_name().unwrap().to_string_lossy()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} round-trip failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(n_classic >= 30, "most ARM files are classic-compatible ({n_classic})");
}

#[test]
fn classic_refuses_types_it_cannot_hold_with_a_clear_error() {
    let mut ds = Dataset::new();
    ds.insert("flags", atmokit_core::Variable::new(["time"], vec![1u32, 2]).unwrap())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.nc");
    let e = write_netcdf(
        &ds,
        &out,
        &WriteOptions {
            format: Format::Classic,
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("flags") && e.contains("uint32") && e.contains("x.nc"), "{e}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temp file left behind"
    );
    write_netcdf(&ds, &out, &WriteOptions::default()).unwrap();
    let back = atmokit_netcdf::read(&out).unwrap();
    assert_eq!(back.get("flags").unwrap().data(), ds.get("flags").unwrap().data());
}

#[test]
fn act_writer_conventions() {
    // flag_meanings kept as a list in memory are joined with spaces, inner spaces → "__".
    let mut ds = atmokit_tests::read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let qc = ds.get_mut("qc_temp_mean").unwrap();
    qc.attrs_mut().insert(
        "flag_meanings".into(),
        vec!["Value is missing".to_string(), "Too low".to_string()].into(),
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sgpmetE13.b1.20190101.000000.nc");
    let opts = WriteOptions {
        cf_compliant: true,
        history: Some("written by a test".into()),
        ..Default::default()
    };
    write_netcdf(&ds, &out, &opts).unwrap();
    let raw = atmokit_netcdf::read_raw(&out, &|_| true).unwrap();
    assert_eq!(
        raw.get("qc_temp_mean").unwrap().attr_str("flag_meanings"),
        Some("Value__is__missing Too__low")
    );
    assert!(
        raw.attrs().keys().all(|k| !k.starts_with('_')),
        "ACT's private attrs are not written"
    );
    assert_eq!(raw.get("time").unwrap().attr_str("axis"), Some("T"));
    assert_eq!(raw.get("time").unwrap().attr_str("standard_name"), Some("time"));
    assert_eq!(raw.get("alt").unwrap().attr_str("positive"), Some("up"));
    assert_eq!(raw.attr_str("FeatureType"), Some("timeSeries"));
    assert!(raw.attr_str("Conventions").unwrap().contains("CF-1.8"));
    assert_eq!(raw.attrs().keys().last().map(String::as_str), Some("history"));
    assert!(raw.attr_str("history").unwrap().ends_with("written by a test"));
    // base_time's `string` attr is kept (ACT renames it `base_time_string`; libnetcdf writes it
    // fine, and keeping it lets files round-trip); time is unlimited as in the source.
    assert!(raw.get("base_time").unwrap().attrs().contains_key("string"));
    assert_eq!(raw.unlimited_dims(), &["time".to_string()]);
}

#[test]
fn unlimited_variables_get_even_4_mib_chunks() {
    // 2.592 M float32 values = 10.4 MB: three chunks of 864,000 values (not libnetcdf 4.9's 512).
    let n = 2_592_000usize;
    let mut ds = Dataset::new();
    ds.insert("x", atmokit_core::Variable::new(["time"], vec![1.5f32; n]).unwrap())
        .unwrap();
    ds.insert("y", atmokit_core::Variable::new(["time"], vec![2u8; n]).unwrap())
        .unwrap();
    ds.set_unlimited("time", true);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chunks.nc");
    write_netcdf(&ds, &out, &WriteOptions::default()).unwrap();
    let back = atmokit_netcdf::read(&out).unwrap();
    assert_eq!(back.get("x").unwrap().encoding().chunk_sizes, Some(vec![864_000]));
    // 2.6 MB of bytes fit in one chunk.
    assert_eq!(back.get("y").unwrap().encoding().chunk_sizes, Some(vec![n]));
    assert_eq!(back.unlimited_dims(), &["time".to_string()]);
    assert!(back.get("x").unwrap().data().identical(ds.get("x").unwrap().data()));
}

#[test]
fn acts_default_global_attr_deletions_are_an_option() {
    // ACT 2.3.4's `write_netcdf(delete_global_attrs=['qc_standards_version', 'qc_method',
    // 'qc_comment'])` default: `WriteOptions::delete_global_attrs` with those three reproduces
    // it; by default atmokit keeps them.
    let mut ds = atmokit_tests::read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let acts = ["qc_standards_version", "qc_method", "qc_comment"];
    for k in acts {
        ds.attrs_mut().insert(k.into(), format!("{k} text").into());
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deleted.nc");
    let opts = WriteOptions {
        delete_global_attrs: acts.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    write_netcdf(&ds, &out, &opts).unwrap();
    let raw = atmokit_netcdf::read_raw(&out, &|_| true).unwrap();
    assert!(
        acts.iter().all(|k| !raw.attrs().contains_key(*k)),
        "{:?}",
        raw.attrs().keys()
    );
    assert!(raw.attrs().contains_key("datastream"));
    let kept = dir.path().join("kept.nc");
    write_netcdf(&ds, &kept, &WriteOptions::default()).unwrap();
    let raw = atmokit_netcdf::read_raw(&kept, &|_| true).unwrap();
    assert!(acts.iter().all(|k| raw.attrs().contains_key(*k)));
}
