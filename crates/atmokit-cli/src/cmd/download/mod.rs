//! `atmokit download arm DATASTREAM --start --end --out DIR` and `atmokit download surfrad SITE
//! --start --end --out DIR`, `atmokit download psl SITE --instrument I --start --end`, `atmokit download neon SITE PRODUCT
//! --start YYYY-MM`: fetch files from a data service,
//! each written whole or not at all, files already present kept; progress on stderr.

mod airnow;
mod ameriflux;
mod asos;
mod dod;
mod improve;
mod mplnet;
mod sites;

use anyhow::Result;
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{
    ArmCredentials, ArmRequest, Client, ClientOptions, DownloadReport, Progress, download_arm_data_with,
    download_neon_data, download_noaa_psl_data, download_surfrad_data, get_arm_doi, parse_date,
};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `atmokit download`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub service: Service,
}

/// The services `atmokit download` fetches from.
#[derive(clap::Subcommand, Debug)]
pub enum Service {
    /// ARM Live Data Webservice (<https://adc.arm.gov/armlive/>): every file of a datastream
    /// between two dates. Credentials: `--user USER:TOKEN`, or the environment variables
    /// ARM_USERNAME and ARM_TOKEN (preferred: arguments can show up in process lists).
    Arm(ArmArgs),
    /// NOAA SURFRAD daily files (<https://gml.noaa.gov/grad/surfrad/>) of one station.
    Surfrad(SurfradArgs),
    /// NOAA PSL real-time files (<https://downloads.psl.noaa.gov/psd2/data/realtime/>) of one
    /// site and instrument (ACT's names: "Temp/RH", "Parsivel", "915RWP Wind", …).
    Psl(PslArgs),
    /// NEON data products (<https://data.neonscience.org/data-api/>) of one site, by month.
    Neon(NeonArgs),
    /// ASOS/AWOS observations through the Iowa Environmental Mesonet, by station or box.
    Asos(asos::AsosArgs),
    /// EPA AirNow forecasts and observations (<https://docs.airnowapi.org/>).
    Airnow(airnow::AirNowArgs),
    /// NASA MPLNET lidar files (<https://mplnet.gsfc.nasa.gov/>).
    Mplnet(mplnet::MplnetArgs),
    /// NASA MPLNET site metadata (GALION JSON on stdout).
    MplnetMeta(mplnet::MplnetMetaArgs),
    /// AmeriFlux site data (<https://ameriflux.lbl.gov/>).
    Ameriflux(ameriflux::AmerifluxArgs),
    /// IMPROVE aerosol network data (<https://views.cira.colostate.edu/fed/>).
    Improve(improve::ImproveArgs),
    /// USDA CropScape crop type at a point (printed on stdout).
    Cropscape(improve::CropscapeArgs),
    /// ARM facility coordinates from the ARM Data Center (ACT's `arm_site_location_search`).
    ArmSites(sites::SitesArgs),
    /// A NEON site's data products, or the months of one (ACT's `get_neon_site_products`, `get_neon_product_avail`).
    NeonProducts(sites::NeonProductsArgs),
    /// The empty netCDF of an ARM Data Object Definition from ARM's PCM service (ACT's
    /// `create_ds_from_arm_dod`), or of a saved DOD with --file.
    Dod(dod::DodArgs),
}

