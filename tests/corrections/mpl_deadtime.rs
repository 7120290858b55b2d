//! Dead-time correction and energy normalisation (ACT has neither), checked against values derived
//! by hand from the table stored in sgpmplpolfsC1.b1.20190502 (`deadtime_correction_counts` /
//! `deadtime_correction`: ... 1 -> 1.0375, 2.5 -> 1.0828, 4 -> 1.147, 10 -> 1.5703, 11.5 -> 1.7021,
//! 24 -> 6.3004, 25 -> 7.841) and an NRB profile worked through independently.

use atmokit_core::Dataset;
use atmokit_corrections::{DeadTime, DeadTimeTable, MplOptions, correct_mpl};
use atmokit_tests::{assert_close, read_oracle};

const F: &str = "sgpmplpolfsC1.b1.20190502.000000.cdf";

fn row(ds: &Dataset, name: &str, i: usize) -> Vec<f64> {
    let a = ds.get(name).unwrap().data().to_f64().unwrap();
    a.index_axis(ndarray::Axis(0), i).iter().copied().collect()
}

#[test]
fn table_from_the_file_by_hand() {
    let ds = read_oracle(F);
    let t = DeadTimeTable::new(
        &row(&ds, "deadtime_correction_counts", 0),
        &row(&ds, "deadtime_correction", 0),
        "file",
    )
    .unwrap();
    // On a table point: the factor itself.
    assert_close("D(1)", t.factor(1.0), 1.0375, 1e-6, 0.0);
    // Log-linear interpolation: halfway between two points = geometric mean of their factors.
    assert_close("D(3.25)", t.factor(3.25), (1.0828f64 * 1.147).sqrt(), 1e-6, 0.0);
    assert_close("D(24.5)", t.factor(24.5), (6.3004f64 * 7.841).sqrt(), 1e-6, 0.0);
    // A quarter of the way: f0^(3/4) * f1^(1/4).
    assert_close(
        "D(10.375)",
        t.factor(10.375),
        1.5703f64.powf(0.75) * 1.7021f64.powf(0.25),
        1e-6,
        0.0,
    );
    // Beyond the table (above 25 count/us or below 0.01): factor 1.
    assert_eq!(t.factor(30.0), 1.0);
    assert_eq!(t.factor(0.005), 1.0);
}

#[test]
fn nrb_profile_worked_through_independently() {
    let raw = read_oracle(F);
    let mut ds = raw.clone();
    let opts = MplOptions {
        dead_time: DeadTime::arm_file_table(),
        energy: Some("energy_monitor".into()),
        decibels: false,
        ..MplOptions::default()
    };
    correct_mpl(&mut ds, &opts).unwrap();
    let out = ds.get("signal_return_co_pol").unwrap().data().to_f64().unwrap();

    // Independent f64 computation for profile 0 from the raw file.
    let i = 0;
    let s = row(&raw, "signal_return_co_pol", i);
    let ap = row(&raw, "afterpulse_correction_co_pol", i);
    let h0 = row(&raw, "height", 0);
    let h1 = row(&raw, "height", 1);
    let h: Vec<f64> = h0.iter().zip(&h1).map(|(a, b)| (a + b) / 2.0).collect(); // median of two
    let kept: Vec<usize> = (0..h.len()).filter(|&j| h[j] > 0.0).collect();
    let n = kept.len();
    let bg: f64 = kept[n - 50..n - 2].iter().map(|&j| s[j]).sum::<f64>() / 48.0;
    let oh = row(&raw, "overlap_correction_heights", 0);
    let ov = row(&raw, "overlap_correction", 0);
    let counts = row(&raw, "deadtime_correction_counts", i);
    let factors = row(&raw, "deadtime_correction", i);
    let d = |x: f64| -> f64 {
        if x < counts[0] || x > counts[counts.len() - 1] {
            return 1.0;
        }
        let k = counts.iter().position(|&c| c >= x).unwrap().max(1);
        let w = (x - counts[k - 1]) / (counts[k] - counts[k - 1]);
        (factors[k - 1].ln() * (1.0 - w) + factors[k].ln() * w).exp()
    };
    let e = row(&raw, "energy_monitor", 0)[i];
    assert_close("energy", e, 3.828, 1e-6, 0.0);
    let mut checked = 0;
    for g in [10usize, 11, 12, 50, 100, 300] {
        let j = kept[g];
        let z = h[j];
        let k = (0..oh.len())
            .min_by(|&a, &b| (oh[a] - z).abs().total_cmp(&(oh[b] - z).abs()))
            .unwrap();
        let nrb = (s[j] * d(s[j]) - bg * d(bg) - ap[j] * d(ap[j])) * z * z * ov[k] / e;
        assert_close(&format!("NRB gate {g}"), out[[i, g]], nrb, 1e-4, 0.0);
        // The dead-time factor actually matters on the strong near-range gates.
        if s[j] > 1.0 {
            assert!(d(s[j]) > 1.0);
            checked += 1;
        }
    }
    assert!(checked > 0, "no gate above 1 count/us was exercised");
    let u = ds.get("signal_return_co_pol").unwrap().units().unwrap();
    assert_eq!(u, "count/us * km^2 / uJ");
}

#[test]
fn default_options_equal_act_and_options_change_results() {
    let mut a = read_oracle(F);
    let mut b = a.clone();
    correct_mpl(&mut a, &MplOptions::default()).unwrap();
    correct_mpl(
        &mut b,
        &MplOptions {
            dead_time: DeadTime::arm_file_table(),
            ..MplOptions::default()
        },
    )
    .unwrap();
    let va = a.view::<f32>("signal_return_co_pol").unwrap();
    let vb = b.view::<f32>("signal_return_co_pol").unwrap();
    // Gate 10 of profile 0 has several count/us: the dead-time factor raises it.
    assert!(vb[[0, 10]] > va[[0, 10]]);
}
