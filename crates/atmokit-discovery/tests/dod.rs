#![cfg(feature = "datasets")]
//! ARM's PCM DOD service against a loopback server: the Dataset built from the answer equals the
//! one read from the same JSON saved to a file; failures name the URL.

// Shared with the other tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use atmokit_discovery::{Client, ClientOptions, DiscoveryError, create_ds_from_arm_dod};
use atmokit_text::dod::{DodOptions, read_arm_dod};
use server::{Reply, ok, start, status};
use std::path::PathBuf;

fn answer() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/answers/vdis_dod.json")
}

/// The server's root (its `base` is an ARM Live root ending in `armlive/`).
fn root(srv: &server::Server) -> String {
    srv.base.replace("armlive/", "")
}

fn client() -> Client {
    Client::new(ClientOptions {
        max_attempts: 2,
        ..ClientOptions::default()
    })
}

#[test]
fn dod_from_the_service_equals_the_saved_dod() {
    let body = std::fs::read(answer()).unwrap();
    let srv = start(move |t: &str, _n: usize| {
        if t == "/pcm/api/dods/vdis.b1" {
            ok(body.clone())
        } else {
            status(404)
        }
    });
    let o = DodOptions {
        scalar_fill_dim: Some("time".into()),
        ..DodOptions::with_dims(&[("time", 1440)])
    };
    let web = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "vdis.b1", &o).unwrap();
    let file = read_arm_dod(&answer(), &o).unwrap();
    assert_eq!(web, file);
    assert_eq!(web.dim_len("time"), Some(1440));
    assert_eq!(web.get("base_time").unwrap().dims(), ["time"]);
    assert_eq!(srv.hits(), ["/pcm/api/dods/vdis.b1"]);
}

#[test]
fn dod_service_failures_name_the_url() {
    let srv = start(|t: &str, _n: usize| match t {
        "/pcm/api/dods/bad.b1" => ok("{\"versions\": 3"),
        "/pcm/api/dods/big.b1" => Reply::Cut {
            len: 1000,
            body: b"{\"versions\"".to_vec(),
        },
        _ => status(404),
    });
    let o = DodOptions::with_dims(&[("time", 3)]);
    let e = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "none.b1", &o).unwrap_err();
    assert!(matches!(e, DiscoveryError::Status { status: 404, .. }), "{e}");
    assert!(e.to_string().contains("/pcm/api/dods/none.b1"), "{e}");
    let e = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "bad.b1", &o).unwrap_err();
    assert!(matches!(e, DiscoveryError::Invalid(_)), "{e}");
    assert!(
        e.to_string().contains("/pcm/api/dods/bad.b1") && e.to_string().contains("JSON"),
        "{e}"
    );
    let e = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "big.b1", &o).unwrap_err();
    assert!(e.to_string().contains("/pcm/api/dods/big.b1"), "{e}");
    // A DOD whose unlimited dim is not given cannot be built.
    let body = std::fs::read(answer()).unwrap();
    let srv = start(move |_t: &str, _n: usize| ok(body.clone()));
    let e = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "vdis.b1", &DodOptions::default()).unwrap_err();
    assert!(e.to_string().contains("'time'"), "{e}");
    let e = create_ds_from_arm_dod(&client(), Some(&root(&srv)), "../etc", &o).unwrap_err();
    assert!(matches!(e, DiscoveryError::Invalid(_)), "{e}");
}
