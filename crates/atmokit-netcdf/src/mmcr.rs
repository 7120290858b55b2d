//! Legacy ARM MMCR (Millimeter Wavelength Cloud Radar) b1 files: ACT's
//! `act.io.arm.read_arm_mmcr(filenames)`.
//!
//! An MMCR file interleaves its operating modes: `ModeNum(time)` says which mode each profile
//! was taken in, `heights(mode, heights)` holds each mode's gate heights (fill beyond its last
//! gate; a mode whose heights are all fill never ran) and `ModeDescription(mode)` its name
//! (`MMCR_mode_GE`). [`read_arm_mmcr`] reads the files as ARM netCDF (joined along time),
//! renames the `heights` dim to `range`, and for every mode that ran splits each (time, range)
//! variable `V` into `V_<MODE>` on its own `time_<MODE>` (the profiles of that mode) and
//! `range_<MODE>` (the mode's gates) coordinates, `<MODE>` being the description's last
//! `_`-separated word. The interleaved variables stay as they are.
//!
//! Several files are joined as [`read_arm_netcdf`] joins them (as ACT, `ModeDescription` and
//! `heights` then gain a time dim, one copy per profile); the modes are taken from the first
//! profile's copy, as ACT does.
//!
//! Difference from ACT 2.3.4 ([`MmcrOptions::act_compat`] reproduces it): ACT takes the name
//! from the text of a Python bytes value, so a description without `_` names its mode `b` (and
//! every such mode collides).

use std::path::{Path, PathBuf};

use atmokit_core::{Data, Dataset, Error as CoreError, Variable};

use crate::error::{Error, Result};
use crate::read::{ReadOptions, read_arm_netcdf};

/// Options of [`read_arm_mmcr`].
#[derive(Clone, Debug, Default)]
pub struct MmcrOptions {
    /// How the files are read (keep/drop lists apply to the files' variables).
    pub read: ReadOptions,
    /// Name modes as ACT 2.3.4 does (see the module docs).
    pub act_compat: bool,
}

/// Read MMCR files (sorted by name, as ACT does) and split the modes; see the module docs.
///
/// # Errors
/// The reader's errors, and a file without `ModeNum`, `ModeDescription` or `heights`, or
/// whose `heights` does not have one row per mode, naming the file and variable.
///
/// ```no_run
/// use atmokit_netcdf::mmcr::{MmcrOptions, read_arm_mmcr};
/// let ds = read_arm_mmcr(&["sgpmmcrC1.b1.20040101.000000.cdf"], &MmcrOptions::default())?;
/// let ge = ds.get("Reflectivity_GE")?; // (time_GE, range_GE)
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_arm_mmcr<P: AsRef<Path>>(paths: &[P], opts: &MmcrOptions) -> Result<Dataset> {
    let mut files: Vec<PathBuf> = paths.iter().map(|p| p.as_ref().to_path_buf()).collect();
    files.sort();
    let first = files.first().ok_or(Error::NoFiles)?.clone();
    let mut ds = read_arm_netcdf(&files, &opts.read)?;
    split_modes(&mut ds, opts.act_compat).map_err(|e| Error::data(&first, e))?;
    Ok(ds)
}

/// The mode name of description `desc`: its last `_`-separated word; with `act_compat` ACT's
/// reading of `str(b'desc')`.
fn mode_name(desc: &str, act_compat: bool) -> String {
    if !act_compat {
        return desc.rsplit('_').next().unwrap_or(desc).to_string();
    }
    let repr = format!("b'{desc}'");
    let last = repr.rsplit('_').next().unwrap_or(&repr);
    let cut: String = last.chars().take(last.chars().count().saturating_sub(1)).collect();
    cut.split('\'').next().unwrap_or("").to_string()
}

/// Add the per-mode variables to `ds` (an MMCR file as read).
fn split_modes(ds: &mut Dataset, act_compat: bool) -> atmokit_core::Result<()> {
    if ds.dims().contains_key("heights") {
        ds.rename_dim("heights", "range")?;
    }
    // Joined files give both a leading time dim: the first profile's copy, as ACT takes.
    let desc_var = ds.get("ModeDescription")?;
    let n_modes = *desc_var.shape().last().unwrap_or(&0);
    let descriptions: Vec<String> = match desc_var.data() {
        Data::Str(s) => s
            .iter()
            .take(n_modes)
            .map(|t| t.trim_end_matches('\0').trim().to_string())
            .collect(),
        other => {
            return Err(CoreError::DTypeMismatch {
                var: "ModeDescription".into(),
                expected: "text".into(),
                found: other.dtype(),
            });
        }
    };
    let heights = ds.get("heights")?;
    let hs = heights.shape();
    let n_range = *hs.last().unwrap_or(&0);
    if !(2..=3).contains(&hs.len()) || hs[hs.len() - 2] != n_modes {
        return Err(CoreError::data(
            "heights",
            format!("must be (mode, range) with one row per mode ({n_modes}), has shape {hs:?}"),
        ));
    }
    let mut heights = ds.values_f64("heights")?;
    heights.truncate(n_modes * n_range);
    let mode_num = ds.values_f64("ModeNum")?;
    let time = ds.time_of("time")?.to_vec();
    if mode_num.len() != time.len() {
        return Err(CoreError::data("ModeNum", "must have one value per time"));
    }
    let split: Vec<String> = ds
        .variables()
        .filter(|(_, v)| v.dims() == ["time", "range"])
        .map(|(k, _)| k.to_string())
        .collect();
    for (m, desc) in descriptions.iter().enumerate() {
        let row = &heights[m * n_range..(m + 1) * n_range];
        let idy: Vec<usize> = (0..n_range).filter(|&j| !row[j].is_nan()).collect();
        if idy.is_empty() {
            continue;
        }
        let name = mode_name(desc, act_compat);
        let idx: Vec<usize> = (0..time.len()).filter(|&i| mode_num[i] == m as f64).collect();
        let (tname, rname) = (format!("time_{name}"), format!("range_{name}"));
        // The mode's gate heights, in the type of `heights`.
        let gates = Data::F64(ndarray::Array1::from_iter(idy.iter().map(|&j| row[j])).into_dyn())
            .cast(ds.get("heights")?.dtype())?;
        ds.insert(&tname, Variable::time(&tname, idx.iter().map(|&i| time[i]).collect()))?;
        ds.insert(
            &rname,
            Variable::from_parts(vec![rname.clone()], gates, Default::default(), Default::default())?,
        )?;
        for v in &split {
            let var = ds.get(v)?;
            let data = var.data().select(0, &idx)?.select(1, &idy)?;
            let out = Variable::from_parts(
                vec![tname.clone(), rname.clone()],
                data,
                var.attrs().clone(),
                var.encoding().clone(),
            )?;
            ds.insert(&format!("{v}_{name}"), out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_names() {
        assert_eq!(mode_name("MMCR_mode_GE", false), "GE");
        assert_eq!(mode_name("MMCR_mode_GE", true), "GE");
        assert_eq!(mode_name("Receiver1", false), "Receiver1");
        assert_eq!(mode_name("Receiver1", true), "b");
    }
}
