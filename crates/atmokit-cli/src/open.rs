//! The one entry point that turns file names into a Dataset, for every command.

use anyhow::{Context, Result, bail};
use atmokit_core::Dataset;
use std::path::{Path, PathBuf};

/// What a file is, from its first bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// netCDF classic (`CDF\x01`, `\x02`, `\x05`) or netCDF-4 / HDF5.
    NetCdf,
    /// Anything else (text formats are recognised by the text readers).
    Other,
}

/// Sniff a file's kind from its magic bytes.
pub fn kind(path: &Path) -> std::io::Result<Kind> {
    use std::io::Read;
    let mut magic = [0u8; 8];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut magic)?;
    let m = &magic[..n];
    Ok(if m.starts_with(b"CDF") || m.starts_with(b"\x89HDF\r\n\x1a\n") {
        Kind::NetCdf
    } else {
        Kind::Other
    })
}

/// Expand directories into the files they hold (sorted), keep files as given.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in inputs {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("{}: cannot list folder", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    if out.is_empty() {
        bail!("no input files");
    }
    Ok(out)
}

/// Read one or many files as one Dataset (netCDF files are concatenated along time).
pub fn open(inputs: &[PathBuf], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    let files = expand(inputs)?;
    for f in &files {
        if !f.exists() {
            bail!("{}: no such file", f.display());
        }
        if kind(f).with_context(|| format!("{}: cannot read", f.display()))? != Kind::NetCdf {
            bail!(
                "{}: not a netCDF file (text formats are read by `atmokit convert` once their readers are linked)",
                f.display()
            );
        }
    }
    Ok(atmokit_netcdf::read_arm_netcdf(&files, opts)?)
}
