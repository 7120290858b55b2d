//! `atmokit plot FILE... --var a,b --out plot.png|svg`: time-series panels (lines, meshes, QC
//! flag blocks) of one dataset, with `--qc`, `--day-night`, `--yrange`, `--vrange`, `--cmap`,
//! `--title`, `--width`, `--panel-height`. `--var a+b,c` draws `a` and `b` in one panel with a
//! legend; `--secondary v` puts `v` on a right-hand axis of the first line panel; `--overlay v`
//! draws `v` as a line over every mesh (a cloud base over backscatter); `--aggregate max` keeps
//! thin layers of meshes visible.
//!
//! `--group-by day --columns 3` draws one subplot per day (year, month, hour) in a grid.
//!
//! `--kind skewt|hodograph|windrose` draws a sounding or wind display instead ([`kinds`]).
//!
//! Maps (issue 8): one (time, lat, lon) variable draws as a map at `--time-index N` (integer
//! labels, e.g. `atmokit track`'s `labels`, in categorical colours; other fields with a
//! colormap), optionally greying land with `--land-mask FILE[:VAR]`; `--tracks` draws the
//! objects' centroid tracks from a labels file (`--var`, default `labels`) or a
//! `<out>_tracks.csv` written by `atmokit track`.

use crate::open::open;
use anyhow::{Context, Result, bail};
use atmokit_core::output::OutputOptions;
use atmokit_plot::band::Band;
use atmokit_plot::field_map::{GridMap, grid_map, is_grid_map};
use atmokit_plot::group_by::{GroupBy, GroupedDisplay};
use atmokit_plot::spec::{PlotSpec, parse_file_var, parse_range, parse_vars};
use atmokit_plot::track_map::{TrackMap, tracks_from_csv};
use atmokit_plot::{Aggregate, Colormap, TimeSeriesDisplay};

#[path = "plot_kinds.rs"]
pub mod kinds;
#[path = "plot_contour.rs"]
pub mod plot_contour;
#[path = "plot_dists.rs"]
pub mod plot_dists;
use std::path::PathBuf;

