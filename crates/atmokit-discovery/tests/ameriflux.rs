//! AmeriFlux against a loopback server answering as its data web service does (site list
//! `values[].site_id`; `data_download` POST answering `data_urls[].url`).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::{Arc, Mutex};

use atmokit_discovery::{AmerifluxRequest, DiscoveryError, download_ameriflux_data};
use server::{Reply, ok, start, status};

const SITES: &str = r#"{"values": [{"site_id": "US-A37", "site_name": "ARM SGP"}, {"site_id": "US-Ha1"}]}"#;

fn request() -> AmerifluxRequest {
    AmerifluxRequest {
        user_id: "alice".into(),
        user_email: "alice@example.org".into(),
        site_ids: vec!["US-A37".into(), "US-Zz9".into()],
        data_product: "BASE-BADM".into(),
        data_policy: "CCBY4.0".into(),
        data_variant: "FULLSET".into(),
        intended_use: "synthesis".into(),
        description: "research".into(),
        agree_policy: true,
    }
}

/// A server whose `data_download` answer points its file URL back at itself.
fn serve(data_answer: Option<&'static str>) -> server::Server {
    let root = Arc::new(Mutex::new(String::new()));
    let r = root.clone();
    let srv = start(move |t: &str, _n: usize| -> Reply {
        let base = r.lock().unwrap().clone();
        if t.ends_with("/site_info_display/AmeriFlux") {
            ok(SITES)
        } else if t.ends_with("/data_download") {
            match data_answer {
                Some(a) => ok(a),
                None => ok(format!(
                    r#"{{"manifest": {{}}, "data_urls": [{{"site_id": "US-A37", "url": "{base}files/AMF_US-A37_BASE-BADM_3-5.zip?token=abc"}}]}}"#
                )),
            }
        } else if t.starts_with("/armlive/files/AMF_US-A37_BASE-BADM_3-5.zip") {
            ok(vec![7u8; 30_000])
        } else {
            status(404)
        }
    });
    *root.lock().unwrap() = srv.base.clone();
    srv
}

#[test]
fn sites_are_checked_the_request_posted_and_each_file_fetched() {
    let srv = serve(None);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let (rep, unknown) =
        download_ameriflux_data(&c, &request(), dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap();
    assert_eq!(unknown, ["US-Zz9"]);
    assert_eq!(rep.downloaded, 1);
    assert_eq!(
        std::fs::read(dir.path().join("AMF_US-A37_BASE-BADM_3-5.zip")).unwrap(),
        vec![7u8; 30_000]
    );
    let reqs = srv.requests.lock().unwrap().clone();
    let post = reqs
        .iter()
        .find(|(m, t, _)| m == "POST" && t.ends_with("/data_download"))
        .expect("a POST");
    let body: serde_json::Value = serde_json::from_slice(&post.2).unwrap();
    assert_eq!(body["user_id"], "alice");
    assert_eq!(body["user_email"], "alice@example.org");
    assert_eq!(body["site_ids"], serde_json::json!(["US-A37"]));
    assert_eq!(body["data_product"], "BASE-BADM");
    assert_eq!(body["data_policy"], "CCBY4.0");
    assert_eq!(body["data_variant"], "FULLSET");
    assert_eq!(body["intended_use"], "synthesis");
    assert!(body["description"].as_str().unwrap().starts_with("research"));
    // Resumed: the zip is kept.
    let (rep, _) = download_ameriflux_data(&c, &request(), dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap();
    assert_eq!((rep.downloaded, rep.skipped), (0, 1));
    assert_eq!(srv.hits().iter().filter(|h| h.contains("/files/")).count(), 1);
}

#[test]
fn refusals_and_malformed_answers() {
    let c = scenarios::client();
    let dir = tempfile::tempdir().unwrap();
    let srv = serve(Some(r#"{"data_urls": [{"url": "#));
    let e = download_ameriflux_data(&c, &request(), dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap_err();
    assert!(
        matches!(e, DiscoveryError::BadAnswer { .. }) && e.to_string().contains("not JSON"),
        "{e}"
    );
    let srv = serve(Some(r#"{"data_urls": []}"#));
    let e = download_ameriflux_data(&c, &request(), dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("no data for"), "{e}");
    let srv = serve(Some(r#"{"data_urls": [{"url": "http://h/../../etc/"}]}"#));
    assert!(download_ameriflux_data(&c, &request(), dir.path(), Some(&srv.base), false, &mut |_| {}).is_err());
    let mut r = request();
    r.agree_policy = false;
    assert!(matches!(
        download_ameriflux_data(&c, &r, dir.path(), Some(&srv.base), false, &mut |_| {}),
        Err(DiscoveryError::Invalid(_))
    ));
    let mut r = request();
    r.site_ids = vec!["XX-Nope".into()];
    let e = download_ameriflux_data(&c, &r, dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap_err();
    assert!(e.to_string().contains("no valid AmeriFlux site id"), "{e}");
    assert!(scenarios::entries(dir.path()).is_empty());
}

#[test]
fn failure_modes() {
    // The files live on another server; the data-URL service's answer points there.
    let files = start(|_t: &str, _n: usize| ok(vec![1u8; 1000]));
    let answer = format!(
        r#"{{"data_urls": [{{"url": "{}files/AMF_US-A37_BASE-BADM_3-5.zip"}}]}}"#,
        files.base
    );
    let normal = move |t: &str, _n: usize| -> Reply {
        if t.ends_with("/site_info_display/AmeriFlux") {
            ok(SITES)
        } else {
            ok(answer.clone())
        }
    };
    scenarios::check_failure_modes(Arc::new(normal), "/data_download", None, &|c, base, dir| {
        download_ameriflux_data(c, &request(), dir, Some(base), false, &mut |_| {}).map(|(r, _)| r.files)
    });
}
