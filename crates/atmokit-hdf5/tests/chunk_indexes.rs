//! The chunk indexes of HDF5 ≥ 1.10 (fixed array, paged fixed array, extensible array with
//! secondary blocks and paged data blocks, version-2 B-tree; each unfiltered and filtered) and
//! huge fractal-heap objects, in files h5py writes with `libver="latest"`
//! (`tests/chunk_indexes.py`): the valid files pass with the chunk counts their shapes imply,
//! and damaged index bytes are refused as invalid, never a panic.
//!
//! The files are made at run time with the project's Python (`ATMOKIT_PYTHON`, else
//! `~/.cache/atmokit/venv/bin/python`); the tests are skipped, saying why, without it or h5py.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use atmokit_hdf5::{Error, Limits, Report, check_file, lookup3};

fn python() -> Result<PathBuf, String> {
    let py = match std::env::var_os("ATMOKIT_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => Path::new(&std::env::var_os("HOME").ok_or("HOME is not set")?).join(".cache/atmokit/venv/bin/python"),
    };
    let ok = Command::new(&py)
        .args(["-c", "import h5py, numpy"])
        .output()
        .map_err(|e| format!("{}: {e}", py.display()))?;
    if !ok.status.success() {
        return Err(format!(
            "{} cannot import h5py: {}",
            py.display(),
            String::from_utf8_lossy(&ok.stderr).trim()
        ));
    }
    Ok(py)
}

/// The directory of generated files, made once per test binary; `None` (after saying why) if
/// Python with h5py is missing.
fn files() -> Option<&'static Path> {
    static DIR: OnceLock<Option<tempfile::TempDir>> = OnceLock::new();
    DIR.get_or_init(|| {
        let py = match python() {
            Ok(p) => p,
            Err(why) => {
                println!("skipped: {why}");
                return None;
            }
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/chunk_indexes.py");
        let out = Command::new(py)
            .arg(script)
            .arg(dir.path())
            .output()
            .expect("run python");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Some(dir)
    })
    .as_ref()
    .map(|d| d.path())
}

fn check(path: &Path) -> Result<Report, Error> {
    check_file(path, &Limits::default())
}

