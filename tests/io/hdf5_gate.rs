//! The netCDF-4 (HDF5) gate (issue 17): every oracle netCDF-4 file and every file our writer
//! makes passes `atmokit_hdf5::check_file`; damaged or hostile files built in the test from our
//! writer's output are refused quickly with an error naming the file, before libnetcdf sees them.

use atmokit_core::{Dataset, Variable};
use atmokit_hdf5::{Limits, check_file, is_hdf5};
use atmokit_netcdf::{Error, Format, WriteOptions, read_raw, write_netcdf};
use atmokit_tests::oracle_dir;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn oracle_hdf5_files() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(oracle_dir().join("data"))
        .expect("oracle data folder")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| is_hdf5(p))
        .collect();
    out.sort();
    out
}

/// Bytes of a netCDF-4 file written by our writer: one f32 variable `name` over dimension `x`
/// of length `n`, with a text attribute.
fn written(dir: &Path, name: &str, n: usize) -> Vec<u8> {
    let mut ds = Dataset::new();
    let data: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let v = Variable::new(["x"], data).unwrap().with_attr("units", "degC");
    ds.insert(name, v).unwrap();
    let p = dir.join(format!("w_{n}.nc"));
    let opts = WriteOptions {
        format: Format::Netcdf4,
        ..Default::default()
    };
    write_netcdf(&ds, &p, &opts).unwrap();
    std::fs::read(&p).unwrap()
}

/// Write `bytes` as `name`, read it through the public reader; the error, checked to be quick
/// and to name the file.
fn refused(dir: &Path, name: &str, bytes: &[u8]) -> Error {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    let t = Instant::now();
    let e = read_raw(&p, &|_| true).expect_err(name);
    assert!(t.elapsed() < Duration::from_secs(2), "{name}: took {:?}", t.elapsed());
    assert!(e.to_string().contains(name), "{name}: {e}");
    e
}

/// Read `p` through the public reader on another thread; if the read has not returned within
/// `secs`, print what hung and abort the test process (a thread stuck inside libhdf5 holds
/// libnetcdf's lock, so the other tests could not finish either; `exit` would run libhdf5's
/// exit handler, which can hang on the same file).
fn read_within(p: &Path, secs: u64) -> atmokit_netcdf::Result<atmokit_core::Dataset> {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = p.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(read_raw(&path, &|_| true));
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(r) => r,
        Err(_) => {
            // Written to stderr directly: the test harness's capture would be lost on abort.
            let _ = writeln!(
                std::io::stderr(),
                "reading {} did not return within {secs} s (hang)",
                p.display()
            );
            std::process::abort();
        }
    }
}

/// Offsets of every global heap collection (`GCOL`) in `b`.
fn gcol_starts(b: &[u8]) -> Vec<usize> {
    b.windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"GCOL")
        .map(|(i, _)| i)
        .collect()
}

