//! NEON data API against a loopback server answering in the API's documented format.

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use std::sync::{Arc, Mutex};

use atmokit_discovery::{Client, ClientOptions, DiscoveryError, download_neon_data};
use server::{ok, start, status};

#[test]
fn months_are_listed_and_files_fetched_then_kept_by_size() {
    // The listing's URLs point back at the server, so its address is shared once known.
    let root = Arc::new(Mutex::new(String::new()));
    let r = root.clone();
    let srv = start(move |t: &str, _n: usize| {
        let base = r.lock().unwrap().clone();
        match t {
            "/api/v0/data/DP1.00002.001/HARV/2023-01" => ok(format!(
                r#"{{"data": {{"productCode": "DP1.00002.001", "siteCode": "HARV", "month": "2023-01",
                "files": [{{"name": "NEON.D01.HARV.DP1.00002.001.2023-01.csv", "size": "5", "url": "{base}files/a"}},
                          {{"name": "NEON.D01.HARV.DP1.00002.001.readme.txt", "size": 6, "url": "{base}files/b"}}]}}}}"#
            )),
            "/api/v0/data/DP1.00002.001/HARV/2023-02" => ok(r#"{"data": {"files": []}}"#),
            "/files/a" => ok("a,b,c"),
            "/files/b" => ok("readme"),
            _ => status(404),
        }
    });
    let base = srv.base.replace("armlive/", "");
    *root.lock().unwrap() = base.clone();
    let api = format!("{base}api/v0/");
    let dir = tempfile::tempdir().unwrap();
    let c = Client::new(ClientOptions::default());
    let run = || {
        download_neon_data(
            &c,
            "HARV",
            "DP1.00002.001",
            "2023-01",
            Some("2023-02"),
            dir.path(),
            Some(&api),
            false,
            &mut |_| {},
        )
    };
    let rep = run().unwrap();
    assert_eq!((rep.downloaded, rep.bytes), (2, 11));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("NEON.D01.HARV.DP1.00002.001.2023-01.csv")).unwrap(),
        "a,b,c"
    );
    // A file of the wrong size is fetched again; the other is kept.
    std::fs::write(dir.path().join("NEON.D01.HARV.DP1.00002.001.readme.txt"), "short").unwrap();
    let rep = run().unwrap();
    assert_eq!((rep.downloaded, rep.skipped), (1, 1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("NEON.D01.HARV.DP1.00002.001.readme.txt")).unwrap(),
        "readme"
    );
    assert_eq!(srv.hits().iter().filter(|h| h.starts_with("/files/")).count(), 3);
}

#[test]
fn unsafe_listings_are_refused() {
    let srv = start(|_t: &str, _n: usize| ok(r#"{"data": {"files": [{"name": "../x", "url": "http://h/x"}]}}"#));
    let dir = tempfile::tempdir().unwrap();
    let c = Client::new(ClientOptions::default());
    let e = download_neon_data(
        &c,
        "HARV",
        "DP1.00002.001",
        "2023-01",
        None,
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(e, DiscoveryError::BadAnswer { .. }), "{e}");
    let srv =
        start(|_t: &str, _n: usize| ok(r#"{"data": {"files": [{"name": "x.csv", "url": "file:///etc/passwd"}]}}"#));
    let e = download_neon_data(
        &c,
        "HARV",
        "DP1.00002.001",
        "2023-01",
        None,
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("not http(s)"), "{e}");
}
