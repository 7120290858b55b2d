//! `write_netcdf`: a Dataset to netCDF classic or netCDF-4, atomically.

use crate::error::{Error, Result};
use crate::memory::Image;
use crate::raw::{NcChar, attr_to_nc};
use atmokit_core::cf::{encode_dataset, encode_variable};
use atmokit_core::output::{OutputOptions, check_target, write_atomic};
use atmokit_core::{AttrValue, Data, Dataset, Variable};
use std::path::Path;

/// On-disk format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// netCDF-3 classic (CDF-1), what most ARM `.cdf` files are. Cannot hold unsigned or 64-bit
    /// integers or strings (strings are written as `char` arrays).
    Classic,
    /// netCDF-3 64-bit offset (CDF-2): classic with variables over 2 GiB.
    Offset64,
    /// netCDF-4 (HDF5): every type, compression.
    #[default]
    Netcdf4,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "classic" | "netcdf3" | "nc3" => Ok(Format::Classic),
            "64bit" | "offset64" | "64bit_offset" => Ok(Format::Offset64),
            "netcdf4" | "nc4" => Ok(Format::Netcdf4),
            other => Err(format!("unknown format '{other}' (classic, offset64 or netcdf4)")),
        }
    }
}

/// Options of [`write_netcdf`]. The defaults keep every attribute and value as they are.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    /// On-disk format.
    pub format: Format,
    /// Drop global attrs whose names start with `_` (ACT's read-time `_datastream`, …). Default on.
    pub cleanup_global_atts: bool,
    /// Join list attrs `flag_meanings` / `flag_assessments` with spaces after replacing the spaces
    /// inside each item with this string, as ACT does (`"__"`); CF wants one blank-separated
    /// string. Other string-list attrs are joined the same way in classic files.
    pub join_char: String,
    /// ACT's `cleanup_qc_atts`: join `flag_meanings` / `flag_assessments` lists into one string
    /// (with [`WriteOptions::join_char`]). Off keeps them as string arrays in netCDF-4 files
    /// (classic files cannot hold those, so lists are always joined there). Default on.
    pub cleanup_qc_atts: bool,
    /// Global attrs to delete (ACT deletes `qc_standards_version`, `qc_method`, `qc_comment` by
    /// default; atmokit keeps them unless asked, so no metadata is lost silently).
    pub delete_global_attrs: Vec<String>,
    /// ACT's `cf_compliant`: time gets `axis = "T"` and `standard_name = "time"`, altitude
    /// variables `axis = "Z"` and `positive = "up"`, `featureType` is set, `Conventions` gains
    /// [`WriteOptions::cf_convention`] unless one of its words already starts with `CF-`, and
    /// `history` moves last.
    pub cf_compliant: bool,
    /// ACT's `cf_convention`: the convention [`WriteOptions::cf_compliant`] adds to
    /// `Conventions`. Default `"CF-1.8"`.
    pub cf_convention: String,
    /// ACT's `FillValue`: `Some(true)` gives every floating-point variable (coordinates
    /// included, times not) that has no `_FillValue` a `_FillValue` of NaN in its own type, as
    /// xarray's `to_netcdf` does; `Some(false)` adds none. `None` (default) follows
    /// [`WriteOptions::act_compat`]: ACT's default `FillValue=True` there, none otherwise (a
    /// fill value the data never had is not invented).
    pub nan_fill: Option<bool>,
    /// A line appended to the `history` global attr (None adds nothing).
    pub history: Option<String>,
    /// Deflate level for netCDF-4 variables (None: no compression).
    pub deflate_level: Option<i32>,
    /// Write through a symbolic link, or into a device node or fifo (not atomically), instead
    /// of refusing ([`atmokit_core::output::OutputOptions::allow_special`]). Default off.
    pub allow_special: bool,
    /// Reproduce ACT 2.3.4's `write_netcdf`: a data variable's attr `string` is renamed
    /// `<var>_string`, and the `history` global attr always gains ACT's line
    /// `Written to file by ACT-2.3.4 with write_netcdf() at <YYYY-MM-DD HH:MM:SS>+00:00 UTC`
    /// (after `" ; "` when there is a history already), in place of [`WriteOptions::history`].
    /// Default off: `string` is kept (libnetcdf writes it fine) and library writes stay
    /// reproducible. CLI `atmokit convert --act-compat`.
    pub act_compat: bool,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            format: Format::Netcdf4,
            cleanup_global_atts: true,
            join_char: "__".into(),
            cleanup_qc_atts: true,
            delete_global_attrs: Vec::new(),
            cf_compliant: false,
            cf_convention: "CF-1.8".into(),
            nan_fill: None,
            history: None,
            deflate_level: None,
            allow_special: false,
            act_compat: false,
        }
    }
}

