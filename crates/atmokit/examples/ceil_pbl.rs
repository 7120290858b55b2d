//! Mentor workflow 2: ceilometer backscatter to log space, boundary-layer height from its
//! gradient, and a time-height plot.
//!
//! ACT: `ds = act.corrections.correct_ceil(ds, var_name='backscatter')`;
//! `ds = act.retrievals.calculate_gradient_pbl(ds, parm='backscatter', smooth_dis=3, min_height=200)`;
//! `display = act.plotting.TimeSeriesDisplay(ds)`; `display.plot('backscatter')`;
//! `display.fig.savefig('ceil.png')`.
//!
//! `cargo run -p atmokit --features netcdf,plot --example ceil_pbl -- sgpceilC1.b1.20190101.000000.nc ceil.png`

use atmokit::prelude::*;

/// Correct, retrieve the PBL height (merged into the dataset), plot; returns the dataset.
pub fn workflow(input: &str, png: &str) -> atmokit::Result<Dataset> {
    let mut ds = read_arm_netcdf(&[input], &ReadOptions::default())?;
    correct_ceil(&mut ds, "backscatter", &CeilOptions::default())?;
    let opts = GradientPblOptions::new("backscatter").smooth_dis(3).min_height(200.0);
    let pbl = calculate_gradient_pbl(&ds, &opts)?;
    let ds = Dataset::merge(&[&ds, &pbl], &MergeOptions::default())?;
    save(&TimeSeriesDisplay::of(&ds, &["backscatter", "pbl_gradient"]), png)?;
    Ok(ds)
}

#[allow(dead_code)]
fn main() -> atmokit::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, png] = args.as_slice() else {
        return Err(atmokit::core::Error::invalid("usage: ceil_pbl CEIL.nc OUT.png").into());
    };
    let ds = workflow(input, png)?;
    println!("{}", ds.get("pbl_gradient")?);
    Ok(())
}
