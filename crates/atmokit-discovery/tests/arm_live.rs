//! ARM Live downloads against a loopback server speaking the service's documented format
//! (query: JSON with a `files` list; saveData: the file's bytes).

#[allow(dead_code)]
mod server;

use std::path::Path;
use std::time::Duration;

use atmokit_discovery::{
    ArmCredentials, ArmRequest, Client, ClientOptions, DiscoveryError, Progress, download_arm_data_with,
};
use server::{Reply, ok, start, status};

const TOKEN: &str = "s3cr3tT0ken";

fn client() -> Client {
    Client::new(ClientOptions {
        response_timeout: Duration::from_secs(5),
        body_timeout: Duration::from_secs(20),
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..ClientOptions::default()
    })
}

fn creds() -> ArmCredentials {
    ArmCredentials::new("alice", TOKEN).unwrap()
}

fn request(base: &str, out: &Path) -> ArmRequest {
    ArmRequest {
        datastream: "sgpmetE13.b1".into(),
        start: "2019-01-01".into(),
        end: "2019-01-02".into(),
        time: None,
        output: out.to_path_buf(),
        base_url: Some(base.to_string()),
        overwrite: false,
    }
}

const LISTING: &str =
    r#"{"status": "success", "files": ["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"]}"#;

/// The bytes the server holds for a file: distinct per file, 100 kB (several reads).
fn content(name: &str) -> Vec<u8> {
    (0..100_000u32)
        .map(|i| (i as u8) ^ name.len() as u8 ^ name.as_bytes()[28])
        .collect()
}

fn file_of(target: &str) -> Option<&str> {
    target.split("&file=").nth(1)
}

fn normal(target: &str, _n: usize) -> Reply {
    if target.starts_with("/armlive/data/query?") {
        ok(LISTING)
    } else if let Some(f) = file_of(target) {
        ok(content(f))
    } else {
        status(404)
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn normal_download_asks_as_act_does_and_writes_each_file() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let mut events = Vec::new();
    let rep = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |e| {
        events.push(e.clone())
    })
    .unwrap();
    assert_eq!(rep.downloaded, 2);
    assert_eq!(rep.bytes, 200_000);
    for f in ["sgpmetE13.b1.20190101.000000.cdf", "sgpmetE13.b1.20190102.000000.cdf"] {
        assert_eq!(std::fs::read(dir.path().join(f)).unwrap(), content(f));
    }
    assert_eq!(leftovers(dir.path()).len(), 2, "no temporary file left");
    let hits = srv.hits();
    assert_eq!(
        hits[0],
        format!(
            "/armlive/data/query?user=alice:{TOKEN}&ds=sgpmetE13.b1&start=2019-01-01T00:00:00.000Z&end=2019-01-02T00:00:00.000Z&wt=json"
        )
    );
    assert_eq!(
        hits[1],
        format!("/armlive/data/saveData?user=alice:{TOKEN}&file=sgpmetE13.b1.20190101.000000.cdf")
    );
    assert_eq!(hits.len(), 3);
    assert_eq!(events[0], Progress::Listed { files: 2 });
    let bytes: u64 = events
        .iter()
        .map(|e| if let Progress::Bytes(n) = e { *n } else { 0 })
        .sum();
    assert_eq!(bytes, 200_000);
}

#[test]
fn resumed_download_fetches_only_missing_files() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let have = "sgpmetE13.b1.20190101.000000.cdf";
    std::fs::write(dir.path().join(have), content(have)).unwrap();
    let rep = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap();
    assert_eq!((rep.downloaded, rep.skipped, rep.files.len()), (1, 1, 2));
    let hits = srv.hits();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits[1].ends_with("&file=sgpmetE13.b1.20190102.000000.cdf"));
}

fn failing(code: u16) -> impl Fn(&str, usize) -> Reply {
    move |t: &str, n: usize| {
        if t.contains("/query?") {
            status(code)
        } else {
            normal(t, n)
        }
    }
}

