//! `atmokit qc IN... -o OUT.nc` and `atmokit qc-summary FILE...`: run ACT's QC tests on ARM
//! netCDF files, and print each QC variable's tests with their flagged counts.
//!
//! The spec and config parsing lives in `atmokit_qc::spec`; this file only reads, applies, writes.

use crate::qc_config::QcConfig;
use anyhow::{Context, bail};
use atmokit_core::output::OutputOptions;
use atmokit_qc::cleanup::{CleanupOptions, cleanup};
use atmokit_qc::spec::{TestSpec, apply_all};
use std::path::PathBuf;

/// Arguments of `atmokit qc`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files (netCDF, raw MPL or any text format `info` opens), concatenated along time.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output netCDF file (written only when every test succeeds).
    #[arg(short, long, required_unless_present = "out_dir", conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Stream: test the inputs one file at a time (in name order) and write one output per input
    /// into this folder (`<input stem>.nc`), with memory bounded by a few files. Windowed tests
    /// see across file boundaries, so the flags equal those of one run on all files.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// A test: VAR:TEST[:ARG[,ARG...]][:ASSESSMENT], e.g. `temp_mean:outside:-40,50:Bad`,
    /// `rh_mean:persistence:10,0.0001`. TEST is ACT's name without add_/_test. Repeatable.
    #[arg(long = "test", value_name = "SPEC")]
    pub tests: Vec<String>,
    /// TOML file with `[[test]]` entries (variable, test, args, assessment, meaning) and an
    /// optional `cleanup = true`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Convert ARM QC (qc_bit_N_* / bit_N_* attrs) to CF flag_masks before testing.
    #[arg(long)]
    pub cleanup: bool,
    /// Write QC in ARM's on-disk form (bit_N_description attrs) instead of CF flag_masks.
    #[arg(long)]
    pub arm_qc: bool,
    /// Reproduce ACT 2.3.4's numbers where atmokit deliberately differs (the delta test on
    /// directions); see docs/for-act-users.md, "Deviations from ACT".
    #[arg(long)]
    pub act_compat: bool,
    /// Add the ARM Data Quality Reports covering the data as QC tests (ACT's `add_dqr_to_qc`),
    /// fetched from the DQR web service; implies --cleanup.
    #[arg(long)]
    pub dqr: bool,
    /// Add the DQRs of a saved DQR answer (JSON in the service's format) instead of fetching.
    #[arg(long, value_name = "FILE")]
    pub dqr_file: Option<PathBuf>,
    /// DQR service root (default https://dqr-web-service.arm.gov/).
    #[arg(long)]
    pub dqr_base_url: Option<String>,
    /// DQR categories asked for, comma separated.
    #[arg(long, default_value = "incorrect,suspect")]
    pub dqr_assessment: String,
}

/// Parse every test spec (command line, then config) before reading any data.
pub fn collect_specs(args: &Args) -> anyhow::Result<(Vec<TestSpec>, bool)> {
    let mut specs = vec![];
    let mut do_cleanup = args.cleanup;
    for t in &args.tests {
        specs.push(TestSpec::parse(t).with_context(|| format!("--test {t}"))?);
    }
    if let Some(path) = &args.config {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
        let cfg = QcConfig::parse(&text).with_context(|| format!("config {}", path.display()))?;
        do_cleanup |= cfg.cleanup;
        specs.extend(cfg.tests);
    }
    if specs.is_empty() && !args.dqr && args.dqr_file.is_none() {
        bail!("no tests given: use --test VAR:TEST[:ARGS][:ASSESSMENT], --config qc.toml or --dqr");
    }
    for s in &mut specs {
        s.act_compat = args.act_compat;
    }
    Ok((specs, do_cleanup))
}

/// Run `atmokit qc`.
pub fn run(args: &Args, out: &OutputOptions) -> anyhow::Result<()> {
    let Some(output) = &args.output else {
        return super::qc_stream::run(args, out);
    };
    let mut inputs = super::paths(&args.inputs);
    inputs.extend(args.config.as_deref());
    inputs.extend(args.dqr_file.as_deref());
    super::check_outputs(&[output], &inputs, out)?;
    let (specs, mut do_cleanup) = collect_specs(args)?;
    do_cleanup |= args.dqr || args.dqr_file.is_some();
    let mut ds = crate::open::open(&args.inputs, &atmokit_netcdf::ReadOptions::default())?;
    if do_cleanup {
        cleanup(&mut ds, &CleanupOptions::default()).context("ARM QC cleanup")?;
    }
    let mut results = apply_all(&mut ds, &specs).context("running QC tests (nothing written)")?;
    results.extend(add_dqrs(args, &mut ds).context("adding DQRs (nothing written)")?);
    for r in &results {
        let n = atmokit_qc::get_qc_test_index(&ds, &r.qc_variable_name, r.test_number)?.len();
        println!(
            "{} test {} [{}] {} flagged: {}",
            r.qc_variable_name, r.test_number, r.test_assessment, n, r.test_meaning
        );
    }
    if args.arm_qc {
        atmokit_qc::to_arm::to_arm_qc(&mut ds)?;
    }
    let w = atmokit_netcdf::WriteOptions {
        allow_special: out.allow_special,
        ..Default::default()
    };
    atmokit_netcdf::write_netcdf(&ds, output, &w).with_context(|| format!("writing {}", output.display()))?;
    Ok(())
}

/// The DQRs of `--dqr` / `--dqr-file` added as QC tests (the cleanup already ran).
fn add_dqrs(args: &Args, ds: &mut atmokit_core::Dataset) -> anyhow::Result<Vec<atmokit_qc::TestResult>> {
    use atmokit_qc::dqr::{DqrOptions, add_dqr_to_qc, dataset_datastream};
    let reports = match (&args.dqr_file, args.dqr) {
        (Some(f), _) => super::dqr::read_dqr_file(f, &dataset_datastream(ds)?)?,
        (None, true) => {
            let client = atmokit_discovery::Client::new(atmokit_discovery::ClientOptions::default());
            atmokit_discovery::fetch_dqr_for(&client, args.dqr_base_url.as_deref(), ds, &args.dqr_assessment)?
        }
        (None, false) => return Ok(vec![]),
    };
    let opts = DqrOptions {
        cleanup_qc: false,
        ..DqrOptions::default()
    };
    Ok(add_dqr_to_qc(ds, &reports, &opts)?)
}

/// Arguments of `atmokit qc-summary`.
#[derive(clap::Args, Debug)]
pub struct SummaryArgs {
    /// netCDF files to summarise (ARM QC is converted to CF first).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Run `atmokit qc-summary`: per file and QC variable, each test's number, assessment, flagged
/// count and meaning.
pub fn run_summary(args: &SummaryArgs) -> anyhow::Result<()> {
    for f in &args.files {
        let mut ds = crate::open::open(std::slice::from_ref(f), &atmokit_netcdf::ReadOptions::default())?;
        cleanup(&mut ds, &CleanupOptions::default()).with_context(|| format!("QC cleanup of {}", f.display()))?;
        println!("== {}", f.display());
        for s in atmokit_qc::summary::qc_summary(&ds)? {
            print!("{s}");
        }
    }
    Ok(())
}
