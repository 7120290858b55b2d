//! `atmokit movie`: GIFs from PNG frames that the CLI plots itself from the SGP met day.

use std::path::PathBuf;
use std::process::Command;

fn oracle(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracle/data")
        .join(name)
}

/// A folder of three plots → a GIF with three frames at the asked rate; a folder without PNGs
/// is a clear error and writes nothing.
#[test]
fn movie_from_a_folder_of_plots() {
    let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
    let bin = env!("CARGO_BIN_EXE_atmokit");
    let dir = tempfile::tempdir().unwrap();
    let frames = dir.path().join("frames");
    std::fs::create_dir(&frames).unwrap();
    for (k, var) in ["temp_mean", "rh_mean", "atmos_pressure"].iter().enumerate() {
        let png = frames.join(format!("{k}.png"));
        let o = Command::new(bin)
            .arg("plot")
            .arg(&met)
            .args(["--var", var, "--width", "400", "--panel-height", "200", "-o"])
            .arg(&png)
            .output()
            .unwrap();
        assert!(o.status.success(), "plot {var}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let gif = dir.path().join("met.gif");
    let o = Command::new(bin)
        .arg("movie")
        .arg(&frames)
        .arg("-o")
        .arg(&gif)
        .args(["--fps", "2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("3 frames") && text.contains("500 ms"), "{text}");
    assert_eq!(&std::fs::read(&gif).unwrap()[..6], b"GIF89a");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("notes.txt"), "x").unwrap();
    let bad = dir.path().join("e.gif");
    let o = Command::new(bin)
        .arg("movie")
        .arg(&empty)
        .arg("-o")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no PNG frames"));
    assert!(!bad.exists());
}
