//! `calculate_percentages` against ACT 2.3.4's `act.utils.calculate_percentages` on the SIRS
//! day (numbers printed by ACT in a venv: float32 results, hence rtol 1e-5).

use atmokit_physics::percentages::{PercentOptions, calculate_percentages};
use atmokit_tests::read_oracle;

const F: [&str; 3] = ["down_short_diffuse_hemisp", "short_direct_normal", "down_short_hemisp"];

fn check(opts: &PercentOptions, want: [f64; 3]) {
    let ds = read_oracle("sgpsirsE13.b1.20190101.000000.cdf");
    let got = calculate_percentages(&ds, &F, opts).unwrap();
    for ((name, g), w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-5 * w.abs() + 1e-6, "{name}: {g} vs ACT {w}");
    }
}

#[test]
fn percentages_match_act() {
    // calculate_percentages(ds, F)
    check(&PercentOptions::default(), [49.84637, 1.3976703, 48.75595]);
    // calculate_percentages(ds, F, threshold=0.0)
    check(
        &PercentOptions {
            threshold: Some(0.0),
            ..Default::default()
        },
        [49.452053, 1.4287413, 49.119205],
    );
    // calculate_percentages(ds, F, threshold=5.0, fill_value=1.0,
    //     time_slice=('2019-01-01T15:00', '2019-01-01T18:59:59')): minutes 900..1140
    check(
        &PercentOptions {
            index_range: Some((900, 1140)),
            threshold: Some(5.0),
            fill_value: 1.0,
        },
        [49.876785, 0.4147566, 49.708458],
    );
}

#[test]
fn percentages_errors_name_the_problem() {
    let ds = read_oracle("sgpsirsE13.b1.20190101.000000.cdf");
    let e = calculate_percentages(&ds, &[], &PercentOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("no fields"), "{e}");
    let e = calculate_percentages(
        &ds,
        &F,
        &PercentOptions {
            index_range: Some((0, 5000)),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("0..5000") && e.contains("1440"), "{e}");
    // Everything at or below a huge threshold becomes the fill value 0: no total.
    let e = calculate_percentages(
        &ds,
        &F,
        &PercentOptions {
            threshold: Some(1e9),
            ..Default::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("sum to 0"), "{e}");
}