/// Arguments of `atmokit download neon`.
#[derive(clap::Args, Debug)]
pub struct NeonArgs {
    /// Site code, e.g. HARV.
    pub site: String,
    /// Data product code, e.g. DP1.00002.001.
    pub product: String,
    /// First month, YYYY-MM.
    #[arg(long)]
    pub start: String,
    /// Last month, YYYY-MM (default: the first).
    #[arg(long)]
    pub end: Option<String>,
    /// Output folder (created if missing; default: <site>_<product>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// API root (default http://data.neonscience.org/api/v0/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Arguments of `atmokit download psl`.
#[derive(clap::Args, Debug)]
pub struct PslArgs {
    /// Site code, e.g. ctd.
    pub site: String,
    /// Instrument, as ACT names it: "Temp/RH", "Pressure", "Parsivel", "GpsTrimble",
    /// "Radar S-band Moment", "449RWP Wind", "915RWP Temp", "Radar FMCW Bright Band", …
    #[arg(long)]
    pub instrument: String,
    /// First day (YYYY-MM-DD or YYYYMMDD, …).
    #[arg(long)]
    pub start: String,
    /// Last day (default: the first).
    #[arg(long)]
    pub end: Option<String>,
    /// Only files of this hour (e.g. 12).
    #[arg(long)]
    pub hour: Option<String>,
    /// Output folder (created if missing; default: <site>_<instrument>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Archive root (default https://downloads.psl.noaa.gov/psd2/data/realtime/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Arguments of `atmokit download surfrad`.
#[derive(clap::Args, Debug)]
pub struct SurfradArgs {
    /// Station code: bnd, tbl, dra, fpk, gwn, psu or sxf.
    pub site: String,
    /// First day (YYYY-MM-DD or YYYYMMDD, …).
    #[arg(long)]
    pub start: String,
    /// Last day (default: the first).
    #[arg(long)]
    pub end: Option<String>,
    /// Output folder (created if missing; default: <site>_surfrad).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Archive root (default https://gml.noaa.gov/aftp/data/radiation/surfrad/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Arguments of `atmokit download arm`.
#[derive(clap::Args, Debug)]
pub struct ArmArgs {
    /// The datastream, e.g. sgpmetE13.b1.
    pub datastream: String,
    /// First date: YYYY-MM-DD (also YYYYMMDD, YYYY/MM/DD, DD.MM.YYYY, DD/MM/YYYY, optionally THH:MM:SS).
    #[arg(long)]
    pub start: String,
    /// Last date, same formats (equal to --start: that whole day).
    #[arg(long)]
    pub end: String,
    /// Output folder (created if missing; default: a folder named after the datastream).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Credentials USER:TOKEN (default: ARM_USERNAME and ARM_TOKEN from the environment).
    #[arg(long)]
    pub user: Option<String>,
    /// Service root ending in `armlive/` (mirrors, tests).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Only files whose name holds this HHMMSS time.
    #[arg(long)]
    pub time: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Print the citation (with DOI) of the datastream for these dates, from ARM's citation service.
    #[arg(long)]
    pub cite: bool,
    /// Root of ARM's citation service (default https://adc.arm.gov/).
    #[arg(long)]
    pub citation_base_url: Option<String>,
}

/// Options every service shares: re-fetching and retries.
#[derive(clap::Args, Debug)]
pub struct FetchArgs {
    /// Fetch files again even when already present (NEON: present with the listed size).
    #[arg(long)]
    pub overwrite: bool,
    /// Requests per URL before giving up on timeouts, 429 and 5xx.
    #[arg(long, default_value_t = 5)]
    pub attempts: u32,
}

impl FetchArgs {
    /// The HTTP client for these options, writing through `out`.
    fn client(&self, out: &OutputOptions) -> Client {
        Client::new(ClientOptions {
            max_attempts: self.attempts,
            output: *out,
            ..ClientOptions::default()
        })
    }
}

/// Run `atmokit download`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    match &args.service {
        Service::Arm(a) => run_arm(a, out),
        Service::Surfrad(a) => run_surfrad(a, out),
        Service::Psl(a) => run_psl(a, out),
        Service::Neon(a) => run_neon(a, out),
        Service::Asos(a) => asos::run(a, out),
        Service::Airnow(a) => airnow::run(a, out),
        Service::Mplnet(a) => mplnet::run(a, out),
        Service::MplnetMeta(a) => mplnet::run_meta(a, out),
        Service::Ameriflux(a) => ameriflux::run(a, out),
        Service::Improve(a) => improve::run(a, out),
        Service::ArmSites(a) => sites::run(a, out),
        Service::NeonProducts(a) => sites::run_neon(a, out),
        Service::Cropscape(a) => improve::run_cropscape(a, out),
        Service::Dod(a) => dod::run(a, out),
    }
}

fn run_neon(a: &NeonArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}_{}", a.site, a.product)));
    let mut show = progress_printer();
    let report = download_neon_data(
        &client,
        &a.site,
        &a.product,
        &a.start,
        a.end.as_deref(),
        &dir,
        a.base_url.as_deref(),
        a.fetch.overwrite,
        &mut show,
    )?;
    summary(&report, &dir);
    Ok(())
}

