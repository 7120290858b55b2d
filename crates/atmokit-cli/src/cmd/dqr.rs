//! `atmokit dqr DATASTREAM --start --end`: print the ARM Data Quality Reports of a datastream,
//! from the DQR web service or a saved answer (`--file`), as ACT's `print_dqr` does.

use anyhow::{Context, Result};
use atmokit_core::output::{OutputOptions, write_atomic};
use atmokit_discovery::{Client, ClientOptions, fetch_dqr, parse_date};
use atmokit_qc::dqr::{DqrReport, format_dqr, parse_dqr_json, parse_dqr_text};
use std::path::{Path, PathBuf};

/// Arguments of `atmokit dqr`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The datastream, e.g. sgpmetE13.b1.
    pub datastream: String,
    /// First date (YYYY-MM-DD or YYYYMMDD, …); not needed with --file.
    #[arg(long, required_unless_present = "file")]
    pub start: Option<String>,
    /// Last date; not needed with --file.
    #[arg(long, required_unless_present = "file")]
    pub end: Option<String>,
    /// A DQR answer saved earlier (JSON in the service's format) instead of the service.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// DQR service root (default https://dqr-web-service.arm.gov/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Categories asked for, comma separated.
    #[arg(long, default_value = "incorrect,suspect")]
    pub assessment: String,
    /// Only DQRs listing this variable.
    #[arg(long)]
    pub variable: Option<String>,
    /// Also save the service's answer to this file (JSON), for `--file` / `qc --dqr-file`
    /// later, e.g. on a machine without network access.
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    pub save: Option<PathBuf>,
}

/// Run `atmokit dqr`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    if let Some(save) = &args.save {
        super::check_outputs(&[save], &[], out)?;
    }
    let reports = match &args.file {
        Some(f) => read_dqr_file(f, &args.datastream)?,
        None => {
            let day = |d: &Option<String>| -> Result<chrono::NaiveDate> {
                Ok(parse_date(d.as_deref().unwrap_or_default())?.date())
            };
            let (start, end) = (day(&args.start)?, day(&args.end)?);
            let client = Client::new(ClientOptions::default());
            let json = fetch_dqr(
                &client,
                args.base_url.as_deref(),
                &args.datastream,
                start,
                end,
                &args.assessment,
            )?;
            let reports = parse_dqr_json(&json, &args.datastream)?;
            if let Some(save) = &args.save {
                let text = serde_json::to_string_pretty(&json)?;
                write_atomic(save, text.as_bytes(), out).with_context(|| format!("saving {}", save.display()))?;
            }
            reports
        }
    };
    print!("{}", format_dqr(&reports, &args.datastream, args.variable.as_deref()));
    eprintln!("{} DQRs", reports.len());
    Ok(())
}

/// The DQRs of `datastream` in a saved DQR answer.
pub fn read_dqr_file(path: &Path, datastream: &str) -> Result<Vec<DqrReport>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_dqr_text(&text, datastream).with_context(|| path.display().to_string())
}
