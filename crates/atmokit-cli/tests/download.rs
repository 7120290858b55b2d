//! `atmokit download arm` against a loopback server speaking ARM Live's documented format,
//! serving a real ARM file from the oracle.

#[path = "../../atmokit-discovery/tests/server/mod.rs"]
// Shared with the discovery tests; this file uses part of it.
#[allow(dead_code)]
mod server;

use std::path::PathBuf;
use std::process::Command;

use server::{ok, start, status};

fn oracle_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle/data/sgpmetE13.b1.20190101.000000.cdf")
}

#[test]
fn download_arm_writes_the_served_file_and_keeps_it_on_rerun() {
    let bytes = std::fs::read(oracle_file()).unwrap();
    let srv = start(move |t: &str, _n: usize| {
        if t.contains("/data/query?") {
            ok(r#"{"status":"success","files":["sgpmetE13.b1.20190101.000000.cdf"]}"#)
        } else if t.starts_with("/citationservice/citation/datastream?id=sgpmetE13.b1&citationType=apa&startDate=2019-01-01&endDate=2019-01-01") {
            ok(r#"{"citation": "Cite me. doi:10.5439/1786358"}"#)
        } else if t.ends_with("&file=sgpmetE13.b1.20190101.000000.cdf") {
            ok(bytes.clone())
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("met");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_atmokit"))
            .args([
                "download",
                "arm",
                "sgpmetE13.b1",
                "--start",
                "2019-01-01",
                "--end",
                "2019-01-01",
            ])
            .arg("--out")
            .arg(&out)
            .args(["--base-url", &srv.base])
            .env("ARM_USERNAME", "bob")
            .env("ARM_TOKEN", "tok3n")
            .output()
            .unwrap()
    };
    let first = run();
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{err}");
    assert!(err.contains("1 downloaded"), "{err}");
    assert!(!err.contains("tok3n"), "{err}");
    let got = out.join("sgpmetE13.b1.20190101.000000.cdf");
    assert_eq!(std::fs::read(&got).unwrap(), std::fs::read(oracle_file()).unwrap());
    assert!(srv.hits()[0].contains(
        "user=bob:tok3n&ds=sgpmetE13.b1&start=2019-01-01T00:00:00.000Z&end=2019-01-01T23:59:59.000Z&wt=json"
    ));
    let cite = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "arm",
            "sgpmetE13.b1",
            "--start",
            "2019-01-01",
            "--end",
            "2019-01-01",
            "--cite",
        ])
        .arg("--out")
        .arg(&out)
        .args([
            "--base-url",
            &srv.base,
            "--citation-base-url",
            &srv.base.replace("armlive/", ""),
        ])
        .env("ARM_USERNAME", "bob")
        .env("ARM_TOKEN", "tok3n")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&cite.stdout).contains("please cite:\n\nCite me. doi:10.5439/1786358"));
    let second = run();
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        second.status.success() && err.contains("0 downloaded") && err.contains("1 kept"),
        "{err}"
    );
    assert_eq!(
        srv.hits().len(),
        5,
        "the reruns only ask for the list (and the citation)"
    );
    let info = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .arg("info")
        .arg(&got)
        .output()
        .unwrap();
    assert!(info.status.success());
}

#[test]
fn download_arm_refused_credentials_fail_without_the_token() {
    let srv = start(|_t: &str, _n: usize| status(401));
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "arm",
            "sgpmetE13.b1",
            "--start",
            "2019-01-01",
            "--end",
            "2019-01-02",
            "--user",
            "bob:tok3n",
        ])
        .arg("--out")
        .arg(dir.path())
        .args(["--base-url", &srv.base])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("HTTP 401") && err.contains("user=bob:***"), "{err}");
    assert!(!err.contains("tok3n"), "{err}");
}

#[test]
fn download_arm_without_credentials_says_how_to_give_them() {
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "arm",
            "sgpmetE13.b1",
            "--start",
            "2019-01-01",
            "--end",
            "2019-01-02",
        ])
        .env_remove("ARM_USERNAME")
        .env_remove("ARM_TOKEN")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("ARM_USERNAME"), "{err}");
}

#[test]
fn download_surfrad_fetches_each_day() {
    let srv = start(|t: &str, _n: usize| {
        if t.ends_with(".dat") {
            ok(format!("day {t}"))
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "surfrad",
            "tbl",
            "--start",
            "2019-02-27",
            "--end",
            "2019-03-01",
        ])
        .arg("--out")
        .arg(dir.path())
        .args(["--base-url", &srv.base])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && err.contains("3 downloaded"), "{err}");
    assert_eq!(
        srv.hits(),
        [
            "/armlive/Boulder_CO/2019/tbl19058.dat",
            "/armlive/Boulder_CO/2019/tbl19059.dat",
            "/armlive/Boulder_CO/2019/tbl19060.dat"
        ]
    );
}

#[test]
fn download_psl_lists_the_day_and_fetches_its_files() {
    let srv = start(|t: &str, _n: usize| match t {
        "/armlive/CsiDatalogger/SurfaceMet/ctd/2021/125/" => {
            ok(r#"<a href="?C=M">x</a><a href="ctd21125.00m">ctd21125.00m</a>"#)
        }
        "/armlive/CsiDatalogger/SurfaceMet/ctd/2021/125/ctd21125.00m" => ok("met"),
        _ => status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "psl",
            "ctd",
            "--instrument",
            "Temp/RH",
            "--start",
            "2021-05-05",
        ])
        .arg("--out")
        .arg(dir.path())
        .args(["--base-url", &srv.base])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && err.contains("1 downloaded"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("ctd21125.00m")).unwrap(), "met");
}

