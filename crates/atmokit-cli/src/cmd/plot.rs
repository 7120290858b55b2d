//! `atmokit plot FILE... --var a,b --out plot.png|svg`: time-series panels (lines, meshes, QC
//! flag blocks) of one dataset, with `--qc`, `--day-night`, `--yrange`, `--vrange`, `--cmap`,
//! `--title`, `--width`, `--panel-height`.

use crate::open::open;
use anyhow::{Context, Result};
use atmokit_plot::spec::{PlotSpec, parse_range, parse_vars};
use atmokit_plot::{Colormap, TimeSeriesDisplay};
use std::path::PathBuf;

/// Arguments of `atmokit plot`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders; several are read as one dataset (concatenated along time).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Variables to plot, comma-separated; one panel each (2-D variables become meshes).
    #[arg(long = "var", short = 'v', required = true)]
    pub vars: String,
    /// Output file, `.png` or `.svg`.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Over-plot QC assessments (Bad red, Suspect/Indeterminate orange) and add a QC flag block
    /// panel under each variable that has QC.
    #[arg(long)]
    pub qc: bool,
    /// Grey night / yellow day background from the site's lat/lon.
    #[arg(long)]
    pub day_night: bool,
    /// Value-axis range `low,high` (y-coordinate range for meshes).
    #[arg(long, allow_hyphen_values = true)]
    pub yrange: Option<String>,
    /// Colour range `low,high` of meshes (default: 1st–99th percentile).
    #[arg(long, allow_hyphen_values = true)]
    pub vrange: Option<String>,
    /// Colormap of meshes: viridis, magma, inferno, plasma, cividis, bwr, greys.
    #[arg(long, default_value = "viridis")]
    pub cmap: String,
    /// Logarithmic colour scale for meshes (e.g. lidar backscatter).
    #[arg(long)]
    pub log: bool,
    /// Title of the first panel (default "<datastream> <field> on <YYYYMMDD>").
    #[arg(long)]
    pub title: Option<String>,
    /// Figure width in pixels.
    #[arg(long, default_value_t = 1000)]
    pub width: u32,
    /// Height of each panel in pixels.
    #[arg(long, default_value_t = 300)]
    pub panel_height: u32,
}

/// Build the plot specification from the arguments (no file access).
pub fn spec(args: &Args) -> Result<PlotSpec> {
    Ok(PlotSpec {
        vars: parse_vars(&args.vars)?,
        qc: args.qc,
        day_night: args.day_night,
        yrange: args.yrange.as_deref().map(|t| parse_range("--yrange", t)).transpose()?,
        vrange: args.vrange.as_deref().map(|t| parse_range("--vrange", t)).transpose()?,
        cmap: Colormap::parse(&args.cmap)?,
        log: args.log,
        title: args.title.clone(),
    })
}

/// Run `atmokit plot`.
pub fn run(args: &Args) -> Result<()> {
    let spec = spec(args)?;
    atmokit_plot::Format::from_path(&args.out)?;
    let ds = open(&args.files, &Default::default())?;
    let mut fig = TimeSeriesDisplay::new(&ds).with_size(args.width, args.panel_height);
    for p in spec.panels(&ds)? {
        fig = fig.panel(p);
    }
    atmokit_plot::save(&fig, &args.out).with_context(|| format!("plotting to {}", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}
