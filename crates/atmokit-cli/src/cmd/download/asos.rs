//! `atmokit download asos`: IEM ASOS/AWOS observations of stations or of a box.

use anyhow::{Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_discovery::{AsosSelection, asos_networks, get_asos_data, get_asos_datasets, get_asos_stations};
use atmokit_netcdf::{WriteOptions, write_netcdf};
use chrono::NaiveDateTime;
use std::path::PathBuf;

use super::{FetchArgs, progress_printer, summary};

/// Arguments of `atmokit download asos` (ACT's `get_asos_data`).
#[derive(clap::Args, Debug)]
pub struct AsosArgs {
    /// Start of the window, UTC: YYYY-MM-DD or YYYY-MM-DDTHH:MM.
    #[arg(long)]
    pub start: String,
    /// End of the window, UTC, same forms.
    #[arg(long)]
    pub end: String,
    /// Station identifiers (IEM's, e.g. ORD); repeat or separate by commas.
    #[arg(long, value_delimiter = ',')]
    pub station: Vec<String>,
    /// Latitude range MIN,MAX of a box (with --lon).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub lat: Option<Vec<f64>>,
    /// Longitude range MIN,MAX of a box (with --lat).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub lon: Option<Vec<f64>>,
    /// Regions whose networks a box searches, space-separated ("IL IA"; default ACT's list).
    #[arg(long)]
    pub regions: Option<String>,
    /// Print the stations found (id, network, latitude, longitude, name) and download nothing.
    #[arg(long)]
    pub list_stations: bool,
    /// Also write each station's observations as ACT's `get_asos_data` returns them (derived
    /// temp, dwpc, spdms, u, v, …; the station's IEM metadata as attrs) to
    /// `{STATION}_{start}_{end}.nc` next to its CSV.
    #[arg(long)]
    pub netcdf: bool,
    /// Reproduce ACT 2.3.4: --regions joined as ACT does (every region but the last becomes a
    /// country network); with --netcdf also ACT's formulas, attributes and metadata requests.
    #[arg(long)]
    pub act_compat: bool,
    /// Output folder (created if missing; default: asos).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// IEM root (default https://mesonet.agron.iastate.edu/).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Retries and re-fetching.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

fn when(text: &str) -> Result<NaiveDateTime> {
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M") {
        return Ok(t);
    }
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Ok(d.and_time(chrono::NaiveTime::MIN)),
        Err(_) => bail!("time {text:?}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
    }
}

pub(super) fn run(a: &AsosArgs, out: &OutputOptions) -> Result<()> {
    let client = a.fetch.client(out);
    let selection = match (&a.lat, &a.lon, a.station.is_empty()) {
        (Some(lat), Some(lon), true) if lat.len() == 2 && lon.len() == 2 => AsosSelection::Box {
            lat: (lat[0], lat[1]),
            lon: (lon[0], lon[1]),
        },
        (None, None, false) => AsosSelection::Stations(a.station.clone()),
        _ => bail!("give either --station or both --lat MIN,MAX and --lon MIN,MAX"),
    };
    if a.list_stations {
        let nets = asos_networks(a.regions.as_deref(), a.act_compat);
        for s in get_asos_stations(&client, &nets, &selection, a.base_url.as_deref())? {
            let name = s.properties.get("sname").and_then(|v| v.as_str()).unwrap_or("");
            println!("{},{},{},{},{name}", s.id, s.network, s.latitude, s.longitude);
        }
        return Ok(());
    }
    let dir = a.out.clone().unwrap_or_else(|| PathBuf::from("asos"));
    let mut show = progress_printer();
    if a.netcdf {
        let (start, end) = (when(&a.start)?, when(&a.end)?);
        let sets = get_asos_datasets(
            &client,
            start,
            end,
            &selection,
            a.regions.as_deref(),
            &dir,
            a.base_url.as_deref(),
            a.fetch.overwrite,
            a.act_compat,
            &mut show,
        )?;
        let stamp = |t: NaiveDateTime| t.format("%Y%m%d%H%M").to_string();
        for (id, ds) in &sets {
            // Identifiers come from the user or IEM: keep them to one plain file name.
            let safe: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' })
                .collect();
            let path = dir.join(format!("{safe}_{}_{}.nc", stamp(start), stamp(end)));
            let opts = WriteOptions {
                allow_special: out.allow_special,
                ..WriteOptions::default()
            };
            write_netcdf(ds, &path, &opts)?;
            println!("{}", path.display());
        }
        return Ok(());
    }
    let report = get_asos_data(
        &client,
        when(&a.start)?,
        when(&a.end)?,
        &selection,
        a.regions.as_deref(),
        &dir,
        a.base_url.as_deref(),
        a.fetch.overwrite,
        a.act_compat,
        &mut show,
    )?;
    summary(&report, &dir);
    Ok(())
}
