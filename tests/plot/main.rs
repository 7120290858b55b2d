//! Integration tests of atmokit-plot on the oracle's ARM files: every plot is rendered to PNG and
//! SVG and checked for what is drawn (SVG text, PNG sizes, pixel colours at known places).
//!
//! Set `ATMOKIT_GALLERY=<dir>` to also keep the PNGs (the README gallery is made this way).

mod compose;
mod contour;
mod dates;
mod daynight;
mod distributions;
mod grouped;
mod mesh;
mod qc;
mod sizes;
mod sonde;
mod timeseries;
mod track;
mod wind;

use atmokit_core::Dataset;
use std::path::PathBuf;

/// Read several oracle files as one dataset.
pub fn read_many(names: &[&str]) -> Dataset {
    let paths: Vec<PathBuf> = names.iter().map(|n| atmokit_tests::data_file(n)).collect();
    atmokit_netcdf::read_arm_netcdf(&paths, &atmokit_netcdf::ReadOptions::default()).expect("read oracle files")
}

/// The seven met days 2019-01-01..07.
pub fn met_week() -> Dataset {
    let names: Vec<String> = (1..=7).map(|d| format!("sgpmetE13.b1.2019010{d}.000000.cdf")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    read_many(&refs)
}

/// Save a figure to a temporary folder (and to `$ATMOKIT_GALLERY` when set); returns the bytes.
pub fn save_bytes<F: atmokit_plot::Figure>(fig: &F, name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    atmokit_plot::save(fig, &path).unwrap();
    if let Ok(g) = std::env::var("ATMOKIT_GALLERY") {
        std::fs::create_dir_all(&g).unwrap();
        std::fs::copy(&path, PathBuf::from(g).join(name)).unwrap();
    }
    std::fs::read(&path).unwrap()
}

/// Colour distance (max channel difference).
pub fn dist(a: [u8; 3], b: [u8; 3]) -> i32 {
    (0..3).map(|i| (i32::from(a[i]) - i32::from(b[i])).abs()).max().unwrap()
}

/// Seconds since 1970 of an ISO time.
pub fn secs(iso: &str) -> f64 {
    atmokit_core::time::parse_datetime(iso).unwrap() as f64 * 1e-9
}

/// Seconds since 1970 of time index `i` of a dataset.
pub fn secs_of(ds: &Dataset, i: usize) -> f64 {
    ds.time().unwrap()[i] as f64 * 1e-9
}

/// The text elements of an SVG document, trimmed (plotters writes `<text …>\nCONTENT\n</text>`).
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|s| s.split_once('>'))
        .filter_map(|(_, rest)| rest.split_once("</text>"))
        .map(|(t, _)| t.trim().to_string())
        .collect()
}

/// True when some SVG text element is exactly `text`.
pub fn has_text(svg: &str, text: &str) -> bool {
    svg_texts(svg).iter().any(|t| t == text)
}
