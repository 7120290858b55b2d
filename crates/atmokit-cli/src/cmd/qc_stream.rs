//! `atmokit qc FILES --out-dir DIR`: QC a long series file by file (one output per input), with
//! memory bounded by a few files; the library side is `atmokit_qc::pipeline::qc_parts` over `atmokit_qc::stream::QcStream`.

use super::qc::{Args, collect_specs};
use anyhow::{Context, bail};
use atmokit_core::output::OutputOptions;
use atmokit_qc::pipeline::{PipelineOptions, qc_parts};
use std::collections::HashSet;
use std::path::PathBuf;

/// Files read ahead of the one being tested (on a reader thread).
const READ_AHEAD: usize = 2;

/// Encoded outputs waiting for the disk (on the background writer's thread).
const WRITE_BEHIND: usize = 2;

/// Run `atmokit qc --out-dir`.
pub fn run(args: &Args, out: &OutputOptions) -> anyhow::Result<()> {
    let Some(dir) = &args.out_dir else {
        bail!("give -o FILE or --out-dir DIR");
    };
    if args.dqr || args.dqr_file.is_some() {
        bail!("--dqr and --dqr-file are not available with --out-dir: run them with -o on the whole period");
    }
    let (specs, do_cleanup) = collect_specs(args)?;
    let mut files = atmokit::open::expand(&args.inputs)?;
    files.sort();
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut seen = HashSet::new();
    let mut outputs: Vec<PathBuf> = Vec::with_capacity(files.len());
    for f in &files {
        let stem = f.file_stem().unwrap_or(f.as_os_str()).to_string_lossy().to_string();
        if !seen.insert(stem.clone()) {
            bail!(
                "two inputs would both write {stem}.nc in {}: {}",
                dir.display(),
                f.display()
            );
        }
        outputs.push(dir.join(format!("{stem}.nc")));
    }
    let mut inputs = super::paths(&files);
    inputs.extend(args.config.as_deref());
    let targets: Vec<&std::path::Path> = outputs.iter().map(PathBuf::as_path).collect();
    super::check_outputs(&targets, &inputs, out)?;
    let w = atmokit_netcdf::WriteOptions {
        allow_special: out.allow_special,
        ..Default::default()
    };
    // Reads, tests and writes overlap (`atmokit_qc::pipeline`): at most READ_AHEAD files read
    // ahead of the tests, one tested file waiting to be encoded and WRITE_BEHIND encoded files
    // waiting for the disk.
    let pairs: Vec<(&std::path::Path, &std::path::Path)> = files
        .iter()
        .map(PathBuf::as_path)
        .zip(outputs.iter().map(PathBuf::as_path))
        .collect();
    let opts = PipelineOptions {
        read_ahead: READ_AHEAD,
        ..PipelineOptions::default()
    };
    // Encoding on the pipeline's writer thread, the disk work (write, fsync, rename) behind it.
    let mut disk = atmokit_netcdf::BackgroundWriter::new(WRITE_BEHIND);
    qc_parts(
        &pairs,
        specs,
        do_cleanup,
        &opts,
        |(f, _)| read_part(f).with_context(|| format!("reading {}", f.display())),
        |(f, target), ds| {
            let mut ds = ds.with_context(|| format!("QC of {} (nothing more written)", f.display()))?;
            if args.arm_qc {
                atmokit_qc::to_arm::to_arm_qc(&mut ds).with_context(|| format!("ARM QC of {}", f.display()))?;
            }
            let line = format!("{}: {} times", target.display(), ds.dim_len("time").unwrap_or(0));
            disk.write_netcdf_then(&ds, target, &w, move || println!("{line}"))
                .with_context(|| format!("writing {}", target.display()))?;
            Ok(())
        },
    )?;
    disk.finish().context("writing the outputs")
}

/// One input file. A netCDF file with no times is a part of the series like any other (the
/// one-shot readers refuse it as empty).
fn read_part(f: &std::path::Path) -> anyhow::Result<atmokit_core::Dataset> {
    let opts = atmokit_netcdf::ReadOptions::default();
    match atmokit::open::open_paths(std::slice::from_ref(&f), &opts) {
        Err(atmokit::open::OpenError::Empty(files)) => atmokit_netcdf::read_arm_netcdf(std::slice::from_ref(&f), &opts)
            .map_err(|_| atmokit::open::OpenError::Empty(files).into()),
        other => Ok(other?),
    }
}
