//! Five objects built by hand on a global 4° grid: two blobs that merge, one that splits, one
//! crossing the dateline, one below the size cut, one that vanishes and returns. A raw field of
//! 2 on the objects and 0 elsewhere, tracked with a fixed threshold of 1 and no morphology, so
//! every expected number below follows from the construction.

use atmokit_track::area::AreaWeighting;
use atmokit_track::grid::Grid;
use atmokit_track::history::EventKind;
use atmokit_track::label::Connectivity;
use atmokit_track::pipeline::{TrackOptions, TrackResult, track};
use atmokit_track::threshold::Threshold;
use ndarray::Array3;

const NT: usize = 20;
const NY: usize = 30;
const NX: usize = 90;

fn grid() -> Grid {
    let time = (0..NT as i64).map(|d| (18_262 + d) * 86_400 * 1_000_000_000).collect(); // 2020-01-01 + d
    let lat = (0..NY).map(|i| -58.0 + 4.0 * i as f64).collect();
    let lon = (0..NX).map(|i| 2.0 + 4.0 * i as f64).collect();
    Grid::new(time, lat, lon)
}

fn fill(f: &mut Array3<f32>, ts: std::ops::Range<usize>, ys: std::ops::Range<usize>, xs: std::ops::Range<usize>) {
    for t in ts {
        for y in ys.clone() {
            for x in xs.clone() {
                f[[t, y, x]] = 2.0;
            }
        }
    }
}

fn scene() -> Array3<f32> {
    let mut f = Array3::<f32>::zeros((NT, NY, NX));
    // A: two 5×5 blobs 3 columns apart for t = 0..9, bridged from t = 5 on (merge at t = 5).
    fill(&mut f, 0..9, 4..9, 10..15);
    fill(&mut f, 0..9, 4..9, 18..23);
    fill(&mut f, 5..9, 4..9, 15..18);
    // B: a 5×13 bar for t = 0..5, two 5×5 halves 3 columns apart for t = 5..10 (split at t = 5).
    fill(&mut f, 0..5, 14..19, 40..53);
    fill(&mut f, 5..10, 14..19, 40..45);
    fill(&mut f, 5..10, 14..19, 48..53);
    // C: 5×8 straddling the seam (columns 86..90 and 0..4) for t = 2..7.
    fill(&mut f, 2..7, 20..25, 86..90);
    fill(&mut f, 2..7, 20..25, 0..4);
    // D: 2×2, t = 10 only: the smallest object, below the size cut.
    fill(&mut f, 10..11, 27..29, 60..62);
    // E: 5×5 for t = 0..4, gone for t = 4..12, back at the same place for t = 12..16.
    fill(&mut f, 0..4, 4..9, 70..75);
    fill(&mut f, 12..16, 4..9, 70..75);
    f
}

fn options() -> TrackOptions {
    TrackOptions {
        threshold: Threshold::Fixed(1.0),
        radius: 0,
        // 2-D objects: A 2·5 + 4 = 14, B 5 + 2·5 = 15, C 5, D 1, E 8 → 43. Sorted areas start
        // 4 (D), 25, ...; the 0.02 quantile lies at rank 0.84 between 4 and 25: only D goes.
        min_size_quantile: 0.02,
        area_weighting: AreaWeighting::Cells,
        connectivity: Connectivity::Full,
        ..TrackOptions::default()
    }
}

fn run() -> TrackResult {
    let g = grid();
    assert!(g.periodic);
    track(scene().view(), &g, None, &options()).unwrap()
}

fn object_at(r: &TrackResult, t: usize, y: usize, x: usize) -> &atmokit_track::stats::ObjectStats {
    let l = r.labels[[t, y, x]];
    assert!(l > 0, "no object at ({t}, {y}, {x})");
    r.objects.iter().find(|o| o.label == l).unwrap()
}

#[test]
fn counts_and_size_cut() {
    let r = run();
    assert_eq!(r.area.n_initial, 43);
    assert_eq!(r.area.n_kept, 42);
    assert!((r.area.threshold - (4.0 + 0.84 * 21.0)).abs() < 1e-9);
    // A, B, C, E-first, E-second; D dropped.
    assert_eq!(r.objects.len(), 5);
    assert_eq!(r.labels[[10, 27, 60]], 0);
    // Labels by first appearance: A at (0, 4, 10), E at (0, 4, 70), B at (0, 14, 40), C, E again.
    assert_eq!(r.labels[[0, 4, 10]], 1);
    assert_eq!(r.labels[[0, 4, 70]], 2);
    assert_eq!(r.labels[[0, 14, 40]], 3);
    assert_eq!(r.labels[[2, 20, 0]], 4);
    assert_eq!(r.labels[[12, 4, 70]], 5);
}

