//! The `atmokit` command: argument parsing and wiring only; every operation is a library call.

mod cmd;
mod open;
mod qc_config;
mod retrieval_run;
#[cfg(test)]
mod retrieval_run_oracle;

use atmokit_core::output::OutputOptions;
use clap::{Parser, Subcommand};

/// atmokit: read, quality-control, correct, retrieve and plot atmospheric instrument data.
#[derive(Parser, Debug)]
#[command(name = "atmokit", version, about, long_about = None)]
struct Cli {
    /// Write outputs through symbolic links and into device nodes or fifos (e.g. `-o
    /// /dev/stdout`, not atomically) instead of refusing them. Outputs are otherwise written
    /// whole or not at all (a temporary file renamed into place); an output that is one of the
    /// inputs is always refused.
    #[arg(long, global = true)]
    force: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Summarise files: dims, coordinates, variables (dtype, units, range), global attributes.
    Info(cmd::info::Args),
    /// Convert files to netCDF (classic or netCDF-4), keeping or dropping variables.
    Convert(cmd::convert::Args),
    /// Apply QC tests (`--test VAR:TEST[:ARGS][:ASSESSMENT]`, `--config qc.toml`), optionally after ARM→CF cleanup.
    Qc(cmd::qc::Args),
    /// Per QC variable: each test's number, meaning, assessment and count of flagged samples.
    QcSummary(cmd::qc::SummaryArgs),
    /// Apply instrument corrections: mpl, ceil, dl, rl (lidars) or ship (ship-motion wind).
    Correct(cmd::correct::Args),
    /// Compute a retrieval (stability, pwv, pbl-liu-liang, pbl-heffter, pbl-gradient, cbh-sobel,
    /// aeri2irt, sst, radiation, vad) and write its variables.
    Retrieve(cmd::retrieve::Args),
    /// Plot variables to PNG or SVG: timeseries panels, time-height meshes, QC flags, day/night.
    Plot(Box<cmd::plot::Args>),
    /// A static quicklook site: availability calendars, long-range panels, month and day pages,
    /// interactive plots; re-runs rebuild only the days that changed.
    Quicklook(cmd::quicklook::Args),
    /// Download data files: `download arm DATASTREAM --start --end --out DIR` (ARM Live),
    /// `download surfrad SITE --start --end --out DIR` (NOAA SURFRAD), `download psl SITE
    /// --instrument I --start --end --out DIR` (NOAA PSL), `download neon SITE PRODUCT --start
    /// YYYY-MM --out DIR` (NEON).
    Download(cmd::download::Args),
    /// Print ARM Data Quality Reports of a datastream (DQR web service or a saved answer).
    Dqr(cmd::dqr::Args),
    /// Detect and track objects (e.g. marine heatwaves) in gridded (time, lat, lon) data.
    Track(cmd::track::Args),
    /// A movie from PNG frames (plots): an animated GIF, or an MP4 through ffmpeg.
    Movie(cmd::movie::Args),
}

fn main() {
    // Behave as Unix tools do when the reader of stdout goes away (`atmokit info f | head`):
    // end quietly instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let out = OutputOptions {
        allow_special: cli.force,
    };
    let result = match &cli.command {
        Command::Info(a) => cmd::info::run(a),
        Command::Convert(a) => cmd::convert::run(a, &out),
        Command::Qc(a) => cmd::qc::run(a, &out),
        Command::QcSummary(a) => cmd::qc::run_summary(a),
        Command::Correct(a) => cmd::correct::run(a, &out),
        Command::Retrieve(a) => cmd::retrieve::run(a, &out),
        Command::Plot(a) => cmd::plot::run(a, &out),
        Command::Quicklook(a) => cmd::quicklook::run(a, &out),
        Command::Track(a) => cmd::track::run(a, &out),
        Command::Download(a) => cmd::download::run(a, &out),
        Command::Dqr(a) => cmd::dqr::run(a, &out),
        Command::Movie(a) => cmd::movie::run(a, &out),
    };
    if let Err(e) = result {
        eprintln!("atmokit: error: {}", error_line(&e));
        std::process::exit(1);
    }
}

/// One clear line: the error and its causes, each cause once. Many error types already print
/// their cause (`{path}: {source}`) and also return it as `source()`; such a cause is not
/// repeated.
fn error_line(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.is_empty() {
            msg = text;
        } else if !msg.contains(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::error_line;

    /// An error that prints its cause and also returns it as `source()`, as the library
    /// crates' `Io` variants do.
    #[derive(Debug)]
    struct Wrapped {
        path: String,
        source: std::io::Error,
    }

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}: {}", self.path, self.source)
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.source)
        }
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory (os error 2)");
        let e = anyhow::Error::new(Wrapped {
            path: "/x/out.nc".into(),
            source: io,
        })
        .context("writing out.nc");
        assert_eq!(
            error_line(&e),
            "writing out.nc: /x/out.nc: No such file or directory (os error 2)"
        );
    }
}
