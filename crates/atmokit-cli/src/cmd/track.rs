//! `atmokit track IN.nc --var sst [--percentile 90 | --threshold VALUE] --radius 8
//! --min-size-quantile 0.75 -o labels.nc`: detect, clean and track objects (marine heatwaves)
//! in a (time, lat, lon) field; writes the labels and the object table (netCDF) and four CSV
//! tables next to it (`<out>_objects.csv`, `<out>_tracks.csv`, `<out>_events.csv`,
//! `<out>_measures.csv`). `--cold` tracks cold events (marine cold spells).

use crate::open::open;
use anyhow::{Context, Result, bail};
use atmokit_core::output::{OutputOptions, write_atomic};
use atmokit_netcdf::{ReadOptions, WriteOptions, write_netcdf};
use atmokit_track::area::AreaWeighting;
use atmokit_track::label::Connectivity;
use atmokit_track::morphology::DiskShape;
use atmokit_track::pipeline::{TrackOptions, track_dataset};
use atmokit_track::temporal::Linking;
use atmokit_track::threshold::Threshold;
use std::path::{Path, PathBuf};

/// Arguments of `atmokit track`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files or folders (read as one dataset), holding VAR with dims (time, lat, lon).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The field to track.
    #[arg(long)]
    pub var: String,
    /// Per-point percentile (0–100) of the anomalies (mean + trend + seasonal cycle removed).
    #[arg(long, conflicts_with = "threshold")]
    pub percentile: Option<f64>,
    /// Fixed threshold on the raw field, in its units (skips the anomaly step).
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Disk radius in grid points for closing then opening (0 = none).
    #[arg(long, default_value_t = 8)]
    pub radius: usize,
    /// Drop per-step objects smaller than this quantile (0–1) of all object areas.
    #[arg(long, default_value_t = 0.75)]
    pub min_size_quantile: f64,
    /// Absolute area floor (km², or cells with --area cells).
    #[arg(long, default_value_t = 0.0)]
    pub min_area: f64,
    /// Area measure: km2 (cos-latitude weighted) or cells (Ocetrac).
    #[arg(long, default_value = "km2")]
    pub area: String,
    /// Connectivity in (time, lat, lon): 6, 18 or 26.
    #[arg(long, default_value = "26")]
    pub connectivity: String,
    /// Disk boundary: closed (x²+y² ≤ R²) or strict (< R², Ocetrac).
    #[arg(long, default_value = "closed")]
    pub disk: String,
    /// Harmonics of the seasonal cycle in the climatology.
    #[arg(long, default_value_t = 2)]
    pub harmonics: usize,
    /// A (lat, lon) variable that is non-zero where cells may be tracked (ocean mask).
    #[arg(long)]
    pub mask: Option<String>,
    /// Periodic longitude: auto (from the longitudes), yes or no.
    #[arg(long, default_value = "auto")]
    pub periodic: String,
    /// Track cold events (marine cold spells; Ocetrac's `positive=False`): cells at or below the
    /// (100 − percentile)th percentile of the anomalies, or at or below --threshold.
    #[arg(long)]
    pub cold: bool,
    /// Linking through time: 3d (connected components in time, lat, lon) or temporal_neighbor
    /// (Ocetrac's: blobs of consecutive steps join only when they overlap).
    #[arg(long, default_value = "3d")]
    pub method: String,
    /// With --method temporal_neighbor: link when max(|A∩B|/|A|, |A∩B|/|B|) ≥ this (0–1).
    #[arg(long, default_value_t = 0.0)]
    pub contain_thresh: f64,
    /// Output netCDF file with `labels` and the object table.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Turn the arguments into library options (errors name the flag).
