//! Glob patterns as inputs: the shell did not expand them (quoted), atmokit does.

use std::path::PathBuf;
use std::process::Command;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn info(args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .arg("info")
        .arg("--json")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_glob_reads_as_the_files_it_matches() {
    let glob = info(&[data("atkmetS1.b1.202506*.cdf")]);
    let plain = info(&["19", "20", "21"].map(|d| data(&format!("atkmetS1.b1.202506{d}.000000.cdf"))));
    assert!(glob.status.success(), "{}", String::from_utf8_lossy(&glob.stderr));
    assert_eq!(glob.stdout, plain.stdout);
    let none = info(&[data("atkmetS1.b1.1999*.cdf")]);
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        !none.status.success() && err.contains("atkmetS1.b1.1999*.cdf: no file matches"),
        "{err}"
    );
}
