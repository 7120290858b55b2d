//! `atmokit correct mpl|ceil|dl|rl|ship IN... -o OUT.nc`: instrument corrections
//! (library: `atmokit-corrections`; raw MPL binaries: `atmokit-mpl`).

use crate::open::{is_raw_mpl, open};
use anyhow::{Context, Result, bail};
use atmokit_core::Dataset;
use atmokit_core::output::OutputOptions;
use atmokit_corrections as corr;
use atmokit_netcdf::{Format, ReadOptions, WriteOptions, write_netcdf};
use std::path::PathBuf;

/// Arguments of `atmokit correct`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which correction.
    #[command(subcommand)]
    pub what: What,
    /// Output netCDF file (written atomically).
    #[arg(short, long, global = true)]
    pub output: Option<PathBuf>,
    /// Output format: netcdf4 (default), classic or offset64.
    #[arg(long, default_value = "netcdf4", global = true)]
    pub format: Format,
}

/// The corrections.
#[derive(clap::Subcommand, Debug)]
pub enum What {
    /// Micropulse lidar (ARM mplpolfs b1): background, afterpulse, range², overlap, cross/co ratio,
    /// dB; optional dead time and energy normalisation. Raw SigmaSpace `.mpl`/`.bi` files are
    /// decoded natively (channels, header fields, uncorrected NRB) and written as they are.
    Mpl(MplArgs),
    /// Ceilometer backscatter: non-positive → fill, log10.
    Ceil(CeilArgs),
    /// Doppler lidar backscatter: optional relative range normalisation, fill, log10.
    Dl(DlArgs),
    /// Raman lidar: height coordinate from the global attributes, optional log range-normalised counts.
    Rl(RlArgs),
    /// Ship-motion wind correction from a navigation file and a met file (outer-merged on time).
    Ship(ShipArgs),
}

/// `atmokit correct mpl`.
#[derive(clap::Args, Debug)]
pub struct MplArgs {
    /// Input files (netCDF b1, or raw .mpl/.bi).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Dead-time correction: none (ACT, default), file (the file's deadtime_correction table) or
    /// poly (vendor polynomial given with --dead-time-coeffs, in kcount/s).
    #[arg(long, default_value = "none", value_parser = ["none", "file", "poly"])]
    pub dead_time: String,
    /// Polynomial coefficients, highest degree first (with --dead-time poly).
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub dead_time_coeffs: Vec<f64>,
    /// Divide by the laser energy (µJ) to get normalised relative backscatter.
    #[arg(long)]
    pub energy_normalize: bool,
    /// Energy variable for --energy-normalize.
    #[arg(long, default_value = "energy_monitor")]
    pub energy_var: String,
    /// Keep linear values instead of 10·log10.
    #[arg(long)]
    pub linear: bool,
    /// Do not create the cross_co_ratio variable.
    #[arg(long)]
    pub no_ratio: bool,
}

/// `atmokit correct ceil`.
#[derive(clap::Args, Debug)]
pub struct CeilArgs {
    /// Input files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Backscatter variable.
    #[arg(long, default_value = "backscatter")]
    pub var: String,
    /// Fill for values <= 0, linear space ("nan" allowed).
    #[arg(long, default_value_t = 1e-7)]
    pub fill: f64,
}

/// `atmokit correct dl`.
#[derive(clap::Args, Debug)]
pub struct DlArgs {
    /// Input files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Backscatter variable.
    #[arg(long, default_value = "attenuated_backscatter")]
    pub var: String,
    /// Skip the (range / max range)² normalisation.
    #[arg(long)]
    pub no_range_normalize: bool,
    /// Fill for values <= 0, linear space ("nan" allowed).
    #[arg(long, default_value_t = 1e-7)]
    pub fill: f64,
}

/// `atmokit correct rl`.
#[derive(clap::Args, Debug)]
pub struct RlArgs {
    /// Input files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Counts variable.
    #[arg(long, default_value = "depolarization_counts_high")]
    pub var: String,
    /// Fill for values <= 0, linear space.
    #[arg(long, default_value_t = 1e-7)]
    pub fill: f64,
    /// Multiply by height² and take log10 (ACT's range_normalize_log_values).
    #[arg(long)]
    pub range_normalize_log: bool,
}

/// `atmokit correct ship`.
#[derive(clap::Args, Debug)]
pub struct ShipArgs {
    /// Navigation file(s) with lat/lon and yaw.
    #[arg(long, required = true, num_args = 1..)]
    pub nav: Vec<PathBuf>,
    /// Met file(s) with wind_speed and wind_direction.
    #[arg(long, required = true, num_args = 1..)]
    pub met: Vec<PathBuf>,
}

