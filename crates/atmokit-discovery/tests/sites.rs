//! ARM site and facility coordinates against a loopback server answering as the ARM Data
//! Center's metadata search does (an Elasticsearch aggregation with one hit per facility).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use atmokit_discovery::{DiscoveryError, SiteLocation, arm_site_location_search, parse_sites};
use server::{Reply, ok, start, status};

/// Three SGP facilities as the search answers them: E13 and C1 with a location, X9 without.
const ANSWER: &str = r#"{"took": 3, "hits": {"total": {"value": 41}, "hits": []},
 "aggregations": {"distinct_facility_code": {"buckets": [
  {"key": "C1", "doc_count": 30, "hits": {"hits": {"hits": [{"_source":
     {"site_type": "fixed", "site_code": "sgp", "facility_code": "C1", "location": "36.605,-97.485"}}]}}},
  {"key": "E13", "doc_count": 10, "hits": {"hits": {"hits": [{"_source":
     {"site_type": "fixed", "site_code": "sgp", "facility_code": "E13", "location": "36.605, -97.485"}}]}}},
  {"key": "X9", "doc_count": 1, "hits": {"hits": {"hits": [{"_source":
     {"site_type": "fixed", "site_code": "sgp", "facility_code": "X9", "location": null}}]}}}
 ]}}}"#;

#[test]
fn facilities_and_the_query_posted() {
    let srv = start(|t: &str, _| {
        if t.ends_with("/elastic/metadata/_search") {
            ok(ANSWER)
        } else {
            status(404)
        }
    });
    let c = scenarios::client();
    let got = arm_site_location_search(&c, Some(&srv.base), "sgp", Some("E13,C1")).unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(
        got["sgp E13"],
        SiteLocation {
            latitude: Some(36.605),
            longitude: Some(-97.485)
        }
    );
    assert_eq!(
        got["sgp X9"],
        SiteLocation {
            latitude: None,
            longitude: None
        }
    );
    // The body is ACT's: one hit per facility, sorted, the query string with both codes.
    let reqs = srv.requests.lock().unwrap().clone();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].0, "POST");
    let body: serde_json::Value = serde_json::from_slice(&reqs[0].2).unwrap();
    assert_eq!(
        body["query"]["query_string"]["query"],
        "site_code:sgp AND facility_code:E13,C1"
    );
    assert_eq!(body["size"], 0);
    let terms = &body["aggs"]["distinct_facility_code"]["terms"];
    assert_eq!(terms["field"], "facility_code.keyword");
    assert_eq!(terms["size"], 7000);
    assert_eq!(
        body["aggs"]["distinct_facility_code"]["aggs"]["hits"]["top_hits"]["size"],
        1
    );
}

#[test]
fn refusals_retries_and_bad_answers() {
    let c = scenarios::client();
    // 429 then the answer: retried.
    let srv = start(|_: &str, n| if n == 0 { status(429) } else { ok(ANSWER) });
    assert_eq!(
        arm_site_location_search(&c, Some(&srv.base), "sgp", None)
            .unwrap()
            .len(),
        3
    );
    // 404: a clear error naming the URL, at once.
    let srv = start(|_: &str, _| status(404));
    let e = arm_site_location_search(&c, Some(&srv.base), "sgp", None).unwrap_err();
    assert!(e.to_string().contains("elastic/metadata/_search"), "{e}");
    assert_eq!(srv.hits().len(), 1);
    // Malformed answers name what is wrong.
    for (answer, says) in [
        ("{not json", "not JSON"),
        (r#"{"aggregations": {}}"#, "buckets"),
        (
            r#"{"aggregations": {"distinct_facility_code": {"buckets": [{"hits": {"hits": {"hits": [{"_source": {"site_code": "sgp", "facility_code": "E1", "location": "north"}}]}}}]}}}"#,
            "location",
        ),
    ] {
        let srv = start(move |_: &str, _| -> Reply { ok(answer) });
        let e = arm_site_location_search(&c, Some(&srv.base), "sgp", None).unwrap_err();
        assert!(
            matches!(e, DiscoveryError::BadAnswer { .. }) && e.to_string().contains(says),
            "{e}"
        );
    }
    // Codes that are not letters and digits never reach the query.
    for (site, fac) in [("sgp OR 1", None), ("sgp", Some("E13 OR x")), ("", None)] {
        assert!(matches!(
            arm_site_location_search(&c, Some("http://127.0.0.1:9/"), site, fac),
            Err(DiscoveryError::Invalid(_))
        ));
    }
    assert!(
        parse_sites(br#"{"aggregations": {"distinct_facility_code": {"buckets": []}}}"#)
            .unwrap()
            .is_empty()
    );
}
