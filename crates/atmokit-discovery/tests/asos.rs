//! ASOS through the Iowa Environmental Mesonet against a loopback server answering in IEM's
//! formats (network GeoJSON; `asos.py` comma-separated text with `#DEBUG` lines).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::Arc;

use atmokit_discovery::{AsosSelection, DiscoveryError, get_asos_data, get_asos_stations};
use chrono::NaiveDateTime;
use server::{Reply, ok, start, status};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

const IL: &str = r#"{"type": "FeatureCollection", "features": [
 {"type": "Feature", "id": "ORD", "properties": {"sid": "ORD", "sname": "CHICAGO/O'HARE", "network": "IL_ASOS", "elevation": 201.0},
  "geometry": {"type": "Point", "coordinates": [-87.9322, 41.9602]}},
 {"type": "Feature", "id": "MDW", "properties": {"sid": "MDW", "sname": "CHICAGO/MIDWAY", "network": "IL_ASOS", "elevation": 188.0},
  "geometry": {"type": "Point", "coordinates": [-87.7524, 41.7841]}},
 {"type": "Feature", "id": "SPI", "properties": {"sid": "SPI", "sname": "SPRINGFIELD", "network": "IL_ASOS", "elevation": 179.0},
  "geometry": {"type": "Point", "coordinates": [-89.6781, 39.8441]}}]}"#;

fn csv(station: &str) -> String {
    format!(
        "#DEBUG: Format Typ    -> comma\n#DEBUG: Time Period   -> 2020-02-04 02:00:00+00:00 2020-02-04 04:00:00+00:00\n\
         #DEBUG: Time Zone     -> Etc/UTC\n#DEBUG: Data Contact   -> daryl herzmann\n#DEBUG: Entries Found -> -1\n\
         station,valid,lon,lat,tmpf,dwpf,relh,drct,sknt,metar\n\
         {station},2020-02-04 02:51,-87.9322,41.9602,30.00,24.10,78.31,270.00,9.00,{station} 040251Z 27009KT\n"
    )
}

fn normal(target: &str, _n: usize) -> Reply {
    if target.ends_with("/geojson/network/IL_ASOS.geojson") {
        ok(IL)
    } else if target.contains("/geojson/network/") {
        ok(r#"{"type": "FeatureCollection", "features": []}"#)
    } else if let Some(st) = target.split("&station=").nth(1) {
        ok(csv(st))
    } else {
        status(404)
    }
}

#[test]
fn a_box_finds_its_stations_and_fetches_each_csv_as_act_asks() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let sel = AsosSelection::Box {
        lat: (41.5, 42.5),
        lon: (-88.5, -87.0),
    };
    let rep = get_asos_data(
        &c,
        t("2020-02-04 02:00"),
        t("2020-02-04 04:00"),
        &sel,
        Some("IL IA"),
        dir.path(),
        Some(&srv.base),
        false,
        false,
        &mut |_| {},
    )
    .unwrap();
    // ORD and MDW are inside, SPI (39.8 N) is not.
    assert_eq!(rep.downloaded, 2);
    let names = scenarios::entries(dir.path());
    assert_eq!(
        names,
        ["MDW_202002040200_202002040400.csv", "ORD_202002040200_202002040400.csv"]
    );
    assert_eq!(std::fs::read_to_string(dir.path().join(&names[1])).unwrap(), csv("ORD"));
    let hits = srv.hits();
    // Networks: AWOS, IL_ASOS, IA_ASOS (not ACT's IL__ASOS).
    assert_eq!(
        hits.iter()
            .filter(|h| h.contains("geojson"))
            .cloned()
            .collect::<Vec<_>>(),
        [
            "/armlive/geojson/network/AWOS.geojson",
            "/armlive/geojson/network/IL_ASOS.geojson",
            "/armlive/geojson/network/IA_ASOS.geojson"
        ]
    );
    assert!(hits.contains(
        &"/armlive/cgi-bin/request/asos.py?data=all&tz=Etc/UTC&format=comma&latlon=yes&year1=2020&month1=02&day1=04&hour1=02&minute1=00&year2=2020&month2=02&day2=04&hour2=04&minute2=00&station=ORD".to_string()
    ));
    // ACT's join of the regions asks for Israel's network instead of Illinois'.
    let dir2 = tempfile::tempdir().unwrap();
    let rep = get_asos_data(
        &c,
        t("2020-02-04 02:00"),
        t("2020-02-04 04:00"),
        &sel,
        Some("IL IA"),
        dir2.path(),
        Some(&srv.base),
        false,
        true,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(rep.downloaded, 0);
    assert!(srv.hits().iter().any(|h| h.ends_with("/IL__ASOS.geojson")));
}

#[test]
fn resumed_download_fetches_only_missing_stations() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ORD_202002040200_202002040400.csv"), csv("ORD")).unwrap();
    let rep = get_asos_data(
        &scenarios::client(),
        t("2020-02-04 02:00"),
        t("2020-02-04 04:00"),
        &AsosSelection::Stations(vec!["ORD".into(), "MDW".into()]),
        None,
        dir.path(),
        Some(&srv.base),
        false,
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((rep.downloaded, rep.skipped), (1, 1));
    // Stations given by id need no GeoJSON.
    assert_eq!(srv.hits().len(), 1);
    assert!(srv.hits()[0].ends_with("&station=MDW"));
}

#[test]
fn station_lookup_reads_the_network_geojson() {
    let srv = start(normal);
    let st = get_asos_stations(
        &scenarios::client(),
        &["IL_ASOS".to_string(), "XX_ASOS".to_string()],
        &AsosSelection::Stations(vec!["SPI".into()]),
        Some(&srv.base),
    )
    .unwrap();
    assert_eq!(st.len(), 1);
    assert_eq!((st[0].id.as_str(), st[0].network.as_str()), ("SPI", "IL_ASOS"));
    assert_eq!((st[0].latitude, st[0].longitude), (39.8441, -89.6781));
    assert_eq!(st[0].properties["elevation"], 179.0);
}

#[test]
fn failure_modes() {
    scenarios::check_failure_modes(Arc::new(normal), "asos.py", None, &|c, base, dir| {
        get_asos_data(
            c,
            t("2020-02-04 02:00"),
            t("2020-02-04 04:00"),
            &AsosSelection::Stations(vec!["ORD".into()]),
            None,
            dir,
            Some(base),
            false,
            false,
            &mut |_| {},
        )
        .map(|r| r.files)
    });
}

#[test]
fn malformed_geojson_and_iem_errors() {
    let srv = start(|t: &str, _n: usize| {
        if t.contains("geojson") {
            ok("{\"features\": [oops")
        } else {
            ok("ERROR: Invalid station")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let e = get_asos_stations(
        &c,
        &["IL_ASOS".into()],
        &AsosSelection::Stations(vec!["ORD".into()]),
        Some(&srv.base),
    )
    .unwrap_err();
    assert!(
        matches!(e, DiscoveryError::BadAnswer { .. }) && e.to_string().contains("not JSON"),
        "{e}"
    );
    let rep = get_asos_data(
        &c,
        t("2020-02-04 02:00"),
        t("2020-02-04 04:00"),
        &AsosSelection::Stations(vec!["ZZZ".into()]),
        None,
        dir.path(),
        Some(&srv.base),
        false,
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(rep.unavailable, ["ZZZ_202002040200_202002040400.csv"]);
    assert!(scenarios::entries(dir.path()).is_empty());
}
