//! URLs as inputs against a loopback server started here: a netCDF file, a text file, an
//! archive and several files by URL read equal to the plain reads of the same files; a 404, a
//! cut connection and a URL naming no file fail naming the URL (never its query).
#![cfg(all(feature = "open", feature = "discovery"))]

#[allow(dead_code)]
#[path = "../../atmokit-discovery/tests/server/mod.rs"]
mod server;

use atmokit::netcdf::ReadOptions;
use atmokit::open::open_paths;
use server::{Reply, ok, start, status};
use std::path::PathBuf;

fn oracle(name: &str) -> PathBuf {
    atmokit_tests::data_file(name)
}

/// `NAME` in a `.tar.gz` of its own.
fn tar_gz(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(bytes.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    b.append_data(&mut h, name, bytes).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &b.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

/// A server answering `/files/NAME` with the oracle file NAME, `/tgz/NAME.tar.gz` with it in a
/// `.tar.gz` and `/cut/NAME` with half of it (then the connection closes); the root URL
/// without `armlive/`.
fn serve() -> (server::Server, String) {
    let srv = start(|t: &str, _n: usize| {
        let path = t.split('?').next().unwrap_or(t);
        let file = |name: &str| std::fs::read(atmokit_tests::oracle_dir().join("data").join(name)).ok();
        if let Some(name) = path.strip_prefix("/files/") {
            match file(name) {
                Some(b) => ok(b),
                None => status(404),
            }
        } else if let Some(name) = path.strip_prefix("/tgz/").and_then(|n| n.strip_suffix(".tar.gz")) {
            match file(name) {
                Some(b) => ok(tar_gz(name, &b)),
                None => status(404),
            }
        } else if let Some(name) = path.strip_prefix("/cut/") {
            let b = std::fs::read(oracle(name)).unwrap();
            Reply::Cut {
                len: b.len(),
                body: b[..b.len() / 2].to_vec(),
            }
        } else {
            status(404)
        }
    });
    let root = srv.base.replace("armlive/", "");
    (srv, root)
}

#[test]
fn urls_read_as_the_plain_files() {
    let (_srv, root) = serve();
    let opts = ReadOptions::default();
    for names in [
        vec!["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"],
        vec!["sgpceilC1.b1.20190101.000000.nc"],
        vec!["brw21001.dat"],
        vec!["sodar.20230404.mnd"],
        vec!["201509021500.bi"],
    ] {
        let plain: Vec<PathBuf> = names.iter().map(|n| oracle(n)).collect();
        let urls: Vec<String> = names.iter().map(|n| format!("{root}files/{n}?token=s3cret")).collect();
        let want = open_paths(&plain, &opts).unwrap();
        let got = open_paths(&urls, &opts).unwrap();
        assert!(
            got.identical(&want),
            "{names:?}: the URL read differs from the plain read"
        );
        // The same files in archives fetched by URL.
        let archives: Vec<String> = names.iter().map(|n| format!("{root}tgz/{n}.tar.gz")).collect();
        let got = open_paths(&archives, &opts).unwrap();
        assert!(got.identical(&want), "{names:?}: the archive-by-URL read differs");
    }
}

#[test]
fn failed_urls_name_the_url_without_its_query() {
    let (_srv, root) = serve();
    let opts = ReadOptions::default();
    let e = open_paths(&[format!("{root}files/nope.cdf?token=s3cret")], &opts)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("nope.cdf") && e.contains("404") && !e.contains("s3cret"),
        "{e}"
    );
    let e = open_paths(&[format!("{root}cut/sodar.20230404.mnd")], &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cut/sodar.20230404.mnd"), "{e}");
    let e = open_paths(std::slice::from_ref(&root), &opts).unwrap_err().to_string();
    assert!(e.contains("names no file"), "{e}");
}