/// Arguments of `atmokit plot`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders; several are read as one dataset (concatenated along time). With
    /// `--tracks`, a labels netCDF or a tracks CSV.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Variables to plot, comma-separated; one panel each (2-D variables become meshes, one
    /// 3-D (time, lat, lon) variable a map); `a+b` draws both in one panel with a legend.
    #[arg(long = "var", short = 'v', required_unless_present_any = ["tracks", "kind"])]
    pub vars: Option<String>,
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
    /// Colour range `low,high` of meshes and field maps (default: 1st–99th percentile).
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
    /// Height of each panel in pixels (the whole height of a map).
    #[arg(long, default_value_t = 300)]
    pub panel_height: u32,
    /// Time step drawn when the variable is 3-D (time, lat, lon).
    #[arg(long, default_value_t = 0)]
    pub time_index: usize,
    /// Grey out land on a labels map: a (lat, lon) mask, 0 = land, in `FILE[:VAR]` (VAR
    /// defaults to `mask`, as in `atmokit track --mask`).
    #[arg(long)]
    pub land_mask: Option<String>,
    /// Draw object tracks (centroid lines, start and end marked) instead of panels.
    #[arg(long)]
    pub tracks: bool,
    /// A 1-D variable on a secondary y axis (right) of the first line panel.
    #[arg(long)]
    pub secondary: Option<String>,
    /// 1-D variables (comma-separated) drawn as lines over every mesh panel, converted to the
    /// mesh's y units (e.g. `first_cbh` over ceilometer backscatter).
    #[arg(long)]
    pub overlay: Option<String>,
    /// How a mesh combines the samples that share one pixel: mean, or max (thin layers).
    #[arg(long, default_value = "mean")]
    pub aggregate: String,
    /// What to draw: timeseries (panels), skewt (`--var pres,tdry,dp,wspd,deg`, the ARM sonde
    /// names by default; `--yrange top,bottom` in hPa, `--temp-range lo,hi` in °C),
    /// skewt-enhanced (skew-T, hodograph and stability indices in one figure), hodograph
    /// (`--var wspd,deg[,colour_var]`), windrose (`--var wdir,wspd`), map (a track on a map
    /// with coastlines and borders, `--var lat,lon[,value]`, coloured by value), contour (one
    /// station per file, `--var field --time T`, interpolated onto a lon/lat grid),
    /// time-height-xsection (`--var field,pres` regridded by nearest neighbour, `--grid 20,20`),
    /// xsection (a 2-D slice, `--x DIM --y DIM --isel dim=i`), xsection-map (on lon/lat with
    /// coastlines).
    #[arg(long, default_value = "timeseries")]
    pub kind: String,
    /// Reproduce ACT's defaults where atmokit deliberately differs: mesh colour limits at the
    /// data's min and max, wind-rose speed classes of equal width up to the maximum, meshes
    /// stretched across data gaps, QC flag runs without a minimum width, contour maps
    /// interpolated with a cubic Rbf.
    #[arg(long)]
    pub act_compat: bool,
    /// Wind barbs over every mesh from `SPEED,DIRECTION` variables (m/s, degrees) of the mesh's
    /// shape (wind profilers, sodar, Doppler lidar), drawn in knots.
    #[arg(long)]
    pub barbs: Option<String>,
    /// Wind barbs over every mesh from `U,V` component variables (eastward, northward; m/s or
    /// any speed unit), drawn in knots.
    #[arg(long)]
    pub barbs_uv: Option<String>,
    /// Arrows pointing downwind over every mesh, length proportional to speed, from `U,V`
    /// (or `SPEED,DIRECTION` when the second variable is a direction in degrees), with a
    /// reference arrow in m/s.
    #[arg(long)]
    pub quiver: Option<String>,
    /// Shade the first line panel's field down to `zero` or to another variable `VAR`
    /// (matplotlib `fill_between`).
    #[arg(long, conflicts_with = "std")]
    pub fill_between: Option<String>,
    /// Shade the first line panel's field ± one standard deviation from the variable `VAR`
    /// (e.g. `--var temp_mean --std temp_std`).
    #[arg(long)]
    pub std: Option<String>,
    /// Give every line panel the same value-axis limits (ACT `match_axes_ylimits`).
    #[arg(long)]
    pub match_ylimits: bool,
    /// Temperature range `low,high` (°C at 1000 hPa) of a skew-T.
    #[arg(long, allow_hyphen_values = true)]
    pub temp_range: Option<String>,
    /// Histogram bins of `--kind stairstep`: a count (`20`) or explicit edges (`-10,0,5,30`).
    #[arg(long, allow_hyphen_values = true)]
    pub bins: Option<String>,
    /// Plot probability density instead of counts (`--kind stairstep`).
    #[arg(long)]
    pub density: bool,
    /// The sample nearest this time (`2022-08-01T22:05`) for `--kind size-distribution`; for
    /// `--kind pie` a range `START,END` (inclusive) of times averaged.
    #[arg(long)]
    pub time: Option<String>,
    /// `--kind pie`: values not above this become 0 before averaging (ACT's `threshold`).
    #[arg(long, allow_hyphen_values = true)]
    pub threshold: Option<f64>,
    /// x-axis range `low,high` of the distribution kinds (ACT's `set_xrng`); for time series a
    /// time range `START,END` (`2019-01-01T06:00,2019-01-01T12:00`).
    #[arg(long, allow_hyphen_values = true)]
    pub xrange: Option<String>,
    /// One subplot per `year`, `month`, `day` or `hour` of the (single) panel's data, in a grid
    /// of `--columns` columns (ACT's `group_by` + `plot_group`); `--match-ylimits` gives them one
    /// value range.
    #[arg(long)]
    pub group_by: Option<String>,
    /// Columns of the `--group-by` grid.
    #[arg(long, default_value_t = 1)]
    pub columns: usize,
    /// Grid points `TIMES,LEVELS` of `--kind time-height-xsection` (ACT's `num_time_periods`,
    /// `num_y_levels`; default 20,20).
    #[arg(long)]
    pub grid: Option<String>,
    /// x dimension of `--kind xsection` / `xsection-map`.
    #[arg(long)]
    pub x: Option<String>,
    /// y dimension of `--kind xsection` / `xsection-map`.
    #[arg(long)]
    pub y: Option<String>,
    /// Fix other dimensions of `--kind xsection` by index: `time=5,height=0`.
    #[arg(long)]
    pub isel: Option<String>,
    /// Fix other dimensions of `--kind xsection` at the nearest coordinate value: `height=1500`.
    #[arg(long, allow_hyphen_values = true)]
    pub sel: Option<String>,
}

