//! The shipped ARM facility table against the real files it was taken from: each row's
//! latitude, longitude and altitude equal the `lat`, `lon` and `alt` variables of its source file.

use atmokit_physics::arm_sites::{arm_site_location, shipped_facilities};
use atmokit_tests::read_oracle;

const TABLE: &str = include_str!("../../crates/atmokit-physics/data/arm_facilities.csv");

#[test]
fn shipped_facilities_equal_their_source_files() {
    let sources: Vec<&str> = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("site,"))
        .filter_map(|l| l.rsplit(',').next())
        .collect();
    assert_eq!(sources.len(), shipped_facilities().len());
    for (f, src) in shipped_facilities().iter().zip(sources) {
        let ds = read_oracle(src);
        let first = |n: &str| ds.values_f64(n).unwrap()[0];
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
        assert!(
            near(f.latitude, first("lat")),
            "{src}: lat {} vs {}",
            f.latitude,
            first("lat")
        );
        assert!(near(f.longitude, first("lon")), "{src}: lon");
        assert!(near(f.altitude.unwrap(), first("alt")), "{src}: alt");
        let name = src.split('.').next().unwrap();
        assert!(
            name.starts_with(&f.site) && name.ends_with(&f.facility),
            "{src} is not {} {}",
            f.site,
            f.facility
        );
        assert_eq!(
            arm_site_location(&f.site, Some(&[f.facility.as_str()]), &[]),
            vec![f.clone()]
        );
    }
}
