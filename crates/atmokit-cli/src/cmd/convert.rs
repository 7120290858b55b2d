//! `atmokit convert IN... -o OUT.nc`: read, select variables, write netCDF.

use anyhow::{Context, Result};
use atmokit_core::output::OutputOptions;
use atmokit_netcdf::{Format, ReadOptions, WriteOptions, write_netcdf};
use std::path::PathBuf;

/// Arguments of `atmokit convert`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files or folders (read as one dataset).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output netCDF file (written atomically).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Keep only these variables (comma-separated), with the coordinates they need.
    #[arg(long, value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Drop these variables (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub drop: Vec<String>,
    /// Output format: netcdf4 (default), classic or offset64.
    #[arg(long, default_value = "netcdf4")]
    pub format: Format,
    /// Add ACT's CF-compliance attributes (axis, standard_name, featureType, Conventions).
    #[arg(long)]
    pub cf_compliant: bool,
    /// Write as ACT 2.3.4's `write_netcdf` does: a data variable's attr `string` renamed
    /// `<var>_string`, and ACT's "Written to file by ACT-2.3.4 ..." line in `history` (in place of
    /// atmokit's line).
    #[arg(long)]
    pub act_compat: bool,
    /// Headerless delimited text.
    #[command(flatten)]
    pub text: crate::open::TextArgs,
}

/// Run `atmokit convert`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    super::check_outputs(&[&args.output], &super::paths(&args.inputs), out)?;
    let mut opts = ReadOptions::default().drop(&args.drop);
    if !args.keep.is_empty() {
        opts = opts.keep(&args.keep);
    }
    let mut ds = crate::open::open_with(&args.inputs, &opts, &args.text)?;
    if !args.text.columns.is_empty() {
        // The netCDF read options do not reach the text reader: keep and drop here.
        if !args.keep.is_empty() {
            let keep: Vec<&str> = args.keep.iter().map(String::as_str).collect();
            ds.keep(&keep)?;
        }
        for d in &args.drop {
            ds.remove(d);
        }
    }
    if let Some(missing) = args.keep.iter().find(|k| !ds.contains(k)) {
        anyhow::bail!("--keep: no variable '{missing}' in the input");
    }
    let history = format!(
        "{} UTC: atmokit {} convert {}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION"),
        args.inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let w = WriteOptions {
        format: args.format,
        cf_compliant: args.cf_compliant,
        history: Some(history),
        allow_special: out.allow_special,
        act_compat: args.act_compat,
        ..Default::default()
    };
    write_netcdf(&ds, &args.output, &w).with_context(|| "convert failed; nothing was written".to_string())?;
    Ok(())
}
