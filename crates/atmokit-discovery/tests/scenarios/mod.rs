//! The failure modes every client is run through, against the loopback server: 401, 404,
//! 429 then success, a 500 that persists, and a connection cut in the middle of a file.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use atmokit_discovery::{Client, ClientOptions, DiscoveryError};

use crate::server::{Reply, start, status};

/// A client that retries quickly (3 attempts, 10-50 ms apart).
pub fn client() -> Client {
    Client::new(ClientOptions {
        response_timeout: Duration::from_secs(5),
        body_timeout: Duration::from_secs(20),
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..ClientOptions::default()
    })
}

/// Every entry of `dir` (temporary files included), sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What a client run returns: the files it wrote.
pub type Run<'a> = &'a dyn Fn(&Client, &str, &Path) -> Result<Vec<PathBuf>, DiscoveryError>;

/// How the server answers normally: a reply for a target and its hit count.
pub type Answer = Arc<dyn Fn(&str, usize) -> Reply + Send + Sync>;

/// Run `run` (given a client, the server's base URL and a fresh output folder) against
/// servers answering as `normal` except on targets containing `failing`, which answer
/// 401, 404, 429-then-normal, 500 always, or a cut body. `secret`, when given, must never
/// show in an error. Checks each outcome and that no file (final or temporary) is left
/// after a failure.
pub fn check_failure_modes(normal: Answer, failing: &'static str, secret: Option<&'static str>, run: Run<'_>) {
    let c = client();
    let no_secret = |e: &DiscoveryError| {
        if let Some(s) = secret {
            assert!(!e.to_string().contains(s), "secret shown: {e}");
        }
    };
    for code in [401u16, 404] {
        let n = normal.clone();
        let srv = start(move |t: &str, k: usize| if t.contains(failing) { status(code) } else { n(t, k) });
        let dir = tempfile::tempdir().unwrap();
        let e = run(&c, &srv.base, dir.path()).unwrap_err();
        assert!(
            matches!(e, DiscoveryError::Status { status, .. } if status == code),
            "{code}: {e}"
        );
        assert!(e.to_string().contains("127.0.0.1"), "the URL is named: {e}");
        no_secret(&e);
        assert!(entries(dir.path()).is_empty(), "{code}: {:?}", entries(dir.path()));
    }
    // 429 once, then the normal answer.
    let n = normal.clone();
    let srv = start(move |t: &str, k: usize| {
        if t.contains(failing) && k == 1 {
            Reply::Full(429, vec![("Retry-After".into(), "0".into())], b"slow down".to_vec())
        } else {
            n(t, k)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let files = run(&c, &srv.base, dir.path()).expect("429 then success");
    assert!(!files.is_empty() || entries(dir.path()).is_empty());
    assert!(srv.hits().iter().filter(|h| h.contains(failing)).count() >= 2);
    // 500 for good: three attempts, then a clear error and nothing written.
    let n = normal.clone();
    let srv = start(move |t: &str, k: usize| if t.contains(failing) { status(500) } else { n(t, k) });
    let dir = tempfile::tempdir().unwrap();
    let e = run(&c, &srv.base, dir.path()).unwrap_err();
    assert!(matches!(e, DiscoveryError::GaveUp { attempts: 3, .. }), "{e}");
    assert!(e.to_string().contains("500"), "{e}");
    no_secret(&e);
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
    assert_eq!(srv.hits().iter().filter(|h| h.contains(failing)).count(), 3);
    // The connection cut after part of the answer, every time.
    let n = normal.clone();
    let srv = start(move |t: &str, k: usize| {
        if t.contains(failing) {
            let Reply::Full(_, headers, body) = n(t, k) else {
                panic!("normal answers are full")
            };
            let half = body[..body.len() / 2].to_vec();
            Reply::CutWith {
                headers,
                len: body.len() + 10,
                body: half,
            }
        } else {
            n(t, k)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let e = run(&c, &srv.base, dir.path()).unwrap_err();
    assert!(matches!(e, DiscoveryError::GaveUp { .. }), "{e}");
    no_secret(&e);
    assert!(entries(dir.path()).is_empty(), "{:?}", entries(dir.path()));
}
