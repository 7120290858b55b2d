//! Fault tests of every kind of output: `kill -9` during the write, a full disk, concurrent
//! writers of one target, targets that must be refused, and names near `NAME_MAX`.
//!
//! The invariant checked: a target is either the old file, byte for byte, or a complete new
//! one (equal to the output of an uninterrupted run, or for netCDF, re-read with the same
//! dimensions and variables); never partial.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const OLD: &[u8] = b"the old target\n";

fn oracle(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/oracle/data")
        .join(name)
}

fn repo_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data").join(name)
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_atmokit"));
    c.args(args).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

fn run(args: &[&str]) -> Output {
    cmd(args).output().expect("run atmokit")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Files of a folder tree, relative names, skipping temporaries (`.name.pid.n.tmp`).
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !e.file_name().to_string_lossy().starts_with('.') {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

/// Dimensions and variable names of a netCDF file as `atmokit info --json` reads them.
fn nc_shape(path: &Path) -> Option<(serde_json::Value, Vec<String>)> {
    let out = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["info", "--json", s(path)])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    let names = v["variables"].as_object()?.keys().cloned().collect();
    Some((v["dims"].clone(), names))
}

/// Is `got` the old target or a complete new one like `reference`?
fn old_or_new(got: &Path, reference: &Path) -> Result<&'static str, String> {
    let bytes = std::fs::read(got).map_err(|e| format!("{}: {e}", got.display()))?;
    if bytes == OLD {
        return Ok("old");
    }
    if bytes == std::fs::read(reference).unwrap() {
        return Ok("new");
    }
    let is_nc = bytes.starts_with(b"CDF") || bytes.starts_with(b"\x89HDF");
    if is_nc && nc_shape(got).is_some() && nc_shape(got) == nc_shape(reference) {
        return Ok("new");
    }
    Err(format!(
        "{}: neither the old file nor a complete new one ({} bytes)",
        got.display(),
        bytes.len()
    ))
}

/// One kind of write: the command (with `{out}` standing for the output) and its targets
/// relative to the output folder.
struct Kind {
    name: &'static str,
    args: Vec<String>,
    out: &'static str,
}

fn kinds() -> Vec<Kind> {
    let met = s(&oracle("sgpmetE13.b1.20190101.000000.cdf")).to_string();
    let ceil = s(&oracle("sgpceilC1.b1.20190101.000000.nc")).to_string();
    let sst = s(&repo_data("sst_cube.nc")).to_string();
    let irt = s(&oracle("marirtsstM1.b1.20190320.000000.nc")).to_string();
    let v = |a: &[&str]| a.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        Kind {
            name: "netCDF-4",
            args: v(&["convert", &ceil, "-o", "{out}"]),
            out: "out.nc",
        },
        Kind {
            name: "classic",
            args: v(&["convert", &ceil, "--format", "classic", "-o", "{out}"]),
            out: "out.nc",
        },
        Kind {
            name: "PNG",
            args: v(&["plot", &ceil, "--var", "backscatter", "--out", "{out}"]),
            out: "out.png",
        },
        Kind {
            name: "SVG",
            args: v(&["plot", &met, "--var", "temp_mean,rh_mean", "--out", "{out}"]),
            out: "out.svg",
        },
        Kind {
            name: "track",
            args: v(&["track", &sst, "--var", "sst", "--radius", "0", "-o", "{out}"]),
            out: "labels.nc",
        },
        Kind {
            name: "quicklook",
            args: v(&["quicklook", &irt, "-o", "{out}"]),
            out: "pages",
        },
    ]
}

fn args_for<'a>(k: &'a Kind, out: &'a str) -> Vec<&'a str> {
    k.args
        .iter()
        .map(|a| if a == "{out}" { out } else { a.as_str() })
        .collect()
}

