//! `atmokit plot --kind skewt|hodograph|windrose`: the sounding and wind displays of
//! atmokit-plot from the command line (ACT's `SkewTDisplay`, `SkewTDisplay.plot_hodograph` and
//! `WindRoseDisplay`).

use super::{Args, save};
use anyhow::{Result, bail};
use atmokit_core::Dataset;
use atmokit_core::output::OutputOptions;
use atmokit_plot::Colormap;
use atmokit_plot::geo_track::GeographicPlotDisplay;
use atmokit_plot::hodograph::Hodograph;
use atmokit_plot::skewt::SkewT;
use atmokit_plot::skewt_enhanced::EnhancedSkewT;
use atmokit_plot::spec::{parse_range, parse_vars};
use atmokit_plot::time_height_regrid::TimeHeightFrom1d;
use atmokit_plot::windrose::WindRose;
use atmokit_plot::xsection::XSectionDisplay;

/// What `atmokit plot` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Time-series panels (lines, meshes, QC flag blocks) or a map.
    Timeseries,
    /// Skew-T log-p diagram of a sounding.
    Skewt,
    /// Skew-T, hodograph and stability indices in one figure.
    SkewtEnhanced,
    /// Hodograph of a wind profile.
    Hodograph,
    /// Wind rose.
    Windrose,
    /// A ship, sonde or aircraft track on a map with coastlines (`--var lat,lon[,value]`).
    Map,
    /// Size spectrum as stairs (`--var field,bins`).
    SizeDistribution,
    /// Histogram drawn as stairs (`--var field[,sortby]`).
    Stairstep,
    /// Pie chart of the fields' mean shares (`--var a,b,c`).
    Pie,
    /// A 1-D field as dots at (time, height) coloured by value (`--var field,alt`).
    TimeHeightScatter,
    /// A 1-D field regridded by nearest neighbour onto a time × level grid (`--var
    /// field,pres`, `--grid TIMES,LEVELS`; ACT's `plot_time_height_xsection_from_1d_data`).
    TimeHeightXsection,
    /// A 2-D slice of N-D data (`--var field --x DIM --y DIM --isel dim=i --sel dim=value`).
    Xsection,
    /// [`Kind::Xsection`] on longitude and latitude with coastlines (`--x`/`--y` default to
    /// `lon`/`lat`).
    XsectionMap,
    /// Station values interpolated onto a lon/lat grid (one station per file, `--var field
    /// --time T`).
    Contour,
}

impl Kind {
    /// Parse a `--kind` value; the error lists the known kinds.
    pub fn parse(text: &str) -> Result<Kind> {
        Ok(match text.to_ascii_lowercase().as_str() {
            "timeseries" => Kind::Timeseries,
            "skewt" | "skew-t" => Kind::Skewt,
            "skewt-enhanced" | "enhanced-skewt" => Kind::SkewtEnhanced,
            "hodograph" => Kind::Hodograph,
            "windrose" | "wind-rose" => Kind::Windrose,
            "map" => Kind::Map,
            "size-distribution" | "size_distribution" => Kind::SizeDistribution,
            "stairstep" => Kind::Stairstep,
            "pie" => Kind::Pie,
            "time-height-scatter" | "time_height_scatter" => Kind::TimeHeightScatter,
            "time-height-xsection" | "time_height_xsection" => Kind::TimeHeightXsection,
            "xsection" => Kind::Xsection,
            "xsection-map" | "xsection_map" => Kind::XsectionMap,
            "contour" => Kind::Contour,
            _ => bail!(
                "--kind '{text}': known kinds are timeseries, skewt, skewt-enhanced, hodograph, windrose, map, size-distribution, stairstep, pie, time-height-scatter, time-height-xsection, xsection, xsection-map, contour"
            ),
        })
    }
}

/// `dim=value` pairs of `--isel` / `--sel`, comma-separated.
fn dim_values(flag: &str, text: Option<&str>) -> Result<Vec<(String, f64)>> {
    let Some(text) = text else { return Ok(Vec::new()) };
    text.split(',')
        .map(|kv| {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| anyhow::anyhow!("{flag}: expected dim=value, got '{kv}'"))?;
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("{flag}: '{}' is not a number", v.trim()))?;
            Ok((k.trim().to_string(), v))
        })
        .collect()
}

