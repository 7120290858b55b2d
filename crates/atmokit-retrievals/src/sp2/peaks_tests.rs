//! Peak statistics on waveforms written by hand.

use super::*;
use ndarray::Array2;

/// A dataset with `Data_ch{ch}` = the given rows (100 samples each).
fn waves(ch: usize, rows: &[Vec<f64>]) -> Dataset {
    let flat: Vec<i16> = rows.iter().flatten().map(|&x| x as i16).collect();
    let a = Array2::from_shape_vec((rows.len(), 100), flat).unwrap();
    let mut ds = Dataset::new();
    ds.insert(
        &format!("Data_ch{ch}"),
        Variable::new(["event_index", "columns"], a).unwrap(),
    )
    .unwrap();
    ds
}

/// Baseline 10, a triangle peaking at sample 40 with height 400 (rising 20 per sample from
/// sample 20, falling 40 per sample to sample 50).
fn triangle() -> Vec<f64> {
    (0..100)
        .map(|k| {
            let k = k as f64;
            10.0 + if (20.0..=40.0).contains(&k) {
                20.0 * (k - 20.0)
            } else if (40.0..=50.0).contains(&k) {
                400.0 - 40.0 * (k - 40.0)
            } else {
                0.0
            }
        })
        .collect()
}

#[test]
fn incandescence_triangle_by_hand() {
    let ds = waves(1, &[triangle(), vec![7.0; 100]]);
    let out = incandescence_peaks(&ds, 1, 25).unwrap();
    let get = |n: &str| out.values_f64(n).unwrap();
    assert_eq!(get("Base_ch1")[0], 10.0);
    assert_eq!(get("PkHt_ch1")[0], 400.0);
    assert_eq!(get("PkPos_ch1")[0], 40.0);
    assert_eq!(get("PkStart_ch1")[0], 20.0); // last sample ≤ 40 under 5 counts above base
    assert_eq!(get("PkEnd_ch1")[0], 50.0);
    assert_eq!(get("PkHalfRise_ch1")[0], 30.0); // 20·10 = 200 = half height
    assert_eq!(get("PkHalfDecay_ch1")[0], 45.0);
    // Σ_{20..=80}(wave + 10) = 61·20 + area of the triangle (Σ 20(k−20), k=20..40, + Σ 400−40j, j=1..10)
    let area = 20.0 * (0..=20).sum::<i32>() as f64 + (1..=10).map(|j| 400.0 - 40.0 * j as f64).sum::<f64>();
    assert_eq!(get("Peak2area_ch1")[0], 420.0 / (61.0 * 20.0 + area));
    // A flat record: no peak, only Peak2area.
    assert!(get("PkHt_ch1")[1].is_nan() && get("Base_ch1")[1].is_nan() && get("PkStart_ch1")[1].is_nan());
    assert_eq!(get("Peak2area_ch1")[1], 14.0 / (61.0 * 14.0));
}

#[test]
fn split_detector_inverts_channel_3() {
    let mut neg: Vec<f64> = triangle().iter().map(|x| -x).collect();
    neg[5] = -9.0; // the uninverted maximum must not be at sample 0 (PySP2's criterion)
    let flat_start = waves(3, &[triangle().iter().map(|x| -x).collect()]);
    let ds = waves(3, &[neg]);
    let out = split_detector_peaks(&ds, 3).unwrap();
    let base = (19.0 * 10.0 + 9.0) / 20.0;
    assert_eq!(out.values_f64("Base_ch3").unwrap()[0], base);
    assert_eq!(out.values_f64("PkHt_ch3").unwrap()[0], 410.0 - base);
    assert_eq!(out.values_f64("PkPos_ch3").unwrap()[0], 40.0);
    // rectified excess 2·(wave − base) < 5 last at k = 20 before the peak
    assert_eq!(out.values_f64("PkSplitPos_ch3").unwrap()[0], 20.0);
    // Uninverted maximum at sample 0: rejected, split position −1.
    let out = split_detector_peaks(&flat_start, 3).unwrap();
    assert!(out.values_f64("PkHt_ch3").unwrap()[0].is_nan());
    assert_eq!(out.values_f64("PkSplitPos_ch3").unwrap()[0], -1.0);
}

#[test]
fn ratio_of_two_scaled_waves_is_the_scale() {
    let t = triangle();
    let half: Vec<f64> = t.iter().map(|x| 10.0 + (x - 10.0) / 2.0).collect();
    let mut ds = waves(1, std::slice::from_ref(&t));
    for (name, v) in waves(2, &[half]).variables() {
        ds.insert(name, v.clone()).unwrap();
    }
    let mut stats = incandescence_peaks(&ds, 1, 25).unwrap();
    for (name, v) in incandescence_peaks(&ds, 2, 25).unwrap().variables() {
        stats.insert(name, v.clone()).unwrap();
    }
    assert_eq!(
        super::super::stats::incandescence_ratio(&ds, &stats, 1, 2).unwrap(),
        vec![2.0]
    );
}

#[test]
fn short_or_missing_waves_are_errors() {
    let e = incandescence_peaks(&Dataset::new(), 1, 25).unwrap_err().to_string();
    assert!(e.contains("Data_ch1"), "{e}");
    let mut ds = Dataset::new();
    ds.insert(
        "Data_ch5",
        Variable::new(["event_index", "columns"], Array2::<i16>::zeros((2, 50))).unwrap(),
    )
    .unwrap();
    let e = incandescence_peaks(&ds, 5, 25).unwrap_err().to_string();
    assert!(e.contains("Data_ch5") && e.contains("81"), "{e}");
}

#[test]
fn baseline_length_follows_the_trigger_position() {
    assert_eq!(base_points(25, 100), 20);
    assert_eq!(base_points(-1, 100), 20);
    assert_eq!(base_points(0, 100), 20);
    assert_eq!(base_points(10, 100), 8);
    assert_eq!(base_points(200, 100), 20);
}
