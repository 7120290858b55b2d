//! `info` and `convert` on `.tar.gz` archives of oracle files (netCDF-4, netCDF classic and
//! text members) equal the plain reads of the same files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn oracle(name: &str) -> PathBuf {
    let root = std::env::var_os("ATMOKIT_ORACLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"));
    root.join("data").join(name)
}

fn atmokit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit")).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn tar_gz(path: &Path, files: &[PathBuf]) {
    let mut b = tar::Builder::new(Vec::new());
    for f in files {
        b.append_path_with_name(f, f.file_name().unwrap()).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&b.into_inner().unwrap()).unwrap();
    std::fs::write(path, gz.finish().unwrap()).unwrap();
}

/// `info --json` of `inputs`, with the `history` attribute (which names the command's inputs) removed.
fn info(inputs: &[&str]) -> serde_json::Value {
    let mut args = vec!["info", "--json"];
    args.extend(inputs);
    let o = atmokit(&args);
    assert!(o.status.success(), "{inputs:?}: {}", String::from_utf8_lossy(&o.stderr));
    let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    if let Some(a) = v.get_mut("attrs").and_then(|a| a.as_object_mut()) {
        a.remove("history");
    }
    v
}

#[test]
fn info_and_convert_of_a_tar_gz_equal_the_plain_reads() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str])] = &[
        ("netcdf4", &["sgpmetE40.b1.20190508.000000.cdf"]),
        ("netcdf4_aos", &["maraosmetM1.a1.20180201.000000.nc"]),
        (
            "classic",
            &["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"],
        ),
        ("sodar", &["sodar.20230404.mnd"]),
        ("psl_met", &["ayp22199.21m", "ayp22200.00m"]),
    ];
    for (tag, names) in cases {
        let files: Vec<PathBuf> = names.iter().map(|n| oracle(n)).collect();
        let archive = dir.path().join(format!("{tag}.tar.gz"));
        tar_gz(&archive, &files);
        let plain: Vec<&str> = files.iter().map(|f| s(f)).collect();
        let a = info(&[s(&archive)]);
        assert_eq!(
            a,
            info(&plain),
            "{tag}: info of the archive differs from the plain read"
        );
        let (out_a, out_p) = (
            dir.path().join(format!("{tag}_a.nc")),
            dir.path().join(format!("{tag}_p.nc")),
        );
        let o = atmokit(&["convert", s(&archive), "-o", s(&out_a)]);
        assert!(o.status.success(), "{tag}: {}", String::from_utf8_lossy(&o.stderr));
        let mut args = vec!["convert"];
        args.extend(&plain);
        args.extend(["-o", s(&out_p)]);
        assert!(atmokit(&args).status.success());
        assert_eq!(info(&[s(&out_a)]), info(&[s(&out_p)]), "{tag}: converted files differ");
    }
}

#[test]
fn a_damaged_netcdf4_member_is_refused_naming_archive_and_member() {
    let dir = tempfile::tempdir().unwrap();
    let mut h5 = std::fs::read(oracle("sgpmetE40.b1.20190508.000000.cdf")).unwrap();
    for b in &mut h5[8..120] {
        *b = 0xee;
    }
    let bad = dir.path().join("sgpmetE40.b1.20190508.000000.cdf");
    std::fs::write(&bad, &h5).unwrap();
    let archive = dir.path().join("bad.tar.gz");
    tar_gz(&archive, &[bad]);
    let o = atmokit(&["info", s(&archive)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("bad.tar.gz/sgpmetE40.b1.20190508.000000.cdf"), "{err}");
    assert!(
        !err.contains("atmokit-member-"),
        "the temporary file is not shown: {err}"
    );
}
