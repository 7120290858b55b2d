//! `atmokit quicklook` through the binary: an unreadable file is shown on its day page and fails
//! the exit status while the other days are built; a re-run with nothing new rebuilds nothing;
//! a repaired file rebuilds only its day.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(args)
        .output()
        .expect("run atmokit")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_bad_file_fails_the_run_but_not_the_other_days() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for day in ["20250619", "20250620"] {
        let name = format!("atkmetS1.b1.{day}.000000.cdf");
        std::fs::copy(repo_data(&name), inputs.join(&name)).unwrap();
    }
    // Cut short: the header promises more than the file holds.
    let good = std::fs::read(repo_data("atkmetS1.b1.20250621.000000.cdf")).unwrap();
    std::fs::write(inputs.join("atkmetS1.b1.20250621.000000.cdf"), &good[..good.len() / 3]).unwrap();
    let out = dir.path().join("site");
    let o = run(&["quicklook", s(&inputs), "--out", s(&out), "--jobs", "1"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("1 datastream-day(s) could not be read") && err.contains("20250621"),
        "{err}"
    );
    assert!(err.contains("3 datastream-days built"), "{err}");
    let bad = std::fs::read_to_string(out.join("atkmetS1.b1/20250621/index.html")).unwrap();
    assert!(bad.contains("class=\"problems\""));
    for day in ["20250619", "20250620"] {
        assert!(
            out.join("atkmetS1.b1").join(day).join("temp_mean.png").is_file(),
            "{day}"
        );
    }
    let cal = std::fs::read_to_string(out.join("atkmetS1.b1/index.html")).unwrap();
    assert!(cal.contains("<td class=\"err\" data-f><a class=\"err\" href=\"20250621/index.html\""));

    // Nothing changed: nothing is rebuilt, and the bad day still fails the run.
    let o = run(&["quicklook", s(&inputs), "--out", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("0 datastream-days built, 3 unchanged"), "{err}");

    // The file repaired: only that day is rebuilt and the run succeeds.
    std::fs::write(inputs.join("atkmetS1.b1.20250621.000000.cdf"), &good).unwrap();
    let o = run(&["quicklook", s(&inputs), "--out", s(&out)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("1 datastream-days built, 2 unchanged"), "{err}");
}
