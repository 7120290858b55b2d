//! Mentor workflow 2: ceilometer backscatter to log space, boundary-layer height from its
//! gradient, and a time-height plot.
//!
//! ACT: `ds = act.corrections.correct_ceil(ds, var_name='backscatter')`;
//! `ds = act.retrievals.calculate_gradient_pbl(ds, parm='backscatter', smooth_dis=3, min_height=200)`;
//! `display = act.plotting.TimeSeriesDisplay(ds)`; `display.plot('backscatter')`;
//! `display.fig.savefig('ceil.png')`.
//!
//! `cargo run -p atmokit --features netcdf,plot --example ceil_pbl -- sgpceilC1.b1.20190101.000000.nc ceil.png`

use atmokit::plot::{Panel, TimeSeriesDisplay, save};
use atmokit::prelude::*;

/// Correct, retrieve the PBL height (merged into the dataset), plot; returns the dataset.
pub fn workflow(input: &str, png: &str) -> atmokit::Result<Dataset> {
    let mut ds = read_arm_netcdf(&[input], &ReadOptions::default())?;
    correct_ceil(&mut ds, "backscatter", 1e-7)?;
    let opts = GradientPblOptions {
        parm: "backscatter".into(),
        min_height: 200.0,
        smooth_dis: 3,
        ..Default::default()
    };
    let pbl = calculate_gradient_pbl(&ds, &opts)?;
    let ds = Dataset::merge(&[&ds, &pbl], &MergeOptions::default())?;
    save(
        &TimeSeriesDisplay::new(&ds)
            .panel(Panel::new("backscatter"))
            .panel(Panel::new("pbl_gradient")),
        png,
    )?;
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
