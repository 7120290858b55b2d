//! `atmokit download arm-sites SITE [--facility F]`: ARM facility coordinates from the ARM Data
//! Center's metadata search (ACT's `arm_site_location_search`), printed as CSV.

use anyhow::Result;
use atmokit_core::output::OutputOptions;
use atmokit_discovery::arm_site_location_search;

use super::FetchArgs;

/// Arguments of `atmokit download arm-sites`.
#[derive(clap::Args, Debug)]
pub struct SitesArgs {
    /// ARM site code, e.g. sgp.
    pub site: String,
    /// Facility codes, comma-separated (e.g. E13,C1; default: every facility of the site).
    #[arg(long)]
    pub facility: Option<String>,
    /// ARM Data Center root (default https://adc.arm.gov/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Print `site,facility,latitude,longitude` (empty where the Data Center has no location).
pub(super) fn run(a: &SitesArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let found = arm_site_location_search(&client, a.base_url.as_deref(), &a.site, a.facility.as_deref())?;
    println!("site,facility,latitude,longitude");
    for (key, loc) in &found {
        let (site, facility) = key.split_once(' ').unwrap_or((key, ""));
        let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        println!("{site},{facility},{},{}", num(loc.latitude), num(loc.longitude));
    }
    Ok(())
}

/// Arguments of `atmokit download neon-products` (ACT's `get_neon_site_products` and, with
/// `--product`, `get_neon_product_avail`).
#[derive(clap::Args, Debug)]
pub struct NeonProductsArgs {
    /// NEON site code, e.g. BARR.
    pub site: String,
    /// Print the months with data of this product instead of the product list.
    #[arg(long)]
    pub product: Option<String>,
    /// NEON API root (default http://data.neonscience.org/api/v0/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Print `code<TAB>title` per product, or the product's months one per line.
pub(super) fn run_neon(a: &NeonProductsArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    match &a.product {
        None => {
            for (code, title) in atmokit_discovery::get_neon_site_products(&client, &a.site, a.base_url.as_deref())? {
                println!("{code}\t{title}");
            }
        }
        Some(p) => match atmokit_discovery::get_neon_product_avail(&client, &a.site, p, a.base_url.as_deref())? {
            Some(months) => months.iter().for_each(|m| println!("{m}")),
            None => anyhow::bail!("NEON site {} has no product {p}", a.site),
        },
    }
    Ok(())
}
