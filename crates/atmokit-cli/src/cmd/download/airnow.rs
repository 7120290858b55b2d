//! `atmokit download airnow forecast|obs|bounded`: EPA AirNow answers saved as CSV.

use anyhow::{Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{AirNowLocation, airnow_api_key, get_airnow_bounded_obs, get_airnow_forecast, get_airnow_obs};
use std::path::PathBuf;

use super::{FetchArgs, progress_printer};

/// What to ask AirNow for.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AirNowKind {
    /// AQI forecast of a reporting area (ACT's `get_airnow_forecast`; needs --date).
    Forecast,
    /// Observed AQI, current or of --date (ACT's `get_airnow_obs`).
    Obs,
    /// Monitor data in a box over hours (ACT's `get_airnow_bounded_obs`).
    Bounded,
}

/// Arguments of `atmokit download airnow`. The API key comes from --api-key or, better (no
/// process list shows it), the environment variable AIRNOW_API_KEY; it is never printed.
#[derive(clap::Args, Debug)]
pub struct AirNowArgs {
    /// forecast, obs or bounded.
    pub kind: AirNowKind,
    /// Day, YYYY-MM-DD (forecast; obs: historical day, default the current hour).
    #[arg(long)]
    pub date: Option<String>,
    /// ZIP code of the location (forecast, obs).
    #[arg(long)]
    pub zip: Option<String>,
    /// Latitude,longitude of the location (forecast, obs).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub latlon: Option<Vec<f64>>,
    /// Search radius in miles when no reporting area is at the location.
    #[arg(long, default_value_t = 25)]
    pub distance: u32,
    /// First hour, YYYY-MM-DDTHH UTC (bounded).
    #[arg(long)]
    pub start: Option<String>,
    /// Last hour, YYYY-MM-DDTHH UTC (bounded).
    #[arg(long)]
    pub end: Option<String>,
    /// Box minX,minY,maxX,maxY in degrees (bounded).
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Parameters (bounded), e.g. OZONE,PM25,PM10,CO,NO2,SO2.
    #[arg(long, default_value = "OZONE,PM25")]
    pub parameters: String,
    /// A (AQI), C (concentrations) or B (both) (bounded).
    #[arg(long, default_value_t = 'B')]
    pub data_type: char,
    /// 0 permanent, 1 mobile, 2 both (bounded).
    #[arg(long, default_value_t = 0)]
    pub monitor_type: u8,
    /// API key (default: AIRNOW_API_KEY from the environment).
    #[arg(long)]
    pub api_key: Option<String>,
    /// Output folder (created if missing; default: airnow).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// API root ending in aq/ (default https://www.airnowapi.org/aq/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

pub(super) fn run(a: &AirNowArgs, out: &OutputOptions) -> Result<()> {
    let key = airnow_api_key(a.api_key.as_deref())?;
    let client = a.fetch.client(out);
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("airnow"));
    let base = a.base_url.as_deref();
    let mut show = progress_printer();
    let loc = || -> Result<AirNowLocation> {
        match (&a.zip, &a.latlon) {
            (Some(z), None) => Ok(AirNowLocation::Zip(z.clone())),
            (None, Some(ll)) if ll.len() == 2 => Ok(AirNowLocation::LatLon(ll[0], ll[1])),
            _ => bail!("give either --zip or --latlon LAT,LON"),
        }
    };
    let file = match a.kind {
        AirNowKind::Forecast => {
            let Some(date) = &a.date else {
                bail!("a forecast needs --date YYYY-MM-DD")
            };
            get_airnow_forecast(&client, &key, date, &loc()?, a.distance, &dir, base, &mut show)?
        }
        AirNowKind::Obs => get_airnow_obs(
            &client,
            &key,
            a.date.as_deref(),
            &loc()?,
            a.distance,
            &dir,
            base,
            &mut show,
        )?,
        AirNowKind::Bounded => {
            let (Some(s), Some(e), Some(b)) = (&a.start, &a.end, &a.bbox) else {
                bail!("bounded needs --start, --end (YYYY-MM-DDTHH) and --bbox minX,minY,maxX,maxY")
            };
            get_airnow_bounded_obs(
                &client,
                &key,
                s,
                e,
                b,
                &a.parameters,
                a.data_type,
                a.monitor_type,
                &dir,
                base,
                &mut show,
            )?
        }
    };
    eprintln!("saved {}", file.display());
    Ok(())
}