/// Build the plot specification from the arguments (no file access).
pub fn spec(args: &Args) -> Result<PlotSpec> {
    Ok(PlotSpec {
        vars: match &args.vars {
            Some(v) => parse_vars(v)?,
            None => vec!["labels".to_string()],
        },
        qc: args.qc,
        day_night: args.day_night,
        yrange: args.yrange.as_deref().map(|t| parse_range("--yrange", t)).transpose()?,
        vrange: args.vrange.as_deref().map(|t| parse_range("--vrange", t)).transpose()?,
        cmap: Colormap::parse(&args.cmap)?,
        log: args.log,
        title: args.title.clone(),
        secondary: args.secondary.clone(),
        overlay: args.overlay.as_deref().map(parse_vars).transpose()?.unwrap_or_default(),
        aggregate: Aggregate::parse(&args.aggregate)?,
        act_compat: args.act_compat,
        barbs: args
            .barbs
            .as_deref()
            .map(|t| parse_pair("--barbs", "SPEED,DIRECTION", t))
            .transpose()?,
        barbs_uv: args
            .barbs_uv
            .as_deref()
            .map(|t| parse_pair("--barbs-uv", "U,V", t))
            .transpose()?,
        quiver: args
            .quiver
            .as_deref()
            .map(|t| parse_pair("--quiver", "U,V", t))
            .transpose()?,
        band: match (&args.fill_between, &args.std) {
            (Some(z), _) if z.trim().eq_ignore_ascii_case("zero") || z.trim() == "0" => Some(Band::ToZero),
            (Some(v), _) => Some(Band::Between(v.trim().to_string())),
            (None, Some(s)) => Some(Band::StdDev {
                std: s.trim().to_string(),
                k: 1.0,
            }),
            (None, None) => None,
        },
    })
}

/// The two variables of `--barbs`, `--barbs-uv` or `--quiver`.
fn parse_pair(flag: &str, what: &str, text: &str) -> Result<(String, String)> {
    match parse_vars(text)?.as_slice() {
        [a, b] => Ok((a.clone(), b.clone())),
        _ => bail!("{flag}: expected {what} (two variables), got '{text}'"),
    }
}

pub(crate) fn save<F: atmokit_plot::Figure>(fig: &F, args: &Args, out: &OutputOptions) -> Result<()> {
    atmokit_plot::save_with(fig, &args.out, out).with_context(|| format!("plotting to {}", args.out.display()))?;
    eprintln!("wrote {}", args.out.display());
    Ok(())
}

fn height(args: &Args) -> u32 {
    args.panel_height.max(args.width * 2 / 3)
}

fn run_tracks(args: &Args, spec: &PlotSpec, out: &OutputOptions) -> Result<()> {
    let first = &args.files[0];
    let is_csv = first.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut map = if is_csv {
        if args.files.len() > 1 {
            bail!("--tracks: give one tracks CSV, got {} files", args.files.len());
        }
        let text = std::fs::read_to_string(first).with_context(|| format!("reading {}", first.display()))?;
        TrackMap::new(tracks_from_csv(&text).with_context(|| first.display().to_string())?)
    } else {
        let ds = open(&args.files, &Default::default())?;
        TrackMap::from_labels(&ds, &spec.vars[0])?
    };
    map = map.with_size(args.width, height(args));
    if let Some(t) = &spec.title {
        map = map.title(t);
    }
    save(&map, args, out)
}

