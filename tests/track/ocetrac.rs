//! Side by side with Ocetrac 0.1.7 on the `sst_cube` sample (see
//! `crates/atmokit-track/docs/ocetrac-comparison.md`).
//!
//! `export_for_ocetrac` (ignored; run with `TRACK_EXPORT_DIR=dir cargo test … -- --ignored`)
//! writes the sample's SST, our anomalies, our 90th-percentile exceedance mask and the ocean mask
//! as raw little-endian arrays; `ocetrac_compare.py` runs Ocetrac's SurfTracker on the same binary
//! field and stores its result in `ocetrac_sst_cube.json`, which `same_objects_as_ocetrac` reads,
//! and Ocetrac's labels (warm events, `positive=True`, and cold events, `positive=False`) in
//! `ocetrac_sst_cube_labels.nc` (int16, zlib), which `labels_match_ocetrac_cell_by_cell` reads.

use atmokit_samples::sst_cube;
use atmokit_track::area::{AreaFilter, AreaWeighting, filter_area};
use atmokit_track::climatology::anomalies;
use atmokit_track::grid::Grid;
use atmokit_track::label::{Connectivity, label};
use atmokit_track::morphology::{Disk, DiskShape, close_open};
use atmokit_track::pipeline::{TrackOptions, track};
use atmokit_track::threshold::{Threshold, exceedance_mask};
use ndarray::{Array2, Array3, Ix3};
use std::io::Write;

/// The comparison's settings (Ocetrac's names): radius, min_size_quartile.
const RADIUS: usize = 3;
const QUANTILE: f64 = 0.75;

#[derive(Clone)]
pub(crate) struct Inputs {
    pub(crate) grid: Grid,
    sst: Array3<f32>,
    anom: Array3<f32>,
    pub(crate) binary: Array3<bool>,
    pub(crate) ocean: Array2<bool>,
}

pub(crate) fn inputs() -> Inputs {
    let ds = sst_cube::sst_cube().unwrap();
    let grid = Grid::from_dataset(&ds, "sst").unwrap();
    let sst = ds
        .view::<f32>("sst")
        .unwrap()
        .into_dimensionality::<Ix3>()
        .unwrap()
        .to_owned();
    let ocean = ds
        .view::<i8>("mask")
        .unwrap()
        .mapv(|m| m == 1)
        .into_dimensionality::<ndarray::Ix2>()
        .unwrap();
    let anom = anomalies(sst.view(), &grid.time_seconds(), 2).unwrap();
    let binary = exceedance_mask(anom.view(), Threshold::Percentile(90.0), Some(ocean.view())).unwrap();
    Inputs {
        grid,
        sst,
        anom,
        binary,
        ocean,
    }
}

/// Ocetrac's tracker stage with our functions set to Ocetrac's conventions.
pub(crate) fn ocetrac_like(inp: &Inputs) -> (Array3<i32>, usize, atmokit_track::area::AreaReport) {
    let mut m = inp.binary.clone();
    close_open(
        &mut m,
        Disk {
            radius: RADIUS,
            shape: DiskShape::Strict,
        },
        inp.grid.periodic,
    );
    for ((_, y, x), v) in m.indexed_iter_mut() {
        *v &= inp.ocean[[y, x]];
    }
    let f = AreaFilter {
        quantile: QUANTILE,
        min_area: 0.0,
        weighting: AreaWeighting::Cells,
    };
    let rep = filter_area(&mut m, &inp.grid, Connectivity::Full, &f).unwrap();
    let (l, n) = label(&m, Connectivity::Full, inp.grid.periodic, true);
    (l, n, rep)
}

/// The cold-event mask: anomalies at or below the per-point 10th percentile (the 90th
/// percentile of the negated anomalies), ocean only.
fn cold_binary(inp: &Inputs) -> Array3<bool> {
    let neg = inp.anom.mapv(|v| -v);
    exceedance_mask(neg.view(), Threshold::Percentile(90.0), Some(inp.ocean.view())).unwrap()
}

