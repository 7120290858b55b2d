//! Damaged and crafted classic netCDF files (issue 17): each is a quick error naming the file,
//! never a crash, a panic, a huge allocation or an empty dataset. Built from bytes in the test.

use super::classic_build::{Att, Cdf, V, f32s, write};
use atmokit_netcdf::{Error, ReadOptions, read, read_arm_netcdf};
use std::time::{Duration, Instant};

/// Read `bytes` as `name` with default options; the error, checked to be quick and to name the file.
fn fails(bytes: &[u8], name: &str) -> Error {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    let t = Instant::now();
    let e = read(&p).expect_err(name);
    assert!(t.elapsed() < Duration::from_secs(1), "{name}: took {:?}", t.elapsed());
    assert!(e.to_string().contains(name), "{name}: {e}");
    e
}

fn one_var(version: u8, name: &[u8], atts: Vec<Att>) -> Cdf {
    Cdf {
        version,
        numrecs: 0,
        records: 0,
        dims: vec![(b"x".to_vec(), 2)],
        gatts: vec![],
        vars: vec![V {
            name: name.to_vec(),
            dims: vec![0],
            atts,
            ty: 5,
            data: f32s(&[1.0, 2.0]),
        }],
    }
}

#[test]
fn a_4000_character_variable_name_is_malformed() {
    let name = vec![b'a'; 4000];
    let e = fails(&one_var(1, &name, vec![]).bytes(), "long_name.nc");
    assert!(matches!(e, Error::Malformed { .. }), "{e:?}");
    assert!(e.to_string().contains("NC_MAX_NAME"), "{e}");
}

#[test]
fn a_256_byte_name_is_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let name = "b".repeat(256);
    let p = write(dir.path(), "max_name.nc", &one_var(2, name.as_bytes(), vec![]).bytes());
    let ds = atmokit_netcdf::read_raw(&p, &|_| true).unwrap();
    assert_eq!(
        ds.view::<f32>(&name).unwrap().iter().copied().collect::<Vec<_>>(),
        [1.0, 2.0]
    );
}

#[test]
fn non_utf8_variable_and_attribute_names_are_malformed() {
    let e = fails(&one_var(1, b"temp\xff\xfe", vec![]).bytes(), "bad_var_name.nc");
    assert!(
        matches!(&e, Error::Malformed { item, .. } if item == "variable 0"),
        "{e:?}"
    );
    assert!(e.to_string().contains("UTF-8"), "{e}");
    let att = Att {
        name: b"units\xc3".to_vec(),
        ty: 2,
        n: 1,
        vals: b"K".to_vec(),
    };
    let e = fails(&one_var(2, b"temp", vec![att]).bytes(), "bad_attr_name.nc");
    assert!(
        matches!(&e, Error::Malformed { item, .. } if item.contains("attribute 0 of variable 'temp'")),
        "{e:?}"
    );
}

fn record_file(version: u8, numrecs: u64) -> Vec<u8> {
    Cdf {
        version,
        numrecs,
        records: 1,
        dims: vec![(b"time".to_vec(), 0)],
        gatts: vec![],
        vars: vec![V {
            name: b"t".to_vec(),
            dims: vec![0],
            atts: vec![],
            ty: 6,
            data: 7.0f64.to_be_bytes().to_vec(),
        }],
    }
    .bytes()
}

#[test]
fn cdf5_record_counts_near_2_62_and_2_64_are_errors() {
    // 2^62 records of 8 bytes overflow 64 bits; 2^62 / 8 records fit u64 but not the file.
    let e = fails(&record_file(5, 1 << 62), "recs_2_62.nc");
    assert!(matches!(e, Error::Malformed { .. }), "{e:?}");
    let e = fails(&record_file(5, (1 << 62) / 8), "recs_2_59.nc");
    assert!(
        matches!(e, Error::Truncated { expected, .. } if expected > 1 << 62),
        "{e:?}"
    );
    let e = fails(&record_file(5, u64::MAX), "recs_2_64.nc");
    assert!(matches!(e, Error::Malformed { .. }), "{e:?}");
}

