//! CropScape against a loopback server answering as the CDL web service does.

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::Arc;

use atmokit_discovery::{DiscoveryError, cdl_albers, get_crop_type};
use server::{Reply, ok, start};

fn normal(_t: &str, _n: usize) -> Reply {
    ok(
        r##"<?xml version='1.0' encoding='UTF-8'?><ns1:GetCDLValueResponse xmlns:ns1="http://cdlservice"><Result>{x: -103476.94418086052, y: 1530911.9523469289, value: 24, category: "Winter Wheat", color: "#A87000"}</Result></ns1:GetCDLValueResponse>"##,
    )
}

#[test]
fn the_point_is_projected_and_the_category_read() {
    let srv = start(normal);
    let c = scenarios::client();
    let t = get_crop_type(&c, 36.8172, -97.1709, Some(2018), Some(&srv.base)).unwrap();
    assert_eq!((t.value, t.category.as_str()), (Some(24), "Winter Wheat"));
    let hit = &srv.hits()[0];
    let q: Vec<(&str, f64)> = hit
        .split('?')
        .nth(1)
        .unwrap()
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k, v.parse().unwrap())
        })
        .collect();
    assert!(hit.starts_with("/armlive/GetCDLValue?year=2018&x="), "{hit}");
    // PROJ (pyproj 3.7.2) gives x = -103476.944, y = 1530911.952 for this point.
    assert!(
        (q[1].1 - -103476.94418086052).abs() < 1e-3 && (q[2].1 - 1530911.9523469289).abs() < 1e-3,
        "{q:?}"
    );
    assert_eq!(cdl_albers(23.0, -96.0), (0.0, 0.0));
}

#[test]
fn malformed_answers_and_failures() {
    let srv = start(|_t: &str, _n: usize| ok("<html>Service unavailable</html>"));
    let c = scenarios::client();
    let e = get_crop_type(&c, 36.8, -97.1, Some(2018), Some(&srv.base)).unwrap_err();
    assert!(matches!(e, DiscoveryError::BadAnswer { .. }), "{e}");
    assert!(get_crop_type(&c, 136.8, -97.1, Some(2018), Some(&srv.base)).is_err());
    scenarios::check_failure_modes(Arc::new(normal), "GetCDLValue", None, &|c, base, _dir| {
        get_crop_type(c, 36.8172, -97.1709, Some(2018), Some(base)).map(|_| vec![])
    });
}