/// Cold events through the library's own option (`positive: false`) with Ocetrac's conventions.
fn cold_track(inp: &Inputs) -> atmokit_track::pipeline::TrackResult {
    let opts = TrackOptions {
        threshold: Threshold::Percentile(90.0),
        radius: RADIUS,
        disk_shape: DiskShape::Strict,
        min_size_quantile: QUANTILE,
        area_weighting: AreaWeighting::Cells,
        connectivity: Connectivity::Full,
        periodic: Some(true),
        positive: false,
        ..Default::default()
    };
    track(inp.sst.view(), &inp.grid, Some(inp.ocean.view()), &opts).unwrap()
}

fn write_raw<T: Copy>(path: &std::path::Path, data: &[T], to_bytes: impl Fn(T) -> Vec<u8>) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for &v in data {
        f.write_all(&to_bytes(v)).unwrap();
    }
}

#[test]
#[ignore = "writes the inputs of ocetrac_compare.py; needs TRACK_EXPORT_DIR"]
fn export_for_ocetrac() {
    let dir = std::path::PathBuf::from(std::env::var("TRACK_EXPORT_DIR").expect("TRACK_EXPORT_DIR"));
    std::fs::create_dir_all(&dir).unwrap();
    let inp = inputs();
    let (nt, ny, nx) = inp.grid.shape();
    write_raw(&dir.join("sst.f32"), inp.sst.as_slice().unwrap(), |v: f32| {
        v.to_le_bytes().to_vec()
    });
    write_raw(&dir.join("anom.f32"), inp.anom.as_slice().unwrap(), |v: f32| {
        v.to_le_bytes().to_vec()
    });
    write_raw(&dir.join("binary.u8"), inp.binary.as_slice().unwrap(), |v: bool| {
        vec![v as u8]
    });
    write_raw(&dir.join("ocean.u8"), inp.ocean.as_slice().unwrap(), |v: bool| {
        vec![v as u8]
    });
    let (labels, _, _) = ocetrac_like(&inp);
    write_raw(&dir.join("labels_atmokit.i32"), labels.as_slice().unwrap(), |v: i32| {
        v.to_le_bytes().to_vec()
    });
    // Cold events: anomalies at or below their per-point 10th percentile.
    write_raw(
        &dir.join("binary_cold.u8"),
        cold_binary(&inp).as_slice().unwrap(),
        |v: bool| vec![v as u8],
    );
    let cold = cold_track(&inp);
    write_raw(
        &dir.join("labels_atmokit_cold.i32"),
        cold.labels.as_slice().unwrap(),
        |v: i32| v.to_le_bytes().to_vec(),
    );
    let days: Vec<String> = inp
        .grid
        .time
        .iter()
        .map(|t| (t / 86_400_000_000_000).to_string())
        .collect();
    let meta = format!(
        "{{\"nt\": {nt}, \"ny\": {ny}, \"nx\": {nx}, \"radius\": {RADIUS}, \"quantile\": {QUANTILE}, \"days_since_1970\": [{}], \"lat\": {:?}, \"lon\": {:?}}}",
        days.join(", "),
        inp.grid.lat,
        inp.grid.lon
    );
    std::fs::write(dir.join("meta.json"), meta).unwrap();
}

fn sizes(labels: &Array3<i32>, n: usize) -> Vec<usize> {
    let mut s = vec![0usize; n];
    for &l in labels.iter() {
        if l > 0 {
            s[l as usize - 1] += 1;
        }
    }
    s
}

