//! Unit tests of the atomic writer.

use super::*;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const DEFAULT: OutputOptions = OutputOptions { allow_special: false };
const FORCE: OutputOptions = OutputOptions { allow_special: true };

#[test]
fn temp_name_fits_name_max_and_keeps_utf8() {
    // One byte and 127 two-byte characters: 255 bytes, the longest name Linux allows.
    let long = format!("a{}", "é".repeat(127));
    assert_eq!(long.len(), 255);
    let t = temp_name(OsStr::new(&long), u64::MAX);
    let s = t.to_str().expect("cut on a character boundary");
    assert!(s.len() <= 255, "{} bytes", s.len());
    assert!(s.starts_with('.') && s.ends_with(".tmp"));
    // Byte 200 is inside the 100th character (bytes 199..201): 99 characters are kept.
    assert_eq!(s.chars().filter(|&c| c == 'é').count(), 99);
    let short = temp_name(OsStr::new("a.nc"), 7);
    assert_eq!(short, OsString::from(format!(".a.nc.{}.7.tmp", std::process::id())));
}

#[test]
fn a_255_byte_name_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("n".repeat(255));
    write_atomic(&target, b"x", &DEFAULT).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"x");
    assert_eq!(names(dir.path()).len(), 1);
}

#[test]
fn new_and_replaced_files_leave_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    write_atomic(&target, b"first", &DEFAULT).unwrap();
    write_atomic_with(&target, &DEFAULT, |w| w.write_all(b"second")).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"second");
    assert_eq!(names(dir.path()), vec!["out.csv"]);
}

#[test]
fn a_failing_writer_keeps_the_old_target_and_removes_the_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.csv");
    std::fs::write(&target, b"old").unwrap();
    let err = write_atomic_with(&target, &DEFAULT, |w| {
        w.write_all(&[b'n'; 100_000])?;
        Err(io::Error::other("encoder failed"))
    })
    .unwrap_err();
    assert!(matches!(err, OutputError::Io { .. }), "{err}");
    assert!(err.to_string().contains("out.csv"), "{err}");
    let cause = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(cause.as_deref(), Some("encoder failed"));
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    assert_eq!(names(dir.path()), vec!["out.csv"]);
}

#[test]
fn a_missing_folder_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nope").join("out.nc");
    let err = write_atomic(&target, b"x", &DEFAULT).unwrap_err();
    assert!(matches!(err, OutputError::Refused { .. }), "{err}");
    assert!(err.to_string().contains("nope does not exist"), "{err}");
    assert!(check_target(&target, &[], &DEFAULT).is_err());
}

#[cfg(unix)]
#[test]
fn symlinks_are_refused_unless_allowed_then_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    std::fs::write(&real, b"old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let err = write_atomic(&link, b"new", &DEFAULT).unwrap_err();
    assert!(matches!(err, OutputError::Refused { .. }), "{err}");
    assert!(check_target(&link, &[], &DEFAULT).is_err());
    assert_eq!(std::fs::read(&real).unwrap(), b"old");
    write_atomic(&link, b"new", &FORCE).unwrap();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read(&real).unwrap(), b"new");
    // A dangling link is refused even when allowed.
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("missing"), &dangling).unwrap();
    assert!(matches!(
        write_atomic(&dangling, b"x", &FORCE),
        Err(OutputError::Refused { .. })
    ));
}

#[test]
fn folders_are_refused_even_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    for opts in [DEFAULT, FORCE] {
        let err = write_atomic(dir.path(), b"x", &opts).unwrap_err();
        assert!(matches!(err, OutputError::Refused { .. }), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn device_nodes_are_special_unless_allowed() {
    let null = Path::new("/dev/null");
    let err = check_target(null, &[], &DEFAULT).unwrap_err();
    assert!(matches!(err, OutputError::Special { .. }), "{err}");
    assert!(matches!(
        write_atomic(null, b"x", &DEFAULT),
        Err(OutputError::Special { .. })
    ));
    // Allowed: written into, and still a device afterwards.
    write_atomic(null, b"x", &FORCE).unwrap();
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(null).unwrap().file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn an_input_is_refused_by_inode_even_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.nc");
    std::fs::write(&input, b"data").unwrap();
    let hard = dir.path().join("hard.nc");
    std::fs::hard_link(&input, &hard).unwrap();
    let dotted = dir.path().join(".").join("in.nc");
    for (target, opts) in [(&input, DEFAULT), (&hard, DEFAULT), (&dotted, FORCE)] {
        let err = check_target(target, &[&input], &opts).unwrap_err();
        assert!(matches!(err, OutputError::Refused { .. }), "{err}");
        assert!(err.to_string().contains("input"), "{err}");
    }
    // An input folder stands for the files in it.
    let err = check_target(&hard, &[dir.path()], &DEFAULT).unwrap_err();
    assert!(err.to_string().contains("input"), "{err}");
    // Another file, or a new one, is fine.
    let other = dir.path().join("other.nc");
    check_target(&other, &[&input], &DEFAULT).unwrap();
    std::fs::write(&other, b"x").unwrap();
    check_target(&other, &[&input], &DEFAULT).unwrap();
    assert_eq!(std::fs::read(&input).unwrap(), b"data");
}

#[test]
fn concurrent_writers_end_with_one_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("shared.bin");
    const LEN: usize = 256 * 1024;
    for _round in 0..4 {
        std::thread::scope(|s| {
            for k in 0..8u8 {
                let target = &target;
                s.spawn(move || {
                    write_atomic_with(target, &DEFAULT, |w| {
                        // Many small writes, so writers interleave if they shared a file.
                        for _ in 0..LEN / 1024 {
                            w.write_all(&[k; 1024])?;
                        }
                        Ok(())
                    })
                    .unwrap();
                });
            }
        });
        let bytes = std::fs::read(&target).unwrap();
        assert_eq!(bytes.len(), LEN);
        assert!(bytes.iter().all(|&b| b == bytes[0]), "interleaved writers");
        assert_eq!(names(dir.path()), vec!["shared.bin"]);
    }
}
