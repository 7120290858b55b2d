//! # atmokit-samples: the sample files in `data/`
//!
//! Deterministic generators of small, realistic, clearly synthetic ARM-like files, so a fresh
//! clone can run every example and the main job with nothing else. Each sample is one module; the
//! `atmokit-samples` binary writes them all (`cargo run -p atmokit-samples -- data`), and a test
//! checks that regenerating gives the committed values.
//!
//! | sample | module | files |
//! |---|---|---|
//! | surface met, 3 days at 1 min, gaps, -9999s, ARM QC | [`met_day`] | `atkmetS1.b1.2025061{9,20,21}.000000.cdf` (classic) |
//! | gridded monthly SST, 60 × 90 × 180, planted heatwaves, land mask | [`sst_cube`] | `sst_cube.nc` (netCDF-4) |

pub mod met_day;
pub mod rng;
pub mod sst_cube;

use std::path::Path;

/// Every sample: file name and dataset.
pub fn all() -> atmokit_core::Result<Vec<(String, atmokit_core::Dataset)>> {
    let mut out = Vec::new();
    for day in 0..3 {
        out.push((met_day::file_name(day), met_day::met_day(day)?));
    }
    out.push((sst_cube::FILE_NAME.to_string(), sst_cube::sst_cube()?));
    Ok(out)
}

/// Write every sample into `dir`: ARM-like `.cdf` files as netCDF classic, the rest netCDF-4.
pub fn write_all(dir: &Path) -> Result<Vec<std::path::PathBuf>, atmokit_netcdf::Error> {
    let mut paths = Vec::new();
    let samples = all().map_err(|e| atmokit_netcdf::Error::Data {
        path: dir.to_path_buf(),
        source: e,
    })?;
    for (name, ds) in samples {
        let p = dir.join(&name);
        let format = if name.ends_with(".cdf") {
            atmokit_netcdf::Format::Classic
        } else {
            atmokit_netcdf::Format::Netcdf4
        };
        let opts = atmokit_netcdf::WriteOptions {
            format,
            ..Default::default()
        };
        atmokit_netcdf::write_netcdf(&ds, &p, &opts)?;
        paths.push(p);
    }
    Ok(paths)
}