#[test]
fn same_objects_as_ocetrac() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("track/ocetrac_sst_cube.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let inp = inputs();
    let (labels, n, rep) = ocetrac_like(&inp);
    // Area filter: same 2-D objects and the same threshold.
    assert_eq!(rep.n_initial as u64, v["n_initial"].as_u64().unwrap());
    assert!((rep.threshold - v["min_area"].as_f64().unwrap()).abs() < 1e-9);
    // Final objects and their sizes (cells over all steps), as Ocetrac numbers them.
    let expect: Vec<usize> = v["sizes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_u64().unwrap() as usize)
        .collect();
    let mut ours = sizes(&labels, n);
    let mut theirs = expect.clone();
    ours.sort_unstable();
    theirs.sort_unstable();
    assert_eq!(ours, theirs);
    assert_eq!(n as u64, v["n_final"].as_u64().unwrap());
    // Anomalies: Ocetrac's year + month/12 clock against our decimal years on mid-month dates.
    let max_diff = v["anomaly_max_abs_diff_vs_atmokit"].as_f64().unwrap();
    assert!(max_diff < 0.05, "{max_diff}");
}

/// Whether two labellings are the same up to renumbering: the same cells are labelled, and
/// ours ↔ theirs is a one-to-one map. Cells of the first and last columns (the 180° seam) where
/// one side is labelled and the other is not are counted instead of failing (Ocetrac's seam
/// handling, `wrap_labels`, differs there; see the comparison document). Returns the number of
/// objects and of such seam cells, or the first mismatch.
pub(crate) fn same_up_to_renumbering(ours: &Array3<i32>, theirs: &Array3<i32>) -> Result<(usize, usize), String> {
    use std::collections::HashMap;
    let nx = ours.dim().2;
    let (mut fwd, mut back, mut seam) = (HashMap::new(), HashMap::new(), 0);
    for ((i, &a), &b) in ours.indexed_iter().zip(theirs.iter()) {
        if (a > 0) != (b > 0) {
            if i.2 == 0 || i.2 == nx - 1 {
                seam += 1;
                continue;
            }
            return Err(format!("cell {i:?}: atmokit {a}, Ocetrac {b}"));
        }
        if a == 0 {
            continue;
        }
        if *fwd.entry(a).or_insert(b) != b || *back.entry(b).or_insert(a) != a {
            return Err(format!(
                "cell {i:?}: atmokit {a} ↔ Ocetrac {b} breaks the one-to-one map"
            ));
        }
    }
    Ok((fwd.len(), seam))
}

/// Cell by cell: Ocetrac 0.1.7's labels (stored by `ocetrac_compare.py` in
/// `ocetrac_sst_cube_labels.nc`) equal ours up to renumbering, for warm events (Ocetrac's
/// `positive=True` on the 90th-percentile mask) and cold events (Ocetrac's `positive=False` on
/// the 10th-percentile mask, atmokit's `TrackOptions::positive = false`), and Ocetrac's
/// `method="temporal_neighbor"` linking (atmokit's `temporal::label_temporal_neighbor`).
#[test]
fn labels_match_ocetrac_cell_by_cell() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("track/ocetrac_sst_cube_labels.nc");
    let ds = atmokit_netcdf::read_raw(&path, &|_| true).unwrap();
    let get = |name: &str| -> Array3<i32> {
        ds.view::<i16>(name)
            .unwrap()
            .mapv(i32::from)
            .into_dimensionality::<Ix3>()
            .unwrap()
    };
    let inp = inputs();
    let (warm, n_warm, _) = ocetrac_like(&inp);
    let oc_warm = get("labels_warm");
    assert_eq!(oc_warm.dim(), warm.dim());
    assert_eq!(same_up_to_renumbering(&warm, &oc_warm), Ok((n_warm, 0)));
    assert_eq!(n_warm, 29);
    let cold = cold_track(&inp);
    let oc_cold = get("labels_cold");
    // Ocetrac finds 34 cold objects; all cells agree but 3 in the seam column (one object's
    // strip at 179°E, t = 19, that Ocetrac's wrap_labels drops).
    let (n_cold, seam) = same_up_to_renumbering(&cold.labels, &oc_cold).unwrap();
    assert_eq!((n_cold, cold.objects.len(), seam), (34, 34, 3));
    // Ocetrac's method="temporal_neighbor" on the same cleaned mask.
    let mask = warm.mapv(|l| l > 0);
    let (tn, n_tn) =
        atmokit_track::temporal::label_temporal_neighbor(&mask, Connectivity::Full, inp.grid.periodic, 0.0).unwrap();
    // Ocetrac: 30 events, one more than the 3-D labelling's 29.
    assert_eq!(same_up_to_renumbering(&tn, &get("labels_temporal")), Ok((n_tn, 0)));
    assert_eq!((n_tn, n_warm), (30, 29));
    // The comparison can fail: one cell moved from one object to another is caught.
    let mut broken = oc_warm.clone();
    let (i, _) = oc_warm.indexed_iter().find(|(_, v)| **v > 0).unwrap();
    broken[i] = oc_warm
        .iter()
        .copied()
        .filter(|&v| v > 0 && v != oc_warm[i])
        .max()
        .unwrap();
    assert!(same_up_to_renumbering(&warm, &broken).is_err());
}
