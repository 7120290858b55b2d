//! `read_arm_netcdf`: one or many files into one decoded Dataset, as ACT reads them.

use crate::arm::{add_arm_attrs, fix_time, time_from_base_time};
use crate::error::{Error, Result};
use crate::input::Input;
use atmokit_core::cf::{DecodeOptions, decode_dataset};
use atmokit_core::{Dataset, NAT};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Options of [`read_arm_netcdf`]; the defaults read as ACT's `read_arm_netcdf` does.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Read only these variables (plus the coordinates of their dims). ACT's `keep_variables`; a
    /// name the first file does not hold is [`Error::UnknownVariables`].
    pub keep_variables: Option<Vec<String>>,
    /// Skip these variables. ACT's `drop_variables`; a name the first file does not hold is
    /// [`Error::UnknownVariables`].
    pub drop_variables: Vec<String>,
    /// What to decode (fill values, packing, times, chars). [`DecodeOptions::raw`] reads values as stored.
    pub decode: DecodeOptions,
    /// Build `time` from `base_time + time_offset` in `base_time`'s units. ACT's `use_base_time`.
    pub use_base_time: bool,
    /// Skip ACT's read-time global attrs (`_datastream`, `_file_dates`, …).
    pub no_arm_attrs: bool,
    /// Most bytes the decoded variables of one file may take; a file asking more is refused with
    /// [`Error::TooLarge`] before anything is allocated. None: [`default_max_bytes`] of its length.
    pub max_bytes: Option<u64>,
    /// Reproduce ACT 2.3.4 where atmokit deliberately differs: a file without a `datastream`
    /// attr gets `_datastream = "act_datastream"`, not the datastream of its ARM file name, and
    /// times are decoded at cftime's microsecond precision
    /// ([`atmokit_core::time::cftime_microseconds`]) instead of to the nanosecond.
    pub act_compat: bool,
}

/// The default limit on the decoded bytes of one file of `file_len` bytes: 1100 times its length
/// plus 256 MiB. A classic file cannot expand (its data are stored uncompressed); the factor
/// leaves room for the strongest compression a netCDF-4 file can carry.
pub fn default_max_bytes(file_len: u64) -> u64 {
    file_len.saturating_mul(1100).saturating_add(256 << 20)
}

impl ReadOptions {
    /// Builder: keep only these variables.
    pub fn keep<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.keep_variables = Some(names.iter().map(|s| s.as_ref().to_string()).collect());
        self
    }
    /// Builder: drop these variables.
    pub fn drop<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.drop_variables.extend(names.iter().map(|s| s.as_ref().to_string()));
        self
    }
    /// Builder: read raw values (no masking, scaling, time or char decoding).
    pub fn raw(mut self) -> Self {
        self.decode = DecodeOptions::raw();
        self
    }
}

/// Read one netCDF file with default options.
///
/// ```no_run
/// let ds = atmokit_netcdf::read("sgpmetE13.b1.20190101.000000.cdf")?;
/// println!("{} times", ds.dim_len("time").unwrap_or(0));
/// # Ok::<(), atmokit_netcdf::Error>(())
/// ```
pub fn read(path: impl AsRef<Path>) -> Result<Dataset> {
    read_arm_netcdf(&[path.as_ref()], &ReadOptions::default())
}

/// Read one or many ARM netCDF files into one Dataset, as ACT's `read_arm_netcdf`:
///
/// - values decoded as xarray does (see [`atmokit_core::cf`]): `missing_value`/`_FillValue` → NaN
///   in floats, every `"X since DATE"` variable → time, ARM's `0:00` zone understood;
/// - several files are concatenated along `time`, ordered by their first time; variables without
///   a time dim gain one (each file's value kept), as `open_mfdataset(data_vars='all')` does;
/// - `time` falls back to `time_offset` when a file has no decodable `time` (files without one,
///   or `decode_times` off), as ACT does; a fully raw read ([`ReadOptions::raw`]) leaves both alone;
/// - global attrs come from the first file, plus `_datastream`, `_file_dates`, `_file_times` and
///   `_arm_standards_flag` (from ARM file names, else from the first time).
///
/// # Errors
/// A missing file, a file that is not netCDF, an undecodable time unit (the message names file,
/// variable and units), or files that cannot be joined; each error names the file.
pub fn read_arm_netcdf<P: AsRef<Path>>(paths: &[P], opts: &ReadOptions) -> Result<Dataset> {
    let inputs: Vec<Input> = paths.iter().map(|p| Input::File(p.as_ref().to_path_buf())).collect();
    read_arm_netcdf_inputs(&inputs, opts)
}

