//! The `atmokit` command: argument parsing and wiring only; every operation is a library call.

mod cmd;
mod open;

use clap::{Parser, Subcommand};

/// atmokit: read, quality-control, correct, retrieve and plot atmospheric instrument data.
#[derive(Parser, Debug)]
#[command(name = "atmokit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Summarise files: dims, coordinates, variables (dtype, units, range), global attributes.
    Info(cmd::info::Args),
    /// Convert files to netCDF (classic or netCDF-4), keeping or dropping variables.
    Convert(cmd::convert::Args),
    /// Apply instrument corrections: mpl, ceil, dl, rl (lidars) or ship (ship-motion wind).
    Correct(cmd::correct::Args),
    /// Compute a retrieval (stability, pwv, pbl-liu-liang, pbl-heffter, pbl-gradient, cbh-sobel,
    /// aeri2irt, sst, radiation, vad) and write its variables.
    Retrieve(cmd::retrieve::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Info(a) => cmd::info::run(a),
        Command::Convert(a) => cmd::convert::run(a),
        Command::Correct(a) => cmd::correct::run(a),
        Command::Retrieve(a) => cmd::retrieve::run(a),
    };
    if let Err(e) = result {
        // One clear line: the error and its causes.
        let msg = e.chain().map(ToString::to_string).collect::<Vec<_>>().join(": ");
        eprintln!("atmokit: error: {msg}");
        std::process::exit(1);
    }
}
