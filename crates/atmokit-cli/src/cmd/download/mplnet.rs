//! `atmokit download mplnet` and `atmokit download mplnet-meta`: NASA MPLNET files and site
//! metadata.

use anyhow::Result;
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{MplnetRequest, download_mplnet_data, get_mplnet_meta};
use std::path::PathBuf;

use super::FetchArgs;

/// Arguments of `atmokit download mplnet` (ACT's `download_mplnet_data`).
#[derive(clap::Args, Debug)]
pub struct MplnetArgs {
    /// MPLNET site, e.g. GSFC.
    pub site: String,
    /// Data version, 2 or 3.
    #[arg(long, default_value_t = 3)]
    pub version: u8,
    /// Product level: 1, 15 (1.5) or 2.
    #[arg(long)]
    pub level: u8,
    /// Product: NRB, CLD, PBL or AER.
    #[arg(long)]
    pub product: String,
    /// Year, YYYY.
    #[arg(long)]
    pub year: String,
    /// Month, MM.
    #[arg(long)]
    pub month: String,
    /// Day, DD (without it: the whole month as one zip file).
    #[arg(long)]
    pub day: Option<String>,
    /// Output folder (created if missing; default: MPLNET, as ACT).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// MPLNET root (default https://mplnet.gsfc.nasa.gov/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Arguments of `atmokit download mplnet-meta` (ACT's `get_mplnet_meta`): prints the GALION JSON.
#[derive(clap::Args, Debug)]
pub struct MplnetMetaArgs {
    /// all, active, inactive, planned, a site name or a collection.
    pub sites: String,
    /// station or data.
    #[arg(long)]
    pub method: Option<String>,
    /// Year, YYYY.
    #[arg(long)]
    pub year: Option<String>,
    /// Month, MM.
    #[arg(long)]
    pub month: Option<String>,
    /// Day, DD.
    #[arg(long)]
    pub day: Option<String>,
    /// MPLNET root (default https://mplnet.gsfc.nasa.gov/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

pub(super) fn run(a: &MplnetArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let req = MplnetRequest {
        version: a.version,
        level: a.level,
        product: a.product.clone(),
        site: a.site.clone(),
        year: a.year.clone(),
        month: a.month.clone(),
        day: a.day.clone(),
    };
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("MPLNET"));
    let mut bytes = 0u64;
    let base = a.base_url.as_deref();
    let file = download_mplnet_data(&client, &req, &dir, base, a.fetch.overwrite, &mut |n| bytes += n)?;
    // Nothing written but a file with content there: the complete copy was kept.
    if bytes == 0 && std::fs::metadata(&file).is_ok_and(|m| m.len() > 0) {
        eprintln!("kept {} (already complete)", file.display());
    } else {
        eprintln!("saved {} ({bytes} bytes)", file.display());
    }
    eprintln!("Please review the MPLNET data policy before use: https://mplnet.gsfc.nasa.gov/data-policy");
    Ok(())
}

pub(super) fn run_meta(a: &MplnetMetaArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let v = get_mplnet_meta(
        &client,
        &a.sites,
        a.method.as_deref(),
        a.year.as_deref(),
        a.month.as_deref(),
        a.day.as_deref(),
        a.base_url.as_deref(),
    )?;
    println!("{}", serde_json::to_string_pretty(&v)?);
    Ok(())
}