#[test]
fn unauthorized_and_not_found_name_the_url_without_the_token() {
    for code in [401u16, 403, 404] {
        let srv = start(failing(code));
        let dir = tempfile::tempdir().unwrap();
        let err =
            download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, DiscoveryError::Status { status, .. } if status == code),
            "{msg}"
        );
        assert!(
            msg.contains("/armlive/data/query?user=alice:***&ds=sgpmetE13.b1"),
            "{msg}"
        );
        assert!(!msg.contains(TOKEN), "{msg}");
        assert_eq!(srv.hits().len(), 1, "a permanent failure is not retried");
    }
}

#[test]
fn too_many_requests_then_success_honours_retry_after() {
    let srv = start(|t: &str, n: usize| {
        if t.contains("/query?") && n == 1 {
            Reply::Full(429, vec![("Retry-After".into(), "0".into())], b"slow down".to_vec())
        } else {
            normal(t, n)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let rep = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap();
    assert_eq!(rep.downloaded, 2);
    assert_eq!(srv.hits().len(), 4);
}

#[test]
fn persistent_server_error_gives_up_and_leaves_no_file() {
    let srv = start(|t: &str, n: usize| {
        if t.contains("saveData") {
            status(500)
        } else {
            normal(t, n)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let err = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, DiscoveryError::GaveUp { attempts: 3, .. }), "{msg}");
    assert!(
        msg.contains("saveData?user=alice:***&file=sgpmetE13.b1.20190101.000000.cdf"),
        "{msg}"
    );
    assert!(msg.contains("500"), "{msg}");
    assert!(!msg.contains(TOKEN));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
    assert_eq!(srv.hits().len(), 1 + 3);
}

#[test]
fn connection_cut_mid_file_leaves_nothing_under_the_final_name() {
    let srv = start(|t: &str, n: usize| {
        if let Some(f) = file_of(t) {
            Reply::Cut {
                len: 100_000,
                body: content(f)[..30_000].to_vec(),
            }
        } else {
            normal(t, n)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let err = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap_err();
    assert!(matches!(err, DiscoveryError::GaveUp { .. }), "{err}");
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn cut_once_then_complete_is_retried() {
    let srv = start(|t: &str, n: usize| match file_of(t) {
        Some(f) if n == 1 => Reply::Cut {
            len: 100_000,
            body: content(f)[..30_000].to_vec(),
        },
        _ => normal(t, n),
    });
    let dir = tempfile::tempdir().unwrap();
    let rep = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap();
    assert_eq!(rep.downloaded, 2);
    let f = "sgpmetE13.b1.20190101.000000.cdf";
    assert_eq!(std::fs::read(dir.path().join(f)).unwrap(), content(f));
}

#[test]
fn malformed_json_is_a_clear_error() {
    for body in [
        &b"{\"status\": \"success\", \"files\": [\"a.cdf\""[..],
        b"<!DOCTYPE html><html>login</html>",
        br#"{"status":"success","files":["../../etc/passwd"]}"#,
    ] {
        let b = body.to_vec();
        let srv = start(move |_t: &str, _n: usize| ok(b.clone()));
        let dir = tempfile::tempdir().unwrap();
        let err =
            download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, DiscoveryError::BadAnswer { .. }), "{msg}");
        assert!(msg.contains("data/query?user=alice:***"), "{msg}");
        assert!(!dir.path().join("passwd").exists());
    }
}

#[test]
fn unavailable_files_are_reported_not_written() {
    let srv = start(|t: &str, n: usize| {
        if t.ends_with("20190102.000000.cdf") {
            ok("This data file is not available on /data/archive.")
        } else {
            normal(t, n)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let rep = download_arm_data_with(&client(), &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap();
    assert_eq!(rep.downloaded, 1);
    assert_eq!(rep.unavailable, ["sgpmetE13.b1.20190102.000000.cdf"]);
    assert_eq!(leftovers(dir.path()), ["sgpmetE13.b1.20190101.000000.cdf"]);
}

#[test]
fn credentials_never_show_the_token() {
    let c = ArmCredentials::parse(&format!("alice:{TOKEN}")).unwrap();
    assert_eq!(format!("{c:?} {c}"), "ArmCredentials(alice:***) alice:***");
    assert!(ArmCredentials::parse("alice").is_err());
    assert!(ArmCredentials::new("alice", "a&b").is_err());
}

#[test]
fn stalled_transfer_times_out_and_leaves_no_file() {
    let srv = start(|t: &str, n: usize| match file_of(t) {
        Some(f) => Reply::Stall {
            len: 100_000,
            body: content(f)[..10_000].to_vec(),
            secs: 1,
        },
        None => normal(t, n),
    });
    let dir = tempfile::tempdir().unwrap();
    let c = Client::new(ClientOptions {
        max_attempts: 1,
        response_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        ..ClientOptions::default()
    });
    let t0 = std::time::Instant::now();
    let err = download_arm_data_with(&c, &creds(), &request(&srv.base, dir.path()), &mut |_| {}).unwrap_err();
    assert!(matches!(err, DiscoveryError::GaveUp { attempts: 1, .. }), "{err}");
    assert!(t0.elapsed() < Duration::from_secs(5));
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn mod_service_sends_the_file_list_and_saves_the_attachment() {
    use std::io::{BufRead, BufReader, Read, Write};
    // This one checks the request body too, so it has its own listener.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}/armlive/", listener.local_addr().unwrap().port());
    let seen = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut head = Vec::new();
        let mut len = 0usize;
        loop {
            let mut l = String::new();
            r.read_line(&mut l).unwrap();
            if l == "\r\n" {
                break;
            }
            if let Some(v) = l.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            head.push(l);
        }
        let mut body = vec![0; len];
        r.read_exact(&mut body).unwrap();
        let reply = b"joined netcdf bytes";
        write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Disposition: attachment; filename=\"sgpmetE13.b1.mod.cdf\"\r\nConnection: close\r\n\r\n",
            reply.len()
        )
        .unwrap();
        s.write_all(reply).unwrap();
        (head, String::from_utf8(body).unwrap())
    });
    let dir = tempfile::tempdir().unwrap();
    let files = vec![
        "sgpmetE13.b1.20190101.000000.cdf".to_string(),
        "sgpmetE13.b1.20190102.000000.cdf".to_string(),
    ];
    let vars = vec!["temp_mean".to_string(), "rh_mean".to_string()];
    let p = atmokit_discovery::download_arm_data_mod(
        &client(),
        &creds(),
        &files,
        Some(&vars),
        "cdf",
        dir.path(),
        Some(&base),
    )
    .unwrap();
    assert_eq!(p, dir.path().join("sgpmetE13.b1.mod.cdf"));
    assert_eq!(std::fs::read(&p).unwrap(), b"joined netcdf bytes");
    let (head, body) = seen.join().unwrap();
    assert_eq!(
        head[0],
        format!("GET /armlive/mod?user=alice:{TOKEN}&variables=temp_mean,rh_mean&wt=cdf HTTP/1.1\r\n")
    );
    assert!(
        head.iter()
            .any(|h| h.eq_ignore_ascii_case("content-type: application/json\r\n"))
    );
    assert_eq!(
        body,
        r#"["sgpmetE13.b1.20190101.000000.cdf","sgpmetE13.b1.20190102.000000.cdf"]"#
    );
}

#[test]
fn mod_service_refuses_unsafe_attachment_names() {
    let srv = start(|_t: &str, _n: usize| {
        Reply::Full(
            200,
            vec![(
                "Content-Disposition".into(),
                "attachment; filename=\"../evil.cdf\"".into(),
            )],
            b"x".to_vec(),
        )
    });
    let dir = tempfile::tempdir().unwrap();
    let files = vec!["a.cdf".to_string()];
    let err =
        atmokit_discovery::download_arm_data_mod(&client(), &creds(), &files, None, "cdf", dir.path(), Some(&srv.base))
            .unwrap_err();
    assert!(
        matches!(err, DiscoveryError::BadAnswer { .. }) && !err.to_string().contains(TOKEN),
        "{err}"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}
