//! `utils_solar.json`: solar position, sunrise/sunset/noon, day/night flags, destinations.

use atmokit_core::time::parse_datetime;
use atmokit_physics::solar::{Refraction, get_solar_azimuth_elevation};
use atmokit_tests::{expected, json_f64, read_oracle};
use serde_json::Value;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(json_f64).collect()
}

fn times(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| parse_datetime(t.as_str().unwrap()).unwrap())
        .collect()
}

fn site() -> (f64, f64) {
    let e = expected("utils_solar");
    (json_f64(&e["site"]["lat"]), json_f64(&e["site"]["lon"]))
}

/// Largest absolute angular difference, wrapping at 360°.
fn max_angle_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| ((x - y + 540.0).rem_euclid(360.0) - 180.0).abs())
        .fold(0.0, f64::max)
}

#[test]
fn hourly_elevation_azimuth_distance_match_skyfield() {
    let e = expected("utils_solar");
    let (lat, lon) = site();
    let case = &e["get_solar_azimuth_elevation_hourly"];
    let t = times(&case["times"]);
    let g = get_solar_azimuth_elevation(lat, lon, &t, Refraction::Standard).unwrap();
    let de = max_angle_diff(&g.elevation, &floats(&case["elevation"]));
    let da = max_angle_diff(&g.azimuth, &floats(&case["azimuth"]));
    eprintln!("refracted: max |Δelev| {de:.2e}°, max |Δaz| {da:.2e}°");
    assert!(de < 0.01 && da < 0.01, "elevation {de}, azimuth {da}");
    let want_d = floats(&case["distance_au"]);
    let dd = g
        .distance_au
        .iter()
        .zip(&want_d)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    eprintln!("max |Δdistance| {dd:.2e} AU");
    assert!(dd < 2e-6, "distance {dd}");

    let nr = &e["get_solar_azimuth_elevation_hourly_no_refraction"];
    let g = get_solar_azimuth_elevation(lat, lon, &t, Refraction::None).unwrap();
    let de = max_angle_diff(&g.elevation, &floats(&nr["elevation"]));
    let da = max_angle_diff(&g.azimuth, &floats(&nr["azimuth"]));
    eprintln!("geometric: max |Δelev| {de:.2e}°, max |Δaz| {da:.2e}°");
    assert!(de < 0.01 && da < 0.01, "elevation {de}, azimuth {da}");
}

#[test]
fn met_file_coordinates_are_the_oracle_site() {
    let ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let lat = ds
        .get("lat")
        .unwrap()
        .data()
        .to_f64()
        .unwrap()
        .iter()
        .next()
        .copied()
        .unwrap();
    assert_eq!(lat, site().0);
}

fn iso_list(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| parse_datetime(t.as_str().unwrap()).unwrap())
        .collect()
}

#[test]
fn sunrise_sunset_noon_within_a_second_including_polar_day_and_night() {
    use atmokit_physics::solar::{get_sunrise_sunset_noon, parse_yyyymmdd};
    let e = expected("utils_solar");
    let cases = e["get_sunrise_sunset_noon"].as_object().unwrap();
    assert_eq!(cases.len(), 5);
    for (label, c) in cases {
        let dates: Vec<_> = match &c["date"] {
            Value::String(s) => vec![parse_yyyymmdd(s).unwrap()],
            Value::Array(a) => a.iter().map(|s| parse_yyyymmdd(s.as_str().unwrap()).unwrap()).collect(),
            other => panic!("{other}"),
        };
        let ev = get_sunrise_sunset_noon(json_f64(&c["lat"]), json_f64(&c["lon"]), &dates).unwrap();
        for (what, got) in [("sunrise", &ev.sunrise), ("sunset", &ev.sunset), ("noon", &ev.noon)] {
            let want = iso_list(&c[what]);
            assert_eq!(got.len(), want.len(), "{label} {what} count");
            for (g, w) in got.iter().zip(&want) {
                let diff_s = (g - w).abs() as f64 / 1e9;
                assert!(diff_s < 1.0, "{label} {what}: off by {diff_s} s");
            }
        }
    }
}

#[test]
fn is_sun_visible_and_twilight_codes() {
    use atmokit_physics::solar::{dark_twilight_day, is_sun_visible};
    let e = expected("utils_solar");
    let (lat, lon) = site();
    let v = &e["is_sun_visible"];
    let t = iso_list(&v["times_utc"]);
    let want: Vec<bool> = v["visible"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_bool().unwrap())
        .collect();
    assert_eq!(is_sun_visible(lat, lon, &t).unwrap(), want);
    let codes: Vec<u8> = v["dawn_dusk_codes(0 dark,1 astro,2 nautical,3 civil,4 sun)"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap() as u8)
        .collect();
    assert_eq!(dark_twilight_day(lat, lon, &t).unwrap(), codes);
}

fn transitions(v: &[i64]) -> Vec<(usize, i64, i64)> {
    v.windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] != w[1])
        .map(|(i, w)| (i + 1, w[0], w[1]))
        .collect()
}

