//! `atmokit quicklook FILES_OR_DIR --out DIR`: for each datastream and day, one PNG per variable
//! (with its QC flag block plot; gridded (time, y, x) variables as a map of the first time step)
//! and an `index.html` gallery; files are processed in parallel with a progress bar on stderr.

use anyhow::{Context, Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_plot::quicklook::{Page, Progress, collect_inputs, group_files, render_pages, write_index};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `atmokit quicklook`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// netCDF files and/or folders holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created); pages go to `<datastream>/<YYYYMMDD>/<var>.png`.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Page width in pixels.
    #[arg(long, default_value_t = 1000)]
    pub width: u32,
}

/// Run `atmokit quicklook`.
///
/// Pages and the index are written atomically and never through symbolic links or into special
/// files (`--force` does not apply to them: their names come from the data).
pub fn run(args: &Args) -> Result<()> {
    let start = Instant::now();
    let files = collect_inputs(&args.inputs)?;
    if files.is_empty() {
        bail!("no netCDF files (.nc, .cdf, .nc4) among the inputs");
    }
    if args.out.is_dir() {
        let index = args.out.join("index.html");
        super::check_outputs(&[&index], &super::paths(&files), &OutputOptions::default())?;
    }
    std::fs::create_dir_all(&args.out).with_context(|| format!("{}: cannot create folder", args.out.display()))?;
    let groups = group_files(&files);
    let progress = Progress::new(groups.len(), "datastream-days");
    // Unreadable inputs are skipped with a message; a page that cannot be written fails the run.
    let results: Vec<Result<(Vec<Page>, Vec<String>)>> = groups
        .par_iter()
        .map(|g| {
            let r = match atmokit_netcdf::read_arm_netcdf(&g.files, &Default::default()) {
                Ok(ds) => render_pages(&ds, &args.out, args.width)
                    .with_context(|| format!("{} {}: quicklook pages", g.datastream, g.date)),
                Err(e) => Ok((Vec::new(), vec![format!("{} {}: {e}", g.datastream, g.date)])),
            };
            progress.tick();
            r
        })
        .collect();
    let mut pages = Vec::new();
    for r in results {
        let (p, skipped) = r?;
        pages.extend(p);
        for s in skipped {
            eprintln!("skipped: {s}");
        }
    }
    let index = write_index(&args.out, &pages)?;
    eprintln!(
        "{} pages from {} files in {:.2} s; open {}",
        pages.len(),
        files.len(),
        start.elapsed().as_secs_f64(),
        index.display()
    );
    Ok(())
}
