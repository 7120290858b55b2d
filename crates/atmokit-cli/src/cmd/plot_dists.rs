//! `atmokit plot --kind size-distribution|stairstep|pie`: the distribution displays of
//! atmokit-plot from the command line (ACT's `DistributionDisplay.plot_size_distribution`,
//! `plot_stairstep` and `plot_pie_chart`).

use super::kinds::Kind;
use super::{Args, save};
use anyhow::{Context, Result, bail};
use atmokit_core::Dataset;
use atmokit_core::output::OutputOptions;
use atmokit_core::time::parse_datetime;
use atmokit_plot::histogram::HistogramPlot;
use atmokit_plot::pie::{PercentOptions, PieChart};
use atmokit_plot::size_distribution::SizeDistribution;
use atmokit_plot::spec::{parse_range, parse_vars};
use atmokit_plot::stairstep::StairstepPlot;

fn vars(args: &Args, kind: &str, example: &str) -> Result<Vec<String>> {
    match &args.vars {
        Some(v) => Ok(parse_vars(v)?),
        None => bail!("--kind {kind}: give --var {example}"),
    }
}

fn time_arg(text: &str) -> Result<i64> {
    parse_datetime(text.trim()).with_context(|| format!("--time '{text}'"))
}

/// Index range (half-open) of the times within `[start, end]` of `field`'s first dimension.
fn index_range(ds: &Dataset, field: &str, text: &str) -> Result<(usize, usize)> {
    let (a, b) = text
        .split_once(',')
        .with_context(|| format!("--time '{text}': --kind pie takes START,END"))?;
    let (a, b) = (time_arg(a)?, time_arg(b)?);
    let dim = ds
        .get(field)?
        .dims()
        .first()
        .cloned()
        .with_context(|| format!("--time: '{field}' is a scalar"))?;
    let t = ds
        .time_of(&dim)
        .with_context(|| format!("--time: '{field}' has no time coordinate"))?;
    let inside: Vec<usize> = (0..t.len()).filter(|&i| t[i] >= a && t[i] <= b).collect();
    match (inside.first(), inside.last()) {
        (Some(&i), Some(&j)) if j + 1 - i == inside.len() => Ok((i, j + 1)),
        (Some(_), Some(_)) => bail!("--time '{text}': the times of '{field}' are not sorted"),
        _ => bail!("--time '{text}': no sample of '{field}' in that range"),
    }
}

/// Draw a distribution `kind` of `ds` to `args.out`.
pub fn run(kind: Kind, ds: &Dataset, args: &Args, out: &OutputOptions) -> Result<()> {
    let w = args.width;
    let h = args.panel_height.max(200) * 5 / 3;
    let xr = args.xrange.as_deref().map(|t| parse_range("--xrange", t)).transpose()?;
    let yr = args.yrange.as_deref().map(|t| parse_range("--yrange", t)).transpose()?;
    match kind {
        Kind::SizeDistribution => {
            let v = vars(
                args,
                "size-distribution",
                "FIELD,BINS (e.g. number_density_drops,particle_size)",
            )?;
            let [field, bins] = v.as_slice() else {
                bail!(
                    "--kind size-distribution: --var takes FIELD,BINS, got {} names",
                    v.len()
                );
            };
            let mut p = SizeDistribution::new(ds, field, bins)
                .with_size(w, h)
                .act_compat(args.act_compat);
            if let Some(t) = &args.time {
                p = p.at_time(time_arg(t)?);
            }
            if let Some((a, b)) = xr {
                p = p.xrange(a, b);
            }
            if let Some((a, b)) = yr {
                p = p.yrange(a, b);
            }
            save(&p, args, out)
        }
        Kind::Stairstep => {
            let v = vars(args, "stairstep", "FIELD[,SORTBY]")?;
            if v.is_empty() || v.len() > 2 {
                bail!("--kind stairstep: --var takes FIELD[,SORTBY], got {} names", v.len());
            }
            let mut hist = HistogramPlot::new(ds, &v[0], 10).with_size(w, h).density(args.density);
            if let Some(b) = &args.bins {
                let nums: Vec<f64> = b
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<std::result::Result<_, _>>()
                    .with_context(|| format!("--bins '{b}': a count or comma-separated edges"))?;
                hist = match nums.as_slice() {
                    [n] if *n >= 1.0 && n.fract() == 0.0 => HistogramPlot::new(ds, &v[0], *n as usize)
                        .with_size(w, h)
                        .density(args.density),
                    [n] => bail!("--bins '{b}': a count must be a whole number ≥ 1, got {n}"),
                    e => hist.with_edges(e),
                };
            }
            if let Some(s) = v.get(1) {
                hist = hist.stacked_by(s, 4);
            }
            let mut p = StairstepPlot::new(hist);
            if let Some((a, b)) = xr {
                p = p.xrange(a, b);
            }
            if let Some((a, b)) = yr {
                p = p.yrange(a, b);
            }
            save(&p, args, out)
        }
        Kind::Pie => {
            let v = vars(args, "pie", "A,B[,C...]")?;
            let mut opts = PercentOptions {
                threshold: args.threshold,
                ..Default::default()
            };
            if let Some(t) = &args.time {
                opts.index_range = Some(index_range(ds, &v[0], t)?);
            }
            let f: Vec<&str> = v.iter().map(String::as_str).collect();
            let side = w.min(900);
            save(
                &PieChart::new(ds, &f).options(opts).with_size(side, side * 6 / 7),
                args,
                out,
            )
        }
        _ => bail!("--kind {}: not a distribution display", args.kind),
    }
}