/// Recompute the checksum of every version-2 object header (our writer makes superblock v2
/// files), so that a patched field is seen by the checks behind the checksum.
fn reseal(b: &mut [u8]) {
    let starts: Vec<usize> = b
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"OHDR")
        .map(|(i, _)| i)
        .collect();
    for o in starts {
        let flags = b[o + 5];
        let mut p = o + 6 + if flags & 0x20 != 0 { 16 } else { 0 } + if flags & 0x10 != 0 { 4 } else { 0 };
        let w = 1usize << (flags & 3);
        let size = b[p..p + w].iter().rev().fold(0usize, |a, &x| (a << 8) | usize::from(x));
        p += w;
        let end = p + size;
        let sum = atmokit_hdf5::lookup3(&b[o..end]);
        b[end..end + 4].copy_from_slice(&sum.to_le_bytes());
    }
    // Continuation blocks: their length is in the continuation message (address, length)
    // that points at them.
    let starts: Vec<usize> = b
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"OCHK")
        .map(|(i, _)| i)
        .collect();
    for o in starts {
        let key = (o as u64).to_le_bytes();
        let Some(at) = b.windows(8).position(|w| w == key) else {
            continue;
        };
        let len = u64::from_le_bytes(b[at + 8..at + 16].try_into().unwrap()) as usize;
        let end = o + len - 4;
        let sum = atmokit_hdf5::lookup3(&b[o..end]);
        b[end..end + 4].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Replace every occurrence of `from` by `to` (same length); how many were replaced.
fn replace_all(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    n
}

#[test]
fn every_oracle_netcdf4_file_passes_the_gate_and_reads() {
    let files = oracle_hdf5_files();
    assert!(
        files.len() >= 12,
        "expected the oracle's netCDF-4 files, found {}",
        files.len()
    );
    for f in &files {
        let r = check_file(f, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.datasets > 0 && r.attributes > 0, "{}: {r:?}", f.display());
        read_raw(f, &|_| true).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn our_writer_output_passes() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = written(dir.path(), "temperature", 1000);
    let p = dir.path().join("ok.nc");
    std::fs::write(&p, &bytes).unwrap();
    let r = check_file(&p, &Limits::default()).unwrap();
    assert_eq!(r.largest_dataset, 4000, "{r:?}");
    let ds = read_raw(&p, &|_| true).unwrap();
    assert_eq!(ds.view::<f32>("temperature").unwrap().len(), 1000);
}

#[test]
fn a_damaged_superblock_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = written(dir.path(), "temperature", 10);
    // Superblock version byte (offset 8) set to an unknown version: the validator does not know
    // it (Unsupported, so the gate lets libnetcdf try), and libnetcdf refuses it cleanly.
    let mut b = good.clone();
    b[8] = 9;
    let e = refused(dir.path(), "sb_version.nc", &b);
    assert!(matches!(e, Error::Invalid { .. } | Error::Open { .. }), "{e:?}");
    // Cut in half: the end-of-file address is past the file's length.
    let e = refused(dir.path(), "half.nc", &good[..good.len() / 2]);
    assert!(matches!(e, Error::Invalid { .. }), "{e:?}");
}

#[test]
fn flipped_header_bytes_are_refused_or_harmless() {
    // Flipping a byte of the metadata (everything before the 4000 data bytes at the end is
    // metadata or padding) must never crash or panic: libnetcdf reports what the gate lets
    // through as errors. A flip inside a checksummed object header is always refused by the
    // gate (bad checksum, signature or version), before libnetcdf opens the file.
    let dir = tempfile::tempdir().unwrap();
    let good = written(dir.path(), "temperature", 1000);
    let p = dir.path().join("flip.nc");
    let mut checksummed = vec![false; good.len()];
    let starts: Vec<usize> = good
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"OHDR")
        .map(|(i, _)| i)
        .collect();
    for o in starts {
        let flags = good[o + 5];
        let mut q = o + 6 + if flags & 0x20 != 0 { 16 } else { 0 } + if flags & 0x10 != 0 { 4 } else { 0 };
        let w = 1usize << (flags & 3);
        let size = good[q..q + w]
            .iter()
            .rev()
            .fold(0usize, |a, &x| (a << 8) | usize::from(x));
        q += w;
        checksummed[o..q + size + 4].fill(true);
    }
    let mut refused_by_gate = 0;
    let meta = good.len().saturating_sub(4000);
    // Every byte of a checksummed header (the gate answers at once), every byte of the global
    // heap collections (where a damaged object size could make libhdf5 loop forever before
    // the gate walked them), and every 7th other byte (those reach libnetcdf, about 10 ms a
    // read in a debug build). A read that hangs ends the test process with a failure.
    let mut in_gcol = vec![false; good.len()];
    for o in gcol_starts(&good) {
        let size = u64::from_le_bytes(good[o + 8..o + 16].try_into().unwrap()) as usize;
        in_gcol[o..(o + size).min(good.len())].fill(true);
    }
    for i in (0..meta).filter(|&i| checksummed[i] || in_gcol[i] || i % 7 == 0) {
        let mut b = good.clone();
        b[i] ^= 0xff;
        std::fs::write(&p, &b).unwrap();
        let r = read_within(&p, 20);
        if checksummed[i] {
            assert!(matches!(&r, Err(Error::Invalid { .. })), "byte {i}: {r:?}");
        }
        if let Err(Error::Invalid { .. } | Error::TooLarge { .. }) = r {
            refused_by_gate += 1;
        }
    }
    assert!(checksummed.iter().filter(|&&c| c).count() > 100);
    assert!(refused_by_gate > 100, "{refused_by_gate} flips refused");
}

