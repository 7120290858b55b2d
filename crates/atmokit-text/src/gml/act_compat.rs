//! [`GmlOptions`] and [`read_gml_with`]: the GML readers with ACT 2.3.4's output on request.
//!
//! With [`GmlOptions::act_compat`] the dataset is relabelled as ACT 2.3.4's `read_gml` returns it:
//! MET variables spelt `realitive_humidity` and `preciptation_intensity`; CO2 long names
//! "Carbon monoxide in dry air" (on `co2`, `co2_std_dev` and `qc_co2`), longitude labelled
//! "Latitude at which air sample was collected", `elevation` without attrs; and the float64
//! values of MET, radiation and CO2 rounded through float32 (ACT's parse path), so they equal
//! ACT's bit for bit. ACT's choice of the MET minute column from `_hour_` in the file name is not
//! reproduced: on a file whose name disagrees with its field count ACT misreads every column.

use super::{GmlType, read_gml};
use crate::error::Result;
use atmokit_core::{Data, Dataset};
use std::path::Path;

/// Options of [`read_gml_with`].
#[derive(Debug, Clone)]
pub struct GmlOptions {
    /// Turn each column's missing-value code into NaN (ACT's default, on).
    pub convert_missing: bool,
    /// Reproduce ACT 2.3.4's names, long names and float32 rounding (see the module docs).
    /// Default off.
    pub act_compat: bool,
}

impl Default for GmlOptions {
    fn default() -> Self {
        GmlOptions {
            convert_missing: true,
            act_compat: false,
        }
    }
}

/// ACT 2.3.4's CO2 long name (its copy-paste from the CO reader).
const ACT_CO2_LONG: &str = "Carbon monoxide in dry air";

/// [`read_gml`] with `opts`; `datatype` as there.
pub fn read_gml_with(path: impl AsRef<Path>, datatype: Option<GmlType>, opts: &GmlOptions) -> Result<Dataset> {
    let path = path.as_ref();
    let kind = match datatype {
        Some(k) => Some(k),
        None => GmlType::from_file_name(&crate::util::file_name(path)),
    };
    let mut ds = read_gml(path, kind, opts.convert_missing)?;
    if opts.act_compat
        && let Some(k) = kind
    {
        relabel_as_act(&mut ds, k).map_err(|e| crate::error::TextError::dataset(path, e))?;
    }
    Ok(ds)
}

fn relabel_as_act(ds: &mut Dataset, kind: GmlType) -> atmokit_core::Result<()> {
    if !matches!(kind, GmlType::Met | GmlType::Radiation | GmlType::Co2) {
        return Ok(());
    }
    let names: Vec<String> = ds.data_var_names().into_iter().map(str::to_string).collect();
    for n in &names {
        let v = ds.get_mut(n)?;
        if let Data::F64(a) = v.data_mut() {
            a.mapv_inplace(|x| x as f32 as f64);
        }
    }
    match kind {
        GmlType::Met => {
            for (ours, act) in [
                ("relative_humidity", "realitive_humidity"),
                ("precipitation_intensity", "preciptation_intensity"),
            ] {
                if ds.contains(ours) {
                    ds.rename(ours, act)?;
                }
            }
        }
        GmlType::Co2 => {
            for n in ["co2", "co2_std_dev"] {
                if let Ok(v) = ds.get_mut(n) {
                    v.attrs_mut().insert("long_name".into(), ACT_CO2_LONG.into());
                }
            }
            if let Ok(v) = ds.get_mut("qc_co2") {
                let l = format!("Quality check results on field: {ACT_CO2_LONG}");
                v.attrs_mut().insert("long_name".into(), l.into());
            }
            if let Ok(v) = ds.get_mut("longitude") {
                let l = "Latitude at which air sample was collected";
                v.attrs_mut().insert("long_name".into(), l.into());
            }
            if let Ok(v) = ds.get_mut("elevation") {
                v.attrs_mut().clear();
            }
        }
        _ => {}
    }
    Ok(())
}
