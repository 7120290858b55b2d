//! `atmokit track IN.nc --var sst [--percentile 90 | --threshold VALUE] --radius 8
//! --min-size-quantile 0.75 -o labels.nc`: detect, clean and track objects (marine heatwaves)
//! in a (time, lat, lon) field; writes the labels and the object table (netCDF) and four CSV
//! tables next to it (`<out>_objects.csv`, `<out>_tracks.csv`, `<out>_events.csv`,
//! `<out>_measures.csv`). `--cold` tracks cold events (marine cold spells).
//!
//! A variable with dims (time, depth, lat, lon) is tracked in depth (Ocetrac's DeepTracker:
//! `--frac-filter`, `--alpha`, `--no-connect-depth`, `--volume-ranking`, `--area-connectivity`);
//! the output holds the labels and the event table, with `<out>_steps.csv`. A curvilinear grid
//! (2-D latitude/longitude) is found from the variable's `coordinates` attribute or named with
//! `--lat-var`/`--lon-var` (and `--area-var` for the cell areas).

use crate::open::open;
use anyhow::{Context, Result, bail};
use atmokit_core::output::{OutputOptions, write_atomic};
use atmokit_netcdf::{ReadOptions, WriteOptions, write_netcdf};
use atmokit_track::area::AreaWeighting;
use atmokit_track::depth::{DepthOptions, Detection, VolumeRanking, track_depth_dataset};
use atmokit_track::depth_grid::DepthGrid;
use atmokit_track::grid::Grid;
use atmokit_track::label::Connectivity;
use atmokit_track::morphology::DiskShape;
use atmokit_track::pipeline::{TrackOptions, track_dataset_on};
use atmokit_track::temporal::Linking;
use atmokit_track::threshold::Threshold;
use std::path::{Path, PathBuf};

/// Arguments of `atmokit track`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input files or folders (read as one dataset), holding VAR with dims (time, lat, lon) or
    /// (time, depth, lat, lon).
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
    /// Disk radius in grid points for closing then opening (0 = none) [default: 8; in depth 3].
    #[arg(long)]
    pub radius: Option<usize>,
    /// Drop per-step objects smaller than this quantile (0–1) of all object areas (in depth:
    /// of the 2-D blob areas of each level) [default: 0.75; in depth 0.25].
    #[arg(long)]
    pub min_size_quantile: Option<f64>,
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
    /// With --method temporal_neighbor: link when max(|A∩B|/|A|, |A∩B|/|B|) ≥ this (0–1)
    /// [default: 0]; in depth: continue an event when the containment score exceeds this
    /// [default: 0.3].
    #[arg(long)]
    pub contain_thresh: Option<f64>,
    /// 2-D latitude variable of a curvilinear grid (degrees north, dims (y, x)).
    #[arg(long, requires = "lon_var")]
    pub lat_var: Option<String>,
    /// 2-D longitude variable of a curvilinear grid (degrees east, dims (y, x)).
    #[arg(long, requires = "lat_var")]
    pub lon_var: Option<String>,
    /// Cell-area variable of a curvilinear grid (m2, cm2 or km2); computed when absent.
    #[arg(long, requires = "lat_var")]
    pub area_var: Option<String>,
    /// In depth: drop this fraction (0–1) of the per-step 3-D objects, smallest first.
    #[arg(long, default_value_t = 0.25)]
    pub frac_filter: f64,
    /// In depth: weight (0–1) of the cell-count containment against the volume one.
    #[arg(long, default_value_t = 0.5)]
    pub alpha: f64,
    /// In depth: do not join cells across levels (each level tracked apart).
    #[arg(long)]
    pub no_connect_depth: bool,
    /// In depth: volume-filter ranking, per-object or step-label (Ocetrac 0.1.7's).
    #[arg(long, default_value = "per-object")]
    pub volume_ranking: String,
    /// In depth: neighbours of the area filter's 2-D blobs, 8 or 4 (Ocetrac's).
    #[arg(long, default_value = "8")]
    pub area_connectivity: String,
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
        radius: args.radius.unwrap_or(8),
        disk_shape,
        min_size_quantile: args.min_size_quantile.unwrap_or(0.75),
        min_area: args.min_area,
        area_weighting,
        connectivity,
        periodic,
        positive: !args.cold,
        linking: Linking::parse(&args.method, args.contain_thresh.unwrap_or(0.0))
            .with_context(|| format!("--method: expected 3d or temporal_neighbor, got '{}'", args.method))?,
    })
}