#[test]
fn a_2_pow_31_minus_1_dimension_is_too_large_and_quick() {
    let dir = tempfile::tempdir().unwrap();
    // 300007 is written as an 8-byte length in the dataspace (size and maximum) of the
    // variable and its dimension; no other 8 bytes of the file hold it.
    let mut b = written(dir.path(), "temperature", 300_007);
    let n = replace_all(&mut b, &300_007u64.to_le_bytes(), &(i32::MAX as u64).to_le_bytes());
    assert!(n >= 2, "dataspace sizes found {n} times");
    reseal(&mut b);
    let e = refused(dir.path(), "huge_dim.nc", &b);
    assert!(
        matches!(&e, Error::TooLarge { bytes, .. } if *bytes >= 4 * i32::MAX as u64),
        "{e:?}"
    );
}

#[test]
fn non_utf8_and_long_names_are_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = written(dir.path(), "zq_variable_name", 10);
    assert!(replace_all(&mut b, b"zq_variable_name", b"zq_variable\xffname") >= 1);
    reseal(&mut b);
    let e = refused(dir.path(), "bad_utf8.nc", &b);
    assert!(
        matches!(&e, Error::Invalid { reason, .. } if reason.contains("UTF-8")),
        "{e:?}"
    );

    // A 256-byte name (allowed) whose 2-byte length is raised to 257.
    let long = "n".repeat(256);
    let mut b = written(dir.path(), &long, 10);
    let mut from = 256u16.to_le_bytes().to_vec();
    from.extend_from_slice(long.as_bytes());
    let mut to = 257u16.to_le_bytes().to_vec();
    to.extend_from_slice(long.as_bytes());
    assert!(replace_all(&mut b, &from, &to) >= 1, "link name not found");
    reseal(&mut b);
    let e = refused(dir.path(), "long_name.nc", &b);
    assert!(
        matches!(&e, Error::Invalid { reason, .. } if reason.contains("longer than 256")),
        "{e:?}"
    );
}

#[test]
fn a_grown_global_heap_object_is_refused_not_a_hang() {
    // Fuzz case 1650 of the netCDF-4 harness, recreated: in the oracle's met_lcl.nc the first
    // global heap collection holds object 1 (the 8-byte DIMENSION_LIST value of a variable)
    // and then the free-space object. Setting bit 0 of the second byte of object 1's size
    // (8 -> 264) makes a reader walking the collection land on zero bytes inside the free
    // space, an "object 0 of size 0" that does not move the walk forward: libhdf5 1.10 loops
    // there forever. The gate must refuse it, naming the collection.
    let dir = tempfile::tempdir().unwrap();
    let mut b = std::fs::read(oracle_dir().join("data/met_lcl.nc")).unwrap();
    let g = gcol_starts(&b)[0];
    // Object 1's header: index 1 at +16, size (8-byte length) at +24.
    assert_eq!(&b[g + 16..g + 18], &1u16.to_le_bytes());
    assert_eq!(&b[g + 24..g + 32], &8u64.to_le_bytes());
    b[g + 25] ^= 1;
    let p = dir.path().join("gcol_grown.nc");
    std::fs::write(&p, &b).unwrap();
    let t = Instant::now();
    let e = read_within(&p, 20).expect_err("grown heap object");
    assert!(t.elapsed() < Duration::from_secs(2), "took {:?}", t.elapsed());
    assert!(
        matches!(&e, Error::Invalid { reason, .. } if reason.contains("global heap collection")),
        "{e:?}"
    );
    assert!(e.to_string().contains("gcol_grown.nc"), "{e}");

    // The same change in our writer's file, where object 1 also holds one reference.
    let mut b = written(dir.path(), "temperature", 100);
    let g = gcol_starts(&b)[0];
    let size = u64::from_le_bytes(b[g + 24..g + 32].try_into().unwrap());
    b[g + 24..g + 32].copy_from_slice(&(size + 256).to_le_bytes());
    let e = refused(dir.path(), "gcol_grown_ours.nc", &b);
    assert!(matches!(&e, Error::Invalid { .. }), "{e:?}");

    // A heap object larger than its vlen element count says (8 -> 16 bytes), with the
    // free-space object after it moved and shrunk to match, so the collection itself is sound:
    // libhdf5 would copy 16 bytes into a buffer sized for one 8-byte reference.
    let mut b = written(dir.path(), "temperature", 100);
    let g = gcol_starts(&b)[0];
    assert_eq!(size, 8);
    let free = g + 40;
    assert_eq!(&b[free..free + 8], &[0u8; 8]);
    let free_size = u64::from_le_bytes(b[free + 8..free + 16].try_into().unwrap());
    b[g + 24..g + 32].copy_from_slice(&16u64.to_le_bytes());
    b[free..free + 24].fill(0);
    b[free + 16..free + 24].copy_from_slice(&(free_size - 8).to_le_bytes());
    let e = refused(dir.path(), "gcol_longer.nc", &b);
    assert!(
        matches!(&e, Error::Invalid { reason, .. } if reason.contains("need 8 bytes")),
        "{e:?}"
    );
}

