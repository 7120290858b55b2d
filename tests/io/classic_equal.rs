//! The classic-format reader gives the Dataset libnetcdf gave: every classic oracle file, and
//! hand-built CDF-1, CDF-2 and CDF-5 files whose values are known.

use super::classic_build::{Att, Cdf, V, f32s, write};
use atmokit_core::{AttrValue, Dataset};
use atmokit_netcdf::{read_raw, read_raw_libnetcdf};
use atmokit_tests::oracle_dir;
use std::path::Path;

fn same(p: &Path) -> Dataset {
    let ours = read_raw(p, &|_| true).unwrap_or_else(|e| panic!("{e}"));
    let theirs = read_raw_libnetcdf(p, &|_| true).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ours.identical(&theirs),
        "{}: the classic reader differs from libnetcdf",
        p.display()
    );
    assert_eq!(ours.unlimited_dims(), theirs.unlimited_dims(), "{}", p.display());
    for (name, v) in ours.variables() {
        let w = theirs.get(name).unwrap();
        assert_eq!(v.dtype(), w.dtype(), "{}: {name}", p.display());
        assert_eq!(v.encoding(), w.encoding(), "{}: {name}", p.display());
    }
    ours
}

#[test]
fn every_classic_oracle_file_reads_as_libnetcdf_reads_it() {
    let mut n = 0;
    let mut dir: Vec<_> = std::fs::read_dir(oracle_dir().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    for p in dir {
        let head = std::fs::read(&p).map(|b| b.get(..3) == Some(b"CDF")).unwrap_or(false);
        if head {
            let ds = same(&p);
            assert!(!ds.is_empty(), "{}", p.display());
            n += 1;
        }
    }
    assert!(n >= 30, "only {n} classic oracle files");
}

#[test]
fn keep_reads_only_the_kept_variables_in_both_readers() {
    let p = atmokit_tests::data_file("sgpmetE13.b1.20190101.000000.cdf");
    let keep = |n: &str| n == "temp_mean" || n == "time" || n == "base_time";
    let a = read_raw(&p, &keep).unwrap();
    let b = read_raw_libnetcdf(&p, &keep).unwrap();
    assert!(a.identical(&b));
    assert_eq!(a.names().collect::<Vec<_>>(), ["base_time", "time", "temp_mean"]);
}

/// time (unlimited, 3 records), x = 2; fixed `x` (short), record `t` (double), record `temp`
/// (float, time × x), fixed `label` (char, x × 3).
fn sample(version: u8) -> Cdf {
    let mut vars = vec![
        V {
            name: b"x".to_vec(),
            dims: vec![1],
            atts: vec![Att::text("units", "m")],
            ty: 3,
            data: [10i16, -20].iter().flat_map(|x| x.to_be_bytes()).collect(),
        },
        V {
            name: b"t".to_vec(),
            dims: vec![0],
            atts: vec![Att::text("units", "seconds since 2019-01-01 00:00:00 0:00")],
            ty: 6,
            data: [0.0f64, 60.0, 120.0].iter().flat_map(|x| x.to_be_bytes()).collect(),
        },
        V {
            name: b"temp".to_vec(),
            dims: vec![0, 1],
            atts: vec![Att::f64s("missing_value", &[-9999.0]), Att::text("long_name", "T")],
            ty: 5,
            data: f32s(&[1.5, 2.5, -9999.0, 4.0, 5.0, 6.25]),
        },
        V {
            name: b"label".to_vec(),
            dims: vec![1, 2],
            atts: vec![],
            ty: 2,
            data: b"ab\0cde".to_vec(),
        },
    ];
    if version == 5 {
        vars.push(V {
            name: b"big".to_vec(),
            dims: vec![1],
            atts: vec![Att {
                name: b"valid_max".to_vec(),
                ty: 11,
                n: 1,
                vals: u64::MAX.to_be_bytes().to_vec(),
            }],
            ty: 10,
            data: [i64::MIN, 1 << 40].iter().flat_map(|x| x.to_be_bytes()).collect(),
        });
    }
    Cdf {
        version,
        numrecs: 3,
        records: 3,
        dims: vec![(b"time".to_vec(), 0), (b"x".to_vec(), 2), (b"strlen".to_vec(), 3)],
        gatts: vec![Att::text("title", "hand-built"), Att::f64s("pair", &[1.0, 2.0])],
        vars,
    }
}

#[test]
fn hand_built_cdf1_cdf2_cdf5_give_their_values() {
    let dir = tempfile::tempdir().unwrap();
    for version in [1u8, 2, 5] {
        let p = write(dir.path(), &format!("v{version}.nc"), &sample(version).bytes());
        let ds = same(&p);
        assert_eq!(ds.unlimited_dims(), ["time"]);
        assert_eq!(ds.dim_len("time"), Some(3));
        assert_eq!(ds.attrs().get("title"), Some(&AttrValue::Str("hand-built".into())));
        assert_eq!(ds.attrs().get("pair"), Some(&AttrValue::F64(vec![1.0, 2.0])));
        let temp = ds.view::<f32>("temp").unwrap();
        assert_eq!(temp.shape(), [3, 2]);
        assert_eq!(
            temp.iter().copied().collect::<Vec<_>>(),
            [1.5, 2.5, -9999.0, 4.0, 5.0, 6.25]
        );
        assert_eq!(
            ds.view::<f64>("t").unwrap().iter().copied().collect::<Vec<_>>(),
            [0.0, 60.0, 120.0]
        );
        assert_eq!(
            ds.view::<i16>("x").unwrap().iter().copied().collect::<Vec<_>>(),
            [10, -20]
        );
        let temp_attrs = ds.get("temp").unwrap().attrs();
        assert_eq!(temp_attrs.get("missing_value"), Some(&AttrValue::F64(vec![-9999.0])));
        match ds.get("label").unwrap().data() {
            atmokit_core::Data::Char(a) => assert_eq!(a.iter().copied().collect::<Vec<_>>(), b"ab\0cde"),
            other => panic!("label: {other:?}"),
        }
        if version == 5 {
            let big = ds.view::<i64>("big").unwrap();
            assert_eq!(big.iter().copied().collect::<Vec<_>>(), [i64::MIN, 1 << 40]);
            let a = ds.get("big").unwrap().attrs();
            assert_eq!(a.get("valid_max"), Some(&AttrValue::U64(vec![u64::MAX])));
        }
    }
}

#[test]
fn one_record_variable_is_stored_without_padding() {
    // A single record variable of bytes: records follow each other with no padding (the
    // format's special case), so 3 records of 1 byte are 3 consecutive bytes.
    let dir = tempfile::tempdir().unwrap();
    let f = Cdf {
        version: 1,
        numrecs: 3,
        records: 3,
        dims: vec![(b"time".to_vec(), 0)],
        gatts: vec![],
        vars: vec![V {
            name: b"flag".to_vec(),
            dims: vec![0],
            atts: vec![],
            ty: 1,
            data: vec![1, 0xFF, 3],
        }],
    };
    let p = write(dir.path(), "one.nc", &f.bytes());
    let ds = same(&p);
    assert_eq!(
        ds.view::<i8>("flag").unwrap().iter().copied().collect::<Vec<_>>(),
        [1, -1, 3]
    );
}
