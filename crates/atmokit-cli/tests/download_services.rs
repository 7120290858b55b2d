//! `atmokit download asos|airnow|mplnet|mplnet-meta|ameriflux|improve|cropscape` against
//! loopback servers answering in each service's documented format.

#[path = "../../atmokit-discovery/tests/server/mod.rs"]
#[allow(dead_code)]
mod server;

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use server::{Reply, ok, start, status};

fn atmokit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(args)
        .env_remove("AIRNOW_API_KEY")
        .output()
        .unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn asos_datasets_written_as_netcdf() {
    let csv = include_str!("../../atmokit-discovery/tests/answers/asos_ORD.csv");
    let il = include_str!("../../atmokit-discovery/tests/answers/network_IL_ASOS.geojson");
    let srv = start(move |t: &str, _n: usize| {
        if t.ends_with("/IL_ASOS.geojson") {
            ok(il)
        } else if t.contains("geojson") {
            ok(r#"{"features": []}"#)
        } else if t.contains("asos.py") {
            ok(csv)
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("asos");
    let args = |compat: bool| {
        let mut v = vec![
            "download",
            "asos",
            "--start",
            "2020-02-04T02:00",
            "--end",
            "2020-02-04T06:00",
            "--station",
            "ORD",
            "--regions",
            "IL",
            "--netcdf",
            "--out",
        ];
        v.push(out.to_str().unwrap());
        v.extend(["--base-url", &srv.base]);
        if compat {
            v.extend(["--act-compat", "--overwrite"]);
        }
        v.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let nc = out.join("ORD_202002040200_202002040600.nc");
    for compat in [false, true] {
        let a = args(compat);
        let o = atmokit(&a.iter().map(String::as_str).collect::<Vec<_>>());
        let (stdout, err) = text(&o);
        assert!(o.status.success(), "{err}");
        assert_eq!(stdout.trim(), nc.display().to_string());
        let ds = atmokit_netcdf::read_arm_netcdf(&[&nc], &atmokit_netcdf::ReadOptions::default()).unwrap();
        let temp = ds.values_f64("temp").unwrap();
        // 30 F: -1.11 C; ACT's 5/9*30 - 32 = -15.33.
        let want = if compat {
            5.0 / 9.0 * 30.0 - 32.0
        } else {
            (30.0 - 32.0) * 5.0 / 9.0
        };
        assert!((temp[0] - want).abs() < 1e-12, "{compat}: {temp:?}");
        assert_eq!(ds.attr_str("sname"), Some("CHICAGO/O'HARE"));
        assert_eq!(ds.dim_len("time"), Some(4));
    }
}

#[test]
fn asos_by_station_and_by_box() {
    let csv = "#DEBUG: Format Typ    -> comma\n#DEBUG: a\n#DEBUG: b\n#DEBUG: c\n#DEBUG: d\nstation,valid,lon,lat,tmpf\nORD,2020-02-04 02:51,-87.9322,41.9602,30.00\n";
    let srv = start(move |t: &str, _n: usize| {
        if t.ends_with("/IL_ASOS.geojson") {
            ok(
                r#"{"features": [{"properties": {"sid": "ORD", "sname": "CHICAGO/O'HARE"}, "geometry": {"coordinates": [-87.9322, 41.9602]}}]}"#,
            )
        } else if t.contains("geojson") {
            status(404)
        } else if t.contains("asos.py") {
            ok(csv)
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("asos");
    let o = atmokit(&[
        "download",
        "asos",
        "--start",
        "2020-02-04T02:00",
        "--end",
        "2020-02-04T04:00",
        "--station",
        "ORD",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        &srv.base,
    ]);
    let (_, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("ORD_202002040200_202002040400.csv")).unwrap(),
        csv
    );
    assert!(srv.hits()[0].contains(
        "year1=2020&month1=02&day1=04&hour1=02&minute1=00&year2=2020&month2=02&day2=04&hour2=04&minute2=00&station=ORD"
    ));
    let o = atmokit(&[
        "download",
        "asos",
        "--start",
        "2020-02-04",
        "--end",
        "2020-02-05",
        "--lat",
        "41,42",
        "--lon",
        "-88.5,-87",
        "--regions",
        "IL",
        "--list-stations",
        "--base-url",
        &srv.base,
    ]);
    let (stdout, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(stdout, "ORD,IL_ASOS,41.9602,-87.9322,CHICAGO/O'HARE\n");
    let o = atmokit(&[
        "download",
        "asos",
        "--start",
        "2020-02-04",
        "--end",
        "2020-02-05",
        "--base-url",
        &srv.base,
    ]);
    assert!(!o.status.success());
    assert!(text(&o).1.contains("--station"), "{}", text(&o).1);
}

#[test]
fn airnow_key_from_the_environment_never_printed() {
    let srv = start(|t: &str, _n: usize| {
        if t.contains("API_KEY=k3y-secret") {
            ok("\"DateIssue\",\"AQI\"\n\"2012-05-30\",42\n")
        } else {
            status(401)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let base = &srv.base;
    let d = dir.path().to_str().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "airnow",
            "forecast",
            "--zip",
            "60440",
            "--date",
            "2012-05-31",
            "--out",
            d,
            "--base-url",
            base,
        ])
        .env("AIRNOW_API_KEY", "k3y-secret")
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("k3y-secret"), "{err}");
    assert!(dir.path().join("airnow_forecast_zip60440_2012-05-31.csv").exists());
    // A refused key: the URL is named, the key is not.
    let o = atmokit(&[
        "download",
        "airnow",
        "bounded",
        "--start",
        "2022-05-01T00",
        "--end",
        "2022-05-01T23",
        "--bbox",
        "-85,33,-84,34",
        "--api-key",
        "wrong-key",
        "--out",
        d,
        "--base-url",
        base,
    ]);
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("401") && err.contains("API_KEY=***") && !err.contains("wrong-key"),
        "{err}"
    );
    let o = atmokit(&[
        "download",
        "airnow",
        "obs",
        "--zip",
        "60440",
        "--out",
        d,
        "--base-url",
        base,
    ]);
    assert!(text(&o).1.contains("AIRNOW_API_KEY"), "{}", text(&o).1);
}

#[test]
fn mplnet_file_and_metadata() {
    let srv = start(|t: &str, _n: usize| {
        if t.contains("/download?") {
            Reply::Full(
                200,
                vec![(
                    "Content-Disposition".into(),
                    "attachment; filename=\"MPLNET_V3_L2_AER_20200101_MPL44258_GSFC.nc4\"".into(),
                )],
                b"\x89HDF\r\n\x1a\nrest".to_vec(),
            )
        } else if t.contains("/operations/sites?") {
            ok(r#"[{"id": "GSFC"}]"#)
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = atmokit(&[
        "download",
        "mplnet",
        "GSFC",
        "--level",
        "2",
        "--product",
        "AER",
        "--year",
        "2020",
        "--month",
        "01",
        "--day",
        "01",
        "--out",
        d,
        "--base-url",
        &srv.base,
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert_eq!(
        std::fs::read(dir.path().join("MPLNET_V3_L2_AER_20200101_MPL44258_GSFC.nc4")).unwrap(),
        b"\x89HDF\r\n\x1a\nrest"
    );
    assert!(srv.hits()[0].ends_with("download?version=V3&level=L2&product=AER&site=GSFC&year=2020&month=01&day=01"));
    let o = atmokit(&["download", "mplnet-meta", "all", "--base-url", &srv.base]);
    let (stdout, err) = text(&o);
    assert!(o.status.success(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v[0]["id"], "GSFC");
}

#[test]
fn ameriflux_posts_the_request_and_fetches_the_files() {
    let root = Arc::new(Mutex::new(String::new()));
    let r = root.clone();
    let srv = start(move |t: &str, _n: usize| {
        let base = r.lock().unwrap().clone();
        if t.ends_with("/site_info_display/AmeriFlux") {
            ok(r#"{"values": [{"site_id": "US-A37"}]}"#)
        } else if t.ends_with("/data_download") {
            ok(format!(
                r#"{{"data_urls": [{{"url": "{base}f/AMF_US-A37_BASE-BADM_3-5.zip?x=1"}}]}}"#
            ))
        } else if t.contains("/f/AMF_US-A37") {
            ok(vec![5u8; 2000])
        } else {
            status(404)
        }
    });
    *root.lock().unwrap() = srv.base.clone();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args = [
        "download",
        "ameriflux",
        "--site",
        "US-A37,XX-Bad",
        "--user-id",
        "alice",
        "--email",
        "a@example.org",
        "--product",
        "BASE-BADM",
        "--policy",
        "CCBY4.0",
        "--intended-use",
        "education",
        "--out",
        d,
        "--base-url",
        &srv.base,
    ];
    let o = atmokit(&args);
    assert!(!o.status.success(), "the policy must be agreed to");
    let mut with = args.to_vec();
    with.push("--agree-policy");
    let o = atmokit(&with);
    let (_, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("XX-Bad"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("AMF_US-A37_BASE-BADM_3-5.zip")).unwrap(),
        vec![5u8; 2000]
    );
    let reqs = srv.requests.lock().unwrap().clone();
    let (_, _, body) = reqs.iter().find(|(m, _, _)| m == "POST").unwrap();
    let v: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert_eq!(
        (v["intended_use"].as_str(), v["site_ids"][0].as_str()),
        (Some("education"), Some("US-A37"))
    );
}

#[test]
fn improve_and_cropscape() {
    let srv = start(|t: &str, _n: usize| {
        if t.contains("DataSvc.aspx") {
            ok("<table><tr><td>ALf</td></tr></table>")
        } else if t.contains("GetCDLValue") {
            ok(r##"<Result>{x: 1, y: 2, value: 1, category: "Corn", color: "#ffd300"}</Result>"##)
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = atmokit(&[
        "download",
        "improve",
        "244",
        "--start",
        "1/1/2022",
        "--end",
        "1/31/2022",
        "--parameters",
        "101,136",
        "--out",
        d,
        "--base-url",
        &srv.base,
    ]);
    assert!(o.status.success(), "{}", text(&o).1);
    assert!(dir.path().join("improve_244_20220101_20220131.html").exists());
    assert!(srv.hits()[0].contains("&siidse=244&paidse=101,136&sd=1%2F1%2F2022&ed=1%2F31%2F2022"));
    let o = atmokit(&[
        "download",
        "cropscape",
        "--lat",
        "36.8172",
        "--lon",
        "-97.1709",
        "--year",
        "2018",
        "--base-url",
        &srv.base,
    ]);
    let (stdout, err) = text(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(stdout, "Corn\n");
    assert!(
        srv.hits()[1].contains("GetCDLValue?year=2018&x=-103476.94"),
        "{:?}",
        srv.hits()
    );
}