#[test]
fn a_96_byte_streaming_file_reads_its_records_from_the_file_length() {
    // numrecs = 0xFFFFFFFF (STREAMING): taken as a count it asks 4294967295 × 8 bytes = 34 GB.
    // The two doubles after the 80-byte header are the records the file holds.
    let mut b = record_file(1, u64::from(u32::MAX));
    b.extend(8.5f64.to_be_bytes());
    assert_eq!(b.len(), 96);
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "streaming.nc", &b);
    let t = Instant::now();
    let ds = atmokit_netcdf::read_raw(&p, &|_| true).unwrap();
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(ds.dim_len("time"), Some(2));
    assert_eq!(
        ds.view::<f64>("t").unwrap().iter().copied().collect::<Vec<_>>(),
        [7.0, 8.5]
    );
    // Bytes after the last whole record that are not another whole one: the file was cut.
    b.extend([0x40, 0x22]);
    let e = fails(&b, "streaming_cut.nc");
    assert!(
        matches!(
            e,
            Error::Truncated {
                expected: 104,
                found: 98,
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn a_56_byte_file_asking_4_gb_is_malformed() {
    // One global attribute claiming 2^30 ints (4 GiB) in a 56-byte file.
    let mut b = b"CDF\x01".to_vec();
    b.extend([0u8; 4]); // numrecs
    b.extend([0u8; 8]); // no dimensions
    b.extend(12u32.to_be_bytes());
    b.extend(1u32.to_be_bytes());
    b.extend(4u32.to_be_bytes());
    b.extend(b"huge");
    b.extend(4u32.to_be_bytes()); // NC_INT
    b.extend((1u32 << 30).to_be_bytes());
    b.extend([0u8; 16]);
    assert_eq!(b.len(), 56);
    let e = fails(&b, "attr_4gb.nc");
    assert!(
        matches!(&e, Error::Malformed { item, .. } if item.contains("huge")),
        "{e:?}"
    );
    // A fixed variable of 2^30 ints (4 GiB) whose data are absent.
    let mut f = one_var(1, b"v", vec![]);
    f.dims[0].1 = 1 << 30;
    f.vars[0].ty = 4;
    let e = fails(&f.bytes(), "var_4gb.nc");
    assert!(
        matches!(e, Error::Truncated { expected, .. } if expected > 1 << 32),
        "{e:?}"
    );
}

#[test]
fn a_file_cut_to_8_or_16_bytes_is_an_error_not_an_empty_dataset() {
    let bytes = std::fs::read(atmokit_tests::data_file("sgpmetE13.b1.20190101.000000.cdf")).unwrap();
    for n in [4, 8, 16, 200] {
        let name = format!("cut{n}.cdf");
        let e = fails(&bytes[..n], &name);
        assert!(matches!(e, Error::Malformed { .. }), "{name}: {e:?}");
    }
}

#[test]
fn impossible_counts_types_and_ids_are_malformed() {
    let ok = one_var(1, b"v", vec![]).bytes();
    // The variable list claims 2^32 − 1 entries: refused before anything is sized from it.
    let mut b = ok.clone();
    let at = 4 + 4 + 8 + 8 + 4 + 8 + 4; // magic, numrecs, dim list head, dim name, dim len, gatts, tag
    b[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    let e = fails(&b, "nvars.nc");
    assert!(e.to_string().contains("cannot fit"), "{e}");
    // A type code outside 1..=6 (7 = ubyte exists only in CDF-5).
    let mut f = one_var(1, b"v", vec![]);
    f.vars[0].ty = 7;
    let e = fails(&f.bytes(), "type7.nc");
    assert!(e.to_string().contains("unknown type code 7"), "{e}");
    // A dimension id past the dimension list.
    let mut f = one_var(1, b"v", vec![]);
    f.vars[0].dims = vec![5];
    let e = fails(&f.bytes(), "dimid.nc");
    assert!(e.to_string().contains("dimension id 5"), "{e}");
    // An unknown version byte.
    let mut b = ok.clone();
    b[3] = 3;
    let e = fails(&b, "version3.nc");
    assert!(matches!(e, Error::Malformed { .. }), "{e:?}");
    // A dimension product that overflows 64 bits.
    let mut f = one_var(5, b"v", vec![]);
    f.dims = vec![(b"a".to_vec(), 1 << 40), (b"b".to_vec(), 1 << 40)];
    f.vars[0].dims = vec![0, 1];
    let e = fails(&f.bytes(), "product.nc");
    assert!(e.to_string().contains("overflows"), "{e}");
}

#[test]
fn max_bytes_refuses_before_reading() {
    let p = atmokit_tests::data_file("sgpmetE13.b1.20190101.000000.cdf");
    let opts = ReadOptions {
        max_bytes: Some(10_000),
        ..ReadOptions::default()
    };
    let e = read_arm_netcdf(&[&p], &opts).unwrap_err();
    assert!(
        matches!(e, Error::TooLarge { limit: 10_000, bytes, .. } if bytes > 10_000),
        "{e:?}"
    );
    assert!(e.to_string().contains("sgpmetE13"), "{e}");
    assert_eq!(atmokit_netcdf::default_max_bytes(1000), 1_100_000 + (256 << 20));
}