fn want_transitions(v: &Value) -> Vec<(usize, i64, i64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t[0].as_u64().unwrap() as usize,
                t[2].as_i64().unwrap(),
                t[3].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn add_solar_variable_matches_act_day_night() {
    use atmokit_physics::solar::add_solar_variable;
    let e = expected("utils_solar");
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    add_solar_variable(&mut ds, None, None, false).unwrap();
    let var = ds.get("sun_variable").unwrap();
    let case = &e["add_solar_variable"];
    atmokit_tests::check_summary("sun_variable", var, &case["sun_variable"], 0.0);
    atmokit_tests::assert_attrs_equal("sun_variable", var.attrs(), &case["attrs"]);
    let v = ds
        .view::<i64>("sun_variable")
        .unwrap()
        .iter()
        .copied()
        .collect::<Vec<_>>();
    assert_eq!(
        transitions(&v),
        want_transitions(&case["transitions[index,time,from,to]"])
    );
}

#[test]
fn add_solar_variable_dawn_dusk_fixes_acts_off_by_one() {
    use atmokit_physics::solar::add_solar_variable;
    let e = expected("utils_solar");
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    add_solar_variable(&mut ds, None, None, true).unwrap();
    let case = &e["add_solar_variable_dawn_dusk"];
    atmokit_tests::assert_attrs_equal("sun_variable", ds.get("sun_variable").unwrap().attrs(), &case["attrs"]);
    let v = ds
        .view::<i64>("sun_variable")
        .unwrap()
        .iter()
        .copied()
        .collect::<Vec<_>>();
    let mut want = want_transitions(&case["transitions[index,time,from,to]"]);
    // ACT starts dawn at the last *dark* sample (index 729, elevation −18.15°); atmokit starts it
    // at the first sample at or above −18° (index 730). Every other transition is identical.
    assert_eq!(want[1], (729, 0, 2));
    want[1].0 = 730;
    assert_eq!(transitions(&v), want);
    let mut counts = [0usize; 5];
    v.iter().for_each(|&c| counts[c as usize] += 1);
    let act: Vec<(usize, usize)> = case["value_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize))
        .collect();
    assert_eq!(act, vec![(0, 672), (1, 582), (2, 94), (3, 92)]);
    assert_eq!(counts, [673, 582, 93, 92, 0]);
}

#[test]
fn destination_points_match_act() {
    use atmokit_physics::geo::destination_azimuth_distance;
    let e = expected("utils_solar");
    let rows = e["destination_azimuth_distance[lat,lon,az,dist,units,lat2,lon2]"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 4);
    for r in rows {
        let (la, lo) = destination_azimuth_distance(
            json_f64(&r[0]),
            json_f64(&r[1]),
            json_f64(&r[2]),
            json_f64(&r[3]),
            r[4].as_str().unwrap(),
        )
        .unwrap();
        atmokit_tests::assert_close("lat2", la, json_f64(&r[5]), 1e-12, 1e-12);
        atmokit_tests::assert_close("lon2", lo, json_f64(&r[6]), 1e-12, 1e-12);
    }
}

/// ACT's own unit-test numbers (ACT 2.3.4's unit tests): the MARCUS ship's first position from
/// `marnavM1.a1.20180201`, and a polar-day site at 85°N, 140°W. Given to whole seconds.
#[test]
fn act_unit_test_sunrise_sunset_noon() {
    use atmokit_physics::solar::{get_sunrise_sunset_noon, parse_yyyymmdd};
    let nav = read_oracle("marnavM1.a1.20180201.000000.nc");
    let first = |v: &str| atmokit_tests::first_f64(&nav, v);
    let cases = [
        (
            first("lat"),
            first("lon"),
            "20180201",
            ["2018-01-31T22:36:32", "2018-02-01T17:24:04", "2018-02-01T08:02:10"],
        ),
        (
            85.0,
            -140.0,
            "20180601",
            ["2018-03-30T10:48:48", "2018-09-12T08:50:14", "2018-06-01T21:17:52"],
        ),
    ];
    for (lat, lon, date, [rise, set, noon]) in cases {
        let ev = get_sunrise_sunset_noon(lat, lon, &[parse_yyyymmdd(date).unwrap()]).unwrap();
        for (what, got, want) in [
            ("sunrise", &ev.sunrise, rise),
            ("sunset", &ev.sunset, set),
            ("noon", &ev.noon, noon),
        ] {
            assert_eq!(got.len(), 1, "{date} {what}");
            let diff = (got[0] - parse_datetime(want).unwrap()) as f64 / 1e9;
            assert!(
                (-1.0..2.0).contains(&diff),
                "{date} {what}: {} vs {want}",
                atmokit_core::time::format_ns(got[0])
            );
        }
    }
}

/// With `act_compat` the dawn/dusk labels are ACT's exactly: every transition and the value
/// counts of `add_solar_variable(ds, dawn_dusk=True)` on the SGP met day.
#[test]
fn add_solar_variable_dawn_dusk_act_compat_equals_act() {
    use atmokit_physics::solar::{SolarVariableOptions, add_solar_variable_with};
    let e = expected("utils_solar");
    let mut ds = read_oracle("sgpmetE13.b1.20190101.000000.cdf");
    let o = SolarVariableOptions {
        dawn_dusk: true,
        act_compat: true,
    };
    add_solar_variable_with(&mut ds, None, None, &o).unwrap();
    let case = &e["add_solar_variable_dawn_dusk"];
    atmokit_tests::assert_attrs_equal("sun_variable", ds.get("sun_variable").unwrap().attrs(), &case["attrs"]);
    let v: Vec<i64> = ds.view::<i64>("sun_variable").unwrap().iter().copied().collect();
    assert_eq!(
        transitions(&v),
        want_transitions(&case["transitions[index,time,from,to]"])
    );
    let act: Vec<(i64, usize)> = case["value_counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_i64().unwrap(), p[1].as_u64().unwrap() as usize))
        .collect();
    for (value, n) in act {
        assert_eq!(v.iter().filter(|&&x| x == value).count(), n, "value {value}");
    }
}