#[test]
fn a_damaged_filter_length_in_a_fractal_heap_is_refused() {
    // Fuzz case 5639 of the netCDF-4 harness, recreated: in the oracle's sgprlC1 file the
    // fractal heap of the root group's dense links gets a filter-information length of 0x4000
    // (byte 8 of its header, 0x00 -> 0x40). A filtered heap is a feature the gate passes on to
    // libnetcdf unchecked, and libhdf5 then frees uninitialised link messages
    // (H5G__link_release_table under H5G__dense_iterate: "free(): invalid pointer" or a
    // segfault, depending on what the heap held). The heap header's checksum covers that
    // length, so the gate must refuse it as damage.
    let dir = tempfile::tempdir().unwrap();
    let b = std::fs::read(oracle_dir().join("data/sgprlC1.a0.20160131.000000.nc")).unwrap();
    let heaps: Vec<usize> = b
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"FRHP")
        .map(|(i, _)| i)
        .collect();
    assert!(heaps.len() >= 2, "fractal heaps found: {heaps:?}");
    for h in heaps {
        // Version 0, then the heap ID length (2 bytes) and the filters' length (2 bytes).
        assert_eq!(&b[h + 7..h + 9], &[0, 0], "heap at {h} is unfiltered");
        let mut m = b.clone();
        m[h + 8] = 0x40;
        let p = dir.path().join("filtered_heap.nc");
        std::fs::write(&p, &m).unwrap();
        let e = read_within(&p, 20).expect_err("damaged heap");
        assert!(
            matches!(&e, Error::Invalid { reason, .. } if reason.contains("checksum")),
            "heap at {h}: {e:?}"
        );
    }
}

#[test]
fn damage_after_an_unsupported_feature_is_still_found() {
    // An object header message of a type the validator does not know (the root group's "group
    // info" message, type 0x0A, renumbered 0x30 and the header resealed) is an unsupported
    // feature: the gate lets libnetcdf decide. The walk must still check the rest of the file,
    // so a grown global heap object behind it is refused as damage.
    let dir = tempfile::tempdir().unwrap();
    let mut b = written(dir.path(), "temperature", 100);
    let o = b.windows(4).position(|w| w == b"OHDR").unwrap();
    let flags = b[o + 5];
    let mut p = o + 6 + if flags & 0x20 != 0 { 16 } else { 0 } + if flags & 0x10 != 0 { 4 } else { 0 };
    let w = 1usize << (flags & 3);
    let size = b[p..p + w].iter().rev().fold(0usize, |a, &x| (a << 8) | usize::from(x));
    p += w;
    let end = p + size;
    let mut renumbered = false;
    while p + 4 <= end {
        let len = usize::from(u16::from_le_bytes([b[p + 1], b[p + 2]]));
        if b[p] == 0x0A {
            b[p] = 0x30;
            renumbered = true;
        }
        p += 4 + if flags & 0x04 != 0 { 2 } else { 0 } + len;
    }
    assert!(renumbered, "no group info message in the root group");
    reseal(&mut b);
    let p = dir.path().join("unknown_message.nc");
    std::fs::write(&p, &b).unwrap();
    let e = check_file(&p, &Limits::default()).unwrap_err();
    assert!(
        matches!(&e, atmokit_hdf5::Error::Unsupported { reason, .. } if reason.contains("0x30")),
        "{e:?}"
    );

    let g = gcol_starts(&b)[0];
    let size = u64::from_le_bytes(b[g + 24..g + 32].try_into().unwrap());
    b[g + 24..g + 32].copy_from_slice(&(size + 256).to_le_bytes());
    std::fs::write(&p, &b).unwrap();
    let e = check_file(&p, &Limits::default()).unwrap_err();
    assert!(
        matches!(&e, atmokit_hdf5::Error::Invalid { reason, .. } if reason.contains("global heap")),
        "{e:?}"
    );
}

