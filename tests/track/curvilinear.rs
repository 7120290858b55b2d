//! Curvilinear grids: the `sst_cube` sample on a rotated copy of its grid (every cell moved by a
//! rotation of the sphere, so 2-D latitudes and longitudes but the same geometry), against
//! Ocetrac 0.1.7's labels (which count cells and never look at coordinates) and against the
//! unrotated grid (cell areas and hence the area filter are rotation-invariant).

use crate::ocetrac::{inputs, same_up_to_renumbering};
use atmokit_track::area::AreaWeighting;
use atmokit_track::curvilinear::{lat_lon, unit};
use atmokit_track::grid::Grid;
use atmokit_track::label::Connectivity;
use atmokit_track::morphology::DiskShape;
use atmokit_track::pipeline::{TrackOptions, TrackResult, track};
use atmokit_track::threshold::Threshold;
use ndarray::{Array2, Array3, Ix3};

/// Rotate `(lat, lon)` (degrees) about the x axis (through 0°N 0°E) by `deg`.
fn rotate(lat: f64, lon: f64, deg: f64) -> (f64, f64) {
    let v = unit(lat, lon);
    let (s, c) = deg.to_radians().sin_cos();
    lat_lon([v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]])
}

fn curvilinear(g: &Grid, deg: f64) -> Grid {
    let (ny, nx) = (g.lat.len(), g.lon.len());
    let p = Array2::from_shape_fn((ny, nx), |(y, x)| rotate(g.lat[y], g.lon[x], deg));
    Grid::curvilinear(g.time.clone(), p.mapv(|c| c.0), p.mapv(|c| c.1), None).unwrap()
}

/// The cleaned-mask tracker of the Ocetrac comparison (radius 3, quantile 0.75, strict disk,
/// 26-connectivity) on the 90th-percentile mask given as a 0/1 field.
fn run(grid: &Grid, weighting: AreaWeighting) -> TrackResult {
    let inp = inputs();
    let field: Array3<f32> = inp.binary.mapv(|b| f32::from(u8::from(b)));
    let opts = TrackOptions {
        threshold: Threshold::Fixed(0.5),
        radius: 3,
        disk_shape: DiskShape::Strict,
        min_size_quantile: 0.75,
        area_weighting: weighting,
        connectivity: Connectivity::Full,
        ..Default::default()
    };
    track(field.view(), grid, Some(inp.ocean.view()), &opts).unwrap()
}

/// Cell counts (Ocetrac's areas) on the rotated grid: Ocetrac's 29 warm objects, cell by cell.
/// With true areas the rotated and the unrotated curvilinear grids give the same objects, areas
/// (to 10⁻⁹), perimeters and rotated centroids, and the regular grid's cos-latitude areas agree
/// to 10⁻³.
#[test]
fn rotated_grid_tracks_like_ocetrac_and_like_the_unrotated_grid() {
    let inp = inputs();
    assert!(inp.grid.periodic);
    let rot = curvilinear(&inp.grid, 35.0);
    assert!(rot.periodic && rot.cells.is_some());
    let cells = rot.cells.as_ref().unwrap();
    // The rotation really moved the cells: the equator row now spans ±35° of latitude.
    let eq_row = cells.lat.row(45).iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!((eq_row - 35.0).abs() < 1.0, "{eq_row}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("track/ocetrac_sst_cube_labels.nc");
    let ds = atmokit_netcdf::read_raw(&path, &|_| true).unwrap();
    let oc: Array3<i32> = ds
        .view::<i16>("labels_warm")
        .unwrap()
        .mapv(i32::from)
        .into_dimensionality::<Ix3>()
        .unwrap();
    let r = run(&rot, AreaWeighting::Cells);
    assert_eq!(same_up_to_renumbering(&r.labels, &oc), Ok((29, 0)));

    let flat = curvilinear(&inp.grid, 0.0);
    let (a, b) = (run(&rot, AreaWeighting::CosLat), run(&flat, AreaWeighting::CosLat));
    assert_eq!(a.labels, b.labels);
    assert_eq!(a.area.areas.len(), b.area.areas.len());
    for (x, y) in a.area.areas.iter().zip(&b.area.areas) {
        assert!((x / y - 1.0).abs() < 1e-9, "{x} vs {y}");
    }
    let regular = run(&inp.grid, AreaWeighting::CosLat);
    for (x, y) in b.area.areas.iter().zip(&regular.area.areas) {
        assert!((x / y - 1.0).abs() < 1e-3, "{x} vs {y}");
    }
    // Centroids (direction of the summed cell vectors) turn with the grid: rotating the
    // unrotated grid's centroid of every object and step gives the rotated grid's (to 1 m).
    let mut n = 0;
    for (o, p) in a.objects.iter().zip(&b.objects) {
        for (s, q) in o.track.iter().zip(&p.track) {
            let (lat, lon) = rotate(q.centroid_lat, q.centroid_lon, 35.0);
            let d = atmokit_track::measures::great_circle_km(lat, lon, s.centroid_lat, s.centroid_lon);
            assert!(d < 1e-3, "object {} step {}: {d} km", o.label, s.time_index);
            n += 1;
        }
    }
    assert!(n > 100);
    // Measures use the curvilinear cell edges: perimeters agree with the unrotated grid's.
    for (o, p) in a.measures.iter().zip(&b.measures) {
        assert!((o.steps[0].perimeter_km / p.steps[0].perimeter_km - 1.0).abs() < 1e-9);
    }
}