#[test]
fn kill_9_during_every_kind_of_write_leaves_old_or_new_never_partial() {
    let root = tempfile::tempdir().unwrap();
    for k in kinds() {
        // The reference: an uninterrupted run, timed.
        let ref_dir = root.path().join(format!("{}-ref", k.name));
        std::fs::create_dir(&ref_dir).unwrap();
        let ref_out = ref_dir.join(k.out);
        let t0 = Instant::now();
        let o = run(&args_for(&k, s(&ref_out)));
        let took = t0.elapsed();
        assert!(o.status.success(), "{}: {}", k.name, String::from_utf8_lossy(&o.stderr));
        // Targets relative to the run folder (quicklook: every page and the index).
        let targets: Vec<PathBuf> = files(&ref_dir);
        assert!(!targets.is_empty(), "{}", k.name);
        let (mut olds, mut news) = (0, 0);
        // Most of a run is reading and computing; the writes come last, so the kills cluster
        // around the end of an uninterrupted run.
        for frac in [0.9, 0.97, 1.03, 1.1] {
            let dir = root.path().join(format!("{}-{frac}", k.name));
            std::fs::create_dir(&dir).unwrap();
            for t in &targets {
                let p = dir.join(t);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, OLD).unwrap();
            }
            let out = dir.join(k.out);
            let mut child = cmd(&args_for(&k, s(&out))).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(took.mul_f64(frac));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            for t in &targets {
                match old_or_new(&dir.join(t), &ref_dir.join(t)) {
                    Ok("old") => olds += 1,
                    Ok(_) => news += 1,
                    Err(e) => panic!("{} killed at {frac} of {took:?}: {e}", k.name),
                }
            }
        }
        eprintln!(
            "{}: {olds} targets old, {news} new after kill -9 ({took:?} per run)",
            k.name
        );
    }
}