#[test]
fn a_damaged_string_variable_heap_object_is_refused() {
    // The values of a netCDF-4 string variable live in a global heap collection too; libhdf5
    // walks it when the variable is read. Our writer's file with a string variable, then the
    // heap object holding "alpha_station" (13 bytes, after its 16-byte object header):
    // grown by 256 bytes the collection walk lands on zeros (the loop of fuzz case 1650 on
    // data instead of an attribute); shrunk to 12 bytes the collection stays sound but the
    // string's stored length (13) no longer matches its object.
    let dir = tempfile::tempdir().unwrap();
    let mut ds = Dataset::new();
    let names = ndarray::ArrayD::from_shape_vec(
        ndarray::IxDyn(&[3]),
        vec!["alpha_station".to_string(), "b".into(), String::new()],
    )
    .unwrap();
    ds.insert("station", Variable::new(["n"], names).unwrap()).unwrap();
    let p = dir.path().join("strings.nc");
    let opts = WriteOptions {
        format: Format::Netcdf4,
        ..Default::default()
    };
    write_netcdf(&ds, &p, &opts).unwrap();
    let good = std::fs::read(&p).unwrap();
    check_file(&p, &Limits::default()).unwrap();
    let at = good.windows(13).position(|w| w == b"alpha_station").unwrap();
    let size_at = at - 8;
    assert_eq!(&good[size_at..at], &13u64.to_le_bytes());
    // The grown object breaks the collection, which the variable's DIMENSION_LIST also uses
    // (reached first); the shrunk one is seen only through the variable's own data.
    for (size, case, why) in [
        (13 + 256, "grown", "global heap collection"),
        (12, "shrunk", "variable-length data"),
    ] {
        let mut b = good.clone();
        b[size_at..at].copy_from_slice(&(size as u64).to_le_bytes());
        let p = dir.path().join(format!("strings_{case}.nc"));
        std::fs::write(&p, &b).unwrap();
        let e = read_within(&p, 20).expect_err(case);
        assert!(
            matches!(&e, Error::Invalid { reason, .. } if reason.contains(why)),
            "{case}: {e:?}"
        );
    }
}

#[test]
fn a_damaged_base_address_is_refused() {
    // Fuzz case 5088782 of the netCDF-4 harness, reduced: the oracle's sgpmetE40 file has a
    // version-0 superblock (no checksum); its base address (bytes 24..32) set to 16 made
    // libhdf5 abort with "double free or corruption" (together with damage elsewhere that the
    // gate never reached, as it stopped at the unsupported base address). The superblock is
    // at offset 0, so its base address can only be 0: anything else is damage.
    let dir = tempfile::tempdir().unwrap();
    let mut b = std::fs::read(oracle_dir().join("data/sgpmetE40.b1.20190508.000000.cdf")).unwrap();
    assert_eq!(b[8], 0, "superblock version 0");
    assert_eq!(&b[24..32], &[0u8; 8]);
    b[24] = 0x10;
    let p = dir.path().join("base16.nc");
    std::fs::write(&p, &b).unwrap();
    let e = read_within(&p, 20).expect_err("base address 16");
    assert!(
        matches!(&e, Error::Invalid { reason, .. } if reason.contains("base address")),
        "{e:?}"
    );
}
