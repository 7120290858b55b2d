//! Mentor workflow 4: several met days as one timeseries with a QC test, plotted with the QC
//! flags and day/night shading, and the daily means.
//!
//! ACT: `ds = act.io.arm.read_arm_netcdf('sgpmetE13.b1.2019010*.cdf')`; `ds.clean.cleanup()`;
//! `ds.qcfilter.add_outside_test('temp_mean', -10, 15)`; `display = act.plotting.TimeSeriesDisplay(ds, subplot_shape=(2,))`;
//! `display.plot('temp_mean', subplot_index=(0,))`; `display.qc_flag_block_plot('temp_mean', subplot_index=(1,))`;
//! `display.fig.savefig('met.png')`; `ds['temp_mean'].resample(time='1D').mean()`.
//!
//! `cargo run -p atmokit --features netcdf,plot --example met_week -- 'met/sgpmetE13.b1.2019010*.cdf' met.png`

use atmokit::plot::{Panel, PanelKind, TimeSeriesDisplay, save};
use atmokit::prelude::*;

/// Read every file the pattern matches, test, plot; returns the dataset and the daily means of
/// `temp_mean` (NaN ignored), one per UTC day.
pub fn workflow(pattern: &str, png: &str) -> atmokit::Result<(Dataset, Vec<f64>)> {
    let mut ds = read_arm_netcdf(&[pattern], &ReadOptions::default())?;
    cleanup(&mut ds, &CleanupOptions::default())?;
    add_outside_test(&mut ds, "temp_mean", -10.0, 15.0, &TestOptions::default())?;
    let fig = TimeSeriesDisplay::new(&ds)
        .panel(Panel::new("temp_mean").qc(true).day_night(true))
        .panel(Panel::new("temp_mean").kind(PanelKind::FlagBlock));
    save(&fig, png)?;
    let daily = ds.resample(86_400_000_000_000, Stat::Mean)?;
    let means = daily.values_f64("temp_mean")?;
    Ok((ds, means))
}

#[allow(dead_code)]
fn main() -> atmokit::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pattern, png] = args.as_slice() else {
        return Err(atmokit::core::Error::invalid("usage: met_week 'FILES*.cdf' OUT.png").into());
    };
    let (_, means) = workflow(pattern, png)?;
    println!("daily mean temp_mean: {means:.3?}");
    Ok(())
}
