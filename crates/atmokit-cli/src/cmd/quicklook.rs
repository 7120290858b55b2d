//! `atmokit quicklook FILES_OR_DIR --out DIR`: the mentor's static site (`atmokit-site`): per
//! datastream a data-availability calendar with a flagged-fraction view, long-range panels,
//! month pages, day pages with one image per variable (QC flag block when a test is set) and
//! interactive plots, and a datastream-by-day matrix. Re-runs rebuild only the days whose files
//! changed; days are built in parallel (`--jobs`) with a progress bar on stderr.

use anyhow::{Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_plot::quicklook::collect_inputs;
use atmokit_site::{SiteOptions, build_site};
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `atmokit quicklook`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// netCDF files and/or folders holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created): `index.html`, `<datastream>/index.html` (calendar, long-range
    /// panels), `<datastream>/<YYYYMM>.html`, `<datastream>/<YYYYMMDD>/` (day page, images,
    /// interactive `plot.html`). Re-running on the same folder updates it incrementally.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1000)]
    pub width: u32,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub jobs: usize,
}

/// Run `atmokit quicklook`.
///
/// Pages, images and data files are written atomically; symbolic links and special files among
/// them are refused unless `--force` (as for every other command). A
/// day whose files cannot be read is shown as failed on its page and in the calendar, the other
/// days are built, and the command then exits with an error listing the failed days.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    let start = Instant::now();
    let files = collect_inputs(&args.inputs)?;
    if files.is_empty() {
        bail!("no netCDF files (.nc, .cdf, .nc4) among the inputs");
    }
    if args.out.is_dir() {
        let index = args.out.join("index.html");
        super::check_outputs(&[&index], &super::paths(&files), out)?;
    }
    let opts = SiteOptions {
        width: args.width,
        jobs: args.jobs,
        progress: true,
        output: *out,
    };
    let report = build_site(&args.inputs, &args.out, &opts)?;
    for p in &report.problems {
        eprintln!("problem: {p}");
    }
    eprintln!(
        "{} datastream-days built, {} unchanged, from {} files in {:.2} s; open {}",
        report.rebuilt.len(),
        report.reused,
        files.len(),
        start.elapsed().as_secs_f64(),
        report.index.display()
    );
    if !report.failed.is_empty() {
        bail!(
            "{} datastream-day(s) could not be read (shown on their pages): {}",
            report.failed.len(),
            report.failed.join(" | ")
        );
    }
    Ok(())
}
