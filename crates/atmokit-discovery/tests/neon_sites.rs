//! NEON site products and product availability against a loopback server answering as the
//! NEON API's `sites/` endpoint does.

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use atmokit_discovery::{DiscoveryError, get_neon_product_avail, get_neon_site_products};
use server::{ok, start, status};

const BARR: &str = r#"{"data": {"siteCode": "BARR", "siteDescription": "Utqiagvik",
 "dataProducts": [
  {"dataProductCode": "DP1.00002.001", "dataProductTitle": "Single aspirated air temperature",
   "availableMonths": ["2017-05", "2017-06", "2022-01"]},
  {"dataProductCode": "DP1.00001.001", "dataProductTitle": "2D wind speed and direction",
   "availableMonths": []}]}}"#;

#[test]
fn products_and_months() {
    let srv = start(|t: &str, _| {
        if t.ends_with("/sites/BARR") {
            ok(BARR)
        } else {
            status(404)
        }
    });
    let c = scenarios::client();
    let p = get_neon_site_products(&c, "BARR", Some(&srv.base)).unwrap();
    assert_eq!(p.len(), 2);
    assert_eq!(p["DP1.00002.001"], "Single aspirated air temperature");
    let m = get_neon_product_avail(&c, "BARR", "DP1.00002.001", Some(&srv.base)).unwrap();
    assert_eq!(m.unwrap(), ["2017-05", "2017-06", "2022-01"]);
    assert_eq!(
        get_neon_product_avail(&c, "BARR", "DP9.99999.001", Some(&srv.base)).unwrap(),
        None
    );
    assert!(srv.hits().iter().all(|h| h.ends_with("/sites/BARR")));
}

#[test]
fn refusals_and_bad_answers() {
    let c = scenarios::client();
    let srv = start(|_: &str, n| if n == 0 { status(429) } else { ok(BARR) });
    assert_eq!(get_neon_site_products(&c, "BARR", Some(&srv.base)).unwrap().len(), 2);
    let srv = start(|_: &str, _| status(404));
    let e = get_neon_site_products(&c, "XXXX", Some(&srv.base)).unwrap_err();
    assert!(e.to_string().contains("sites/XXXX"), "{e}");
    for (answer, says) in [
        ("{oops", "not JSON"),
        (r#"{"data": {}}"#, "dataProducts"),
        (
            r#"{"data": {"dataProducts": [{"dataProductTitle": "x"}]}}"#,
            "dataProductCode",
        ),
    ] {
        let srv = start(move |_: &str, _| ok(answer));
        let e = get_neon_site_products(&c, "BARR", Some(&srv.base)).unwrap_err();
        assert!(
            matches!(e, DiscoveryError::BadAnswer { .. }) && e.to_string().contains(says),
            "{e}"
        );
    }
    assert!(matches!(
        get_neon_site_products(&c, "BA/RR", Some("http://127.0.0.1:9/")),
        Err(DiscoveryError::Invalid(_))
    ));
}