#[test]
fn download_arm_sites_prints_each_facility() {
    let answer = r#"{"aggregations": {"distinct_facility_code": {"buckets": [
      {"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "C1", "location": "36.605,-97.485"}}]}}},
      {"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "X9", "location": null}}]}}}]}}}"#;
    let srv = start(move |t: &str, _n: usize| {
        if t.ends_with("/elastic/metadata/_search") {
            ok(answer)
        } else {
            status(404)
        }
    });
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["download", "arm-sites", "sgp", "--base-url", &srv.base])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "site,facility,latitude,longitude\nsgp,C1,36.605,-97.485\nsgp,X9,,\n"
    );
    // --save keeps the located facilities as a table; --offline answers from it (it wins over
    // the shipped table) and from the shipped table, without the network.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("sgp.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["download", "arm-sites", "sgp", "--base-url", &srv.base, "--save"])
        .arg(&table)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&table).unwrap(),
        "site,facility,latitude,longitude\nsgp,C1,36.605,-97.485\n"
    );
    let offline = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_atmokit"))
            .args(["download", "arm-sites", "sgp", "--offline"])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = offline(&["--facility", "C1,E13", "--table", table.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "site,facility,latitude,longitude,altitude\nsgp,C1,36.605,-97.485,\nsgp,E13,36.60499954,-97.48500061,318\n"
    );
    let o = offline(&["--facility", "Z99"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("no location known"));
}

#[test]
fn download_neon_products_lists_and_months() {
    let answer = r#"{"data": {"dataProducts": [
      {"dataProductCode": "DP1.00002.001", "dataProductTitle": "Single aspirated air temperature", "availableMonths": ["2022-01", "2022-02"]}]}}"#;
    let srv = start(move |t: &str, _n: usize| {
        if t.ends_with("/sites/BARR") {
            ok(answer)
        } else {
            status(404)
        }
    });
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_atmokit"))
            .args(["download", "neon-products", "BARR", "--base-url", &srv.base])
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "DP1.00002.001\tSingle aspirated air temperature\n"
    );
    let o = run(&["--product", "DP1.00002.001"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "2022-01\n2022-02\n");
    let o = run(&["--product", "DP9"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("no product DP9"));
}

#[test]
fn download_dod_writes_the_empty_dataset() {
    let dod = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../atmokit-text/tests/fixtures/vdis_dod.json");
    let body = std::fs::read(&dod).unwrap();
    let srv = start(move |t: &str, _n: usize| {
        if t == "/pcm/api/dods/vdis.b1" {
            ok(body.clone())
        } else {
            status(404)
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let web = dir.path().join("web.nc");
    let root = srv.base.replace("armlive/", "");
    let run = |extra: &[&str], out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_atmokit"))
            .args(["download", "dod", "vdis.b1", "--dims", "time=5", "--fill-value", "-1"])
            .args(extra)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap()
    };
    let o = run(&["--base-url", &root, "--version", "1.2"], &web);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ds = atmokit_netcdf::read(&web).unwrap();
    assert_eq!(ds.dim_len("time"), Some(5));
    assert_eq!(ds.dim_len("drop_diameter"), Some(4));
    assert!(ds.view::<f32>("rain_rate").unwrap().iter().all(|&v| v == -1.0));
    // The saved DOD gives the same file.
    let local = dir.path().join("local.nc");
    let o = run(&["--file", dod.to_str().unwrap()], &local);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(atmokit_netcdf::read(&local).unwrap(), ds);
    // A process the service does not know, and a malformed --dims, fail with the cause.
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args([
            "download",
            "dod",
            "nope.b1",
            "--dims",
            "time=5",
            "--attempts",
            "1",
            "--base-url",
            &root,
            "--out",
        ])
        .arg(dir.path().join("x.nc"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("404") && err.contains("nope.b1"),
        "{err}"
    );
    let o = run(&["--dims", "time"], &dir.path().join("y.nc"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("NAME=LEN"), "{err}");
    assert!(!dir.path().join("x.nc").exists() && !dir.path().join("y.nc").exists());
}

#[test]
fn commands_read_urls() {
    let file = oracle_file();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let body = std::fs::read(&file).unwrap();
    let srv = start(move |t: &str, _n: usize| {
        if t.ends_with(&format!("/{name}")) {
            ok(body.clone())
        } else {
            status(404)
        }
    });
    let root = srv.base.replace("armlive/", "");
    let url = format!("{root}data/{}", file.file_name().unwrap().to_string_lossy());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("copy.nc");
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["convert", &url, "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plain = atmokit_netcdf::read(&file).unwrap();
    let back = atmokit_netcdf::read(&out).unwrap();
    assert_eq!(back.time().unwrap(), plain.time().unwrap());
    let o = Command::new(env!("CARGO_BIN_EXE_atmokit"))
        .args(["info", &format!("{root}data/missing.cdf")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("missing.cdf") && err.contains("404"),
        "{err}"
    );
}