/// Build the `MplOptions` for `atmokit correct mpl`.
pub fn mpl_options(a: &MplArgs) -> Result<corr::MplOptions> {
    let dead_time = match a.dead_time.as_str() {
        "none" => corr::DeadTime::None,
        "file" => corr::DeadTime::arm_file_table(),
        _ if a.dead_time_coeffs.is_empty() => bail!("--dead-time poly needs --dead-time-coeffs c_n,...,c_0"),
        _ => corr::DeadTime::Model(corr::DeadTimeModel::Polynomial(a.dead_time_coeffs.clone())),
    };
    let mut names = corr::MplNames::default();
    if a.no_ratio {
        names.ratio = None;
    }
    Ok(corr::MplOptions {
        names,
        dead_time,
        energy: a.energy_normalize.then(|| a.energy_var.clone()),
        decibels: !a.linear,
    })
}

/// Run `atmokit correct`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    let Some(output) = &args.output else {
        bail!("-o/--output is required")
    };
    let inputs = match &args.what {
        What::Mpl(a) => super::paths(&a.inputs),
        What::Ceil(a) => super::paths(&a.inputs),
        What::Dl(a) => super::paths(&a.inputs),
        What::Rl(a) => super::paths(&a.inputs),
        What::Ship(a) => a.nav.iter().chain(&a.met).map(PathBuf::as_path).collect(),
    };
    super::check_outputs(&[output], &inputs, out)?;
    let (ds, label): (Dataset, &str) = match &args.what {
        What::Mpl(a) => {
            if a.inputs.iter().all(|p| is_raw_mpl(p)) {
                (atmokit_mpl::read_sigma_mplv5(&a.inputs)?, "mpl (raw decode)")
            } else {
                let mut ds = open(&a.inputs, &ReadOptions::default())?;
                corr::correct_mpl(&mut ds, &mpl_options(a)?).context("correct mpl")?;
                (ds, "mpl")
            }
        }
        What::Ceil(a) => {
            let mut ds = open(&a.inputs, &ReadOptions::default())?;
            corr::correct_ceil(&mut ds, &a.var, &corr::CeilOptions { fill_value: a.fill }).context("correct ceil")?;
            (ds, "ceil")
        }
        What::Dl(a) => {
            let mut ds = open(&a.inputs, &ReadOptions::default())?;
            corr::correct_dl(
                &mut ds,
                &a.var,
                &corr::DlOptions {
                    range_normalize: !a.no_range_normalize,
                    fill_value: a.fill,
                },
            )
            .context("correct dl")?;
            (ds, "dl")
        }
        What::Rl(a) => {
            let mut ds = open(&a.inputs, &ReadOptions::default())?;
            corr::correct_rl(&mut ds, &a.var, a.fill, a.range_normalize_log).context("correct rl")?;
            (ds, "rl")
        }
        What::Ship(a) => {
            let mut nav = open(&a.nav, &ReadOptions::default())?;
            corr::calc_cog_sog(&mut nav).context("course/speed over ground from the navigation file")?;
            let met = open(&a.met, &ReadOptions::default())?;
            let mut ds = corr::merge_outer_on_time(&[&nav, &met]).context("merging navigation and met on time")?;
            corr::correct_wind_for_ship_motion(&mut ds, &corr::ShipNames::default()).context("correct ship")?;
            (ds, "ship")
        }
    };
    let history = format!(
        "{} UTC: atmokit {} correct {label}",
        chrono::Utc::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION")
    );
    let w = WriteOptions {
        format: args.format,
        history: Some(history),
        allow_special: out.allow_special,
        ..Default::default()
    };
    write_netcdf(&ds, output, &w).with_context(|| format!("correct {label} failed; nothing was written"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: Args,
    }

    fn mpl(args: &[&str]) -> Result<corr::MplOptions> {
        let t = T::try_parse_from([&["t", "mpl", "in.cdf", "-o", "o.nc"][..], args].concat())?;
        match &t.a.what {
            What::Mpl(m) => mpl_options(m),
            _ => bail!("not mpl"),
        }
    }

    #[test]
    fn mpl_defaults_are_act_and_options_map() {
        assert_eq!(mpl(&[]).unwrap(), corr::MplOptions::default());
        let o = mpl(&["--dead-time", "file", "--energy-normalize", "--linear", "--no-ratio"]).unwrap();
        assert_eq!(o.dead_time, corr::DeadTime::arm_file_table());
        assert_eq!(o.energy.as_deref(), Some("energy_monitor"));
        assert!(!o.decibels && o.names.ratio.is_none());
        let o = mpl(&["--dead-time", "poly", "--dead-time-coeffs", "-1e-9,1e-5,1"]).unwrap();
        assert_eq!(
            o.dead_time,
            corr::DeadTime::Model(corr::DeadTimeModel::Polynomial(vec![-1e-9, 1e-5, 1.0]))
        );
        assert!(mpl(&["--dead-time", "poly"]).is_err());
        assert!(mpl(&["--dead-time", "bogus"]).is_err());
    }

    #[test]
    fn raw_mpl_is_recognised_by_extension() {
        assert!(is_raw_mpl(std::path::Path::new("a/201509021500.bi")));
        assert!(is_raw_mpl(std::path::Path::new("x.MPL")));
        assert!(!is_raw_mpl(std::path::Path::new("x.cdf")));
    }
}