/// [`read_arm_netcdf`] of files on disk and files held in memory (archive members, see
/// [`Input`]), joined as one. Members in memory must be netCDF classic.
///
/// # Errors
/// As [`read_arm_netcdf`]; a member in memory that is netCDF-4 is [`Error::Invalid`].
pub fn read_arm_netcdf_inputs(inputs: &[Input], opts: &ReadOptions) -> Result<Dataset> {
    let paths: Vec<PathBuf> = inputs.iter().map(|i| i.name().to_path_buf()).collect();
    let first = paths.first().ok_or(Error::NoFiles)?;
    let drop = selection_drop_list(&inputs[0], opts)?;
    // Files are read and decoded in parallel (classic files by this crate's own reader; libnetcdf
    // calls are serialised by the netcdf crate's lock); the first error in file order is returned.
    let read: Vec<Result<Dataset>> = inputs.par_iter().map(|i| read_one(i, &drop, opts)).collect();
    let mut parts: Vec<(Dataset, &Path)> = Vec::with_capacity(paths.len());
    for (ds, p) in read.into_iter().zip(&paths) {
        parts.push((ds?, p.as_path()));
    }
    // combine='by_coords': order by the first time of each file.
    parts.sort_by_key(|(ds, _)| {
        ds.time()
            .ok()
            .and_then(|t| t.iter().copied().find(|&v| v != NAT))
            .unwrap_or(i64::MIN)
    });
    let (datasets, ordered): (Vec<Dataset>, Vec<&Path>) = parts.into_iter().unzip();
    let mut ds = if datasets.len() == 1 {
        datasets.into_iter().next().expect("one part")
    } else {
        Dataset::concat(&datasets, "time").map_err(|e| Error::data(first, e))?
    };
    if !opts.no_arm_attrs {
        add_arm_attrs(&mut ds, &ordered, opts.act_compat);
    }
    Ok(ds)
}

/// The variables to skip for the keep / drop lists of `opts`; a name in either list that the
/// first file does not hold is [`Error::UnknownVariables`] (a typo must not give an empty or
/// silently unchanged dataset).
fn selection_drop_list(first_input: &Input, opts: &ReadOptions) -> Result<HashSet<String>> {
    let first = first_input.name();
    let mut drop: HashSet<String> = opts.drop_variables.iter().cloned().collect();
    if opts.keep_variables.is_none() && drop.is_empty() {
        return Ok(drop);
    }
    let vars = crate::input::var_dims(first_input)?;
    let known: HashSet<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
    let asked = opts.keep_variables.iter().flatten().chain(&opts.drop_variables);
    let mut unknown: Vec<String> = Vec::new();
    for n in asked.filter(|n| !known.contains(n.as_str())) {
        if !unknown.contains(n) {
            unknown.push(n.clone());
        }
    }
    if !unknown.is_empty() {
        return Err(Error::UnknownVariables {
            path: first.to_path_buf(),
            names: unknown,
        });
    }
    if let Some(keep) = &opts.keep_variables {
        let keep: Vec<&str> = keep.iter().map(String::as_str).collect();
        drop.extend(drop_for_keep(vars, &keep));
    }
    Ok(drop)
}

fn read_one(input: &Input, drop: &HashSet<String>, opts: &ReadOptions) -> Result<Dataset> {
    let path = input.name();
    let need_base = opts.use_base_time;
    let raw = crate::input::read_raw(
        input,
        &|n| !drop.contains(n) || (need_base && (n == "base_time" || n == "time_offset")),
        opts.max_bytes,
    )?;
    let base_time = if need_base {
        Some(time_from_base_time(&raw).map_err(|e| Error::data(path, e))?)
    } else {
        None
    };
    let mut raw = raw;
    if need_base {
        for n in ["base_time", "time_offset"] {
            if drop.contains(n) {
                raw.remove(n);
            }
        }
    }
    let mut ds = decode_dataset(raw, &opts.decode).map_err(|e| Error::data(path, e))?;
    if let Some(t) = base_time {
        ds.remove("time");
        crate::arm::insert_first(&mut ds, "time", t).map_err(|e| Error::data(path, e))?;
    } else if opts.decode != DecodeOptions::raw() {
        fix_time(&mut ds, opts.decode.decode_times).map_err(|e| Error::data(path, e))?;
    }
    if opts.act_compat {
        cftime_precision(&mut ds);
    }
    Ok(ds)
}

/// Every decoded time variable at cftime's microsecond precision (ACT 2.3.4 decodes ARM times
/// through cftime); see [`atmokit_core::time::cftime_microseconds`].
fn cftime_precision(ds: &mut Dataset) {
    for (_, v) in ds.variables_mut() {
        let Some(tu) = v
            .encoding()
            .units
            .as_deref()
            .and_then(|u| atmokit_core::time::TimeUnits::parse(u).ok())
        else {
            continue;
        };
        if let atmokit_core::Data::Time(a) = v.data_mut() {
            a.mapv_inplace(|ns| atmokit_core::time::cftime_microseconds(ns, &tu));
        }
    }
}

/// The drop list that keeps only `keep` (and the dims of the kept variables) from a file: every
/// variable of the file that is neither kept nor a dim of a kept variable. ACT's
/// `keep_variables_to_drop_variables`.
pub fn keep_variables_to_drop_variables<S: AsRef<str>>(path: &Path, keep: &[S]) -> Result<Vec<String>> {
    let keep: Vec<&str> = keep.iter().map(AsRef::as_ref).collect();
    Ok(drop_for_keep(crate::raw::var_dims(path)?, &keep))
}

/// Every variable of `vars` (name, dims) that is neither kept nor a dim of a kept variable.
fn drop_for_keep(vars: Vec<(String, Vec<String>)>, keep: &[&str]) -> Vec<String> {
    let mut names = Vec::new();
    let mut keep_dims: HashSet<String> = HashSet::new();
    for (name, dims) in vars {
        if keep.contains(&name.as_str()) {
            keep_dims.extend(dims);
        }
        names.push(name);
    }
    names
        .into_iter()
        .filter(|n| !keep.contains(&n.as_str()) && !keep_dims.contains(n))
        .collect()
}
