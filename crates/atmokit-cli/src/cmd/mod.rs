//! One module per subcommand.

pub mod convert;
pub mod correct;
pub mod download;
pub mod dqr;
pub mod info;
pub mod movie;
pub mod plot;
pub mod qc;
pub mod qc_stream;
pub mod quicklook;
pub mod retrieve;
pub mod track;

use atmokit_core::output::{OutputOptions, check_target};
use std::path::Path;

/// Refuse outputs that must not be written before any input is read: symbolic links and
/// device nodes or fifos (unless `--force`), folders, and any output that is one of the inputs
/// (the same file, hard links included; `--force` does not change that).
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path], opts: &OutputOptions) -> anyhow::Result<()> {
    for o in outputs {
        check_target(o, inputs, opts)?;
    }
    Ok(())
}

/// The paths of a list of files, as `check_outputs` takes them.
pub fn paths(files: &[std::path::PathBuf]) -> Vec<&Path> {
    files.iter().map(std::path::PathBuf::as_path).collect()
}