/// Run `atmokit plot`.
pub fn run(args: &Args, out: &OutputOptions) -> Result<()> {
    let kind = kinds::Kind::parse(&args.kind)?;
    let spec = spec(args)?;
    atmokit_plot::Format::from_path(&args.out)?;
    let mut inputs = super::paths(&args.files);
    let mask = args.land_mask.as_deref().map(|t| parse_file_var(t, "mask").0);
    inputs.extend(mask.as_deref());
    super::check_outputs(&[&args.out], &inputs, out)?;
    if args.tracks {
        return run_tracks(args, &spec, out);
    }
    if kind == kinds::Kind::Contour {
        return plot_contour::run(args, out);
    }
    let ds = open(&args.files, &Default::default())?;
    if kind != kinds::Kind::Timeseries {
        return kinds::run(kind, &ds, args, out);
    }
    if spec.vars.len() == 1 && is_grid_map(&ds, &spec.vars[0]) {
        let mut map =
            grid_map(&ds, &spec.vars[0], args.time_index, spec.cmap, spec.vrange)?.with_size(args.width, height(args));
        if let Some(text) = &args.land_mask {
            let (path, var) = parse_file_var(text, "mask");
            let mask_ds = open(&[path], &Default::default())?;
            map = match map {
                GridMap::Labels(m) => GridMap::Labels(m.land_mask(&mask_ds, &var)?),
                GridMap::Field(_) => bail!("--land-mask applies to label maps; '{}' is a field", spec.vars[0]),
            };
        }
        if let Some(t) = &spec.title {
            map = map.title(t);
        }
        return save(&map, args, out);
    }
    let mut fig = TimeSeriesDisplay::new(&ds)
        .with_size(args.width, args.panel_height)
        .match_axes_ylimits(args.match_ylimits);
    if let Some(text) = &args.xrange {
        let (a, b) = text
            .split_once(',')
            .with_context(|| format!("--xrange: expected START,END times, got '{text}'"))?;
        let parse = |s: &str| {
            atmokit_core::time::parse_datetime(s.trim())
                .with_context(|| format!("--xrange: '{}' is not a time", s.trim()))
        };
        let (t0, t1) = (parse(a)?, parse(b)?);
        if t1 <= t0 {
            bail!("--xrange: the end {b} is not after the start {a}");
        }
        fig = fig.xrange_ns(t0, t1);
    }
    let panels = spec.panels(&ds)?;
    if let Some(by) = &args.group_by {
        let [p] = panels.as_slice() else {
            bail!(
                "--group-by draws one panel per group; give one variable (got {} panels)",
                panels.len()
            );
        };
        let fig = GroupedDisplay::new(&ds, p.clone(), GroupBy::parse(by)?)?
            .columns(args.columns)
            .share_limits(args.match_ylimits)
            .with_size(args.width, args.panel_height);
        return save(&fig, args, out);
    }
    for p in panels {
        fig = fig.panel(p);
    }
    save(&fig, args, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(argv: &[&str]) -> Args {
        Cli::parse_from(std::iter::once("plot").chain(argv.iter().copied())).args
    }

    #[test]
    fn group_by_day_and_time_height_xsection_of_six_sondes() {
        let oracle = std::env::var("ATMOKIT_ORACLE").map_or_else(
            |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"),
            PathBuf::from,
        );
        let files: Vec<String> = [
            "20060121.051500",
            "20060121.111600",
            "20060121.171600",
            "20060121.231600",
            "20060122.052600",
            "20060123.111700",
        ]
        .iter()
        .map(|d| {
            oracle
                .join(format!("data/twpsondewnpnC3.b1.{d}.custom.cdf"))
                .display()
                .to_string()
        })
        .collect();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("g.svg");
        let o = out.to_str().unwrap();
        let mut argv: Vec<&str> = files.iter().map(String::as_str).collect();
        argv.extend(["--var", "tdry", "--group-by", "day", "--columns", "2", "--out", o]);
        run(&parse(&argv), &OutputOptions::default()).unwrap();
        let svg = std::fs::read_to_string(&out).unwrap();
        for d in ["21", "22", "23"] {
            assert!(
                svg.contains(&format!("twpsondewnpnC3.b1 tdry on 2006-01-{d}")),
                "day {d}"
            );
        }
        argv.truncate(files.len());
        argv.extend(["--var", "tdry", "--group-by", "week", "--out", o]);
        let e = run(&parse(&argv), &OutputOptions::default()).unwrap_err();
        assert!(format!("{e:#}").contains("year, month, day or hour"), "{e:#}");
        argv.truncate(files.len());
        argv.extend([
            "--kind",
            "time-height-xsection",
            "--var",
            "tdry,pres",
            "--grid",
            "10,15",
            "--out",
            o,
        ]);
        run(&parse(&argv), &OutputOptions::default()).unwrap();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("pres (hPa)") && svg.contains("tdry (C)"));
        argv.truncate(files.len());
        argv.extend([
            "--kind",
            "time-height-xsection",
            "--var",
            "tdry,pres",
            "--grid",
            "0,5",
            "--out",
            o,
        ]);
        let e = run(&parse(&argv), &OutputOptions::default()).unwrap_err();
        assert!(format!("{e:#}").contains("--grid"), "{e:#}");
    }

    #[test]
    fn xsection_of_the_sst_cube() {
        let cube = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/sst_cube.nc");
        let c = cube.to_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.svg");
        let o = out.to_str().unwrap();
        let ok = |argv: &[&str]| run(&parse(argv), &OutputOptions::default());
        ok(&[
            c,
            "--kind",
            "xsection-map",
            "--var",
            "sst",
            "--isel",
            "time=6",
            "--out",
            o,
        ])
        .unwrap();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(
            svg.contains("sst at time=2000-07-15 00:00 UTC") && svg.contains("lat (degrees_north)"),
            "title and axis"
        );
        ok(&[
            c,
            "--kind",
            "xsection",
            "--var",
            "sst",
            "--x",
            "lat",
            "--y",
            "time",
            "--sel",
            "lon=-150.2",
            "--out",
            o,
        ])
        .unwrap();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("sst at lon=-151"), "nearest longitude in the title");
        let e = ok(&[
            c, "--kind", "xsection", "--var", "sst", "--x", "lat", "--y", "lon", "--out", o,
        ])
        .unwrap_err();
        assert!(format!("{e:#}").contains("fix dimension 'time'"), "{e:#}");
        let e = ok(&[c, "--kind", "xsection", "--var", "sst", "--out", o]).unwrap_err();
        assert!(format!("{e:#}").contains("--x DIM --y DIM"), "{e:#}");
        if let Ok(g) = std::env::var("ATMOKIT_GALLERY") {
            let png = PathBuf::from(g).join("sst_xsection_map.png");
            let p = png.to_str().unwrap();
            ok(&[
                c,
                "--kind",
                "xsection-map",
                "--var",
                "sst",
                "--isel",
                "time=6",
                "--width",
                "900",
                "--out",
                p,
            ])
            .unwrap();
        }
    }

    #[test]
    fn maps_and_tracks_of_a_tracked_cube() {
        let dir = tempfile::tempdir().unwrap();
        let cube = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sst_cube.nc");
        let ds = atmokit_netcdf::read_arm_netcdf(&[&cube], &Default::default()).unwrap();
        let opts = atmokit_track::pipeline::TrackOptions {
            radius: 3,
            ..Default::default()
        };
        let r = atmokit_track::pipeline::track_dataset(&ds, "sst", Some("mask"), &opts).unwrap();
        let labels = dir.path().join("labels.nc");
        let out = r.to_dataset(["time", "lat", "lon"]).unwrap();
        atmokit_netcdf::write_netcdf(&out, &labels, &Default::default()).unwrap();
        let csv = dir.path().join("labels_tracks.csv");
        std::fs::write(&csv, r.tracks_csv()).unwrap();
        let (l, c, cb) = (labels.to_str().unwrap(), csv.to_str().unwrap(), cube.to_str().unwrap());
        let png = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
        let mask = format!("{cb}:mask");
        for (argv, name) in [
            (
                vec![l, "--var", "labels", "--time-index", "12", "--land-mask", &mask],
                "map.png",
            ),
            (vec![l, "--tracks"], "tracks.png"),
            (vec![c, "--tracks", "--width", "800"], "tracks_csv.png"),
            (vec![cb, "--var", "sst", "--time-index", "3"], "sst.png"),
        ] {
            let out = png(name);
            let mut a = argv.clone();
            a.extend(["--out", out.as_str()]);
            run(&parse(&a), &OutputOptions::default()).unwrap_or_else(|e| panic!("{argv:?}: {e:#}"));
            let bytes = std::fs::read(&out).unwrap();
            let (w, h) = atmokit_plot::png_size(&bytes).unwrap();
            assert!(w >= 800 && h >= 500, "{name}: {w}x{h}");
        }
        let out = png("bad.png");
        let e = run(
            &parse(&[l, "--var", "labels", "--time-index", "60", "--out", &out]),
            &OutputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("labels") && e.contains("60"), "{e}");
        // --var is required unless --tracks.
        assert!(Cli::try_parse_from(["plot", l, "--out", "x.png"]).is_err());
    }

    #[test]
    fn sodar_barbs_from_u_v_and_quiver_state_their_units() {
        let oracle = std::env::var("ATMOKIT_ORACLE").map_or_else(
            |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"),
            PathBuf::from,
        );
        let sodar = oracle.join("data/sodar.20230404.mnd");
        assert!(sodar.exists(), "oracle file missing: {}", sodar.display());
        let dir = tempfile::tempdir().unwrap();
        let s = sodar.to_str().unwrap();
        let texts = |svg: &str| -> Vec<String> {
            svg.split("<text")
                .skip(1)
                .filter_map(|t| t.split_once('>'))
                .filter_map(|(_, r)| r.split_once("</text>"))
                .map(|(t, _)| t.trim().to_string())
                .collect()
        };
        for (k, (flag, pair, caption)) in [
            (
                "--barbs-uv",
                "U,V",
                "barbs in knots: half 5 kt, full 10 kt, pennant 50 kt",
            ),
            (
                "--barbs",
                "speed,dir",
                "barbs in knots: half 5 kt, full 10 kt, pennant 50 kt",
            ),
            ("--quiver", "U,V", "arrows: "),
            ("--quiver", "speed,dir", "arrows: "),
        ]
        .into_iter()
        .enumerate()
        {
            let out = dir.path().join(format!("w{k}.svg"));
            let o = out.to_str().unwrap();
            run(
                &parse(&[s, "--var", "speed", flag, pair, "--vrange", "0,20", "--out", o]),
                &OutputOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{flag} {pair}: {e:#}"));
            let svg = std::fs::read_to_string(&out).unwrap();
            let t = texts(&svg);
            // Barbs state knots; arrows a 1-2-5 reference speed in m/s.
            let ok = |x: &String| {
                x == caption
                    || x.strip_prefix(caption)
                        .and_then(|r| r.strip_suffix(" m/s"))
                        .is_some_and(|n| ["1", "2", "5", "10", "20"].contains(&n))
            };
            assert!(t.iter().any(ok), "{flag} {pair}: {t:?}");
            assert!(t.iter().any(|x| x.starts_with("speed")), "{flag}: colorbar label {t:?}");
            if let Ok(g) = std::env::var("ATMOKIT_GALLERY")
                && flag == "--barbs-uv"
            {
                let png = std::path::PathBuf::from(g).join("sodar_speed_barbs_uv.png");
                run(
                    &parse(&[
                        s,
                        "--var",
                        "speed",
                        flag,
                        pair,
                        "--vrange",
                        "0,20",
                        "--out",
                        png.to_str().unwrap(),
                    ]),
                    &OutputOptions::default(),
                )
                .unwrap();
            }
        }
        // Two wind layers at once are refused; a missing component is named.
        let out = dir.path().join("x.png");
        let o = out.to_str().unwrap();
        let e = run(
            &parse(&[s, "--var", "speed", "--barbs-uv", "U,V", "--quiver", "U,V", "--out", o]),
            &OutputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("--quiver"), "{e}");
        let e = run(
            &parse(&[s, "--var", "speed", "--barbs-uv", "U,Vx", "--out", o]),
            &OutputOptions::default(),
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("Vx"), "{e:#}");
    }
}
