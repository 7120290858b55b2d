//! `atmokit download ameriflux`: AmeriFlux site files through its data web service.

use anyhow::Result;
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{AmerifluxRequest, download_ameriflux_data};
use std::path::PathBuf;

use super::{FetchArgs, progress_printer, summary};

/// Arguments of `atmokit download ameriflux` (ACT's `download_ameriflux_data`).
#[derive(clap::Args, Debug)]
pub struct AmerifluxArgs {
    /// Site ids, e.g. US-A37; repeat or separate by commas.
    #[arg(long = "site", value_delimiter = ',', required = true)]
    pub sites: Vec<String>,
    /// AmeriFlux user id.
    #[arg(long)]
    pub user_id: String,
    /// The account's e-mail address.
    #[arg(long)]
    pub email: String,
    /// FLUXNET, BASE-BADM or BIF.
    #[arg(long, default_value = "FLUXNET")]
    pub product: String,
    /// Data policy: CCBY4.0 or LEGACY.
    #[arg(long)]
    pub policy: String,
    /// FULLSET or SUBSET (FLUXNET).
    #[arg(long, default_value = "FULLSET")]
    pub variant: String,
    /// synthesis, remote_sensing, model, other_research, education or other.
    #[arg(long)]
    pub intended_use: String,
    /// Short description of the intended use (sent to the site PIs).
    #[arg(long, default_value = "")]
    pub description: String,
    /// I read and agree to the AmeriFlux data policy (https://ameriflux.lbl.gov/data/data-policy/).
    #[arg(long)]
    pub agree_policy: bool,
    /// Output folder (created if missing; default: ameriflux).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Data service root (default https://amfcdn.lbl.gov/api/v2/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

pub(super) fn run(a: &AmerifluxArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let req = AmerifluxRequest {
        user_id: a.user_id.clone(),
        user_email: a.email.clone(),
        site_ids: a.sites.clone(),
        data_product: a.product.clone(),
        data_policy: a.policy.clone(),
        data_variant: a.variant.clone(),
        intended_use: a.intended_use.clone(),
        description: a.description.clone(),
        agree_policy: a.agree_policy,
    };
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("ameriflux"));
    let mut show = progress_printer();
    let (report, unknown) =
        download_ameriflux_data(&client, &req, &dir, a.base_url.as_deref(), a.fetch.overwrite, &mut show)?;
    if !unknown.is_empty() {
        eprintln!(
            "atmokit: warning: not AmeriFlux site ids, skipped: {}",
            unknown.join(", ")
        );
    }
    summary(&report, &dir);
    Ok(())
}
