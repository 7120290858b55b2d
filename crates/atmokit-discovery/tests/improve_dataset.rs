//! IMPROVE answers into a Dataset, against a loopback server answering with FED-shaped HTML
//! (`tests/answers/improve_data.html`, `tests/answers/improve_site.html`).
//!
//! The ACT numbers below were printed by ACT 2.3.4 itself on the same answers:
//! `~/.cache/atmokit/venv/bin/python crates/atmokit-discovery/tests/act_reference/improve.py`
//! (ACT's `get_improve_data` with pandas' `read_html` given these files).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use atmokit_core::{AttrValue, Data, Dataset};
use atmokit_discovery::{get_improve_dataset, improve_url, read_improve_html};
use server::{Reply, ok, start, status};

const DATA: &str = include_str!("answers/improve_data.html");
const SITE: &str = include_str!("answers/improve_site.html");
const NAN: f64 = f64::NAN;

fn fed(target: &str, _n: usize) -> Reply {
    if target.contains("DataSvc.aspx") {
        ok(DATA)
    } else if target.contains("SiteSummary.aspx?dsidse=10001&siidse=244") {
        ok(SITE)
    } else {
        status(404)
    }
}

fn close(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}: {got:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-12 * w.abs().max(1e-300);
        assert!(same, "{name}[{i}]: {g} != {w} ({got:?})");
    }
}

fn vals(ds: &Dataset, name: &str) -> Vec<f64> {
    ds.values_f64(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(act_compat: bool) -> (Dataset, String) {
    let srv = start(fed);
    let dir = tempfile::tempdir().unwrap();
    let params = ["101".to_string(), "102".to_string()];
    let (file, ds) = get_improve_dataset(
        &scenarios::client(),
        "244",
        Some(&params),
        "1/1/2022",
        "1/7/2022",
        dir.path(),
        Some(&srv.base),
        Some(&srv.base),
        false,
        act_compat,
        &mut |_| {},
    )
    .unwrap();
    assert!(file.exists());
    let hits = srv.hits();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert!(hits[1].ends_with("/Pub/SiteSummary.aspx?dsidse=10001&siidse=244"));
    let url = improve_url(&srv.base, "244", Some(&params), "1/1/2022", "1/7/2022").unwrap();
    (ds, url)
}

#[test]
fn with_act_compat_equals_act() {
    let (ds, url) = run(true);
    let day = 86_400_000_000_000i64;
    let t0 = 1_640_995_200_000_000_000i64; // 2022-01-01
    assert_eq!(ds.time().unwrap().to_vec(), [t0, t0 + 3 * day, t0 + 6 * day]);
    close("aluminum_fine", &vals(&ds, "aluminum_fine"), &[0.0121, 0.00512, 0.0098]);
    close("mass_pm2_5", &vals(&ds, "mass_pm2_5"), &[-999.0, 2.87, 3.41]);
    close("sulfate_fine", &vals(&ds, "sulfate_fine"), &[0.5523, 0.7141, 0.9032]);
    assert_eq!(ds.get("poc_mass_pm2_5").unwrap().data(), &Data::from(vec![1i64, 1, 1]));
    close("lat", &vals(&ds, "lat"), &[44.3771; 3]);
    close("lon", &vals(&ds, "lon"), &[-68.2612; 3]);
    let al = ds.get("aluminum_fine").unwrap();
    assert_eq!(al.attr_str("units"), Some("ug/m^3"));
    assert_eq!(al.attr_str("long_name"), Some("Aluminum (Fine)"));
    assert_eq!(al.attr_str("epa_code"), Some("88104"));
    assert_eq!(
        ds.get("mass_pm2_5").unwrap().attr_str("comments"),
        Some("Gravimetric mass measurement for particles with aerodynamic diameters less than 2.5 um")
    );
    assert_eq!(
        ds.get("poc_aluminum_fine").unwrap().attr_str("long_name"),
        Some("Parameter Occurrence Code for ALf")
    );
    assert_eq!(ds.get("lat").unwrap().attr_str("units"), Some("degree_N"));
    assert_eq!(ds.get("lon").unwrap().attrs()["valid_min"], AttrValue::from(-180.0));
    let a = ds.attrs();
    assert_eq!(a["url"].as_str(), Some(url.as_str()));
    assert_eq!(a["datastream"].as_str(), Some("ACAD IMPROVE"));
    assert_eq!(a["Site Name"].as_str(), Some("Acadia NP"));
    assert_eq!(a["Elevation"].as_str(), Some("157"));
    assert_eq!(a["Start Date"].as_str(), Some("3/2/1988"));
    assert!(!a.contains_key("Latitude"));
    assert_eq!(
        a["site_problems"].as_str(),
        Some("5/12/2015_Relocation_Moved 20 m east & raised 1 m_\n8/3/2019_Outage_Power failure_\n")
    );
}

#[test]
fn by_default_minus_999_is_missing_with_its_fill_value_kept_for_writing() {
    let (ds, _) = run(false);
    close("mass_pm2_5", &vals(&ds, "mass_pm2_5"), &[NAN, 2.87, 3.41]);
    let enc = ds.get("mass_pm2_5").unwrap().encoding();
    assert_eq!(enc.fill_value, Some(AttrValue::from(-999.0)));
}

#[test]
fn unknown_codes_and_bad_pages() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("data.html");
    std::fs::write(&p, DATA.replace(">SO4f<", ">XYZf<").replace(">ALf<", ">RefF_405<")).unwrap();
    let ds = read_improve_html(&p, None, "u", false).unwrap();
    assert_eq!(ds.get("XYZf").unwrap().attr_str("long_name"), Some("XYZf"));
    assert_eq!(
        ds.get("final_laser_reflectance_405").unwrap().attr_str("long_name"),
        Some("Final laser reflectance at  405")
    );
    std::fs::write(&p, "<html><table><tr><th>A</th></tr></table>").unwrap();
    let e = read_improve_html(&p, None, "u", false).unwrap_err();
    assert!(
        e.to_string().contains("data.html") && e.to_string().contains("Param"),
        "{e}"
    );
    std::fs::write(&p, DATA.replace("1/7/2022", "someday")).unwrap();
    let e = read_improve_html(&p, None, "u", false).unwrap_err();
    assert!(e.to_string().contains("someday"), "{e}");
}
