//! HYSPLIT reader on `houstonaug300.0summer2010080100` against ACT's numbers
//! (ACT 2.3.4's unit tests: 8 grids, 1 trajectory, 120 times, min age −120) and the file's own text.

mod common;
use atmokit_text::hysplit::read_hysplit;
use common::*;

#[test]
fn houston_trajectory() {
    let ds = read_hysplit(&data("houstonaug300.0summer2010080100"), 2000).unwrap();
    assert_eq!(ds.dim_len("num_grids"), Some(8));
    assert_eq!(ds.dim_len("num_trajectories"), Some(1));
    // ACT drops the first endpoint (age 0); atmokit keeps it: 120 + 1.
    assert_eq!(ds.dim_len("time"), Some(121));
    let age = ds.view::<f64>("age").unwrap();
    assert_eq!(age[[0]], 0.0);
    assert_eq!(age.iter().copied().fold(f64::INFINITY, f64::min), -120.0);
    // First data row of the file: 1 1 10 8 1 0 0 0 0.0 29.760 -95.370 300.0 975.3
    assert_eq!(
        atmokit_core::time::format_ns(ds.time().unwrap()[0]),
        "2010-08-01T00:00:00.000000000"
    );
    assert_eq!(
        atmokit_core::time::format_ns(ds.time().unwrap()[1]),
        "2010-07-31T23:00:00.000000000"
    );
    assert_eq!(ds.view::<f64>("PRESSURE").unwrap()[[0]], 975.3);
    // ACT's PRESSURE sum over its 120 rows (104697.4, from act 2.3.4) plus the start row 975.3.
    assert_close(
        "PRESSURE sum",
        ds.view::<f64>("PRESSURE").unwrap().sum(),
        104_697.4 + 975.3,
        1e-12,
    );
    assert_eq!(ds.view::<f64>("start_latitude").unwrap()[[0]], 29.760);
    assert_eq!(ds.view::<f64>("start_longitude").unwrap()[[0]], -95.370);
    assert_eq!(ds.view::<f64>("start_altitude").unwrap()[[0]], 300.0);
    assert_eq!(ds.attr_str("trajectory_direction"), Some("BACKWARD"));
    assert_eq!(ds.attr_str("vertical_motion_calculation_method"), Some("OMEGA"));
    let grid_t = ds.get("grid_times").unwrap().data().as_time().unwrap();
    assert_eq!(
        atmokit_core::time::format_ns(grid_t[[0]]),
        "2010-07-22T00:00:00.000000000"
    );
}

#[test]
fn short_row_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(data("houstonaug300.0summer2010080100")).unwrap();
    let mut lines: Vec<&str> = src.lines().collect();
    lines[20] = "     1     1    10     7    31";
    let p = dir.path().join("tdump");
    std::fs::write(&p, lines.join("\n")).unwrap();
    let e = read_hysplit(&p, 2000).unwrap_err().to_string();
    assert!(e.contains("tdump:21:"), "{e}");
}