/// Chunk counts from the shapes in chunk_indexes.py: ceil(dim / chunk) per dimension.
#[test]
fn valid_files_of_each_index_pass() {
    let Some(dir) = files() else { return };
    // Index kinds: [v1 B-tree, single, implicit, fixed array, extensible array, v2 B-tree].
    let cases = [
        // 100 / 16 -> 7; (6, 10) / (4, 3) -> 2 * 4.
        ("fixed_array.h5", 7 + 8, [0, 0, 0, 2, 0, 0]),
        // 3000 / 2 twice, more than 1024 entries: paged.
        ("fixed_array_paged.h5", 1500 + 1500, [0, 0, 0, 2, 0, 0]),
        // (5000, 3) / (2, 3) -> 2500; 1000 / 4 -> 250: index block, data blocks, super blocks.
        ("extensible_array.h5", 2500 + 250, [0, 0, 0, 0, 2, 0]),
        // 140000 chunks reach super block 13, whose 2048-entry data blocks are paged.
        ("extensible_array_paged.h5", 140_000, [0, 0, 0, 0, 1, 0]),
        // (40, 30) / (2, 2) -> 300; (200, 20) / (1, 5) -> 800.
        ("btree2.h5", 300 + 800, [0, 0, 0, 0, 0, 2]),
        ("huge_attribute.h5", 0, [0; 6]),
    ];
    for (name, chunks, kinds) in cases {
        let r = check(&dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("{name}: {r:?}");
        assert_eq!(r.chunks, chunks, "{name}");
        assert_eq!(r.chunk_indexes, kinds, "{name}");
    }
    // 12 small attributes and one of 16 kB on /x, one of 80 kB on the root group: the two
    // large ones are huge objects of the dense attribute heaps.
    let r = check(&dir.join("huge_attribute.h5")).unwrap();
    assert_eq!(r.attributes, 14);
    assert_eq!(r.huge_objects, 2);
}

fn find_all(data: &[u8], sig: &[u8]) -> Vec<usize> {
    data.windows(sig.len())
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .map(|(i, _)| i)
        .collect()
}

/// Write `data` to a new file (tests run in parallel: every mutation gets its own name).
fn with_bytes(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let p = dir.join(format!("mutated-{}-{name}", N.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&p, data).unwrap();
    p
}

fn expect_invalid(path: &Path, r: Result<Report, Error>, what: &str) -> String {
    match r {
        Err(Error::Invalid { reason, .. }) => reason,
        other => panic!(
            "{}: {what}: expected an invalid-file error, got {other:?}",
            path.display()
        ),
    }
}

/// Every byte of the signature, version, client and header address of every index block,
/// flipped on its own, makes the file invalid (a bad signature, a wrong back-pointer or a
/// checksum mismatch), and no flip anywhere in those blocks panics.
#[test]
fn flipped_index_bytes_are_refused() {
    let Some(dir) = files() else { return };
    let sigs: [&[u8]; 9] = [
        b"FAHD", b"FADB", b"EAHD", b"EAIB", b"EASB", b"EADB", b"BTHD", b"BTLF", b"BTIN",
    ];
    let mut tried = 0;
    for name in [
        "fixed_array.h5",
        "fixed_array_paged.h5",
        "extensible_array.h5",
        "btree2.h5",
        "huge_attribute.h5",
    ] {
        let orig = std::fs::read(dir.join(name)).unwrap();
        for sig in sigs {
            for at in find_all(&orig, sig) {
                for i in 0..14 {
                    let mut data = orig.clone();
                    data[at + i] ^= 0x5a;
                    let p = with_bytes(dir, name, &data);
                    let r = check(&p);
                    let why = format!("{} at {at} byte {i} flipped", String::from_utf8_lossy(sig));
                    let reason = expect_invalid(&p, r, &why);
                    assert!(!reason.is_empty());
                    std::fs::remove_file(&p).unwrap();
                    tried += 1;
                }
            }
        }
    }
    println!("{tried} flipped files refused");
    assert!(tried > 500, "only {tried} mutations");
}

/// Rewrite the checksum of the block `[at, end)` stored at `end`.
fn reseal(data: &mut [u8], at: usize, end: usize) {
    let sum = lookup3(&data[at..end]);
    data[end..end + 4].copy_from_slice(&sum.to_le_bytes());
}

fn u64_at(data: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(data[at..at + 8].try_into().unwrap())
}

/// Damage with valid checksums: counts, sizes and addresses that the structure contradicts.
#[test]
fn consistent_checksums_do_not_hide_bad_counts_and_addresses() {
    let Some(dir) = files() else { return };
    let name = "fixed_array.h5";
    let orig = std::fs::read(dir.join(name)).unwrap();
    let len = orig.len() as u64;
    // Fixed array header: sig, version, client, entry size, page bits, entries (8), data
    // block address (8), checksum at 24. The first one is /plain: 7 entries of 8 bytes.
    let fa = find_all(&orig, b"FAHD")[0];
    assert_eq!(u64_at(&orig, fa + 8), 7);
    let mut data = orig.clone();
    data[fa + 8..fa + 16].copy_from_slice(&(1u64 << 40).to_le_bytes());
    reseal(&mut data, fa, fa + 24);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "entry count");
    assert!(
        why.contains("fixed array of 1099511627776 entries for 7 chunks"),
        "{why}"
    );

    // A data block address past the end of the file.
    let mut data = orig.clone();
    data[fa + 16..fa + 24].copy_from_slice(&(len + 10).to_le_bytes());
    reseal(&mut data, fa, fa + 24);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "data block address");
    assert!(why.contains("past the end of the file"), "{why}");

    // A chunk address past the end: the data block is signature, version, client and header
    // address (14 bytes), then 7 addresses, then its checksum.
    let db = u64_at(&orig, fa + 16) as usize;
    let mut data = orig.clone();
    data[db + 14..db + 22].copy_from_slice(&(len - 4).to_le_bytes());
    reseal(&mut data, db, db + 14 + 7 * 8);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "chunk address");
    assert!(
        why.contains("chunk") && why.contains("past the end of the file"),
        "{why}"
    );

    // Extensible array header: a realized element count (the 6th length after the 6
    // parameter bytes) beyond what its 32 index bits address.
    let name = "extensible_array.h5";
    let orig = std::fs::read(dir.join(name)).unwrap();
    let ea = find_all(&orig, b"EAHD")[0];
    let mut data = orig.clone();
    let realized = ea + 12 + 5 * 8;
    data[realized..realized + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    reseal(&mut data, ea, ea + 12 + 6 * 8 + 8);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "realized count");
    assert!(why.contains("more than its 32 bits address"), "{why}");
    // A parameter that differs from the layout message.
    let mut data = orig.clone();
    data[ea + 9] = 32; // data block minimum elements 16 -> 32
    reseal(&mut data, ea, ea + 12 + 6 * 8 + 8);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "parameters");
    assert!(why.contains("differ from the layout message"), "{why}");

    // The chunk limit holds for every index kind.
    for (name, n) in [
        ("fixed_array_paged.h5", 3000),
        ("extensible_array_paged.h5", 140_000),
        ("btree2.h5", 1100),
    ] {
        let limits = Limits {
            max_chunks: n - 1,
            ..Limits::default()
        };
        let r = check_file(&dir.join(name), &limits);
        assert!(matches!(r, Err(Error::TooLarge { .. })), "{name}: {r:?}");
        let limits = Limits {
            max_chunks: n,
            ..Limits::default()
        };
        check_file(&dir.join(name), &limits).unwrap();
    }

    // Version-2 B-tree of chunks: the header's record count disagrees with its nodes.
    let name = "btree2.h5";
    let orig = std::fs::read(dir.join(name)).unwrap();
    let bt = find_all(&orig, b"BTHD")[0];
    // sig, version, type, node size (4), record size (2), depth (2), split, merge, root (8),
    // root records (2), total records (8), checksum.
    let total = bt + 4 + 1 + 1 + 4 + 2 + 2 + 1 + 1 + 8 + 2;
    let mut data = orig.clone();
    let n = u64_at(&data, total);
    data[total..total + 8].copy_from_slice(&(n + 1).to_le_bytes());
    reseal(&mut data, bt, total + 8);
    let p = with_bytes(dir, name, &data);
    let why = expect_invalid(&p, check(&p), "record count");
    assert!(why.contains("records"), "{why}");
}