#[test]
fn two_blobs_merge() {
    let r = run();
    let a = object_at(&r, 0, 4, 10);
    assert_eq!(r.labels[[0, 4, 18]], a.label, "both blobs are one object");
    assert_eq!((a.start_index, a.end_index, a.duration_steps), (0, 8, 9));
    assert_eq!(a.n_cells, 5 * 50 + 4 * 65);
    let merges: Vec<_> = r.events.iter().filter(|e| e.kind == EventKind::Merge).collect();
    assert_eq!(merges.len(), 1);
    let m = merges[0];
    assert_eq!((m.object, m.time_index), (a.label, 5));
    let mut before: Vec<usize> = m.before.iter().map(|p| p.n_cells).collect();
    before.sort();
    assert_eq!(before, vec![25, 25]);
    assert_eq!(m.after.len(), 1);
    assert_eq!(m.after[0].n_cells, 65);
    // Area through time: 50 cells then 65 cells.
    let cells: Vec<usize> = a.track.iter().map(|p| p.n_cells).collect();
    assert_eq!(cells, vec![50, 50, 50, 50, 50, 65, 65, 65, 65]);
}

#[test]
fn one_splits() {
    let r = run();
    let b = object_at(&r, 0, 14, 40);
    assert_eq!(r.labels[[9, 14, 52]], b.label);
    assert_eq!((b.start_index, b.end_index), (0, 9));
    let splits: Vec<_> = r.events.iter().filter(|e| e.kind == EventKind::Split).collect();
    assert_eq!(splits.len(), 1);
    let s = splits[0];
    assert_eq!((s.object, s.time_index), (b.label, 5));
    assert_eq!(s.before.len(), 1);
    assert_eq!(s.before[0].n_cells, 65);
    assert_eq!(s.after.iter().map(|p| p.n_cells).collect::<Vec<_>>(), vec![25, 25]);
    // Centroids of the halves: columns 40..45 → 162..178°E, mean 170°; 48..53 → mean 202°.
    assert!((s.after[0].centroid_lon - 170.0).abs() < 1e-9);
    assert!((s.after[1].centroid_lon - 202.0).abs() < 1e-9);
    // Latitude rows 14..19 → −2..14°N, centroid area-weighted toward the equator.
    let w: Vec<f64> = (14..19)
        .map(|i| (-58.0f64 + 4.0 * i as f64).to_radians().cos())
        .collect();
    let lat: f64 = (14..19).zip(&w).map(|(i, w)| w * (-58.0 + 4.0 * i as f64)).sum::<f64>() / w.iter().sum::<f64>();
    assert!((b.track[0].centroid_lat - lat).abs() < 1e-9);
}

#[test]
fn one_crosses_the_dateline() {
    let r = run();
    let c = object_at(&r, 2, 20, 0);
    assert_eq!(r.labels[[2, 20, 89]], c.label, "both sides of the seam are one object");
    assert_eq!((c.start_index, c.end_index, c.n_cells), (2, 6, 5 * 40));
    // Columns 86..89 are 346..358°E, 0..3 are 2..14°E: box from 346° east to 14°.
    assert_eq!((c.lon_west, c.lon_east), (346.0, 14.0));
    let lon = c.track[0].centroid_lon.rem_euclid(360.0);
    assert!(lon.min(360.0 - lon) < 1e-9, "centroid at 0°E, got {lon}");
    // Not periodic: the two halves are two objects.
    let mut opts = options();
    opts.periodic = Some(false);
    let r2 = track(scene().view(), &grid(), None, &opts).unwrap();
    assert_ne!(r2.labels[[2, 20, 0]], r2.labels[[2, 20, 89]]);
}

#[test]
fn one_vanishes_and_returns() {
    let r = run();
    let first = object_at(&r, 0, 4, 70);
    let second = object_at(&r, 12, 4, 70);
    assert_ne!(first.label, second.label);
    assert_eq!((first.start_index, first.end_index), (0, 3));
    assert_eq!(
        (second.start_index, second.end_index, second.duration_steps),
        (12, 15, 4)
    );
    // Times: 2020-01-01 + 12 days.
    assert_eq!(second.start_time, (18_262 + 12) * 86_400 * 1_000_000_000);
}

#[test]
fn corner_contact_in_time_depends_on_connectivity() {
    // A 3×3 square moving 3 rows and 3 columns per step: consecutive squares touch only by a
    // corner, (7+3t, 7+3t) at t and (8+3t, 8+3t) at t+1. Full (26) joins them, Edges (18) not.
    let g = grid();
    let mut f = Array3::<f32>::zeros((NT, NY, NX));
    for t in 0..4 {
        fill(&mut f, t..t + 1, 5 + 3 * t..8 + 3 * t, 5 + 3 * t..8 + 3 * t);
    }
    let mut o = options();
    o.min_size_quantile = 0.0;
    o.connectivity = Connectivity::Full;
    assert_eq!(track(f.view(), &g, None, &o).unwrap().objects.len(), 1);
    o.connectivity = Connectivity::Edges;
    assert_eq!(track(f.view(), &g, None, &o).unwrap().objects.len(), 4);
}
