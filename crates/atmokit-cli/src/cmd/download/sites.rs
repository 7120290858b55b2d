//! `atmokit download arm-sites SITE [--facility F] [--save FILE]`: ARM facility coordinates from
//! the ARM Data Center's metadata search (ACT's `arm_site_location_search`), printed as CSV and,
//! with `--save`, written as a facility table; `--offline [--table FILE]` answers from the table
//! shipped with atmokit and saved tables instead (`atmokit_physics::arm_sites`).

use anyhow::{Context, Result};
use atmokit_core::output::{OutputOptions, write_atomic};
use atmokit_discovery::arm_site_location_search;
use atmokit_physics::arm_sites::{ArmFacility, arm_site_location, parse_facility_table};
use std::path::PathBuf;

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
    /// Also write the answer as a facility table (for --offline --table later).
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// Answer from the shipped table and --table files; no network.
    #[arg(long)]
    pub offline: bool,
    /// Facility tables saved earlier with --save (with --offline; they win over the shipped one).
    #[arg(long)]
    pub table: Vec<PathBuf>,
    /// Retries.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Print `site,facility,latitude,longitude` (empty where the Data Center has no location).
pub(super) fn run(a: &SitesArgs, out: &OutputOptions) -> Result<()> {
    if a.offline {
        return run_offline(a);
    }
    let client = a.fetch.client(out);
    let found = arm_site_location_search(&client, a.base_url.as_deref(), &a.site, a.facility.as_deref())?;
    let mut text = String::from("site,facility,latitude,longitude\n");
    for (key, loc) in &found {
        let (site, facility) = key.split_once(' ').unwrap_or((key, ""));
        let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        text.push_str(&format!(
            "{site},{facility},{},{}\n",
            num(loc.latitude),
            num(loc.longitude)
        ));
    }
    print!("{text}");
    if let Some(path) = &a.save {
        // Facilities without a location cannot be looked up later: keep the located ones.
        let table: String = text
            .lines()
            .filter(|l| !l.ends_with(",,"))
            .map(|l| format!("{l}\n"))
            .collect();
        write_atomic(path, table.as_bytes(), out)?;
        eprintln!("saved {}", path.display());
    }
    Ok(())
}

/// The facilities from the shipped table and the saved ones, as CSV.
fn run_offline(a: &SitesArgs) -> Result<()> {
    let mut extra: Vec<ArmFacility> = Vec::new();
    for t in &a.table {
        let text = std::fs::read_to_string(t).with_context(|| format!("{}: cannot read", t.display()))?;
        extra.extend(parse_facility_table(&text, &t.display().to_string())?);
    }
    let wanted: Option<Vec<&str>> = a.facility.as_deref().map(|f| f.split(',').map(str::trim).collect());
    let found = arm_site_location(&a.site, wanted.as_deref(), &extra);
    if found.is_empty() {
        anyhow::bail!(
            "no location known offline for site {} {}",
            a.site,
            a.facility.as_deref().unwrap_or("")
        );
    }
    println!("site,facility,latitude,longitude,altitude");
    for f in found {
        let alt = f.altitude.map(|v| v.to_string()).unwrap_or_default();
        println!("{},{},{},{},{alt}", f.site, f.facility, f.latitude, f.longitude);
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
