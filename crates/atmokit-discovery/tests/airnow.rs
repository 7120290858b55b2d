//! EPA AirNow against a loopback server answering in the API's documented CSV format.

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::Arc;

use atmokit_discovery::{AirNowLocation, airnow_api_key, get_airnow_bounded_obs, get_airnow_forecast, get_airnow_obs};
use server::{Reply, ok, start};

const KEY: &str = "AIRNOWKEY-1234";

const FORECAST: &str = "\"DateIssue\",\"DateForecast\",\"ReportingArea\",\"StateCode\",\"Latitude\",\"Longitude\",\"ParameterName\",\"AQI\",\"CategoryNumber\",\"CategoryName\",\"ActionDay\",\"Discussion\"\n\
\"2012-05-30 \",\"2012-05-31 \",\"Chicago\",\"IL\",41.8781,-87.6298,\"O3\",-1,2,\"Moderate\",\"False\",\"\"\n";

const BOUNDED: &str = "\"33.9\",\"-84.3\",\"2022-05-01T00:00\",\"PM2.5\",\"5.2\",\"UG/M3\",\"5.2\",\"22\",\"1\",\"Atlanta\",\"Georgia EPD\",\"130890002\",\"840130890002\"\n";

fn normal(target: &str, _n: usize) -> Reply {
    if target.contains("/data/?") {
        ok(BOUNDED)
    } else {
        ok(FORECAST)
    }
}

#[test]
fn each_query_is_asked_as_act_does_and_saved() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let f = get_airnow_forecast(
        &c,
        KEY,
        "2012-05-31",
        &AirNowLocation::Zip("60440".into()),
        25,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(f.file_name().unwrap(), "airnow_forecast_zip60440_2012-05-31.csv");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FORECAST);
    let o = get_airnow_obs(
        &c,
        KEY,
        Some("2021-12-01"),
        &AirNowLocation::LatLon(45.0, -87.0),
        25,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(o.file_name().unwrap(), "airnow_obs_45_-87_2021-12-01.csv");
    let cur = get_airnow_obs(
        &c,
        KEY,
        None,
        &AirNowLocation::Zip("60440".into()),
        10,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(cur.file_name().unwrap(), "airnow_obs_zip60440_current.csv");
    let b = get_airnow_bounded_obs(
        &c,
        KEY,
        "2022-05-01T00",
        "2022-05-01T23",
        "-85,33,-84,34",
        "OZONE,PM25",
        'B',
        0,
        dir.path(),
        Some(&srv.base),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&b).unwrap(), BOUNDED);
    assert_eq!(
        srv.hits(),
        [
            format!(
                "/armlive/forecast/zipCode/?format=text/csv&zipCode=60440&date=2012-05-31&distance=25&API_KEY={KEY}"
            ),
            format!(
                "/armlive/observation/latLong/historical/?format=text/csv&latitude=45&longitude=-87&date=2021-12-01T00-0000&distance=25&API_KEY={KEY}"
            ),
            format!("/armlive/observation/zipCode/current/?format=text/csv&zipCode=60440&distance=10&API_KEY={KEY}"),
            format!(
                "/armlive/data/?startDate=2022-05-01T00&endDate=2022-05-01T23&parameters=OZONE,PM25&BBOX=-85,33,-84,34&dataType=B&format=text/csv&verbose=1&monitorType=0&includerawconcentrations=1&API_KEY={KEY}"
            ),
        ]
    );
    // Resumed: the dated answers are kept, the current observation is asked again.
    for _ in 0..2 {
        get_airnow_forecast(
            &c,
            KEY,
            "2012-05-31",
            &AirNowLocation::Zip("60440".into()),
            25,
            dir.path(),
            Some(&srv.base),
            &mut |_| {},
        )
        .unwrap();
        get_airnow_obs(
            &c,
            KEY,
            None,
            &AirNowLocation::Zip("60440".into()),
            10,
            dir.path(),
            Some(&srv.base),
            &mut |_| {},
        )
        .unwrap();
    }
    let hits = srv.hits();
    assert_eq!(hits.iter().filter(|h| h.contains("/forecast/")).count(), 1);
    assert_eq!(hits.iter().filter(|h| h.contains("/current/")).count(), 3);
}

#[test]
fn the_key_comes_from_the_option_or_the_environment_and_is_checked() {
    assert_eq!(airnow_api_key(Some("abc")).unwrap(), "abc");
    assert!(airnow_api_key(Some("a&b")).is_err());
    assert!(airnow_api_key(Some("")).is_err());
    // SAFETY: no other test of this binary reads or writes AIRNOW_API_KEY.
    unsafe { std::env::set_var("AIRNOW_API_KEY", "fromenv") };
    assert_eq!(airnow_api_key(None).unwrap(), "fromenv");
    unsafe { std::env::remove_var("AIRNOW_API_KEY") };
    assert!(airnow_api_key(None).unwrap_err().to_string().contains("AIRNOW_API_KEY"));
}

#[test]
fn bad_arguments_are_refused_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let base = Some("http://127.0.0.1:9/");
    assert!(
        get_airnow_bounded_obs(
            &c,
            KEY,
            "2022-05-01",
            "2022-05-01T23",
            "-85,33,-84,34",
            "PM25",
            'B',
            0,
            dir.path(),
            base,
            &mut |_| {}
        )
        .is_err()
    );
    assert!(
        get_airnow_bounded_obs(
            &c,
            KEY,
            "2022-05-01T00",
            "2022-05-01T23",
            "-84,33,-85,34",
            "PM25",
            'B',
            0,
            dir.path(),
            base,
            &mut |_| {}
        )
        .is_err()
    );
    assert!(
        get_airnow_bounded_obs(
            &c,
            KEY,
            "2022-05-01T00",
            "2022-05-01T23",
            "-85,33,-84,34",
            "PM25",
            'X',
            0,
            dir.path(),
            base,
            &mut |_| {}
        )
        .is_err()
    );
    assert!(
        get_airnow_forecast(
            &c,
            KEY,
            "05/31/2012",
            &AirNowLocation::Zip("60440".into()),
            25,
            dir.path(),
            base,
            &mut |_| {}
        )
        .is_err()
    );
    assert!(
        get_airnow_forecast(
            &c,
            KEY,
            "2012-05-31",
            &AirNowLocation::Zip("../x".into()),
            25,
            dir.path(),
            base,
            &mut |_| {}
        )
        .is_err()
    );
}

#[test]
fn failure_modes_never_show_the_key() {
    scenarios::check_failure_modes(Arc::new(normal), "/forecast/", Some(KEY), &|c, base, dir| {
        get_airnow_forecast(
            c,
            KEY,
            "2012-05-31",
            &AirNowLocation::Zip("60440".into()),
            25,
            dir,
            Some(base),
            &mut |_| {},
        )
        .map(|f| vec![f])
    });
    scenarios::check_failure_modes(Arc::new(normal), "/data/", Some(KEY), &|c, base, dir| {
        get_airnow_bounded_obs(
            c,
            KEY,
            "2022-05-01T00",
            "2022-05-01T23",
            "-85,33,-84,34",
            "OZONE,PM25",
            'C',
            2,
            dir,
            Some(base),
            &mut |_| {},
        )
        .map(|f| vec![f])
    });
}