/// A small tmpfs, unmounted on drop; `None` (with a message) where mounting is not allowed.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs", s(at)])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|st| st.success());
        if ok {
            Some(Tmpfs(at.to_path_buf()))
        } else {
            eprintln!(
                "skipped: cannot mount a tmpfs at {} (needs root or CAP_SYS_ADMIN)",
                at.display()
            );
            None
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_is_exit_1_with_no_partial_target_and_no_temporary() {
    let root = tempfile::tempdir().unwrap();
    let ceil = oracle("sgpceilC1.b1.20190101.000000.nc");
    let Some(fs) = Tmpfs::mount(&root.path().join("small"), "256k") else {
        return;
    };
    let cases: [(&str, Vec<&str>); 3] = [
        ("out.nc", vec!["convert", s(&ceil), "-o"]),
        ("out.nc", vec!["convert", s(&ceil), "--format", "classic", "-o"]),
        ("out.png", vec!["plot", s(&ceil), "--var", "backscatter", "--out"]),
    ];
    for (name, mut args) in cases {
        let target = fs.0.join(name);
        args.push(s(&target));
        let o = run(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {:?} {err}", o.status);
        assert!(err.contains("No space left"), "{err}");
        assert!(!target.exists(), "{args:?} left a partial target");
        assert!(temporaries(&fs.0).is_empty(), "{args:?}: {:?}", temporaries(&fs.0));
    }
    // The old target survives a failed replacement.
    let target = fs.0.join("keep.nc");
    std::fs::write(&target, OLD).unwrap();
    let o = run(&["convert", s(&ceil), "-o", s(&target)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&target).unwrap(), OLD);
    assert!(temporaries(&fs.0).is_empty());
    // Quicklook site: the run fails; every file written before the disk filled (images, data,
    // pages, assets) is whole: byte-identical to the same file of a run with room to spare.
    let irt = oracle("marirtsstM1.b1.20190320.000000.nc");
    let reference = root.path().join("ql-ref");
    let o = run(&["quicklook", s(&irt), "-o", s(&reference)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pages = fs.0.join("ql");
    let o = run(&["quicklook", s(&irt), "-o", s(&pages)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left"), "{err}");
    for f in files(&pages) {
        let bytes = std::fs::read(pages.join(&f)).unwrap();
        assert!(
            std::fs::read(reference.join(&f)).is_ok_and(|r| r == bytes),
            "{} is not a whole file of the site",
            f.display()
        );
    }
    let mut stack = vec![pages];
    while let Some(d) = stack.pop() {
        assert!(temporaries(&d).is_empty(), "{}: {:?}", d.display(), temporaries(&d));
        stack.extend(
            std::fs::read_dir(&d)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir()),
        );
    }
}

#[test]
fn eight_concurrent_writers_of_one_target_end_with_one_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
    for (out, args) in [
        ("met.nc", vec!["convert", s(&met), "-o"]),
        ("met.svg", vec!["plot", s(&met), "--var", "temp_mean", "--out"]),
    ] {
        let reference = dir.path().join(format!("ref-{out}"));
        let mut a = args.clone();
        a.push(s(&reference));
        assert!(run(&a).status.success());
        let target = dir.path().join(out);
        for round in 0..3 {
            let mut a = args.clone();
            a.push(s(&target));
            let children: Vec<_> = (0..8).map(|_| cmd(&a).spawn().unwrap()).collect();
            for c in children {
                let o = c.wait_with_output().unwrap();
                assert!(
                    o.status.success(),
                    "{out} round {round}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
            }
            assert_eq!(old_or_new(&target, &reference), Ok("new"), "{out} round {round}");
            assert!(temporaries(dir.path()).is_empty(), "{:?}", temporaries(dir.path()));
        }
    }
}

#[cfg(unix)]
#[test]
fn refused_targets_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.cdf");
    std::fs::copy(oracle("sgpmetE13.b1.20190101.000000.cdf"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let hard = dir.path().join("hard.cdf");
    std::fs::hard_link(&input, &hard).unwrap();
    let other = dir.path().join("other.nc");
    std::fs::write(&other, OLD).unwrap();
    let link = dir.path().join("link.nc");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let dotted = format!("{}/./in.cdf", dir.path().display());
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (input.clone(), "input"),
        (PathBuf::from(&dotted), "input"),
        (hard.clone(), "input"),
        (link.clone(), "symbolic link"),
        (folder.clone(), "folder"),
    ];
    let device = dir.path().join("null");
    let made = Command::new("mknod")
        .args([s(&device), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|st| st.success());
    if made {
        cases.push((device.clone(), "not a regular file"));
    } else {
        eprintln!("skipped the device-node case: mknod is not permitted");
    }
    for (target, why) in &cases {
        let o = run(&["convert", s(&input), "-o", s(target)]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", target.display());
        assert!(
            err.contains("refusing") && err.contains(why),
            "{}: {err}",
            target.display()
        );
    }
    // Plots too: a symbolic link to a PNG.
    let png = dir.path().join("real.png");
    std::fs::write(&png, OLD).unwrap();
    let png_link = dir.path().join("link.png");
    std::os::unix::fs::symlink(&png, &png_link).unwrap();
    let o = run(&["plot", s(&input), "--var", "temp_mean", "--out", s(&png_link)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read(&png).unwrap(), OLD);
    // Nothing changed: the input, the link and what it names, the folder, the device.
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(&other).unwrap(), OLD);
    assert!(files(&folder).is_empty());
    if made {
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&device).unwrap().file_type().is_char_device());
    }
    // --force writes through the link (the link stays), but never over an input.
    let o = run(&["--force", "convert", s(&input), "-o", s(&link)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(nc_shape(&other).is_some());
    let o = run(&["--force", "convert", s(&input), "-o", s(&hard)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_250_character_output_name_works() {
    let dir = tempfile::tempdir().unwrap();
    let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
    let nc = dir.path().join(format!("{}.nc", "n".repeat(247)));
    let png = dir.path().join(format!("{}.png", "p".repeat(246)));
    assert_eq!(nc.file_name().unwrap().len(), 250);
    assert_eq!(png.file_name().unwrap().len(), 250);
    let o = run(&["convert", s(&met), "-o", s(&nc)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(nc_shape(&nc), nc_shape(&met));
    let o = run(&["plot", s(&met), "--var", "temp_mean", "--out", s(&png)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    assert_eq!(files(dir.path()).len(), 2);
    assert!(temporaries(dir.path()).is_empty());
}