/// Write a Dataset to `path`, encoding it first (NaN → fill values, time → numbers in its units).
///
/// libnetcdf builds the file in memory; the bytes then go to disk through
/// [`atmokit_core::output::write_atomic`]: a temporary file in the same folder renamed into
/// place, so a failure (a full disk included) leaves no partial output and never damages an
/// existing file at `path`. Symbolic links, device nodes and folders are refused unless
/// [`WriteOptions::allow_special`]. Building in memory keeps HDF5 away from the disk: a write
/// error inside HDF5's own file close leaves its file table half-closed, and the library's exit
/// handler then crashes the process (HDF5 1.10, netCDF-C 4.9).
///
/// ```no_run
/// use atmokit_netcdf::{read, write_netcdf, WriteOptions, Format};
/// let ds = read("sgpmetE13.b1.20190101.000000.cdf")?;
/// write_netcdf(&ds, "met.nc", &WriteOptions { format: Format::Classic, ..Default::default() })?;
/// # Ok::<(), atmokit_netcdf::Error>(())
/// ```
pub fn write_netcdf(ds: &Dataset, path: impl AsRef<Path>, opts: &WriteOptions) -> Result<()> {
    let path = path.as_ref();
    let (image, out) = encode_for(ds, path, opts)?;
    write_atomic(path, image.as_bytes(), &out)?;
    Ok(())
}

/// The file [`write_netcdf`] writes to `path`, as bytes in memory, with the output options its
/// atomic write takes; a bad target is refused before the (possibly long) encoding.
pub(crate) fn encode_for(ds: &Dataset, path: &Path, opts: &WriteOptions) -> Result<(Image, OutputOptions)> {
    let out = OutputOptions {
        allow_special: opts.allow_special,
    };
    check_target(path, &[], &out)?;
    let prepared = prepare(ds, opts).map_err(|e| Error::data(path, e))?;
    Ok((write_to(&prepared, path, opts)?, out))
}

