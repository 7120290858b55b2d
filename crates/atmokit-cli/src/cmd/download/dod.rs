//! `atmokit download dod PROC --dims time=1440,drop_diameter=50 --out FILE.nc`: the empty
//! dataset of an ARM Data Object Definition from ARM's PCM service (ACT's
//! `create_ds_from_arm_dod`), or from a saved DOD with `--file`, written as netCDF.

use anyhow::{Context, Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_discovery::create_ds_from_arm_dod;
use atmokit_netcdf::{WriteOptions, write_netcdf};
use atmokit_text::dod::{DodOptions, read_arm_dod};
use std::path::PathBuf;

use super::FetchArgs;

/// Arguments of `atmokit download dod`.
#[derive(clap::Args, Debug)]
pub struct DodArgs {
    /// Process, e.g. vdis.b1 (ignored with --file).
    #[arg(value_name = "PROC")]
    pub proc_: String,
    /// Dim lengths, NAME=LEN comma-separated; the unlimited `time` must be given.
    #[arg(long, value_delimiter = ',')]
    pub dims: Vec<String>,
    /// DOD version, e.g. 1.2 (default: the newest).
    #[arg(long)]
    pub version: Option<String>,
    /// Value of every non-dim variable.
    #[arg(long, default_value_t = -9999.0, allow_hyphen_values = true)]
    pub fill_value: f64,
    /// Give scalar variables this dim (ACT's scalar_fill_dim).
    #[arg(long)]
    pub scalar_fill_dim: Option<String>,
    /// ACT 2.3.4's types: float64 variables, int64 dims, text attributes.
    #[arg(long)]
    pub act_compat: bool,
    /// Read a saved DOD JSON instead of asking the service.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// netCDF file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// PCM root (default https://pcm.arm.gov/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// `NAME=LEN` pairs as dim lengths.
fn dims(args: &[String]) -> Result<Vec<(String, usize)>> {
    args.iter()
        .map(|d| {
            let Some((name, len)) = d.split_once('=') else {
                bail!("--dims {d:?}: write NAME=LEN (e.g. time=1440)")
            };
            let len = len
                .trim()
                .parse()
                .with_context(|| format!("--dims {d:?}: {len:?} is not a length"))?;
            Ok((name.trim().to_string(), len))
        })
        .collect()
}

/// Build the dataset and write it; prints the file written.
pub(super) fn run(a: &DodArgs, out: &OutputOptions) -> Result<()> {
    let options = DodOptions {
        set_dims: dims(&a.dims)?,
        version: a.version.clone(),
        fill_value: a.fill_value,
        scalar_fill_dim: a.scalar_fill_dim.clone(),
        act_compat: a.act_compat,
    };
    let ds = match &a.file {
        Some(f) => read_arm_dod(f, &options)?,
        None => create_ds_from_arm_dod(&a.fetch.client(out), a.base_url.as_deref(), &a.proc_, &options)?,
    };
    let opts = WriteOptions {
        allow_special: out.allow_special,
        ..WriteOptions::default()
    };
    write_netcdf(&ds, &a.out, &opts)?;
    println!("{}", a.out.display());
    Ok(())
}
