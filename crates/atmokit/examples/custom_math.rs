//! Mentor workflow 5: custom arithmetic on the arrays: a new variable computed with ndarray,
//! an in-place edit, and the result printed.
//!
//! ACT / xarray: `ds['temp_k'] = ds['temp_mean'] + 273.15`; `ds['temp_k'].attrs['units'] = 'K'`;
//! `ds['rh_mean'].values[ds['rh_mean'].values > 100] = 100`; `print(ds['temp_k'].mean())`.
//!
//! `cargo run -p atmokit --features netcdf --example custom_math -- sgpmetE13.b1.20190101.000000.cdf`

use atmokit::prelude::*;

/// Add `temp_k` (float64, K) and clip `rh_mean` at 100 % in place; returns the dataset.
pub fn workflow(input: &str) -> atmokit::Result<Dataset> {
    let mut ds = read_arm_netcdf(&[input], &ReadOptions::default())?;
    let temp_k = ds.view::<f32>("temp_mean")?.mapv(|t| f64::from(t) + 273.15);
    ds.insert("temp_k", Variable::new(["time"], temp_k)?.with_attr("units", "K"))?;
    ds.view_mut::<f32>("rh_mean")?.mapv_inplace(|rh| rh.min(100.0));
    Ok(ds)
}

#[allow(dead_code)]
fn main() -> atmokit::Result<()> {
    let Some(input) = std::env::args().nth(1) else {
        return Err(atmokit::core::Error::invalid("usage: custom_math MET.cdf").into());
    };
    let ds = workflow(&input)?;
    println!("temp_k {}", ds.get("temp_k")?);
    Ok(())
}
