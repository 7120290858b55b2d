//! NASA MPLNET against a loopback server answering as the MPLNET web services document
//! (`download`: the file as an attachment; `operations/sites`: GALION JSON).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::Arc;

use atmokit_discovery::{DiscoveryError, MplnetRequest, download_mplnet_data, get_mplnet_meta};
use server::{Reply, ok, start, status};

const NAME: &str = "MPLNET_V3_L15_NRB_20200101_MPL44258_GSFC.nc4";

fn content() -> Vec<u8> {
    let mut v = b"\x89HDF\r\n\x1a\n".to_vec();
    v.extend((0..50_000u32).map(|i| (i % 251) as u8));
    v
}

fn attachment(name: &str, body: Vec<u8>) -> Reply {
    Reply::Full(
        200,
        vec![("Content-Disposition".into(), format!("attachment; filename=\"{name}\""))],
        body,
    )
}

fn normal(target: &str, _n: usize) -> Reply {
    if target.contains("/download?") {
        if target.contains("site=NOWHERE") {
            attachment("MPLNET_download_fail.txt", b"no data".to_vec())
        } else {
            attachment(NAME, content())
        }
    } else if target.contains("/operations/sites?") {
        ok(r#"[{"id": "GSFC", "name": "Greenbelt", "lat": 38.99, "lon": -76.84}, {"id": "Barbados", "lat": 13.16}]"#)
    } else {
        status(404)
    }
}

fn request(site: &str) -> MplnetRequest {
    MplnetRequest {
        version: 3,
        level: 15,
        product: "NRB".into(),
        site: site.into(),
        year: "2020".into(),
        month: "01".into(),
        day: Some("01".into()),
    }
}

#[test]
fn download_asks_as_act_and_saves_under_the_given_name() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let f = download_mplnet_data(&c, &request("GSFC"), dir.path(), Some(&srv.base), false, &mut |_| {}).unwrap();
    assert_eq!(f, dir.path().join(NAME));
    assert_eq!(std::fs::read(&f).unwrap(), content());
    assert_eq!(
        srv.hits(),
        ["/armlive/download?version=V3&level=L15&product=NRB&site=GSFC&year=2020&month=01&day=01"]
    );
    // MPLNET's "no such file" answer is an error and writes nothing.
    let dir2 = tempfile::tempdir().unwrap();
    let e = download_mplnet_data(
        &c,
        &request("NOWHERE"),
        dir2.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("MPLNET has no file"), "{e}");
    assert!(scenarios::entries(dir2.path()).is_empty());
    // Arguments are checked before asking.
    let mut bad = request("GSFC");
    bad.product = "XYZ".into();
    assert!(matches!(
        download_mplnet_data(&c, &bad, dir.path(), Some(&srv.base), false, &mut |_| {}),
        Err(DiscoveryError::Invalid(_))
    ));
}

#[test]
fn metadata_is_galion_json() {
    let srv = start(normal);
    let c = scenarios::client();
    let v = get_mplnet_meta(
        &c,
        "active",
        Some("station"),
        Some("2020"),
        Some("01"),
        None,
        Some(&srv.base),
    )
    .unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["GSFC", "Barbados"]);
    assert_eq!(
        srv.hits(),
        ["/armlive/operations/sites?api&format=galion&sites=active&method=station&year=2020&month=01"]
    );
    let srv = start(|_t: &str, _n: usize| ok("[{\"id\": "));
    let e = get_mplnet_meta(&c, "all", None, None, None, None, Some(&srv.base)).unwrap_err();
    assert!(
        matches!(e, DiscoveryError::BadAnswer { .. }) && e.to_string().contains("not JSON"),
        "{e}"
    );
}

#[test]
fn failure_modes() {
    scenarios::check_failure_modes(Arc::new(normal), "/download?", None, &|c, base, dir| {
        download_mplnet_data(c, &request("GSFC"), dir, Some(base), false, &mut |_| {}).map(|f| vec![f])
    });
}

#[test]
fn a_rerun_keeps_the_complete_file_and_refetches_a_different_one() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let get = |overwrite: bool| {
        let mut written = 0u64;
        let f = download_mplnet_data(&c, &request("GSFC"), dir.path(), Some(&srv.base), overwrite, &mut |n| {
            written += n
        })
        .unwrap();
        (f, written)
    };
    let (f, first) = get(false);
    assert_eq!(first, content().len() as u64);
    // The same answer again: the request is made (the name comes with it), the body is not read.
    let (again, second) = get(false);
    assert_eq!((again, second), (f.clone(), 0));
    assert_eq!(std::fs::read(&f).unwrap(), content());
    assert_eq!(srv.hits().len(), 2);
    // A file of that name but another size (not this answer) is replaced.
    std::fs::write(&f, b"older, shorter").unwrap();
    assert_eq!(get(false).1, content().len() as u64);
    assert_eq!(std::fs::read(&f).unwrap(), content());
    // overwrite: fetched again whatever is there.
    assert_eq!(get(true).1, content().len() as u64);
    assert!(scenarios::entries(dir.path()).len() == 1, "no temporary left behind");
}
