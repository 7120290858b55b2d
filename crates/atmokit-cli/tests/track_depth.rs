//! `atmokit track` on a (time, depth, lat, lon) file: the constructed field of
//! `tests/track/ocetrac_deep.py` tracked with Ocetrac 0.1.7's DeepTracker settings gives
//! DeepTracker's labels cell by cell (up to renumbering), with the steps table beside them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/track/ocetrac_deep.nc")
}

#[test]
fn depth_file_tracks_as_ocetrac_deeptracker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deep.nc");
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .arg("track")
        .arg(fixture())
        .args([
            "--var",
            "mask",
            "--threshold",
            "0.5",
            "--radius",
            "2",
            "--min-size-quantile",
            "0.25",
        ])
        .args([
            "--min-area",
            "6",
            "--area",
            "cells",
            "--area-connectivity",
            "4",
            "--frac-filter",
            "0.25",
        ])
        .args([
            "--volume-ranking",
            "step-label",
            "--contain-thresh",
            "0.3",
            "--alpha",
            "1",
        ])
        .args(["--periodic", "no", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("6 events tracked in depth"), "{stdout}");
    let ours = atmokit_netcdf::read_raw(&out, &|_| true).unwrap();
    let theirs = atmokit_netcdf::read_raw(&fixture(), &|_| true).unwrap();
    let a: Vec<i32> = ours.values_f64("labels").unwrap().iter().map(|&v| v as i32).collect();
    let b: Vec<i32> = theirs
        .values_f64("labels_voxel")
        .unwrap()
        .iter()
        .map(|&v| v as i32)
        .collect();
    assert_eq!(a.len(), b.len());
    assert!(
        a.iter().zip(&b).all(|(x, y)| (*x > 0) == (*y > 0)),
        "the labelled cells differ"
    );
    let pairs: BTreeSet<(i32, i32)> = a
        .iter()
        .zip(&b)
        .filter(|(x, _)| **x > 0)
        .map(|(x, y)| (*x, *y))
        .collect();
    let left: BTreeSet<i32> = pairs.iter().map(|p| p.0).collect();
    let right: BTreeSet<i32> = pairs.iter().map(|p| p.1).collect();
    assert_eq!((pairs.len(), left.len(), right.len()), (6, 6, 6), "one-to-one");
    let steps = std::fs::read_to_string(dir.path().join("deep_steps.csv")).unwrap();
    assert!(steps.lines().count() > 6, "{steps}");
}
