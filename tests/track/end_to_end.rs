//! The full method (climatology, percentile, morphology, area filter) on a synthetic SST year.

use atmokit_core::{Dataset, Variable};
use atmokit_track::area::AreaWeighting;
use atmokit_track::pipeline::{TrackOptions, track_dataset};
use atmokit_track::threshold::Threshold;
use ndarray::Array3;

/// 365 daily steps on a 2° regional grid: seasonal cycle + trend + small deterministic noise,
/// a +3 K heatwave on rows 10..20, columns 30..45 for days 100..110, land in columns 0..3.
fn sst() -> Dataset {
    let (nt, ny, nx) = (365usize, 30usize, 60usize);
    let mut f = Array3::<f32>::zeros((nt, ny, nx));
    let mut seed = 7u64;
    for t in 0..nt {
        let s = (2.0 * std::f64::consts::PI * t as f64 / 365.2425).sin();
        for y in 0..ny {
            for x in 0..nx {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let noise = ((seed >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.2;
                let mut v = 20.0 + 0.1 * y as f64 + 4.0 * s + 0.001 * t as f64 + noise;
                if (100..110).contains(&t) && (10..20).contains(&y) && (30..45).contains(&x) {
                    v += 3.0;
                }
                if x < 3 {
                    v = f64::NAN;
                }
                f[[t, y, x]] = v as f32;
            }
        }
    }
    let mut ds = Dataset::new();
    let t0 = 18_262i64 * 86_400 * 1_000_000_000;
    ds.insert(
        "time",
        Variable::time(
            "time",
            (0..nt as i64).map(|d| t0 + d * 86_400 * 1_000_000_000).collect(),
        ),
    )
    .unwrap();
    ds.insert(
        "lat",
        Variable::new(["lat"], (0..ny).map(|i| -29.0 + 2.0 * i as f64).collect::<Vec<_>>()).unwrap(),
    )
    .unwrap();
    ds.insert(
        "lon",
        Variable::new(["lon"], (0..nx).map(|i| 150.0 + 2.0 * i as f64).collect::<Vec<_>>()).unwrap(),
    )
    .unwrap();
    ds.insert("sst", Variable::new(["time", "lat", "lon"], f.into_dyn()).unwrap())
        .unwrap();
    ds
}

#[test]
fn the_heatwave_is_found_and_nothing_else() {
    let ds = sst();
    // 97th percentile: at the heatwave's points the 10 hot days (+3 K against ±0.1 K noise) are
    // the top 10 of 365, above the threshold (rank 0.97·364 = 353.1, i.e. below the top 11);
    // elsewhere ~11 scattered noise days per point (3 % white noise). Closing can knit nearby
    // specks into small clumps that survive the opening; a floor of 50 cells removes them, while
    // every heatwave slice (10 × 15 = 150 cells less the rounded corners) stays.
    let opts = TrackOptions {
        threshold: Threshold::Percentile(97.0),
        radius: 2,
        min_size_quantile: 0.0,
        min_area: 50.0,
        area_weighting: AreaWeighting::Cells,
        ..Default::default()
    };
    let r = track_dataset(&ds, "sst", None, &opts).unwrap();
    assert_eq!(
        r.objects.len(),
        1,
        "objects: {:?}",
        r.objects.iter().map(|o| (o.start_index, o.n_cells)).collect::<Vec<_>>()
    );
    let o = &r.objects[0];
    assert_eq!((o.start_index, o.end_index, o.duration_steps), (100, 109, 10));
    // Bounding box: the heatwave's rectangle (rows 10..19 → −9..9°N, columns 30..44 →
    // 210..238°E) plus whatever noise specks the closing knits onto its edge, which can only
    // come from within a disk diameter (2R + 1 = 5 cells = 10°) of it.
    assert!(o.lat_min <= -9.0 && o.lat_min >= -19.0, "{}", o.lat_min);
    assert!(o.lat_max >= 9.0 && o.lat_max <= 19.0, "{}", o.lat_max);
    assert!(o.lon_west <= 210.0 && o.lon_west >= 200.0, "{}", o.lon_west);
    assert!(o.lon_east >= 238.0 && o.lon_east <= 248.0, "{}", o.lon_east);
    // Every heatwave cell away from the rounded corners is in the object on every hot day.
    for t in 100..110 {
        assert!((11..19).all(|y| (31..44).all(|x| r.labels[[t, y, x]] == o.label)));
    }
    assert!(!r.grid.periodic);
    // Intensity is the anomaly: +3 K ± 0.1 K noise, less what the least-squares fit absorbs. A
    // 10-day bump of 3 K projects on each of the 6 basis functions by at most
    // 2·(10/365)·3 ≈ 0.16 K (0.08 K on the mean), so the peak lies in (2.4, 3.1).
    assert!(o.max_intensity > 2.4 && o.max_intensity < 3.1, "{}", o.max_intensity);
    // The mean also counts the attached noise cells (anomaly ≈ 0.1 K), so it sits below 3 K.
    assert!(
        o.mean_intensity > 1.5 && o.mean_intensity < o.max_intensity,
        "{}",
        o.mean_intensity
    );
    // Land columns never labelled.
    assert!(r.labels.indexed_iter().all(|((_, _, x), l)| x >= 3 || *l == 0));
}

#[test]
fn outputs_round_trip_through_the_dataset_and_csv() {
    let ds = sst();
    let opts = TrackOptions {
        threshold: Threshold::Fixed(25.5),
        radius: 2,
        min_size_quantile: 0.0,
        ..Default::default()
    };
    // Whatever the fixed threshold finds, the labels, the object dim and the CSV rows agree.
    let r = track_dataset(&ds, "sst", None, &opts).unwrap();
    let out = r.to_dataset(["time", "lat", "lon"]).unwrap();
    let labels = out.view::<i32>("labels").unwrap();
    let max_label = labels.iter().copied().max().unwrap_or(0);
    assert_eq!(max_label as usize, r.objects.len());
    assert_eq!(out.dim_len("object"), Some(r.objects.len()));
    let csv = r.objects_csv();
    assert_eq!(csv.lines().count(), r.objects.len() + 1);
    let tracks = r.tracks_csv();
    let steps: usize = r.objects.iter().map(|o| o.duration_steps).sum();
    assert_eq!(tracks.lines().count(), steps + 1);
    assert!(track_dataset(&ds, "nope", None, &opts).is_err());
    assert!(track_dataset(&ds, "lat", None, &opts).is_err());
}

#[test]
fn ocean_mask_variable() {
    let mut ds = sst();
    // Land also in columns 50..60 through an ocean-mask variable (1 = ocean).
    let (ny, nx) = (30usize, 60usize);
    let mask: Vec<i8> = (0..ny * nx).map(|i| i8::from(i % nx < 50)).collect();
    let mask = ndarray::Array2::from_shape_vec((ny, nx), mask).unwrap();
    ds.insert("ocean", Variable::new(["lat", "lon"], mask.into_dyn()).unwrap())
        .unwrap();
    let opts = TrackOptions {
        threshold: Threshold::Fixed(20.0),
        radius: 0,
        min_size_quantile: 0.0,
        ..Default::default()
    };
    let r = track_dataset(&ds, "sst", Some("ocean"), &opts).unwrap();
    assert!(r.labels.iter().any(|l| *l > 0));
    // Neither the NaN columns 0..3 nor the masked columns 50..60 carry a label.
    assert!(
        r.labels
            .indexed_iter()
            .all(|((_, _, x), l)| (3..50).contains(&x) || *l == 0)
    );
    // A mask of the wrong shape or a missing one is an error naming it.
    ds.insert("bad", Variable::new(["lat"], vec![1i8; ny]).unwrap())
        .unwrap();
    let e = track_dataset(&ds, "sst", Some("bad"), &opts).unwrap_err().to_string();
    assert!(e.contains("bad"), "{e}");
    let e = track_dataset(&ds, "sst", Some("nothere"), &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("nothere"), "{e}");
}
