//! `calc_cog_sog` + outer merge + `correct_wind_for_ship_motion` on marnavM1/maraosmetM1 against
//! `corr_ship_wind.json`.

use atmokit_corrections::{ShipNames, calc_cog_sog, correct_wind_for_ship_motion, merge_outer_on_time};
use atmokit_tests::{assert_attrs_equal, check_summary, expected, read_oracle, value_at};

#[test]
fn ship_wind_matches_act() {
    let want = expected("corr_ship_wind");
    let mut nav = read_oracle("marnavM1.a1.20180201.000000.nc");
    calc_cog_sog(&mut nav).unwrap();
    check_summary(
        "cog",
        nav.get("course_over_ground").unwrap(),
        &want["course_over_ground"],
        1e-9,
    );
    check_summary(
        "sog",
        nav.get("speed_over_ground").unwrap(),
        &want["speed_over_ground"],
        1e-9,
    );
    // ACT's own test values: cog[10] = 170.987, sog[15] = 0.448.
    assert!((value_at(nav.get("course_over_ground").unwrap(), &[10]) - 170.987).abs() < 1e-3);
    assert!((value_at(nav.get("speed_over_ground").unwrap(), &[15]) - 0.448).abs() < 1e-3);

    let met = read_oracle("maraosmetM1.a1.20180201.000000.nc");
    let mut ds = merge_outer_on_time(&[&nav, &met]).unwrap();
    assert_eq!(
        ds.dim_len("time").unwrap() as u64,
        want["merged_dims"]["time"].as_u64().unwrap()
    );
    check_summary("merged time", ds.get("time").unwrap(), &want["merged_time"], 0.0);
    check_summary("yaw merged", ds.get("yaw").unwrap(), &want["yaw_merged"], 0.0);
    check_summary(
        "wind speed in",
        ds.get("wind_speed").unwrap(),
        &want["wind_speed_in"],
        0.0,
    );
    correct_wind_for_ship_motion(&mut ds, &ShipNames::default()).unwrap();
    for n in ["wind_speed_corrected", "wind_direction_corrected"] {
        check_summary(n, ds.get(n).unwrap(), &want[n], 1e-6);
        assert_attrs_equal(n, ds.get(n).unwrap().attrs(), &want["corrected_attrs"][n]);
    }
    assert_eq!(value_at(ds.get("wind_speed_corrected").unwrap(), &[800]).round(), 5.0);
    assert_eq!(
        value_at(ds.get("wind_direction_corrected").unwrap(), &[800]).round(),
        92.0
    );
}