pub fn options(args: &Args) -> Result<TrackOptions> {
    let threshold = match (args.percentile, args.threshold) {
        (_, Some(v)) => Threshold::Fixed(v),
        (Some(q), None) => Threshold::Percentile(q),
        (None, None) => Threshold::Percentile(90.0),
    };
    let area_weighting = match args.area.as_str() {
        "km2" => AreaWeighting::CosLat,
        "cells" => AreaWeighting::Cells,
        other => bail!("--area: expected km2 or cells, got '{other}'"),
    };
    let connectivity = Connectivity::parse(&args.connectivity)
        .with_context(|| format!("--connectivity: expected 6, 18 or 26, got '{}'", args.connectivity))?;
    let disk_shape = match args.disk.as_str() {
        "closed" => DiskShape::Closed,
        "strict" => DiskShape::Strict,
        other => bail!("--disk: expected closed or strict, got '{other}'"),
    };
    let periodic = match args.periodic.as_str() {
        "auto" => None,
        "yes" => Some(true),
        "no" => Some(false),
        other => bail!("--periodic: expected auto, yes or no, got '{other}'"),
    };
    Ok(TrackOptions {
        threshold,
        n_harmonics: args.harmonics,
        radius: args.radius,
        disk_shape,
        min_size_quantile: args.min_size_quantile,
        min_area: args.min_area,
        area_weighting,
        connectivity,
        periodic,
        positive: !args.cold,
        linking: Linking::parse(&args.method, args.contain_thresh)
            .with_context(|| format!("--method: expected 3d or temporal_neighbor, got '{}'", args.method))?,
    })
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "track".into());
    out.with_file_name(format!("{stem}_{suffix}.csv"))
}

/// Run `atmokit track`.
pub fn run(args: &Args, out_opts: &OutputOptions) -> Result<()> {
    let opts = options(args)?;
    let sidecars = ["objects", "tracks", "events", "measures"].map(|s| sibling(&args.output, s));
    let mut outputs = vec![args.output.as_path()];
    outputs.extend(sidecars.iter().map(PathBuf::as_path));
    super::check_outputs(&outputs, &super::paths(&args.inputs), out_opts)?;
    let ds = open(&args.inputs, &ReadOptions::default())?;
    let r = track_dataset(&ds, &args.var, args.mask.as_deref(), &opts)
        .with_context(|| format!("tracking '{}' failed", args.var))?;
    let dims = ds.get(&args.var)?.dims().to_vec();
    let out = r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str()])?;
    let w = WriteOptions {
        allow_special: out_opts.allow_special,
        ..Default::default()
    };
    write_netcdf(&out, &args.output, &w).with_context(|| format!("{}: write failed", args.output.display()))?;
    for (p, text) in sidecars.iter().zip([
        r.objects_csv(),
        r.tracks_csv(),
        r.events_csv(),
        atmokit_track::measures::measures_csv(&r.measures),
    ]) {
        write_atomic(p, text.as_bytes(), out_opts).with_context(|| format!("{}: write failed", p.display()))?;
    }
    println!(
        "{}: {} objects tracked ({} per-step objects before the area filter, threshold {:.4} {}), {} merge/split events",
        args.output.display(),
        r.objects.len(),
        r.area.n_initial,
        r.area.threshold,
        if opts.area_weighting == AreaWeighting::Cells {
            "cells"
        } else {
            "km2"
        },
        r.events.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn flags_map_to_options() {
        let c = Cli::parse_from([
            "t",
            "in.nc",
            "--var",
            "sst",
            "--threshold",
            "28.5",
            "--radius",
            "3",
            "-o",
            "l.nc",
        ]);
        let o = options(&c.args).unwrap();
        assert_eq!(
            (o.threshold, o.radius, o.min_size_quantile),
            (Threshold::Fixed(28.5), 3, 0.75)
        );
        let c = Cli::parse_from(["t", "in.nc", "--var", "sst", "--connectivity", "7", "-o", "l.nc"]);
        assert!(options(&c.args).unwrap_err().to_string().contains("--connectivity"));
        assert!(
            Cli::try_parse_from([
                "t",
                "in.nc",
                "--var",
                "v",
                "--percentile",
                "90",
                "--threshold",
                "1",
                "-o",
                "x"
            ])
            .is_err()
        );
        assert_eq!(
            sibling(Path::new("/a/labels.nc"), "objects"),
            PathBuf::from("/a/labels_objects.csv")
        );
    }
}