/// A huge object whose B-tree record points past the end of the file, with the leaf's
/// checksum recomputed, is refused.
#[test]
fn huge_object_outside_the_file_is_refused() {
    let Some(dir) = files() else { return };
    let name = "huge_attribute.h5";
    let orig = std::fs::read(dir.join(name)).unwrap();
    let mut done = 0;
    for bt in find_all(&orig, b"BTHD") {
        if orig[bt + 5] != 1 {
            continue; // not the huge-object index (record type 1)
        }
        let rec = u16::from_le_bytes([orig[bt + 10], orig[bt + 11]]) as usize;
        assert_eq!(rec, 24, "address, length and ID of 8 bytes each");
        let root = u64_at(&orig, bt + 16) as usize;
        let nrec = u16::from_le_bytes([orig[bt + 24], orig[bt + 25]]) as usize;
        assert_eq!(&orig[root..root + 4], b"BTLF");
        let mut data = orig.clone();
        data[root + 6..root + 14].copy_from_slice(&(orig.len() as u64).to_le_bytes());
        reseal(&mut data, root, root + 6 + nrec * rec);
        let p = with_bytes(dir, name, &data);
        let why = expect_invalid(&p, check(&p), "huge object address");
        assert!(
            why.contains("huge fractal heap object") && why.contains("past the end"),
            "{why}"
        );
        done += 1;
    }
    assert_eq!(done, 2, "one huge-object B-tree per dense attribute heap");
}
