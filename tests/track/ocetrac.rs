//! Side by side with Ocetrac 0.1.7 on the `sst_cube` sample (see
//! `crates/atmokit-track/docs/ocetrac-comparison.md`).
//!
//! `export_for_ocetrac` (ignored; run with `TRACK_EXPORT_DIR=dir cargo test … -- --ignored`)
//! writes the sample's SST, our anomalies, our 90th-percentile exceedance mask and the ocean mask
//! as raw little-endian arrays; `ocetrac_compare.py` runs Ocetrac's SurfTracker on the same binary
//! field and stores its result in `ocetrac_sst_cube.json`, which `same_objects_as_ocetrac` reads.

use atmokit_samples::sst_cube;
use atmokit_track::area::{AreaFilter, AreaWeighting, filter_area};
use atmokit_track::climatology::anomalies;
use atmokit_track::grid::Grid;
use atmokit_track::label::{Connectivity, label};
use atmokit_track::morphology::{Disk, DiskShape, close_open};
use atmokit_track::threshold::{Threshold, exceedance_mask};
use ndarray::{Array2, Array3, Ix3};
use std::io::Write;

/// The comparison's settings (Ocetrac's names): radius, min_size_quartile.
const RADIUS: usize = 3;
const QUANTILE: f64 = 0.75;

struct Inputs {
    grid: Grid,
    sst: Array3<f32>,
    anom: Array3<f32>,
    binary: Array3<bool>,
    ocean: Array2<bool>,
}

fn inputs() -> Inputs {
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
fn ocetrac_like(inp: &Inputs) -> (Array3<i32>, usize, atmokit_track::area::AreaReport) {
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
