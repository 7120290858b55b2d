//! `atmokit download improve` and `atmokit download cropscape`: IMPROVE aerosol data and
//! CropScape crop types.

use anyhow::Result;
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{get_crop_type, get_improve_data};
use std::path::PathBuf;

use super::{FetchArgs, progress_printer};

/// Arguments of `atmokit download improve` (ACT's `get_improve_data`).
#[derive(clap::Args, Debug)]
pub struct ImproveArgs {
    /// FED site id (digits, e.g. 244).
    pub site: String,
    /// First day, M/D/YYYY (e.g. 1/1/2022).
    #[arg(long)]
    pub start: String,
    /// Last day, M/D/YYYY.
    #[arg(long)]
    pub end: String,
    /// Parameter ids, comma-separated (default: ACT's list of every species).
    #[arg(long, value_delimiter = ',')]
    pub parameters: Option<Vec<String>>,
    /// Output folder (created if missing; default: improve).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// FED data service root (default https://views.cira.colostate.edu/fed/svc/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Arguments of `atmokit download cropscape` (ACT's `get_crop_type`): prints the crop type.
#[derive(clap::Args, Debug)]
pub struct CropscapeArgs {
    /// Latitude, degrees north.
    #[arg(long, allow_negative_numbers = true)]
    pub lat: f64,
    /// Longitude, degrees east.
    #[arg(long, allow_negative_numbers = true)]
    pub lon: f64,
    /// Year of the Cropland Data Layer (default: last year).
    #[arg(long)]
    pub year: Option<i32>,
    /// CDL service root (default https://nassgeodata.gmu.edu/axis2/services/CDLService/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

pub(super) fn run(a: &ImproveArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("improve"));
    let mut show = progress_printer();
    let file = get_improve_data(
        &client,
        &a.site,
        a.parameters.as_deref(),
        &a.start,
        &a.end,
        &dir,
        a.base_url.as_deref(),
        a.fetch.overwrite,
        &mut show,
    )?;
    eprintln!("saved {}", file.display());
    Ok(())
}

pub(super) fn run_cropscape(a: &CropscapeArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let t = get_crop_type(&client, a.lat, a.lon, a.year, a.base_url.as_deref())?;
    println!("{}", t.category);
    Ok(())
}