/// The depth tracker's options and detection from the arguments (errors name the flag).
pub fn depth_options(args: &Args) -> Result<(DepthOptions, Detection)> {
    let surface = options(args)?;
    let d = DepthOptions::default();
    let volume_ranking = match args.volume_ranking.as_str() {
        "per-object" => VolumeRanking::PerObject,
        "step-label" => VolumeRanking::StepLabel,
        other => bail!("--volume-ranking: expected per-object or step-label, got '{other}'"),
    };
    let area_connectivity = match args.area_connectivity.as_str() {
        "8" => Connectivity::Full,
        "4" => Connectivity::Faces,
        other => bail!("--area-connectivity: expected 8 or 4, got '{other}'"),
    };
    if args.method != "3d" {
        bail!("--method: depth tracking links through time by containment (--contain-thresh); no --method");
    }
    let opts = DepthOptions {
        radius: args.radius.unwrap_or(d.radius),
        disk_shape: surface.disk_shape,
        min_size_quantile: args.min_size_quantile.unwrap_or(d.min_size_quantile),
        min_area: args.min_area,
        area_weighting: surface.area_weighting,
        area_connectivity,
        frac_filter: args.frac_filter,
        volume_ranking,
        contain_thresh: args.contain_thresh.unwrap_or(d.contain_thresh),
        alpha: args.alpha,
        connect_depth: !args.no_connect_depth,
        periodic: surface.periodic,
    };
    let detect = Detection {
        threshold: surface.threshold,
        n_harmonics: args.harmonics,
        positive: !args.cold,
    };
    Ok((opts, detect))
}

/// The horizontal grid of `var`: curvilinear with the named variables, else as the file says.
fn grid(ds: &atmokit_core::Dataset, args: &Args) -> Result<Grid> {
    Ok(match (&args.lat_var, &args.lon_var) {
        (Some(lat), Some(lon)) => Grid::from_dataset_curvilinear(ds, &args.var, lat, lon, args.area_var.as_deref())?,
        _ => {
            let dims = ds.get(&args.var)?.dims().to_vec();
            if dims.len() == 4 {
                DepthGrid::from_dataset(ds, &args.var)?.grid
            } else {
                Grid::from_dataset(ds, &args.var)?
            }
        }
    })
}

fn run_depth(args: &Args, out_opts: &OutputOptions, ds: &atmokit_core::Dataset) -> Result<()> {
    let (opts, detect) = depth_options(args)?;
    let g = DepthGrid::from_dataset_on(ds, &args.var, grid(ds, args)?)?;
    let r = track_depth_dataset(ds, &args.var, &g, &detect, &opts)
        .with_context(|| format!("depth tracking of '{}' failed", args.var))?;
    let dims = ds.get(&args.var)?.dims().to_vec();
    let out = r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str(), dims[3].as_str()])?;
    let w = WriteOptions {
        allow_special: out_opts.allow_special,
        ..Default::default()
    };
    write_netcdf(&out, &args.output, &w).with_context(|| format!("{}: write failed", args.output.display()))?;
    let steps = sibling(&args.output, "steps");
    write_atomic(&steps, r.steps_csv().as_bytes(), out_opts)
        .with_context(|| format!("{}: write failed", steps.display()))?;
    println!(
        "{}: {} events tracked in depth ({} → {} 2-D blobs after the area filter, {} → {} per-step objects after the volume filter)",
        args.output.display(),
        r.objects.len(),
        r.n_blobs.0,
        r.n_blobs.1,
        r.n_step_objects.0,
        r.n_step_objects.1
    );
    Ok(())
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
    let sidecars = ["objects", "tracks", "events", "measures", "steps"].map(|s| sibling(&args.output, s));
    let mut outputs = vec![args.output.as_path()];
    outputs.extend(sidecars.iter().map(PathBuf::as_path));
    super::check_outputs(&outputs, &super::paths(&args.inputs), out_opts)?;
    let ds = open(&args.inputs, &ReadOptions::default())?;
    if ds.get(&args.var)?.dims().len() == 4 {
        if args.mask.is_some() {
            bail!("--mask: depth tracking leaves out the cells whose field is NaN at every step; no --mask");
        }
        return run_depth(args, out_opts, &ds);
    }
    let r = track_dataset_on(&ds, &args.var, &grid(&ds, args)?, args.mask.as_deref(), &opts)
        .with_context(|| format!("tracking '{}' failed", args.var))?;
    let dims = ds.get(&args.var)?.dims().to_vec();
    let out = r.to_dataset([dims[0].as_str(), dims[1].as_str(), dims[2].as_str()])?;
    let w = WriteOptions {
        allow_special: out_opts.allow_special,
        ..Default::default()
    };
    write_netcdf(&out, &args.output, &w).with_context(|| format!("{}: write failed", args.output.display()))?;
    for (p, text) in sidecars[..4].iter().zip([
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
        let c = Cli::parse_from([
            "t",
            "in.nc",
            "--var",
            "temp",
            "--volume-ranking",
            "step-label",
            "-o",
            "l.nc",
        ]);
        let (d, det) = depth_options(&c.args).unwrap();
        assert_eq!((d.radius, d.min_size_quantile, d.contain_thresh), (3, 0.25, 0.3));
        assert_eq!(
            (d.volume_ranking, det.threshold),
            (VolumeRanking::StepLabel, Threshold::Percentile(90.0))
        );
        let c = Cli::parse_from(["t", "in.nc", "--var", "temp", "--area-connectivity", "6", "-o", "l.nc"]);
        assert!(
            depth_options(&c.args)
                .unwrap_err()
                .to_string()
                .contains("--area-connectivity")
        );
        assert!(Cli::try_parse_from(["t", "in.nc", "--var", "v", "--lat-var", "TLAT", "-o", "x"]).is_err());
        assert_eq!(
            sibling(Path::new("/a/labels.nc"), "objects"),
            PathBuf::from("/a/labels_objects.csv")
        );
    }
}
