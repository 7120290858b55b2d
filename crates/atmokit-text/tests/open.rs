//! `atmokit_text::open` recognises every oracle text sample and refuses netCDF.

mod common;
use atmokit_text::gml::GmlType;
use atmokit_text::{TextFormat, open, sniff};
use common::data;

#[test]
fn recognises_every_sample() {
    let cases = [
        ("sgpmetE13.b1.20210401.000000.csv", TextFormat::Csv, "time", 3),
        ("brw21001.dat", TextFormat::Gml(GmlType::Radiation), "time", 18),
        (
            "met_brw_insitu_1_obop_hour_2020.txt",
            TextFormat::Gml(GmlType::Met),
            "time",
            20,
        ),
        ("brw_12_2020_hour.dat", TextFormat::Gml(GmlType::Ozone), "time", 17),
        (
            "co2_brw_surface-insitu_1_ccgg_MonthlyData.txt",
            TextFormat::Gml(GmlType::Co2),
            "time",
            13,
        ),
        ("brw_CCl4_Day.dat", TextFormat::Gml(GmlType::Halo), "time", 15),
        ("ctd21125.15w", TextFormat::PslWind, "HT", 49),
        ("ctd22187.00t.txt", TextFormat::PslRass, "HT", 25),
        ("sodar.20230404.mnd", TextFormat::Sodar, "height", 58),
        ("houstonaug300.0summer2010080100", TextFormat::Hysplit, "time", 121),
        ("ayp22199.21m", TextFormat::PslSurfaceMet, "time", 1),
    ];
    for (name, fmt, dim, n) in cases {
        let p = data(name);
        assert_eq!(sniff(&p).unwrap(), Some(fmt), "{name}");
        let ds = open(&p).unwrap().unwrap_or_else(|| panic!("{name} not recognised"));
        assert_eq!(ds.dim_len(dim), Some(n), "{name}: {dim}");
    }
}

#[test]
fn netcdf_and_unknown_text_are_none() {
    assert!(open(data("sgpmetE13.b1.20190101.000000.cdf")).unwrap().is_none());
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.txt");
    std::fs::write(&p, "hello\nworld\n").unwrap();
    assert!(open(&p).unwrap().is_none());
    let e = open(dir.path().join("missing.csv")).unwrap_err().to_string();
    assert!(e.contains("missing.csv"), "{e}");
}

#[test]
fn recognises_fixtures() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let cases = [
        ("icartt_1001.ict", TextFormat::Icartt),
        ("icartt_2110.ict", TextFormat::Icartt),
        ("AMF_US-Xxx_BASE_HH_1-5.csv", TextFormat::AmeriFlux),
        (
            "FLX_US-Xxx_FLUXNET2015_FULLSET_DD_2024-2024_1-4.csv",
            TextFormat::AmeriFlux,
        ),
        (
            "NEON.D18.BARR.DP1.00002.001.000.010.001.SAAT_1min.2022-01.basic.20221201T163924Z.csv",
            TextFormat::Neon,
        ),
        ("bon24001.dat", TextFormat::Gml(GmlType::Radiation)),
    ];
    for (name, fmt) in cases {
        let p = dir.join(name);
        assert_eq!(sniff(&p).unwrap(), Some(fmt), "{name}");
        assert!(
            open(&p).unwrap().is_some_and(|ds| ds.dim_len("time").is_some()),
            "{name}"
        );
    }
}
