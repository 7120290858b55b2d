//! `atmokit plot STATION_FILE... --kind contour --var FIELD --time T`: ACT's
//! `ContourDisplay.create_contour`, one value per station (each file or folder one station
//! dataset, with `lat`/`lon`) interpolated onto a lon/lat grid; `--act-compat` interpolates with
//! ACT's cubic Rbf instead of inverse-distance weighting.

use super::{Args, save};
use crate::open::open;
use anyhow::{Context, Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_plot::Colormap;
use atmokit_plot::contour::ContourMap;
use atmokit_plot::spec::parse_vars;

/// Draw the contour map of `args` (the files are read one station each).
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    let field = match args.vars.as_deref().map(parse_vars).transpose()?.as_deref() {
        Some([f]) => f.clone(),
        _ => bail!("--kind contour: give one field with --var (e.g. --var temp_mean)"),
    };
    let text = args
        .time
        .as_deref()
        .context("--kind contour: give --time (e.g. 2025-06-19T18:00); each station's nearest sample is used")?;
    let time = atmokit_core::time::parse_datetime(text.trim()).with_context(|| format!("--time '{text}'"))?;
    let ds = args
        .files
        .iter()
        .map(|f| open(std::slice::from_ref(f), &Default::default()).with_context(|| f.display().to_string()))
        .collect::<Result<Vec<_>>>()?;
    let refs: Vec<&atmokit_core::Dataset> = ds.iter().collect();
    let map = ContourMap::new(&refs, &field, time)?
        .with_size(args.width, args.width * 13 / 16)
        .cmap(Colormap::parse(&args.cmap)?)
        .act_compat(args.act_compat);
    save(&map, args, out)
}

#[cfg(test)]
mod tests {
    use super::super::run as plot;
    use super::*;
    use clap::Parser;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    /// The colorbar ticks (numbers written in the SVG) of `atmokit plot ARGV`.
    fn numbers(argv: &[&str]) -> Result<Vec<f64>> {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("c.svg");
        let mut a: Vec<&str> = vec!["plot"];
        a.extend(argv);
        a.extend(["--out", out.to_str().unwrap()]);
        plot(&Cli::try_parse_from(a)?.args, &OutputOptions::default())?;
        let svg = std::fs::read_to_string(&out)?;
        Ok(svg
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>'))
            .filter_map(|(_, r)| r.split_once("</text>"))
            .filter_map(|(t, _)| t.trim().replace('−', "-").parse().ok())
            .collect())
    }

    #[test]
    fn contour_kind_reads_one_station_per_file_and_act_compat_is_the_cubic_rbf() {
        let files: Vec<String> = ["M1", "S20", "S30", "S40"]
            .iter()
            .map(|s| {
                std::env::var("ATMOKIT_ORACLE")
                    .map_or_else(
                        |_| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"),
                        std::path::PathBuf::from,
                    )
                    .join(format!("data/bnfmet{s}.b1.20250619.000000.cdf"))
                    .to_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let mut argv: Vec<&str> = files.iter().map(String::as_str).collect();
        argv.extend(["--kind", "contour", "--var", "temp_mean", "--time", "2025-06-19T18:00"]);
        // IDW keeps the colours within the station values (19.52..22.65 °C); ACT's cubic Rbf
        // overshoots to about -277 °C at the grid's corner.
        let idw = numbers(&argv).unwrap();
        assert!(idw.iter().all(|&v| v > -100.0), "{idw:?}");
        argv.push("--act-compat");
        let rbf = numbers(&argv).unwrap();
        assert!(rbf.iter().any(|&v| v <= -100.0), "{rbf:?}");
        // --time is required; a second field is refused.
        let e = numbers(&argv[..argv.len() - 3]).unwrap_err().to_string();
        assert!(e.contains("--time"), "{e}");
        let mut two = argv.clone();
        two[files.len() + 3] = "temp_mean,rh_mean";
        let e = numbers(&two).unwrap_err().to_string();
        assert!(e.contains("one field"), "{e}");
    }
}