/// Encode, and apply ACT's attribute conventions.
fn prepare(ds: &Dataset, opts: &WriteOptions) -> atmokit_core::Result<Dataset> {
    let mut out = encode_dataset(ds)?;
    let classic = opts.format != Format::Netcdf4;
    let join = |v: &[String]| {
        v.iter()
            .map(|s| s.replace(' ', &opts.join_char))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let names: Vec<String> = out.names().map(str::to_string).collect();
    for name in &names {
        let v = out.get_mut(name)?;
        let keys: Vec<String> = v.attrs().keys().cloned().collect();
        for k in keys {
            let joined = match v.attrs().get(&k) {
                Some(AttrValue::Strs(items))
                    if classic || (opts.cleanup_qc_atts && (k == "flag_meanings" || k == "flag_assessments")) =>
                {
                    Some(join(items))
                }
                _ => None,
            };
            if let Some(j) = joined {
                v.attrs_mut().insert(k, AttrValue::Str(j));
            }
        }
    }
    if classic {
        // Strings without a char dim of their own are stored as char with a new dim; only those
        // variables are encoded again.
        let strings: Vec<String> = out
            .variables()
            .filter(|(_, v)| matches!(v.data(), Data::Str(_)))
            .map(|(k, _)| k.to_string())
            .collect();
        for name in strings {
            let v = out.get_mut(&name)?;
            let width = v.view::<String>()?.iter().map(String::len).max().unwrap_or(0).max(1);
            v.encoding_mut().char_dim = Some(format!("string{width}"));
            let chars = encode_variable(&name, out.get(&name)?)?;
            out.insert(&name, chars)?;
        }
    }
    let attrs = out.attrs_mut();
    if opts.cleanup_global_atts {
        attrs.retain(|k, _| !k.starts_with('_'));
    }
    for k in &opts.delete_global_attrs {
        attrs.shift_remove(k);
    }
    if classic {
        for v in attrs.values_mut() {
            if let AttrValue::Strs(items) = v {
                *v = AttrValue::Str(join(items));
            }
        }
    }
    if opts.nan_fill.unwrap_or(opts.act_compat) {
        add_nan_fills(ds, &mut out)?;
    }
    if opts.cf_compliant {
        cf_additions(&mut out, &opts.cf_convention)?;
    }
    if opts.act_compat {
        act_string_attrs(&mut out)?;
        let line = act_history_line(&chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string());
        let a = out.attrs_mut();
        let new = match a.get("history") {
            Some(old) => format!("{old} ; {line}"),
            None => line,
        };
        a.insert("history".into(), AttrValue::Str(new));
    } else if let Some(h) = &opts.history {
        let a = out.attrs_mut();
        let new = match a.shift_remove("history").and_then(|v| v.as_str().map(str::to_string)) {
            Some(old) if !old.is_empty() => format!("{old}\n{h}"),
            _ => h.clone(),
        };
        a.insert("history".into(), AttrValue::Str(new));
    }
    Ok(out)
}

/// `_FillValue` = NaN on every encoded floating-point variable without one whose source is not
/// a time ([`WriteOptions::nan_fill`]).
fn add_nan_fills(src: &Dataset, out: &mut Dataset) -> atmokit_core::Result<()> {
    let names: Vec<String> = out.names().map(str::to_string).collect();
    for name in names {
        if src.get(&name).is_ok_and(|v| matches!(v.data(), Data::Time(_))) {
            continue;
        }
        let v = out.get_mut(&name)?;
        if v.attrs().contains_key("_FillValue") {
            continue;
        }
        let fill = match v.data() {
            Data::F32(_) => AttrValue::F32(vec![f32::NAN]),
            Data::F64(_) => AttrValue::F64(vec![f64::NAN]),
            _ => continue,
        };
        v.attrs_mut().insert("_FillValue".into(), fill);
    }
    Ok(())
}

/// ACT's version string in its `history` line ([`WriteOptions::act_compat`]).
const ACT_VERSION: &str = "2.3.4";

/// ACT 2.3.4's `history` line for a write at `utc` (`YYYY-MM-DD HH:MM:SS`).
fn act_history_line(utc: &str) -> String {
    format!("Written to file by ACT-{ACT_VERSION} with write_netcdf() at {utc}+00:00 UTC")
}

/// ACT 2.3.4 renames a data variable's attr `string` to `<var>_string` (coordinates keep it).
fn act_string_attrs(ds: &mut Dataset) -> atmokit_core::Result<()> {
    let names: Vec<String> = ds.data_var_names().into_iter().map(str::to_string).collect();
    for name in names {
        let a = ds.get_mut(&name)?.attrs_mut();
        if let Some(v) = a.shift_remove("string") {
            a.insert(format!("{name}_string"), v);
        }
    }
    Ok(())
}

fn cf_additions(ds: &mut Dataset, cf_convention: &str) -> atmokit_core::Result<()> {
    if let Ok(t) = ds.get_mut("time") {
        t.attrs_mut().insert("axis".into(), "T".into());
        t.attrs_mut().insert("standard_name".into(), "time".into());
    }
    let alt_names: Vec<String> = ds
        .variables()
        .filter(|(k, v)| *k == "alt" || v.attr_str("standard_name") == Some("altitude"))
        .map(|(k, _)| k.to_string())
        .collect();
    for n in alt_names {
        let v = ds.get_mut(&n)?;
        v.attrs_mut().insert("axis".into(), "Z".into());
        v.attrs_mut().insert("positive".into(), "up".into());
    }
    let profile = ds.variables().any(|(_, v)| {
        v.dims().len() == 2
            && v.dims()[0] == "time"
            && ds.dim_len(&v.dims()[1]).unwrap_or(0) > 2
            && !v.dims()[1].contains("bound")
    });
    let a = ds.attrs_mut();
    a.insert(
        "FeatureType".into(),
        if profile { "timeSeriesProfile" } else { "timeSeries" }.into(),
    );
    let conv = a
        .get("Conventions")
        .and_then(AttrValue::as_str)
        .unwrap_or("")
        .to_string();
    if !conv.split_whitespace().any(|w| w.starts_with("CF-")) {
        let c = if conv.trim().is_empty() {
            cf_convention.to_string()
        } else {
            format!(
                "{} {cf_convention}",
                conv.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        };
        a.insert("Conventions".into(), c.into());
    }
    if let Some(h) = a.shift_remove("history") {
        a.insert("history".into(), h);
    }
    Ok(())
}

/// Build the file in memory and return its bytes.
fn write_to(ds: &Dataset, target: &Path, opts: &WriteOptions) -> Result<Image> {
    let werr = |var: &str, e: netcdf::Error| Error::Write {
        path: target.to_path_buf(),
        var: var.to_string(),
        reason: e.to_string(),
    };
    // netCDF-4 goes through HDF5's core driver rather than `NC_INMEMORY`, whose file image is
    // created without link creation order, so variables would read back sorted by name.
    let mode = match opts.format {
        Format::Classic => netcdf::Options::INMEMORY,
        Format::Offset64 => netcdf::Options::INMEMORY | netcdf::Options::_64BIT_OFFSET,
        Format::Netcdf4 => netcdf::Options::DISKLESS | netcdf::Options::NETCDF4,
    };
    crate::raw::quiet_hdf5();
    let name = crate::memory::memory_name();
    let mut file = netcdf::create_with(&name, mode).map_err(|e| werr("", e))?;
    let classic = opts.format != Format::Netcdf4;
    for (name, &len) in ds.dims() {
        if ds.unlimited_dims().iter().any(|d| d == name) {
            file.add_unlimited_dimension(name).map_err(|e| werr(name, e))?;
        } else {
            file.add_dimension(name, len).map_err(|e| werr(name, e))?;
        }
    }
    for (k, v) in ds.attrs() {
        file.add_attribute(k, attr_to_nc(v)).map_err(|e| werr("", e))?;
    }
    for (name, var) in ds.variables() {
        define_variable(&mut file, name, var, classic, opts, ds.unlimited_dims()).map_err(|e| werr(name, e))?;
    }
    if classic {
        file.enddef().map_err(|e| werr("", e))?;
    }
    for (name, var) in ds.variables() {
        let mut v = file.variable_mut(name).ok_or_else(|| Error::Write {
            path: target.to_path_buf(),
            var: name.to_string(),
            reason: "variable vanished after definition".into(),
        })?;
        put_data(&mut v, var).map_err(|e| werr(name, e))?;
    }
    if classic {
        crate::memory::close_into_image(file).map_err(|e| werr("", e))
    } else {
        let image = crate::memory::netcdf4_image(&file, &name).map_err(|e| werr("", e))?;
        file.close().map_err(|e| werr("", e))?;
        Ok(Image::Owned(image))
    }
}

fn define_variable(
    file: &mut netcdf::FileMut,
    name: &str,
    var: &Variable,
    classic: bool,
    opts: &WriteOptions,
    unlimited: &[String],
) -> std::result::Result<(), netcdf::Error> {
    let dims: Vec<&str> = var.dims().iter().map(String::as_str).collect();
    if classic && matches!(var.data(), Data::U16(_) | Data::U32(_) | Data::U64(_) | Data::I64(_)) {
        return Err(netcdf::Error::Str(format!(
            "type {} cannot be stored in a netCDF classic file; write netCDF-4",
            var.dtype()
        )));
    }
    let mut v = match var.data() {
        Data::I8(_) => file.add_variable::<i8>(name, &dims)?,
        Data::U8(_) => file.add_variable::<u8>(name, &dims)?,
        Data::I16(_) => file.add_variable::<i16>(name, &dims)?,
        Data::U16(_) => file.add_variable::<u16>(name, &dims)?,
        Data::I32(_) => file.add_variable::<i32>(name, &dims)?,
        Data::U32(_) => file.add_variable::<u32>(name, &dims)?,
        Data::I64(_) => file.add_variable::<i64>(name, &dims)?,
        Data::U64(_) => file.add_variable::<u64>(name, &dims)?,
        Data::F32(_) => file.add_variable::<f32>(name, &dims)?,
        Data::F64(_) => file.add_variable::<f64>(name, &dims)?,
        Data::Char(_) => file.add_variable::<NcChar>(name, &dims)?,
        Data::Str(_) => file.add_string_variable(name, &dims)?,
        Data::Time(_) => return Err(netcdf::Error::Str("time must be encoded before writing".into())),
    };
    if !classic {
        if let Some(level) = opts.deflate_level.or(var.encoding().deflate_level)
            && !var.dims().is_empty()
            && var.data().dtype() != atmokit_core::DType::Str
        {
            v.set_compression(level, true)?;
        }
        if let Some(chunks) = &var.encoding().chunk_sizes
            && chunks.len() == var.dims().len()
            && chunks.iter().all(|&c| c > 0)
        {
            v.set_chunking(chunks)?;
        } else if let Some(chunks) = default_chunks(var, unlimited) {
            v.set_chunking(&chunks)?;
        }
    }
    for (k, a) in var.attrs() {
        v.put_attribute(k, attr_to_nc(a))
            .map_err(|e| netcdf::Error::Str(format!("attribute '{k}' ({}): {e}", a.type_name())))?;
    }
    Ok(())
}

/// Bytes per chunk aimed at for variables on an unlimited dim without chunk sizes of their own.
const TARGET_CHUNK_BYTES: usize = 4 << 20;

/// Chunks of about 4 MiB along the unlimited dim (whole extent of the others), as recent
/// netCDF-C picks for netCDF4-python. libnetcdf 4.9 otherwise chooses tiny chunks (512 values
/// for a 1-D series: 5,063 chunks for a month of 1 Hz data), which slows reading and makes HDF5
/// hold a large chunk index in memory.
fn default_chunks(var: &Variable, unlimited: &[String]) -> Option<Vec<usize>> {
    let axis = var.dims().iter().position(|d| unlimited.contains(d))?;
    let shape = var.shape();
    let row: usize = shape
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != axis)
        .map(|(_, &n)| n.max(1))
        .product();
    let elem = var.dtype().size_of().max(1);
    // As many chunks as ~4 MiB pieces need, then split the length evenly so the last chunk is
    // not mostly empty.
    let n = shape[axis].max(1);
    let per_chunk = (TARGET_CHUNK_BYTES / elem / row).max(1);
    let n_chunks = n.div_ceil(per_chunk);
    let along = n.div_ceil(n_chunks).clamp(1, n);
    Some(
        shape
            .iter()
            .enumerate()
            .map(|(i, &n)| if i == axis { along } else { n.max(1) })
            .collect(),
    )
}

fn put_data(v: &mut netcdf::VariableMut<'_>, var: &Variable) -> std::result::Result<(), netcdf::Error> {
    if var.is_empty() {
        return Ok(());
    }
    let ext: Vec<std::ops::Range<usize>> = var.shape().iter().map(|&n| 0..n).collect();
    let ext: &[std::ops::Range<usize>] = &ext;
    macro_rules! put {
        ($a:expr) => {{
            let a = $a.as_standard_layout();
            v.put_values(a.as_slice().expect("standard layout"), ext)
        }};
    }
    match var.data() {
        Data::I8(a) => put!(a),
        Data::U8(a) => put!(a),
        Data::I16(a) => put!(a),
        Data::U16(a) => put!(a),
        Data::I32(a) => put!(a),
        Data::U32(a) => put!(a),
        Data::I64(a) => put!(a),
        Data::U64(a) => put!(a),
        Data::F32(a) => put!(a),
        Data::F64(a) => put!(a),
        Data::Char(a) => {
            let chars: Vec<NcChar> = a.iter().map(|&b| NcChar(b)).collect();
            v.put_values(&chars, ext)
        }
        Data::Str(a) => {
            let shape = a.shape().to_vec();
            for (flat, s) in a.iter().enumerate() {
                let mut idx = vec![0usize; shape.len()];
                let mut rem = flat;
                for (i, &n) in shape.iter().enumerate().rev() {
                    idx[i] = rem % n;
                    rem /= n;
                }
                v.put_string(s, idx.as_slice())?;
            }
            Ok(())
        }
        Data::Time(_) => Err(netcdf::Error::Str("time must be encoded before writing".into())),
    }
}
