//! `atmokit retrieve NAME IN... -o OUT.nc`: run one retrieval on ARM netCDF file(s) and write
//! its variables (ACT's names) to a new netCDF file.
//!
//! The retrieval choice and options live in `crate::retrieval_run`; this file only reads,
//! runs and writes.

use crate::retrieval_run::{Retrieval, RunOptions, run as run_retrieval};
use anyhow::Context;
use atmokit_core::output::OutputOptions;
use std::path::PathBuf;

/// Arguments of `atmokit retrieve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Retrieval: stability, pwv, pbl-liu-liang, pbl-heffter, pbl-gradient, cbh-sobel, aeri2irt,
    /// sst, radiation, vad.
    pub name: String,
    /// Input ARM netCDF file(s), concatenated along time.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output netCDF file.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Met file for radiation's longwave estimates (temp_mean, vapor_pressure_mean).
    #[arg(long)]
    pub met: Option<PathBuf>,
    /// Temperature variable (sonde default tdry; radiation longwave temp_mean).
    #[arg(long)]
    pub temperature: Option<String>,
    /// Dewpoint variable (default dp).
    #[arg(long)]
    pub dewpoint: Option<String>,
    /// Pressure variable (default pres).
    #[arg(long)]
    pub pressure: Option<String>,
    /// Relative humidity variable (default rh).
    #[arg(long)]
    pub rh: Option<String>,
    /// Height variable (sonde alt, lidar range).
    #[arg(long)]
    pub height: Option<String>,
    /// Wind speed variable (default wspd).
    #[arg(long)]
    pub windspeed: Option<String>,
    /// Data variable of lidar retrievals (cbh-sobel backscatter, pbl-gradient beta_att).
    #[arg(long)]
    pub variable: Option<String>,
    /// Smoothing window (sonde samples, lidar gates, net-radiation samples).
    #[arg(long)]
    pub smooth: Option<usize>,
    /// Liu-Liang over ocean (water thresholds).
    #[arg(long)]
    pub ocean: bool,
    /// pbl-gradient: modified-gradient method with this peak prominence (e.g. 1e-5).
    #[arg(long)]
    pub modified: Option<f64>,
    /// Minimum PBL height (lidar, default 100).
    #[arg(long)]
    pub min_height: Option<f64>,
    /// cbh-sobel: values at or below are clear air.
    #[arg(long)]
    pub var_thresh: Option<f64>,
    /// cbh-sobel: fill for clear air and weak edges (default var_thresh).
    #[arg(long)]
    pub fill_na: Option<f64>,
    /// cbh-sobel: edge threshold (default 5).
    #[arg(long)]
    pub edge_thresh: Option<f64>,
    /// Reproduce ACT 2.3.4's numbers where atmokit fixes a bug (pwv, cbh-sobel, pbl-liu-liang, stability).
    #[arg(long)]
    pub act_compat: bool,
    /// vad: intensity variable (SNR + 1), e.g. intensity.
    #[arg(long)]
    pub intensity: Option<String>,
    /// vad: SNR threshold (default 0.008).
    #[arg(long)]
    pub snr_threshold: Option<f64>,
}

impl Args {
    /// The library options these arguments stand for.
    pub fn options(&self) -> RunOptions {
        RunOptions {
            temperature: self.temperature.clone(),
            dewpoint: self.dewpoint.clone(),
            pressure: self.pressure.clone(),
            rh: self.rh.clone(),
            height: self.height.clone(),
            windspeed: self.windspeed.clone(),
            variable: self.variable.clone(),
            smooth: self.smooth,
            ocean: self.ocean,
            modified_threshold: self.modified,
            min_height: self.min_height,
            var_thresh: self.var_thresh,
            fill_na: self.fill_na,
            edge_thresh: self.edge_thresh,
            act_compat: self.act_compat,
            intensity: self.intensity.clone(),
            snr_threshold: self.snr_threshold,
            vapor_pressure: None,
        }
    }
}

/// Run `atmokit retrieve`.
pub fn run(args: &Args, output: &OutputOptions) -> anyhow::Result<()> {
    let mut inputs = super::paths(&args.inputs);
    inputs.extend(args.met.as_deref());
    super::check_outputs(&[&args.output], &inputs, output)?;
    let which = Retrieval::parse(&args.name)?;
    let opts = atmokit_netcdf::ReadOptions::default();
    let ds = crate::open::open(&args.inputs, &opts)?;
    let met = match &args.met {
        Some(p) => Some(crate::open::open(std::slice::from_ref(p), &opts)?),
        None => None,
    };
    let out =
        run_retrieval(which, &ds, met.as_ref(), &args.options()).with_context(|| format!("retrieval {}", args.name))?;
    for (name, var) in out.variables() {
        if var.shape().is_empty()
            && let Some(v) = var.data().iter_f64().and_then(|mut it| it.next())
        {
            println!("{name} = {v} {}", var.units().unwrap_or(""));
        }
    }
    let w = atmokit_netcdf::WriteOptions {
        allow_special: output.allow_special,
        ..Default::default()
    };
    atmokit_netcdf::write_netcdf(&out, &args.output, &w)
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(())
}