fn run_psl(a: &PslArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let start = parse_date(&a.start)?.date();
    let end = match &a.end {
        Some(e) => parse_date(e)?.date(),
        None => start,
    };
    let default = format!("{}_{}", a.site, a.instrument.replace([' ', '/'], "_"));
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from(default));
    let mut show = progress_printer();
    let report = download_noaa_psl_data(
        &client,
        &a.site,
        &a.instrument,
        start,
        end,
        a.hour.as_deref(),
        &dir,
        a.base_url.as_deref(),
        a.fetch.overwrite,
        &mut show,
    )?;
    summary(&report, &dir);
    Ok(())
}

fn run_surfrad(a: &SurfradArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let start = parse_date(&a.start)?.date();
    let end = match &a.end {
        Some(e) => parse_date(e)?.date(),
        None => start,
    };
    let dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}_surfrad", a.site.to_ascii_lowercase())));
    let mut show = progress_printer();
    let report = download_surfrad_data(
        &client,
        &a.site,
        start,
        end,
        &dir,
        a.base_url.as_deref(),
        a.fetch.overwrite,
        &mut show,
    )?;
    summary(&report, &dir);
    Ok(())
}

/// Progress on stderr: one line per file; a running byte count on a terminal.
fn progress_printer() -> impl FnMut(&Progress) {
    let tty = std::io::stderr().is_terminal();
    let mut current = 0u64;
    // A "[i/n] name" line waiting for its end.
    let mut open_line = false;
    move |e| {
        let mut err = std::io::stderr().lock();
        let _ = match e {
            Progress::Listed { files } => writeln!(err, "{files} files listed"),
            Progress::Started { name, index, of } => {
                current = 0;
                open_line = true;
                write!(err, "[{index}/{of}] {name}")
            }
            Progress::Bytes(n) => {
                current += n;
                if tty {
                    write!(err, "\r\x1b[2K… {current} bytes")
                } else {
                    Ok(())
                }
            }
            Progress::Done { bytes, .. } => {
                open_line = false;
                if tty {
                    writeln!(err, "\r\x1b[2K  {bytes} bytes")
                } else {
                    writeln!(err, " {bytes} bytes")
                }
            }
            Progress::Skipped { name } => writeln!(err, "{name}: already present, kept"),
            Progress::Unavailable { name } if !open_line => writeln!(err, "{name}: not available from the service"),
            Progress::Unavailable { .. } => {
                open_line = false;
                writeln!(err, ": not available from the service")
            }
        };
    }
}

/// The closing line on stderr.
fn summary(report: &DownloadReport, dir: &std::path::Path) {
    eprintln!(
        "{} downloaded ({} bytes), {} kept, {} not available, into {}",
        report.downloaded,
        report.bytes,
        report.skipped,
        report.unavailable.len(),
        dir.display()
    );
}

fn run_arm(a: &ArmArgs, out: &OutputOptions) -> Result<()> {
    let creds = ArmCredentials::resolve(a.user.as_deref())?;
    let client = a.fetch.client(out);
    let req = ArmRequest {
        datastream: a.datastream.clone(),
        start: a.start.clone(),
        end: a.end.clone(),
        time: a.time.clone(),
        output: a.out.clone().unwrap_or_else(|| PathBuf::from(&a.datastream)),
        base_url: a.base_url.clone(),
        overwrite: a.fetch.overwrite,
    };
    let mut show = progress_printer();
    let report = download_arm_data_with(&client, &creds, &req, &mut show)?;
    summary(&report, &req.output);
    if a.cite {
        let (start, end) = (parse_date(&a.start)?.date(), parse_date(&a.end)?.date());
        match get_arm_doi(&client, a.citation_base_url.as_deref(), &a.datastream, start, end) {
            Ok(Some(c)) => println!("If you use these data to prepare a publication, please cite:\n\n{c}"),
            Ok(None) => eprintln!("no citation found for {}", a.datastream),
            Err(e) => eprintln!("atmokit: warning: citation lookup failed: {e}"),
        }
    }
    Ok(())
}