/// The `--var` names of a display: `defaults.len()` to `max` names, or `defaults` themselves
/// when `--var` is absent and `use_defaults` is set.
fn names(args: &Args, kind: &str, defaults: &[&str], use_defaults: bool, max: usize) -> Result<Vec<String>> {
    let v = match &args.vars {
        Some(v) => parse_vars(v)?,
        None if use_defaults => defaults.iter().map(|s| s.to_string()).collect(),
        None => bail!("--kind {kind}: give --var {}", defaults.join(",")),
    };
    if v.len() < defaults.len() || v.len() > max {
        bail!(
            "--kind {kind}: --var takes {} to {max} names (like {}), got {}",
            defaults.len(),
            defaults.join(","),
            v.len()
        );
    }
    Ok(v)
}

/// Draw `kind` of `ds` to `args.out`.
pub fn run(kind: Kind, ds: &Dataset, args: &Args, out: &OutputOptions) -> Result<()> {
    let w = args.width;
    match kind {
        Kind::Timeseries | Kind::Contour => bail!("--kind {} is drawn by `atmokit plot` itself", args.kind),
        Kind::Skewt | Kind::SkewtEnhanced => {
            let v = names(args, "skewt", &["pres", "tdry", "dp", "wspd", "deg"], true, 5)?;
            let mut sk = SkewT::new(ds, &v[0], &v[1], &v[2], &v[3], &v[4])
                .with_size(w, w * 8 / 9)
                .act_compat(args.act_compat);
            if let Some(r) = &args.yrange {
                let (top, bottom) = parse_range("--yrange", r)?;
                sk = sk.pressure_range(top, bottom);
            }
            if let Some(r) = &args.temp_range {
                let (lo, hi) = parse_range("--temp-range", r)?;
                sk = sk.temperature_range(lo, hi);
            }
            if kind == Kind::Skewt {
                return save(&sk, args, out);
            }
            let fig = EnhancedSkewT::new(ds, &v[0], &v[1], &v[2], &v[3], &v[4])
                .map_skewt(|_| sk)
                .with_size(w.max(1000), w.max(1000) * 4 / 7);
            save(&fig, args, out)
        }
        Kind::TimeHeightScatter => {
            let v = names(args, "time-height-scatter", &["tdry", "alt"], false, 2)?;
            let mut p = atmokit_plot::Panel::new(&v[0])
                .time_height_scatter(&v[1])
                .cmap(Colormap::parse(&args.cmap)?)
                .act_compat(args.act_compat);
            p.yrange = args.yrange.as_deref().map(|t| parse_range("--yrange", t)).transpose()?;
            p.vrange = args.vrange.as_deref().map(|t| parse_range("--vrange", t)).transpose()?;
            p.title.clone_from(&args.title);
            let fig = atmokit_plot::TimeSeriesDisplay::new(ds)
                .panel(p)
                .with_size(w, args.panel_height.max(400));
            save(&fig, args, out)
        }
        Kind::TimeHeightXsection => {
            let v = names(args, "time-height-xsection", &["tdry", "pres"], false, 2)?;
            let (nt, ny) = match &args.grid {
                Some(g) => {
                    let (a, b) = parse_range("--grid", g)?;
                    if a.fract() != 0.0 || b.fract() != 0.0 || a < 1.0 || b < 1.0 {
                        bail!("--grid: expected two positive whole numbers TIMES,LEVELS, got '{g}'");
                    }
                    (a as usize, b as usize)
                }
                None => (20, 20),
            };
            let vrange = args.vrange.as_deref().map(|t| parse_range("--vrange", t)).transpose()?;
            let mut fig = TimeHeightFrom1d::new(ds, &v[0], &v[1], nt, ny)?
                .colors(Colormap::parse(&args.cmap)?, vrange)
                .with_size(w, args.panel_height.max(400));
            if let Some(t) = &args.title {
                fig = fig.title(t);
            }
            save(&fig, args, out)
        }
        Kind::Xsection | Kind::XsectionMap => {
            let v = names(args, "xsection", &["field"], false, 1)?;
            let map = kind == Kind::XsectionMap;
            let (x, y) = match (&args.x, &args.y, map) {
                (Some(x), Some(y), _) => (x.as_str(), y.as_str()),
                (x, y, true) => (x.as_deref().unwrap_or("lon"), y.as_deref().unwrap_or("lat")),
                _ => bail!("--kind xsection: give the axes with --x DIM --y DIM"),
            };
            let mut fig = XSectionDisplay::new(ds, &v[0], x, y).map(map);
            for (dim, i) in dim_values("--isel", args.isel.as_deref())? {
                if i.fract() != 0.0 || i < 0.0 {
                    bail!("--isel: {dim}={i} is not an index");
                }
                fig = fig.isel(&dim, i as usize);
            }
            for (dim, value) in dim_values("--sel", args.sel.as_deref())? {
                fig = fig.sel(&dim, value);
            }
            let vrange = args.vrange.as_deref().map(|t| parse_range("--vrange", t)).transpose()?;
            fig = fig
                .colors(Colormap::parse(&args.cmap)?, vrange)
                .with_size(w, args.panel_height.max(w * 2 / 3));
            if let Some(t) = &args.title {
                fig = fig.title(t);
            }
            save(&fig, args, out)
        }
        Kind::Hodograph => {
            let v = names(args, "hodograph", &["wspd", "deg"], true, 3)?;
            let mut h = Hodograph::new(ds, &v[0], &v[1]).with_size(w, w);
            if let Some(c) = v.get(2) {
                h = h.color_by(c);
            }
            save(&h, args, out)
        }
        Kind::Windrose => {
            let v = names(args, "windrose", &["wdir", "wspd"], false, 2)?;
            let rose = WindRose::new(ds, &v[0], &v[1])
                .with_size(w, w * 5 / 6)
                .act_compat(args.act_compat);
            save(&rose, args, out)
        }
        Kind::Map => {
            let v = names(args, "map", &["lat", "lon"], true, 3)?;
            let mut map = GeographicPlotDisplay::new(ds, &v[0], &v[1], v.get(2).map(String::as_str))?
                .with_size(w, w * 7 / 9)
                .cmap(Colormap::parse(&args.cmap)?);
            if let Some(r) = &args.vrange {
                let (lo, hi) = parse_range("--vrange", r)?;
                map = map.vrange(lo, hi);
            }
            if let Some(t) = &args.title {
                map = map.title(t);
            }
            save(&map, args, out)
        }
        Kind::SizeDistribution | Kind::Stairstep | Kind::Pie => super::plot_dists::run(kind, ds, args, out),
    }
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

    fn oracle(name: &str) -> String {
        let dir = std::env::var("ATMOKIT_ORACLE").map_or_else(
            |_| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/oracle"),
            std::path::PathBuf::from,
        );
        let p = dir.join("data").join(name);
        p.to_str().unwrap().to_string()
    }

    fn svg_of(argv: &[&str]) -> Result<String> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p.svg");
        let mut a: Vec<&str> = vec!["plot"];
        a.extend(argv);
        a.extend(["--out", out.to_str().unwrap()]);
        let args = Cli::try_parse_from(a)?.args;
        plot(&args, &OutputOptions::default())?;
        Ok(std::fs::read_to_string(&out)?)
    }

    #[test]
    fn sounding_and_wind_kinds_from_the_command_line() {
        let sonde = oracle("sgpsondewnpnC1.b1.20190101.053200.cdf");
        let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
        let svg = svg_of(&[
            &sonde,
            "--kind",
            "skewt",
            "--yrange",
            "100,1050",
            "--temp-range",
            "-40,50",
        ])
        .unwrap();
        assert!(
            svg.contains("skew-T log-p, launch 2019-01-01 05:32 UTC"),
            "skew-T title"
        );
        assert!(
            svg.contains(">\n-40\n<") || svg.contains(">-40<"),
            "temperature range override"
        );
        let svg = svg_of(&[&sonde, "--kind", "skewt-enhanced", "--width", "1400"]).unwrap();
        assert!(svg.contains("Stability indices (surface parcel)"), "enhanced layout");
        let svg = svg_of(&[&sonde, "--kind", "hodograph", "--var", "wspd,deg,alt"]).unwrap();
        assert!(svg.contains("hodograph, 2019-01-01 05:32 UTC"));
        let svg = svg_of(&[&met, "--kind", "windrose", "--var", "wdir_vec_mean,wspd_vec_mean"]).unwrap();
        assert!(svg.contains("wind rose of wdir_vec_mean and wspd_vec_mean on 20190101"));
        // Errors name the option.
        let e = svg_of(&[&met, "--kind", "windrose"]).unwrap_err().to_string();
        assert!(e.contains("--kind windrose") && e.contains("--var"), "{e}");
        let e = svg_of(&[&met, "--kind", "pies", "--var", "x"]).unwrap_err().to_string();
        assert!(
            e.contains("pies") && e.contains("skewt") && e.contains("size-distribution"),
            "{e}"
        );
        let e = svg_of(&[&sonde, "--kind", "skewt", "--var", "pres,tdry"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("5 to 5"), "{e}");
    }

    #[test]
    fn composition_options_from_the_command_line() {
        let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
        let ceil = oracle("sgpceilC1.b1.20190101.000000.nc");
        let svg = svg_of(&[
            &met,
            "--var",
            "wspd_vec_mean+wspd_arith_mean,temp_mean",
            "--secondary",
            "rh_mean",
        ])
        .unwrap();
        assert!(
            svg.contains("wspd_vec_mean, wspd_arith_mean (m/s)"),
            "two variables in one panel"
        );
        assert!(svg.contains("rh_mean (right)"), "secondary axis legend");
        let svg = svg_of(&[
            &ceil,
            "--var",
            "backscatter",
            "--overlay",
            "first_cbh",
            "--aggregate",
            "max",
        ])
        .unwrap();
        assert!(svg.contains("first_cbh"), "overlay legend");
        let e = svg_of(&[&ceil, "--var", "backscatter", "--aggregate", "median"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("median"), "{e}");
        let e = svg_of(&[&ceil, "--var", "backscatter", "--barbs", "backscatter"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--barbs"), "{e}");
        // Barbs need a speed: backscatter's units are refused, naming them (barbs drawn from
        // real winds are tested on the sodar file).
        let e = format!(
            "{:#}",
            svg_of(&[&ceil, "--var", "backscatter", "--barbs", "backscatter,backscatter"]).unwrap_err()
        );
        assert!(e.contains("not a speed"), "{e}");
        let e = svg_of(&[&met, "--var", "temp_mean+nope"]).unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn ship_track_map_from_the_marcus_navigation_file() {
        let nav = oracle("marnavM1.a1.20180201.000000.nc");
        let svg = svg_of(&[&nav, "--kind", "map", "--var", "lat,lon,yaw"]).unwrap();
        assert!(
            svg.contains("marnavM1.a1 yaw along the track, 2018-02-01 08:44 UTC to 2018-02-01 23:59 UTC"),
            "title with datastream and times"
        );
        assert!(svg.contains("yaw (degree)") && svg.contains("Latitude (degrees_north)"));
        let e = svg_of(&[&nav, "--kind", "map", "--var", "lat"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("lat,lon"), "{e}");
        // The pixels: the box and a track point where the file puts the first fix.
        let ds = atmokit_netcdf::read_arm_netcdf(&[&nav], &Default::default()).unwrap();
        let map = GeographicPlotDisplay::new(&ds, "lat", "lon", Some("yaw")).unwrap();
        let ((x0, x1), (y0, y1)) = map.range();
        // Track: lat −67.60…−67.30, lon 62.84…62.95 → a 1° square (the minimum) + 8 % a side.
        assert!((x1 - x0 - 1.16).abs() < 1e-9 && (y1 - y0 - 1.16).abs() < 1e-9);
        assert!(x0 < 62.84 && x1 > 62.95 && y0 < -67.60 && y1 > -67.30);
        let img = atmokit_plot::render_rgb(&map).unwrap();
        let g = map.layout().unwrap();
        let lat = ds.values_f64("lat").unwrap();
        let lon = ds.values_f64("lon").unwrap();
        let (x, y) = g.to_pixel(lon[0], lat[0]);
        let px = img.pixel(x as u32, y as u32).unwrap();
        assert!(
            px != [255, 255, 255] && px != [215, 215, 215],
            "a track point at the first fix: {px:?}"
        );
        // No track point in the box's corner, far from the track.
        let (x, y) = g.to_pixel(x0 + 0.02, y0 + 0.02);
        assert_eq!(img.pixel(x as u32, y as u32), Some([255, 255, 255]));
    }

    #[test]
    fn time_height_scatter_of_the_sonde_from_the_command_line() {
        let sonde = oracle("sgpsondewnpnC1.b1.20190101.053200.cdf");
        let svg = svg_of(&[
            &sonde,
            "--kind",
            "time-height-scatter",
            "--var",
            "tdry,alt",
            "--vrange",
            "-70,10",
        ])
        .unwrap();
        assert!(svg.contains("sgpsondewnpnC1.b1 tdry on 20190101"), "title");
        assert!(
            svg.contains("alt (m)") && svg.contains("tdry (C)"),
            "height axis and colorbar"
        );
        if let Ok(g) = std::env::var("ATMOKIT_GALLERY") {
            let out = std::path::PathBuf::from(g).join("sonde_tdry_time_height_scatter.png");
            let a = Cli::try_parse_from([
                "plot",
                &sonde,
                "--kind",
                "time-height-scatter",
                "--var",
                "tdry,alt",
                "--out",
                out.to_str().unwrap(),
            ])
            .unwrap()
            .args;
            plot(&a, &OutputOptions::default()).unwrap();
        }
        let e = svg_of(&[&sonde, "--kind", "time-height-scatter"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("--var tdry,alt"), "{e}");
        let e = format!(
            "{:#}",
            svg_of(&[&sonde, "--kind", "time-height-scatter", "--var", "tdry,nope"]).unwrap_err()
        );
        assert!(e.contains("nope"), "{e}");
    }

    #[test]
    fn fill_between_and_std_bands_from_the_command_line() {
        let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
        let svg = svg_of(&[&met, "--var", "rh_mean", "--std", "rh_std"]).unwrap();
        assert!(svg.contains("rh_mean ± rh_std"), "std band legend");
        let svg = svg_of(&[
            &met,
            "--var",
            "wspd_arith_mean+wspd_vec_mean",
            "--fill-between",
            "wspd_vec_mean",
        ])
        .unwrap();
        assert!(svg.contains("wspd_arith_mean to wspd_vec_mean"), "fill-between legend");
        let svg = svg_of(&[&met, "--var", "temp_mean", "--fill-between", "zero"]).unwrap();
        assert!(svg.contains("temp_mean to 0"));
        if let Ok(g) = std::env::var("ATMOKIT_GALLERY") {
            let out = std::path::PathBuf::from(g).join("met_rh_std_band.png");
            let a = Cli::try_parse_from([
                "plot",
                &met,
                "--var",
                "rh_mean",
                "--std",
                "rh_std",
                "--out",
                out.to_str().unwrap(),
            ])
            .unwrap()
            .args;
            plot(&a, &OutputOptions::default()).unwrap();
        }
        // Both at once are refused by the parser; a band on a mesh only is an error naming it.
        assert!(
            svg_of(&[
                &met,
                "--var",
                "temp_mean",
                "--std",
                "temp_std",
                "--fill-between",
                "zero"
            ])
            .is_err()
        );
        let ceil = oracle("sgpceilC1.b1.20190101.000000.nc");
        let e = format!(
            "{:#}",
            svg_of(&[&ceil, "--var", "backscatter", "--std", "first_cbh"]).unwrap_err()
        );
        assert!(e.contains("--std"), "{e}");
    }

    #[test]
    fn time_range_and_matched_y_limits_from_the_command_line() {
        let met = oracle("sgpmetE13.b1.20190101.000000.cdf");
        let texts = |svg: &str| -> Vec<String> {
            svg.split("<text")
                .skip(1)
                .filter_map(|t| t.split_once('>'))
                .filter_map(|(_, r)| r.split_once("</text>"))
                .map(|(t, _)| t.trim().to_string())
                .collect()
        };
        // Temperature (−6…2 °C) and RH (65…87 %): alone, the temperature panel has no tick at 80;
        // with matched limits both panels span −6…87 and both show 80.
        let t = texts(&svg_of(&[&met, "--var", "temp_mean,rh_mean"]).unwrap());
        assert_eq!(t.iter().filter(|x| *x == "80").count(), 1, "{t:?}");
        let t = texts(&svg_of(&[&met, "--var", "temp_mean,rh_mean", "--match-ylimits"]).unwrap());
        assert_eq!(t.iter().filter(|x| *x == "80").count(), 2, "{t:?}");
        // A time range: ticks inside it only.
        let t = texts(
            &svg_of(&[
                &met,
                "--var",
                "temp_mean",
                "--xrange",
                "2019-01-01T06:00,2019-01-01T12:00",
            ])
            .unwrap(),
        );
        assert!(t.iter().any(|x| x == "09:00"), "{t:?}");
        assert!(!t.iter().any(|x| x == "03:00" || x == "15:00"), "{t:?}");
        let e = format!(
            "{:#}",
            svg_of(&[
                &met,
                "--var",
                "temp_mean",
                "--xrange",
                "2019-01-01T12:00,2019-01-01T06:00"
            ])
            .unwrap_err()
        );
        assert!(e.contains("--xrange"), "{e}");
        let e = format!(
            "{:#}",
            svg_of(&[&met, "--var", "temp_mean", "--xrange", "noon,later"]).unwrap_err()
        );
        assert!(e.contains("noon"), "{e}");
    }
}
