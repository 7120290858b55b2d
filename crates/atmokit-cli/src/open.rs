//! The one entry point that turns file names into a Dataset, for every command.

use anyhow::{Context, Result, bail};
use atmokit_core::Dataset;
use std::path::{Path, PathBuf};

/// What a file is, from its first bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// netCDF classic (`CDF\x01`, `\x02`, `\x05`) or netCDF-4 / HDF5.
    NetCdf,
    /// A raw SigmaSpace MPL binary (`.mpl` / `.bi`; the format has no magic bytes, so the
    /// extension decides when the content is not netCDF).
    RawMpl,
    /// Anything else (text formats are recognised by the text readers).
    Other,
}

/// True when `path` has a raw MPL extension (`.mpl` / `.bi`, any case).
pub fn is_raw_mpl(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("mpl" | "bi")
    )
}

/// Sniff a file's kind from its magic bytes (and, for raw MPL, its extension).
pub fn kind(path: &Path) -> std::io::Result<Kind> {
    use std::io::Read;
    let mut magic = [0u8; 8];
    let mut f = std::fs::File::open(path)?;
    let n = f.read(&mut magic)?;
    let m = &magic[..n];
    Ok(if m.starts_with(b"CDF") || m.starts_with(b"\x89HDF\r\n\x1a\n") {
        Kind::NetCdf
    } else if is_raw_mpl(path) {
        Kind::RawMpl
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

/// Read one or many files as one Dataset: netCDF files through `atmokit_netcdf` (concatenated
/// along time), raw SigmaSpace MPL binaries through `atmokit_mpl`, text formats (CSV, NOAA GML
/// and PSL, sodar, HYSPLIT, ICARTT, NEON, AmeriFlux, SURFRAD) recognised by content through
/// `atmokit_text::open`, several joined along time.
///
/// A file that gives no values (empty, header-only, truncated) is an error naming it: an empty
/// dataset is never a success.
pub fn open(inputs: &[PathBuf], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    let files = expand(inputs)?;
    let ds = read_all(&files, opts)?;
    // With --keep/--drop the selection may rightly hold only scalars (`--keep lat`); it must
    // still hold something, and a time dim, if any, must not be empty.
    let selected = opts.keep_variables.is_some() || !opts.drop_variables.is_empty();
    let has_data = if selected {
        !ds.is_empty() && ds.dim_len("time") != Some(0)
    } else {
        ds.has_values()
    };
    if !has_data {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        bail!("{}: no data: empty, header-only or truncated input", names.join(", "));
    }
    Ok(ds)
}

/// Read `files` (already expanded) by kind; `--keep`/`--drop` applied.
fn read_all(files: &[PathBuf], opts: &atmokit_netcdf::ReadOptions) -> Result<Dataset> {
    let mut kinds = Vec::with_capacity(files.len());
    for f in files {
        if !f.exists() {
            bail!("{}: no such file", f.display());
        }
        kinds.push(kind(f).with_context(|| format!("{}: cannot read", f.display()))?);
    }
    if kinds.iter().all(|k| *k == Kind::NetCdf) {
        return Ok(atmokit_netcdf::read_arm_netcdf(files, opts)?);
    }
    if let Some((f, k)) = files.iter().zip(&kinds).skip(1).find(|(_, k)| **k != kinds[0]) {
        bail!(
            "{}: cannot mix {} and {} files in one dataset",
            f.display(),
            kind_name(&kinds[0]),
            kind_name(k)
        );
    }
    let mut ds = if kinds[0] == Kind::RawMpl {
        atmokit_mpl::read_sigma_mplv5(files)?
    } else {
        let mut parts = Vec::with_capacity(files.len());
        for f in files {
            match atmokit_text::open(f)? {
                Some(ds) => parts.push(ds),
                None => bail!(
                    "{}: not a netCDF file, a raw MPL file nor a text format atmokit recognises",
                    f.display()
                ),
            }
        }
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Dataset::concat(&parts, "time")?
        }
    };
    if let Some(keep) = &opts.keep_variables {
        let names: Vec<&str> = keep.iter().map(String::as_str).collect();
        ds.keep(&names).with_context(|| "--keep".to_string())?;
    }
    for d in &opts.drop_variables {
        ds.remove(d);
    }
    Ok(ds)
}

fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::NetCdf => "netCDF",
        Kind::RawMpl => "raw MPL",
        Kind::Other => "text",
    }
}
