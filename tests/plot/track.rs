//! Maps of `atmokit track` output (issue 8): the `data/sst_cube.nc` sample is tracked with
//! atmokit-track, written to netCDF and read back (what `atmokit plot labels.nc` sees), then
//! drawn as a labels map at one step and as a tracks map.

use crate::{has_text, save_bytes};
use atmokit_core::Dataset;
use atmokit_plot::label_map::{LAND, LabelMap, label_colour};
use atmokit_plot::track_map::{TrackMap, tracks_from_csv, tracks_from_labels};
use atmokit_plot::{render_rgb, render_svg};
use atmokit_track::pipeline::{TrackOptions, TrackResult, track_dataset};
use std::path::Path;

/// Track the sample (radius 3, as the Ocetrac comparison) and read the labels file back.
fn tracked() -> (TrackResult, Dataset) {
    let cube = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sst_cube.nc");
    let ds = atmokit_netcdf::read_arm_netcdf(&[&cube], &Default::default()).expect("read sst_cube.nc");
    let opts = TrackOptions {
        radius: 3,
        ..Default::default()
    };
    let r = track_dataset(&ds, "sst", Some("mask"), &opts).expect("track sst");
    let out = r.to_dataset(["time", "lat", "lon"]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("labels.nc");
    atmokit_netcdf::write_netcdf(&out, &path, &Default::default()).unwrap();
    let back = atmokit_netcdf::read_arm_netcdf(&[&path], &Default::default()).unwrap();
    (r, back)
}

/// The (label, time index) of the largest object slice of the run.
fn biggest(r: &TrackResult) -> (i32, usize) {
    r.objects
        .iter()
        .flat_map(|o| o.track.iter().map(move |p| (o.label, p.time_index, p.n_cells)))
        .max_by_key(|x| x.2)
        .map(|(l, t, _)| (l, t))
        .expect("the sample has heatwaves")
}

#[test]
fn labels_map_colours_each_object_and_titles_the_time() {
    let (r, ds) = tracked();
    assert!(r.objects.len() >= 2, "{} objects", r.objects.len());
    let (label, t) = biggest(&r);
    let map = LabelMap::new(&ds, "labels", t).unwrap();
    let img = render_rgb(&map).unwrap();
    let g = map.layout().unwrap();
    let (lat, lon) = (&r.grid.lat, &r.grid.lon);
    let (ny, nx) = (lat.len(), lon.len());
    let l = &r.labels;
    // Every interior cell of the object (its 8 neighbours share the label) is drawn in the
    // object's colour at the cell centre; likewise for every object present at this step.
    let mut checked = std::collections::HashMap::new();
    for y in 1..ny - 1 {
        for x in 1..nx - 1 {
            let v = l[[t, y, x]];
            let interior = (0..3).all(|dy| (0..3).all(|dx| l[[t, y + dy - 1, x + dx - 1]] == v));
            if !interior || v == 0 {
                continue;
            }
            let (px, py) = g.to_pixel(lon[x], lat[y]);
            let c = label_colour(i64::from(v));
            assert_eq!(
                img.pixel(px as u32, py as u32),
                Some([c.0, c.1, c.2]),
                "object {v} at lat {} lon {}",
                lat[y],
                lon[x]
            );
            *checked.entry(v).or_insert(0) += 1;
        }
    }
    assert!(checked.get(&label).copied().unwrap_or(0) > 10, "{checked:?}");
    // With the input's ocean mask, land cells (mask 0) are grey.
    let cube = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sst_cube.nc");
    let src = atmokit_netcdf::read_arm_netcdf(&[&cube], &Default::default()).unwrap();
    let mask = src.get("mask").unwrap().data().to_f64().unwrap();
    let land = (1..ny - 1)
        .flat_map(|y| (1..nx - 1).map(move |x| (y, x)))
        .find(|&(y, x)| (0..3).all(|dy| (0..3).all(|dx| mask[[y + dy - 1, x + dx - 1]] == 0.0)))
        .expect("the sample has land");
    let masked = LabelMap::new(&ds, "labels", t)
        .unwrap()
        .land_mask(&src, "mask")
        .unwrap();
    let img2 = render_rgb(&masked).unwrap();
    let (px, py) = masked.layout().unwrap().to_pixel(lon[land.1], lat[land.0]);
    assert_eq!(img2.pixel(px as u32, py as u32), Some([LAND.0, LAND.1, LAND.2]));
    let (px, py) = g.to_pixel(lon[land.1], lat[land.0]);
    assert_eq!(
        img.pixel(px as u32, py as u32),
        Some([255, 255, 255]),
        "no mask: label 0 is white"
    );
    assert!(LabelMap::new(&ds, "labels", t).unwrap().land_mask(&src, "sst").is_err());
    let svg = render_svg(&map).unwrap();
    let when = atmokit_core::time::format_ns(ds.time().unwrap()[t]);
    let title = format!("labels at {} {} UTC", &when[..10], &when[11..16]);
    assert!(has_text(&svg, &title), "title {title}");
    assert!(has_text(&svg, "Longitude (degrees_east)") && has_text(&svg, "Latitude (degrees_north)"));
    assert!(has_text(&svg, &format!("object {label}")), "legend");
    save_bytes(&masked, "sst_labels_map.png");
    let e = LabelMap::new(&ds, "labels", 10_000).unwrap_err().to_string();
    assert!(e.contains("labels") && e.contains("10000"), "{e}");
}

#[test]
fn tracks_map_draws_centroid_lines_through_the_tracker_centroids() {
    let (r, ds) = tracked();
    // Recomputed from the labels file = the tracker's own centroids (its tracks CSV).
    let ours = tracks_from_labels(&ds, "labels").unwrap();
    let csv = tracks_from_csv(&r.tracks_csv()).unwrap();
    assert_eq!(ours.len(), r.objects.len());
    for ((a, b), o) in ours.iter().zip(&csv).zip(&r.objects) {
        assert_eq!((a.label, b.label), (i64::from(o.label), i64::from(o.label)));
        assert_eq!(a.steps.len(), o.track.len());
        for ((sa, sb), p) in a.steps.iter().zip(&b.steps).zip(&o.track) {
            assert_eq!((sa.time_index, sb.time_index), (p.time_index, p.time_index));
            assert!((sa.lat - p.centroid_lat).abs() < 1e-9 && (sa.lon - p.centroid_lon).abs() < 1e-9);
            assert!((sb.lat - p.centroid_lat).abs() < 1e-9 && (sb.lon - p.centroid_lon).abs() < 1e-9);
            assert_eq!(sa.time, p.time);
        }
    }
    let map = TrackMap::from_labels(&ds, "labels").unwrap();
    let img = render_rgb(&map).unwrap();
    let g = map.layout().unwrap();
    // The longest track passes through the tracker's centroid at its middle step.
    let o = r.objects.iter().max_by_key(|o| o.track.len()).unwrap();
    let p = &o.track[o.track.len() / 2];
    let c = label_colour(i64::from(o.label));
    let (x, y) = g.to_pixel(p.centroid_lon, p.centroid_lat);
    let hit = (-2..=2)
        .flat_map(|dx| (-2..=2).map(move |dy| (dx, dy)))
        .any(|(dx, dy)| img.pixel((x + dx) as u32, (y + dy) as u32) == Some([c.0, c.1, c.2]));
    assert!(
        hit,
        "object {} line at ({}, {})",
        o.label, p.centroid_lon, p.centroid_lat
    );
    let svg = render_svg(&map).unwrap();
    assert!(has_text(&svg, "Longitude (degrees_east)") && has_text(&svg, "Latitude (degrees_north)"));
    assert!(svg.contains("Object tracks, "));
    save_bytes(&map, "sst_tracks_map.png");
}
