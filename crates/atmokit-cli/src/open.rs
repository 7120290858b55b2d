//! The one entry point that turns file names into a Dataset, for every command: the library's
//! [`atmokit::open`] (netCDF, raw MPL and every text format, recognised by content; an empty
//! input is an error), with errors as `anyhow` for the commands.

use anyhow::Result;
use atmokit_core::Dataset;
use std::path::PathBuf;

pub use atmokit::open::is_raw_mpl;

/// Read one or many files (or folders, globs, archives, URLs) as one Dataset; see
/// [`atmokit::open::open_paths`].
pub fn open(inputs: &[PathBuf], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    Ok(atmokit::open::open_paths(inputs, opts)?)
}

/// Reading options for delimited text without a header line (`info` and `convert`): ACT's
/// `read_csv(f, sep=r'\s+', column_names=[...])`.
#[derive(clap::Args, Debug, Default)]
pub struct TextArgs {
    /// Read the inputs as delimited text without a header line, with these column names
    /// (comma-separated), as ACT's `read_csv(column_names=...)`.
    #[arg(long, value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Field separator with --columns: `whitespace` (the default: any run of blanks) or one
    /// character such as `,` or `;`.
    #[arg(long, requires = "columns")]
    pub separator: Option<String>,
}

/// [`open`], or with `--columns` the inputs read as headerless delimited text.
pub fn open_with(inputs: &[PathBuf], opts: &atmokit_netcdf::ReadOptions, text: &TextArgs) -> Result<Dataset> {
    if text.columns.is_empty() {
        return open(inputs, opts);
    }
    use atmokit_text::csv::{CsvOptions, Separator, read_csv};
    let separator = match text.separator.as_deref() {
        None | Some("whitespace") => Separator::Whitespace,
        Some(s) if s.len() == 1 => Separator::Byte(s.as_bytes()[0]),
        Some("\\t") => Separator::Byte(b'\t'),
        Some(other) => anyhow::bail!("--separator {other:?}: give `whitespace` or one character"),
    };
    let (_fetched, files) = atmokit::open::resolve_inputs(inputs)?;
    let o = CsvOptions {
        separator,
        column_names: Some(text.columns.clone()),
        ..CsvOptions::default()
    };
    Ok(read_csv(&files, &o)?)
}
